// Counts over the whole platform — the map's coverage, the dashboard's totals — read every
// organisation and offer: about 0.2 s at 50,000 organisations, on each view of /ccas and each
// filter ticked on /carte. They are kept, per database, and counted again as soon as what they
// count may have changed: a structure, an offer or an idea written (its `updatedAt`), or anything
// queued for the search index in the same transaction as the write (the outbox: publications,
// deletions, relations written apart) — and at the latest FIGURES_MAX_AGE_MS after they were
// counted, for a write that leaves neither trace. What they count on the day (an offer valid
// through today) is in the key: a new day counts again.
import type { Db } from "~/utils/db.server";

/** How old kept figures may be at the most (a write that leaves no trace in the mark). */
export const FIGURES_MAX_AGE_MS = 60_000;
/** Figures kept per database at the most (one per set of the map's filters): the oldest go first. */
const MAX_ENTRIES = 200;

type Entry = { mark: string; countedAt: number; value: Promise<unknown> };
type Cache = { entries: Map<string, Entry>; mark?: Promise<string> };

/** Kept on globalThis: `npm start` loads this module twice (its own sync loop's copy and the built site's). */
const caches: WeakMap<Db, Cache> = ((globalThis as typeof globalThis & { __keptFigures?: WeakMap<Db, Cache> }).__keptFigures ??=
  new WeakMap());

/**
 * Where the data stands: the last outbox row, and the last write of an organisation, an offer and
 * an idea. Indexed reads (the idea's is a scan of the ideas, one per 25 organisations).
 */
async function readMark(db: Db): Promise<string> {
  const [outbox, organisation, offer, idea] = await Promise.all([
    db.searchOutbox.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    db.organisation.findFirst({ orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }),
    db.offer.findFirst({ orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }),
    db.idea.findFirst({ orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }),
  ]);
  return [outbox?.id ?? 0, organisation?.updatedAt.getTime(), offer?.updatedAt.getTime(), idea?.updatedAt.getTime()].join(":");
}

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/** The mark, read once for the requests that ask for it at the same time (the dashboard asks twice). */
function currentMark(cache: Cache, db: Db): Promise<string> {
  cache.mark ??= readMark(db).finally(() => {
    cache.mark = undefined;
  });
  return cache.mark;
}

/**
 * `count()`'s figures under `key`: the kept ones while the mark has not moved and they are not
 * older than FIGURES_MAX_AGE_MS, else counted again (once for requests that ask at the same time).
 */
export async function keptFigures<T>(db: Db, key: string, count: () => Promise<T>): Promise<T> {
  const cache = cacheOf(db);
  const mark = await currentMark(cache, db);
  const now = Date.now();
  const kept = cache.entries.get(key);
  if (kept && kept.mark === mark && now - kept.countedAt < FIGURES_MAX_AGE_MS) return kept.value as Promise<T>;
  const value = count();
  const entry: Entry = { mark, countedAt: now, value };
  cache.entries.delete(key);
  cache.entries.set(key, entry);
  if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  // A failed count is not kept.
  value.catch(() => {
    if (cache.entries.get(key) === entry) cache.entries.delete(key);
  });
  return value;
}

/** Forgets every kept figure of this database (the benchmark times the first count this way). */
export function forgetFigures(db: Db) {
  caches.delete(db);
}
