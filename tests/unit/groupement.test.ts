// The one project → eligibility input mapping (~/domain/groupement), and what the panel and the
// application file say from it (~/domain/groupement-assessment), as the workspace loader, the
// browser's preview and the exported file use them: a groupement as the workspace holds it.
import { documentState } from "~/domain/groupement-documents";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nantesIsolement2025 } from "~/domain/calls/nantes-isolement-2025";
import { callParameters, checkEligibility, type RuleId } from "~/domain/eligibility";
import { toEligibilityInput, type Groupement, type GroupementMember } from "~/domain/groupement";
import { assessGroupement, type DossierItem } from "~/domain/groupement-assessment";
import { GroupementFileSchema } from "~/domain/schemas/groupement";

const call = callParameters(nantesIsolement2025);

const member = (overrides: Partial<GroupementMember>): GroupementMember => ({
  name: "Membre",
  sector: "associatif",
  kind: "association",
  isLead: false,
  status: "active",
  subsidyShare: 0,
  resources: [],
  commitment: "convention",
  role: "",
  confirmed: true,
  ...overrides,
});

/** "Veilleurs du Nord" as the workspace holds it once the lead has filled everything in. */
function veilleurs(
  overrides: { project?: Partial<Groupement["project"]>; budget?: Groupement["budget"]; members?: GroupementMember[] } = {},
): Groupement {
  return {
    project: {
      title: "Veilleurs du Nord",
      subAxes: ["2.1"],
      addressesIsolation: true,
      addressesPrecarity: true,
      wholeCity: false,
      quartiers: ["nantes-nord"],
      startDate: "2026-03-01",
      durationMonths: 24,
      cooperation: "new",
      cooperationJustification: "Trois structures qui n'avaient jamais travaillé ensemble.",
      beneficiaries: 250,
      replicability: "",
      ...overrides.project,
    },
    budget: overrides.budget ?? { operating: 90_000, participation: 40_000, equipment: 10_000 },
    members: overrides.members ?? [
      member({ name: "Les Voisins du Nord", isLead: true, subsidyShare: 100_000, resources: ["competences"] }),
      member({
        name: "Habitat Exemple",
        sector: "habitat",
        kind: "bailleur-social",
        subsidyShare: 40_000,
        resources: ["locaux"],
        commitment: "lettre-engagement",
      }),
      member({
        name: "Café Exemple",
        sector: "economique",
        kind: "entreprise",
        resources: ["locaux"],
        commitment: "lettre-engagement",
      }),
    ],
  };
}

const verdict = (groupement: Groupement) => checkEligibility(toEligibilityInput(groupement), call);
const ruleOf = (groupement: Groupement, id: RuleId) => verdict(groupement).rules.find((rule) => rule.id === id)!;

describe("toEligibilityInput", () => {
  it("finds a complete groupement eligible, and its input is a valid `npm run eligibility` file", () => {
    const result = verdict(veilleurs());
    expect(result.rules.filter((rule) => rule.status !== "pass")).toEqual([]);
    expect(result.eligible).toBe(true);
    expect(GroupementFileSchema.safeParse(toEligibilityInput(veilleurs())).success).toBe(true);
  });

  it("counts only the structures that accepted: an invitation pending changes nothing", () => {
    const members = veilleurs().members;
    const invited = member({
      name: "Bibliothèque municipale",
      sector: "culturel",
      kind: "etablissement-public-ville",
      isLead: true,
      status: "invited",
      subsidyShare: 50_000,
      commitment: null,
    });
    expect(verdict(veilleurs({ members: [...members, invited] })).eligible).toBe(true);
    expect(ruleOf(veilleurs({ members: [...members, invited] }), "members.count").message).toContain("3 structures");
    // Once it accepts, it counts: a second lead, a City body with a share, and no commitment.
    const joined = verdict(veilleurs({ members: [...members, { ...invited, status: "active" }] }));
    expect(joined.eligible).toBe(false);
    expect(joined.rules.filter((rule) => rule.status === "fail").map((rule) => rule.id)).toEqual([
      "lead.single",
      "lead.not-city-body",
      "subsidy.no-company",
      "subsidy.split",
      "members.commitment",
    ]);
  });

  it("reads a project without a start date as starting too late (the panel shows it « à compléter »)", () => {
    const start = ruleOf(veilleurs({ project: { startDate: "" } }), "project.start");
    expect(start.status).toBe("fail");
    expect(ruleOf(veilleurs({ project: { startDate: "2026-07-01" } }), "project.start").status).toBe("fail");
    expect(ruleOf(veilleurs({ project: { startDate: "2026-06-30" } }), "project.start").status).toBe("pass");
  });

  it("takes the territory, the scale and the cooperation as the workspace stores them", () => {
    expect(ruleOf(veilleurs({ project: { wholeCity: true, quartiers: [] } }), "project.territory").message).toBe(
      "Le projet concerne toute la ville.",
    );
    expect(ruleOf(veilleurs({ project: { quartiers: [] } }), "project.territory").status).toBe("fail");
    expect(ruleOf(veilleurs({ project: { beneficiaries: null } }), "project.scale").status).toBe("fail");
    expect(ruleOf(veilleurs({ project: { beneficiaries: null, replicability: "Essaimage" } }), "project.scale").status).toBe(
      "pass",
    );
    // A cooperation not chosen yet (the select's empty value) is reported, not thrown.
    expect(ruleOf(veilleurs({ project: { cooperation: "" } }), "cooperation.new-or-reinforced").status).toBe("fail");
  });
});

/** Every document of the three structures, provided. */
const allDocuments: DossierItem[] = ["Fiche descriptive du projet", "A : convention", "B : comptes annuels"].map((label) => ({
  label,
  done: true,
  state: "Déposé",
}));
const assess = (groupement: Groupement, documents = allDocuments) => assessGroupement(groupement, call, documents);
const statusIn = (groupement: Groupement, id: RuleId) => assess(groupement).rules.find((rule) => rule.id === id)!.status;
const EMPTY_BUDGET = { operating: 0, participation: 0, equipment: 0 };

describe("assessGroupement", () => {
  it("calls a groupement ready only when it conforms to the rules and its dossier is complete", () => {
    const ready = assess(veilleurs());
    expect(ready).toMatchObject({ conforming: true, complete: true, ready: true, short: "Conforme aux règles" });
    expect(ready.summary.overall).toBe("Prêt à déposer : conforme aux règles et dossier complet.");
  });

  it("never calls a groupement ready while documents are missing, and says how many", () => {
    const missing = [...allDocuments, { label: "B : rapport d'activité 2024", done: false, state: "Manquant" }];
    const result = assess(veilleurs(), missing);
    expect(result).toMatchObject({ conforming: true, complete: false, ready: false });
    expect(result.missingDocuments).toEqual(["B : rapport d'activité 2024"]);
    expect(result.summary.rules).toBe("Conforme aux règles de l'appel.");
    expect(result.summary.dossier).toBe("Dossier incomplet : 1 pièce manquante.");
    expect(result.summary.overall).not.toMatch(/prêt à déposer :|éligible/i);
  });

  it("once filed, says so with its date, and names what is still missing instead of « pas encore prêt à déposer »", () => {
    const filed = assessGroupement(veilleurs(), call, allDocuments, "10 juillet 2025");
    expect(filed.summary.overall).toBe("Dossier déposé le 10 juillet 2025 : conforme aux règles et complet.");
    const [lead, habitat, cafe] = veilleurs().members;
    const missing = [...allDocuments, { label: "B : rapport d'activité 2024", done: false, state: "Manquant" }];
    const incomplete = assessGroupement(
      veilleurs({ members: [lead!, { ...habitat!, confirmed: false }, cafe!], budget: EMPTY_BUDGET }),
      call,
      missing,
      "10 juillet 2025",
    );
    expect(incomplete.summary.overall).toBe(
      "Dossier déposé le 10 juillet 2025. Il reste à compléter : 1 pièce manquante, 1 contribution à confirmer, 3 règles de l'appel à revoir.",
    );
    expect(incomplete.summary.overall).not.toMatch(/prêt à déposer/i);
  });

  it("names the structures whose contribution is not confirmed; an invited one is not counted", () => {
    const [lead, habitat, cafe] = veilleurs().members;
    const members = [
      lead!,
      { ...habitat!, confirmed: false },
      { ...cafe!, confirmed: false },
      member({ name: "Invitée", status: "invited", confirmed: false }),
    ];
    const result = assess(veilleurs({ members }));
    expect(result.unconfirmed).toEqual(["Habitat Exemple", "Café Exemple"]);
    expect(result.summary.dossier).toBe("Dossier incomplet : 2 contributions à confirmer.");
    expect(result.ready).toBe(false);
  });

  it("shows an empty budget « à compléter », neither pass nor fail, while the rules' own verdict is unchanged", () => {
    const empty = veilleurs({ budget: EMPTY_BUDGET, members: veilleurs().members.map((item) => ({ ...item, subsidyShare: 0 })) });
    // The call's rules, as `npm run eligibility` gives them: a 0 € budget passes these three.
    for (const id of ["budget.equipment", "budget.envelope", "subsidy.split"] as const) {
      expect(ruleOf(empty, id).status).toBe("pass");
      expect(statusIn(empty, id)).toBe("todo");
    }
    const result = assess(empty);
    expect(result).toMatchObject({ conforming: false, ready: false, short: "3 règles à revoir" });
    expect(result.summary.rules).toBe("Pas encore conforme aux règles de l'appel : 3 règles à revoir (3 à compléter).");
    // Once a budget is entered, the call's verdicts show as they are.
    expect(statusIn(veilleurs({ budget: { operating: 1, participation: 0, equipment: 0 } }), "subsidy.split")).toBe("fail");
  });

  it("asks for a start date rather than printing an impossible one, and for the scale when neither is given", () => {
    const result = assess(veilleurs({ project: { startDate: "", beneficiaries: null, replicability: " " } }));
    const byId = Object.fromEntries(result.rules.map((rule) => [rule.id, rule]));
    expect(byId["project.start"]).toMatchObject({ status: "todo", message: expect.stringContaining("30 juin 2026") });
    expect(byId["project.scale"]!.status).toBe("todo");
    expect(JSON.stringify(result)).not.toContain("9999");
    // A failing rule stays a failure: « à revoir » counts both.
    const late = assess(veilleurs({ project: { startDate: "2026-09-01", beneficiaries: null, replicability: "" } }));
    expect(late.counts).toMatchObject({ fail: 1, todo: 1 });
    expect(late.short).toBe("2 règles à revoir");
    expect(late.summary.rules).toBe(
      "Pas encore conforme aux règles de l'appel : 2 règles à revoir (1 bloquante, 1 à compléter).",
    );
  });

  it("differs from the call's verdict only by « à compléter », and is ready only when conforming and complete", () => {
    const euros = fc.integer({ min: 0, max: 400_000 });
    fc.assert(
      fc.property(euros, euros, euros, fc.boolean(), fc.boolean(), (operating, participation, equipment, confirmed, done) => {
        const groupement = veilleurs({
          budget: { operating, participation, equipment },
          members: veilleurs().members.map((item, index) => (index === 1 ? { ...item, confirmed } : item)),
        });
        const raw = checkEligibility(toEligibilityInput(groupement), call).rules;
        const result = assess(groupement, [{ label: "Fiche", done, state: done ? "Déposé" : "Manquant" }]);
        result.rules.forEach((rule, index) => {
          expect(rule.id).toBe(raw[index]!.id);
          if (rule.status !== "todo") expect(rule).toEqual(raw[index]);
        });
        expect(result.ready).toBe(result.conforming && confirmed && done);
        if (operating + participation + equipment > 0) expect(result.counts.todo).toBe(0);
      }),
    );
  });
});

describe("a document's state", () => {
  it("agrees with the document it is said of", () => {
    expect(documentState("project-sheet", "déposé")).toBe("Déposée");
    expect(documentState("commitment", "manquant")).toBe("Manquante");
    expect(documentState("accounts", "manquant")).toBe("Manquants");
    expect(documentState("report", "déposé")).toBe("Déposé");
  });
});
