import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GroupementWorkspace } from "~/components/groupement/workspace";
import { checkEligibility } from "~/domain/eligibility";
import { formatDay, formatDateTime } from "~/domain/format";
import {
  BudgetSchema,
  createProjectSchema,
  DOCUMENT_KINDS,
  MemberSchema,
  SubmitSchema,
  type DocumentKind,
} from "~/domain/schemas/groupement-forms";
import { KINDS, labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import {
  changeGroupement,
  getCallParameters,
  getChecklist,
  getGroupementFor,
  mayTakeLead,
  splitCodes,
  toEligibilityInput,
} from "~/models/groupement.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { absoluteUrl } from "~/utils/url.server";
import { DOCUMENT_MAX_BYTES, storePdf } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, matches, params }) =>
  pageMeta({
    title: loaderData ? `Groupement : ${loaderData.groupement.title}` : "Groupement",
    description: "L'espace de travail du groupement : règles de l'appel, membres, budget et pièces du dossier.",
    path: `/groupements/${params.id ?? ""}`,
    matches,
  });

async function requireGroupement(request: Request, id: string) {
  const user = await requireUser(request);
  const found = await getGroupementFor(getDb(), id, user);
  if (!found) throw new Response("Groupement introuvable", { status: 404 });
  return { user, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { groupement, access } = await requireGroupement(request, params.id ?? "");
  const db = getDb();
  const [callParameters, subAxes, invitable] = await Promise.all([
    getCallParameters(db, groupement.callId),
    db.callSubAxis.findMany({
      where: { axis: { callId: groupement.callId } },
      orderBy: [{ axis: { position: "asc" } }, { position: "asc" }],
      select: { code: true, title: true },
    }),
    access.lead
      ? db.organisation.findMany({
          where: { status: "published", id: { notIn: groupement.members.map((member) => member.organisationId) } },
          orderBy: { name: "asc" },
          select: { id: true, name: true },
        })
      : [],
  ]);
  const eligibilityInput = toEligibilityInput(groupement);
  const mine = new Set(access.memberships.map((membership) => membership.organisationId));
  const adminOf = new Set(
    access.memberships.filter((membership) => membership.role === "admin").map((membership) => membership.organisationId),
  );
  return {
    groupement: {
      id: groupement.id,
      title: groupement.title,
      callTitle: groupement.call.title,
      ideaSlug: groupement.idea.slug,
      submittedAt: groupement.submittedAt ? formatDay(groupement.submittedAt) : null,
      projectSheet: Boolean(groupement.projectSheetFile),
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
      changes: groupement.changes.map((change) => ({
        id: change.id,
        who: change.userName,
        when: formatDateTime(change.createdAt),
        summary: change.summary,
      })),
    },
    members: groupement.members.map((member) => ({
      organisationId: member.organisationId,
      name: member.organisation.name,
      slug: member.organisation.slug,
      sector: labelOf(SECTORS, member.organisation.sector),
      kind: labelOf(KINDS, member.organisation.kind),
      isLead: member.isLead,
      status: member.status,
      role: member.role,
      resources: splitCodes(member.resources),
      resourceLabels: splitCodes(member.resources).map((code) => labelOf(RESOURCES, code)),
      resourceDescription: member.resourceDescription,
      valuedAmount: member.valuedAmount,
      subsidyShare: member.subsidyShare,
      commitment: member.commitment,
      documents: {
        commitment: Boolean(member.commitmentFile),
        accounts: Boolean(member.accountsFile),
        report: Boolean(member.reportFile),
      },
      accountsAlreadySent: member.accountsAlreadySent,
      reportAlreadySent: member.reportAlreadySent,
      canEdit: access.lead || mine.has(member.organisationId),
      canRespond: member.status === "invited" && adminOf.has(member.organisationId),
      canLeave: !member.isLead && member.status === "active" && adminOf.has(member.organisationId),
      mayTakeLead: !member.isLead && mayTakeLead(member),
    })),
    access: { lead: access.lead, isCcas: access.isCcas },
    callParameters,
    subAxes: subAxes.map((subAxis) => ({ code: subAxis.code, label: `${subAxis.code} — ${subAxis.title}` })),
    invitable: invitable.map((organisation) => ({ code: organisation.id, label: organisation.name })),
    eligibilityInput,
    eligibility: checkEligibility(eligibilityInput, callParameters),
    checklist: getChecklist(groupement),
  };
}

type ActionData = { intent: string; error?: string; notice?: string; result?: SubmissionResult<string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const { user, groupement, access } = await requireGroupement(request, id);
  const db = getDb();
  const reply = (payload: ActionData, status = 200) => data<ActionData>(payload, { status });
  if (Number(request.headers.get("Content-Length") ?? 0) > DOCUMENT_MAX_BYTES + 64 * 1024) {
    return reply({ intent: "document", error: "Le document doit peser 5 Mo au maximum." }, 400);
  }
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const forbidden = () => {
    throw new Response("Seule la structure chef de file peut faire cela", { status: 403 });
  };
  const memberOf = (organisationId: string) => groupement.members.find((member) => member.organisationId === organisationId);
  const isMine = (organisationId: string, roles = ["admin", "editor"]) =>
    access.memberships.some((membership) => membership.organisationId === organisationId && roles.includes(membership.role));
  const actor = { id: user.id, name: user.name };
  // The CCAS reads; only the members act.
  if (access.memberships.length === 0) throw new Response("Lecture seule pour le CCAS", { status: 403 });

  switch (intent) {
    case "project": {
      if (!access.lead) forbidden();
      const { subAxes } = await getCallParameters(db, groupement.callId);
      const submission = parseWithZod(formData, { schema: createProjectSchema(subAxes) });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      const value = submission.value;
      await changeGroupement(db, id, actor, "Projet modifié", async (tx) => {
        await tx.groupement.update({
          where: { id },
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
      return reply({ intent, result: submission.reply(), notice: "Projet enregistré." });
    }
    case "budget": {
      if (!access.lead) forbidden();
      const submission = parseWithZod(formData, { schema: BudgetSchema });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      const { operating, participation, equipment } = submission.value;
      await changeGroupement(
        db,
        id,
        actor,
        `Budget modifié : ${operating} € / ${participation} € / ${equipment} €`,
        async (tx) => {
          await tx.groupement.update({
            where: { id },
            data: { budgetOperating: operating, budgetParticipation: participation, budgetEquipment: equipment },
          });
        },
      );
      return reply({ intent, result: submission.reply(), notice: "Budget enregistré." });
    }
    case "member": {
      const submission = parseWithZod(formData, { schema: MemberSchema });
      if (submission.status !== "success")
        return reply({ intent: `member-${String(formData.get("organisationId") ?? "")}`, result: submission.reply() }, 400);
      const value = submission.value;
      const member = memberOf(value.organisationId);
      if (!member) throw new Response("Membre introuvable", { status: 404 });
      if (!access.lead && !isMine(value.organisationId)) forbidden();
      await changeGroupement(db, id, actor, `Contribution de ${member.organisation.name} modifiée`, async (tx) => {
        await tx.groupementMember.update({
          where: { groupementId_organisationId: { groupementId: id, organisationId: value.organisationId } },
          data: {
            role: value.role ?? "",
            resources: value.resources.join(" "),
            resourceDescription: value.resourceDescription ?? "",
            valuedAmount: value.valuedAmount ?? null,
            commitment: value.commitment ?? null,
            // The split of the subsidy is the lead's decision.
            ...(access.lead && value.subsidyShare !== undefined ? { subsidyShare: value.subsidyShare } : {}),
          },
        });
      });
      return reply({
        intent: `member-${value.organisationId}`,
        result: submission.reply(),
        notice: `Contribution de ${member.organisation.name} enregistrée.`,
      });
    }
    case "invite": {
      if (!access.lead) forbidden();
      const organisationId = String(formData.get("organisationId") ?? "");
      const organisation = await db.organisation.findFirst({
        where: { id: organisationId, status: "published" },
        select: { id: true, name: true },
      });
      if (!organisation) return reply({ intent, error: "Choisissez une structure publiée." }, 400);
      if (memberOf(organisationId)) return reply({ intent, error: "Cette structure fait déjà partie du groupement." }, 400);
      await changeGroupement(db, id, actor, `${organisation.name} invitée`, async (tx) => {
        await tx.groupementMember.create({ data: { groupementId: id, organisationId, status: "invited" } });
      });
      await notifyUsers(
        db,
        await adminIdsOf(db, organisationId),
        {
          subject: `Invitation à rejoindre le groupement « ${groupement.title} »`,
          body: `Votre structure ${organisation.name} est invitée à rejoindre le groupement « ${groupement.title} ». Acceptez ou déclinez depuis son espace de travail :`,
          link: absoluteUrl(request, `/groupements/${id}`),
        },
        sendMail,
      );
      return reply({ intent, notice: `${organisation.name} a été invitée ; ses administrateurs ont été prévenus.` });
    }
    case "accept-invitation":
    case "decline-invitation": {
      const organisationId = String(formData.get("organisationId") ?? "");
      const member = memberOf(organisationId);
      if (!member || member.status !== "invited") throw new Response("Invitation introuvable", { status: 404 });
      if (!isMine(organisationId, ["admin"]))
        throw new Response("Seuls les administrateurs de la structure invitée répondent", { status: 403 });
      const accept = intent === "accept-invitation";
      await changeGroupement(
        db,
        id,
        actor,
        `${member.organisation.name} a ${accept ? "accepté" : "décliné"} l'invitation`,
        async (tx) => {
          const where = { groupementId_organisationId: { groupementId: id, organisationId } };
          if (accept) await tx.groupementMember.update({ where, data: { status: "active" } });
          else await tx.groupementMember.delete({ where });
        },
      );
      return reply({ intent, notice: accept ? "Votre structure a rejoint le groupement." : "Invitation déclinée." });
    }
    case "remove":
    case "leave": {
      const organisationId = String(formData.get("organisationId") ?? "");
      const member = memberOf(organisationId);
      if (!member) throw new Response("Membre introuvable", { status: 404 });
      if (member.isLead)
        return reply(
          { intent, error: "Le chef de file ne peut pas quitter le groupement : confiez d'abord ce rôle à un autre membre." },
          400,
        );
      if (intent === "remove" ? !access.lead : !isMine(organisationId, ["admin"])) forbidden();
      await changeGroupement(
        db,
        id,
        actor,
        `${member.organisation.name} ${intent === "remove" ? "retirée du" : "a quitté le"} groupement`,
        async (tx) => {
          await tx.groupementMember.delete({ where: { groupementId_organisationId: { groupementId: id, organisationId } } });
        },
      );
      return reply({ intent, notice: `${member.organisation.name} ne fait plus partie du groupement.` });
    }
    case "transfer-lead": {
      if (!access.lead) forbidden();
      const organisationId = String(formData.get("organisationId") ?? "");
      const member = memberOf(organisationId);
      if (!member || !mayTakeLead(member) || member.isLead) {
        return reply(
          { intent, error: "Le chef de file doit être un membre actif qui n'est pas un établissement public de la Ville." },
          400,
        );
      }
      await changeGroupement(db, id, actor, `${member.organisation.name} devient chef de file`, async (tx) => {
        await tx.groupementMember.updateMany({ where: { groupementId: id }, data: { isLead: false } });
        await tx.groupementMember.update({
          where: { groupementId_organisationId: { groupementId: id, organisationId } },
          data: { isLead: true },
        });
      });
      return reply({ intent, notice: `${member.organisation.name} est désormais chef de file.` });
    }
    case "document": {
      const kind = String(formData.get("kind") ?? "") as DocumentKind;
      if (!DOCUMENT_KINDS.some((item) => item.code === kind)) return reply({ intent, error: "Type de document inconnu." }, 400);
      const organisationId = String(formData.get("organisationId") ?? "");
      if (kind === "project-sheet" ? !access.lead : !memberOf(organisationId) || (!access.lead && !isMine(organisationId)))
        forbidden();
      const stored = await storePdf(formData.get("file"));
      if (!stored.ok) return reply({ intent: `document-${organisationId || "projet"}`, error: stored.error }, 400);
      const label = DOCUMENT_KINDS.find((item) => item.code === kind)!.label;
      await changeGroupement(
        db,
        id,
        actor,
        `Document déposé : ${label}${organisationId ? ` (${memberOf(organisationId)?.organisation.name})` : ""}`,
        async (tx) => {
          if (kind === "project-sheet") {
            await tx.groupement.update({ where: { id }, data: { projectSheetFile: stored.file } });
          } else {
            const field = kind === "commitment" ? "commitmentFile" : kind === "accounts" ? "accountsFile" : "reportFile";
            await tx.groupementMember.update({
              where: { groupementId_organisationId: { groupementId: id, organisationId } },
              data: { [field]: stored.file },
            });
          }
        },
      );
      return reply({ intent: `document-${organisationId || "projet"}`, notice: `${label} enregistré.` });
    }
    case "already-sent": {
      const organisationId = String(formData.get("organisationId") ?? "");
      const member = memberOf(organisationId);
      if (!member) throw new Response("Membre introuvable", { status: 404 });
      if (!access.lead && !isMine(organisationId)) forbidden();
      const accounts = formData.get("accountsAlreadySent") === "on";
      const report = formData.get("reportAlreadySent") === "on";
      await changeGroupement(db, id, actor, `Pièces de ${member.organisation.name} marquées comme transmises`, async (tx) => {
        await tx.groupementMember.update({
          where: { groupementId_organisationId: { groupementId: id, organisationId } },
          data: { accountsAlreadySent: accounts, reportAlreadySent: report },
        });
      });
      return reply({ intent: `document-${organisationId}`, notice: "Enregistré." });
    }
    case "submit": {
      if (!access.lead) forbidden();
      const submission = parseWithZod(formData, { schema: SubmitSchema });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      await db.$transaction([
        db.groupement.update({ where: { id }, data: { submittedAt: new Date(`${submission.value.date}T12:00:00Z`) } }),
        db.groupementChange.create({
          data: {
            groupementId: id,
            userId: user.id,
            userName: user.name,
            summary: `Dossier marqué « déposé » le ${submission.value.date}`,
          },
        }),
      ]);
      return reply({
        intent,
        notice: "Dossier marqué comme déposé. Les modifications suivantes seront enregistrées dans l'historique.",
      });
    }
    default:
      return reply({ intent, error: "Action inconnue." }, 400);
  }
}

export default function GroupementPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <GroupementWorkspace {...loaderData} actionData={actionData} />;
}
