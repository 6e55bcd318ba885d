// `npm run -s data:purge`: deletes what the privacy page says is kept no longer (app/domain/retention.ts).
// Idempotent: a second run on the same day deletes nothing more.
import { contactMessagesKeptSince } from "~/domain/retention";
import type { Db } from "~/utils/db.server";

export type PurgeSummary = {
  sessions: number;
  tokens: number;
  organisationInvitations: number;
  staffInvitations: number;
  contactMessages: number;
};

export async function purgeExpiredData(db: Db, now = new Date()): Promise<PurgeSummary> {
  const [sessions, tokens, organisationInvitations, staffInvitations, contactMessages] = await db.$transaction([
    db.session.deleteMany({ where: { expiresAt: { lte: now } } }),
    // Used or expired links: only their hash was kept, and nothing can use them any more.
    db.userToken.deleteMany({ where: { OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] } }),
    // Past their end an invitation can no longer be accepted; an accepted one is recorded as a
    // membership (and, for the staff, in the audit journal).
    db.invitation.deleteMany({ where: { expiresAt: { lte: now } } }),
    db.staffInvitation.deleteMany({ where: { expiresAt: { lte: now } } }),
    db.contactMessage.deleteMany({ where: { createdAt: { lt: contactMessagesKeptSince(now) } } }),
  ]);
  return {
    sessions: sessions.count,
    tokens: tokens.count,
    organisationInvitations: organisationInvitations.count,
    staffInvitations: staffInvitations.count,
    contactMessages: contactMessages.count,
  };
}
