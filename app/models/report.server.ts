import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import { isUniqueViolation, type Db } from "~/utils/db.server";
import { auditModeration } from "./moderation-audit.server";
import { decideInTransaction } from "./publication.server";

export type ReportedType = "organisation" | "offer" | "idea";

/** A published thing that can be reported, with its title and its organisation; null otherwise. */
export async function findReportable(db: Db, entityType: ReportedType, entityId: string) {
  if (entityType === "organisation") {
    const row = await db.organisation.findFirst({
      where: { id: entityId, ...visibleOrganisationWhere() },
      select: { id: true, name: true, slug: true },
    });
    return row ? { title: row.name, organisationId: row.id, link: `/organisations/${row.slug}` } : null;
  }
  if (entityType === "offer") {
    const row = await db.offer.findFirst({
      where: { AND: [{ id: entityId }, visibleOfferWhere(new Date())] },
      select: { title: true, organisationId: true, organisation: { select: { slug: true } } },
    });
    return row ? { title: row.title, organisationId: row.organisationId, link: `/organisations/${row.organisation.slug}` } : null;
  }
  const row = await db.idea.findFirst({
    where: { id: entityId, ...visibleIdeaWhere() },
    select: { title: true, organisationId: true, slug: true },
  });
  return row ? { title: row.title, organisationId: row.organisationId, link: `/idees/${row.slug}` } : null;
}

export async function getOpenReports(db: Db) {
  const reports = await db.report.findMany({
    where: { resolvedAt: null },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      entityType: true,
      entityId: true,
      reason: true,
      createdAt: true,
      reporter: { select: { name: true, email: true } },
    },
  });
  return Promise.all(
    reports.map(async (report) => ({
      ...report,
      target: await findReportable(db, report.entityType as ReportedType, report.entityId),
    })),
  );
}

/** Unpublishes the reported item and closes every open report about it. */
export async function unpublishReported(
  db: Db,
  { reportId, moderatorId, reason }: { reportId: string; moderatorId: string; reason: string },
) {
  return db.$transaction(async (tx) => {
    const report = await tx.report.findUnique({
      where: { id: reportId },
      select: { entityType: true, entityId: true, resolvedAt: true },
    });
    if (!report || report.resolvedAt) return null;
    // An item already taken offline by an earlier report only has its reports closed.
    await decideInTransaction(
      tx,
      { type: report.entityType as ReportedType },
      report.entityId,
      { action: "unpublish", reason },
      { moderatorId },
    );
    await tx.report.updateMany({
      where: { entityType: report.entityType, entityId: report.entityId, resolvedAt: null },
      data: { resolution: "unpublished", resolvedAt: new Date(), resolvedById: moderatorId, openKey: null },
    });
    return report;
  });
}

export async function dismissReport(db: Db, { reportId, moderatorId }: { reportId: string; moderatorId: string }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.report.updateMany({
      where: { id: reportId, resolvedAt: null },
      data: { resolution: "dismissed", resolvedAt: new Date(), resolvedById: moderatorId, openKey: null },
    });
    if (count !== 1) return false;
    await auditModeration(tx, { moderatorId, type: "report", id: reportId, what: "dismiss-report" });
    return true;
  });
}

const openKeyOf = (reporterId: string, entityType: ReportedType, entityId: string) => `${reporterId} ${entityType} ${entityId}`;

/** Whether this person has a report about this item that the CCAS has not yet resolved. */
export async function hasOpenReport(
  db: Db,
  { reporterId, entityType, entityId }: { reporterId: string; entityType: ReportedType; entityId: string },
) {
  const open = await db.report.findFirst({ where: { reporterId, entityType, entityId, resolvedAt: null }, select: { id: true } });
  return open !== null;
}

/** Records a report; null when the person already has an open one about the item (even one sent at the same moment). */
export async function createReport(
  db: Db,
  {
    entityType,
    entityId,
    reason,
    reporterId,
  }: { entityType: ReportedType; entityId: string; reason: string; reporterId: string },
) {
  if (await hasOpenReport(db, { reporterId, entityType, entityId })) return null;
  try {
    return await db.report.create({
      data: { entityType, entityId, reason, reporterId, openKey: openKeyOf(reporterId, entityType, entityId) },
      select: { id: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
