// `npm run -s data:purge`: deletes what the privacy page says is kept no longer (app/domain/retention.ts).
// Idempotent: a second run on the same day deletes nothing more.
import { claimDocumentsKeptSince, contactMessagesKeptSince } from "~/domain/retention";
import type { Db } from "~/utils/db.server";
import { deleteDocument } from "~/utils/uploads.server";

export type PurgeSummary = {
  sessions: number;
  tokens: number;
  organisationInvitations: number;
  staffInvitations: number;
  contactMessages: number;
  claimDocuments: number;
  claimLinks: number;
};

export async function purgeExpiredData(db: Db, now = new Date()): Promise<PurgeSummary> {
  // A claim answered long enough ago: its proof document is no longer needed. The rows are cleared
  // in the transaction, the files deleted once it has committed (a file left behind by a crash is
  // unreachable: nothing names it any more).
  const oldDocuments = {
    status: { not: "pending" },
    documentFile: { not: null },
    decidedAt: { lt: claimDocumentsKeptSince(now) },
  };
  const documentFiles = (await db.profileClaim.findMany({ where: oldDocuments, select: { documentFile: true } })).map(
    (row) => row.documentFile!,
  );
  const [sessions, tokens, organisationInvitations, staffInvitations, contactMessages, claimDocuments, claimLinks] =
    await db.$transaction([
      db.session.deleteMany({ where: { expiresAt: { lte: now } } }),
      // Used or expired links: only their hash was kept, and nothing can use them any more.
      db.userToken.deleteMany({ where: { OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] } }),
      // Past their end an invitation can no longer be accepted; an accepted one is recorded as a
      // membership (and, for the staff, in the audit journal).
      db.invitation.deleteMany({ where: { expiresAt: { lte: now } } }),
      db.staffInvitation.deleteMany({ where: { expiresAt: { lte: now } } }),
      db.contactMessage.deleteMany({ where: { createdAt: { lt: contactMessagesKeptSince(now) } } }),
      db.profileClaim.updateMany({
        where: { ...oldDocuments, documentFile: { in: documentFiles } },
        data: { documentFile: null },
      }),
      // A claim's mailed link answered or expired: its hash proves nothing any more.
      db.profileClaim.updateMany({
        where: { tokenHash: { not: null }, OR: [{ status: { not: "pending" } }, { tokenExpiresAt: { lte: now } }] },
        data: { tokenHash: null },
      }),
    ]);
  for (const file of documentFiles) deleteDocument(file);
  return {
    sessions: sessions.count,
    tokens: tokens.count,
    organisationInvitations: organisationInvitations.count,
    staffInvitations: staffInvitations.count,
    contactMessages: contactMessages.count,
    claimDocuments: claimDocuments.count,
    claimLinks: claimLinks.count,
  };
}
