// The index: one for organisations, offers and ideas together, so that one query finds all three.
import type { Settings } from "meilisearch";
import { SYNONYMS } from "./synonyms";

/** MEILI_INDEX lets several copies of the app (the tests) share one Meilisearch. */
export const INDEX_NAME = process.env.MEILI_INDEX || "items";
/** Raise to rebuild the index from the database at the next start (settings or documents changed). */
export const SEARCH_VERSION = 1;

export const FACETS = ["type", "subAxes", "quartiers", "sector", "resources"] as const;

/** Meilisearch wants each synonym group as a map from every word to the others. */
function synonymMap(groups: string[][]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups) for (const word of group) map[word] = group.filter((other) => other !== word);
  return map;
}

export const INDEX_SETTINGS: Settings = {
  searchableAttributes: ["title", "organisationName", "summary", "text", "keywords"],
  displayedAttributes: ["*"],
  filterableAttributes: ["type", "subAxes", "quartiers", "sector", "kind", "resources", "status", "call", "_geo"],
  sortableAttributes: ["title", "updatedAt"],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  synonyms: synonymMap(SYNONYMS),
  faceting: { maxValuesPerFacet: 50 },
  pagination: { maxTotalHits: 5000 },
};
