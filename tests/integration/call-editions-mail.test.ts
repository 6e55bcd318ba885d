// The mails a call's publication sends to the leads of the other calls' ideas and open groupements:
// recorded with the publication, mailed after the response (the publication took seconds when it
// mailed each lead itself, and failed with the mail server), once each, and those who chose the
// daily digest get them in it. A real SMTP server receives them.
import { describe, expect, it, vi } from "vitest";
import { sendDigests } from "~/models/notification.server";
import { deliverQueuedSoon, sendQueuedNotifications } from "~/models/notification-queue.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { createActor } from "../helpers/actors";
import { copy, ideaOf, publish, readyToPublish, retire } from "../helpers/call-editions";
import { getFreePort } from "../helpers/net";
import { linkIn, useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
const db = () => getDb();
const SUBJECT = /^Un nouvel appel à coopérations est publié/;
const mailsTo = (email: string) => smtp.server.mails.filter((mail) => mail.to.includes(email) && SUBJECT.test(mail.subject));

describe("the mails of a call's publication", () => {
  it("are sent right after the publication, each once, with the link to move the idea", async () => {
    const [admin, lead] = await Promise.all([createActor({ ccas: true }), createActor()]);
    const { idea } = await ideaOf(lead, { title: "Goûters du dimanche" });
    const slug = await copy(admin);
    await readyToPublish(admin, slug);

    expect((await publish(slug, admin.cookie)).status).toBe(302);
    const mail = await smtp.server.waitFor(lead.email, SUBJECT);
    expect(mail.text).toContain(`Vous pouvez y rattacher votre idée « ${idea.title} »`);
    expect(linkIn(mail)).toMatch(new RegExp(`/espace/changer-d-appel/${idea.id}$`));
    const notification = await db().notification.findFirstOrThrow({ where: { userId: lead.id } });
    expect(notification.mailedAt).not.toBeNull();
    // Another round finds nothing left: it went once.
    await deliverQueuedSoon(db(), sendMail);
    expect(await sendQueuedNotifications(db(), sendMail)).toBe(0);
    expect(mailsTo(lead.email)).toHaveLength(1);
    await retire(slug);
  });

  it("do not hold up nor fail the publication when the mail server is down: the next round sends them", async () => {
    const [admin, lead, dailyLead] = await Promise.all([createActor({ ccas: true }), createActor(), createActor()]);
    await db().user.update({ where: { id: dailyLead.id }, data: { notificationMode: "daily" } });
    const { idea } = await ideaOf(lead, { title: "Veilleurs du soir" });
    const daily = await ideaOf(dailyLead, { title: "Cafés de palier" });
    const slug = await copy(admin);
    await readyToPublish(admin, slug);

    // Nothing listens on this port: every mail fails.
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    process.env.SMTP_URL = `smtp://127.0.0.1:${await getFreePort()}`;
    try {
      const published = await publish(slug, admin.cookie);
      expect(published.status).toBe(302);
      expect((await db().call.findUniqueOrThrow({ where: { slug } })).draft).toBe(false);
      // The run the publication started has failed (or does now): the notification waits, queued.
      await deliverQueuedSoon(db(), sendMail);
      expect(warnings).toHaveBeenCalledWith(expect.stringMatching(/^Notifications: a mail failed/));
    } finally {
      process.env.SMTP_URL = smtp.server.url;
    }
    const waiting = await db().notification.findFirstOrThrow({ where: { userId: lead.id } });
    expect(waiting).toMatchObject({ mailedAt: null, mailQueuedAt: expect.any(Date) });
    expect(mailsTo(lead.email)).toHaveLength(0);

    // The mail server is back: the server's loop sends it, once.
    await deliverQueuedSoon(db(), sendMail);
    const mail = await smtp.server.waitFor(lead.email, SUBJECT);
    expect(linkIn(mail)).toMatch(new RegExp(`/espace/changer-d-appel/${idea.id}$`));
    expect(await sendQueuedNotifications(db(), sendMail)).toBe(0);
    expect(mailsTo(lead.email)).toHaveLength(1);

    // Who chose the daily digest gets no mail at once, and finds it in the digest.
    expect(mailsTo(dailyLead.email)).toHaveLength(0);
    expect(await db().notification.findFirstOrThrow({ where: { userId: dailyLead.id } })).toMatchObject({
      mailQueuedAt: null,
      mailedAt: null,
    });
    await sendDigests(db(), sendMail);
    const digest = await smtp.server.waitFor(dailyLead.email, /^Coopérons : \d+ nouveautés? depuis votre dernier résumé$/);
    expect(digest.text).toContain(daily.idea.title);
    await retire(slug);
  });
});
