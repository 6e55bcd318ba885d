// One pusher at a time. Several app instances share one database and one Meilisearch: if two of
// them pushed outbox batches at once, an older state of an item built by one could reach the index
// after a newer one built by the other. So the instances hold a lease in turn (a row of AppState,
// « holder until »), taken and renewed by compare-and-swap on its value — one UPDATE … WHERE
// value = <what was read>, atomic on SQLite and PostgreSQL alike. The holder pushes every batch,
// whoever wrote the changes; the others wait. A holder that stops gives it back; one that dies
// loses it when it runs out, and another instance takes over.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../app/generated/prisma/client";
import { isUniqueViolation } from "../app/utils/db.server";

const LEASE_KEY = "searchSyncLease";

/**
 * How long a lease lasts unrenewed: longer than a batch can take (Meilisearch's task is awaited
 * 60 s at most), so that a live holder never loses it in the middle of a batch.
 */
export const LEASE_MS = 90_000;

/** This process, as the holder of leases: one name for its sync loop and its start-up rebuild. */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

type Db = Pick<PrismaClient, "appState">;

const parse = (value: string) => {
  const separator = value.lastIndexOf(" ");
  return { holder: value.slice(0, separator), until: Number(value.slice(separator + 1)) || 0 };
};

/**
 * Takes or renews the lease for `holder`; true when it holds it afterwards. A holder with more
 * than half its time left writes nothing.
 */
export async function holdLease(db: Db, holder = PROCESS_HOLDER, now = Date.now()): Promise<boolean> {
  const value = `${holder} ${now + LEASE_MS}`;
  const row = await db.appState.findUnique({ where: { key: LEASE_KEY } });
  if (!row) {
    try {
      await db.appState.create({ data: { key: LEASE_KEY, value } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
  const current = parse(row.value);
  if (current.holder !== holder && current.until > now) return false;
  if (current.holder === holder && current.until - now > LEASE_MS / 2) return true;
  const { count } = await db.appState.updateMany({ where: { key: LEASE_KEY, value: row.value }, data: { value } });
  return count === 1;
}

/** Gives the lease back, if `holder` has it: another instance takes over at once. */
export async function releaseLease(db: Db, holder = PROCESS_HOLDER) {
  await db.appState.deleteMany({ where: { key: LEASE_KEY, value: { startsWith: `${holder} ` } } });
}
