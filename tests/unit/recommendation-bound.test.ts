// The bound that lets the site score only the organisations that could reach the top of the list
// (app/domain/recommendation-bound.ts): never below the engine's score, or a partner that belongs in
// the list would be left out; equal to it when every offer is valid and well placed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nantesIsolement2025 } from "~/domain/calls/nantes-isolement-2025";
import {
  recommendPartners,
  type RecommendationCandidate,
  type RecommendationContext,
  type RecommendationProject,
  type RecommendationWeights,
} from "~/domain/recommendation";
import { createScoreBound, scoreBoundOf } from "~/domain/recommendation-bound";
import { KINDS, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";

const SEED = 20_261_130;
const TODAY = "2026-12-01";
const sectorArb = fc.constantFrom(...SECTORS.map((item) => item.code));
const kindArb = fc.constantFrom(...KINDS.map((item) => item.code));
const quartierArb = fc.constantFrom(...QUARTIERS.map((item) => item.code));
const resourceArb = fc.constantFrom(...RESOURCES.map((item) => item.code));
const subAxisArb = fc.constantFrom("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3");
const territoryArb = fc.record({ wholeCity: fc.boolean(), quartiers: fc.uniqueArray(quartierArb, { maxLength: 3 }) });
const projectArb: fc.Arbitrary<RecommendationProject> = fc.record({
  members: fc.array(fc.record({ id: fc.constantFrom("m1", "m2"), sector: sectorArb, kind: kindArb }), { maxLength: 3 }),
  seekSectors: fc.uniqueArray(sectorArb, { maxLength: 3 }),
  seekResources: fc.array(resourceArb, { maxLength: 4 }),
  subAxes: fc.uniqueArray(subAxisArb, { maxLength: 3 }),
  territory: territoryArb,
});
const candidateArb: fc.Arbitrary<RecommendationCandidate> = fc.record({
  id: fc.constantFrom("c1", "m1"),
  name: fc.constantFrom("Élan", "abri"),
  sector: sectorArb,
  kind: kindArb,
  territory: territoryArb,
  subAxes: fc.uniqueArray(subAxisArb, { maxLength: 4 }),
  resources: fc.uniqueArray(resourceArb, { maxLength: 2 }),
  offers: fc.array(
    fc.record({
      resource: resourceArb,
      quartiers: fc.uniqueArray(quartierArb, { maxLength: 2 }),
      validUntil: fc.constantFrom(null, "2026-11-30", TODAY, "2027-06-30"),
    }),
    { maxLength: 4 },
  ),
});
// Any weights the CCAS could set, zero included, caps of 0 to 3.
const weightsArb: fc.Arbitrary<RecommendationWeights> = fc.record({
  fixesSectors: fc.nat(60),
  newSector: fc.nat(60),
  soughtSector: fc.nat(60),
  offersResource: fc.nat(60),
  offersResourceMax: fc.nat(3),
  sameQuartier: fc.nat(60),
  wholeCity: fc.nat(60),
  sameSubAxis: fc.nat(60),
  sameSubAxisMax: fc.nat(3),
  economicWorld: fc.nat(60),
});

const scoreOf = (project: RecommendationProject, candidate: RecommendationCandidate, context: RecommendationContext) =>
  recommendPartners(project, [candidate], context)[0]?.score ?? 0;

describe("the score bound", () => {
  it("is never below the engine's score, for any project, candidate and weights", () => {
    fc.assert(
      fc.property(projectArb, candidateArb, weightsArb, (project, candidate, weights) => {
        const context = { weights, today: TODAY };
        expect(scoreBoundOf(createScoreBound(project, context), candidate)).toBeGreaterThanOrEqual(
          scoreOf(project, candidate, context),
        );
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it("is the engine's score when every offer is valid and meets the project", () => {
    fc.assert(
      fc.property(projectArb, candidateArb, (project, raw) => {
        const context = { weights: nantesIsolement2025.recommendationWeights, today: TODAY };
        // Not a member: the engine leaves members out, whatever their traits.
        const candidate = {
          ...raw,
          id: "c1",
          offers: raw.offers.map((offer) => ({ ...offer, quartiers: [], validUntil: null })),
        };
        // Offers without quartiers are where the organisation is: make that everywhere.
        const everywhere = { ...candidate, territory: { wholeCity: true, quartiers: [] } };
        expect(scoreBoundOf(createScoreBound(project, context), everywhere)).toBe(scoreOf(project, everywhere, context));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("gives each trait its points: sector and kind, territory, sub-axes, resources sought", () => {
    const project: RecommendationProject = {
      members: [{ id: "m1", sector: "associatif", kind: "association" }],
      seekSectors: ["sante"],
      seekResources: ["locaux"],
      subAxes: ["2.1"],
      territory: { wholeCity: false, quartiers: ["nantes-nord"] },
    };
    const bound = createScoreBound(project, { weights: nantesIsolement2025.recommendationWeights, today: TODAY });
    expect(bound.ofClass("sante", "association")).toBe(40 + 25);
    expect(bound.ofTerritory({ wholeCity: false, quartiers: ["nantes-nord"] })).toBe(15);
    expect(bound.ofSubAxes(["2.1", "1.1"])).toBe(10);
    expect(bound.ofResources(["locaux", "financier"])).toBe(20);
  });
});
