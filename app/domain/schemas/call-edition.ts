// The CCAS's forms for a call's editions (/ccas/appels/:slug), shared by the browser and the server.
// Lists (axes, events, FAQ…) are sent as rows `items[0].label`: a row is kept, changed or removed
// (its « Supprimer » box), a blank new row is ignored, and rows are stored in the order of their
// position number. Required fields are checked row by row, so that a blank new row is no error.
import * as z from "~/utils/zod";
import type { CallStatus } from "../call-status";
import { BUDGET_CATEGORIES } from "../taxonomy";
import {
  DATE_YEARS,
  calendarDay,
  inDateYears,
  isCalendarDay,
  optionalText,
  requiredLine,
  requiredText,
  whenValid,
} from "./fields";

const int = (label: string, min: number, max: number) =>
  z
    .number({ message: `${label} : indiquez un nombre entier.` })
    .int(`${label} : indiquez un nombre entier.`)
    .min(min, `${label} : au moins ${min}.`)
    .max(max, `${label} : au plus ${max}.`);

/** A call's address (/ccas/appels/…, the preview, /api/calls): lower-case words joined by dashes. */
export const CALL_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const CallGeneralSchema = z.object({
  slug: z
    .string({ message: "Adresse de l'appel : ce champ est obligatoire." })
    .trim()
    .min(3, "Adresse de l'appel : 3 caractères au moins.")
    .max(80, "Adresse de l'appel : 80 caractères au maximum.")
    .regex(
      CALL_SLUG,
      "Adresse de l'appel : lettres minuscules sans accent, chiffres et tirets, par exemple « nantes-isolement-2026 ».",
    ),
  title: requiredLine("Titre", 250),
  shortTitle: requiredLine("Titre court", 120),
  summary: requiredText("Introduction", 3000),
  organiser: requiredText("Organisateur", 200),
  audience: requiredText("Qui peut candidater", 2000),
});

export const CallParametersSchema = z
  .object({
    yearlyEnvelope: int("Enveloppe annuelle", 1, 100_000_000),
    minLaureates: int("Nombre minimum de lauréats", 1, 100),
    maxLaureates: int("Nombre maximum de lauréats", 1, 100),
    durationMonths: int("Durée des projets", 1, 120),
    fundingYears: int("Nombre d'années de financement", 1, 10),
    latestStart: calendarDay("la date de démarrage au plus tard"),
    latestStartLabel: requiredText("Démarrage au plus tard, en toutes lettres", 200),
    fundingNote: requiredText("Modalités de versement", 2000),
    minMembers: int("Nombre minimum de membres", 2, 50),
  })
  .superRefine(
    (value, ctx) => {
      if (value.maxLaureates < value.minLaureates)
        ctx.addIssue({
          code: "custom",
          path: ["maxLaureates"],
          message: "Nombre maximum de lauréats : il doit être au moins égal au minimum.",
        });
    },
    whenValid("minLaureates", "maxLaureates"),
  );

export const WEIGHT_FIELDS = [
  { name: "fixesSectors", label: "Ajoute un 2ᵉ secteur qui manque (fixes-sectors)", max: 100 },
  { name: "newSector", label: "Apporte un nouveau secteur (new-sector)", max: 100 },
  { name: "soughtSector", label: "Secteur recherché (sought-sector)", max: 100 },
  { name: "offersResource", label: "Propose une ressource recherchée, par ressource (offers-resource)", max: 100 },
  { name: "offersResourceMax", label: "Ressources comptées au plus", max: 10 },
  { name: "sameQuartier", label: "Même quartier (same-quartier)", max: 100 },
  { name: "wholeCity", label: "Agit sur toute la ville (whole-city)", max: 100 },
  { name: "sameSubAxis", label: "Même sous-axe, par sous-axe (same-sub-axis)", max: 100 },
  { name: "sameSubAxisMax", label: "Sous-axes comptés au plus", max: 10 },
  { name: "economicWorld", label: "Apporte le monde économique (economic-world)", max: 100 },
] as const;

export const CallWeightsSchema = z.object({
  fixesSectors: int("Points « ajoute un 2ᵉ secteur »", 0, 100),
  newSector: int("Points « nouveau secteur »", 0, 100),
  soughtSector: int("Points « secteur recherché »", 0, 100),
  offersResource: int("Points « ressource recherchée »", 0, 100),
  offersResourceMax: int("Ressources comptées au plus", 0, 10),
  sameQuartier: int("Points « même quartier »", 0, 100),
  wholeCity: int("Points « toute la ville »", 0, 100),
  sameSubAxis: int("Points « même sous-axe »", 0, 100),
  sameSubAxisMax: int("Sous-axes comptés au plus", 0, 10),
  economicWorld: int("Points « monde économique »", 0, 100),
});

// --- Lists ------------------------------------------------------------------------------------

const position = z.number({ message: "Position : indiquez un nombre." }).int("Position : indiquez un nombre entier.").optional();
const remove = z.boolean().default(false);

type Ctx = z.RefinementCtx;
type Required = readonly (readonly [field: string, label: string])[];

/** A row nobody filled: no id and no value typed. */
function isBlank(row: Record<string, unknown>, fields: readonly string[]) {
  return !row.id && fields.every((field) => row[field] === undefined || row[field] === "" || row[field] === false);
}

function requireFields(row: Record<string, unknown>, index: number, fields: Required, ctx: Ctx, list: string) {
  for (const [field, label] of fields) {
    if (row[field] === undefined || row[field] === "")
      ctx.addIssue({ code: "custom", path: [list, index, field], message: `${label} : ce champ est obligatoire.` });
  }
}

/** The rows kept (not removed, not blank), in the order of their position, then as sent. */
function keptRows<Row extends { remove: boolean; position?: number | undefined }>(rows: Row[], fields: readonly string[]) {
  return rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => !row.remove && !isBlank(row, fields))
    .sort((a, b) => (a.row.position ?? a.index + 1) - (b.row.position ?? b.index + 1) || a.index - b.index)
    .map(({ row }) => row);
}

/** Checks each row that is kept, and that a code is given once only. */
function checkRows<Row extends Record<string, unknown> & { remove: boolean }>(
  rows: Row[],
  list: string,
  fields: readonly string[],
  required: Required,
  ctx: Ctx,
  uniqueCode?: { field: string; label: string },
) {
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    if (row.remove || isBlank(row, fields)) return;
    requireFields(row, index, required, ctx, list);
    if (uniqueCode) {
      const code = row[uniqueCode.field];
      if (typeof code !== "string" || !code) return;
      if (seen.has(code))
        ctx.addIssue({
          code: "custom",
          path: [list, index, uniqueCode.field],
          message: `${uniqueCode.label} : le code ${code} est déjà utilisé dans cet appel.`,
        });
      seen.add(code);
    }
  });
}

export const AXIS_CODE = /^[1-9]\d?$/;
export const SUB_AXIS_CODE = /^([1-9]\d?)\.([1-9]\d?)$/;

const AxisRow = z.object({
  id: z.string().optional(),
  code: z.string().trim().regex(AXIS_CODE, "Code de l'axe : un nombre, par exemple 3.").optional(),
  title: optionalText("Titre de l'axe", 250),
  summary: optionalText("Description de l'axe", 2000),
  position,
  remove,
});

const SubAxisRow = z.object({
  id: z.string().optional(),
  code: z
    .string()
    .trim()
    .regex(SUB_AXIS_CODE, "Code du sous-axe : le code de son axe, un point et un nombre, par exemple 2.4.")
    .optional(),
  title: optionalText("Titre du sous-axe", 250),
  summary: optionalText("Description du sous-axe", 2000),
  /** One action a line. */
  actions: optionalText("Actions", 5000),
  position,
  remove,
});

const AXIS_FIELDS = ["code", "title", "summary"] as const;
const SUB_AXIS_FIELDS = ["code", "title", "summary", "actions"] as const;

export const CallAxesSchema = z
  .object({ axes: z.array(AxisRow).default([]), subAxes: z.array(SubAxisRow).default([]) })
  .superRefine((value, ctx) => {
    checkRows(
      value.axes,
      "axes",
      AXIS_FIELDS,
      [
        ["code", "Code de l'axe"],
        ["title", "Titre de l'axe"],
      ],
      ctx,
      {
        field: "code",
        label: "Code de l'axe",
      },
    );
    checkRows(
      value.subAxes,
      "subAxes",
      SUB_AXIS_FIELDS,
      [
        ["code", "Code du sous-axe"],
        ["title", "Titre du sous-axe"],
        ["summary", "Description du sous-axe"],
      ],
      ctx,
      { field: "code", label: "Code du sous-axe" },
    );
    const axisCodes = new Set(keptRows(value.axes, AXIS_FIELDS).map((axis) => axis.code));
    if (axisCodes.size === 0)
      ctx.addIssue({ code: "custom", path: ["axes"], message: "Axes : l'appel doit avoir au moins un axe." });
    value.subAxes.forEach((row, index) => {
      if (row.remove || isBlank(row, SUB_AXIS_FIELDS) || !row.code) return;
      const axis = SUB_AXIS_CODE.exec(row.code)?.[1];
      if (axis && !axisCodes.has(axis))
        ctx.addIssue({
          code: "custom",
          path: ["subAxes", index, "code"],
          message: `Code du sous-axe : ${row.code} doit se trouver sous un axe de l'appel, et l'axe ${axis} n'existe pas.`,
        });
    });
  });

/** The rows kept, as the model stores them. */
export const readCallAxes = (value: z.output<typeof CallAxesSchema>) => ({
  axes: keptRows(value.axes, AXIS_FIELDS).map((axis) => ({
    id: axis.id || undefined,
    code: axis.code!,
    title: axis.title!,
    summary: axis.summary ?? "",
  })),
  subAxes: keptRows(value.subAxes, SUB_AXIS_FIELDS).map((subAxis) => ({
    id: subAxis.id || undefined,
    code: subAxis.code!,
    axisCode: SUB_AXIS_CODE.exec(subAxis.code!)![1]!,
    title: subAxis.title!,
    summary: subAxis.summary!,
    actions: (subAxis.actions ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  })),
  /** The ids of the rows whose « Supprimer » box was checked. */
  removedAxisIds: value.axes.filter((axis) => axis.remove && axis.id).map((axis) => axis.id!),
  removedSubAxisIds: value.subAxes.filter((subAxis) => subAxis.remove && subAxis.id).map((subAxis) => subAxis.id!),
});
export type CallAxesInput = ReturnType<typeof readCallAxes>;

export const EVENT_KINDS = [
  { code: "publication", label: "Publication de l'appel" },
  { code: "webinar", label: "Webinaire d'information" },
  { code: "deadline", label: "Date limite de dépôt" },
  { code: "interviews", label: "Auditions" },
  { code: "results", label: "Résultats" },
  { code: "first-payment", label: "Premier versement" },
] as const;

export const EVENT_PRECISIONS = [
  { code: "datetime", label: "Jour et heure" },
  { code: "date", label: "Jour seulement" },
  { code: "approximate", label: "Approximative (texte libre)" },
] as const;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeField = (label: string) =>
  z.string().trim().regex(TIME, `${label} : une heure au format hh:mm, par exemple 18:00.`).optional();
const dayField = (label: string) =>
  z
    .string()
    .trim()
    .refine(isCalendarDay, `${label} : un jour qui existe, au format aaaa-mm-jj.`)
    .refine(
      (day) => !isCalendarDay(day) || inDateYears(day),
      `${label} : une date entre ${DATE_YEARS.first} et ${DATE_YEARS.last}.`,
    )
    .optional();

const EventRow = z.object({
  kind: z
    .enum(EVENT_KINDS.map((kind) => kind.code) as [string, ...string[]], {
      message: "Type d'étape : choisissez une valeur de la liste.",
    })
    .optional(),
  title: optionalText("Intitulé", 250),
  startDate: dayField("Date de début"),
  startTime: timeField("Heure de début"),
  endDate: dayField("Date de fin"),
  endTime: timeField("Heure de fin"),
  precision: z
    .enum(EVENT_PRECISIONS.map((item) => item.code) as [string, ...string[]], {
      message: "Précision : choisissez une valeur de la liste.",
    })
    .optional(),
  whenText: optionalText("Date en toutes lettres", 200),
  position,
  remove,
});
const EVENT_FIELDS = ["kind", "title", "startDate", "startTime", "endDate", "endTime", "whenText"] as const;

/** Dates and times are Paris wall-clock time; the model turns them into instants. */
export const CallEventsSchema = z.object({ items: z.array(EventRow).default([]) }).superRefine((value, ctx) => {
  checkRows(
    value.items,
    "items",
    EVENT_FIELDS,
    [
      ["kind", "Type d'étape"],
      ["title", "Intitulé"],
      ["startDate", "Date de début"],
      ["precision", "Précision"],
    ],
    ctx,
  );
  const kept = value.items.map((row, index) => ({ row, index })).filter(({ row }) => !row.remove && !isBlank(row, EVENT_FIELDS));
  const deadlines = kept.filter(({ row }) => row.kind === "deadline");
  if (deadlines.length !== 1)
    ctx.addIssue({
      code: "custom",
      path: ["items"],
      message: "Calendrier : l'appel doit avoir une et une seule date limite de dépôt.",
    });
  for (const { row, index } of deadlines) {
    if (!row.startTime)
      ctx.addIssue({
        code: "custom",
        path: ["items", index, "startTime"],
        message: "Heure de début : indiquez l'heure de la date limite (heure de Paris), par exemple 18:00.",
      });
    // The deadline is applied to the minute: a day alone or words would not say when filing closes.
    if (row.precision && row.precision !== "datetime")
      ctx.addIssue({
        code: "custom",
        path: ["items", index, "precision"],
        message: "Précision : la date limite est toujours une date et une heure précises (choisissez « Jour et heure »).",
      });
  }
  if (kept.filter(({ row }) => row.kind === "publication").length > 1)
    ctx.addIssue({ code: "custom", path: ["items"], message: "Calendrier : une seule date de publication." });
  for (const { row, index } of kept) {
    if (row.precision === "approximate" && !row.whenText)
      ctx.addIssue({
        code: "custom",
        path: ["items", index, "whenText"],
        message: "Date en toutes lettres : obligatoire pour une date approximative, par exemple « courant octobre 2025 ».",
      });
    if (row.endTime && !row.endDate && !row.startDate) continue;
    const start = `${row.startDate ?? ""}T${row.startTime ?? "00:00"}`;
    const end = `${row.endDate ?? row.startDate ?? ""}T${row.endTime ?? "23:59"}`;
    if ((row.endDate || row.endTime) && end < start)
      ctx.addIssue({
        code: "custom",
        path: ["items", index, "endDate"],
        message: "Date de fin : elle doit venir après le début.",
      });
  }
});

/** The rows kept, as the model stores them. */
export const readCallEvents = (value: z.output<typeof CallEventsSchema>) =>
  keptRows(value.items, EVENT_FIELDS).map((row) => ({
    kind: row.kind!,
    title: row.title!,
    startDate: row.startDate!,
    startTime: row.startTime,
    endDate: row.endDate,
    endTime: row.endTime,
    precision: row.precision!,
    whenText: row.whenText,
  }));
export type CallEventsInput = ReturnType<typeof readCallEvents>;

const ExpenseRow = z.object({
  code: z
    .enum(BUDGET_CATEGORIES.map((item) => item.code) as [string, ...string[]], {
      message: "Catégorie : choisissez une valeur de la liste.",
    })
    .optional(),
  label: optionalText("Libellé", 200),
  description: optionalText("Description", 2000),
  position,
  remove,
});
const EXPENSE_FIELDS = ["code", "label", "description"] as const;

export const CallExpensesSchema = z.object({ items: z.array(ExpenseRow).default([]) }).superRefine((value, ctx) =>
  checkRows(
    value.items,
    "items",
    EXPENSE_FIELDS,
    [
      ["code", "Catégorie"],
      ["label", "Libellé"],
      ["description", "Description"],
    ],
    ctx,
    {
      field: "code",
      label: "Catégorie",
    },
  ),
);

/** The rows kept, as the model stores them. */
export const readCallExpenses = (value: z.output<typeof CallExpensesSchema>) =>
  keptRows(value.items, EXPENSE_FIELDS).map((row) => ({
    code: row.code!,
    label: row.label!,
    description: row.description!,
  }));

const DocumentRow = z.object({
  label: optionalText("Document", 250),
  description: optionalText("Description", 2000),
  perMember: z.boolean().default(false),
  position,
  remove,
});
const DOCUMENT_FIELDS = ["label", "description"] as const;

export const CallDocumentsSchema = z
  .object({ items: z.array(DocumentRow).default([]) })
  .superRefine((value, ctx) => checkRows(value.items, "items", DOCUMENT_FIELDS, [["label", "Document"]], ctx));

/** The rows kept, as the model stores them. */
export const readCallDocuments = (value: z.output<typeof CallDocumentsSchema>) =>
  keptRows(value.items, DOCUMENT_FIELDS).map((row) => ({
    label: row.label!,
    description: row.description ?? "",
    perMember: row.perMember,
  }));

const PrerequisiteRow = z.object({ text: optionalText("Prérequis", 1000), position, remove });
const PREREQUISITE_FIELDS = ["text"] as const;

export const CallPrerequisitesSchema = z
  .object({ items: z.array(PrerequisiteRow).default([]) })
  .superRefine((value, ctx) => checkRows(value.items, "items", PREREQUISITE_FIELDS, [["text", "Prérequis"]], ctx));

/** The rows kept, as the model stores them. */
export const readCallPrerequisites = (value: z.output<typeof CallPrerequisitesSchema>) =>
  keptRows(value.items, PREREQUISITE_FIELDS).map((row) => ({ text: row.text! }));

const FaqRow = z.object({ question: optionalText("Question", 500), answer: optionalText("Réponse", 5000), position, remove });
const FAQ_FIELDS = ["question", "answer"] as const;

export const CallFaqsSchema = z.object({ items: z.array(FaqRow).default([]) }).superRefine((value, ctx) =>
  checkRows(
    value.items,
    "items",
    FAQ_FIELDS,
    [
      ["question", "Question"],
      ["answer", "Réponse"],
    ],
    ctx,
  ),
);

/** The rows kept, as the model stores them. */
export const readCallFaqs = (value: z.output<typeof CallFaqsSchema>) =>
  keptRows(value.items, FAQ_FIELDS).map((row) => ({ question: row.question!, answer: row.answer! }));

export const CRITERION_CODE = /^[a-z][a-z0-9-]{0,39}$/;

const CriterionRow = z.object({
  code: z
    .string()
    .trim()
    .regex(CRITERION_CODE, "Code du critère : lettres minuscules sans accent, chiffres et tirets, par exemple « pertinence ».")
    .optional(),
  label: optionalText("Critère", 250),
  description: optionalText("Description", 2000),
  maxScore: int("Note maximale", 1, 100).optional(),
  position,
  remove,
});
const CRITERION_FIELDS = ["code", "label", "description", "maxScore"] as const;

export const CallCriteriaSchema = z.object({ items: z.array(CriterionRow).default([]) }).superRefine((value, ctx) =>
  checkRows(
    value.items,
    "items",
    CRITERION_FIELDS,
    [
      ["code", "Code du critère"],
      ["label", "Critère"],
      ["maxScore", "Note maximale"],
    ],
    ctx,
    { field: "code", label: "Code du critère" },
  ),
);

/** The rows kept, as the model stores them. */
export const readCallCriteria = (value: z.output<typeof CallCriteriaSchema>) =>
  keptRows(value.items, CRITERION_FIELDS).map((row) => ({
    code: row.code!,
    label: row.label!,
    description: row.description ?? "",
    maxScore: row.maxScore!,
  }));

const LaureateRow = z.object({
  title: optionalText("Titre du projet", 250),
  leadName: optionalText("Structure chef de file", 200),
  subAxisCode: z.string().trim().optional(),
  position,
  remove,
});
const LAUREATE_FIELDS = ["title", "leadName", "subAxisCode"] as const;

/**
 * The laureates the CCAS enters for a call whose projects were announced outside the platform:
 * each its project's title, its lead structure and one sub-axis of the call (`subAxisCodes`).
 */
export const createCallLaureatesSchema = (subAxisCodes: readonly string[]) =>
  z.object({ items: z.array(LaureateRow).default([]) }).superRefine((value, ctx) => {
    checkRows(
      value.items,
      "items",
      LAUREATE_FIELDS,
      [
        ["title", "Titre du projet"],
        ["leadName", "Structure chef de file"],
        ["subAxisCode", "Sous-axe"],
      ],
      ctx,
    );
    value.items.forEach((row, index) => {
      if (row.remove || isBlank(row, LAUREATE_FIELDS) || !row.subAxisCode) return;
      if (!subAxisCodes.includes(row.subAxisCode))
        ctx.addIssue({
          code: "custom",
          path: ["items", index, "subAxisCode"],
          message: "Sous-axe : choisissez un sous-axe de cet appel.",
        });
    });
  });

/** The rows kept, as the model stores them. */
export const readCallLaureates = (value: z.output<ReturnType<typeof createCallLaureatesSchema>>) =>
  keptRows(value.items, LAUREATE_FIELDS).map((row) => ({
    title: row.title!,
    leadName: row.leadName!,
    subAxisCode: row.subAxisCode!,
  }));
export type CallLaureatesInput = ReturnType<typeof readCallLaureates>;

export const CALL_STATUS_LABELS = {
  brouillon: "Brouillon (non publié)",
  "a-venir": "À venir",
  ouvert: "Ouvert",
  clos: "Clos",
  resultats: "Résultats publiés",
} as const satisfies Record<CallStatus, string>;

/** « Préparer un nouvel appel »: the call copied. */
export const CopyCallSchema = z.object({ sourceSlug: requiredText("Appel à copier", 200) });

/** Moving an idea (and its groupement) to the newly published call: the sub-axes chosen again. */
export const createMoveSchema = (subAxisCodes: readonly string[]) =>
  z.object({
    subAxes: z
      .array(z.string())
      .default([])
      .refine((codes) => codes.length > 0, "Sous-axes : cochez au moins un sous-axe du nouvel appel.")
      .refine(
        (codes) => codes.every((code) => subAxisCodes.includes(code)),
        "Sous-axes : choisissez parmi ceux du nouvel appel.",
      ),
  });
