// The CCAS's staff (/ccas/equipe): who has which role, the invitations that bring new people, and
// one rule: the CCAS always keeps at least one administrator. Every change is written to the audit
// journal in the same transaction.
import { STAFF_INVITATION_DAYS } from "~/domain/retention";
import { normaliseEmail } from "~/domain/schemas/fields";
import { ccasRoleName, type CcasRoleCode } from "~/domain/schemas/staff";
import type { Db, Tx } from "~/utils/db.server";
import { createToken, hashToken } from "~/utils/tokens.server";
import { audit, type AuditActor } from "./audit.server";

export { STAFF_INVITATION_DAYS };

type Person = { id: string; name: string; email: string };

/** Thrown inside a transaction to roll it back when a change would leave the CCAS without an administrator. */
class NoAdminLeft extends Error {}

async function withAdminKept<T>(db: Db, work: (tx: Tx) => Promise<T>) {
  try {
    return await db.$transaction(async (tx) => {
      const result = await work(tx);
      // Counted after the write, inside its transaction: two administrators removing each other at once
      // cannot both see the other still there.
      if ((await tx.user.count({ where: { isCcas: true, ccasRole: "ccas-admin" } })) === 0) throw new NoAdminLeft();
      return result;
    });
  } catch (error) {
    if (error instanceof NoAdminLeft) return "last-admin" as const;
    throw error;
  }
}

/** The staff page: every CCAS person with their role, and the invitations not yet answered. */
export async function getStaff(db: Db) {
  const [members, invitations] = await Promise.all([
    db.user.findMany({
      where: { isCcas: true },
      orderBy: [{ name: "asc" }, { email: "asc" }],
      select: { id: true, name: true, email: true, ccasRole: true },
    }),
    db.staffInvitation.findMany({
      where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  return { members, invitations };
}

/**
 * Invites an address into the staff with a role, for 7 days; an earlier pending invitation of the
 * same address stops working. "member" when the address already belongs to the staff; otherwise the
 * token for the link (only its SHA-256 is stored).
 */
export async function inviteStaff(
  db: Db,
  { actor, email, role }: { actor: Person; email: string; role: CcasRoleCode },
): Promise<{ status: "member" } | { status: "invited"; token: string; invitationId: string }> {
  const address = normaliseEmail(email);
  const { token, hash } = createToken();
  return db.$transaction(async (tx) => {
    if ((await tx.user.count({ where: { email: address, isCcas: true } })) > 0) return { status: "member" as const };
    const now = new Date();
    await tx.staffInvitation.updateMany({
      where: { email: address, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const invitation = await tx.staffInvitation.create({
      data: {
        email: address,
        role,
        tokenHash: hash,
        invitedById: actor.id,
        expiresAt: new Date(now.getTime() + STAFF_INVITATION_DAYS * 86_400_000),
      },
      select: { id: true },
    });
    await audit(
      tx,
      actor,
      "staff.invite",
      { type: "staff-invitation", id: invitation.id },
      `${address}, comme ${ccasRoleName(role)}`,
    );
    return { status: "invited" as const, token, invitationId: invitation.id };
  });
}

/** The invitation a link's token opens, if it is still pending: not accepted, revoked nor expired. */
export function findPendingStaffInvitation(db: Db, token: string) {
  return db.staffInvitation.findFirst({
    where: { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, role: true },
  });
}

/**
 * The person joins the staff with the invitation's role; false when the invitation was used,
 * revoked or expired meanwhile. The link was mailed to their address: it confirms it.
 */
export async function acceptStaffInvitation(
  db: Db,
  { invitation, user }: { invitation: { id: string; role: string }; user: Person },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.staffInvitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (count === 0) return false;
    const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } });
    await tx.user.update({
      where: { id: user.id },
      data: { isCcas: true, ccasRole: invitation.role, emailVerifiedAt: before.emailVerifiedAt ?? now },
    });
    await audit(
      tx,
      user,
      "staff.grant",
      { type: "user", id: user.id },
      `${user.email} rejoint l'équipe comme ${ccasRoleName(invitation.role)} (invitation acceptée)`,
    );
    return true;
  });
}

export type StaffChange = "done" | "missing" | "self" | "last-admin";

/** Gives a staff member another role; never one's own, never the last administrator's. */
export async function changeStaffRole(
  db: Db,
  { actor, userId, role }: { actor: Person; userId: string; role: CcasRoleCode },
): Promise<StaffChange | "unchanged"> {
  if (userId === actor.id) return "self";
  const target = await db.user.findFirst({ where: { id: userId, isCcas: true }, select: { email: true, ccasRole: true } });
  if (!target) return "missing";
  if (target.ccasRole === role) return "unchanged";
  return withAdminKept(db, async (tx) => {
    // The role read above, still: changed by someone else meanwhile, the page is out of date.
    const { count } = await tx.user.updateMany({
      where: { id: userId, isCcas: true, ccasRole: target.ccasRole },
      data: { ccasRole: role },
    });
    if (count === 0) return "missing" as const;
    await audit(
      tx,
      actor,
      "staff.role",
      { type: "user", id: userId },
      `Rôle de ${target.email} : ${ccasRoleName(target.ccasRole)} → ${ccasRoleName(role)}`,
    );
    return "done" as const;
  });
}

/** Takes a person out of the staff; never oneself, never the last administrator. */
export async function revokeStaff(db: Db, { actor, userId }: { actor: Person; userId: string }): Promise<StaffChange> {
  if (userId === actor.id) return "self";
  return withAdminKept(db, async (tx) => {
    const target = await tx.user.findFirst({ where: { id: userId, isCcas: true }, select: { email: true, ccasRole: true } });
    if (!target) return "missing" as const;
    await tx.user.update({ where: { id: userId }, data: { isCcas: false, ccasRole: null } });
    await audit(
      tx,
      actor,
      "staff.revoke",
      { type: "user", id: userId },
      `${target.email} quitte l'équipe (était ${ccasRoleName(target.ccasRole)})`,
    );
    return "done" as const;
  });
}

/** Revokes an invitation not yet answered; false when it was answered, revoked or expired meanwhile. */
export async function cancelStaffInvitation(db: Db, { actor, invitationId }: { actor: Person; invitationId: string }) {
  return db.$transaction(async (tx) => {
    const invitation = await tx.staffInvitation.findUnique({ where: { id: invitationId }, select: { email: true, role: true } });
    const { count } = await tx.staffInvitation.updateMany({
      where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { revokedAt: new Date() },
    });
    if (count === 0 || !invitation) return false;
    await audit(
      tx,
      actor,
      "staff.revoke",
      { type: "staff-invitation", id: invitationId },
      `Invitation de ${invitation.email} (${ccasRoleName(invitation.role)}) annulée`,
    );
    return true;
  });
}

/** `npm run user:grant-ccas`: the first administrator, given from the server's command line. */
export async function grantCcasAdminByCommand(db: Db, email: string): Promise<boolean> {
  const address = normaliseEmail(email);
  const actor: AuditActor = { id: null, label: "commande user:grant-ccas" };
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: address }, select: { id: true, ccasRole: true, isCcas: true } });
    if (!user) return false;
    await tx.user.update({ where: { id: user.id }, data: { isCcas: true, ccasRole: "ccas-admin" } });
    const before = user.isCcas ? ` (était ${ccasRoleName(user.ccasRole)})` : "";
    await audit(tx, actor, "staff.grant", { type: "user", id: user.id }, `${address} devient administrateur${before}`);
    return true;
  });
}
