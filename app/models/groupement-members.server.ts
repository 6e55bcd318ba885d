import { visibleOrganisationWhere } from "~/domain/publication";
// The members of a groupement: invitations and their answers, departures, the lead, and each
// structure's contribution. Each write is one `changeGroupement` transaction (logged once the
// application is filed); who may do what is the route's business.
import type { MemberSchema } from "~/domain/schemas/groupement-forms";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import type { Db } from "~/utils/db.server";
import type { Mail } from "~/utils/mail.server";
import type { z } from "zod";
import { changeGroupement, memberKey, type Actor, type GroupementRecord, type MemberChange } from "./groupement.server";

/**
 * Invites a published organisation that is not in the groupement yet, then tells its admins. The
 * notification follows the commit: a mail cannot be taken back if the transaction failed.
 */
export async function inviteToGroupement(
  db: Db,
  {
    groupement,
    actor,
    organisationId,
    link,
  }: { groupement: Pick<GroupementRecord, "id" | "title" | "members">; actor: Actor; organisationId: string; link: string },
  send: (mail: Mail) => Promise<void>,
): Promise<{ error: string } | { organisation: { id: string; name: string } }> {
  const organisation = await db.organisation.findFirst({
    where: { id: organisationId, ...visibleOrganisationWhere() },
    select: { id: true, name: true },
  });
  if (!organisation) return { error: "Choisissez une structure publiée." };
  if (groupement.members.some((member) => member.organisationId === organisationId))
    return { error: "Cette structure fait déjà partie du groupement." };
  await changeGroupement(db, groupement.id, actor, `${organisation.name} invitée`, async (tx) => {
    await tx.groupementMember.create({ data: { groupementId: groupement.id, organisationId, status: "invited" } });
  });
  await notifyUsers(
    db,
    await adminIdsOf(db, organisationId),
    {
      subject: `Invitation à rejoindre le groupement « ${groupement.title} »`,
      body: `Votre structure ${organisation.name} est invitée à rejoindre le groupement « ${groupement.title} ». Acceptez ou déclinez depuis son espace de travail :`,
      link,
    },
    send,
  );
  return { organisation };
}

/** The invited structure joins (it then counts for the rules) or declines (it leaves no trace but the log). */
export async function answerInvitation(db: Db, { groupementId, member, actor }: MemberChange, accept: boolean) {
  await changeGroupement(
    db,
    groupementId,
    actor,
    `${member.organisation.name} a ${accept ? "accepté" : "décliné"} l'invitation`,
    async (tx) => {
      const where = memberKey(groupementId, member.organisationId);
      if (accept) await tx.groupementMember.update({ where, data: { status: "active" } });
      else await tx.groupementMember.delete({ where });
    },
  );
}

/** The lead removes a member, or the member leaves; the lead itself must hand over its role first. */
export async function removeFromGroupement(db: Db, { groupementId, member, actor }: MemberChange, leaving: boolean) {
  await changeGroupement(
    db,
    groupementId,
    actor,
    `${member.organisation.name} ${leaving ? "a quitté le" : "retirée du"} groupement`,
    async (tx) => {
      await tx.groupementMember.delete({ where: memberKey(groupementId, member.organisationId) });
    },
  );
}

/** Exactly one lead at a time: the old one steps down in the same transaction. */
export async function transferLead(db: Db, { groupementId, member, actor }: MemberChange) {
  await changeGroupement(db, groupementId, actor, `${member.organisation.name} devient chef de file`, async (tx) => {
    await tx.groupementMember.updateMany({ where: { groupementId }, data: { isLead: false } });
    await tx.groupementMember.update({ where: memberKey(groupementId, member.organisationId), data: { isLead: true } });
  });
}

export type ContributionValues = z.output<typeof MemberSchema>;

/** A structure's role, resources and commitment; its share of the subsidy only when `setsShare` (the lead's decision). */
export async function updateContribution(
  db: Db,
  { groupementId, member, actor }: MemberChange,
  value: ContributionValues,
  { setsShare }: { setsShare: boolean },
) {
  await changeGroupement(db, groupementId, actor, `Contribution de ${member.organisation.name} modifiée`, async (tx) => {
    await tx.groupementMember.update({
      where: memberKey(groupementId, member.organisationId),
      data: {
        role: value.role ?? "",
        resources: value.resources.join(" "),
        resourceDescription: value.resourceDescription ?? "",
        valuedAmount: value.valuedAmount ?? null,
        commitment: value.commitment ?? null,
        ...(setsShare && value.subsidyShare !== undefined ? { subsidyShare: value.subsidyShare } : {}),
      },
    });
  });
}
