// The one project → eligibility input mapping (~/domain/groupement), as the workspace loader, the
// browser's preview and the application file use it: a groupement as the workspace holds it.
import { describe, expect, it } from "vitest";
import { nantesIsolement2025 } from "~/domain/calls/nantes-isolement-2025";
import { callParameters, checkEligibility, type RuleId } from "~/domain/eligibility";
import { toEligibilityInput, type Groupement, type GroupementMember } from "~/domain/groupement";
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
  ...overrides,
});

/** "Veilleurs du Nord" as the workspace holds it once the lead has filled everything in. */
function veilleurs(overrides: { project?: Partial<Groupement["project"]>; members?: GroupementMember[] } = {}): Groupement {
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
    budget: { operating: 90_000, participation: 40_000, equipment: 10_000 },
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

  it("reads a project without a start date as starting too late, and says so", () => {
    const start = ruleOf(veilleurs({ project: { startDate: "" } }), "project.start");
    expect(start.status).toBe("fail");
    expect(start.message).toContain("31 décembre 9999");
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
