// The highest score a candidate could get from a project, without scoring it: what lets the site
// score only the few organisations that could make the top of the list (app/models/
// recommendation.server.ts). Pure, and written with the engine itself, never a copy of its rules:
// each part is the engine's score of a synthetic candidate that has one trait of the real one.
//
// A candidate's score is the sum of reasons that each read one trait: its sector and kind
// (fixes-sectors, new-sector, sought-sector, economic-world), its territory (same-quartier,
// whole-city), its sub-axes (same-sub-axis), its offers (offers-resource). So the score is the sum
// of the four parts below; the last one counts every resource it offers as valid and in the right
// place, so it can only be higher than the real points. tests/unit/recommendation-bound.test.ts
// checks bound ≥ score for any project and candidate.
import {
  recommendPartners,
  type RecommendationCandidate,
  type RecommendationContext,
  type RecommendationProject,
  type Territory,
} from "./recommendation";
import { KINDS, SECTORS, type KindCode, type ResourceCode, type SectorCode } from "./taxonomy";

/** Never a member's id: the engine leaves members out. */
const SYNTHETIC_ID = "\u0000bound";
const NOWHERE: Territory = { wholeCity: false, quartiers: [] };
const EVERYWHERE: Territory = { wholeCity: true, quartiers: [] };

export type ScoreBound = {
  /** The exact points of a sector and kind. */
  ofClass: (sector: SectorCode, kind: KindCode) => number;
  /** The exact points of a territory. */
  ofTerritory: (territory: Territory) => number;
  /** The exact points of a set of sub-axes. */
  ofSubAxes: (subAxes: readonly string[]) => number;
  /** The most points these resources could give, were every offer of them valid and well placed. */
  ofResources: (resources: readonly ResourceCode[]) => number;
};

export function createScoreBound(project: RecommendationProject, context: RecommendationContext): ScoreBound {
  const score = (trait: Partial<RecommendationCandidate>) =>
    recommendPartners(
      project,
      [
        {
          id: SYNTHETIC_ID,
          name: "",
          sector: SECTORS[0].code,
          kind: KINDS[0].code,
          territory: NOWHERE,
          subAxes: [],
          resources: [],
          offers: [],
          ...trait,
        },
      ],
      context,
    )[0]?.score ?? 0;
  // The points of the synthetic candidate's own sector and kind, taken off the other parts.
  const neutral = score({});
  const everywhere = score({ territory: EVERYWHERE });
  return {
    ofClass: (sector, kind) => score({ sector, kind }),
    ofTerritory: (territory) => score({ territory }) - neutral,
    ofSubAxes: (subAxes) => score({ subAxes }) - neutral,
    ofResources: (resources) => score({ territory: EVERYWHERE, resources }) - everywhere,
  };
}

/** The resources a candidate offers at all, in its profile or in an offer (valid or not). */
export function offeredResources(candidate: Pick<RecommendationCandidate, "resources" | "offers">): ResourceCode[] {
  return [...new Set([...candidate.resources, ...candidate.offers.map((offer) => offer.resource)])];
}

/** The bound of one candidate: never below the engine's score for it. */
export function scoreBoundOf(bound: ScoreBound, candidate: RecommendationCandidate): number {
  return (
    bound.ofClass(candidate.sector, candidate.kind) +
    bound.ofTerritory(candidate.territory) +
    bound.ofSubAxes(candidate.subAxes) +
    bound.ofResources(offeredResources(candidate))
  );
}
