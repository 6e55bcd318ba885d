import { checkEligibility, type CallParameters, type EligibilityResult } from "~/domain/eligibility";
import {
  RULE_STATUS_LABELS,
  toEligibilityInput,
  type Groupement,
  type GroupementBudget,
  type GroupementProject,
} from "~/domain/groupement";

export function EligibilityPanel({ result, preview }: { result: EligibilityResult; preview: boolean }) {
  const failures = result.rules.filter((rule) => rule.status === "fail").length;
  return (
    <section className="eligibility" aria-labelledby="eligibilite" aria-live="polite">
      <h2 id="eligibilite">Règles de l'appel</h2>
      <p className={`status ${result.eligible ? "status-open" : "status-closed"}`} data-testid="eligibility-verdict">
        <strong>
          {result.eligible
            ? "Le groupement est éligible"
            : `Pas encore éligible : ${failures} règle${failures > 1 ? "s" : ""} bloquante${failures > 1 ? "s" : ""}`}
        </strong>
        {preview ? " (aperçu avant enregistrement)" : ""}
      </p>
      <ul className="rules">
        {result.rules.map((rule) => (
          <li key={rule.id} data-status={rule.status} data-rule={rule.id}>
            <span className="rule-status">{RULE_STATUS_LABELS[rule.status]}</span> {rule.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Recomputes the rules in the browser from what is being typed in the project and budget forms:
 * the mapping and the engine are the server's own, only the values come from the forms.
 */
export function previewEligibility(
  saved: Groupement,
  call: CallParameters,
  projectForm: HTMLFormElement | null,
  budgetForm: HTMLFormElement | null,
): EligibilityResult {
  return checkEligibility(
    toEligibilityInput({
      project: projectForm ? projectFrom(new FormData(projectForm)) : saved.project,
      budget: budgetForm ? budgetFrom(new FormData(budgetForm)) : saved.budget,
      members: saved.members,
    }),
    call,
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");
/** An empty or unreadable number field counts as 0 while typing. */
const amount = (form: FormData, name: string) => Number(form.get(name) || 0);

function projectFrom(form: FormData): GroupementProject {
  return {
    title: text(form, "title"),
    subAxes: form.getAll("subAxes").map(String),
    addressesIsolation: form.get("addressesIsolation") === "on",
    addressesPrecarity: form.get("addressesPrecarity") === "on",
    wholeCity: form.get("wholeCity") === "on",
    quartiers: form.getAll("quartiers").map(String),
    startDate: text(form, "startDate"),
    durationMonths: amount(form, "durationMonths"),
    cooperation: text(form, "cooperation"),
    cooperationJustification: text(form, "cooperationJustification"),
    beneficiaries: amount(form, "beneficiaries"),
    replicability: text(form, "replicability"),
  };
}

function budgetFrom(form: FormData): GroupementBudget {
  return {
    operating: amount(form, "operating"),
    participation: amount(form, "participation"),
    equipment: amount(form, "equipment"),
  };
}
