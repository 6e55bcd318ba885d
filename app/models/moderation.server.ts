import { KINDS, labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import { parsePendingChanges } from "./organisation.server";
import { reviveOfferInput } from "./offer.server";

/** What waits for the CCAS: new profiles and offers, and changes to published ones. */
export async function getModerationQueue(db: Db) {
  const [organisations, offers] = await Promise.all([
    db.organisation.findMany({
      where: { OR: [{ status: "pending" }, { pendingChanges: { not: null } }] },
      orderBy: { updatedAt: "asc" },
      select: {
        id: true,
        slug: true,
        name: true,
        shortDescription: true,
        sector: true,
        kind: true,
        siret: true,
        rna: true,
        status: true,
        pendingChanges: true,
        verifiedAt: true,
        updatedAt: true,
      },
    }),
    db.offer.findMany({
      where: { OR: [{ status: "pending" }, { pendingChanges: { not: null } }] },
      orderBy: { updatedAt: "asc" },
      select: {
        id: true,
        title: true,
        description: true,
        resource: true,
        status: true,
        pendingChanges: true,
        organisation: { select: { name: true, status: true } },
      },
    }),
  ]);
  return {
    organisations: organisations.map((organisation) => {
      const pending = parsePendingChanges(organisation.pendingChanges);
      const shown = pending?.form ?? organisation;
      return {
        id: organisation.id,
        slug: organisation.slug,
        kind: pending ? "changes" : "new",
        name: shown.name,
        shortDescription: shown.shortDescription,
        sector: labelOf(SECTORS, shown.sector),
        legalKind: labelOf(KINDS, shown.kind),
        identifier: shown.siret ? `SIRET ${shown.siret}` : shown.rna ? `RNA ${shown.rna}` : "aucun",
        newLogo: Boolean(pending?.logo),
        verified: Boolean(organisation.verifiedAt),
      };
    }),
    offers: offers.map((offer) => {
      const shown = offer.pendingChanges ? reviveOfferInput(offer.pendingChanges) : offer;
      return {
        id: offer.id,
        kind: offer.pendingChanges ? "changes" : "new",
        title: shown.title,
        description: shown.description,
        resource: labelOf(RESOURCES, shown.resource),
        organisation: offer.organisation.name,
        organisationPublished: offer.organisation.status === "published",
      };
    }),
  };
}
