import { normaliseEmail } from "~/domain/schemas/fields";
import { KINDS, mayLead } from "~/domain/taxonomy";
import type { Db, Tx } from "~/utils/db.server";
import { decideInTransaction } from "./publication.server";
import { NO_ADMIN_LEFT } from "./membership.server";
import { createToken, hashToken } from "~/utils/tokens.server";

export type TokenKind = "verify-email" | "reset-password" | "change-email";

const TOKEN_LIFETIME_MS: Record<TokenKind, number> = {
  "verify-email": 7 * 86_400_000,
  "reset-password": 3_600_000,
  "change-email": 86_400_000,
};

export function getUserByEmail(db: Db, email: string) {
  return db.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: { id: true, email: true, name: true, passwordHash: true, emailVerifiedAt: true },
  });
}

export function createUser(db: Db, { name, email, passwordHash }: { name: string; email: string; passwordHash: string }) {
  return db.user.create({
    data: { name, email: normaliseEmail(email), passwordHash },
    select: { id: true, email: true, name: true },
  });
}

/** Issues a single-use link token; earlier unused tokens of the same kind stop working. */
export async function issueToken(db: Db, { userId, kind, email }: { userId: string; kind: TokenKind; email: string }) {
  const { token, hash } = createToken();
  await db.$transaction([
    db.userToken.deleteMany({ where: { userId, kind, usedAt: null } }),
    db.userToken.create({
      data: { userId, kind, email, tokenHash: hash, expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[kind]) },
    }),
  ]);
  return token;
}

/** The token's record if it is of that kind, unused and not expired; null otherwise. */
export async function findValidToken(db: Db, token: string, kinds: TokenKind[]) {
  const record = await db.userToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      userId: true,
      kind: true,
      email: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { email: true, name: true } },
    },
  });
  if (!record || record.usedAt || record.expiresAt < new Date() || !kinds.includes(record.kind as TokenKind)) return null;
  return { ...record, kind: record.kind as TokenKind };
}

/** Marks a token used, only if nobody used it in between: true when this call consumed it. */
export async function consumeToken(db: Pick<Db, "userToken">, id: string): Promise<boolean> {
  const { count } = await db.userToken.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

export function getUserSessions(db: Db, userId: string) {
  return db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
}

/** The kinds of structure that may lead a groupement (mayLead). */
const LEADING_KINDS = KINDS.map((kind) => kind.code).filter(mayLead);

/** A groupement whose lead would be left without anyone to act for it. */
export type OrphanedLead = { groupementId: string; title: string; organisationId: string; organisationName: string };

/**
 * The groupements led by a structure this person is the last administrator of, where another
 * structure could take the lead (an active member with an administrator here, of a kind that may
 * lead): without this person nobody could act for the lead — answer the CCAS, file the
 * application — while someone could have been given it. Where nobody could (the lead alone, or its
 * partners without an administrator here), the account is not held back: erasing one's data does
 * not wait on what nobody can do.
 */
export async function leadsLeftWithoutAdmin(db: Db | Tx, userId: string): Promise<OrphanedLead[]> {
  return leadsOf(db, await lastAdminOf(db, userId));
}

/** The structures this person is the only administrator of. */
async function lastAdminOf(db: Db | Tx, userId: string): Promise<string[]> {
  const adminOf = await db.membership.findMany({ where: { userId, role: "admin" }, select: { organisationId: true } });
  if (adminOf.length === 0) return [];
  const shared = await db.membership.findMany({
    where: { organisationId: { in: adminOf.map((row) => row.organisationId) }, role: "admin", userId: { not: userId } },
    select: { organisationId: true },
  });
  return adminOf.map((row) => row.organisationId).filter((id) => !shared.some((row) => row.organisationId === id));
}

/** Of these structures (about to lose their last administrator), those leading a groupement someone else could lead. */
async function leadsOf(db: Db | Tx, alone: string[]): Promise<OrphanedLead[]> {
  if (alone.length === 0) return [];
  const leads = await db.groupementMember.findMany({
    where: {
      organisationId: { in: alone },
      isLead: true,
      groupement: {
        members: {
          some: {
            organisationId: { notIn: alone },
            status: "active",
            organisation: { kind: { in: LEADING_KINDS }, memberships: { some: { role: "admin" } } },
          },
        },
      },
    },
    select: { groupement: { select: { id: true, title: true } }, organisation: { select: { id: true, name: true } } },
    orderBy: { groupement: { title: "asc" } },
  });
  return leads.map((lead) => ({
    groupementId: lead.groupement.id,
    title: lead.groupement.title,
    organisationId: lead.organisation.id,
    organisationName: lead.organisation.name,
  }));
}

/**
 * Deletes a person's account and personal data. An organisation they were the last admin of is
 * unpublished (and recorded so), never left public without anyone to answer for it. Refused, with
 * nothing changed, while such an organisation leads a groupement another structure could take over
 * (`leadsLeftWithoutAdmin`): the lead is handed over, or another admin named, first.
 */
export async function deleteUserAccount(
  db: Db,
  userId: string,
): Promise<{ deleted: true } | { deleted: false; leads: OrphanedLead[] }> {
  return db.$transaction(async (tx) => {
    const alone = await lastAdminOf(tx, userId);
    const leads = await leadsOf(tx, alone);
    if (leads.length > 0) return { deleted: false as const, leads };
    for (const organisationId of alone)
      await decideInTransaction(
        tx,
        { type: "organisation" },
        organisationId,
        { action: "unpublish", reason: NO_ADMIN_LEFT },
        { moderatorId: null, recordedReason: "Dernier administrateur parti (compte supprimé)." },
      );
    await tx.user.delete({ where: { id: userId } });
    return { deleted: true as const };
  });
}
