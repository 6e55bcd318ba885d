// The groupement aggregate: reading it for one person, creating it from an idea, the project, the
// budget and the filing. Members live in groupement-members.server.ts, documents in
// groupement-documents.server.ts. Every write goes through `changeGroupement`: one transaction that
// also logs the change once the application has been filed.
import { formatDay, formatEuros } from "~/domain/format";
import { filingRefusal } from "~/domain/call-status";
import type { CallParameters } from "~/domain/eligibility";
import type { Groupement, GroupementBudget, GroupementMember } from "~/domain/groupement";
import type { createProjectSchema } from "~/domain/schemas/groupement-forms";
import { mayLead, type KindCode } from "~/domain/taxonomy";
import { visibleOrganisationWhere } from "~/domain/publication";
import type { Prisma } from "~/generated/prisma/client";
import { getOfferedResources } from "~/models/interest.server";
import type { SessionUser } from "~/utils/auth.server";
import { isRecordMissing, type Db, type Tx } from "~/utils/db.server";
import type * as z from "~/utils/zod";

/** Who makes a change, as the change log names them. */
export type Actor = Pick<SessionUser, "id" | "name">;

export const splitCodes = (text: string) => text.split(" ").filter(Boolean);

/**
 * Creates the groupement of an idea: its organisation leads, the accepted candidates join with the
 * resources they offered in their interest (their own word, still to be confirmed with the rest of
 * their contribution).
 */
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
    const offered = await getOfferedResources(tx, ideaId);
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
              .map((candidate) => ({
                organisationId: candidate.organisationId,
                status: "active",
                resources: offered.get(candidate.organisationId) ?? "",
              })),
          ],
        },
      },
      select: { id: true },
    });
  });
}

export const groupementSelect = {
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
  createdAt: true,
  updatedAt: true,
  call: { select: { title: true, shortTitle: true, slug: true, deadline: true } },
  idea: {
    select: {
      slug: true,
      organisationId: true,
      summary: true,
      description: true,
      targetPublic: true,
      status: true,
      organisation: { select: { status: true } },
    },
  },
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
      confirmedAt: true,
      confirmedByName: true,
      organisation: {
        select: {
          name: true,
          slug: true,
          status: true,
          sector: true,
          kind: true,
          siret: true,
          rna: true,
          address: true,
          publicEmail: true,
          publicPhone: true,
          website: true,
        },
      },
    },
  },
  changes: { orderBy: { createdAt: "desc" }, take: 200, select: { id: true, userName: true, summary: true, createdAt: true } },
} satisfies Prisma.GroupementSelect;

export type GroupementRecord = NonNullable<Awaited<ReturnType<typeof findGroupement>>>;

/** The groupement with its members, documents and the rest of what its workspace shows; null when there is none. */
export function findGroupement(db: Db, id: string) {
  return db.groupement.findUnique({ where: { id }, select: groupementSelect });
}

export type GroupementAccess = {
  isCcas: boolean;
  /** The user is an admin or editor of the lead organisation. */
  lead: boolean;
  /**
   * The groupement's active members the user belongs to, with the user's role there. A structure
   * that is only invited is not among them: it has not joined, so it sees and does nothing yet.
   */
  memberships: { organisationId: string; role: string }[];
};

/**
 * The groupement as this person may see it. Only the people of its active members and the CCAS
 * see it at all: for anyone else, an invited structure that has not accepted included, it does not
 * exist (null, so a 404). An invited structure sees the invitation instead (`getInvitationsFor`).
 */
export async function getGroupementFor(
  db: Db,
  id: string,
  user: SessionUser,
): Promise<{ groupement: GroupementRecord; access: GroupementAccess } | null> {
  const groupement = await findGroupement(db, id);
  if (!groupement) return null;
  const active = groupement.members.filter((member) => member.status === "active");
  const memberships = await db.membership.findMany({
    where: { userId: user.id, organisationId: { in: active.map((member) => member.organisationId) } },
    select: { organisationId: true, role: true },
  });
  if (memberships.length === 0 && !user.isCcas) return null;
  const leadId = active.find((member) => member.isLead)?.organisationId;
  return {
    groupement,
    access: { isCcas: user.isCcas, lead: memberships.some((membership) => membership.organisationId === leadId), memberships },
  };
}

/**
 * What the people of a structure invited to a groupement may know of it before they answer: the
 * project's title, its call, its lead, and which of their structures are invited (with their role
 * there: only admins answer). Nothing of the members, the project, the budget or the documents.
 * Null when none of the user's structures is invited.
 */
export async function getInvitationsFor(db: Db, groupementId: string, user: Pick<SessionUser, "id">) {
  const invited = await db.groupementMember.findMany({
    where: { groupementId, status: "invited", organisation: { memberships: { some: { userId: user.id } } } },
    orderBy: { createdAt: "asc" },
    select: {
      organisationId: true,
      resources: true,
      createdAt: true,
      organisation: { select: { name: true, memberships: { where: { userId: user.id }, select: { role: true } } } },
      groupement: {
        select: {
          id: true,
          title: true,
          submittedAt: true,
          call: { select: { title: true, deadline: true } },
          members: { where: { isLead: true }, select: { organisation: { select: { name: true } } } },
        },
      },
    },
  });
  const groupement = invited[0]?.groupement;
  if (!groupement) return null;
  return {
    groupement: {
      id: groupement.id,
      title: groupement.title,
      callTitle: groupement.call.title,
      leadName: groupement.members[0]?.organisation.name ?? null,
      submittedAt: groupement.submittedAt,
      deadline: groupement.call.deadline,
    },
    invitations: invited.map((member) => ({
      organisationId: member.organisationId,
      resources: member.resources,
      invitedAt: member.createdAt,
      organisation: { name: member.organisation.name },
      role: member.organisation.memberships[0]?.role ?? "editor",
    })),
  };
}

export type GroupementInvitations = NonNullable<Awaited<ReturnType<typeof getInvitationsFor>>>;

/** The groupement in the domain's terms (codes as lists): what the workspace shows and the rules read. */
export function toGroupement(groupement: GroupementRecord) {
  return {
    project: {
      title: groupement.title,
      subAxes: splitCodes(groupement.subAxes),
      addressesIsolation: groupement.addressesIsolation,
      addressesPrecarity: groupement.addressesPrecarity,
      wholeCity: groupement.wholeCity,
      quartiers: splitCodes(groupement.quartiers),
      startDate: groupement.startDate ?? "",
      durationMonths: groupement.durationMonths,
      cooperation: groupement.cooperation,
      cooperationJustification: groupement.cooperationJustification,
      beneficiaries: groupement.beneficiaries,
      replicability: groupement.replicability,
    },
    budget: {
      operating: groupement.budgetOperating,
      participation: groupement.budgetParticipation,
      equipment: groupement.budgetEquipment,
    },
    members: groupement.members.map(toGroupementMember),
  } satisfies Groupement;
}

export type GroupementMemberRecord = GroupementRecord["members"][number];

/** A change to one member's place in a groupement, by `actor`. */
export type MemberChange = { groupementId: string; member: GroupementMemberRecord; actor: Actor };

/** The `where` of one member row. */
export const memberKey = (groupementId: string, organisationId: string) => ({
  groupementId_organisationId: { groupementId, organisationId },
});

/** One member in the domain's terms, with its organisation's id. */
export function toGroupementMember(member: GroupementMemberRecord): GroupementMember & { organisationId: string } {
  return {
    organisationId: member.organisationId,
    name: member.organisation.name,
    sector: member.organisation.sector,
    kind: member.organisation.kind,
    isLead: member.isLead,
    status: member.status,
    role: member.role,
    resources: splitCodes(member.resources),
    subsidyShare: member.subsidyShare,
    commitment: member.commitment,
    confirmed: member.confirmedAt !== null,
  };
}

/**
 * The person the CCAS talks to for the lead structure, as the application file names them: its
 * longest-standing admin. Null when it has none.
 */
export async function getLeadContact(db: Db, organisationId: string) {
  const admin = await db.membership.findFirst({
    where: { organisationId, role: "admin" },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { name: true, email: true } } },
  });
  return admin?.user ?? null;
}

/** The call's parameters as the rules need them, from the Call record. */
export async function getCallParameters(db: Db, callId: string): Promise<CallParameters> {
  const { latestStart, axes, ...call } = await db.call.findUniqueOrThrow({
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
    ...call,
    latestStart: latestStart.toISOString().slice(0, 10),
    subAxes: axes.flatMap((axis) => axis.subAxes.map((subAxis) => subAxis.code)),
  };
}

/**
 * A change made on what the page showed, after another request changed it (two admins answering
 * one invitation, a member leaving while the lead removes it): nothing is written, and the route
 * says so rather than failing.
 */
export class GroupementChanged extends Error {
  constructor() {
    super("The groupement changed since the request read it");
    this.name = "GroupementChanged";
  }
}

/** Runs a change, recording it when the application has been filed. */
export async function changeGroupement(
  db: Db,
  groupementId: string,
  actor: Actor,
  summary: string,
  change: (tx: Tx) => Promise<void>,
) {
  try {
    await db.$transaction(async (tx) => {
      await change(tx);
      const { submittedAt } = await tx.groupement.findUniqueOrThrow({
        where: { id: groupementId },
        select: { submittedAt: true },
      });
      if (submittedAt)
        await tx.groupementChange.create({ data: { groupementId, userId: actor.id, userName: actor.name, summary } });
      await tx.groupement.update({ where: { id: groupementId }, data: { updatedAt: new Date() } });
    });
  } catch (error) {
    // The member (or the groupement) another request removed since this one read it.
    if (isRecordMissing(error)) throw new GroupementChanged();
    throw error;
  }
}

/** Members who may take the lead: active, and not a City body. */
export function mayTakeLead(member: GroupementMemberRecord): boolean {
  return member.status === "active" && mayLead(member.organisation.kind as KindCode);
}

/** The call's sub-axes, in the call's order, for choosing and for naming them. */
export function getCallSubAxes(db: Db, callId: string) {
  return db.callSubAxis.findMany({
    where: { axis: { callId } },
    orderBy: [{ axis: { position: "asc" } }, { position: "asc" }],
    select: { code: true, title: true },
  });
}

/** Published organisations that are not yet in the groupement, invited or not. */
export function getInvitableOrganisations(db: Db, groupement: Pick<GroupementRecord, "members">) {
  return db.organisation.findMany({
    where: { ...visibleOrganisationWhere(), id: { notIn: groupement.members.map((member) => member.organisationId) } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, isDemo: true },
  });
}

export type ProjectValues = z.output<ReturnType<typeof createProjectSchema>>;

export async function updateGroupementProject(db: Db, groupementId: string, actor: Actor, value: ProjectValues) {
  await changeGroupement(db, groupementId, actor, "Projet modifié", async (tx) => {
    await tx.groupement.update({
      where: { id: groupementId },
      data: {
        title: value.title,
        subAxes: value.subAxes.join(" "),
        addressesIsolation: value.addressesIsolation,
        addressesPrecarity: value.addressesPrecarity,
        wholeCity: value.wholeCity,
        quartiers: value.wholeCity ? "" : value.quartiers.join(" "),
        startDate: value.startDate ?? null,
        durationMonths: value.durationMonths,
        cooperation: value.cooperation,
        cooperationJustification: value.cooperationJustification ?? "",
        beneficiaries: value.beneficiaries ?? null,
        replicability: value.replicability ?? "",
      },
    });
  });
}

export async function updateGroupementBudget(db: Db, groupementId: string, actor: Actor, budget: GroupementBudget) {
  const { operating, participation, equipment } = budget;
  await changeGroupement(
    db,
    groupementId,
    actor,
    // Written as the page writes amounts (« 80 100 € »), not « 80100 € ».
    `Budget modifié : ${formatEuros(operating)} / ${formatEuros(participation)} / ${formatEuros(equipment)}`,
    async (tx) => {
      await tx.groupement.update({
        where: { id: groupementId },
        data: { budgetOperating: operating, budgetParticipation: participation, budgetEquipment: equipment },
      });
    },
  );
}

/** The filing refused (the call's deadline passed, or a filing day after it): nothing was written. */
export class FilingRefused extends Error {
  constructor(
    message: string,
    readonly field: "date" | null,
  ) {
    super(message);
    this.name = "FilingRefused";
  }
}

/**
 * Records the day the lead filed the application with the CCAS; from then on every change is
 * logged. Refused with FilingRefused once the call's deadline has passed at `now`, or for a day
 * after the deadline's, after today or before the groupement was created.
 */
export async function markGroupementSubmitted(db: Db, groupementId: string, actor: Actor, day: string, now = new Date()) {
  // The history says the day in French (« 15 juillet 2025 »), not as the date field sends it.
  const said = formatDay(new Date(`${day}T12:00:00Z`));
  await changeGroupement(db, groupementId, actor, `Dossier marqué « déposé » le ${said}`, async (tx) => {
    const { call, createdAt } = await tx.groupement.findUniqueOrThrow({
      where: { id: groupementId },
      select: { createdAt: true, call: { select: { deadline: true } } },
    });
    const refusal = filingRefusal(call, now, day, createdAt);
    if (refusal) throw new FilingRefused(refusal.message, refusal.field);
    await tx.groupement.update({ where: { id: groupementId }, data: { submittedAt: new Date(`${day}T12:00:00Z`) } });
  });
}
