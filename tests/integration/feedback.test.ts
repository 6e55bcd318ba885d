// What a person is told when the CCAS decides, what the CCAS is told when items wait, and what a
// confirmation link says when it is opened logged out.
import { describe, expect, it } from "vitest";
import { createOffer } from "~/models/offer.server";
import { sendModerationReminder } from "~/models/notification.server";
import { issueToken } from "~/models/user.server";
import { action as moderationAction } from "~/routes/ccas.moderation";
import { action as verifyAction } from "~/routes/verifier-email";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { actionArgs, formRequest, run } from "../helpers/requests";
import { useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
const db = () => getDb();

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
    expect(mail.text).toContain("l'offre « Salle Tournesol »");
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
});
