import { visibleOrganisationWhere } from "~/domain/publication";
// Who belongs to an organisation: its members, their roles, and the invitations that bring new ones.
// One rule lives here: an organisation always keeps at least one admin.
import type { MemberRole } from "~/utils/auth.server";
import type { Db, Tx } from "~/utils/db.server";
import { audit } from "./audit.server";
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
export async function createInvitation(db: Db, invitation: Invitation) {
  const { token, organisationName } = await db.$transaction((tx) => inviteIn(tx, invitation));
  return { token, organisationName };
}

type Invitation = { organisationId: string; email: string; role: MemberRole; invitedById: string };

async function inviteIn(tx: Tx, { organisationId, email, role, invitedById }: Invitation) {
  const { token, hash } = createToken();
  await tx.invitation.deleteMany({ where: { organisationId, email, acceptedAt: null } });
  await tx.invitation.create({
    data: { organisationId, email, role, tokenHash: hash, invitedById, expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS) },
  });
  const organisation = await tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { name: true } });
  return { token, organisationName: organisation.name };
}

/**
 * The structures nobody administers any more (their last admin deleted their account; the fiche
 * was unpublished then): nobody can edit them, invite, or answer for them, and a person of the
 * structure who comes back finds its SIRET taken. The CCAS invites an administrator for them.
 * Unclaimed register profiles (claimed from their page) and the fictitious demo are not among them.
 */
export async function getOrganisationsWithoutAdmin(db: Db, now = new Date()) {
  return db.organisation.findMany({
    where: { unclaimed: false, isDemo: false, memberships: { none: { role: "admin" } } },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      status: true,
      siret: true,
      rna: true,
      updatedAt: true,
      invitations: {
        where: { role: "admin", acceptedAt: null, expiresAt: { gt: now } },
        orderBy: { createdAt: "desc" },
        select: { email: true, expiresAt: true },
      },
    },
  });
}

/**
 * The CCAS invites an administrator for a structure that has none (getOrganisationsWithoutAdmin),
 * recorded in its journal. Refused when the structure has an administrator again (who invites
 * themselves), or is an unclaimed register profile or demo.
 */
export async function inviteAdminForOrphan(
  db: Db,
  { organisationId, email, staff }: { organisationId: string; email: string; staff: { id: string; name: string; email: string } },
): Promise<{ ok: true; token: string; organisationName: string } | { ok: false; error: string }> {
  return db.$transaction(async (tx) => {
    const organisation = await tx.organisation.findUnique({
      where: { id: organisationId },
      select: { unclaimed: true, isDemo: true, _count: { select: { memberships: { where: { role: "admin" } } } } },
    });
    if (!organisation || organisation.unclaimed || organisation.isDemo)
      return { ok: false as const, error: "Cette structure ne peut pas recevoir d'administrateur par le CCAS." };
    if (organisation._count.memberships > 0)
      return {
        ok: false as const,
        error: "Cette structure a de nouveau un administrateur : c'est lui qui invite les membres, depuis son espace.",
      };
    const invited = await inviteIn(tx, { organisationId, email, role: "admin", invitedById: staff.id });
    await audit(
      tx,
      staff,
      "moderation.admin-invite",
      { type: "organisation", id: organisationId },
      `« ${invited.organisationName} » : ${email}`,
    );
    return { ok: true as const, ...invited };
  });
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
