// Reading the CCAS's audit journal (/ccas/journal). Entries are written by `audit()` only
// (audit.server.ts), and nothing here or elsewhere changes or deletes them.
import { formatDateTime } from "~/domain/format";
import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import type { Db } from "~/utils/db.server";
import { AUDIT_ACTIONS, type AuditAction } from "./audit.server";

/** The journal's filter: an action's family is what comes before its dot ("staff.grant" → "staff"). */
export const AUDIT_FAMILIES = [
  { code: "staff", label: "Équipe du CCAS" },
  { code: "moderation", label: "Modération" },
  { code: "review", label: "Instruction des groupements" },
  { code: "call", label: "Appels" },
] as const;
export type AuditFamily = (typeof AUDIT_FAMILIES)[number]["code"];

export const AUDIT_PAGE_SIZE = 50;

const SUBJECT_LABELS: Record<string, string> = {
  user: "Personne",
  "staff-invitation": "Invitation",
  organisation: "Structure",
  offer: "Offre",
  idea: "Idée",
  report: "Signalement",
  groupement: "Groupement",
  call: "Appel",
};

export function isAuditFamily(value: string | null): value is AuditFamily {
  return AUDIT_FAMILIES.some((family) => family.code === value);
}

const actionsOf = (family: AuditFamily) =>
  (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter((action) => action.startsWith(`${family}.`));

/** What an entry concerns, as a person reads it: its name, and the page where it can be opened. */
export type AuditSubject = { kind: string; name: string | null; href: string | null };

/** What the journal shows for an item that no longer exists. */
export const GONE = "(supprimé)";

type Described = { name: string; href: string | null };
type SubjectRef = { type: string; id: string };

const keyOf = ({ type, id }: SubjectRef) => `${type}:${id}`;

/**
 * Names (and pages) for the items a page of entries concerns, a few queries per type. An
 * organisation, offer or idea links to its public page only while it is public; a groupement and a
 * call to the CCAS's own page; a report names what was reported. Absent from the map: deleted.
 */
async function describeSubjects(db: Db, refs: readonly SubjectRef[], now = new Date()): Promise<Map<string, Described>> {
  const idsOf = (type: string) => [...new Set(refs.filter((ref) => ref.type === type).map((ref) => ref.id))];
  const reports = await db.report.findMany({
    where: { id: { in: idsOf("report") } },
    select: { id: true, entityType: true, entityId: true },
  });
  const reported = reports.map((report) => ({ type: report.entityType, id: report.entityId }));
  const idsWithReported = (type: string) => [
    ...new Set([...idsOf(type), ...reported.filter((ref) => ref.type === type).map((ref) => ref.id)]),
  ];
  const organisationIds = idsWithReported("organisation");
  const offerIds = idsWithReported("offer");
  const ideaIds = idsWithReported("idea");
  const [users, invitations, organisations, publicOrganisations, offers, publicOffers, ideas, publicIdeas, groupements, calls] =
    await Promise.all([
      db.user.findMany({ where: { id: { in: idsOf("user") } }, select: { id: true, name: true, email: true } }),
      db.staffInvitation.findMany({ where: { id: { in: idsOf("staff-invitation") } }, select: { id: true, email: true } }),
      db.organisation.findMany({ where: { id: { in: organisationIds } }, select: { id: true, name: true, slug: true } }),
      db.organisation.findMany({ where: { id: { in: organisationIds }, ...visibleOrganisationWhere() }, select: { id: true } }),
      db.offer.findMany({
        where: { id: { in: offerIds } },
        select: { id: true, title: true, organisation: { select: { name: true, slug: true } } },
      }),
      db.offer.findMany({ where: { id: { in: offerIds }, ...visibleOfferWhere(now) }, select: { id: true } }),
      db.idea.findMany({ where: { id: { in: ideaIds } }, select: { id: true, title: true, slug: true } }),
      db.idea.findMany({ where: { id: { in: ideaIds }, ...visibleIdeaWhere() }, select: { id: true } }),
      db.groupement.findMany({ where: { id: { in: idsOf("groupement") } }, select: { id: true, title: true } }),
      db.call.findMany({ where: { id: { in: idsOf("call") } }, select: { id: true, title: true, slug: true } }),
    ]);
  const isPublic = (rows: { id: string }[]) => new Set(rows.map((row) => row.id));
  const [organisationsShown, offersShown, ideasShown] = [
    isPublic(publicOrganisations),
    isPublic(publicOffers),
    isPublic(publicIdeas),
  ];
  const described = new Map<string, Described>();
  const set = (type: string, id: string, value: Described) => described.set(keyOf({ type, id }), value);
  for (const user of users) set("user", user.id, { name: `${user.name} (${user.email})`, href: null });
  for (const invitation of invitations) set("staff-invitation", invitation.id, { name: invitation.email, href: null });
  for (const organisation of organisations)
    set("organisation", organisation.id, {
      name: organisation.name,
      href: organisationsShown.has(organisation.id) ? `/organisations/${organisation.slug}` : null,
    });
  for (const offer of offers)
    set("offer", offer.id, {
      name: `${offer.title} (${offer.organisation.name})`,
      href: offersShown.has(offer.id) ? `/organisations/${offer.organisation.slug}` : null,
    });
  for (const idea of ideas)
    set("idea", idea.id, { name: idea.title, href: ideasShown.has(idea.id) ? `/idees/${idea.slug}` : null });
  for (const groupement of groupements)
    set("groupement", groupement.id, { name: groupement.title, href: `/ccas/groupements/${groupement.id}` });
  for (const call of calls) set("call", call.id, { name: call.title, href: `/ccas/appels/${call.slug}` });
  for (const report of reports) {
    const item = described.get(keyOf({ type: report.entityType, id: report.entityId }));
    const kind = (SUBJECT_LABELS[report.entityType] ?? report.entityType).toLowerCase();
    set("report", report.id, { name: `sur ${kind} « ${item?.name ?? GONE} »`, href: item?.href ?? null });
  }
  return described;
}

/** One page of the journal, newest first, for one family of actions or all. */
export async function getAuditPage(db: Db, { family, page }: { family: AuditFamily | null; page: number }) {
  const where = family ? { action: { in: actionsOf(family) } } : {};
  const [total, rows] = await Promise.all([
    db.auditEntry.count({ where }),
    db.auditEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: { id: true, actorLabel: true, action: true, subjectType: true, subjectId: true, detail: true, createdAt: true },
    }),
  ]);
  const subjects = await describeSubjects(
    db,
    rows.flatMap((row) => (row.subjectId ? [{ type: row.subjectType, id: row.subjectId }] : [])),
  );
  return {
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    entries: rows.map((row) => ({
      id: row.id,
      actor: row.actorLabel,
      action: AUDIT_ACTIONS[row.action as AuditAction] ?? row.action,
      subject: ((): AuditSubject => {
        const kind = SUBJECT_LABELS[row.subjectType] ?? row.subjectType;
        if (!row.subjectId) return { kind, name: null, href: null };
        const item = subjects.get(keyOf({ type: row.subjectType, id: row.subjectId }));
        return { kind, name: item?.name ?? GONE, href: item?.href ?? null };
      })(),
      detail: row.detail,
      at: formatDateTime(row.createdAt),
      iso: row.createdAt.toISOString(),
    })),
  };
}
