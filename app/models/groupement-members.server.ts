// The members of a groupement: invitations and their answers, departures, the lead, and each
// structure's contribution and its confirmation. Each write is one `changeGroupement` transaction
// (logged once the application is filed); who may do what is the route's business.
import { ofName } from "~/domain/format";
import { visibleOrganisationWhere } from "~/domain/publication";
import type { MemberSchema } from "~/domain/schemas/groupement-forms";
import { getOfferedResources } from "~/models/interest.server";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import type { Db, Tx } from "~/utils/db.server";
import type { Mail } from "~/utils/mail.server";
import type * as z from "~/utils/zod";
import { enqueueIndex } from "../../search/outbox";
import {
  changeGroupement,
  GroupementChanged,
  memberKey,
  type Actor,
  type GroupementRecord,
  type MemberChange,
} from "./groupement.server";

async function ideaOf(tx: Tx, groupementId: string): Promise<string> {
  return (await tx.groupement.findUniqueOrThrow({ where: { id: groupementId }, select: { ideaId: true } })).ideaId;
}

/**
 * The idea's public page lists the groupement's active members: a member joining or leaving queues
 * the idea, which moves the mark of the pages kept for visitors (scripts/lib/page-cache.ts) — shown
 * at once, as a partner accepted on the idea is.
 */
function membersShownOnIdea(tx: Tx, ideaId: string) {
  return enqueueIndex(tx, [{ entityType: "idea", entityId: ideaId }]);
}

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
): Promise<{ error: string } | { organisation: { id: string; name: string }; told: boolean }> {
  const organisation = await db.organisation.findFirst({
    where: { id: organisationId, ...visibleOrganisationWhere() },
    select: { id: true, name: true },
  });
  if (!organisation) return { error: "Choisissez une structure publiée." };
  const already = groupement.members.find((member) => member.organisationId === organisationId);
  if (already)
    return {
      error:
        already.status === "invited" ? "Cette structure est déjà invitée." : "Cette structure fait déjà partie du groupement.",
    };
  await changeGroupement(db, groupement.id, actor, `${organisation.name} invitée`, async (tx) => {
    await tx.groupementMember.create({ data: { groupementId: groupement.id, organisationId, status: "invited" } });
  });
  // A published structure may have no administrator on the platform: nobody is told, nobody can answer.
  const admins = await adminIdsOf(db, organisationId);
  await notifyUsers(
    db,
    admins,
    {
      subject: `Invitation à rejoindre le groupement « ${groupement.title} »`,
      body: `Votre structure ${organisation.name} est invitée à rejoindre le groupement « ${groupement.title} ». Acceptez ou déclinez depuis son espace de travail :`,
      link,
    },
    send,
  );
  return { organisation, told: admins.length > 0 };
}

/**
 * The invited structure joins (it then counts for the rules) or declines (it leaves no trace but the
 * log). A structure whose interest in the idea was accepted joins with the resources it offered
 * there, unless some are already written down for it. An invitation that another admin answered or
 * the lead withdrew since the page was read throws GroupementChanged.
 */
export async function answerInvitation(
  db: Db,
  {
    groupementId,
    member,
    actor,
  }: Omit<MemberChange, "member"> & {
    member: Pick<GroupementRecord["members"][number], "organisationId" | "resources"> & { organisation: { name: string } };
  },
  accept: boolean,
  /** The lead's admins hear of the answer (as their notification settings say): the workspace's address, and how to mail. */
  notify?: { link: string; send: (mail: Mail) => Promise<void> },
) {
  await changeGroupement(
    db,
    groupementId,
    actor,
    `${member.organisation.name} a ${accept ? "accepté" : "décliné"} l'invitation`,
    async (tx) => {
      // Still invited: the answer is the first one.
      const where = { groupementId, organisationId: member.organisationId, status: "invited" };
      if (!accept) {
        if ((await tx.groupementMember.deleteMany({ where })).count === 0) throw new GroupementChanged();
        return;
      }
      const ideaId = await ideaOf(tx, groupementId);
      const offered = member.resources ? undefined : (await getOfferedResources(tx, ideaId)).get(member.organisationId);
      const { count } = await tx.groupementMember.updateMany({
        where,
        data: { status: "active", ...(offered ? { resources: offered } : {}) },
      });
      if (count === 0) throw new GroupementChanged();
      await membersShownOnIdea(tx, ideaId);
    },
  );
  if (!notify) return;
  const groupement = await db.groupement.findUnique({
    where: { id: groupementId },
    select: { title: true, members: { where: { isLead: true, status: "active" }, select: { organisationId: true } } },
  });
  const leadId = groupement?.members[0]?.organisationId;
  if (!groupement || !leadId) return;
  const name = member.organisation.name;
  await notifyUsers(
    db,
    await adminIdsOf(db, leadId),
    accept
      ? {
          subject: `${name} a rejoint le groupement « ${groupement.title} »`,
          body: `${name} a accepté votre invitation : la structure fait désormais partie du groupement « ${groupement.title} ». Proposez-lui sa contribution (rôle, ressources, engagement) depuis l'espace de travail :`,
          link: notify.link,
        }
      : {
          subject: `${name} a décliné l'invitation au groupement « ${groupement.title} »`,
          body: `${name} a décliné votre invitation à rejoindre le groupement « ${groupement.title} ». Vous pouvez inviter une autre structure depuis l'espace de travail :`,
          link: notify.link,
        },
    notify.send,
  );
}

/** Who to tell of a change of members, and how: the groupement's title, its lead, the links of the mails. */
export type MembersNotice = {
  title: string;
  leadOrganisationId: string;
  /** The groupement's workspace, and the ideas looking for partners (for a structure no longer in it). */
  links: { groupement: string; ideas: string };
  send: (mail: Mail) => Promise<void>;
};

/**
 * The lead removes a member (or withdraws an invitation), or the member leaves; the lead itself must
 * hand over its role first. Only as the page showed it: an invitation accepted in the meantime, or a
 * member already gone, throws GroupementChanged. Then, with `notify`, those concerned are told: the
 * admins of a structure withdrawn or removed (an invitation's mailed link leads nowhere now), the
 * lead's admins of a structure that left.
 */
export async function removeFromGroupement(
  db: Db,
  { groupementId, member, actor }: MemberChange,
  leaving: boolean,
  notify?: MembersNotice,
) {
  await changeGroupement(
    db,
    groupementId,
    actor,
    member.status === "invited"
      ? `Invitation ${ofName(member.organisation.name)} retirée`
      : `${member.organisation.name} ${leaving ? "a quitté le" : "retirée du"} groupement`,
    async (tx) => {
      const where = { groupementId, organisationId: member.organisationId, status: member.status };
      if ((await tx.groupementMember.deleteMany({ where })).count === 0) throw new GroupementChanged();
      if (member.status !== "active") return;
      // Out of the groupement, out of the idea's partners too: a partner accepted on the idea was
      // still listed on its page as engaged (and could not propose again) once it had left.
      const ideaId = await ideaOf(tx, groupementId);
      await tx.candidateMember.deleteMany({ where: { ideaId, organisationId: member.organisationId } });
      await membersShownOnIdea(tx, ideaId);
    },
  );
  if (!notify) return;
  const name = member.organisation.name;
  const content =
    member.status === "invited"
      ? {
          subject: `Invitation retirée : groupement « ${notify.title} »`,
          body: `L'invitation de votre structure ${name} à rejoindre le groupement « ${notify.title} » a été retirée par son chef de file : il n'y a rien à faire. Les idées de projets cherchent toujours des partenaires :`,
          link: notify.links.ideas,
        }
      : leaving
        ? {
            subject: `${name} a quitté le groupement « ${notify.title} »`,
            body: `${name} a quitté le groupement « ${notify.title} » ; sa contribution est supprimée. Vous pouvez inviter une autre structure depuis l'espace du groupement :`,
            link: notify.links.groupement,
          }
        : {
            subject: `Votre structure ne fait plus partie du groupement « ${notify.title} »`,
            body: `Le chef de file du groupement « ${notify.title} » en a retiré votre structure ${name} ; sa contribution est supprimée. Les idées de projets cherchent toujours des partenaires :`,
            link: notify.links.ideas,
          };
  const told = leaving ? notify.leadOrganisationId : member.organisationId;
  await notifyUsers(db, await adminIdsOf(db, told), content, notify.send);
}

/**
 * Exactly one lead at a time: the old one steps down in the same transaction. Coordinating the
 * project changes the new lead's part in it, so its confirmation is asked for again. The new lead's
 * administrators manage the groupement and file it: a structure without one is refused.
 */
export async function transferLead(
  db: Db,
  { groupementId, member, actor }: MemberChange,
  /** The new lead's admins are told (with the previous lead's name). */
  notify?: MembersNotice & { previousLeadName: string },
): Promise<{ error: string } | null> {
  const admins = await adminIdsOf(db, member.organisationId);
  if (admins.length === 0)
    return {
      error: `« ${member.organisation.name} » n'a pas d'administrateur sur la plateforme : personne ne pourrait gérer le groupement.`,
    };
  await changeGroupement(db, groupementId, actor, `${member.organisation.name} devient chef de file`, async (tx) => {
    await tx.groupementMember.updateMany({ where: { groupementId }, data: { isLead: false } });
    await tx.groupementMember.update({
      where: memberKey(groupementId, member.organisationId),
      data: { isLead: true, confirmedAt: null, confirmedByName: null },
    });
  });
  if (notify)
    await notifyUsers(
      db,
      admins,
      {
        subject: `Votre structure est chef de file du groupement « ${notify.title} »`,
        body: `${notify.previousLeadName} a confié à votre structure ${member.organisation.name} le rôle de chef de file du groupement « ${notify.title} » : ses administrateurs gèrent désormais le groupement et déposent le dossier. Vérifiez et confirmez sa contribution :`,
        link: notify.links.groupement,
      },
      notify.send,
    );
  return null;
}

export type ContributionValues = z.output<typeof MemberSchema>;

/** What a structure confirms: its contribution as the member row stores it. */
type Contribution = Pick<
  GroupementRecord["members"][number],
  "role" | "resources" | "resourceDescription" | "valuedAmount" | "commitment" | "subsidyShare"
>;

const CONTRIBUTION_FIELDS = [
  "role",
  "resources",
  "resourceDescription",
  "valuedAmount",
  "commitment",
  "subsidyShare",
] as const satisfies readonly (keyof Contribution)[];

/**
 * A structure's role, resources and commitment; its share of the subsidy only when `setsShare` (the
 * lead's decision). When `confirms` (an admin of that structure saves it), the structure stands by
 * what it saved; otherwise (the lead proposes, an editor drafts) a change asks for its confirmation
 * again, and an unchanged contribution keeps the one it had.
 */
export async function updateContribution(
  db: Db,
  { groupementId, member, actor }: MemberChange,
  value: ContributionValues,
  { setsShare, confirms }: { setsShare: boolean; confirms: boolean },
) {
  const next: Contribution = {
    role: value.role ?? "",
    resources: value.resources.join(" "),
    resourceDescription: value.resourceDescription ?? "",
    valuedAmount: value.valuedAmount ?? null,
    commitment: value.commitment ?? null,
    subsidyShare: setsShare && value.subsidyShare !== undefined ? value.subsidyShare : member.subsidyShare,
  };
  const changed = CONTRIBUTION_FIELDS.some((field) => next[field] !== member[field]);
  const confirmation = confirms
    ? { confirmedAt: new Date(), confirmedByName: actor.name }
    : changed
      ? { confirmedAt: null, confirmedByName: null }
      : {};
  const summary = `Contribution ${ofName(member.organisation.name)} ${confirms ? "modifiée et confirmée" : "modifiée"}`;
  await changeGroupement(db, groupementId, actor, summary, async (tx) => {
    await tx.groupementMember.update({
      where: memberKey(groupementId, member.organisationId),
      data: { ...next, ...confirmation },
    });
  });
  return { asksConfirmation: !confirms && changed };
}

/** Tells the structure's admins that its contribution waits for their confirmation (after the commit). */
export async function askForConfirmation(
  db: Db,
  {
    groupement,
    member,
    link,
  }: { groupement: Pick<GroupementRecord, "title">; member: GroupementRecord["members"][number]; link: string },
  send: (mail: Mail) => Promise<void>,
) {
  await notifyUsers(
    db,
    await adminIdsOf(db, member.organisationId),
    {
      subject: `Contribution à confirmer dans le groupement « ${groupement.title} »`,
      body: `Le rôle, les ressources ou l'engagement ${ofName(member.organisation.name)} ont été indiqués ou modifiés dans le groupement « ${groupement.title} ». Vérifiez-les, puis confirmez-les ou corrigez-les depuis l'espace du groupement :`,
      link,
    },
    send,
  );
}

/** An admin of the structure accepts its contribution as the lead wrote it. */
export async function confirmContribution(db: Db, { groupementId, member, actor }: MemberChange) {
  await changeGroupement(db, groupementId, actor, `Contribution ${ofName(member.organisation.name)} confirmée`, async (tx) => {
    await tx.groupementMember.update({
      where: memberKey(groupementId, member.organisationId),
      data: { confirmedAt: new Date(), confirmedByName: actor.name },
    });
  });
}
