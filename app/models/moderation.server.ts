import { KINDS, labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import { ideaPublication } from "./idea.server";
import { offerPublication } from "./offer.server";
import { organisationPublication } from "./organisation.server";
import { getClaimsForModeration } from "./profile-claim.server";
import type { Publishable } from "./publication.server";
import { getOpenReports } from "./report.server";

/**
 * What waits for the CCAS: new profiles, offers and ideas, changes to published ones, reports, and
 * claims of register profiles.
 */
export async function getModerationQueue(db: Db) {
  const [organisations, offers, ideas, reports, claims] = await Promise.all([
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
    db.idea.findMany({
      where: { OR: [{ status: "pending" }, { pendingChanges: { not: null } }] },
      orderBy: { updatedAt: "asc" },
      select: {
        id: true,
        title: true,
        summary: true,
        pendingChanges: true,
        organisation: { select: { name: true, status: true } },
      },
    }),
    getOpenReports(db),
    getClaimsForModeration(db),
  ]);
  const withPending = <Row extends { pendingChanges: string | null }, Form, Pending>(
    rows: Row[],
    item: Publishable<Form, Pending>,
  ) => Promise.all(rows.map(async (row) => ({ row, pending: await item.parsePending(db, row.pendingChanges) })));
  const [organisationRows, offerRows, ideaRows] = await Promise.all([
    withPending(organisations, organisationPublication()),
    withPending(offers, offerPublication),
    withPending(ideas, ideaPublication),
  ]);
  return {
    organisations: organisationRows.map(({ row: organisation, pending }) => {
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
    offers: offerRows.map(({ row: offer, pending }) => {
      const shown = pending ?? offer;
      return {
        id: offer.id,
        kind: pending ? "changes" : "new",
        title: shown.title,
        description: shown.description,
        resource: labelOf(RESOURCES, shown.resource),
        organisation: offer.organisation.name,
        organisationPublished: offer.organisation.status === "published",
      };
    }),
    ideas: ideaRows.map(({ row: idea, pending }) => {
      const shown = pending ?? idea;
      return {
        id: idea.id,
        kind: pending ? "changes" : "new",
        title: shown.title,
        summary: shown.summary,
        organisation: idea.organisation.name,
        organisationPublished: idea.organisation.status === "published",
      };
    }),
    reports: reports.map((report) => ({
      id: report.id,
      entityType: report.entityType,
      reason: report.reason,
      reporter: report.reporter ? `${report.reporter.name} (${report.reporter.email})` : "compte supprimé",
      target: report.target,
    })),
    claims,
  };
}

export type ModeratedType = "organisation" | "offer" | "idea";

/** The organisation answering for an item, and how to name the item in a mail; null when unknown. */
export async function ownerOf(db: Db, entityType: ModeratedType, entityId: string) {
  if (entityType === "organisation") {
    const row = await db.organisation.findUnique({ where: { id: entityId }, select: { id: true, slug: true } });
    return row ? { organisationId: row.id, what: "la fiche de votre structure", path: `/organisations/${row.slug}` } : null;
  }
  if (entityType === "offer") {
    const row = await db.offer.findUnique({
      where: { id: entityId },
      select: { organisationId: true, title: true, organisation: { select: { slug: true } } },
    });
    return row
      ? { organisationId: row.organisationId, what: `l'offre « ${row.title} »`, path: `/organisations/${row.organisation.slug}` }
      : null;
  }
  const row = await db.idea.findUnique({ where: { id: entityId }, select: { organisationId: true, title: true, slug: true } });
  return row ? { organisationId: row.organisationId, what: `l'idée « ${row.title} »`, path: `/idees/${row.slug}` } : null;
}
