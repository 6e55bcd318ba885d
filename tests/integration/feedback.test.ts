// What a person is told when the CCAS decides, what the CCAS is told when items wait, what a
// confirmation link says when it is opened logged out, and the limits on reports.
import { beforeEach, describe, expect, it } from "vitest";
import { createOffer } from "~/models/offer.server";
import { sendModerationReminder } from "~/models/notification.server";
import { issueToken } from "~/models/user.server";
import { action as moderationAction } from "~/routes/ccas.moderation";
import { action as reportAction, loader as reportLoader } from "~/routes/signaler";
import { action as verifyAction } from "~/routes/verifier-email";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
const db = () => getDb();
beforeEach(() => resetRateLimits());

const OFFER = {
  resource: "locaux" as const,
  title: "Salle Tournesol",
  description: "Une salle au rez-de-chaussée.",
  availability: "Le mardi soir",
  slots: [],
  conditions: "free" as const,
};

describe("a decision of the CCAS", () => {
  it("mails the organisation's admins when its offer goes online, with a link to see it", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin);
    const offer = await createOffer(db(), organisation.id, OFFER);
    const response = await run(() =>
      moderationAction(
        actionArgs(formRequest("/ccas/moderation", { intent: "publish", entityType: "offer", entityId: offer.id }, ccas.cookie)),
      ),
    );
    expect(response.status).toBe(200);
    const mail = await smtp.server.waitFor(admin.email, /en ligne/);
    expect(mail.text).toContain(`l'offre « Salle Tournesol » de la structure « ${organisation.name} »`);
    expect(mail.text).toContain(`/organisations/${organisation.slug}`);
  });
});

describe("the CCAS's daily reminder", () => {
  it("tells each CCAS person how many items wait, once a day", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin);
    await createOffer(db(), organisation.id, { ...OFFER, title: "Salle en attente" });
    const now = new Date("2031-05-06T07:00:00Z");
    const first = await sendModerationReminder(db(), sendMail, { now, link: "http://localhost:3000/ccas/moderation" });
    expect(first.waiting).toBeGreaterThanOrEqual(1);
    const mail = await smtp.server.waitFor(ccas.email, /attendent votre validation/);
    expect(mail.text).toMatch(/\d+ offre\(s\) de ressources/);
    expect(mail.text).toContain("/ccas/moderation");

    const again = await sendModerationReminder(db(), sendMail, { now, link: "http://localhost:3000/ccas/moderation" });
    expect(again.staff).toBe(0);
    expect(smtp.server.mails.filter((item) => item.to.includes(ccas.email))).toHaveLength(1);
  });
});

describe("an e-mail confirmation link", () => {
  it("opened while logged out, lands on the log-in page that says the address is confirmed", async () => {
    const person = await createActor({ verified: false });
    const token = await issueToken(db(), { userId: person.id, kind: "verify-email", email: person.email });
    const response = await run(() => verifyAction(actionArgs(formRequest("/verifier-email", { token }))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/connexion?email=confirme");
    expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).emailVerifiedAt).not.toBeNull();
  });

  it("opened while logged in, goes on to the person's space", async () => {
    const person = await createActor({ verified: false });
    const token = await issueToken(db(), { userId: person.id, kind: "verify-email", email: person.email });
    const response = await run(() => verifyAction(actionArgs(formRequest("/verifier-email", { token }, person.cookie))));
    expect(response.headers.get("Location")).toBe("/espace?email=confirme");
  });

  it("opened while logged in as someone else, confirms that address and says whose it is, not « yours »", async () => {
    const [person, other] = await Promise.all([createActor({ verified: false }), createActor()]);
    const token = await issueToken(db(), { userId: person.id, kind: "verify-email", email: person.email });
    const response = await run(() => verifyAction(actionArgs(formRequest("/verifier-email", { token }, other.cookie))));
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ error: null, confirmedOther: person.email });
    expect((await db().user.findUniqueOrThrow({ where: { id: person.id } })).emailVerifiedAt).not.toBeNull();
  });

  it("opened while logged in from a page it was sent from, goes back there, saying so", async () => {
    const person = await createActor({ verified: false });
    const token = await issueToken(db(), { userId: person.id, kind: "verify-email", email: person.email });
    const fields = { token, redirectTo: "/espace/organisations/nouvelle?etape=1#fiche" };
    const response = await run(() => verifyAction(actionArgs(formRequest("/verifier-email", fields, person.cookie))));
    expect(response.headers.get("Location")).toBe("/espace/organisations/nouvelle?etape=1&email=confirme#fiche");
  });
});

describe("a report", () => {
  const report = (actor: Actor, entityId: string, reason = "Cette structure n'existe pas à cette adresse.") =>
    run(() => reportAction(actionArgs(formRequest("/signaler", { entityType: "organisation", entityId, reason }, actor.cookie))));
  const page = (actor: Actor, entityId: string) =>
    reportLoader(loaderArgsFor(getRequest(`/signaler?type=organisation&id=${entityId}`, actor.cookie)));
  const published = async () => createOrganisationFor(await createActor());

  it("needs a confirmed address, and says so", async () => {
    const [person, organisation] = await Promise.all([createActor({ verified: false }), published()]);
    expect(await page(person, organisation.id)).toMatchObject({ verified: false });
    const refused = await report(person, organisation.id);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.data)).toContain("Pour signaler un contenu, confirmez d'abord votre adresse e-mail");
    expect(await db().report.count({ where: { entityId: organisation.id } })).toBe(0);
  });

  it("is one open report per person and item: a second one is told the first is being looked at", async () => {
    const [person, ccas, organisation] = await Promise.all([createActor(), createActor({ ccas: true }), published()]);
    expect((await report(person, organisation.id)).status).toBe(200);
    const statuses = [];
    for (let index = 0; index < 19; index += 1)
      statuses.push((await report(person, organisation.id, `Encore ${index} fois, c'est faux.`)).status);
    expect(new Set(statuses)).toEqual(new Set([409]));
    const again = await report(person, organisation.id);
    expect(again.data).toMatchObject({ already: true, sent: false });
    expect(await page(person, organisation.id)).toMatchObject({ alreadyReported: true });
    expect(await db().report.count({ where: { entityId: organisation.id } })).toBe(1);

    // Once the CCAS has decided, the person may report the item again.
    const open = await db().report.findFirstOrThrow({ where: { entityId: organisation.id } });
    await run(() =>
      moderationAction(actionArgs(formRequest("/ccas/moderation", { intent: "dismiss", reportId: open.id }, ccas.cookie))),
    );
    expect(await page(person, organisation.id)).toMatchObject({ alreadyReported: false });
    expect((await report(person, organisation.id)).status).toBe(200);
    expect(await db().report.count({ where: { entityId: organisation.id } })).toBe(2);
  });

  it("sent twice at the same moment is recorded once", async () => {
    const [person, organisation] = await Promise.all([createActor(), published()]);
    const responses = await Promise.all([1, 2, 3, 4].map(() => report(person, organisation.id)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await db().report.count({ where: { entityId: organisation.id } })).toBe(1);
  });

  it("is limited to 10 a day per account", async () => {
    const person = await createActor();
    const organisations = await Promise.all(Array.from({ length: 11 }, () => published()));
    const statuses = [];
    for (const organisation of organisations) statuses.push((await report(person, organisation.id)).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const refused = await report(person, organisations[10]!.id);
    expect(JSON.stringify(refused.data)).toContain(
      "Vous avez envoyé beaucoup de signalements aujourd'hui. Réessayez dans 24 heures.",
    );
    expect(await db().report.count({ where: { reporterId: person.id } })).toBe(10);
  });
});
