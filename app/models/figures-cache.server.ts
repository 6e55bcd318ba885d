// Counts over the whole platform — the map's coverage, the dashboard's totals — read every
// organisation and offer: about 0.2 s at 50,000 organisations, on each view of /ccas and each
// filter ticked on /carte. They are kept, per database, and counted again as soon as what they
// count may have changed: a structure, an offer or an idea written (its `updatedAt`), or anything
// queued for the search index in the same transaction as the write (the outbox: publications,
// deletions, relations written apart) — and at the latest FIGURES_MAX_AGE_MS after they were
// counted, for a write that leaves neither trace. (The home page's newest structures are kept the
// same way: organisation.server.ts.) What they count on the day (an offer valid
// through today) is in the key: a new day counts again.
//
// Each kept figure says what it depends on (structures, offers, ideas): an idea edited or an
// interest expressed — most of a lively call's writes — leaves the structures' and offers' counts
// kept, which are the costly ones.
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/utils/db.server";
import { readNow } from "~/utils/read-aside.server";

/** How old kept figures may be at the most (a write that leaves no trace in the mark). */
export const FIGURES_MAX_AGE_MS = 60_000;
/** Figures kept per database at the most (one per set of the map's filters): the oldest go first. */
const MAX_ENTRIES = 200;

/** What a kept figure counts: a write of one of these moves its mark. */
export type FigureSource = "organisation" | "offer" | "idea";
const ALL_SOURCES: readonly FigureSource[] = ["organisation", "offer", "idea"];

/** Per source: its last outbox row, and that with its last written row. */
type Marks = Record<FigureSource, { queued: string; written: string }>;
type Entry = { mark: string; countedAt: number; value: Promise<unknown> };
type Cache = { entries: Map<string, Entry>; marks?: Promise<Marks> };

/** Kept on globalThis: `npm start` loads this module twice (its own sync loop's copy and the built site's). */
const caches: WeakMap<Db, Cache> = ((globalThis as typeof globalThis & { __keptFigures?: WeakMap<Db, Cache> }).__keptFigures ??=
  new WeakMap());

/**
 * Where the data stands, per source: its last outbox row and its last written row, in one
 * statement (six indexed reads: the outbox by type and id; the idea's is a scan of the ideas, one
 * per 25 organisations). The values are only compared: whatever form each database gives them in
 * will do.
 */
async function readMarks(db: Db): Promise<Marks> {
  const [row] = await db.$queryRaw<Record<string, unknown>[]>`SELECT
    (SELECT MAX("id") FROM "SearchOutbox" WHERE "entityType" = 'organisation') AS "organisationQueued",
    (SELECT MAX("id") FROM "SearchOutbox" WHERE "entityType" = 'offer') AS "offerQueued",
    (SELECT MAX("id") FROM "SearchOutbox" WHERE "entityType" = 'idea') AS "ideaQueued",
    (SELECT MAX("updatedAt") FROM "Organisation") AS "organisation",
    (SELECT MAX("updatedAt") FROM "Offer") AS "offer",
    (SELECT MAX("updatedAt") FROM "Idea") AS "idea"`;
  // A Date's own text stops at the second: its ISO form keeps the milliseconds.
  const text = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value ?? ""));
  const mark = (source: FigureSource) => {
    const queued = text(row?.[`${source}Queued`]);
    return { queued, written: `${queued}:${text(row?.[source])}` };
  };
  return { organisation: mark("organisation"), offer: mark("offer"), idea: mark("idea") };
}

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/** The marks, read once for the requests that ask for them at the same time (the dashboard asks twice). */
function currentMarks(cache: Cache, db: Db): Promise<Marks> {
  cache.marks ??= readMarks(db).finally(() => {
    cache.marks = undefined;
  });
  return cache.marks;
}

/**
 * `count()`'s figures under `key`: the kept ones while the marks of what they count (`sources`,
 * all by default) have not moved and they are not older than FIGURES_MAX_AGE_MS, else counted
 * again (once for requests that ask at the same time).
 *
 * `published`: the figures count only what is published. Every change of what is published is
 * queued for the search index in its own transaction (its outbox row), so the outbox alone marks
 * them: an edit that only waits for the CCAS (most writes of a lively call: ideas reworded) moves
 * `updatedAt` and leaves them kept. Figures that also count drafts or waiting items leave it false.
 */
export async function keptFigures<T>(
  db: Db,
  key: string,
  count: () => Promise<T>,
  sources: readonly FigureSource[] = ALL_SOURCES,
  { published = false }: { published?: boolean } = {},
): Promise<T> {
  const cache = cacheOf(db);
  const marks = await currentMarks(cache, db);
  const mark = sources.map((source) => (published ? marks[source].queued : marks[source].written)).join("|");
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

/**
 * Where the search outbox stands: its last row (every change of what is published writes one in
 * its own transaction) and its last push (the index has the change once its row is marked done).
 * The anonymous pages the server keeps a few seconds are marked by it (scripts/lib/page-cache.ts):
 * those read from the database change with the first, those read from the index with the second.
 * Two indexed reads (the id's, and doneAt's, whose index leads with it).
 */
export async function readPublicationMark(db: Db): Promise<string> {
  const [row] = await readNow<{ id: unknown; pushed: unknown }>(
    db,
    Prisma.sql`SELECT
    (SELECT MAX("id") FROM "SearchOutbox") AS "id",
    (SELECT MAX("doneAt") FROM "SearchOutbox") AS "pushed"`,
  );
  const text = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value ?? ""));
  return `${text(row?.id)}:${text(row?.pushed)}`;
}

/** Forgets every kept figure of this database (the benchmark times the first count this way). */
export function forgetFigures(db: Db) {
  caches.delete(db);
}
