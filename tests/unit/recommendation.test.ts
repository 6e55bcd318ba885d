import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nantesIsolement2025 } from "~/domain/calls/nantes-isolement-2025";
import { callParameters, checkEligibility, isEconomicWorld, type GroupementMemberInput } from "~/domain/eligibility";
import {
  compareRecommendations,
  REASON_CODES,
  reasonFixingRule,
  recommendPartners,
  type ReasonCode,
  type RecommendationCandidate,
  type RecommendationContext,
  type RecommendationProject,
  type RecommendationWeights,
} from "~/domain/recommendation";
import { reasonsForPartner } from "~/domain/recommendation-display";
import { KINDS, QUARTIERS, RESOURCES, SECTORS, type QuartierSlug, type ResourceCode } from "~/domain/taxonomy";

const weights = nantesIsolement2025.recommendationWeights;
const TODAY = "2026-12-01";
const context: RecommendationContext = { weights, today: TODAY };

// A project of one association in Nantes Nord that seeks nothing yet…
const project = (overrides: Partial<RecommendationProject> = {}): RecommendationProject => ({
  members: [{ id: "a", sector: "associatif", kind: "association" }],
  seekSectors: [],
  seekResources: [],
  subAxes: [],
  territory: { wholeCity: false, quartiers: ["nantes-nord"] },
  ...overrides,
});

// …and a candidate that has no reason to be suggested to it: same sector, elsewhere, no offer.
const candidate = (overrides: Partial<RecommendationCandidate> = {}): RecommendationCandidate => ({
  id: "b",
  name: "Candidate",
  sector: "associatif",
  kind: "association",
  territory: { wholeCity: false, quartiers: ["nantes-sud"] },
  subAxes: [],
  resources: [],
  offers: [],
  ...overrides,
});

const inNantesNord = { wholeCity: false, quartiers: ["nantes-nord" as const] };

function reasonsOf(p: RecommendationProject, c: RecommendationCandidate, ctx: RecommendationContext = context) {
  const found = recommendPartners(p, [c], ctx);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.reasons ?? [];
}
const codesOf = (p: RecommendationProject, c: RecommendationCandidate, ctx?: RecommendationContext) =>
  reasonsOf(p, c, ctx).map((reason) => [reason.code, reason.points]);

const seekingLocaux = project({ seekResources: ["locaux"] });
const locauxOffer = (validUntil: string | null, quartiers: QuartierSlug[] = ["nantes-nord"]) => ({
  resource: "locaux" as const,
  quartiers,
  validUntil,
});

describe("the call's weights", () => {
  it("are DOMAIN.md's defaults in the call's data file", () => {
    expect(weights).toEqual({
      fixesSectors: 40,
      newSector: 10,
      soughtSector: 25,
      offersResource: 20,
      offersResourceMax: 2,
      sameQuartier: 15,
      wholeCity: 8,
      sameSubAxis: 10,
      sameSubAxisMax: 2,
      economicWorld: 10,
    });
  });
});

describe("recommendPartners: each reason", () => {
  it("leaves out a candidate with no reason", () => {
    expect(recommendPartners(project(), [candidate()], context)).toEqual([]);
  });

  it("fixes-sectors: a sector the members lack while they have fewer than 2, and the rule then passes", () => {
    const reasons = reasonsOf(project(), candidate({ sector: "sante" }));
    expect(reasons).toEqual([
      {
        code: "fixes-sectors",
        points: 40,
        message: "Ajouterait un 2ᵉ secteur (santé) : la règle des secteurs serait respectée",
      },
    ]);
    // Two members of one sector are still one sector.
    const twoAssociations = project({
      members: [
        { id: "a", sector: "associatif", kind: "association" },
        { id: "c", sector: "associatif", kind: "fondation" },
      ],
    });
    expect(codesOf(twoAssociations, candidate({ sector: "habitat" }))).toEqual([["fixes-sectors", 40]]);
    // What the groupement workspace relies on: the eligibility rule fails before and passes after.
    const asMember = (sector: GroupementMemberInput["sector"]): GroupementMemberInput => ({
      name: sector,
      sector,
      kind: "association",
      isLead: false,
      subsidyShare: 0,
      resources: [],
      commitment: "convention",
    });
    const sectorsRule = (members: GroupementMemberInput[]) =>
      checkEligibility(
        {
          project: {
            title: "P",
            subAxes: ["2.1"],
            addressesIsolation: true,
            addressesPrecarity: true,
            territory: inNantesNord,
            startDate: "2026-02-01",
            durationMonths: 24,
            cooperation: "new",
            scale: { beneficiaries: 10 },
            budget: { operating: 0, participation: 0, equipment: 0 },
          },
          members,
        },
        callParameters(nantesIsolement2025),
      ).rules.find((rule) => rule.id === "members.sectors")!.status;
    expect(sectorsRule([asMember("associatif")])).toBe("fail");
    expect(sectorsRule([asMember("associatif"), asMember("sante")])).toBe("pass");
    expect(reasonFixingRule(reasons, ["members.sectors"])?.code).toBe("fixes-sectors");
    expect(reasonFixingRule(reasons, ["members.count"])).toBeUndefined();
  });

  it("fixes-sectors: with no member yet, the first sector still counts, and says one more is needed", () => {
    expect(reasonsOf(project({ members: [] }), candidate({ sector: "culturel" }))).toEqual([
      { code: "fixes-sectors", points: 40, message: "Apporterait un 1er secteur (culturel) : l'appel en demande au moins 2" },
    ]);
  });

  it("new-sector: a sector the members lack when they already have 2 or more; never with fixes-sectors", () => {
    const twoSectors = project({
      members: [
        { id: "a", sector: "associatif", kind: "association" },
        { id: "c", sector: "habitat", kind: "bailleur-social" },
      ],
    });
    expect(reasonsOf(twoSectors, candidate({ sector: "emploi-formation" }))).toEqual([
      {
        code: "new-sector",
        points: 10,
        message: "Ajouterait un 3ᵉ secteur (emploi et formation) : une coopération plus large, que l'appel apprécie",
      },
    ]);
    expect(reasonsOf(twoSectors, candidate({ sector: "habitat" }))).toEqual([]);
  });

  it("sought-sector: a sector the project seeks, whether or not a member already has it", () => {
    expect(codesOf(project({ seekSectors: ["sante"] }), candidate({ sector: "sante" }))).toEqual([
      ["fixes-sectors", 40],
      ["sought-sector", 25],
    ]);
    expect(reasonsOf(project({ seekSectors: ["associatif"] }), candidate())).toEqual([
      { code: "sought-sector", points: 25, message: "Vient du secteur que vous recherchez : associatif" },
    ]);
    expect(reasonsOf(project({ seekSectors: ["habitat"] }), candidate())).toEqual([]);
  });

  it("offers-resource: a valid offer of a sought resource whose place meets the project", () => {
    expect(reasonsOf(seekingLocaux, candidate({ offers: [locauxOffer("2027-01-01")] }))).toEqual([
      { code: "offers-resource", points: 20, message: "Propose des locaux à Nantes Nord" },
    ]);
    // A resource the project does not seek, an offer elsewhere: nothing.
    expect(reasonsOf(project({ seekResources: ["logistique"] }), candidate({ offers: [locauxOffer(null)] }))).toEqual([]);
    expect(reasonsOf(seekingLocaux, candidate({ offers: [locauxOffer(null, ["nantes-sud"])] }))).toEqual([]);
  });

  it("offers-resource: valid until today included; an offer that ended yesterday no longer counts", () => {
    const offering = (validUntil: string | null) => codesOf(seekingLocaux, candidate({ offers: [locauxOffer(validUntil)] }));
    expect(offering(null)).toEqual([["offers-resource", 20]]);
    expect(offering("2026-12-02")).toEqual([["offers-resource", 20]]);
    expect(offering(TODAY)).toEqual([["offers-resource", 20]]);
    expect(offering("2026-11-30")).toEqual([]);
    expect(offering("2025-12-31")).toEqual([]);
    // The same offer, seen a day later.
    expect(codesOf(seekingLocaux, candidate({ offers: [locauxOffer(TODAY)] }), { ...context, today: "2026-12-02" })).toEqual([]);
  });

  it("offers-resource: an offer without quartiers is where its organisation is active", () => {
    const activeIn = (territory: RecommendationCandidate["territory"]) =>
      reasonsOf(seekingLocaux, candidate({ territory, offers: [locauxOffer("2027-01-01", [])] })).filter(
        (reason) => reason.code === "offers-resource",
      );
    expect(activeIn({ wholeCity: false, quartiers: ["nantes-nord", "nantes-erdre"] })).toEqual([
      { code: "offers-resource", points: 20, message: "Propose des locaux à Nantes Nord" },
    ]);
    expect(activeIn({ wholeCity: false, quartiers: ["nantes-sud"] })).toEqual([]);
    expect(activeIn({ wholeCity: true, quartiers: [] })).toEqual([
      { code: "offers-resource", points: 20, message: "Propose des locaux dans toute la ville" },
    ]);
    // An offer that names its quartiers is there, even from an organisation acting on the whole city.
    expect(
      codesOf(
        seekingLocaux,
        candidate({ territory: { wholeCity: true, quartiers: [] }, offers: [locauxOffer(null, ["nantes-sud"])] }),
      ),
    ).toEqual([["whole-city", 8]]);
  });

  it("offers-resource: the profile's resources are offers with no end date, where the organisation is active", () => {
    expect(codesOf(seekingLocaux, candidate({ territory: inNantesNord, resources: ["locaux"] }))).toEqual([
      ["offers-resource", 20],
      ["same-quartier", 15],
    ]);
    expect(codesOf(seekingLocaux, candidate({ resources: ["locaux"] }))).toEqual([]);
    expect(codesOf(seekingLocaux, candidate({ territory: { wholeCity: true, quartiers: [] }, resources: ["locaux"] }))).toEqual([
      ["offers-resource", 20],
      ["whole-city", 8],
    ]);
  });

  it("offers-resource: a project on the whole city meets every offer, named where it is", () => {
    const wholeCity = project({ seekResources: ["locaux"], territory: { wholeCity: true, quartiers: [] } });
    expect(reasonsOf(wholeCity, candidate({ offers: [locauxOffer(null, ["nantes-sud", "ile-de-nantes"])] }))).toEqual([
      { code: "offers-resource", points: 20, message: "Propose des locaux sur l'Île de Nantes et à Nantes Sud" },
    ]);
  });

  it("offers-resource: 20 for each distinct sought resource, at most 2, in the order the project lists them", () => {
    const seeking = project({ seekResources: ["financier", "locaux", "locaux", "logistique"] });
    const offers = (["locaux", "logistique", "financier"] as const).map((resource) => ({
      resource,
      quartiers: ["nantes-nord" as const],
      validUntil: null,
    }));
    expect(reasonsOf(seeking, candidate({ offers: [...offers, locauxOffer("2027-06-30")] }))).toEqual([
      { code: "offers-resource", points: 20, message: "Propose du mécénat financier à Nantes Nord" },
      { code: "offers-resource", points: 20, message: "Propose des locaux à Nantes Nord" },
    ]);
    // A resource that does not count (expired) leaves its place to the next one sought.
    const expiredMoney = [{ ...offers[2]!, validUntil: "2026-01-01" }, offers[0]!, offers[1]!];
    expect(reasonsOf(seeking, candidate({ offers: expiredMoney })).map((reason) => reason.message)).toEqual([
      "Propose des locaux à Nantes Nord",
      "Propose de la logistique à Nantes Nord",
    ]);
  });

  it("same-quartier: active in one of the project's quartiers, neither side on the whole city", () => {
    const twoQuartiers = project({ territory: { wholeCity: false, quartiers: ["nantes-nord", "dervallieres-zola"] } });
    expect(
      reasonsOf(
        twoQuartiers,
        candidate({ territory: { wholeCity: false, quartiers: ["dervallieres-zola", "nantes-nord", "nantes-sud"] } }),
      ),
    ).toEqual([
      { code: "same-quartier", points: 15, message: "Agit aux Dervallières - Zola et à Nantes Nord, comme votre projet" },
    ]);
    expect(codesOf(project({ territory: { wholeCity: true, quartiers: [] } }), candidate({ territory: inNantesNord }))).toEqual(
      [],
    );
    expect(codesOf(project(), candidate({ territory: { wholeCity: true, quartiers: ["nantes-nord"] } }))).toEqual([
      ["whole-city", 8],
    ]);
  });

  it("whole-city: a candidate acting on the whole city, whatever the project's territory", () => {
    const everywhere = candidate({ territory: { wholeCity: true, quartiers: [] } });
    expect(reasonsOf(project(), everywhere)).toEqual([
      { code: "whole-city", points: 8, message: "Agit dans toute la ville de Nantes" },
    ]);
    expect(codesOf(project({ territory: { wholeCity: true, quartiers: [] } }), everywhere)).toEqual([["whole-city", 8]]);
  });

  it("same-sub-axis: 10 for each shared sub-axis, at most 2, named with the call's titles when given", () => {
    const subAxisTitles = { "2.1": "Repérer et rencontrer", "2.3": "Investir les lieux peu couverts" };
    const p = project({ subAxes: ["2.3", "2.1", "1.4"] });
    expect(reasonsOf(p, candidate({ subAxes: ["2.1", "2.3", "1.4", "1.1"] }), { ...context, subAxisTitles })).toEqual([
      { code: "same-sub-axis", points: 10, message: "Agit aussi sur le sous-axe 2.3 : Investir les lieux peu couverts" },
      { code: "same-sub-axis", points: 10, message: "Agit aussi sur le sous-axe 2.1 : Repérer et rencontrer" },
    ]);
    expect(reasonsOf(p, candidate({ subAxes: ["1.4"] }))).toEqual([
      { code: "same-sub-axis", points: 10, message: "Agit aussi sur le sous-axe 1.4" },
    ]);
    expect(reasonsOf(p, candidate({ subAxes: ["1.1"] }))).toEqual([]);
  });

  it("economic-world: exactly the eligibility rules' economic world, when no member is of it", () => {
    for (const sector of SECTORS.map((item) => item.code)) {
      for (const kind of KINDS.map((item) => item.code)) {
        const codes = codesOf(project({ members: [] }), candidate({ sector, kind })).map(([code]) => code);
        expect(codes.includes("economic-world"), `${sector} ${kind}`).toBe(isEconomicWorld({ sector, kind }));
      }
    }
    expect(reasonsOf(project(), candidate({ kind: "ess" }))).toEqual([
      {
        code: "economic-world",
        points: 10,
        message:
          "Vient du monde économique (entreprise, ESS, syndic…), qu'aucun de vos membres ne représente : l'appel y porte une attention particulière",
      },
    ]);
    const withCompany = project({
      members: [
        { id: "a", sector: "associatif", kind: "association" },
        { id: "c", sector: "associatif", kind: "syndic" },
      ],
    });
    expect(codesOf(withCompany, candidate({ kind: "entreprise" }))).toEqual([]);
  });

  it("lists the reasons in DOMAIN.md's order, the one that fixes a failing rule first, and sums them", () => {
    const [found] = recommendPartners(
      project({ seekSectors: ["sante"], seekResources: ["locaux"], subAxes: ["2.1"] }),
      [
        candidate({
          sector: "sante",
          kind: "entreprise",
          territory: { wholeCity: true, quartiers: [] },
          subAxes: ["2.1"],
          offers: [locauxOffer(null)],
        }),
      ],
      context,
    );
    expect(found!.reasons.map((reason) => reason.code)).toEqual([
      "fixes-sectors",
      "sought-sector",
      "offers-resource",
      "whole-city",
      "same-sub-axis",
      "economic-world",
    ]);
    expect(found!.score).toBe(40 + 25 + 20 + 8 + 10 + 10);
  });
});

describe("recommendPartners: exclusions and order", () => {
  it("never suggests the project's own members, whatever their reasons", () => {
    const member = candidate({ id: "a", sector: "sante", territory: inNantesNord });
    const other = candidate({ id: "z", sector: "sante" });
    expect(recommendPartners(project(), [member, other], context).map((item) => item.id)).toEqual(["z"]);
  });

  it("orders by score, then name in French collation (case and accents ignored), then id", () => {
    const names: [string, string][] = [
      ["z1", "Zèbre"],
      ["e2", "elan"],
      ["e1", "Élan"],
      ["e0", "ÉLAN "],
      ["a1", "Åbre"],
    ];
    const tied = names.map(([id, name]) => candidate({ id, name, sector: "sante" }));
    const best = candidate({ id: "best", name: "Zz", sector: "sante", territory: inNantesNord });
    const ranked = recommendPartners(project(), [...tied, best], context);
    expect(ranked.map((item) => [item.id, item.score])).toEqual([
      ["best", 55],
      ["a1", 40],
      ["e1", 40],
      ["e2", 40],
      ["e0", 40],
      ["z1", 40],
    ]);
    // "ÉLAN " sorts after "Élan": a trailing space is a difference, not case nor accent.
    expect(
      compareRecommendations({ id: "x", name: "Élan", score: 1, reasons: [] }, { id: "y", name: "elan", score: 1, reasons: [] }),
    ).toBeLessThan(0);
    expect(
      compareRecommendations({ id: "y", name: "Élan", score: 1, reasons: [] }, { id: "x", name: "elan", score: 1, reasons: [] }),
    ).toBeGreaterThan(0);
  });
});

describe("recommendPartners: weights are the call's", () => {
  const everything = candidate({
    sector: "sante",
    kind: "entreprise",
    territory: inNantesNord,
    subAxes: ["2.1", "2.2", "2.3"],
    offers: (["locaux", "salaries", "logistique"] as const).map((resource) => ({ resource, quartiers: [], validUntil: null })),
  });
  const seeking = project({
    seekSectors: ["sante"],
    seekResources: ["locaux", "salaries", "logistique"],
    subAxes: ["2.1", "2.2", "2.3"],
  });
  const scoreWith = (changes: Partial<RecommendationWeights>) =>
    recommendPartners(seeking, [everything], { ...context, weights: { ...weights, ...changes } })[0]?.score;

  it("a changed weight changes the score, and the caps are the call's too", () => {
    expect(scoreWith({})).toBe(40 + 25 + 2 * 20 + 15 + 2 * 10 + 10);
    expect(scoreWith({ sameQuartier: 30 })).toBe(165);
    expect(scoreWith({ fixesSectors: 100 })).toBe(210);
    expect(scoreWith({ offersResourceMax: 3 })).toBe(170);
    expect(scoreWith({ sameSubAxisMax: 1 })).toBe(140);
    expect(scoreWith({ offersResource: 5, sameSubAxis: 1, economicWorld: 0 })).toBe(40 + 25 + 10 + 15 + 2);
  });

  it("a reason worth 0 points is not given, so a candidate with only such reasons is not shown", () => {
    const reasons = recommendPartners(seeking, [everything], { ...context, weights: { ...weights, fixesSectors: 0 } })[0]!
      .reasons;
    expect(reasons.map((reason) => reason.code)).not.toContain("fixes-sectors");
    expect(
      recommendPartners(project(), [candidate({ sector: "sante" })], { ...context, weights: { ...weights, fixesSectors: 0 } }),
    ).toEqual([]);
  });
});

// Property tests: a seeded generator, so a failure replays the same way on every machine.
const SEED = 20_261_201;
const sectorArb = fc.constantFrom(...SECTORS.map((item) => item.code));
const kindArb = fc.constantFrom(...KINDS.map((item) => item.code));
const quartierArb = fc.constantFrom(...QUARTIERS.map((item) => item.code));
const resourceArb = fc.constantFrom(...RESOURCES.map((item) => item.code));
const subAxisArb = fc.constantFrom("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3");
const territoryArb = fc.record({ wholeCity: fc.boolean(), quartiers: fc.uniqueArray(quartierArb, { maxLength: 3 }) });
const offerArb = fc.record({
  resource: resourceArb,
  quartiers: fc.uniqueArray(quartierArb, { maxLength: 2 }),
  validUntil: fc.constantFrom(null, "2026-11-30", TODAY, "2026-12-02", "2027-06-30"),
});
const projectArb: fc.Arbitrary<RecommendationProject> = fc.record({
  members: fc.array(fc.record({ id: fc.constantFrom("m1", "m2", "c1"), sector: sectorArb, kind: kindArb }), { maxLength: 3 }),
  seekSectors: fc.uniqueArray(sectorArb, { maxLength: 2 }),
  seekResources: fc.array(resourceArb, { maxLength: 3 }),
  subAxes: fc.uniqueArray(subAxisArb, { maxLength: 3 }),
  territory: territoryArb,
});
const candidateArb = (id: fc.Arbitrary<string>): fc.Arbitrary<RecommendationCandidate> =>
  fc.record({
    id,
    name: fc.constantFrom("Élan", "elan", "Zèbre", "Abri", "abri", "Œuvre"),
    sector: sectorArb,
    kind: kindArb,
    territory: territoryArb,
    subAxes: fc.uniqueArray(subAxisArb, { maxLength: 3 }),
    resources: fc.uniqueArray(resourceArb, { maxLength: 2 }),
    offers: fc.array(offerArb, { maxLength: 3 }),
  });
const candidatesArb = fc.uniqueArray(candidateArb(fc.constantFrom("c1", "c2", "c3", "c4", "c5", "c6", "c7", "m1")), {
  maxLength: 7,
  selector: (item) => item.id,
});

/** DOMAIN.md's table read literally, as codes and points: an oracle for the engine. */
function expectedPoints(p: RecommendationProject, c: RecommendationCandidate): [ReasonCode, number][] {
  const sectors = new Set(p.members.map((member) => member.sector));
  const expected: [ReasonCode, number][] = [];
  if (!sectors.has(c.sector)) expected.push(sectors.size < 2 ? ["fixes-sectors", 40] : ["new-sector", 10]);
  if (p.seekSectors.includes(c.sector)) expected.push(["sought-sector", 25]);
  const meets = (t: { wholeCity: boolean; quartiers: readonly string[] }) =>
    p.territory.wholeCity || t.wholeCity || t.quartiers.some((q) => p.territory.quartiers.includes(q as QuartierSlug));
  const offered = (resource: ResourceCode) =>
    (c.resources.includes(resource) && meets(c.territory)) ||
    c.offers.some(
      (offer) =>
        offer.resource === resource &&
        (offer.validUntil === null || offer.validUntil >= TODAY) &&
        meets(offer.quartiers.length > 0 ? { wholeCity: false, quartiers: offer.quartiers } : c.territory),
    );
  const resources = [...new Set(p.seekResources)].filter(offered).length;
  for (let index = 0; index < Math.min(resources, 2); index += 1) expected.push(["offers-resource", 20]);
  if (!p.territory.wholeCity && !c.territory.wholeCity && c.territory.quartiers.some((q) => p.territory.quartiers.includes(q))) {
    expected.push(["same-quartier", 15]);
  }
  if (c.territory.wholeCity) expected.push(["whole-city", 8]);
  const subAxes = p.subAxes.filter((code) => c.subAxes.includes(code)).length;
  for (let index = 0; index < Math.min(subAxes, 2); index += 1) expected.push(["same-sub-axis", 10]);
  const economic = (m: { sector: string; kind: string }) =>
    m.sector === "economique" || m.kind === "entreprise" || m.kind === "ess" || m.kind === "syndic";
  if (!p.members.some(economic) && economic(c)) expected.push(["economic-world", 10]);
  return expected;
}

describe("recommendPartners: properties", () => {
  it("gives exactly DOMAIN.md's reasons and points, leaves out members and candidates with no reason", () => {
    fc.assert(
      fc.property(projectArb, candidatesArb, (p, candidates) => {
        const ranked = recommendPartners(p, candidates, context);
        const memberIds = new Set(p.members.map((member) => member.id));
        const expected = candidates
          .filter((c) => !memberIds.has(c.id))
          .map((c) => ({ id: c.id, points: expectedPoints(p, c) }))
          .filter((item) => item.points.length > 0);
        expect(ranked.map((item) => item.id).sort()).toEqual(expected.map((item) => item.id).sort());
        for (const item of ranked) {
          expect(item.reasons.map((reason) => [reason.code, reason.points])).toEqual(
            expected.find((other) => other.id === item.id)!.points,
          );
          expect(item.score).toBe(item.reasons.reduce((sum, reason) => sum + reason.points, 0));
          for (const reason of item.reasons) expect(reason.message).toMatch(/^[A-ZÉ][^\n]*[^\s.]$/);
          for (const reason of item.reasons) expect(reason.message).not.toMatch(/undefined|\[object/);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("adding what makes a reason (a sought sector, an offer, a resource, a quartier, a sub-axis) never lowers a score", () => {
    const additionArb = fc.oneof(
      offerArb.map((offer) => (c: RecommendationCandidate) => ({ ...c, offers: [...c.offers, offer] })),
      resourceArb.map((resource) => (c: RecommendationCandidate) => ({ ...c, resources: [...c.resources, resource] })),
      quartierArb.map((quartier) => (c: RecommendationCandidate) => ({
        ...c,
        territory: { ...c.territory, quartiers: [...new Set([...c.territory.quartiers, quartier])] },
      })),
      subAxisArb.map((code) => (c: RecommendationCandidate) => ({ ...c, subAxes: [...new Set([...c.subAxes, code])] })),
    );
    fc.assert(
      fc.property(projectArb, candidateArb(fc.constant("c1")), additionArb, sectorArb, (p, c, add, sought) => {
        const scoreOf = (pp: RecommendationProject, cc: RecommendationCandidate) =>
          recommendPartners(pp, [cc], context)[0]?.score ?? 0;
        const before = scoreOf(p, c);
        expect(scoreOf(p, add(c))).toBeGreaterThanOrEqual(before);
        expect(scoreOf({ ...p, seekSectors: [...p.seekSectors, sought] }, c)).toBeGreaterThanOrEqual(before);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("orders totally and stably: the same list whatever the candidates' order", () => {
    fc.assert(
      fc.property(projectArb, candidatesArb, fc.infiniteStream(fc.nat()), (p, candidates, randoms) => {
        const ranked = recommendPartners(p, candidates, context);
        for (let index = 1; index < ranked.length; index += 1) {
          expect(compareRecommendations(ranked[index - 1]!, ranked[index]!)).toBeLessThan(0);
        }
        const shuffled = [...candidates];
        const stream = randoms[Symbol.iterator]();
        for (let index = shuffled.length - 1; index > 0; index -= 1) {
          const other = (stream.next().value as number) % (index + 1);
          [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
        }
        expect(recommendPartners(p, shuffled, context)).toEqual(ranked);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("names every reason code of the contract", () => {
    expect([...REASON_CODES]).toEqual([
      "fixes-sectors",
      "new-sector",
      "sought-sector",
      "offers-resource",
      "same-quartier",
      "whole-city",
      "same-sub-axis",
      "economic-world",
    ]);
  });
});

describe("the reasons told to the suggested partner (its alert mail)", () => {
  it("says each from the partner's side, never « votre projet » nor « vous recherchez »", () => {
    // Every reason at once: a company in Nantes Nord with premises, on the idea's sub-axis.
    const seeker = project({
      seekSectors: ["economique"],
      seekResources: ["locaux"],
      subAxes: ["2.1"],
      members: [
        { id: "a", sector: "associatif", kind: "association" },
        { id: "c", sector: "sante", kind: "association" },
      ],
    });
    const company = candidate({
      sector: "economique",
      kind: "entreprise",
      territory: inNantesNord,
      subAxes: ["2.1"],
      offers: [locauxOffer(null)],
    });
    const reasons = reasonsOf(seeker, company, { ...context, subAxisTitles: { "2.1": "Aller vers les personnes isolées" } });
    expect(reasons.map((reason) => reason.code)).toEqual(
      expect.arrayContaining([
        "new-sector",
        "sought-sector",
        "offers-resource",
        "same-quartier",
        "same-sub-axis",
        "economic-world",
      ]),
    );
    const sentences = reasonsForPartner(reasons, { sector: "economique" });
    expect(sentences).toEqual([
      "Votre secteur (économique) élargirait sa coopération, ce que l'appel apprécie.",
      "Elle cherche des partenaires de votre secteur (économique).",
      "Vous proposez des locaux à Nantes Nord, ce qu'elle recherche.",
      "Vous agissez à Nantes Nord, comme elle.",
      "Vous agissez aussi sur le sous-axe 2.1 : Aller vers les personnes isolées, comme elle.",
      "Vous venez du monde économique, qu'aucun de ses membres ne représente : l'appel y porte une attention particulière.",
    ]);
    expect(
      reasonsForPartner(reasonsOf(project(), candidate({ sector: "sante", territory: { wholeCity: true, quartiers: [] } })), {
        sector: "sante",
      }),
    ).toEqual([
      "Votre secteur (santé) lui manque : l'appel demande des partenaires d'au moins deux secteurs.",
      "Vous agissez dans toute la ville de Nantes.",
    ]);
  });
});
