// Keeps the index in step with the database. The database is the truth: the outbox says what
// changed, the loop pushes it in batches, waits for Meilisearch's task, then marks it done.
import { MeilisearchApiError, type Meilisearch } from "meilisearch";
import type { PrismaClient } from "../app/generated/prisma/client";
import { expiryCutoff } from "../app/domain/publication";
import { allDocuments, buildDocuments, countPublished, type EntityRef, type EntityType } from "./documents";
import { recordAlertWork } from "./alerts";
import { holdLease, releaseLease } from "./lease";
import { enqueueExpiredOffers, markExpiriesChecked } from "./outbox";
import { INDEX_NAME, INDEX_SETTINGS, SEARCH_VERSION } from "./settings";

const TASK_TIMEOUT_MS = 60_000;
const wait = { timeout: TASK_TIMEOUT_MS, interval: 25 };

async function applySettings(meili: Meilisearch, index: string) {
  await meili.createIndex(index, { primaryKey: "id" }).waitTask(wait);
  await meili.index(index).updateSettings(INDEX_SETTINGS).waitTask(wait);
}

/** Builds a fresh index from the database, then swaps it in: searches never see a half-built one. */
export async function reindexAll(
  db: PrismaClient,
  meili: Meilisearch,
  onProgress: (done: number, total: number) => void = () => {},
) {
  const temporary = `${INDEX_NAME}_rebuild`;
  await meili.deleteIndex(temporary).waitTask(wait);
  await applySettings(meili, temporary);
  const startedAt = new Date();
  const total = await countPublished(db);
  let done = 0;
  const pending: Promise<unknown>[] = [];
  for await (const batch of allDocuments(db, 2000)) {
    // One request at a time (Meilisearch queues the tasks; they are awaited together below): sent
    // all at once, 25 bodies of 2,000 documents broke the connection (EPIPE) and the rebuild.
    const enqueued = meili.index(temporary).addDocuments(batch);
    await enqueued;
    pending.push(enqueued.waitTask(wait));
    done += batch.length;
    onProgress(done, total);
  }
  await Promise.all(pending);
  await applySettings(meili, INDEX_NAME);
  await meili.swapIndexes([{ indexes: [INDEX_NAME, temporary], rename: false }]).waitTask(wait);
  await meili.deleteIndex(temporary).waitTask(wait);
  // What was in the outbox is in the rebuilt index now, and offers expired before it left out.
  await db.searchOutbox.updateMany({ where: { doneAt: null, createdAt: { lt: startedAt } }, data: { doneAt: new Date() } });
  await markExpiriesChecked(db, expiryCutoff(startedAt));
  await db.appState.upsert({
    where: { key: "searchVersion" },
    create: { key: "searchVersion", value: String(SEARCH_VERSION) },
    update: { value: String(SEARCH_VERSION) },
  });
  return { documents: done };
}

/** True for Meilisearch's answer "no such index" (the client wraps it in a request error). */
function isIndexNotFound(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof MeilisearchApiError) return cause.cause?.code === "index_not_found";
  }
  return false;
}

/** Settings applied idempotently at start; a full rebuild when the version changed or the index is new. */
export async function ensureIndex(db: PrismaClient, meili: Meilisearch, log: (message: string) => void = () => {}) {
  const state = await db.appState.findUnique({ where: { key: "searchVersion" } });
  let exists = true;
  try {
    await meili.index(INDEX_NAME).getRawInfo();
  } catch (error) {
    // Only a Meilisearch that answers "no such index" gets a rebuild; one that does not answer is down.
    if (!isIndexNotFound(error)) throw error;
    exists = false;
  }
  if (!exists || state?.value !== String(SEARCH_VERSION)) {
    // Two instances started together rebuild once: the one holding the sync lease (search/lease.ts)
    // does; the other waits for it, then finds the index current.
    if (!(await holdLease(db))) {
      log("Search index: another instance holds the sync lease; waiting for it…");
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return ensureIndex(db, meili, () => {});
    }
    try {
      log(`Search index: building version ${SEARCH_VERSION} from the database…`);
      const { documents } = await reindexAll(db, meili);
      log(`Search index: ${documents} documents.`);
    } finally {
      // A one-off caller (a command, a test) would keep others from pushing until the lease ran out.
      await releaseLease(db);
    }
    return;
  }
  await applySettings(meili, INDEX_NAME);
}

/** Pushes one batch of the outbox; returns how many rows it handled (0 when there was nothing). */
export async function processOutbox(db: PrismaClient, meili: Meilisearch, batchSize = 500): Promise<number> {
  const rows = await db.searchOutbox.findMany({
    where: { doneAt: null, nextAttemptAt: { lte: new Date() } },
    orderBy: { id: "asc" },
    take: batchSize,
    select: { id: true, entityType: true, entityId: true, attempts: true },
  });
  if (rows.length === 0) return 0;
  const refs: EntityRef[] = rows.map((row) => ({ entityType: row.entityType as EntityType, entityId: row.entityId }));
  try {
    const { upserts, deletes } = await buildDocuments(db, refs);
    const index = meili.index(INDEX_NAME);
    await Promise.all([
      upserts.length ? index.addDocuments(upserts).waitTask(wait) : null,
      deletes.length ? index.deleteDocuments(deletes).waitTask(wait) : null,
    ]);
    // What became or stayed visible has its alerts computed next (search/alerts.ts).
    await db.$transaction(async (tx) => {
      await tx.searchOutbox.updateMany({ where: { id: { in: rows.map((row) => row.id) } }, data: { doneAt: new Date() } });
      await recordAlertWork(
        tx,
        upserts.map((document) => ({ entityType: document.type, entityId: document.entityId })),
      );
    });
    return rows.length;
  } catch (error) {
    // Back off, row by row: 0.5 s, 1 s, 2 s… up to 30 s between attempts.
    await db.$transaction(
      rows.map((row) =>
        db.searchOutbox.update({
          where: { id: row.id },
          data: { attempts: row.attempts + 1, nextAttemptAt: new Date(Date.now() + Math.min(30_000, 500 * 2 ** row.attempts)) },
        }),
      ),
    );
    throw error;
  }
}

export type SyncLoop = { stop: () => Promise<void> };

/** How often the loop looks for offers that expired (they leave the index within a day anyway). */
const EXPIRY_CHECK_MS = 60_000;

/** While Meilisearch is down the loop tries again later each time: 0.5 s, 1 s, 2 s… up to this. */
const DOWN_RETRY_MAX_MS = 5000;

/** How often the loop runs `afterIndex` when nothing was indexed (to retry what failed). */
const AFTER_INDEX_RETRY_MS = 60_000;

/** How often an instance without the sync lease looks whether it is free. */
const LEASE_POLL_MS = 1000;

/**
 * Runs processOutbox until stopped; says once that Meilisearch is down and once that it is back.
 * Of several instances on one database, only the one holding the sync lease (search/lease.ts)
 * pushes; the others look for the lease each second and take it when it is given back or runs out.
 * `afterIndex` (the alerts) runs beside it, never holding it up: after each round that indexed
 * something, and once a minute.
 */
export function startSyncLoop(
  db: PrismaClient,
  meili: Meilisearch,
  {
    intervalMs = 100,
    log = console.warn,
    indexReady = false,
    afterIndex,
  }: {
    intervalMs?: number;
    log?: (message: string) => void;
    indexReady?: boolean;
    afterIndex?: () => Promise<unknown>;
  } = {},
): SyncLoop {
  let afterIndexAt = 0;
  let afterIndexFailed = false;
  /** The run in progress: indexing never waits for it, and one more follows if asked meanwhile. */
  let afterIndexRun: Promise<void> | null = null;
  let afterIndexAgain = false;
  const runAfterIndex = (handled: number) => {
    if (!afterIndex || (handled === 0 && Date.now() - afterIndexAt < AFTER_INDEX_RETRY_MS)) return;
    if (afterIndexRun) {
      afterIndexAgain = true;
      return;
    }
    afterIndexAt = Date.now();
    afterIndexRun = (async () => {
      do {
        afterIndexAgain = false;
        try {
          await afterIndex();
          if (afterIndexFailed) log("Alerts: running again.");
          afterIndexFailed = false;
        } catch (error) {
          if (!afterIndexFailed) log(`Alerts: failed, tried again within a minute (${(error as Error).message}).`);
          afterIndexFailed = true;
        }
      } while (afterIndexAgain && running);
    })().finally(() => {
      afterIndexRun = null;
    });
  };
  let running = true;
  /** Failed rounds in a row: how long the loop waits before the next one. */
  let failures = 0;
  let ready = indexReady;
  let expiriesCheckedAt = 0;
  let wake: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (!running) return resolve();
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const done = (async () => {
    while (running) {
      let handled = 0;
      try {
        if (!(await holdLease(db))) {
          // Alerts are claimed item by item: every instance may run them.
          runAfterIndex(0);
          await pause(LEASE_POLL_MS);
          continue;
        }
        if (Date.now() - expiriesCheckedAt >= EXPIRY_CHECK_MS) {
          await enqueueExpiredOffers(db);
          expiriesCheckedAt = Date.now();
        }
        // Settings (and a rebuild when due) first, again after every outage.
        if (!ready) {
          await ensureIndex(db, meili, log);
          ready = true;
        }
        handled = await processOutbox(db, meili);
        if (failures > 0) log("Search sync: Meilisearch answers again, the changes made meanwhile are being indexed.");
        failures = 0;
        runAfterIndex(handled);
      } catch (error) {
        if (failures === 0)
          log(`Search sync: Meilisearch unreachable, changes wait in the outbox (${(error as Error).message}).`);
        failures += 1;
        ready = false;
      }
      if (failures > 0) await pause(Math.min(DOWN_RETRY_MAX_MS, intervalMs * 5 * 2 ** (failures - 1)));
      else if (handled === 0) await pause(intervalMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake();
      await done;
      await afterIndexRun;
      await releaseLease(db).catch(() => {});
    },
  };
}
