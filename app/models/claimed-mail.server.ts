// A notification's mail is claimed in the database (its mailedAt set) before it goes, so that it
// goes once whoever else runs; this sends it and gives the claim back when the mail fails. Shared
// by the daily digest, the queue of mails sent at once and the alerts.
import type { Db } from "~/utils/db.server";
import { isRecipientRefusal } from "~/utils/mail.server";

/**
 * Sends the mail of notifications this run claimed (mailedAt = `claimedAt`); when it fails they are
 * given back. An address the relay refuses concerns its person only: "refused", and the caller goes
 * on with the others (such an address first in line used to hold every mail behind it). Any other
 * failure — the relay down, the log-in refused — would fail for everyone: thrown, the run stops.
 */
export async function sendClaimed(
  db: Db,
  ids: string[],
  claimedAt: Date,
  send: () => Promise<void>,
): Promise<"sent" | "refused"> {
  try {
    await send();
    return "sent";
  } catch (error) {
    await db.notification.updateMany({ where: { id: { in: ids }, mailedAt: claimedAt }, data: { mailedAt: null } });
    if (isRecipientRefusal(error)) return "refused";
    throw error;
  }
}
