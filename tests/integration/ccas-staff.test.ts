// The CCAS's staff (/ccas/equipe), the invitation's page (/ccas/rejoindre), the audit journal
// (/ccas/journal) and what writes to it: staff changes, moderation decisions, the grant command.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { formatDateTime } from "~/domain/format";
import { audit } from "~/models/audit.server";
import { revokeStaff } from "~/models/staff.server";
import { action as moderationAction } from "~/routes/ccas.moderation";
import * as equipe from "~/routes/ccas.equipe";
import * as journal from "~/routes/ccas.journal";
import * as rejoindre from "~/routes/ccas.rejoindre";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { linkIn, useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();

beforeEach(() => resetRateLimits());

const post = (actor: Actor | null, fields: Record<string, string>) =>
  run(() => equipe.action(actionArgs(formRequest("/ccas/equipe", fields, actor?.cookie))));
const staffPage = (actor: Actor | null) => run(() => equipe.loader(loaderArgsFor(getRequest("/ccas/equipe", actor?.cookie))));
const journalPage = (actor: Actor | null, query = "") =>
  run(() => journal.loader(loaderArgsFor(getRequest(`/ccas/journal${query}`, actor?.cookie))));
const userOf = (actor: Actor) =>
  getDb().user.findUniqueOrThrow({ where: { id: actor.id }, select: { isCcas: true, ccasRole: true } });
const lastAudit = () => getDb().auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@exemple.org`;

type StaffData = {
  notice: string | null;
  members: { id: string; email: string; ccasRole: string | null }[];
  invitations: { id: string; email: string }[];
  confirmRevoke: { id: string; name: string } | null;
};
type JournalData = {
  total: number;
  pages: number;
  entries: {
    actor: string;
    action: string;
    subject: { kind: string; name: string | null; href: string | null };
    detail: string;
    at: string;
  }[];
};
type Answer = { error?: string; result?: { error?: Record<string, string[] | null> } };

/**
 * The notice of the page an action sends the person back to: a done action redirects (a reload
 * re-sends nothing, with or without JavaScript), and the address says what was done.
 */
async function noticeAfter(actor: Actor, answer: { status: number; headers: Headers }) {
  expect(answer.status).toBe(302);
  const page = await run(() => equipe.loader(loaderArgsFor(getRequest(answer.headers.get("Location")!, actor.cookie))));
  return (page.data as StaffData).notice;
}

describe("who may see the staff and the journal", () => {
  it("the staff page is for CCAS administrators; the journal for any CCAS staff", async () => {
    const admin = await createActor({ ccas: true });
    const reviewer = await createActor({ ccasRole: "ccas-reviewer" });
    const member = await createActor();
    await createOrganisationFor(member);

    const anonymous = await staffPage(null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
    expect((await staffPage(member)).status).toBe(403);
    expect((await staffPage(reviewer)).status).toBe(403);
    expect((await post(reviewer, { intent: "revoke", userId: admin.id })).status).toBe(403);
    expect((await userOf(admin)).isCcas).toBe(true);

    const page = await staffPage(admin);
    expect(page.status).toBe(200);
    const { members } = page.data as StaffData;
    expect(members.find((row) => row.id === reviewer.id)?.ccasRole).toBe("ccas-reviewer");
    expect(members.find((row) => row.id === admin.id)?.ccasRole).toBe("ccas-admin");
    expect(members.some((row) => row.id === member.id)).toBe(false);

    expect((await journalPage(null)).status).toBe(302);
    expect((await journalPage(member)).status).toBe(403);
    expect((await journalPage(reviewer)).status).toBe(200);
    expect((await journalPage(admin)).status).toBe(200);
  });
});

describe("inviting a person into the staff", () => {
  it("mails a link; the person signs up with that address and accepts; it is written to the journal", async () => {
    const admin = await createActor({ ccas: true });
    const email = uniqueEmail("nouvelle.agente");
    const invited = await post(admin, { intent: "invite", email: email.toUpperCase(), role: "ccas-reviewer" });
    expect(await noticeAfter(admin, invited)).toBe(`Invitation envoyée à ${email}.`);

    const mail = await smtp.server.waitFor(email, /vous invite dans l'équipe du CCAS/);
    expect(mail.text).toContain("comme relecteur");
    const link = new URL(linkIn(mail));
    expect(link.pathname).toBe("/ccas/rejoindre");
    const token = link.searchParams.get("token")!;
    // Only the token's SHA-256 is kept.
    const stored = await getDb().staffInvitation.findFirstOrThrow({ where: { email } });
    expect(stored.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await lastAudit()).toMatchObject({
      action: "staff.invite",
      actorId: admin.id,
      subjectType: "staff-invitation",
      subjectId: stored.id,
      detail: `${email}, comme relecteur`,
    });
    expect(((await staffPage(admin)).data as StaffData).invitations.map((row) => row.email)).toContain(email);

    // Someone else, signed in with another address, cannot take it.
    const stranger = await createActor();
    const strangerView = await run(() =>
      rejoindre.loader(loaderArgsFor(getRequest(`/ccas/rejoindre?token=${token}`, stranger.cookie))),
    );
    expect(strangerView.data).toMatchObject({ mismatch: true });
    const strangerAnswer = await run(() =>
      rejoindre.action(actionArgs(formRequest("/ccas/rejoindre", { token }, stranger.cookie))),
    );
    expect(strangerAnswer.status).toBe(403);
    expect((strangerAnswer.data as Answer).error).toBe(
      `Cette invitation a été envoyée à ${email} : connectez-vous avec cette adresse (ou créez un compte avec elle) pour l'accepter.`,
    );
    expect((await userOf(stranger)).isCcas).toBe(false);

    // Signed out, the link leads to the log-in page and back.
    const anonymous = await run(() => rejoindre.loader(loaderArgsFor(getRequest(`/ccas/rejoindre?token=${token}`))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(
      `/connexion?redirectTo=${encodeURIComponent(`/ccas/rejoindre?token=${token}`)}`,
    );

    const person = await createActor({ email, verified: false });
    const view = await run(() => rejoindre.loader(loaderArgsFor(getRequest(`/ccas/rejoindre?token=${token}`, person.cookie))));
    expect(view.data).toMatchObject({ mismatch: false, invitation: { email, role: "relecteur" } });
    const accepted = await run(() => rejoindre.action(actionArgs(formRequest("/ccas/rejoindre", { token }, person.cookie))));
    expect(accepted.status).toBe(302);
    expect(await getDb().user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      isCcas: true,
      ccasRole: "ccas-reviewer",
      emailVerifiedAt: expect.any(Date),
    });
    expect(await lastAudit()).toMatchObject({
      action: "staff.grant",
      actorId: person.id,
      subjectId: person.id,
      detail: `${email} rejoint l'équipe comme relecteur (invitation acceptée)`,
    });
    // The new reviewer reads the journal, not the staff page.
    expect((await journalPage(person)).status).toBe(200);
    expect((await staffPage(person)).status).toBe(403);

    // The link works once.
    const again = await run(() => rejoindre.action(actionArgs(formRequest("/ccas/rejoindre", { token }, person.cookie))));
    expect(again.status).toBe(400);
    expect((again.data as Answer).error).toMatch(/^Cette invitation n'est plus valable/);
  });

  it("refuses a bad address and someone already in the staff, in French, beside the field", async () => {
    const admin = await createActor({ ccas: true });
    const reviewer = await createActor({ ccasRole: "ccas-reviewer" });
    const bad = await post(admin, { intent: "invite", email: "pas-une-adresse", role: "ccas-admin" });
    expect(bad.status).toBe(400);
    expect((bad.data as Answer).result?.error?.email).toEqual([
      "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.",
    ]);
    const noRole = await post(admin, { intent: "invite", email: uniqueEmail("x"), role: "ccas-chef" });
    expect((noRole.data as Answer).result?.error?.role).toEqual(["Rôle : choisissez une valeur de la liste."]);
    const already = await post(admin, { intent: "invite", email: reviewer.email, role: "ccas-admin" });
    expect(already.status).toBe(400);
    expect((already.data as Answer).result?.error?.email).toEqual(["Cette personne fait déjà partie de l'équipe du CCAS."]);
    expect(await getDb().staffInvitation.count({ where: { email: reviewer.email } })).toBe(0);
  });

  it("an invitation revoked before it is used no longer opens anything", async () => {
    const admin = await createActor({ ccas: true });
    const email = uniqueEmail("revoquee");
    await post(admin, { intent: "invite", email, role: "ccas-admin" });
    const token = new URL(linkIn(await smtp.server.waitFor(email))).searchParams.get("token")!;
    const invitation = await getDb().staffInvitation.findFirstOrThrow({ where: { email } });
    const cancelled = await post(admin, { intent: "cancel-invitation", invitationId: invitation.id });
    expect(await noticeAfter(admin, cancelled)).toBe("Invitation annulée.");
    expect(await lastAudit()).toMatchObject({
      action: "staff.revoke",
      subjectType: "staff-invitation",
      subjectId: invitation.id,
    });
    const twice = await post(admin, { intent: "cancel-invitation", invitationId: invitation.id });
    expect(twice.status).toBe(400);

    const person = await createActor({ email });
    const answer = await run(() => rejoindre.action(actionArgs(formRequest("/ccas/rejoindre", { token }, person.cookie))));
    expect(answer.status).toBe(400);
    expect((await userOf(person)).isCcas).toBe(false);
  });

  it("an administrator sends at most 20 invitations a day", async () => {
    const admin = await createActor({ ccas: true });
    for (let index = 0; index < 20; index += 1) {
      expect((await post(admin, { intent: "invite", email: uniqueEmail(`lot${index}`), role: "ccas-reviewer" })).status).toBe(
        302,
      );
    }
    const refused = await post(admin, { intent: "invite", email: uniqueEmail("de-trop"), role: "ccas-reviewer" });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toMatch(/Trop d'invitations\. Réessayez dans \d+ heures/);
  });
});

describe("changing roles and revoking", () => {
  it("changes a role and revokes an access, each written to the journal; the person loses the pages at once", async () => {
    const admin = await createActor({ ccas: true });
    const reviewer = await createActor({ ccasRole: "ccas-reviewer" });

    const promoted = await post(admin, { intent: "change-role", userId: reviewer.id, role: "ccas-admin" });
    const { name } = await getDb().user.findUniqueOrThrow({ where: { id: reviewer.id }, select: { name: true } });
    expect(await noticeAfter(admin, promoted)).toBe(`Rôle de ${name} modifié : administrateur.`);
    expect(await userOf(reviewer)).toEqual({ isCcas: true, ccasRole: "ccas-admin" });
    expect(await lastAudit()).toMatchObject({
      action: "staff.role",
      actorId: admin.id,
      subjectId: reviewer.id,
      detail: `Rôle de ${reviewer.email} : relecteur → administrateur`,
    });
    expect((await staffPage(reviewer)).status).toBe(200);
    const again = await post(admin, { intent: "change-role", userId: reviewer.id, role: "ccas-admin" });
    expect(await noticeAfter(admin, again)).toBe(`Ce rôle était déjà celui de ${name}.`);

    // The table's link asks first: the page names the person and offers the confirming button.
    const confirming = await run(() =>
      equipe.loader(loaderArgsFor(getRequest(`/ccas/equipe?retirer=${reviewer.id}`, admin.cookie))),
    );
    expect((confirming.data as StaffData).confirmRevoke).toMatchObject({ id: reviewer.id, name });
    const ownLink = await run(() => equipe.loader(loaderArgsFor(getRequest(`/ccas/equipe?retirer=${admin.id}`, admin.cookie))));
    expect((ownLink.data as StaffData).confirmRevoke).toBeNull();
    expect(await userOf(reviewer)).toEqual({ isCcas: true, ccasRole: "ccas-admin" });
    const revoked = await post(admin, { intent: "revoke", userId: reviewer.id });
    expect(await noticeAfter(admin, revoked)).toBe(`Accès au CCAS retiré à ${name}.`);
    expect(await userOf(reviewer)).toEqual({ isCcas: false, ccasRole: null });
    expect(await lastAudit()).toMatchObject({
      action: "staff.revoke",
      actorId: admin.id,
      subjectType: "user",
      subjectId: reviewer.id,
    });
    expect((await journalPage(reviewer)).status).toBe(403);
  });

  it("an administrator cannot change or revoke their own access", async () => {
    const admin = await createActor({ ccas: true });
    const before = await getDb().auditEntry.count();
    for (const fields of [
      { intent: "revoke", userId: admin.id } as Record<string, string>,
      { intent: "change-role", userId: admin.id, role: "ccas-reviewer" },
    ]) {
      const answer = await post(admin, fields);
      expect(answer.status).toBe(400);
      expect((answer.data as Answer).error).toBe(
        "Vous ne pouvez pas modifier ni retirer votre propre accès : demandez-le à un autre administrateur.",
      );
    }
    expect(await userOf(admin)).toEqual({ isCcas: true, ccasRole: "ccas-admin" });
    expect(await getDb().auditEntry.count()).toBe(before);
  });

  it("the CCAS always keeps an administrator, even when two remove each other at the same time", async () => {
    const db = getDb();
    const first = await createActor({ ccas: true });
    const second = await createActor({ ccas: true });
    await db.user.updateMany({
      where: { ccasRole: "ccas-admin", id: { notIn: [first.id, second.id] } },
      data: { ccasRole: "ccas-reviewer" },
    });
    const answers = await Promise.all([
      post(first, { intent: "revoke", userId: second.id }),
      post(second, { intent: "change-role", userId: first.id, role: "ccas-reviewer" }),
    ]);
    expect(answers.some((answer) => answer.status === 302)).toBe(true);
    expect(await db.user.count({ where: { isCcas: true, ccasRole: "ccas-admin" } })).toBe(1);

    // An administrator whose own access went meanwhile (another tab) cannot remove the last one.
    const [remaining] = await db.user.findMany({ where: { ccasRole: "ccas-admin" }, select: { id: true } });
    const stale = await db.user.findFirstOrThrow({ where: { id: { in: [first.id, second.id], not: remaining!.id } } });
    expect(await revokeStaff(db, { actor: stale, userId: remaining!.id })).toBe("last-admin");
    expect(await db.user.findUniqueOrThrow({ where: { id: remaining!.id } })).toMatchObject({ ccasRole: "ccas-admin" });
  });
});

describe("npm run user:grant-ccas", () => {
  it("makes an account an administrator and writes it to the journal as the command", async () => {
    const person = await createActor();
    const result = spawnSync("npm", ["run", "-s", "user:grant-ccas", "--", person.email], {
      encoding: "utf8",
      env: process.env,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(await userOf(person)).toEqual({ isCcas: true, ccasRole: "ccas-admin" });
    expect(await lastAudit()).toMatchObject({
      action: "staff.grant",
      actorId: null,
      actorLabel: "commande user:grant-ccas",
      subjectId: person.id,
      detail: `${person.email} devient administrateur`,
    });
    const unknown = spawnSync("npm", ["run", "-s", "user:grant-ccas", "--", "personne@exemple.org"], {
      encoding: "utf8",
      env: process.env,
    });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/must sign up first/);
  });

  it("refuses a database that does not exist, and leaves no empty file in its place", () => {
    const missing = path.join(os.tmpdir(), `cooperons-absente-${Date.now()}.db`);
    const result = spawnSync("npm", ["run", "-s", "user:grant-ccas", "--", "personne@exemple.org"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: `file:${missing}` },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `The database file:${missing} does not exist or lacks migrations: run npm run db:migrate (npm start does it too), with the same DATABASE_URL.`,
    );
    expect(fs.existsSync(missing)).toBe(false);
  });

  it("says a PostgreSQL server that does not answer cannot be reached (not that it lacks migrations), its password hidden", () => {
    const result = spawnSync("npm", ["run", "-s", "user:grant-ccas", "--", "personne@exemple.org"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "postgresql://cooperons:secret@127.0.0.1:1/cooperons" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "The database postgresql://cooperons:***@127.0.0.1:1/cooperons cannot be reached (connect ECONNREFUSED 127.0.0.1:1): check DATABASE_URL and that PostgreSQL is running.",
    );
  });
});

describe("moderation decisions in the journal", () => {
  it("publishing, refusing and verifying are written with the moderator, the item and the reason", async () => {
    const reviewer = await createActor({ ccasRole: "ccas-reviewer" });
    const owner = await createActor();
    const pending = await createOrganisationFor(owner, { status: "pending" });
    const other = await createOrganisationFor(owner, { status: "pending" });
    const decide = (fields: Record<string, string>) =>
      run(() => moderationAction(actionArgs(formRequest("/ccas/moderation", fields, reviewer.cookie))));

    expect((await decide({ intent: "publish", entityType: "organisation", entityId: pending.id })).status).toBe(200);
    expect(await lastAudit()).toMatchObject({
      action: "moderation.decision",
      actorId: reviewer.id,
      actorLabel: `Camille Exemple <${reviewer.email}>`,
      subjectType: "organisation",
      subjectId: pending.id,
      detail: `Publication : « ${pending.name} »`,
    });
    await decide({ intent: "reject", entityType: "organisation", entityId: other.id, reason: "Il manque la description." });
    expect(await lastAudit()).toMatchObject({
      subjectId: other.id,
      detail: `Refus : « ${other.name} » — motif : Il manque la description.`,
    });
    const verified = await decide({ intent: "verify", entityType: "organisation", entityId: pending.id });
    expect((await lastAudit()).detail).toBe(`Structure marquée « vérifiée » : « ${pending.name} »`);
    expect((verified.data as { notice: string }).notice).toBe("Structure marquée « vérifiée ».");
    // One still waiting: the moderator is told it is not a publication.
    const waiting = await createOrganisationFor(owner, { status: "pending" });
    const stillWaiting = await decide({ intent: "verify", entityType: "organisation", entityId: waiting.id });
    expect((stillWaiting.data as { notice: string }).notice).toBe(
      "Structure marquée « vérifiée » : sa fiche attend toujours d'être publiée ou refusée.",
    );
    expect((await getDb().organisation.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("pending");

    const report = await getDb().report.create({
      data: { entityType: "organisation", entityId: pending.id, reason: "Fiche douteuse", reporterId: owner.id },
    });
    await decide({ intent: "dismiss", reportId: report.id });
    expect(await lastAudit()).toMatchObject({
      subjectType: "report",
      subjectId: report.id,
      detail: `Signalement classé sans suite : « ${pending.name} »`,
    });

    const page = (await journalPage(reviewer, "?famille=moderation")).data as JournalData;
    expect(page.entries[0]).toMatchObject({ action: "Décision de modération", actor: `Camille Exemple <${reviewer.email}>` });
    expect(page.entries.every((entry) => entry.action === "Décision de modération")).toBe(true);
  });

  it("a decision that changes nothing writes nothing", async () => {
    const reviewer = await createActor({ ccasRole: "ccas-reviewer" });
    const owner = await createActor();
    const published = await createOrganisationFor(owner);
    const before = await getDb().auditEntry.count();
    await run(() =>
      moderationAction(
        actionArgs(
          formRequest(
            "/ccas/moderation",
            { intent: "publish", entityType: "organisation", entityId: published.id },
            reviewer.cookie,
          ),
        ),
      ),
    );
    expect(await getDb().auditEntry.count()).toBe(before);
  });
});

describe("the journal", () => {
  it("lists newest first in Paris time, filters by family and pages by 50", async () => {
    const db = getDb();
    const admin = await createActor({ ccas: true });
    const summer = new Date("2031-07-01T10:00:00Z");
    await db.auditEntry.create({
      data: {
        actorLabel: "Test <t@exemple.org>",
        action: "call.publish",
        subjectType: "call",
        subjectId: "appel-2031",
        createdAt: summer,
      },
    });
    const top = (await journalPage(admin)).data as JournalData;
    expect(top.entries[0]).toMatchObject({
      action: "Appel publié",
      // No call has this id: the journal says it is gone rather than print the id.
      subject: { kind: "Appel", name: "(supprimé)", href: null },
      at: "1er juillet 2031 à 12 h",
    });
    expect(formatDateTime(summer)).toBe("1er juillet 2031 à 12 h");

    for (let index = 0; index < 55; index += 1) {
      await audit(db, { id: null, label: "test" }, "staff.invite", { type: "staff-invitation", id: `i${index}` }, `n° ${index}`);
    }
    const staffOnly = (await journalPage(admin, "?famille=staff")).data as JournalData;
    expect(staffOnly.entries.every((entry) => entry.action.startsWith("Invitation") || /Accès CCAS/.test(entry.action))).toBe(
      true,
    );
    expect(staffOnly.pages).toBeGreaterThanOrEqual(2);
    expect(staffOnly.entries).toHaveLength(50);
    const second = (await journalPage(admin, "?famille=staff&page=2")).data as JournalData;
    expect(second.entries.length).toBe(staffOnly.total - 50);
    expect(staffOnly.entries.map((entry) => entry.detail)).not.toContain("n° 0");
    expect(second.entries.map((entry) => entry.detail)).toContain("n° 0");
    // An unknown family or page shows everything, from the first page.
    expect(((await journalPage(admin, "?famille=rien&page=-3")).data as JournalData).entries[0]?.action).toBe("Appel publié");
  });

  it("cannot be changed: no route has a way to, and only audit() writes an entry", () => {
    expect("action" in journal).toBe(false);
    const roots = ["app", "scripts", "search", "prisma"];
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!["generated", "migrations", "node_modules"].includes(entry.name)) walk(full);
        } else if (/\.(ts|tsx)$/.test(entry.name)) files.push(full);
      }
    };
    roots.forEach(walk);
    const writes = files.flatMap((file) =>
      [
        ...fs
          .readFileSync(file, "utf8")
          .matchAll(
            /auditEntry\s*\.\s*(create\w*|update\w*|upsert|delete\w*)|\bAuditEntry\b(?=[^\n]*\b(INSERT|UPDATE|DELETE)\b)|\b(INSERT|UPDATE|DELETE)\b[^\n]*\bAuditEntry\b/gi,
          ),
      ].map((match) => `${file}: ${match[0]}`),
    );
    expect(writes).toEqual(["app/models/audit.server.ts: auditEntry.create"]);
  });
});
