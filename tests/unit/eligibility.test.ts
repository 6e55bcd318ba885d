import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nantesIsolement2025 } from "~/domain/calls/nantes-isolement-2025";
import {
  callParameters,
  checkEligibility,
  RULE_IDS,
  type GroupementInput,
  type GroupementMemberInput,
} from "~/domain/eligibility";
import { KINDS, SECTORS } from "~/domain/taxonomy";

const call = callParameters(nantesIsolement2025);

const member = (overrides: Partial<GroupementMemberInput> = {}): GroupementMemberInput => ({
  name: "Membre",
  sector: "associatif",
  kind: "association",
  isLead: false,
  subsidyShare: 0,
  resources: [],
  commitment: "convention",
  ...overrides,
});

function groupement(
  overrides: { project?: Partial<GroupementInput["project"]>; members?: GroupementMemberInput[] } = {},
): GroupementInput {
  return {
    project: {
      title: "Projet",
      subAxes: ["2.1"],
      addressesIsolation: true,
      addressesPrecarity: true,
      territory: { wholeCity: false, quartiers: ["nantes-nord"] },
      startDate: "2026-02-01",
      durationMonths: 24,
      cooperation: "new",
      scale: { beneficiaries: 300 },
      budget: { operating: 90_000, participation: 40_000, equipment: 10_000 },
      ...overrides.project,
    },
    members: overrides.members ?? [
      member({ name: "Asso", isLead: true, subsidyShare: 100_000 }),
      member({ name: "Bailleur", sector: "habitat", kind: "bailleur-social", subsidyShare: 40_000, resources: ["locaux"] }),
      member({ name: "Café", sector: "economique", kind: "entreprise", resources: ["locaux"] }),
    ],
  };
}

const statusOf = (input: GroupementInput, id: string) => checkEligibility(input, call).rules.find((rule) => rule.id === id)!;

describe("checkEligibility", () => {
  it("reports every rule once, in DOMAIN.md's order, and finds a sound groupement eligible", () => {
    const result = checkEligibility(groupement(), call);
    expect(result.rules.map((rule) => rule.id)).toEqual([...RULE_IDS]);
    expect(result.rules.filter((rule) => rule.status !== "pass")).toEqual([]);
    expect(result.eligible).toBe(true);
  });

  it("members.count: fails under 2, warns at exactly 2", () => {
    const [lead, second] = groupement().members;
    expect(statusOf(groupement({ members: [{ ...lead!, subsidyShare: 140_000 }] }), "members.count").status).toBe("fail");
    const two = statusOf(groupement({ members: [lead!, { ...second!, subsidyShare: 40_000 }] }), "members.count");
    expect(two.status).toBe("warn");
    expect(two.message).toMatch(/préfère davantage/);
  });

  it("members.sectors: fails with one sector", () => {
    const members = [member({ name: "A", isLead: true, subsidyShare: 140_000 }), member({ name: "B" }), member({ name: "C" })];
    expect(statusOf(groupement({ members }), "members.sectors").status).toBe("fail");
  });

  it("lead.single and lead.not-city-body", () => {
    const members = groupement().members.map((item) => ({ ...item, isLead: false }));
    expect(statusOf(groupement({ members }), "lead.single").status).toBe("fail");
    const two = groupement().members.map((item, index) => ({ ...item, isLead: index < 2 }));
    expect(statusOf(groupement({ members: two }), "lead.single").message).toMatch(/qu'un chef de file/);
    const city = groupement().members.map((item) =>
      item.isLead ? { ...item, kind: "etablissement-public-ville" as const, subsidyShare: 0 } : item,
    );
    const result = statusOf(groupement({ members: city }), "lead.not-city-body");
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/pas chef de file/);
  });

  it("subsidy.no-company: a company with a share fails; an ESS structure may receive one", () => {
    const members = groupement().members.map((item) =>
      item.name === "Café" ? { ...item, subsidyShare: 1 } : item.name === "Asso" ? { ...item, subsidyShare: 99_999 } : item,
    );
    expect(statusOf(groupement({ members }), "subsidy.no-company").status).toBe("fail");
    const ess = members.map((item) => (item.name === "Café" ? { ...item, kind: "ess" as const } : item));
    expect(statusOf(groupement({ members: ess }), "subsidy.no-company").status).toBe("pass");
  });

  it("subsidy.split: shares off by 1 € fail, and say by how much", () => {
    const members = groupement().members.map((item) => (item.isLead ? { ...item, subsidyShare: 99_999 } : item));
    const result = statusOf(groupement({ members }), "subsidy.split");
    expect(result.status).toBe("fail");
    expect(result.message.replace(/\u202f|\u00a0/g, " ")).toContain("il manque 1 €");
  });

  it("budget.equipment: equal to the largest other category fails, one euro less passes", () => {
    const equal = groupement({ project: { budget: { operating: 50_000, participation: 30_000, equipment: 50_000 } } });
    expect(statusOf(equal, "budget.equipment").status).toBe("fail");
    const below = groupement({ project: { budget: { operating: 50_000, participation: 30_000, equipment: 49_999 } } });
    expect(statusOf(below, "budget.equipment").status).toBe("pass");
    const whole = groupement({ project: { budget: { operating: 0, participation: 0, equipment: 10_000 } } });
    expect(statusOf(whole, "budget.equipment").message).toMatch(/toute la demande/);
  });

  it("budget.envelope: exactly at the envelope passes the limit but warns; one euro over fails", () => {
    const at = groupement({ project: { budget: { operating: 300_000, participation: 200_000, equipment: 0 } } });
    expect(statusOf(at, "budget.envelope").status).toBe("warn");
    const over = groupement({ project: { budget: { operating: 300_001, participation: 200_000, equipment: 0 } } });
    expect(statusOf(over, "budget.envelope").status).toBe("fail");
    const share = Math.floor((2 * 250_000) / 3);
    const within = groupement({ project: { budget: { operating: share, participation: 0, equipment: 0 } } });
    expect(statusOf(within, "budget.envelope").status).toBe("pass");
  });

  it("project.sub-axis: none, or a code the call does not have, fails", () => {
    expect(statusOf(groupement({ project: { subAxes: [] } }), "project.sub-axis").status).toBe("fail");
    const unknown = statusOf(groupement({ project: { subAxes: ["2.1", "3.1"] } }), "project.sub-axis");
    expect(unknown.status).toBe("fail");
    expect(unknown.message).toContain("3.1");
  });

  it("project.isolation-and-precarity, territory, duration, scale, cooperation", () => {
    expect(statusOf(groupement({ project: { addressesPrecarity: false } }), "project.isolation-and-precarity").status).toBe(
      "fail",
    );
    expect(
      statusOf(groupement({ project: { territory: { wholeCity: false, quartiers: [] } } }), "project.territory").status,
    ).toBe("fail");
    expect(statusOf(groupement({ project: { territory: { wholeCity: true, quartiers: [] } } }), "project.territory").status).toBe(
      "pass",
    );
    expect(statusOf(groupement({ project: { durationMonths: 23 } }), "project.duration").status).toBe("fail");
    expect(statusOf(groupement({ project: { scale: { beneficiaries: 0, replicability: " " } } }), "project.scale").status).toBe(
      "fail",
    );
    expect(
      statusOf(groupement({ project: { scale: { beneficiaries: null, replicability: "Essaimable" } } }), "project.scale").status,
    ).toBe("pass");
    expect(statusOf(groupement({ project: { cooperation: "existing" } }), "cooperation.new-or-reinforced").status).toBe("fail");
    expect(statusOf(groupement({ project: { cooperation: "reinforced" } }), "cooperation.new-or-reinforced").status).toBe("pass");
  });

  it("project.start: 30 June 2026 passes, 1 July 2026 fails", () => {
    expect(statusOf(groupement({ project: { startDate: "2026-06-30" } }), "project.start").status).toBe("pass");
    const late = statusOf(groupement({ project: { startDate: "2026-07-01" } }), "project.start");
    expect(late.status).toBe("fail");
    expect(late.message).toContain("30 juin 2026");
  });

  it("cooperation.economic: warns without an economic member, or when none brings a resource", () => {
    const noEconomic = groupement().members.filter((item) => item.name !== "Café");
    expect(statusOf(groupement({ members: noEconomic }), "cooperation.economic").status).toBe("warn");
    const idle = groupement().members.map((item) => (item.name === "Café" ? { ...item, resources: [] } : item));
    expect(statusOf(groupement({ members: idle }), "cooperation.economic").status).toBe("warn");
    const syndic = groupement().members.map((item) =>
      item.name === "Bailleur" ? { ...item, sector: "habitat" as const, kind: "syndic" as const } : item,
    );
    expect(statusOf(groupement({ members: syndic }), "cooperation.economic").status).toBe("pass");
  });

  it("members.commitment: a member without convention or letter fails, named", () => {
    const members = groupement().members.map((item) => (item.name === "Bailleur" ? { ...item, commitment: null } : item));
    const result = statusOf(groupement({ members }), "members.commitment");
    expect(result.status).toBe("fail");
    expect(result.message).toContain("« Bailleur »");
    // It says what it reads — the form of the commitment — and where to give it, not « il manque la
    // convention » (a lead who had uploaded it was told so).
    expect(result.message).toBe(
      "La forme de l'engagement de « Bailleur » n'est pas indiquée : choisissez « convention » ou « lettre d'engagement » dans sa contribution.",
    );
    expect(statusOf(groupement(), "members.commitment").message).toMatch(/^Chaque membre a indiqué la forme de son engagement/);
    expect(checkEligibility(groupement({ members }), call).eligible).toBe(false);
  });

  it("takes its parameters from the call, not from constants", () => {
    const generous = { ...call, yearlyEnvelope: 1_000_000, durationMonths: 36, latestStart: "2027-12-31", subAxes: ["9.9"] };
    const input = groupement({
      project: {
        durationMonths: 36,
        startDate: "2027-06-01",
        subAxes: ["9.9"],
        budget: { operating: 600_000, participation: 100_000, equipment: 0 },
      },
    });
    const members = input.members.map((item) => (item.isLead ? { ...item, subsidyShare: 700_000 - 40_000 } : item));
    const result = checkEligibility({ ...input, members }, generous);
    expect(result.rules.filter((rule) => rule.status === "fail")).toEqual([]);
  });
});

const arbitraryMember = fc.record({
  name: fc.string({ minLength: 1, maxLength: 12 }),
  sector: fc.constantFrom(...SECTORS.map((item) => item.code)),
  kind: fc.constantFrom(...KINDS.map((item) => item.code)),
  isLead: fc.boolean(),
  subsidyShare: fc.nat({ max: 200_000 }),
  resources: fc.subarray(["locaux", "salaries", "competences", "financier", "logistique"] as const),
  commitment: fc.constantFrom("convention" as const, "lettre-engagement" as const, null),
});

describe("properties", () => {
  it("the verdict does not depend on the order of the members", () => {
    fc.assert(
      fc.property(fc.array(arbitraryMember, { maxLength: 6 }), fc.integer(), (members, seed) => {
        const shuffled = [...members].sort((a, b) => ((a.name.charCodeAt(0) * seed) % 7) - ((b.name.charCodeAt(0) * seed) % 7));
        const first = checkEligibility(groupement({ members }), call);
        const second = checkEligibility(groupement({ members: shuffled }), call);
        expect(second.eligible).toBe(first.eligible);
        expect(second.rules.map((rule) => rule.status)).toEqual(first.rules.map((rule) => rule.status));
      }),
    );
  });

  it("adding a member of a new sector never turns members.sectors from pass to fail", () => {
    fc.assert(
      fc.property(fc.array(arbitraryMember, { minLength: 1, maxLength: 6 }), arbitraryMember, (members, extra) => {
        fc.pre(!members.some((item) => item.sector === extra.sector));
        const before = statusOf(groupement({ members }), "members.sectors").status;
        const after = statusOf(groupement({ members: [...members, extra] }), "members.sectors").status;
        if (before === "pass") expect(after).toBe("pass");
      }),
    );
  });

  it("every rule answers pass, warn or fail with a French message, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryMember, { maxLength: 6 }),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 100_000 }),
        (members, operating, equipment) => {
          const result = checkEligibility(
            groupement({ members, project: { budget: { operating, participation: 0, equipment } } }),
            call,
          );
          expect(result.rules).toHaveLength(RULE_IDS.length);
          for (const rule of result.rules) {
            expect(["pass", "warn", "fail"]).toContain(rule.status);
            expect(rule.message.length).toBeGreaterThan(10);
          }
          expect(result.eligible).toBe(result.rules.every((rule) => rule.status !== "fail"));
        },
      ),
    );
  });
});
