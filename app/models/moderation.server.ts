import { KINDS, labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import { getCurrentCallSubAxes } from "./call.server";
import type { OrganisationInput } from "~/domain/schemas/organisation";
import {
  changedFields,
  contentOf,
  IDEA_FIELD_NAMES,
  IDEA_FIELD_OPTIONS,
  OFFER_FIELD_NAMES,
  OFFER_FIELD_OPTIONS,
  ORGANISATION_FIELD_NAMES,
  ORGANISATION_FIELD_OPTIONS,
} from "~/domain/changes";
import { registerNumbers } from "~/domain/format";
import { approvedIdeaInput, IDEA_EDIT_FIELDS, ideaPublication } from "./idea.server";
import { approvedOfferInput, OFFER_FIELDS, offerPublication } from "./offer.server";
import {
  approvedOrganisationInput,
  homeQuartierSlug,
  ORGANISATION_EDIT_FIELDS,
  organisationPublication,
} from "./organisation.server";
import { getClaimsForModeration } from "./profile-claim.server";
import type { Publishable } from "./publication.server";
import { getOpenReports } from "./report.server";

/**
 * A new item, changes to a published one, or changes that no longer read as the form (a field
 * changed since they were saved): publishing those is refused, the CCAS refuses them with a reason.
 */
function kindOf(row: { pendingChanges: string | null }, pending: unknown): "new" | "changes" | "unreadable" {
  return row.pendingChanges === null ? "new" : pending ? "changes" : "unreadable";
}

/**
 * What waits for the CCAS: new profiles, offers and ideas, changes to published ones, reports, and
 * claims of register profiles.
 */
export async function getModerationQueue(db: Db) {
  const waiting = { OR: [{ status: "pending" }, { pendingChanges: { not: null } }] };
  const owner = { select: { name: true, status: true } } as const;
  const [organisations, offers, ideas, reports, claims] = await Promise.all([
    db.organisation.findMany({ where: waiting, orderBy: { updatedAt: "asc" }, select: ORGANISATION_EDIT_FIELDS }),
    db.offer.findMany({ where: waiting, orderBy: { updatedAt: "asc" }, select: { ...OFFER_FIELDS, organisation: owner } }),
    db.idea.findMany({ where: waiting, orderBy: { updatedAt: "asc" }, select: { ...IDEA_EDIT_FIELDS, organisation: owner } }),
    getOpenReports(db),
    getClaimsForModeration(db),
  ]);
  const withPending = <Row extends { pendingChanges: string | null }, Form, Pending>(
    rows: Row[],
    item: Publishable<Form, Pending>,
  ) => Promise.all(rows.map(async (row) => ({ row, pending: await item.parsePending(db, row.pendingChanges) })));
  const [organisationRows, offerRows, ideaRows, subAxes] = await Promise.all([
    withPending(organisations, organisationPublication()),
    withPending(offers, offerPublication),
    withPending(ideas, ideaPublication),
    // Sub-axes by their titles (a code of another call stays a code); none without a current call.
    getCurrentCallSubAxes(db).then(
      (call) => call.subAxes,
      () => [],
    ),
  ]);
  return {
    organisations: organisationRows.map(({ row: organisation, pending }) => {
      // The quartier of the address as it would be written: the one chosen, or the point's.
      const waitingForm = pending?.form && {
        ...pending.form,
        homeQuartier: (homeQuartierSlug(pending.form) ?? undefined) as OrganisationInput["homeQuartier"],
      };
      const changes = waitingForm
        ? changedFields(approvedOrganisationInput(organisation), waitingForm, ORGANISATION_FIELD_NAMES, {
            ...ORGANISATION_FIELD_OPTIONS,
            subAxes,
          })
        : [];
      if (pending?.logo) changes.push({ name: "Logo", before: "", after: "" });
      const shown = pending?.form ?? organisation;
      const kind = kindOf(organisation, pending);
      return {
        id: organisation.id,
        slug: organisation.slug,
        kind,
        changes,
        // A new fiche: everything it would publish, read before « Publier ».
        content:
          kind === "new"
            ? contentOf(approvedOrganisationInput(organisation), ORGANISATION_FIELD_NAMES, {
                ...ORGANISATION_FIELD_OPTIONS,
                subAxes,
              })
            : [],
        name: shown.name,
        shortDescription: shown.shortDescription,
        sector: labelOf(SECTORS, shown.sector),
        legalKind: labelOf(KINDS, shown.kind),
        identifier: registerNumbers(shown)[0] ?? "aucun",
        newLogo: Boolean(pending?.logo),
        verified: Boolean(organisation.verifiedAt),
      };
    }),
    offers: offerRows.map(({ row: offer, pending }) => {
      const shown = pending ?? offer;
      const kind = kindOf(offer, pending);
      return {
        id: offer.id,
        kind,
        changes: pending ? changedFields(approvedOfferInput(offer), pending, OFFER_FIELD_NAMES, OFFER_FIELD_OPTIONS) : [],
        content: kind === "new" ? contentOf(approvedOfferInput(offer), OFFER_FIELD_NAMES, OFFER_FIELD_OPTIONS) : [],
        title: shown.title,
        description: shown.description,
        resource: labelOf(RESOURCES, shown.resource),
        organisation: offer.organisation.name,
        organisationPublished: offer.organisation.status === "published",
      };
    }),
    ideas: ideaRows.map(({ row: idea, pending }) => {
      const shown = pending ?? idea;
      // The stage is the structure's own, never waiting (see getIdeaForEdit).
      const approved = approvedIdeaInput(idea);
      const kind = kindOf(idea, pending);
      return {
        id: idea.id,
        kind,
        changes: pending
          ? changedFields(approved, { ...pending, stage: approved.stage }, IDEA_FIELD_NAMES, { ...IDEA_FIELD_OPTIONS, subAxes })
          : [],
        content: kind === "new" ? contentOf(approved, IDEA_FIELD_NAMES, { ...IDEA_FIELD_OPTIONS, subAxes }) : [],
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

/**
 * The organisation answering for an item, how to name the item in a mail, and whether what waits
 * is changes to its published version; null when unknown.
 */
export async function ownerOf(db: Db, entityType: ModeratedType, entityId: string) {
  const changes = (row: { status: string; pendingChanges: string | null }) =>
    row.status === "published" && row.pendingChanges !== null;
  if (entityType === "organisation") {
    const row = await db.organisation.findUnique({
      where: { id: entityId },
      select: { id: true, slug: true, name: true, status: true, pendingChanges: true },
    });
    // By its name: a person may administer several structures.
    return row
      ? { organisationId: row.id, what: `la fiche « ${row.name} »`, path: `/organisations/${row.slug}`, changes: changes(row) }
      : null;
  }
  if (entityType === "offer") {
    const row = await db.offer.findUnique({
      where: { id: entityId },
      select: {
        organisationId: true,
        title: true,
        status: true,
        pendingChanges: true,
        organisation: { select: { slug: true, name: true } },
      },
    });
    // The structure named too: a person may administer several.
    return row
      ? {
          organisationId: row.organisationId,
          what: `l'offre « ${row.title} » de la structure « ${row.organisation.name} »`,
          path: `/organisations/${row.organisation.slug}`,
          changes: changes(row),
        }
      : null;
  }
  const row = await db.idea.findUnique({
    where: { id: entityId },
    select: {
      organisationId: true,
      title: true,
      slug: true,
      status: true,
      pendingChanges: true,
      organisation: { select: { name: true } },
    },
  });
  return row
    ? {
        organisationId: row.organisationId,
        what: `l'idée « ${row.title} » de la structure « ${row.organisation.name} »`,
        path: `/idees/${row.slug}`,
        changes: changes(row),
      }
    : null;
}
