// The CCAS's audit journal (/ccas/journal): every grant, revocation, moderation decision, review
// decision and call publication, written in the same transaction as what it records. Append-only:
// nothing in the application updates or deletes an entry.
import type { Db, Tx } from "~/utils/db.server";

/** What is recorded, by family: the journal's filters and French labels follow these codes. */
export const AUDIT_ACTIONS = {
  "staff.grant": "Accès CCAS accordé",
  "staff.invite": "Invitation à l'équipe du CCAS",
  "staff.role": "Rôle CCAS modifié",
  "staff.revoke": "Accès CCAS retiré",
  "moderation.decision": "Décision de modération",
  "moderation.admin-invite": "Administrateur invité pour une structure qui n'en avait plus",
  "review.assign": "Relecteur désigné",
  "review.decision": "Décision sur un groupement",
  "call.create": "Appel préparé",
  "call.publish": "Appel publié",
  "call.calendar": "Calendrier d'un appel publié modifié",
  "call.results": "Résultats publiés",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Who acted: a signed-in person, or a command run on the server (`actor: null`, labelled). */
export type AuditActor = { id: string; name: string; email: string } | { id: null; label: string };

export async function audit(
  db: Db | Tx,
  actor: AuditActor,
  action: AuditAction,
  subject: { type: string; id?: string | null },
  detail = "",
) {
  await db.auditEntry.create({
    data: {
      actorId: actor.id,
      actorLabel: actor.id === null ? actor.label : `${actor.name} <${actor.email}>`,
      action,
      subjectType: subject.type,
      subjectId: subject.id ?? null,
      detail,
    },
  });
}
