// Every moderation decision goes to the CCAS's audit journal, in the transaction that records it
// (publication.server.ts for publish / reject / unpublish, organisation.server.ts for « vérifiée »,
// report.server.ts for a report dismissed, profile-claim.server.ts for a claim of a register profile). Kept apart from moderation.server.ts, which imports the
// item models that themselves call this.
import type { Tx } from "~/utils/db.server";
import { audit, type AuditActor } from "./audit.server";

export type ModerationSubject = "organisation" | "offer" | "idea" | "report";

/** The decision's words in the journal. */
export type ModerationWhat =
  | "publish"
  | "publish-changes"
  | "reject"
  | "reject-changes"
  | "unpublish"
  | "verify"
  | "dismiss-report"
  | "accept-claim"
  | "refuse-claim";

const WHAT: Record<ModerationWhat, string> = {
  publish: "Publication",
  "publish-changes": "Modifications publiées",
  reject: "Refus",
  "reject-changes": "Modifications refusées",
  unpublish: "Dépublication",
  verify: "Structure marquée « vérifiée »",
  "dismiss-report": "Signalement classé sans suite",
  "accept-claim": "Revendication acceptée",
  "refuse-claim": "Revendication refusée",
};

/** The moderator as the journal names them; a decision without one was taken by the platform itself. */
async function actorOf(tx: Tx, moderatorId: string | null): Promise<AuditActor> {
  if (!moderatorId) return { id: null, label: "Coopérons (automatique)" };
  const user = await tx.user.findUnique({ where: { id: moderatorId }, select: { id: true, name: true, email: true } });
  return user ?? { id: null, label: "compte supprimé" };
}

async function nameOf(tx: Tx, type: ModerationSubject, id: string): Promise<string | null> {
  if (type === "organisation") return (await tx.organisation.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  if (type === "offer") return (await tx.offer.findUnique({ where: { id }, select: { title: true } }))?.title ?? null;
  if (type === "idea") return (await tx.idea.findUnique({ where: { id }, select: { title: true } }))?.title ?? null;
  const report = await tx.report.findUnique({ where: { id }, select: { entityType: true, entityId: true } });
  return report ? nameOf(tx, report.entityType as ModerationSubject, report.entityId) : null;
}

export async function auditModeration(
  tx: Tx,
  {
    moderatorId,
    type,
    id,
    what,
    reason,
    about,
  }: {
    moderatorId: string | null;
    type: ModerationSubject;
    id: string;
    what: ModerationWhat;
    reason?: string | null;
    /** Who else the decision concerns (a claim's claimant), said after the item's name. */
    about?: string;
  },
) {
  const name = await nameOf(tx, type, id);
  const detail =
    [WHAT[what], name ? `« ${name} »` : null].filter(Boolean).join(" : ") +
    (about ? ` (${about})` : "") +
    (reason ? ` — motif : ${reason}` : "");
  await audit(tx, await actorOf(tx, moderatorId), "moderation.decision", { type, id }, detail);
}
