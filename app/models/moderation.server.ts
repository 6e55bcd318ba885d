import { KINDS, labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import type { OrganisationInput } from "~/domain/schemas/organisation";
import { changedFieldNames, IDEA_FIELD_NAMES, OFFER_FIELD_NAMES, ORGANISATION_FIELD_NAMES } from "~/domain/changes";
import { getIdeaForEdit, ideaPublication } from "./idea.server";
import { approvedOfferInput, getOffer, offerPublication } from "./offer.server";
import { getOrganisationForEdit, homeQuartierSlug, organisationPublication } from "./organisation.server";
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
  // What each edit changes, against the approved version (read again for the few that wait).
  const [organisationChanges, ideaChanges, offerChanges] = await Promise.all([
    Promise.all(
      organisationRows.map(async ({ row, pending }) => {
        const edit = pending ? await getOrganisationForEdit(db, row.id) : null;
        if (!pending || !edit) return [];
        // The quartier of the address as it would be written: the one chosen, or the point's.
        const waiting = pending.form && {
          ...pending.form,
          homeQuartier: (homeQuartierSlug(pending.form) ?? undefined) as OrganisationInput["homeQuartier"],
        };
        const names = waiting ? changedFieldNames(edit.approved, waiting, ORGANISATION_FIELD_NAMES) : [];
        return pending.logo ? [...names, "Logo"] : names;
      }),
    ),
    Promise.all(
      ideaRows.map(async ({ row, pending }) => {
        const edit = pending ? await getIdeaForEdit(db, row.id) : null;
        return pending && edit ? changedFieldNames(edit.approved, edit.form, IDEA_FIELD_NAMES) : [];
      }),
    ),
    Promise.all(
      offerRows.map(async ({ row, pending }) => {
        const offer = pending ? await getOffer(db, row.id) : null;
        return pending && offer ? changedFieldNames(approvedOfferInput(offer), pending, OFFER_FIELD_NAMES) : [];
      }),
    ),
  ]);
  return {
    organisations: organisationRows.map(({ row: organisation, pending }, index) => {
      const shown = pending?.form ?? organisation;
      return {
        id: organisation.id,
        slug: organisation.slug,
        kind: pending ? "changes" : "new",
        changed: organisationChanges[index]!,
        name: shown.name,
        shortDescription: shown.shortDescription,
        sector: labelOf(SECTORS, shown.sector),
        legalKind: labelOf(KINDS, shown.kind),
        identifier: shown.siret ? `SIRET ${shown.siret}` : shown.rna ? `RNA ${shown.rna}` : "aucun",
        newLogo: Boolean(pending?.logo),
        verified: Boolean(organisation.verifiedAt),
      };
    }),
    offers: offerRows.map(({ row: offer, pending }, index) => {
      const shown = pending ?? offer;
      return {
        id: offer.id,
        kind: pending ? "changes" : "new",
        changed: offerChanges[index]!,
        title: shown.title,
        description: shown.description,
        resource: labelOf(RESOURCES, shown.resource),
        organisation: offer.organisation.name,
        organisationPublished: offer.organisation.status === "published",
      };
    }),
    ideas: ideaRows.map(({ row: idea, pending }, index) => {
      const shown = pending ?? idea;
      return {
        id: idea.id,
        kind: pending ? "changes" : "new",
        changed: ideaChanges[index]!,
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
