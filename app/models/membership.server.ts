import { visibleOrganisationWhere } from "~/domain/publication";
// Who belongs to an organisation: its members, their roles, and the invitations that bring new ones.
// One rule lives here: an organisation always keeps at least one admin.
import type { MemberRole } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { createToken, hashToken } from "~/utils/tokens.server";

const INVITATION_LIFETIME_MS = 14 * 86_400_000;

/** The members page: the organisation's name, its members and its pending invitations. */
export async function getOrganisationMembers(db: Db, organisationId: string) {
  const organisation = await db.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: {
      name: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, user: { select: { id: true, name: true, email: true } } },
      },
      invitations: {
        where: { acceptedAt: null, expiresAt: { gt: new Date() } },
        select: { id: true, email: true, role: true },
      },
    },
  });
  return {
    name: organisation.name,
    members: organisation.memberships.map((membership) => ({ ...membership.user, role: membership.role })),
    invitations: organisation.invitations,
  };
}

/** Whether the person belongs to the organisation (with `role`, in that role). */
export async function isMember(
  db: Db,
  { userId, organisationId, role }: { userId: string; organisationId: string; role?: MemberRole },
) {
  return (await db.membership.count({ where: { userId, organisationId, ...(role ? { role } : {}) } })) > 0;
}

/** The published organisations a person belongs to, as choices of a select, except one. */
export async function getPublishedOrganisationChoicesOf(db: Db, userId: string, { except }: { except: string }) {
  const rows = await db.membership.findMany({
    where: { userId, organisation: { ...visibleOrganisationWhere(), id: { not: except } } },
    select: { organisation: { select: { id: true, name: true } } },
  });
  return rows.map((row) => ({ code: row.organisation.id, label: row.organisation.name }));
}

export async function isMemberByEmail(db: Db, { organisationId, email }: { organisationId: string; email: string }) {
  return (await db.membership.count({ where: { organisationId, user: { email } } })) > 0;
}

/**
 * Removes a member (someone leaving, or removed by an admin), unless they are the last admin.
 * "missing" when they are not a member.
 */
export async function removeMember(
  db: Db,
  { userId, organisationId }: { userId: string; organisationId: string },
): Promise<"done" | "missing" | "last-admin"> {
  return db.$transaction(async (tx) => {
    const key = { userId_organisationId: { userId, organisationId } };
    const membership = await tx.membership.findUnique({ where: key, select: { role: true } });
    if (!membership) return "missing";
    if (membership.role === "admin" && (await tx.membership.count({ where: { organisationId, role: "admin" } })) === 1)
      return "last-admin";
    await tx.membership.delete({ where: key });
    return "done";
  });
}

/**
 * Invites an address to join with a role, for 14 days; an earlier pending invitation of the same
 * address stops working. Returns the token for the link (only its hash is stored).
 */
export async function createInvitation(
  db: Db,
  { organisationId, email, role, invitedById }: { organisationId: string; email: string; role: MemberRole; invitedById: string },
) {
  const { token, hash } = createToken();
  const organisation = await db.$transaction(async (tx) => {
    await tx.invitation.deleteMany({ where: { organisationId, email, acceptedAt: null } });
    await tx.invitation.create({
      data: {
        organisationId,
        email,
        role,
        tokenHash: hash,
        invitedById,
        expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
      },
    });
    return tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { name: true } });
  });
  return { token, organisationName: organisation.name };
}

/** Cancels a pending invitation of this organisation (nothing happens for another's). */
export async function cancelInvitation(
  db: Db,
  { invitationId, organisationId }: { invitationId: string; organisationId: string },
) {
  await db.invitation.deleteMany({ where: { id: invitationId, organisationId } });
}

/** The invitation a link's token opens, if it is still pending and not expired. */
export function findPendingInvitation(db: Db, token: string) {
  return db.invitation.findFirst({
    where: { tokenHash: hashToken(token), acceptedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, role: true, organisationId: true, organisation: { select: { name: true } } },
  });
}

/** Declines a pending invitation; false when it was answered or cancelled meanwhile. */
export async function declineInvitation(db: Db, invitationId: string): Promise<boolean> {
  return (await db.invitation.deleteMany({ where: { id: invitationId, acceptedAt: null } })).count > 0;
}

/**
 * The invitation is used, and the person becomes a member with its role (a member stays as they
 * are); false when it was answered or cancelled meanwhile (another tab, the admin).
 */
export async function acceptInvitation(
  db: Db,
  { invitation, userId }: { invitation: { id: string; organisationId: string; role: string }; userId: string },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (count === 0) return false;
    await tx.membership.upsert({
      where: { userId_organisationId: { userId, organisationId: invitation.organisationId } },
      create: { userId, organisationId: invitation.organisationId, role: invitation.role },
      update: {},
    });
    return true;
  });
}
