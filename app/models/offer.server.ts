import type { OfferInput } from "~/domain/schemas/offer";
import type { Db } from "~/utils/db.server";
import { enqueueIndex } from "../../search/outbox";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function offerData(tx: Tx, input: OfferInput) {
  const quartier = input.quartier
    ? await tx.quartier.findUnique({ where: { slug: input.quartier }, select: { id: true } })
    : null;
  return {
    resource: input.resource,
    title: input.title,
    description: input.description,
    quartierId: quartier?.id ?? null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    availability: input.availability,
    capacity: input.capacity ?? null,
    conditions: input.conditions,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
  };
}

/** A new offer goes to the CCAS queue. */
export async function createOffer(db: Db, organisationId: string, input: OfferInput) {
  return db.$transaction(async (tx) =>
    tx.offer.create({
      data: {
        organisationId,
        status: "pending",
        ...(await offerData(tx, input)),
        slots: { create: input.slots.map((slot) => ({ slot })) },
      },
      select: { id: true },
    }),
  );
}

async function writeOffer(tx: Tx, offerId: string, input: OfferInput) {
  await tx.offer.update({
    where: { id: offerId },
    data: { ...(await offerData(tx, input)), slots: { deleteMany: {}, create: input.slots.map((slot) => ({ slot })) } },
  });
}

/** Same rule as profiles: a published offer stays as approved while its change waits. */
export async function updateOffer(db: Db, offerId: string, input: OfferInput) {
  return db.$transaction(async (tx) => {
    const current = await tx.offer.findUniqueOrThrow({ where: { id: offerId }, select: { status: true } });
    if (current.status === "published") {
      await tx.offer.update({ where: { id: offerId }, data: { pendingChanges: JSON.stringify(input) } });
      return { queued: true };
    }
    await writeOffer(tx, offerId, input);
    await tx.offer.update({ where: { id: offerId }, data: { status: "pending", moderationReason: null } });
    return { queued: true };
  });
}

export async function publishOffer(db: Db, { offerId, moderatorId }: { offerId: string; moderatorId: string }) {
  await db.$transaction(async (tx) => {
    const current = await tx.offer.findUniqueOrThrow({
      where: { id: offerId },
      select: { pendingChanges: true, publishedAt: true },
    });
    if (current.pendingChanges) await writeOffer(tx, offerId, reviveOfferInput(current.pendingChanges));
    await tx.offer.update({
      where: { id: offerId },
      data: { status: "published", pendingChanges: null, moderationReason: null, publishedAt: current.publishedAt ?? new Date() },
    });
    await tx.moderationDecision.create({ data: { entityType: "offer", entityId: offerId, action: "publish", moderatorId } });
    await enqueueIndex(tx, [{ entityType: "offer", entityId: offerId }]);
  });
}

export async function rejectOffer(
  db: Db,
  { offerId, moderatorId, reason }: { offerId: string; moderatorId: string; reason: string },
) {
  await db.$transaction(async (tx) => {
    const current = await tx.offer.findUniqueOrThrow({ where: { id: offerId }, select: { status: true } });
    await tx.offer.update({
      where: { id: offerId },
      data:
        current.status === "published"
          ? { pendingChanges: null, moderationReason: reason }
          : { status: "rejected", moderationReason: reason },
    });
    await tx.moderationDecision.create({
      data: { entityType: "offer", entityId: offerId, action: "reject", reason, moderatorId },
    });
    await enqueueIndex(tx, [{ entityType: "offer", entityId: offerId }]);
  });
}

/** Deletes an offer; the index forgets it in the same transaction's outbox. */
export async function deleteOffer(db: Db, offerId: string) {
  await db.$transaction(async (tx) => {
    await tx.offer.delete({ where: { id: offerId } });
    await enqueueIndex(tx, [{ entityType: "offer", entityId: offerId }]);
  });
}

/** Pending changes are stored as JSON: dates come back as strings. */
export function reviveOfferInput(json: string): OfferInput {
  const raw = JSON.parse(json) as OfferInput & { validFrom?: string; validUntil?: string };
  return {
    ...raw,
    validFrom: raw.validFrom ? new Date(raw.validFrom) : undefined,
    validUntil: raw.validUntil ? new Date(raw.validUntil) : undefined,
  };
}

const offerSelect = {
  id: true,
  organisationId: true,
  resource: true,
  title: true,
  description: true,
  latitude: true,
  longitude: true,
  availability: true,
  capacity: true,
  conditions: true,
  validFrom: true,
  validUntil: true,
  status: true,
  pendingChanges: true,
  moderationReason: true,
  quartier: { select: { slug: true, name: true } },
  slots: { select: { slot: true } },
} as const;

export function getOffer(db: Db, offerId: string) {
  return db.offer.findUnique({ where: { id: offerId }, select: offerSelect });
}

export function getOrganisationOffers(db: Db, organisationId: string) {
  return db.offer.findMany({ where: { organisationId }, orderBy: { createdAt: "desc" }, select: offerSelect });
}

/** Offers shown to the public: published, of a published organisation, still valid today. */
export function getPublishedOffers(db: Db, organisationId: string, now = new Date()) {
  return db.offer.findMany({
    where: {
      organisationId,
      status: "published",
      organisation: { status: "published" },
      OR: [{ validUntil: null }, { validUntil: { gte: now } }],
    },
    orderBy: { publishedAt: "desc" },
    select: offerSelect,
  });
}

export function toOfferInput(offer: NonNullable<Awaited<ReturnType<typeof getOffer>>>): OfferInput {
  if (offer.pendingChanges) return reviveOfferInput(offer.pendingChanges);
  return {
    resource: offer.resource as OfferInput["resource"],
    title: offer.title,
    description: offer.description,
    quartier: (offer.quartier?.slug as OfferInput["quartier"]) ?? undefined,
    latitude: offer.latitude ?? undefined,
    longitude: offer.longitude ?? undefined,
    availability: offer.availability,
    slots: offer.slots.map(({ slot }) => slot as OfferInput["slots"][number]),
    capacity: offer.capacity ?? undefined,
    conditions: offer.conditions as OfferInput["conditions"],
    validFrom: offer.validFrom ?? undefined,
    validUntil: offer.validUntil ?? undefined,
  };
}
