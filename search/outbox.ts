// Recording a change for the index, inside the transaction that makes it (Linkwarden's pattern).
import { expiryCutoff } from "../app/domain/publication";
import type { PrismaClient } from "../app/generated/prisma/client";
import type { EntityRef } from "./documents";

type Writer = Pick<PrismaClient, "searchOutbox">;

export async function enqueueIndex(tx: Writer, refs: EntityRef[]) {
  if (refs.length === 0) return;
  await tx.searchOutbox.createMany({ data: refs.map((ref) => ({ entityType: ref.entityType, entityId: ref.entityId })) });
}

/** An organisation's visibility decides its offers' and ideas': they are re-indexed with it. */
export async function enqueueOrganisation(tx: Writer & Pick<PrismaClient, "offer" | "idea">, organisationId: string) {
  const [offers, ideas] = await Promise.all([
    tx.offer.findMany({ where: { organisationId }, select: { id: true } }),
    tx.idea.findMany({ where: { organisationId }, select: { id: true } }),
  ]);
  await enqueueIndex(tx, [
    { entityType: "organisation", entityId: organisationId },
    ...offers.map((offer) => ({ entityType: "offer" as const, entityId: offer.id })),
    ...ideas.map((idea) => ({ entityType: "idea" as const, entityId: idea.id })),
  ]);
}

const EXPIRY_CHECKPOINT = "offerExpiryCheckedUntil";
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An offer leaves the index the day after its `validUntil` without any write: the offers whose
 * validity ended since the last check are queued, found by an indexed range on `validUntil` (never
 * a scan of every offer). The sync loop calls this; a first run looks back 31 days.
 */
export async function enqueueExpiredOffers(db: PrismaClient, now = new Date()): Promise<number> {
  const cutoff = expiryCutoff(now);
  const checkpoint = await db.appState.findUnique({ where: { key: EXPIRY_CHECKPOINT } });
  const since = checkpoint ? new Date(checkpoint.value) : new Date(cutoff.getTime() - 31 * DAY_MS);
  if (since >= cutoff) return 0;
  return db.$transaction(async (tx) => {
    const expired = await tx.offer.findMany({
      where: { validUntil: { gte: since, lt: cutoff }, status: "published" },
      select: { id: true },
    });
    await enqueueIndex(
      tx,
      expired.map((offer) => ({ entityType: "offer" as const, entityId: offer.id })),
    );
    await markExpiriesChecked(tx, cutoff);
    return expired.length;
  });
}

/** After a full rebuild (which leaves out expired offers) nothing before `cutoff` is due. */
export async function markExpiriesChecked(tx: Pick<PrismaClient, "appState">, cutoff: Date) {
  await tx.appState.upsert({
    where: { key: EXPIRY_CHECKPOINT },
    create: { key: EXPIRY_CHECKPOINT, value: cutoff.toISOString() },
    update: { value: cutoff.toISOString() },
  });
}
