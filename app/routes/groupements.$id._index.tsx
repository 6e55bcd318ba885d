import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { InvitationPage } from "~/components/groupement/invitations";
import { GroupementWorkspace } from "~/components/groupement/workspace";
import { MoveToCall } from "~/components/move-to-call";
import { formatDateTime, formatDay, formatEuros, listFr, ofName } from "~/domain/format";
import { filingDays, filingRefusal, isPastDeadline } from "~/domain/call-status";
import type { GroupementProject } from "~/domain/groupement";
import { assessGroupement } from "~/domain/groupement-assessment";
import { documentFormKey, documentLabel, documentParticiple, isGroupementDocumentKind } from "~/domain/groupement-documents";
import { BudgetSchema, ConfirmSchema, createProjectSchema, MemberSchema, SubmitSchema } from "~/domain/schemas/groupement-forms";
import { isSuggestionIntent } from "~/domain/schemas/suggestion";
import { KINDS, labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import {
  getCallParameters,
  getCallSubAxes,
  getGroupementFor,
  GroupementChanged,
  getInvitableOrganisations,
  getInvitationsFor,
  type GroupementInvitations,
  FilingRefused,
  markGroupementSubmitted,
  mayTakeLead,
  splitCodes,
  toGroupement,
  toGroupementMember,
  updateGroupementBudget,
  updateGroupementProject,
} from "~/models/groupement.server";
import {
  getChecklist,
  getMemberDocuments,
  recordGroupementDocument,
  setDocumentsAlreadySent,
} from "~/models/groupement-documents.server";
import {
  answerInvitation,
  askForConfirmation,
  confirmContribution,
  inviteToGroupement,
  removeFromGroupement,
  transferLead,
  updateContribution,
} from "~/models/groupement-members.server";
import { getMoveLink } from "~/models/call-edition.server";
import { isMember } from "~/models/membership.server";
import { hasAdministrators } from "~/models/notification.server";
import { answerQuestion, getPublishedDecision, getQuestionsFor, ReviewRefused } from "~/models/review.server";
import { AnswerSchema } from "~/domain/schemas/review";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { changedFields, fieldsKey, versionKey } from "~/utils/version-key.server";
import { parseForm } from "~/utils/forms.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { answerSuggestionForm, getSuggestionPanel } from "~/utils/suggestions.server";
import { absoluteUrl } from "~/utils/url.server";
import { isDocumentSubmission, redirectWithFlash, withFlash } from "~/utils/flash.server";
import { declaresBodyOver, DOCUMENT_MAX_BYTES, storePdf } from "~/utils/uploads.server";
import { subAxisOption } from "~/domain/call";
import { SPACE_ARRIVALS, spaceArrivalPath, type SpaceArrival } from "~/domain/space-arrivals";

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, matches, params }) =>
  pageMeta({
    title: loaderData
      ? loaderData.view === "invitation"
        ? `Invitation : ${loaderData.groupement.title}`
        : `Groupement : ${loaderData.groupement.title}`
      : "Groupement",
    description: "L'espace de travail du groupement : règles de l'appel, membres, budget et pièces du dossier.",
    path: `/groupements/${params.id ?? ""}`,
    matches,
  });

/**
 * Who this person is to the groupement: one of a member's people or the CCAS (`found`: the
 * workspace), one of the people of a structure invited that has not answered yet (`invitations`:
 * the invitation only), both, or nobody (a 404, as for a groupement that does not exist).
 */
async function requireGroupement(request: Request, id: string) {
  const user = await requireUser(request);
  const db = getDb();
  const [found, invitations] = await Promise.all([getGroupementFor(db, id, user), getInvitationsFor(db, id, user)]);
  if (!found && !invitations) throw new Response("Groupement introuvable", { status: 404 });
  return { user, found, invitations };
}

/** The invitation as its structure's people see it before answering: nothing of the workspace. */
function invitationView(invitations: GroupementInvitations) {
  return {
    view: "invitation" as const,
    groupement: {
      id: invitations.groupement.id,
      title: invitations.groupement.title,
      callTitle: invitations.groupement.callTitle,
      leadName: invitations.groupement.leadName,
      // Told before answering, as the workspace tells its members: joining still prepares the project.
      closedSince:
        !invitations.groupement.submittedAt && isPastDeadline(invitations.groupement, new Date())
          ? formatDateTime(invitations.groupement.deadline)
          : null,
    },
    invitations: invitations.invitations.map((invitation) => ({
      organisationId: invitation.organisationId,
      name: invitation.organisation.name,
      invitedOn: formatDay(invitation.invitedAt),
      canRespond: invitation.role === "admin",
    })),
  };
}

/** A demo structure's name marked once: the demo data's names already end with « (démo) ». */
function withDemoMark(name: string, isDemo: boolean): string {
  return isDemo && !name.endsWith("(démo)") ? `${name} (démo)` : name;
}

export async function loader(args: LoaderFunctionArgs) {
  // With what a form sent without JavaScript said, once (the action asked for this page again after it).
  return withFlash(args.request, `/groupements/${args.params.id ?? ""}`, await readPage(args));
}

async function readPage({ request, params }: LoaderFunctionArgs) {
  const { user, found, invitations } = await requireGroupement(request, params.id ?? "");
  if (!found) return invitationView(invitations!);
  const { groupement, access } = found;
  const db = getDb();
  const [callParameters, subAxes, invitable, questions, decision, move, administered] = await Promise.all([
    getCallParameters(db, groupement.callId),
    getCallSubAxes(db, groupement.callId),
    access.lead ? getInvitableOrganisations(db, groupement) : [],
    getQuestionsFor(db, groupement.id),
    // Nothing of the CCAS's decision until it publishes the call's results.
    getPublishedDecision(db, groupement.id),
    // The idea's structure's admins may move it, with this groupement, to the current call.
    getMoveLink(db, user.id, groupement.ideaId),
    // Whether anyone would be told of a change of a member's place (and could lead).
    hasAdministrators(
      db,
      groupement.members.map((member) => member.organisationId),
    ),
  ]);
  const { project, budget } = toGroupement(groupement);
  const checklist = getChecklist(groupement);
  const mine = new Set(access.memberships.map((membership) => membership.organisationId));
  const adminOf = new Set(
    access.memberships.filter((membership) => membership.role === "admin").map((membership) => membership.organisationId),
  );
  // Someone in a member structure and in an invited one answers for the latter from the workspace.
  const respondsFor = new Set(
    invitations?.invitations.filter((invitation) => invitation.role === "admin").map((invitation) => invitation.organisationId),
  );
  const members = groupement.members.map((member) => ({
    ...toGroupementMember(member),
    confirmedBy: member.confirmedByName,
    confirmedOn: member.confirmedAt ? formatDay(member.confirmedAt) : null,
    slug: member.organisation.slug,
    sectorLabel: labelOf(SECTORS, member.organisation.sector),
    kindLabel: labelOf(KINDS, member.organisation.kind),
    resourceLabels: splitCodes(member.resources).map((code) => labelOf(RESOURCES, code)),
    resourceDescription: member.resourceDescription,
    valuedAmount: member.valuedAmount,
    documents: getMemberDocuments(member),
    accountsAlreadySent: member.accountsAlreadySent,
    reportAlreadySent: member.reportAlreadySent,
    canEdit: access.lead || mine.has(member.organisationId),
    canRespond: member.status === "invited" && respondsFor.has(member.organisationId),
    canLeave: !member.isLead && member.status === "active" && adminOf.has(member.organisationId),
    /** Only the structure's own admins vouch for its contribution. */
    canConfirm: member.status === "active" && adminOf.has(member.organisationId),
    mayTakeLead: !member.isLead && mayTakeLead(member) && administered.has(member.organisationId),
    hasAdmins: administered.has(member.organisationId),
    /** Its profile is public: linked to, and invited again once removed (only published ones are). */
    published: member.organisation.status === "published",
  }));
  const filedOn = groupement.submittedAt ? formatDay(groupement.submittedAt) : null;
  const assessment = assessGroupement({ project, budget, members }, callParameters, checklist, filedOn);
  // Partners to suggest, from the current active members; the first reason shown is the one that
  // would turn a failing rule to pass. Only the members' people see them, not the CCAS.
  const suggestions =
    access.memberships.length > 0
      ? await getSuggestionPanel(
          db,
          { type: "groupement", groupementId: groupement.id },
          {
            showHidden: new URL(request.url).searchParams.get("masquees") === "1",
            failingRules: assessment.rules.filter((rule) => rule.status === "fail").map((rule) => rule.id),
          },
        )
      : null;
  return {
    view: "workspace" as const,
    groupement: {
      id: groupement.id,
      title: groupement.title,
      callTitle: groupement.call.title,
      ideaSlug: groupement.idea.slug,
      // Its public page exists once the CCAS has published it (and its structure): no link to a 404 before.
      ideaPublic: groupement.idea.status === "published" && groupement.idea.organisation.status === "published",
      submittedAt: filedOn,
      // Whether the lead may still mark it « déposé »: not after the call's deadline (Paris hour).
      filing: {
        deadline: formatDateTime(groupement.call.deadline),
        closed: filingRefusal(groupement.call, new Date())?.message ?? null,
        days: filingDays(groupement.call, new Date(), groupement.createdAt),
      },
      projectSheet: Boolean(groupement.projectSheetFile),
      project,
      // Keys of what the forms are filled from, sent back with them (« modifié entre-temps »).
      projectKey: projectKey(project),
      budget,
      budgetKey: versionKey(budget),
      changes: groupement.changes.map((change) => ({
        id: change.id,
        who: change.userName,
        when: formatDateTime(change.createdAt),
        summary: change.summary,
      })),
    },
    members,
    access: { lead: access.lead, isCcas: access.isCcas },
    callParameters,
    subAxes: subAxes.map(subAxisOption),
    invitable: invitable.map((organisation) => ({
      code: organisation.id,
      label: withDemoMark(organisation.name, organisation.isDemo),
    })),
    assessment,
    checklist,
    suggestions,
    questions: questions.map((question) => ({
      id: question.id,
      question: question.question,
      askedOn: formatDateTime(question.askedAt),
      answer: question.answer,
      answered: question.answeredAt ? `${question.answeredBy}, le ${formatDateTime(question.answeredAt)}` : null,
    })),
    decision: decision && { label: decision.label, message: decision.message, publishedOn: formatDay(decision.publishedAt) },
    move,
  };
}

type ActionData = {
  intent: string;
  error?: string;
  notice?: string;
  result?: SubmissionResult<string[]>;
  /** The key of the project or budget someone else saved meanwhile: what the form now builds on. */
  savedNow?: string;
};

const INVITATION_ANSWERED =
  "Cette invitation a déjà reçu une réponse ou a été retirée : rechargez la page pour voir le groupement à jour.";
/**
 * The key of a project as its form sends it back: its lists as sets (a save stores them in the
 * form's order, which counted as a change of the sub-axes and quartiers nobody had touched).
 */
function projectKey(project: GroupementProject): string {
  return fieldsKey({ ...project, subAxes: [...project.subAxes].sort(), quartiers: [...project.quartiers].sort() });
}

/** The project's fields as « Ont changé : … » names them, in the form's order. */
const PROJECT_FIELDS: Record<keyof GroupementProject, string> = {
  title: "le titre",
  subAxes: "les sous-axes",
  addressesIsolation: "l'isolement",
  addressesPrecarity: "la précarité",
  wholeCity: "le territoire",
  quartiers: "les quartiers",
  startDate: "la date de démarrage",
  durationMonths: "la durée",
  cooperation: "la coopération",
  cooperationJustification: "ce qui rend la coopération nouvelle ou renforcée",
  beneficiaries: "le nombre de bénéficiaires",
  replicability: "le potentiel de développement ou de réplicabilité",
};

function projectChanged(fields: string[] | null): string {
  // In the form's order.
  const names = Object.entries(PROJECT_FIELDS)
    .filter(([field]) => fields?.includes(field))
    .map(([, name]) => name);
  const which = names.length ? ` ${names.length > 1 ? "Ont changé" : "A changé"} : ${listFr(names)}.` : "";
  return `Le projet a été modifié entre-temps (dans un autre onglet ou par une autre personne) : rien n'a été enregistré.${which} Vos réponses sont ci-dessous ; rechargez la page dans un autre onglet pour voir la version enregistrée, puis enregistrez de nouveau ce que vous voulez garder.`;
}
const GROUPEMENT_CHANGED =
  "Le groupement a changé entre-temps (un membre est parti, a été retiré ou a répondu à son invitation) : la page montre maintenant son état actuel ; recommencez si besoin.";

/**
 * After « a changé entre-temps » the page reads the groupement again (Remix skips that after an
 * answer of 400 or more unless asked): the message says the page shows it as it is now.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, actionResult, defaultShouldRevalidate }) =>
  (actionStatus === 409 && (actionResult as ActionData | undefined)?.error === GROUPEMENT_CHANGED) || defaultShouldRevalidate;

/**
 * Back to the person's space, which says why (a groupement they can no longer open): by its address
 * with JavaScript, said once by the notice cookie without (a reload of the address said it again).
 */
function toSpace(request: Request, arrival: SpaceArrival, hash = "") {
  return isDocumentSubmission(request)
    ? redirectWithFlash(request, "/espace", { intent: arrival, notice: SPACE_ARRIVALS[arrival].notice }, "contenu")
    : redirect(spaceArrivalPath(arrival, hash));
}

export async function action(args: ActionFunctionArgs) {
  // The answer's intent, named as soon as the form is read: a change on what the page showed, after
  // another request changed it, is said by the form that was sent (where the page opens without
  // JavaScript), or above the workspace before that.
  const answering = { intent: "changed" };
  try {
    const answer = await act(args, answering);
    // Done, without JavaScript: the page asked for again, so that a reload does not send the form again.
    if ("data" in answer && (answer.init?.status ?? 200) === 200 && answer.data.notice && isDocumentSubmission(args.request))
      return redirectWithFlash(args.request, `/groupements/${args.params.id ?? ""}`, {
        intent: answer.data.intent,
        notice: answer.data.notice,
      });
    return answer;
  } catch (error) {
    if (error instanceof GroupementChanged)
      return data<ActionData>({ intent: answering.intent, error: GROUPEMENT_CHANGED }, { status: 409 });
    throw error;
  }
}

async function act({ request, params }: ActionFunctionArgs, answering: { intent: string }) {
  const id = params.id ?? "";
  const { user, found, invitations } = await requireGroupement(request, id);
  const db = getDb();
  const reply = (payload: ActionData, status = 200) => data<ActionData>(payload, { status });
  if (declaresBodyOver(request, DOCUMENT_MAX_BYTES)) {
    // Not read, so its fields are unknown: the form's address says which upload it was.
    const piece = new URL(request.url).searchParams.get("piece") ?? "";
    const intent = /^[a-z-]+-[\w-]+$/.test(piece) ? `piece-${piece}` : "document";
    return reply({ intent, error: "Le document doit peser 5 Mo au maximum." }, 400);
  }
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  answering.intent = intent;
  const actor = { id: user.id, name: user.name };
  if (intent === "accept-invitation" || intent === "decline-invitation") {
    const organisationId = String(formData.get("organisationId") ?? "");
    const invitation = invitations?.invitations.find((item) => item.organisationId === organisationId);
    // Another admin answered first, or the lead withdrew it: said on the workspace when this person
    // still sees it, else on their space.
    const answeredAlready = async () =>
      (found ?? (await getGroupementFor(db, id, user)))
        ? reply({ intent, error: INVITATION_ANSWERED }, 409)
        : toSpace(request, "invitation-unavailable");
    if (!invitation) {
      const invited = found?.groupement.members.some(
        (member) => member.organisationId === organisationId && member.status === "invited",
      );
      if (invited) throw new Response("Seuls les administrateurs de la structure invitée répondent", { status: 403 });
      if (await isMember(db, { userId: user.id, organisationId, role: "admin" })) return answeredAlready();
      throw new Response("Invitation introuvable", { status: 404 });
    }
    if (invitation.role !== "admin")
      throw new Response("Seuls les administrateurs de la structure invitée répondent", { status: 403 });
    const accept = intent === "accept-invitation";
    try {
      await answerInvitation(db, { groupementId: id, member: invitation, actor }, accept, {
        link: absoluteUrl(`/groupements/${id}`),
        send: sendMail,
      });
    } catch (error) {
      if (error instanceof GroupementChanged) return answeredAlready();
      throw error;
    }
    // Declined, the groupement is closed to whoever was only invited: back to their space.
    if (!accept && !found) return toSpace(request, "invitation-declined");
    return reply({ intent, notice: accept ? "Votre structure a rejoint le groupement." : "Invitation déclinée." });
  }
  // Until its structure accepts, an invited person may only answer: the workspace is closed to them.
  if (!found)
    throw new Response("Votre structure n'a pas encore rejoint ce groupement : acceptez d'abord l'invitation.", {
      status: 403,
    });
  const { groupement, access } = found;
  const forbidden: () => never = () => {
    throw new Response("Seule la structure chef de file peut faire cela.", { status: 403 });
  };
  const memberOf = (organisationId: string) => groupement.members.find((member) => member.organisationId === organisationId);
  const membersNotice = () => ({
    title: groupement.title,
    leadOrganisationId: groupement.members.find((member) => member.isLead)?.organisationId ?? "",
    links: { groupement: absoluteUrl(`/groupements/${id}`), ideas: absoluteUrl("/idees") },
    send: sendMail,
  });
  // A contribution and its documents are an active member's: an invited structure has none until it joins.
  const activeMemberOf = (organisationId: string) => {
    const member = memberOf(organisationId);
    return member?.status === "active" ? member : undefined;
  };
  const isMine = (organisationId: string, roles = ["admin", "editor"]) =>
    access.memberships.some((membership) => membership.organisationId === organisationId && roles.includes(membership.role));
  /**
   * A structure this person acted for (as the lead, or its own) that is no longer in the groupement
   * at all: another tab removed it, or it left, since the page was read. Its forms are gone from the
   * page, so it is said above the workspace. (One still invited has no contribution yet: refused.)
   */
  const refuseIfGoneMeanwhile = (organisationId: string) => {
    if (memberOf(organisationId) || !(access.lead || isMine(organisationId))) return;
    answering.intent = "changed";
    throw new GroupementChanged();
  };
  // The CCAS reads; only the members act.
  if (access.memberships.length === 0) throw new Response("Lecture seule pour le CCAS", { status: 403 });

  if (isSuggestionIntent(intent)) {
    // Any member may invite or hide; the invitation goes out on behalf of the lead when the person
    // belongs to it, else of their own member structure.
    const leadId = groupement.members.find((member) => member.isLead && member.status === "active")?.organisationId;
    const sender = access.memberships.find((membership) => membership.organisationId === leadId) ?? access.memberships[0]!;
    const { status, payload } = await answerSuggestionForm(db, {
      formData,
      intent,
      target: { type: "groupement", groupementId: id },
      ideaId: groupement.ideaId,
      senderOrganisationId: sender.organisationId,
      user,
    });
    return reply(payload, status);
  }

  switch (intent) {
    case "project": {
      if (!access.lead) forbidden();
      const { subAxes } = await getCallParameters(db, groupement.callId);
      const submission = parseForm(formData, { schema: createProjectSchema(subAxes) });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      // Saved meanwhile from another tab (or by another admin of the lead): said, not overwritten.
      const savedKey = projectKey(toGroupement(groupement).project);
      const { seen } = submission.value;
      if (seen !== undefined && seen !== savedKey) {
        const error = projectChanged(changedFields(seen, savedKey));
        return reply({ intent, error, result: submission.reply(), savedNow: savedKey }, 409);
      }
      await updateGroupementProject(db, id, actor, submission.value);
      return reply({ intent, result: submission.reply(), notice: "Projet enregistré." });
    }
    case "budget": {
      if (!access.lead) forbidden();
      const submission = parseForm(formData, { schema: BudgetSchema });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      // Saved meanwhile from another tab (or by another admin of the lead), to other amounts: said,
      // with the amounts now saved, rather than put back to what this page showed.
      const { budget } = toGroupement(groupement);
      const saved = versionKey(budget);
      const { seen, operating, participation, equipment } = submission.value;
      if (seen !== undefined && seen !== saved && versionKey({ operating, participation, equipment }) !== saved)
        return reply(
          {
            intent,
            error: `Le budget a été modifié entre-temps (dans un autre onglet ou par une autre personne) : il est maintenant de ${formatEuros(budget.operating)} en fonctionnement, ${formatEuros(budget.participation)} en accompagnement et participation et ${formatEuros(budget.equipment)} en équipement. Vos montants sont ci-dessous : enregistrez-les de nouveau pour les garder.`,
            result: submission.reply(),
            savedNow: saved,
          },
          409,
        );
      await updateGroupementBudget(db, id, actor, submission.value);
      return reply({ intent, result: submission.reply(), notice: "Budget enregistré." });
    }
    case "member": {
      const submission = parseForm(formData, { schema: MemberSchema });
      if (submission.status !== "success")
        return reply({ intent: `member-${String(formData.get("organisationId") ?? "")}`, result: submission.reply() }, 400);
      const value = submission.value;
      const member = activeMemberOf(value.organisationId);
      if (!member) refuseIfGoneMeanwhile(value.organisationId);
      if (!member) throw new Response("Membre introuvable", { status: 404 });
      if (!access.lead && !isMine(value.organisationId)) forbidden();
      // The split of the subsidy is the lead's decision; the structure's admins vouch for the rest.
      const confirms = isMine(value.organisationId, ["admin"]);
      const { asksConfirmation } = await updateContribution(db, { groupementId: id, member, actor }, value, {
        setsShare: access.lead,
        confirms,
      });
      if (asksConfirmation)
        await askForConfirmation(db, { groupement, member, link: absoluteUrl(`/groupements/${id}#membres`) }, sendMail);
      const name = member.organisation.name;
      const hasAdmins =
        confirms || (await db.membership.count({ where: { organisationId: value.organisationId, role: "admin" } })) > 0;
      return reply({
        intent: `member-${value.organisationId}`,
        result: submission.reply(),
        notice: confirms
          ? `Contribution ${ofName(name)} enregistrée et confirmée.`
          : hasAdmins
            ? `Contribution ${ofName(name)} enregistrée. Un administrateur ${ofName(name)} doit maintenant la confirmer.`
            : `Contribution ${ofName(name)} enregistrée. Elle reste à confirmer, mais cette structure n'a pas d'administrateur sur la plateforme : personne ne peut le faire tant qu'elle n'en a pas.`,
      });
    }
    case "confirm": {
      const submission = parseForm(formData, { schema: ConfirmSchema });
      if (submission.status !== "success") {
        const error = Object.values(submission.error ?? {}).flat()[0] ?? "Action inconnue.";
        return reply({ intent, result: submission.reply(), error }, 400);
      }
      const { organisationId } = submission.value;
      const member = activeMemberOf(organisationId);
      if (!member) refuseIfGoneMeanwhile(organisationId);
      if (!member) throw new Response("Membre introuvable", { status: 404 });
      if (!isMine(organisationId, ["admin"]))
        throw new Response("Seuls les administrateurs de cette structure confirment sa contribution", { status: 403 });
      await confirmContribution(db, { groupementId: id, member, actor });
      return reply({
        intent: `confirm-${organisationId}`,
        notice: `Contribution ${ofName(member.organisation.name)} confirmée.`,
      });
    }
    case "invite": {
      if (!access.lead) forbidden();
      const invited = await inviteToGroupement(
        db,
        {
          groupement,
          actor,
          organisationId: String(formData.get("organisationId") ?? ""),
          link: absoluteUrl(`/groupements/${id}`),
        },
        sendMail,
      );
      if ("error" in invited) return reply({ intent, error: invited.error }, 400);
      return reply({
        intent,
        notice: invited.told
          ? `Invitation envoyée à « ${invited.organisation.name} » ; ses administrateurs ont été prévenus.`
          : `Invitation enregistrée pour « ${invited.organisation.name} », qui n'a pas d'administrateur sur la plateforme : personne n'a été prévenu, et personne ne peut y répondre tant qu'elle n'en a pas. Vous pouvez retirer l'invitation et inviter une autre structure.`,
      });
    }
    case "remove":
    case "leave": {
      const organisationId = String(formData.get("organisationId") ?? "");
      const member = memberOf(organisationId);
      // Gone already, or no longer as the page showed it (an invitation accepted while the lead
      // read the question): nothing is done, and it is said above the workspace.
      const shown = formData.get("status");
      if (!member || (typeof shown === "string" && shown !== "" && shown !== member.status)) throw new GroupementChanged();
      if (member.isLead)
        return reply(
          { intent, error: "Le chef de file ne peut pas quitter le groupement : confiez d'abord ce rôle à un autre membre." },
          400,
        );
      if (intent === "remove" ? !access.lead : !isMine(organisationId, ["admin"])) forbidden();
      await removeFromGroupement(db, { groupementId: id, member, actor }, intent === "leave", membersNotice());
      // Left, the groupement is closed to whoever was only in it through that structure: back to their space,
      // at its content (a redirect without a fragment keeps the form's #membres, which that page has not).
      if (intent === "leave" && !(await getGroupementFor(db, id, user))) return toSpace(request, "groupement-left", "#contenu");
      return reply({
        intent,
        notice:
          member.status === "invited"
            ? `L'invitation ${ofName(member.organisation.name)} est retirée.`
            : `${member.organisation.name} ne fait plus partie du groupement.`,
      });
    }
    case "transfer-lead": {
      if (!access.lead) forbidden();
      const member = memberOf(String(formData.get("organisationId") ?? ""));
      if (!member || !mayTakeLead(member) || member.isLead) {
        return reply(
          { intent, error: "Le chef de file doit être un membre actif qui n'est pas un établissement public de la Ville." },
          400,
        );
      }
      const notice = membersNotice();
      const refused = await transferLead(
        db,
        { groupementId: id, member, actor },
        {
          ...notice,
          previousLeadName: memberOf(notice.leadOrganisationId)?.organisation.name ?? "Le chef de file",
        },
      );
      if (refused) return reply({ intent, error: refused.error }, 400);
      return reply({ intent, notice: `${member.organisation.name} est désormais chef de file.` });
    }
    case "document": {
      const kind = formData.get("kind");
      if (!isGroupementDocumentKind(kind)) return reply({ intent, error: "Type de document inconnu." }, 400);
      const organisationId = String(formData.get("organisationId") ?? "");
      const member = activeMemberOf(organisationId);
      // A member another tab removed (or that left) meanwhile, no longer in the groupement at all:
      // its form is gone from the page, so said above the workspace, where the page opens. (One
      // still invited has no documents yet: refused below.)
      if (kind !== "project-sheet") refuseIfGoneMeanwhile(organisationId);
      const upload = kind === "project-sheet" ? { kind } : member && { kind, member };
      if (!upload || (upload.kind === "project-sheet" ? !access.lead : !access.lead && !isMine(organisationId))) forbidden();
      const stored = await storePdf(formData.get("file"));
      const answered = `piece-${documentFormKey(kind, organisationId)}`;
      answering.intent = answered;
      if (!stored.ok) return reply({ intent: answered, error: stored.error }, 400);
      await recordGroupementDocument(db, { groupementId: id, actor, document: upload, file: stored.file });
      return reply({
        intent: answered,
        // Whose, for a member's: the structure's heading may be above the screen.
        notice: `${documentLabel(kind)}${upload.kind === "project-sheet" ? "" : ` ${ofName(upload.member.organisation.name)}`} ${documentParticiple(kind, "enregistré")}.`,
      });
    }
    case "already-sent": {
      const organisationId = String(formData.get("organisationId") ?? "");
      const member = activeMemberOf(organisationId);
      refuseIfGoneMeanwhile(organisationId);
      answering.intent = `already-sent-${organisationId}`;
      if (!member) throw new Response("Membre introuvable", { status: 404 });
      if (!access.lead && !isMine(organisationId)) forbidden();
      await setDocumentsAlreadySent(
        db,
        { groupementId: id, member, actor },
        { accounts: formData.get("accountsAlreadySent") === "on", report: formData.get("reportAlreadySent") === "on" },
      );
      // Whose: the structure's heading may be above the screen.
      return reply({ intent: `already-sent-${organisationId}`, notice: `Enregistré pour ${member.organisation.name}.` });
    }
    case "answer-question": {
      if (!access.lead) forbidden();
      const submission = parseForm(formData, { schema: AnswerSchema });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      try {
        await answerQuestion(db, actor, id, submission.value.questionId, submission.value.answer, {
          link: absoluteUrl(`/ccas/groupements/${id}#questions`),
          send: sendMail,
        });
      } catch (error) {
        if (error instanceof ReviewRefused) return reply({ intent, error: error.message }, 400);
        throw error;
      }
      return reply({ intent, result: submission.reply({ resetForm: true }), notice: "Réponse envoyée au CCAS." });
    }
    case "submit": {
      if (!access.lead) forbidden();
      const submission = parseForm(formData, { schema: SubmitSchema });
      if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
      try {
        await markGroupementSubmitted(db, id, actor, submission.value.date);
      } catch (error) {
        if (!(error instanceof FilingRefused)) throw error;
        // After the deadline nothing can be filed (409); a filing day after it is the field's error.
        if (error.field) return reply({ intent, result: submission.reply({ fieldErrors: { date: [error.message] } }) }, 400);
        return reply({ intent, error: error.message }, 409);
      }
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
  const actionData = useActionData<typeof action>() ?? loaderData.flashed ?? undefined;
  if (loaderData.view === "invitation") return <InvitationPage {...loaderData} actionData={actionData} />;
  return (
    <>
      {loaderData.move ? (
        <div className="container">
          <MoveToCall move={loaderData.move} />
        </div>
      ) : null}
      <GroupementWorkspace {...loaderData} actionData={actionData} />
    </>
  );
}
