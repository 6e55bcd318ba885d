// Alerts ride on the index's outbox: when the sync loop has put a visible item in the index, it
// records that the item's alerts are due, in the transaction that marks its outbox rows done. The
// alerts run (app/models/alert.server.ts) then asks the index, with each saved search's own query
// and the item's id, whether the item is among that search's results: the same answer /api/search
// would give, typos, synonyms and filters included.
import type { Meilisearch } from "meilisearch";
import type { PrismaClient } from "../app/generated/prisma/client";
import type { EntityRef, SearchDocument } from "./documents";
import { matchesFilters, matchQuery, type SearchParams } from "./query";

type Writer = Pick<PrismaClient, "alertWork">;

/** Queues the alerts of these items, once while one is already waiting. */
export async function recordAlertWork(tx: Writer, refs: EntityRef[]) {
  if (refs.length === 0) return;
  const waiting = await tx.alertWork.findMany({
    where: { doneAt: null, claimedAt: null, entityId: { in: refs.map((ref) => ref.entityId) } },
    select: { entityType: true, entityId: true },
  });
  const queued = new Set(waiting.map((row) => `${row.entityType}-${row.entityId}`));
  const fresh = refs.filter((ref) => !queued.has(`${ref.entityType}-${ref.entityId}`));
  if (fresh.length > 0) await tx.alertWork.createMany({ data: fresh });
}

/** Queries per request to Meilisearch. */
const BATCH = 100;

/**
 * Of these searches, the ones whose results hold this document. The filters are checked in memory
 * first with the search's own predicate (they only read the document's fields); the index then
 * answers for those left, with their words.
 */
export async function matchingSearches<Key>(
  meili: Meilisearch,
  document: SearchDocument,
  searches: { key: Key; params: SearchParams }[],
): Promise<Key[]> {
  const candidates = searches.filter((search) => matchesFilters(document, search.params));
  const matched: Key[] = [];
  for (let start = 0; start < candidates.length; start += BATCH) {
    const batch = candidates.slice(start, start + BATCH);
    const { results } = await meili.multiSearch({ queries: batch.map((search) => matchQuery(search.params, document.id)) });
    results.forEach((result, index) => {
      if (result.hits.length > 0) matched.push(batch[index]!.key);
    });
  }
  return matched;
}
