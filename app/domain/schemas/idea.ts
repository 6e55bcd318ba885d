import * as z from "~/utils/zod";
import { localDay } from "../format";
import { QUARTIERS, RESOURCES, SECTORS } from "../taxonomy";
import {
  calendarDate,
  codeOf,
  codesOf,
  optionalText,
  refuseBothTerritories,
  requiredLine,
  requiredText,
  whenValid,
} from "./fields";

export const IDEA_STAGES = [
  { code: "draft", label: "Brouillon" },
  { code: "looking-for-partners", label: "Recherche de partenaires" },
  { code: "groupement-formed", label: "Groupement constitué" },
  { code: "applied", label: "Candidature déposée" },
  { code: "laureate", label: "Lauréat" },
  { code: "archived", label: "Archivé" },
] as const;

/** The stages a published idea may be at: « brouillon » keeps an idea from going to the CCAS, so it is never public. */
export const PUBLIC_IDEA_STAGES = IDEA_STAGES.filter((stage) => stage.code !== "draft");

export const TARGET_TAGS = [
  { code: "working-poor", label: "Travailleurs pauvres" },
  { code: "isolated-at-home", label: "Personnes isolées à domicile" },
  { code: "night-shift-workers", label: "Travailleurs de nuit ou en horaires décalés" },
  { code: "single-parents", label: "Parents seuls" },
  { code: "carers", label: "Aidants familiaux" },
  { code: "elderly", label: "Personnes âgées" },
] as const;

export const SUMMARY_MAX = 300;

/** Why the call asks both: shown beside the two boxes and when publication is refused. */
export const ISOLATION_AND_PRECARITY_REASON =
  "L'appel ne retient que les projets qui agissent à la fois sur l'isolement social et sur la précarité.";

const buildIdeaSchema = (subAxisCodes: readonly string[]) =>
  z
    .object({
      title: requiredLine("Titre", 150),
      summary: requiredText("Résumé", SUMMARY_MAX),
      description: requiredText("Description", 8000),
      subAxes: z
        .array(z.string())
        .default([])
        .refine((codes) => codes.length > 0, "Sous-axes : cochez au moins un sous-axe de l'appel.")
        .refine((codes) => codes.every((code) => subAxisCodes.includes(code)), "Sous-axes : choisissez parmi ceux de l'appel."),
      addressesIsolation: z.boolean().default(false),
      addressesPrecarity: z.boolean().default(false),
      targetPublic: requiredText("Public visé", 1000),
      tags: codesOf(TARGET_TAGS, "Publics"),
      wholeCity: z.boolean().default(false),
      quartiers: codesOf(QUARTIERS, "Quartiers"),
      sectorsSought: codesOf(SECTORS, "Secteurs recherchés"),
      resourcesSought: codesOf(RESOURCES, "Ressources recherchées"),
      expectedStart: calendarDate("la date de démarrage envisagée").optional(),
      stage: codeOf(IDEA_STAGES, "Étape").default("looking-for-partners"),
    })
    .superRefine(
      (value, ctx) => {
        if (!value.wholeCity && value.quartiers.length === 0) {
          ctx.addIssue({
            code: "custom",
            path: ["quartiers"],
            message: "Territoire : cochez « toute la ville » ou au moins un quartier.",
          });
        }
      },
      whenValid("wholeCity", "quartiers"),
    )
    .superRefine(refuseBothTerritories, whenValid("wholeCity", "quartiers"));

/** Built schemas, per list of sub-axes (a handful: one per call). */
const ideaSchemas = new Map<string, ReturnType<typeof buildIdeaSchema>>();

/**
 * The idea form's schema for these sub-axes. Building a zod schema costs more than parsing with
 * it, and each save and each view of the form asks for one: it is built once per list of codes.
 */
export function createIdeaSchema(subAxisCodes: readonly string[]) {
  const key = subAxisCodes.join("\n");
  let schema = ideaSchemas.get(key);
  if (!schema) {
    if (ideaSchemas.size >= 20) ideaSchemas.clear();
    schema = buildIdeaSchema(subAxisCodes);
    ideaSchemas.set(key, schema);
  }
  return schema;
}

export type IdeaInput = z.output<ReturnType<typeof createIdeaSchema>>;

export const PAST_START_MESSAGE = "Démarrage envisagé : indiquez une date à venir (aujourd'hui ou plus tard).";

/**
 * « Démarrage envisagé » before today: a slip (2025 for 2026) that would be published as it is.
 * The date the idea already has is kept whatever its day (a project under way, a laureate).
 * `today` and `kept` are days "YYYY-MM-DD" (Paris).
 */
export function pastStartProblem(start: unknown, kept: string | undefined, today: string): string | null {
  // Zod runs this refinement even when the date itself was refused: then there is nothing to add.
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) return null;
  const day = start.toISOString().slice(0, 10);
  return day < today && day !== kept ? PAST_START_MESSAGE : null;
}

/** The idea form's schemas built, per sub-axes, date kept and day: a few hundred at the most. */
const FORM_SCHEMAS_KEPT = 256;
const formSchemas = new Map<string, ReturnType<typeof buildIdeaFormSchema>>();

/**
 * The idea form's schema, as the form and its actions check it: `createIdeaSchema`'s and a start
 * to come (`pastStartProblem`; `kept`: the date the idea has, if any). Stored pending changes are
 * read with `createIdeaSchema` alone: a date to come when sent may be past when the CCAS reads it.
 */
export function ideaFormSchema(subAxisCodes: readonly string[], kept?: string, today = localDay(new Date())) {
  // The same schema object for the same arguments: conform keeps what it derives from a schema
  // (its coercion, the fields' constraints) per object, and built anew for each request, an idea's
  // form derived them all again at each send and each render.
  const key = `${subAxisCodes.join(" ")}|${kept ?? ""}|${today}`;
  let schema = formSchemas.get(key);
  if (!schema) {
    if (formSchemas.size >= FORM_SCHEMAS_KEPT) formSchemas.clear();
    schema = buildIdeaFormSchema(subAxisCodes, kept, today);
    formSchemas.set(key, schema);
  }
  return schema;
}

function buildIdeaFormSchema(subAxisCodes: readonly string[], kept: string | undefined, today: string) {
  // Said with the other fields' errors (whenValid), not only once they are fixed.
  return createIdeaSchema(subAxisCodes).superRefine((value, ctx) => {
    const problem = pastStartProblem(value.expectedStart, kept, today);
    if (problem) ctx.addIssue({ code: "custom", path: ["expectedStart"], message: problem });
  }, whenValid("expectedStart"));
}

/** What keeps an idea from going to the CCAS: a draft stage, or not acting on both isolation and precarity. */
export function ideaPublicationProblems(idea: {
  stage: string;
  addressesIsolation: boolean;
  addressesPrecarity: boolean;
}): string[] {
  const problems: string[] = [];
  if (!idea.addressesIsolation || !idea.addressesPrecarity) {
    problems.push(`${ISOLATION_AND_PRECARITY_REASON} Cochez les deux cases pour publier l'idée.`);
  }
  if (idea.stage === "draft") problems.push("L'idée est à l'étape « brouillon » : changez d'étape pour l'envoyer au CCAS.");
  return problems;
}

export const StageSchema = z.object({ intent: z.literal("stage"), stage: codeOf(IDEA_STAGES, "Étape") });

export const InterestSchema = z.object({
  organisationId: z
    .string({ message: "Choisissez la structure au nom de laquelle vous écrivez." })
    .min(1, "Choisissez la structure au nom de laquelle vous écrivez."),
  resources: codesOf(RESOURCES, "Ressources"),
  message: requiredText("Message", 2000).refine((text) => text.length >= 10, "Message : présentez-vous en quelques mots."),
});

export const DecideInterestSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), interestId: z.string().min(1) }),
  z.object({ intent: z.literal("decline"), interestId: z.string().min(1), reason: optionalText("Motif", 500) }),
]);

export const ReportSchema = z.object({
  entityType: z.enum(["organisation", "offer", "idea"], { message: "Élément à signaler inconnu." }),
  entityId: z.string().min(1, "Élément à signaler inconnu."),
  reason: requiredText("Motif", 1000).refine(
    (text) => text.length >= 10,
    "Motif : expliquez en quelques mots ce qui pose problème.",
  ),
});

export const NOTIFICATION_MODES = [
  { code: "immediate", label: "Un e-mail à chaque fois" },
  { code: "daily", label: "Un résumé quotidien" },
  { code: "none", label: "Aucun e-mail (je consulte la messagerie et mes alertes)" },
] as const;

export const NotificationModeSchema = z.object({
  intent: z.literal("notifications"),
  mode: codeOf(NOTIFICATION_MODES, "Notifications"),
});
