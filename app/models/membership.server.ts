import { visibleOrganisationWhere } from "~/domain/publication";
import { ORGANISATION_INVITATION_DAYS } from "~/domain/retention";
// Who belongs to an organisation: its members, their roles, and the invitations that bring new ones.
// One rule lives here: an organisation always keeps at least one admin.
import type { MemberRole } from "~/utils/auth.server";
import type { Db, Tx } from "~/utils/db.server";
import { audit } from "./audit.server";
import { createToken, hashToken } from "~/utils/tokens.server";

const INVITATION_LIFETIME_MS = ORGANISATION_INVITATION_DAYS * 86_400_000;

/** Why a fiche was unpublished when its last administrator left (said to whoever administers it next). */
export const NO_ADMIN_LEFT = "La fiche n'a plus d'administrateur.";

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
      invitations: {
        where: { role: "admin", acceptedAt: null, expiresAt: { gt: now } },
        orderBy: { createdAt: "desc" },
        select: { email: true, expiresAt: true },
      },
    },
  });
}

/** Why the CCAS may not invite an administrator for this structure, or null when it may. */
export async function orphanRefusal(db: Db | Tx, organisationId: string): Promise<string | null> {
  const organisation = await db.organisation.findUnique({
    where: { id: organisationId },
    select: { unclaimed: true, isDemo: true, _count: { select: { memberships: { where: { role: "admin" } } } } },
  });
  if (!organisation || organisation.unclaimed || organisation.isDemo)
    return "Cette structure ne peut pas recevoir d'administrateur par le CCAS.";
  if (organisation._count.memberships > 0)
    return "Cette structure a de nouveau un administrateur : c'est lui qui invite les membres, depuis son espace.";
  return null;
}

/** An invitation sent again this soon to the same address is the same one (a form sent twice). */
const SAME_INVITATION_MS = 60_000;

/**
 * The CCAS invites an administrator for a structure that has none (getOrganisationsWithoutAdmin),
 * recorded in its journal. It replaces every invitation of the structure still pending (an earlier
 * address the CCAS tried, those the former admin sent): none stays valid out of the CCAS's sight.
 * The same address invited again within a minute (a form sent twice) is that invitation: `again`,
 * nothing written, no second mail whose link would have replaced the first's. Refused
 * (orphanRefusal) when the structure has an administrator again, or is a register profile or demo.
 */
export async function inviteAdminForOrphan(
  db: Db,
  { organisationId, email, staff }: { organisationId: string; email: string; staff: { id: string; name: string; email: string } },
): Promise<
  { ok: true; again: false; token: string; organisationName: string } | { ok: true; again: true } | { ok: false; error: string }
> {
  return db.$transaction(async (tx) => {
    const refusal = await orphanRefusal(tx, organisationId);
    if (refusal) return { ok: false as const, error: refusal };
    const now = Date.now();
    const sent = await tx.invitation.count({
      where: { organisationId, email, role: "admin", acceptedAt: null, createdAt: { gt: new Date(now - SAME_INVITATION_MS) } },
    });
    if (sent > 0) return { ok: true as const, again: true as const };
    await tx.invitation.deleteMany({ where: { organisationId, acceptedAt: null } });
    const invited = await inviteIn(tx, { organisationId, email, role: "admin", invitedById: staff.id });
    await audit(
      tx,
      staff,
      "moderation.admin-invite",
      { type: "organisation", id: organisationId },
      `« ${invited.organisationName} » : ${email}`,
    );
    return { ok: true as const, again: false as const, ...invited };
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
 * The invitation is used, and the person becomes a member with its role; a member stays as they
 * are, except that an editor invited as administrator becomes one (the CCAS invites the editor
 * left in a structure without administrator: they stayed an editor, the invitation used up). The
 * first administrator of a fiche unpublished for having none loses the message that said so.
 * False when it was answered or cancelled meanwhile (another tab, the admin).
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
      update: invitation.role === "admin" ? { role: "admin" } : {},
    });
    // The message is the one the platform wrote when the last admin left: an administrator now answers.
    if (invitation.role === "admin")
      await tx.organisation.updateMany({
        where: { id: invitation.organisationId, moderationReason: NO_ADMIN_LEFT },
        data: { moderationReason: null },
      });
    return true;
  });
}
