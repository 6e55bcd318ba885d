import type { CallParameters, GroupementInput } from "~/domain/eligibility";
import type { Prisma } from "~/generated/prisma/client";
import {
  mayLead,
  type CommitmentCode,
  type CooperationCode,
  type KindCode,
  type QuartierSlug,
  type ResourceCode,
  type SectorCode,
} from "~/domain/taxonomy";
import type { SessionUser } from "~/utils/auth.server";
import type { Db, Tx } from "~/utils/db.server";


export const splitCodes = (text: string) => text.split(" ").filter(Boolean);

/** Creates the groupement of an idea: its organisation leads, the accepted candidates join. */
export async function createGroupementFromIdea(db: Db, ideaId: string) {
  return db.$transaction(async (tx) => {
    const existing = await tx.groupement.findUnique({ where: { ideaId }, select: { id: true } });
    if (existing) return existing;
    const idea = await tx.idea.findUniqueOrThrow({
      where: { id: ideaId },
      select: {
        callId: true,
        organisationId: true,
        title: true,
        addressesIsolation: true,
        addressesPrecarity: true,
        wholeCity: true,
        expectedStart: true,
        codes: { select: { kind: true, code: true } },
        candidates: { select: { organisationId: true } },
      },
    });
    const codes = (kind: string) =>
      idea.codes
        .filter((code) => code.kind === kind)
        .map((code) => code.code)
        .join(" ");
    return tx.groupement.create({
      data: {
        ideaId,
        callId: idea.callId,
        title: idea.title,
        subAxes: codes("subAxis"),
        addressesIsolation: idea.addressesIsolation,
        addressesPrecarity: idea.addressesPrecarity,
        wholeCity: idea.wholeCity,
        quartiers: codes("quartier"),
        startDate: idea.expectedStart?.toISOString().slice(0, 10) ?? null,
        members: {
          create: [
            { organisationId: idea.organisationId, isLead: true, status: "active" },
            ...idea.candidates
              .filter((candidate) => candidate.organisationId !== idea.organisationId)
              .map((candidate) => ({ organisationId: candidate.organisationId, status: "active" })),
          ],
        },
      },
      select: { id: true },
    });
  });
}

const groupementSelect = {
  id: true,
  ideaId: true,
  callId: true,
  title: true,
  subAxes: true,
  addressesIsolation: true,
  addressesPrecarity: true,
  wholeCity: true,
  quartiers: true,
  startDate: true,
  durationMonths: true,
  cooperation: true,
  cooperationJustification: true,
  beneficiaries: true,
  replicability: true,
  budgetOperating: true,
  budgetParticipation: true,
  budgetEquipment: true,
  projectSheetFile: true,
  submittedAt: true,
  updatedAt: true,
  call: { select: { title: true, shortTitle: true, slug: true } },
  idea: { select: { slug: true, organisationId: true } },
  members: {
    orderBy: [{ isLead: "desc" }, { createdAt: "asc" }],
    select: {
      organisationId: true,
      isLead: true,
      status: true,
      role: true,
      resources: true,
      resourceDescription: true,
      valuedAmount: true,
      subsidyShare: true,
      commitment: true,
      commitmentFile: true,
      accountsFile: true,
      accountsAlreadySent: true,
      reportFile: true,
      reportAlreadySent: true,
      organisation: { select: { name: true, slug: true, sector: true, kind: true } },
    },
  },
  changes: { orderBy: { createdAt: "desc" }, take: 200, select: { id: true, userName: true, summary: true, createdAt: true } },
} satisfies Prisma.GroupementSelect;

export type GroupementRecord = NonNullable<Awaited<ReturnType<typeof findGroupement>>>;

function findGroupement(db: Db, id: string) {
  return db.groupement.findUnique({ where: { id }, select: groupementSelect });
}

export type GroupementAccess = {
  isCcas: boolean;
  /** The user is an admin or editor of the lead organisation. */
  lead: boolean;
  /** Organisations of the groupement the user belongs to, with the user's role there. */
  memberships: { organisationId: string; role: string }[];
};

/**
 * The groupement as this person may see it. Only the members' people and the CCAS see it at all:
 * for anyone else it does not exist (null, so a 404).
 */
export async function getGroupementFor(
  db: Db,
  id: string,
  user: SessionUser,
): Promise<{ groupement: GroupementRecord; access: GroupementAccess } | null> {
  const groupement = await findGroupement(db, id);
  if (!groupement) return null;
  const memberships = await db.membership.findMany({
    where: { userId: user.id, organisationId: { in: groupement.members.map((member) => member.organisationId) } },
    select: { organisationId: true, role: true },
  });
  if (memberships.length === 0 && !user.isCcas) return null;
  const leadId = groupement.members.find((member) => member.isLead)?.organisationId;
  return {
    groupement,
    access: { isCcas: user.isCcas, lead: memberships.some((membership) => membership.organisationId === leadId), memberships },
  };
}

/** The groupement as the eligibility rules read it: active members only. */
export function toEligibilityInput(groupement: GroupementRecord): GroupementInput {
  return {
    project: {
      title: groupement.title,
      subAxes: splitCodes(groupement.subAxes),
      addressesIsolation: groupement.addressesIsolation,
      addressesPrecarity: groupement.addressesPrecarity,
      territory: { wholeCity: groupement.wholeCity, quartiers: splitCodes(groupement.quartiers) as QuartierSlug[] },
      startDate: groupement.startDate ?? "9999-12-31",
      durationMonths: groupement.durationMonths,
      cooperation: groupement.cooperation as CooperationCode,
      cooperationJustification: groupement.cooperationJustification,
      scale: { beneficiaries: groupement.beneficiaries, replicability: groupement.replicability },
      budget: {
        operating: groupement.budgetOperating,
        participation: groupement.budgetParticipation,
        equipment: groupement.budgetEquipment,
      },
    },
    members: groupement.members
      .filter((member) => member.status === "active")
      .map((member) => ({
        name: member.organisation.name,
        sector: member.organisation.sector as SectorCode,
        kind: member.organisation.kind as KindCode,
        isLead: member.isLead,
        subsidyShare: member.subsidyShare,
        resources: splitCodes(member.resources) as ResourceCode[],
        commitment: (member.commitment as CommitmentCode | null) ?? null,
        role: member.role,
      })),
  };
}

/** The call's parameters as the rules need them, from the Call record. */
export async function getCallParameters(db: Db, callId: string): Promise<CallParameters> {
  const call = await db.call.findUniqueOrThrow({
    where: { id: callId },
    select: {
      slug: true,
      yearlyEnvelope: true,
      fundingYears: true,
      minLaureates: true,
      minMembers: true,
      durationMonths: true,
      latestStart: true,
      axes: { orderBy: { position: "asc" }, select: { subAxes: { orderBy: { position: "asc" }, select: { code: true } } } },
    },
  });
  return {
    slug: call.slug,
    yearlyEnvelope: call.yearlyEnvelope,
    fundingYears: call.fundingYears,
    minLaureates: call.minLaureates,
    minMembers: call.minMembers,
    durationMonths: call.durationMonths,
    latestStart: call.latestStart.toISOString().slice(0, 10),
    subAxes: call.axes.flatMap((axis) => axis.subAxes.map((subAxis) => subAxis.code)),
  };
}

/** Runs a change, recording it when the application has been filed. */
export async function changeGroupement(
  db: Db,
  groupementId: string,
  actor: { id: string; name: string },
  summary: string,
  change: (tx: Tx) => Promise<void>,
) {
  await db.$transaction(async (tx) => {
    await change(tx);
    const { submittedAt } = await tx.groupement.findUniqueOrThrow({ where: { id: groupementId }, select: { submittedAt: true } });
    if (submittedAt)
      await tx.groupementChange.create({ data: { groupementId, userId: actor.id, userName: actor.name, summary } });
    await tx.groupement.update({ where: { id: groupementId }, data: { updatedAt: new Date() } });
  });
}

/** Members who may take the lead: active, and not a City body. */
export function mayTakeLead(member: GroupementRecord["members"][number]): boolean {
  return member.status === "active" && mayLead(member.organisation.kind as KindCode);
}

/** What the application still misses beyond eligibility: documents of each structure, the project sheet. */
export function getChecklist(groupement: GroupementRecord) {
  const items: { label: string; done: boolean }[] = [
    { label: "Fiche descriptive du projet", done: Boolean(groupement.projectSheetFile) },
  ];
  for (const member of groupement.members.filter((item) => item.status === "active")) {
    const name = member.organisation.name;
    items.push(
      { label: `${name} : convention ou lettre d'engagement signée`, done: Boolean(member.commitment && member.commitmentFile) },
      { label: `${name} : comptes annuels`, done: Boolean(member.accountsFile) || member.accountsAlreadySent },
      { label: `${name} : rapport d'activité 2024`, done: Boolean(member.reportFile) || member.reportAlreadySent },
    );
  }
  return items;
}
