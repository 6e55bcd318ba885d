// Notifications: recorded for each person, mailed according to their choice — at once, in a
// daily digest (`npm run notify:digest`), or never. A notification is mailed at most once.
import type { Db } from "~/utils/db.server";
import { digestUnsubscribe } from "./alert.server";
import type { Mail } from "~/utils/mail.server";
import { sendClaimed } from "./claimed-mail.server";

type Send = (mail: Mail) => Promise<void>;
export type NotificationContent = { subject: string; body: string; link: string };

/**
 * Records a notification for each person and mails at once those who chose it. A mail that fails
 * (the mail server down) fails neither the caller, whose change is already made, nor the other
 * mails' record: it is queued, and the server's loop sends it (notification-queue.server.ts) — the
 * remaining ones too, without trying them now.
 */
export async function notifyUsers(
  db: Db,
  userIds: string[],
  content: NotificationContent,
  send: Send,
  log: (message: string) => void = console.warn,
) {
  if (userIds.length === 0) return;
  const users = await db.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, email: true, name: true, notificationMode: true },
  });
  let mailServerDown = false;
  for (const user of users) {
    const notification = await db.notification.create({ data: { userId: user.id, ...content } });
    if (user.notificationMode !== "immediate") continue;
    if (mailServerDown) {
      await db.notification.update({ where: { id: notification.id }, data: { mailQueuedAt: new Date() } });
      continue;
    }
    // Claimed before sending, released if the mail fails: it is never sent twice.
    await db.notification.update({ where: { id: notification.id }, data: { mailedAt: new Date() } });
    try {
      await send({
        to: user.email,
        subject: content.subject,
        text: `Bonjour ${user.name},\n\n${content.body}\n\n${content.link}\n\nL'équipe Coopérons`,
      });
    } catch (error) {
      mailServerDown = true;
      await db.notification.update({ where: { id: notification.id }, data: { mailedAt: null, mailQueuedAt: new Date() } });
      log(`Notifications: a mail failed, sent again by the next round (${(error as Error).message}).`);
    }
  }
}

/** The admins of an organisation, who answer for it. */
export async function adminIdsOf(db: Db, organisationId: string): Promise<string[]> {
  const rows = await db.membership.findMany({ where: { organisationId, role: "admin" }, select: { userId: true } });
  return rows.map((row) => row.userId);
}

/** Which of these organisations have at least one administrator on the platform. */
export async function hasAdministrators(db: Db, organisationIds: string[]): Promise<Set<string>> {
  if (organisationIds.length === 0) return new Set();
  const rows = await db.membership.findMany({
    where: { organisationId: { in: organisationIds }, role: "admin" },
    select: { organisationId: true },
    distinct: ["organisationId"],
  });
  return new Set(rows.map((row) => row.organisationId));
}

/** Thrown inside a claim's transaction to undo it: another run took some of the items. */
class ClaimLost extends Error {}

/**
 * Sends each person who chose the daily digest one mail with everything not yet mailed. Items are
 * claimed in the database before the mail goes, all of a person's or none (a transaction undone
 * when another run took any of them), so two runs at once — from two hosts — never send an item
 * twice, nor a digest with nothing in it. `users`: the people mailed; `refused`: the addresses the
 * relay refused, whose items wait for the next run.
 */
export async function sendDigests(
  db: Db,
  send: Send,
  now = new Date(),
): Promise<{ users: number; items: number; refused: string[] }> {
  const users = await db.user.findMany({
    where: { notificationMode: "daily", notifications: { some: { mailedAt: null } } },
    select: { id: true, email: true, name: true },
  });
  let items = 0;
  let mailed = 0;
  const refused: string[] = [];
  for (const user of users) {
    const pending = await db.notification.findMany({ where: { userId: user.id, mailedAt: null }, orderBy: { createdAt: "asc" } });
    // Another run mailed this person since the list was read.
    if (pending.length === 0) continue;
    const ids = pending.map((item) => item.id);
    const claimed = await db
      .$transaction(async (tx) => {
        const { count } = await tx.notification.updateMany({
          where: { id: { in: ids }, mailedAt: null },
          data: { mailedAt: now },
        });
        if (count !== ids.length) throw new ClaimLost();
        return true;
      })
      .catch((error: unknown) => {
        // Another run took some of them: ours are given back, this person left to that run.
        if (error instanceof ClaimLost) return false;
        throw error;
      });
    if (!claimed) continue;
    const lines = pending.map((item) => `• ${item.subject}\n  ${item.body.split("\n")[0]}\n  ${item.link}`);
    // A digest that carries alerts carries their one-click unsubscribe too.
    const alerts = await digestUnsubscribe(db, user.id, ids);
    const outcome = await sendClaimed(db, ids, now, () =>
      send({
        to: user.email,
        subject: `Coopérons : ${pending.length} nouveauté${pending.length > 1 ? "s" : ""} depuis votre dernier résumé`,
        text: `Bonjour ${user.name},\n\nVoici ce qui s'est passé depuis votre dernier résumé :\n\n${lines.join("\n\n")}\n\nPour changer la fréquence de ces e-mails : « Mon compte ».${alerts ? `\n${alerts.line}` : ""}\n\nL'équipe Coopérons`,
        ...(alerts ? { headers: alerts.headers } : {}),
      }),
    );
    // An address the relay refuses: this person's items wait for the next run, the others go on.
    if (outcome === "refused") {
      refused.push(user.email);
      continue;
    }
    items += pending.length;
    mailed += 1;
  }
  return { users: mailed, items, refused };
}

const REMINDER_KEY = "moderationReminderSentOn";

/**
 * Tells the CCAS staff, once a day (run with the digest), how many items wait for them. A second
 * run the same day sends nothing.
 */
export async function sendModerationReminder(
  db: Db,
  send: Send,
  { now = new Date(), link }: { now?: Date; link: string },
): Promise<{ waiting: number; staff: number }> {
  const day = now.toISOString().slice(0, 10);
  const waitingWhere = { OR: [{ status: "pending" }, { pendingChanges: { not: null } }] };
  const [organisations, offers, ideas, reports, staff] = await Promise.all([
    db.organisation.count({ where: waitingWhere }),
    db.offer.count({ where: waitingWhere }),
    db.idea.count({ where: waitingWhere }),
    db.report.count({ where: { resolvedAt: null } }),
    db.user.findMany({ where: { isCcas: true, emailVerifiedAt: { not: null } }, select: { email: true, name: true } }),
  ]);
  const waiting = organisations + offers + ideas + reports;
  if (waiting === 0 || staff.length === 0) return { waiting, staff: 0 };
  // Claimed before sending: two runs on the same day send one reminder.
  const claimed = await db.$transaction(async (tx) => {
    const state = await tx.appState.findUnique({ where: { key: REMINDER_KEY } });
    if (state?.value === day) return false;
    await tx.appState.upsert({ where: { key: REMINDER_KEY }, create: { key: REMINDER_KEY, value: day }, update: { value: day } });
    return true;
  });
  if (!claimed) return { waiting, staff: 0 };
  const lines = [
    organisations ? `- ${organisations} fiche(s) de structure` : "",
    offers ? `- ${offers} offre(s) de ressources` : "",
    ideas ? `- ${ideas} idée(s) de projet` : "",
    reports ? `- ${reports} signalement(s)` : "",
  ].filter(Boolean);
  for (const person of staff) {
    await send({
      to: person.email,
      subject: `${waiting} élément(s) attendent votre validation — Coopérons`,
      text: `Bonjour ${person.name},\n\nCes éléments attendent une décision du CCAS :\n${lines.join("\n")}\n\n${link}\n\nL'équipe Coopérons`,
    });
  }
  return { waiting, staff: staff.length };
}
