// `npm run -s data:purge`: deletes what the privacy page says is no longer kept, keeps the rest,
// prints its counts as JSON, and deletes nothing more when run again.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONTACT_MESSAGE_MONTHS } from "~/domain/retention";
import { purgeExpiredData } from "~/models/purge.server";
import { getDb } from "~/utils/db.server";
import { readDocument, storePdf } from "~/utils/uploads.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { makePdf } from "../helpers/documents";

const DAY = 86_400_000;
const hash = () => crypto.randomBytes(32).toString("hex");

async function fixture() {
  const db = getDb();
  const now = Date.now();
  const person = await createActor();
  const organisation = await createOrganisationFor(person);
  const [liveSession] = await db.session.findMany({ where: { userId: person.id } });
  const expiredSession = await db.session.create({
    data: { id: hash(), userId: person.id, expiresAt: new Date(now - DAY), createdAt: new Date(now - 31 * DAY) },
  });
  const token = (data: { usedAt?: Date; expiresAt: Date }) =>
    db.userToken.create({ data: { userId: person.id, kind: "verify-email", email: person.email, tokenHash: hash(), ...data } });
  const validToken = await token({ expiresAt: new Date(now + DAY) });
  const usedToken = await token({ usedAt: new Date(now - 1000), expiresAt: new Date(now + DAY) });
  const expiredToken = await token({ expiresAt: new Date(now - 1000) });
  const staffInvitation = (expiresAt: Date) =>
    db.staffInvitation.create({
      data: { email: "agent@exemple.org", role: "ccas-reviewer", tokenHash: hash(), invitedById: person.id, expiresAt },
    });
  const pendingStaff = await staffInvitation(new Date(now + DAY));
  const expiredStaff = await staffInvitation(new Date(now - DAY));
  const invitation = (expiresAt: Date) =>
    db.invitation.create({
      data: { organisationId: organisation.id, email: "membre@exemple.org", role: "editor", tokenHash: hash(), expiresAt },
    });
  const pendingInvitation = await invitation(new Date(now + DAY));
  const expiredInvitation = await invitation(new Date(now - DAY));
  const message = (createdAt: Date) =>
    db.contactMessage.create({
      data: { organisationId: organisation.id, senderName: "Alex", senderEmail: "alex@exemple.org", body: "Bonjour", createdAt },
    });
  const recentMessage = await message(new Date(now - 30 * DAY));
  const monthsAgo = (months: number) => {
    const date = new Date(now);
    date.setUTCMonth(date.getUTCMonth() - months);
    return date;
  };
  const oldMessage = await message(monthsAgo(CONTACT_MESSAGE_MONTHS + 1));
  const justKeptMessage = await message(new Date(monthsAgo(CONTACT_MESSAGE_MONTHS).getTime() + DAY));
  // Claims of a profile (« C'est ma structure »): a document is kept 30 days after the answer.
  const claimant = await createActor();
  const documentClaim = async (status: string, decidedAt: Date | null) => {
    const stored = await storePdf(new File([new Uint8Array(makePdf())], "statuts.pdf", { type: "application/pdf" }));
    if (!stored.ok) throw new Error(stored.error);
    return db.profileClaim.create({
      data: {
        organisationId: organisation.id,
        userId: claimant.id,
        method: "document",
        documentFile: stored.file,
        status,
        decidedAt,
      },
    });
  };
  const oldAnswered = await documentClaim("refused", new Date(now - 31 * DAY));
  const recentAnswered = await documentClaim("accepted", new Date(now - 29 * DAY));
  const waiting = await documentClaim("pending", null);
  const emailClaim = (tokenExpiresAt: Date) =>
    db.profileClaim.create({
      data: {
        organisationId: organisation.id,
        userId: claimant.id,
        method: "email",
        email: "bureau@structure-exemple.fr",
        tokenHash: hash(),
        tokenExpiresAt,
      },
    });
  const liveLink = await emailClaim(new Date(now + DAY));
  const expiredLink = await emailClaim(new Date(now - DAY));
  return {
    kept: {
      sessions: [liveSession!.id],
      tokens: [validToken.id],
      staffInvitations: [pendingStaff.id],
      invitations: [pendingInvitation.id],
      messages: [recentMessage.id, justKeptMessage.id],
      claimDocuments: [recentAnswered, waiting],
      claimLinks: [liveLink.id],
    },
    gone: {
      sessions: [expiredSession.id],
      tokens: [usedToken.id, expiredToken.id],
      staffInvitations: [expiredStaff.id],
      invitations: [expiredInvitation.id],
      messages: [oldMessage.id],
      claimDocuments: [oldAnswered],
      claimLinks: [expiredLink.id],
    },
  };
}

async function present(ids: {
  sessions: string[];
  tokens: string[];
  staffInvitations: string[];
  invitations: string[];
  messages: string[];
  claimDocuments: { id: string; documentFile: string | null }[];
  claimLinks: string[];
}) {
  const db = getDb();
  const claims = await db.profileClaim.findMany({ where: { id: { in: ids.claimDocuments.map((claim) => claim.id) } } });
  return {
    // A document counts when both its row names it and its file is still on disk.
    claimDocuments: ids.claimDocuments.filter(
      (claim) =>
        claims.find((row) => row.id === claim.id)?.documentFile === claim.documentFile &&
        readDocument(claim.documentFile!) !== null,
    ).length,
    claimLinks: await db.profileClaim.count({ where: { id: { in: ids.claimLinks }, tokenHash: { not: null } } }),
    sessions: await db.session.count({ where: { id: { in: ids.sessions } } }),
    tokens: await db.userToken.count({ where: { id: { in: ids.tokens } } }),
    staffInvitations: await db.staffInvitation.count({ where: { id: { in: ids.staffInvitations } } }),
    invitations: await db.invitation.count({ where: { id: { in: ids.invitations } } }),
    messages: await db.contactMessage.count({ where: { id: { in: ids.messages } } }),
  };
}

const KEPT = { sessions: 1, tokens: 1, staffInvitations: 1, invitations: 1, messages: 2, claimDocuments: 2, claimLinks: 1 };
const FIRST_RUN = {
  sessions: 1,
  tokens: 2,
  organisationInvitations: 1,
  staffInvitations: 1,
  contactMessages: 1,
  claimDocuments: 1,
  claimLinks: 1,
};
const NOTHING = {
  sessions: 0,
  tokens: 0,
  organisationInvitations: 0,
  staffInvitations: 0,
  contactMessages: 0,
  claimDocuments: 0,
  claimLinks: 0,
};

describe("data:purge", () => {
  it("deletes expired sessions, used or expired links, expired invitations, old contact messages and claim documents answered 30 days ago; keeps the rest", async () => {
    const { kept, gone } = await fixture();
    const summary = await purgeExpiredData(getDb());
    expect(summary).toEqual(FIRST_RUN);
    expect(await present(gone)).toEqual({
      sessions: 0,
      tokens: 0,
      staffInvitations: 0,
      invitations: 0,
      messages: 0,
      claimDocuments: 0,
      claimLinks: 0,
    });
    expect(await present(kept)).toEqual(KEPT);
    // A second run finds nothing more.
    expect(await purgeExpiredData(getDb())).toEqual(NOTHING);
    expect(await present(kept)).toEqual(KEPT);
  });

  it("npm run -s data:purge prints its counts as JSON, and is idempotent", async () => {
    const { kept } = await fixture();
    const command = () => spawnSync("npm", ["run", "-s", "data:purge"], { encoding: "utf8", env: process.env });
    const first = command();
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual(FIRST_RUN);
    const second = command();
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual(NOTHING);
    expect(await present(kept)).toEqual(KEPT);
  });
});
