// What the workspace's panel and the application file say about a groupement, in two separate
// answers: is it « conforme aux règles » (every rule of the call passes or only warns), and is the
// « dossier complet » (every required document is there and every partner confirmed its
// contribution). Only both together make it ready to file. Once filed, it is no longer « prêt » or
// « pas prêt à déposer »: the verdict says it was filed, and what is still missing, if anything.
//
// The rules' verdicts are checkEligibility's, unchanged (the `npm run eligibility` contract). What
// this module adds is presentation: a rule that reads something nobody has entered yet (an empty
// budget, no start date, no scale) is « à compléter », neither passed nor failed, because a 0 €
// budget that is « Conforme » before any budget was typed misleads. Pure, safe in the browser.
import { budgetTotal, checkEligibility, type CallParameters, type RuleId, type RuleStatus } from "./eligibility";
import { formatDay, formatEuros, plural } from "./format";
import { toEligibilityInput, type Groupement } from "./groupement";

/** A rule's verdict as a person reads it: the call's, or « à compléter » while its input is blank. */
export type RuleVerdict = RuleStatus | "todo";

export const RULE_VERDICT_LABELS = {
  pass: "Conforme",
  warn: "À améliorer",
  fail: "Bloquant",
  todo: "À compléter",
} as const satisfies Record<RuleVerdict, string>;

export type AssessedRule = { id: RuleId; status: RuleVerdict; message: string };

/** One required document of the application file and where it stands. */
export type DossierItem = { label: string; done: boolean; state: string };

export type Assessment = {
  rules: AssessedRule[];
  counts: Record<RuleVerdict, number>;
  /** No rule fails and none waits for an input. */
  conforming: boolean;
  /** Labels of the documents still missing. */
  missingDocuments: string[];
  /** Names of the active structures whose contribution is not confirmed by the structure itself. */
  unconfirmed: string[];
  /** Every document is there and every partner confirmed its contribution. */
  complete: boolean;
  /** Conforming and complete: the only state the page calls ready. */
  ready: boolean;
  /** « 3 règles à revoir » or « Conforme aux règles », for the short announcement next to a form. */
  short: string;
  /** One sentence each, for the panel and the application file. */
  summary: { overall: string; rules: string; dossier: string };
};

/** An empty budget has not been entered: three categories at 0 € request nothing at all. */
export function isBudgetEmpty(budget: Groupement["budget"]): boolean {
  return budgetTotal(budget) === 0;
}

const isoDay = (day: string) => formatDay(new Date(`${day}T12:00:00Z`));

/** The rules whose input is still blank, with what to fill in instead of a verdict on a blank. */
function blankInputs({ project, budget }: Groupement, call: CallParameters): Partial<Record<RuleId, string>> {
  const blanks: Partial<Record<RuleId, string>> = {};
  if (isBudgetEmpty(budget)) {
    blanks["budget.equipment"] =
      "Budget à saisir : l'équipement devra rester inférieur à la plus grande des autres catégories de dépenses.";
    blanks["budget.envelope"] =
      `Budget à saisir : la demande ne pourra pas dépasser l'enveloppe annuelle de l'appel (${formatEuros(call.yearlyEnvelope)}).`;
    blanks["subsidy.split"] = "Budget à saisir : les parts des membres devront en faire le total.";
  }
  if (!project.startDate) {
    blanks["project.start"] = `Date de démarrage à indiquer : au plus tard le ${isoDay(call.latestStart)}.`;
  }
  if (project.beneficiaries === null && project.replicability.trim() === "") {
    blanks["project.scale"] =
      "Ampleur à indiquer : le nombre de bénéficiaires attendus, ou en quoi le projet peut être reproduit à plus grande échelle.";
  }
  return blanks;
}

/**
 * The panel's and the file's verdict: the call's rules (through the one project → eligibility
 * mapping) with blank inputs « à compléter », and the dossier (documents, confirmations) beside it.
 * `filedOn` is the day the groupement was filed (« 10 juillet 2025 »), null while it is not.
 */
export function assessGroupement(
  groupement: Groupement,
  call: CallParameters,
  documents: readonly DossierItem[],
  filedOn: string | null = null,
): Assessment {
  const blanks = blankInputs(groupement, call);
  const rules = checkEligibility(toEligibilityInput(groupement), call).rules.map((rule): AssessedRule => {
    const blank = blanks[rule.id];
    return blank ? { id: rule.id, status: "todo", message: blank } : rule;
  });
  const counts: Record<RuleVerdict, number> = { pass: 0, warn: 0, fail: 0, todo: 0 };
  for (const rule of rules) counts[rule.status] += 1;
  const conforming = counts.fail === 0 && counts.todo === 0;
  const missingDocuments = documents.filter((item) => !item.done).map((item) => item.label);
  const unconfirmed = groupement.members
    .filter((member) => member.status === "active" && !member.confirmed)
    .map((member) => member.name);
  const complete = missingDocuments.length === 0 && unconfirmed.length === 0;
  const toReview = counts.fail + counts.todo;

  const rulesSentence = conforming
    ? `Conforme aux règles de l'appel${counts.warn ? ` (${plural(counts.warn, "point")} à améliorer)` : ""}.`
    : `Pas encore conforme aux règles de l'appel : ${plural(toReview, "règle")} à revoir (${[
        counts.fail ? plural(counts.fail, "bloquante") : "",
        counts.todo ? `${counts.todo} à compléter` : "",
      ]
        .filter(Boolean)
        .join(", ")}).`;
  const dossierSentence = complete
    ? "Dossier complet : toutes les pièces sont là et chaque structure a confirmé sa contribution."
    : `Dossier incomplet : ${[
        missingDocuments.length ? plural(missingDocuments.length, "pièce manquante", { many: "pièces manquantes" }) : "",
        unconfirmed.length ? plural(unconfirmed.length, "contribution à confirmer", { many: "contributions à confirmer" }) : "",
      ]
        .filter(Boolean)
        .join(", ")}.`;
  const overall =
    filedOn !== null
      ? filedSentence(filedOn, { missingDocuments, unconfirmed, toReview })
      : conforming && complete
        ? "Prêt à déposer : conforme aux règles et dossier complet."
        : conforming
          ? "Conforme aux règles, mais le dossier est incomplet : pas encore prêt à déposer."
          : "Pas encore prêt à déposer.";

  return {
    rules,
    counts,
    conforming,
    missingDocuments,
    unconfirmed,
    complete,
    ready: conforming && complete,
    short: conforming ? "Conforme aux règles" : `${plural(toReview, "règle")} à revoir`,
    summary: { overall, rules: rulesSentence, dossier: dossierSentence },
  };
}

/**
 * A filed groupement's verdict: when it was filed, then what is still missing (the panel's lines
 * below name the documents, the structures and the rules).
 */
function filedSentence(
  filedOn: string,
  { missingDocuments, unconfirmed, toReview }: { missingDocuments: string[]; unconfirmed: string[]; toReview: number },
): string {
  const missing = [
    missingDocuments.length ? plural(missingDocuments.length, "pièce manquante", { many: "pièces manquantes" }) : "",
    unconfirmed.length ? plural(unconfirmed.length, "contribution à confirmer", { many: "contributions à confirmer" }) : "",
    toReview ? `${plural(toReview, "règle de l'appel", { many: "règles de l'appel" })} à revoir` : "",
  ].filter(Boolean);
  return missing.length === 0
    ? `Dossier déposé le ${filedOn} : conforme aux règles et complet.`
    : `Dossier déposé le ${filedOn}. Il reste à compléter : ${missing.join(", ")}.`;
}
