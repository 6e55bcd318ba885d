import type { CallParameters } from "~/domain/eligibility";
import type { Groupement, GroupementBudget, GroupementProject } from "~/domain/groupement";
import { assessGroupement, RULE_VERDICT_LABELS, type Assessment, type DossierItem } from "~/domain/groupement-assessment";
import { BudgetSchema, createProjectSchema } from "~/domain/schemas/groupement-forms";
import { readNumber } from "~/utils/forms";
import type { ZodType } from "~/utils/zod";

/**
 * Where the groupement stands: « conforme aux règles » and « dossier complet » said apart, then the
 * call's rules one by one. Not a live region: the short verdict is announced next to the form being
 * edited (LiveVerdict), once typing stops, instead of this whole section on every keystroke.
 */
export function EligibilityPanel({
  assessment,
  preview,
  ignored = [],
}: {
  assessment: Assessment;
  preview: boolean;
  /** The fields typed in that the preview could not count (see previewAssessment). */
  ignored?: readonly string[];
}) {
  const { summary, unconfirmed } = assessment;
  return (
    <section className="eligibility" aria-labelledby="eligibilite">
      <h2 id="eligibilite">Règles de l'appel et dossier</h2>
      <p className={`status ${assessment.ready ? "status-open" : "status-closed"}`} data-testid="eligibility-verdict">
        <strong>{summary.overall}</strong>
        {preview ? " (aperçu avant enregistrement)" : ""}
      </p>
      {preview && ignored.length > 0 ? <p className="small">{notCounted(ignored)}</p> : null}
      <ul className="verdicts">
        <li data-testid="rules-verdict" data-ok={assessment.conforming}>
          {summary.rules}
        </li>
        <li data-testid="dossier-verdict" data-ok={assessment.complete}>
          {summary.dossier}{" "}
          {unconfirmed.length > 0
            ? `À confirmer par ${unconfirmed.length > 1 ? "chaque" : "la"} structure : ${unconfirmed.join(", ")}. `
            : ""}
          {assessment.missingDocuments.length > 0 ? <a href="#pieces">Voir les pièces manquantes</a> : null}
        </li>
      </ul>
      <ul className="rules" aria-label="Les règles une par une">
        {assessment.rules.map((rule) => (
          <li key={rule.id} data-status={rule.status} data-rule={rule.id}>
            <span className="rule-status">{RULE_VERDICT_LABELS[rule.status]}</span> {rule.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The short verdict of the form being edited, in a polite live region right by it: set once typing
 * has stopped (the workspace debounces it), empty otherwise, so a screen reader hears « 3 règles à
 * revoir » once rather than the rules section at every keystroke.
 */
export function LiveVerdict({ text }: { text: string }) {
  return (
    // Written as the forms are typed in, with JavaScript only: no empty room without it.
    <p role="status" className="live-verdict small needs-js">
      {text}
    </p>
  );
}

/**
 * Recomputes the verdict in the browser from what is being typed in the project and budget forms:
 * the mapping, the rules and the presentation are the server's own, only the values come from the
 * forms (the documents and confirmations are the saved ones).
 */
export function previewAssessment(
  saved: Groupement,
  call: CallParameters,
  documents: readonly DossierItem[],
  projectForm: HTMLFormElement | null,
  budgetForm: HTMLFormElement | null,
  filedOn: string | null,
): { assessment: Assessment; ignored: string[] } {
  const ignored: string[] = [];
  const assessment = assessGroupement(
    {
      project: projectForm ? projectFrom(new FormData(projectForm), ignored) : saved.project,
      budget: budgetForm ? budgetFrom(new FormData(budgetForm), ignored) : saved.budget,
      members: saved.members,
    },
    call,
    documents,
    filedOn,
  );
  return { assessment, ignored };
}

/** What the preview says of the fields it could not count: « Conforme » alone read as if they were fine. */
export function notCounted(ignored: readonly string[]): string {
  return `Non compté${ignored.length > 1 ? "s" : ""}, à corriger avant d'enregistrer : ${ignored.join(", ")}.`;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");
const PROJECT_FIELDS = createProjectSchema([]).shape;
const BUDGET_FIELDS = BudgetSchema.shape;
/**
 * A number field as the server reads it, with the field's own schema: one it would refuse (« 1e3 »,
 * below 0, over its maximum) counts as 0 while typing, as an empty one does (the preview counted
 * « 1e3 » as 1,000 and -50 as -50, where saving said « indiquez un montant en euros »).
 */
const amount = (form: FormData, name: string, field: ZodType<number>, label: string, ignored: string[]) => {
  const typed = text(form, name).trim();
  const read = field.safeParse(readNumber(typed));
  if (read.success) return read.data;
  if (typed !== "") ignored.push(label);
  return 0;
};

function projectFrom(form: FormData, ignored: string[]): GroupementProject {
  return {
    title: text(form, "title"),
    subAxes: form.getAll("subAxes").map(String),
    addressesIsolation: form.get("addressesIsolation") === "on",
    addressesPrecarity: form.get("addressesPrecarity") === "on",
    wholeCity: form.get("wholeCity") === "on",
    quartiers: form.getAll("quartiers").map(String),
    startDate: text(form, "startDate"),
    durationMonths: amount(form, "durationMonths", PROJECT_FIELDS.durationMonths, "Durée", ignored),
    cooperation: text(form, "cooperation"),
    cooperationJustification: text(form, "cooperationJustification"),
    // Blank is "not entered", as the server stores it.
    beneficiaries:
      text(form, "beneficiaries").trim() === ""
        ? null
        : amount(form, "beneficiaries", PROJECT_FIELDS.beneficiaries.unwrap(), "Bénéficiaires", ignored),
    replicability: text(form, "replicability"),
  };
}

function budgetFrom(form: FormData, ignored: string[]): GroupementBudget {
  return {
    operating: amount(form, "operating", BUDGET_FIELDS.operating, "Fonctionnement", ignored),
    participation: amount(form, "participation", BUDGET_FIELDS.participation, "Accompagnement et participation", ignored),
    equipment: amount(form, "equipment", BUDGET_FIELDS.equipment, "Équipement", ignored),
  };
}
