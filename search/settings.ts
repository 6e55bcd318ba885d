// The index: one for organisations, offers and ideas together, so that one query finds all three.
import type { Settings } from "meilisearch";
import { BROADER, EXACT_WORDS, STOP_WORDS, SYNONYMS } from "./synonyms";

/** MEILI_INDEX lets several copies of the app (the tests) share one Meilisearch. */
export const INDEX_NAME = process.env.MEILI_INDEX || "items";
/** Raise to rebuild the index from the database at the next start (settings or documents changed). */
export const SEARCH_VERSION = 3;

export const FACETS = ["type", "subAxes", "quartiers", "sector", "resources"] as const;

/**
 * The searched fields, most telling first: the name, then what the item is (its sector, kind and the
 * resources it offers, in words), then what is written about it, then what it is about or seeks (the
 * call's sub-axes, sought sectors and resources, days and price), then where it acts.
 */
export const SEARCHABLE_ATTRIBUTES = ["title", "labels", "organisationName", "summary", "text", "topics", "keywords"] as const;

/** Meilisearch wants synonyms as a map from a word to the words it also finds. */
export function synonymMap(groups: string[][], broader: Record<string, string[]>): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  const add = (word: string, others: string[]) => {
    map[word] = [...new Set([...(map[word] ?? []), ...others.filter((other) => other !== word)])];
  };
  for (const group of groups) for (const word of group) add(word, group);
  for (const [word, others] of Object.entries(broader)) add(word, others);
  return map;
}

export const INDEX_SETTINGS: Settings = {
  searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
  displayedAttributes: ["*"],
  // `id`: an alert asks whether one new document is among a saved search's results.
  filterableAttributes: ["id", "type", "source", "subAxes", "quartiers", "sector", "kind", "resources", "status", "call", "_geo"],
  sortableAttributes: ["title", "updatedAt"],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 }, disableOnWords: EXACT_WORDS },
  synonyms: synonymMap(SYNONYMS, BROADER),
  stopWords: STOP_WORDS,
  faceting: { maxValuesPerFacet: 50 },
  pagination: { maxTotalHits: 5000 },
};
