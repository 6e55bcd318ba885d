// Reading the CCAS's audit journal (/ccas/journal). Entries are written by `audit()` only
// (audit.server.ts), and nothing here or elsewhere changes or deletes them.
import { formatDateTime } from "~/domain/format";
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
  return {
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    entries: rows.map((row) => ({
      id: row.id,
      actor: row.actorLabel,
      action: AUDIT_ACTIONS[row.action as AuditAction] ?? row.action,
      subject: `${SUBJECT_LABELS[row.subjectType] ?? row.subjectType}${row.subjectId ? ` ${row.subjectId}` : ""}`,
      detail: row.detail,
      at: formatDateTime(row.createdAt),
      iso: row.createdAt.toISOString(),
    })),
  };
}
