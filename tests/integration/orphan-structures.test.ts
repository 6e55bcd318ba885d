// A structure whose last administrator deleted their account: its fiche is unpublished, nobody can
// edit it, and a person of the structure who comes back finds its SIRET taken and is told to write
// to the CCAS — who had no way to help (a probe's dead end). A CCAS administrator now invites an
// administrator for it (/ccas/structures-sans-administrateur); the person accepts as any member.
import crypto from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { deleteUserAccount } from "~/models/user.server";
import * as orphans from "~/routes/ccas.structures-sans-administrateur";
import * as invitationPage from "~/routes/invitation";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { linkIn, useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
const PATH = "/ccas/structures-sans-administrateur";

beforeEach(() => resetRateLimits());

type Page = {
  organisations: { id: string; name: string; status: string; identifier: string; invitation: { email: string } | null }[];
  notice: string | null;
  chosen: string;
};
const page = (actor: Actor | null, query = "") =>
  run(() => orphans.loader(loaderArgsFor(getRequest(`${PATH}${query}`, actor?.cookie))));
const invite = (actor: Actor | null, fields: Record<string, string>) =>
  run(() => orphans.action(actionArgs(formRequest(PATH, fields, actor?.cookie))));

/** A published structure whose only administrator deletes their account. */
async function orphan() {
  const admin = await createActor();
  const organisation = await createOrganisationFor(admin);
  await getDb().organisation.update({ where: { id: organisation.id }, data: { siret: null } });
  expect(await deleteUserAccount(getDb(), admin.id)).toEqual({ deleted: true });
  return organisation;
}

describe("structures without an administrator", () => {
  it("are listed for a CCAS administrator only, unpublished; a structure with an admin, the demo and register profiles are not", async () => {
    const [ccasAdmin, reviewer, member] = await Promise.all([
      createActor({ ccas: true }),
      createActor({ ccasRole: "ccas-reviewer" }),
      createActor(),
    ]);
    const [left, kept] = await Promise.all([orphan(), createOrganisationFor(member)]);
    const listed = await page(ccasAdmin);
    expect(listed.status).toBe(200);
    const rows = (listed.data as Page).organisations;
    expect(rows.find((row) => row.id === left.id)).toMatchObject({ name: left.name, status: "unpublished", invitation: null });
    expect(rows.some((row) => row.id === kept.id)).toBe(false);
    const db = getDb();
    const [demo, register] = await Promise.all([
      db.organisation.findFirst({ where: { isDemo: true }, select: { id: true } }),
      db.organisation.findFirst({ where: { unclaimed: true }, select: { id: true } }),
    ]);
    for (const other of [demo, register]) if (other) expect(rows.some((row) => row.id === other.id)).toBe(false);
    expect(demo).not.toBeNull();
    expect((await page(reviewer)).status).toBe(403);
    expect((await page(member)).status).toBe(403);
    expect((await invite(reviewer, { organisationId: left.id, email: "personne@exemple.org" })).status).toBe(403);
    expect((await invite(member, { organisationId: left.id, email: "personne@exemple.org" })).status).toBe(403);
    expect(await db.invitation.count({ where: { organisationId: left.id } })).toBe(0);
  });

  it("refuses a bad address or no structure in French, writing nothing", async () => {
    const ccasAdmin = await createActor({ ccas: true });
    const left = await orphan();
    const bad = await invite(ccasAdmin, { organisationId: left.id, email: "pas une adresse" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("pas une adresse");
    expect(JSON.stringify(bad.data)).toMatch(/adresse e-mail/i);
    const none = await invite(ccasAdmin, { organisationId: "", email: "personne@exemple.org" });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.data)).toContain("Choisissez la structure.");
    expect(await getDb().invitation.count({ where: { organisationId: left.id } })).toBe(0);
  });

  it("mails the invitation, records it in the journal; accepted, the person administers the structure, which leaves the list", async () => {
    const ccasAdmin = await createActor({ ccas: true });
    const left = await orphan();
    const email = `${crypto.randomUUID()}@exemple.org`;
    const sent = await invite(ccasAdmin, { organisationId: left.id, email });
    expect(sent.status).toBe(303);
    const after = await page(ccasAdmin, new URL(sent.headers.get("location")!, "http://localhost").search);
    expect((after.data as Page).notice).toMatch(
      new RegExp(`^Invitation envoyée à ${email} pour administrer « ${left.name} »\\. Elle vaut jusqu'au `),
    );
    expect((after.data as Page).organisations.find((row) => row.id === left.id)?.invitation?.email).toBe(email);
    const journal = await getDb().auditEntry.findFirstOrThrow({
      where: { subjectId: left.id, action: "moderation.admin-invite" },
    });
    expect(journal.detail).toBe(`« ${left.name} » : ${email}`);

    const mail = await smtp.server.waitFor(email, /vous invite à administrer la fiche/);
    expect(mail.subject).toBe(`Le CCAS vous invite à administrer la fiche de ${left.name} sur Coopérons`);
    expect(mail.text).toContain(`La fiche de la structure « ${left.name} » sur Coopérons n'a plus d'administrateur.`);
    expect(mail.text).toContain(`connectez-vous avec cette adresse, ${email} :`);
    expect(mail.text).toContain("Une fois administrateur, vérifiez et complétez la fiche");
    const token = new URL(linkIn(mail)).searchParams.get("token")!;
    const person = await createActor({ email });
    const accepted = await run(() =>
      invitationPage.action(actionArgs(formRequest("/invitation", { token, intent: "accept" }, person.cookie))),
    );
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/espace/organisations/${left.id}`);
    expect(await getDb().membership.findFirst({ where: { organisationId: left.id, userId: person.id } })).toMatchObject({
      role: "admin",
    });
    expect(((await page(ccasAdmin)).data as Page).organisations.some((row) => row.id === left.id)).toBe(false);
    // A form still open on the list: the structure has its administrator, who invites from now on.
    const late = await invite(ccasAdmin, { organisationId: left.id, email: "autre@exemple.org" });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.data)).toContain("Cette structure a de nouveau un administrateur");
  });

  it("makes an editor left in the structure its administrator, and the fiche no longer says it has none", async () => {
    const ccasAdmin = await createActor({ ccas: true });
    const [admin, editor] = await Promise.all([createActor(), createActor()]);
    const organisation = await createOrganisationFor(admin);
    const db = getDb();
    await db.membership.create({ data: { userId: editor.id, organisationId: organisation.id, role: "editor" } });
    expect(await deleteUserAccount(db, admin.id)).toEqual({ deleted: true });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).moderationReason).toBe(
      "La fiche n'a plus d'administrateur.",
    );
    expect(((await page(ccasAdmin)).data as Page).organisations.some((row) => row.id === organisation.id)).toBe(true);
    expect((await invite(ccasAdmin, { organisationId: organisation.id, email: editor.email })).status).toBe(303);
    const mail = await smtp.server.waitFor(editor.email, /vous invite à administrer la fiche/);
    const token = new URL(linkIn(mail)).searchParams.get("token")!;
    const accepted = await run(() =>
      invitationPage.action(actionArgs(formRequest("/invitation", { token, intent: "accept" }, editor.cookie))),
    );
    expect(accepted.status).toBe(302);
    expect(await db.membership.findFirst({ where: { organisationId: organisation.id, userId: editor.id } })).toMatchObject({
      role: "admin",
    });
    expect(((await page(ccasAdmin)).data as Page).organisations.some((row) => row.id === organisation.id)).toBe(false);
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).moderationReason).toBeNull();
  });

  it("replaces the structure's invitations still pending; the same address sent twice at once is one invitation, one mail", async () => {
    const ccasAdmin = await createActor({ ccas: true });
    const left = await orphan();
    const [first, second] = [`${crypto.randomUUID()}@exemple.org`, `${crypto.randomUUID()}@exemple.org`];
    expect((await invite(ccasAdmin, { organisationId: left.id, email: first })).status).toBe(303);
    const twice = await Promise.all([
      invite(ccasAdmin, { organisationId: left.id, email: second }),
      invite(ccasAdmin, { organisationId: left.id, email: second }),
    ]);
    expect(twice.map((answer) => answer.status)).toEqual([303, 303]);
    const pending = await getDb().invitation.findMany({
      where: { organisationId: left.id, acceptedAt: null },
      select: { email: true },
    });
    expect(pending).toEqual([{ email: second }]);
    // The first address's link no longer opens anything; the second's one mail does.
    const firstToken = new URL(linkIn(await smtp.server.waitFor(first, /vous invite à administrer/))).searchParams.get("token")!;
    const firstPerson = await createActor({ email: first });
    const stale = await run(() =>
      invitationPage.action(actionArgs(formRequest("/invitation", { token: firstToken, intent: "accept" }, firstPerson.cookie))),
    );
    expect(stale.status).toBe(400);
    await smtp.server.waitFor(second, /vous invite à administrer/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.server.mails.filter((mail) => mail.to.includes(second))).toHaveLength(1);
    expect(await getDb().auditEntry.count({ where: { subjectId: left.id, action: "moderation.admin-invite" } })).toBe(2);
  });

  it("counts only the invitations it may send against an address's limit", async () => {
    const ccasAdmin = await createActor({ ccas: true });
    const [left, kept] = await Promise.all([orphan(), createOrganisationFor(await createActor())]);
    const email = `${crypto.randomUUID()}@exemple.org`;
    for (let tried = 0; tried < 4; tried++)
      expect((await invite(ccasAdmin, { organisationId: kept.id, email })).status).toBe(400);
    expect((await invite(ccasAdmin, { organisationId: left.id, email })).status).toBe(303);
  });

  it("says when one address was invited too often, whoever invited it", async () => {
    const ccasAdmin = await createActor({ ccas: true });
    const left = await orphan();
    const email = `${crypto.randomUUID()}@exemple.org`;
    for (let sent = 0; sent < 3; sent++) expect((await invite(ccasAdmin, { organisationId: left.id, email })).status).toBe(303);
    const refused = await invite(ccasAdmin, { organisationId: left.id, email });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toContain("Trop d'invitations envoyées à cette adresse");
  });
});
