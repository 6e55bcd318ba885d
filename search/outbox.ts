// Recording a change for the index, inside the transaction that makes it (Linkwarden's pattern).
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
