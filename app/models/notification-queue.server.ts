// Notifications mailed after the response rather than inside the request: publishing a call tells
// every lead of an idea or open groupement of the other calls, and mailing them one by one held
// the publication for seconds. They are recorded in the request's transaction, those of people who
// chose « un e-mail à chaque fois » marked as queued; this module mails the queued ones, started
// right after the request (deliverQueuedSoon) and again by the server's background loop (scripts/
// start.ts), so a mail that failed, or a server stopped in between, is sent on the next round. The
// daily digest (sendDigests) takes the others, as for any notification.
import type { Db, Tx } from "~/utils/db.server";
import type { Mail } from "~/utils/mail.server";
import { sendClaimed } from "./claimed-mail.server";
import type { NotificationContent } from "./notification.server";

type Send = (mail: Mail) => Promise<void>;

/** How many queued notifications one round mails at most (the next round takes the rest). */
const BATCH = 200;

/**
 * Records a notification for each person, in the caller's transaction; those who want a mail at
 * once get theirs queued for sendQueuedNotifications. Returns how many people were told.
 */
export async function queueNotifications(
  tx: Db | Tx,
  items: readonly { userId: string; content: NotificationContent }[],
  now = new Date(),
): Promise<number> {
  if (items.length === 0) return 0;
  const users = await tx.user.findMany({
    where: { id: { in: [...new Set(items.map((item) => item.userId))] } },
    select: { id: true, notificationMode: true },
  });
  const immediate = new Set(users.filter((user) => user.notificationMode === "immediate").map((user) => user.id));
  const known = new Set(users.map((user) => user.id));
  const rows = items.filter((item) => known.has(item.userId));
  await tx.notification.createMany({
    data: rows.map((item) => ({
      userId: item.userId,
      ...item.content,
      mailQueuedAt: immediate.has(item.userId) ? now : null,
    })),
  });
  return new Set(rows.map((item) => item.userId)).size;
}

/**
 * Mails the queued notifications not mailed yet, oldest first, each claimed before its mail goes
 * (as notifyUsers does) and given back if the mail fails, so that it goes once, here or in a
 * digest. Stops at the first failure (the mail server is likely down) and throws it.
 */
export async function sendQueuedNotifications(db: Db, send: Send, now = new Date()): Promise<number> {
  const queued = await db.notification.findMany({
    where: { mailQueuedAt: { not: null }, mailedAt: null },
    orderBy: { mailQueuedAt: "asc" },
    take: BATCH,
    select: { id: true, subject: true, body: true, link: true, user: { select: { email: true, name: true } } },
  });
  let sent = 0;
  for (const notification of queued) {
    const { count } = await db.notification.updateMany({
      where: { id: notification.id, mailedAt: null },
      data: { mailedAt: now },
    });
    if (count === 0) continue;
    const outcome = await sendClaimed(db, [notification.id], now, () =>
      send({
        to: notification.user.email,
        subject: notification.subject,
        text: `Bonjour ${notification.user.name},\n\n${notification.body}\n\n${notification.link}\n\nL'équipe Coopérons`,
      }),
    );
    if (outcome === "refused") {
      // The relay will not mail this address: no longer queued (tried again every round, for
      // nothing); the notification stays on the site, among the person's.
      await db.notification.update({ where: { id: notification.id }, data: { mailQueuedAt: null }, select: { id: true } });
      continue;
    }
    sent += 1;
  }
  return sent;
}

const globalForQueue = globalThis as typeof globalThis & {
  __notificationQueue?: { running: Promise<void> | null; again: boolean };
};

/**
 * Mails what is queued without holding up the caller: one run at a time in this process, and one
 * more after it when asked meanwhile. The promise settles when the queue is empty or a mail
 * failed (the background loop tries again later); it never rejects.
 */
export function deliverQueuedSoon(db: Db, send: Send, log: (message: string) => void = console.warn): Promise<void> {
  const state = (globalForQueue.__notificationQueue ??= { running: null, again: false });
  if (state.running) {
    state.again = true;
    return state.running;
  }
  state.running = (async () => {
    do {
      state.again = false;
      try {
        while ((await sendQueuedNotifications(db, send)) === BATCH);
      } catch (error) {
        log(`Notifications: a mail failed, sent again by the next round (${(error as Error).message}).`);
        return;
      }
    } while (state.again);
  })().finally(() => {
    state.running = null;
  });
  return state.running;
}
