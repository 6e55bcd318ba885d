import type { Prisma } from "~/generated/prisma/client";
import { quartierOfPlace } from "~/domain/geo";
import { createdStatus, visibleOfferWhere } from "~/domain/publication";
import { OfferSchema, type OfferInput } from "~/domain/schemas/offer";
import type { Db, Tx } from "~/utils/db.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { decide, parseStored, queueReindex, saveEdit, type Publishable } from "./publication.server";
import { getQuartierNames } from "./quartier.server";

async function offerData(tx: Tx, input: OfferInput) {
  // The quartier follows the point, as an organisation's (the list's choice when there is no point).
  const slug = quartierOfPlace(getQuartiersGeoJson().collection, { ...input, chosen: input.quartier });
  const quartier = slug ? await tx.quartier.findUnique({ where: { slug }, select: { id: true } }) : null;
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

/** A new offer goes to the CCAS queue (an offer has nothing more to complete than its form). */
export async function createOffer(db: Db, organisationId: string, input: OfferInput) {
  return db.$transaction(async (tx) =>
    tx.offer.create({
      data: {
        organisationId,
        status: createdStatus(true),
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

/** Offers in the publication lifecycle: what waits is the validated form. */
export const offerPublication: Publishable<OfferInput> = {
  type: "offer",
  parsePending: async (_db, json) => parseStored(OfferSchema, json),
  pendingWith: (_existing, form) => form,
  write: writeOffer,
  applyPending: writeOffer,
};

/** Saves an edit by the lifecycle's one rule for all items (app/domain/publication.ts). */
export function updateOffer(db: Db, offerId: string, input: OfferInput) {
  return saveEdit(db, offerPublication, offerId, input, { complete: true });
}

export function publishOffer(db: Db, { offerId, moderatorId }: { offerId: string; moderatorId: string }) {
  return decide(db, offerPublication, offerId, { action: "publish" }, moderatorId);
}

export function rejectOffer(db: Db, { offerId, moderatorId, reason }: { offerId: string; moderatorId: string; reason: string }) {
  return decide(db, offerPublication, offerId, { action: "reject", reason }, moderatorId);
}

/**
 * Deletes an offer; the index forgets it in the same transaction's outbox. Deleting it again (a
 * second tab, a double click) changes nothing.
 */
export async function deleteOffer(db: Db, offerId: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.offer.deleteMany({ where: { id: offerId } });
    if (count > 0) await queueReindex(tx, "offer", offerId);
  });
}

/** What the offer's form, its page in the back office and the moderation queue read of an offer. */
export const OFFER_FIELDS = {
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
} as const satisfies Prisma.OfferSelect;

export function getOffer(db: Db, offerId: string) {
  return db.offer.findUnique({ where: { id: offerId }, select: OFFER_FIELDS });
}

export function getOrganisationOffers(db: Db, organisationId: string) {
  return db.offer.findMany({ where: { organisationId }, orderBy: { createdAt: "desc" }, select: OFFER_FIELDS });
}

/** Offers shown to the public: published, of a published organisation, still valid today. */
export async function getPublishedOffers(db: Db, organisationId: string, now = new Date()) {
  const { quartier: _quartier, slots: _slots, ...select } = OFFER_FIELDS;
  const offers = await db.offer.findMany({
    where: { organisationId, ...visibleOfferWhere(now) },
    orderBy: { publishedAt: "desc" },
    select: { ...select, quartierId: true },
  });
  // Most structures have none: then nothing more is read (Prisma would still read their slots).
  if (offers.length === 0) return [];
  // The quartiers' names from the kept directory (quartier.server.ts): one statement fewer.
  const [names, slots] = await Promise.all([
    getQuartierNames(
      db,
      offers.flatMap((offer) => (offer.quartierId ? [offer.quartierId] : [])),
    ),
    db.offerSlot.findMany({ where: { offerId: { in: offers.map((offer) => offer.id) } }, select: { offerId: true, slot: true } }),
  ]);
  return offers.map(({ quartierId, ...offer }) => ({
    ...offer,
    quartier: (quartierId && names.get(quartierId)) || null,
    slots: slots.filter((slot) => slot.offerId === offer.id).map(({ slot }) => ({ slot })),
  }));
}

type OfferRow = Prisma.OfferGetPayload<{ select: typeof OFFER_FIELDS }>;

/** The form of an offer: its pending changes when some wait, else the approved version. */
export function toOfferInput(offer: OfferRow): OfferInput {
  return parseStored(OfferSchema, offer.pendingChanges) ?? approvedOfferInput(offer);
}

/** The approved version of an offer, as its form reads it. */
export function approvedOfferInput(offer: OfferRow): OfferInput {
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
