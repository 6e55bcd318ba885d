// The CCAS's review of a call's groupements: the list, one groupement's review (reviewers, private
// notes, scores on the call's criteria, questions to the lead, the decision), the comparison of the
// filed ones, and the publication of the results. What the groupement itself may see of it goes
// through two functions only: `getPublishedDecision` (nothing until the results are published) and
// `getQuestionsFor` (the questions and answers; never the notes nor the scores).
import { instantToParisLocal, isPastDeadline } from "~/domain/call-status";
import { assessGroupement } from "~/domain/groupement-assessment";
import { frenchDay } from "~/domain/exports";
import { formatDateTime, formatDay, localDay, plural } from "~/domain/format";
import { decisionLabel, type DecisionCode } from "~/domain/schemas/review";
import { audit, type AuditActor } from "~/models/audit.server";
import { getCurrentCall } from "~/models/call.server";
import {
  changeGroupement,
  getCallParameters,
  groupementSelect,
  splitCodes,
  toGroupement,
  type GroupementRecord,
} from "~/models/groupement.server";
import { getChecklist } from "~/models/groupement-documents.server";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import { getAdminEmails } from "~/models/organisation.server";
import type { SessionUser } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import type { Mail } from "~/utils/mail.server";

type Send = (mail: Mail) => Promise<void>;
export type Staff = Pick<SessionUser, "id" | "name" | "email">;

/** A review action that does not apply (not filed, results already out…): said in French, nothing written. */
export class ReviewRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewRefused";
  }
}

const NOT_FILED = "Ce groupement n'a pas encore déposé son dossier : il ne peut être ni noté ni faire l'objet d'une décision.";
const RESULTS_OUT = "Les résultats de cet appel sont publiés : la décision ne peut plus être modifiée.";

const auditActor = (user: Staff): AuditActor => ({ id: user.id, name: user.name, email: user.email });

// ---------------------------------------------------------------------------------------------
// Calls and the list

/** The calls the CCAS reviews (drafts have no groupements), the one to show by default first. */
export async function getReviewCalls(db: Db, now = new Date()) {
  const current = await getCurrentCall(db, now);
  const calls = await db.call.findMany({
    where: { draft: false },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, slug: true, title: true, deadline: true, resultsPublishedAt: true },
  });
  // First the call open for applications; else the one whose dossiers are being read — the last
  // one closed, its results not yet published — even once the next one is announced (« à venir »);
  // else the current call; then the others.
  const lastClosed = calls.find((call) => call.deadline.getTime() <= now.getTime());
  const inReview = current?.status !== "ouvert" && lastClosed?.resultsPublishedAt === null ? lastClosed : undefined;
  const rank = (call: (typeof calls)[number]) => (call.id === inReview?.id ? 2 : call.id === current?.id ? 1 : 0);
  return calls
    .sort((a, b) => rank(b) - rank(a))
    .map(({ deadline, ...call }) => ({ ...call, year: instantToParisLocal(deadline).date.slice(0, 4) }));
}

export type ReviewCall = Awaited<ReturnType<typeof getReviewCalls>>[number];

/**
 * The call an address asks for (`?appel=<slug>`), else the one to show by default; with the
 * calls to choose from and the slug that named none. `call` is null only when no call is public.
 */
export async function chooseReviewCall(db: Db, request: Request, now = new Date()) {
  const calls = await getReviewCalls(db, now);
  const slug = new URL(request.url).searchParams.get("appel");
  const chosen = calls.find((item) => item.slug === slug);
  return { calls, call: chosen ?? calls[0] ?? null, unknownCall: slug && !chosen ? slug : null };
}

/** Every groupement of a call, filed ones first (earliest filed first), then the drafts by title. */
async function findCallGroupements(db: Db, callId: string) {
  const groupements = await db.groupement.findMany({ where: { callId }, select: groupementSelect });
  return groupements.sort((a, b) => {
    if (a.submittedAt && b.submittedAt) return a.submittedAt.getTime() - b.submittedAt.getTime();
    if (a.submittedAt || b.submittedAt) return a.submittedAt ? -1 : 1;
    return a.title.localeCompare(b.title, "fr");
  });
}

/** The workspace's verdict « conforme aux règles » (no rule fails, none left blank): the call's rules. */
function isConforming(groupement: GroupementRecord, call: Awaited<ReturnType<typeof getCallParameters>>) {
  return assessGroupement(toGroupement(groupement), call, getChecklist(groupement)).conforming;
}

const leadOf = (groupement: GroupementRecord) => groupement.members.find((member) => member.isLead && member.status === "active");

export type GroupementFilters = {
  status?: "brouillon" | "depose";
  subAxis?: string;
  quartier?: string;
  eligibility?: "conforme" | "non-conforme";
};

/**
 * The groupements of a call as the CCAS lists them, filtered. A groupement acting on the whole
 * city is in every quartier, as in the search.
 */
export async function listCallGroupements(db: Db, callId: string, filters: GroupementFilters) {
  const [groupements, call, extras] = await Promise.all([
    findCallGroupements(db, callId),
    getCallParameters(db, callId),
    db.groupement.findMany({
      where: { callId },
      select: { id: true, decision: true, reviewers: { select: { userId: true } } },
    }),
  ]);
  const byId = new Map(extras.map((extra) => [extra.id, extra]));
  const reviewerIds = [...new Set(extras.flatMap((extra) => extra.reviewers.map((reviewer) => reviewer.userId)))];
  const names = await namesOf(db, reviewerIds);
  return groupements
    .map((groupement) => {
      const extra = byId.get(groupement.id);
      return {
        id: groupement.id,
        title: groupement.title,
        leadName: leadOf(groupement)?.organisation.name ?? "—",
        submittedAt: groupement.submittedAt,
        subAxes: splitCodes(groupement.subAxes),
        wholeCity: groupement.wholeCity,
        quartiers: splitCodes(groupement.quartiers),
        conforming: isConforming(groupement, call),
        decision: extra?.decision ?? null,
        reviewers: (extra?.reviewers ?? []).map((reviewer) => names.get(reviewer.userId) ?? "—"),
      };
    })
    .filter(
      (item) =>
        (!filters.status || (filters.status === "depose") === (item.submittedAt !== null)) &&
        (!filters.subAxis || item.subAxes.includes(filters.subAxis)) &&
        (!filters.quartier || item.wholeCity || item.quartiers.includes(filters.quartier)) &&
        (!filters.eligibility || (filters.eligibility === "conforme") === item.conforming),
    );
}

async function namesOf(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

/** Everyone of the CCAS staff, whom a groupement may be given to. */
export function getCcasStaff(db: Db) {
  return db.user.findMany({
    where: { isCcas: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true, ccasRole: true },
  });
}

/** The call's selection criteria, in the call's order. */
export function getCallCriteria(db: Db, callId: string) {
  return db.callCriterion.findMany({
    where: { callId },
    orderBy: { position: "asc" },
    select: { id: true, code: true, label: true, description: true, maxScore: true },
  });
}

export type Criterion = Awaited<ReturnType<typeof getCallCriteria>>[number];

// ---------------------------------------------------------------------------------------------
// Scores

type ScoreRow = { reviewerId: string; criterionCode: string; score: number };

/** Each criterion's average over the reviewers who scored it, and their sum (criteria nobody scored left out). */
export function averageScores(criteria: readonly Criterion[], scores: readonly ScoreRow[]) {
  const perCriterion = criteria.map((criterion) => {
    const given = scores.filter((score) => score.criterionCode === criterion.code).map((score) => score.score);
    return {
      code: criterion.code,
      average: given.length ? given.reduce((sum, score) => sum + score, 0) / given.length : null,
      count: given.length,
    };
  });
  const scored = perCriterion.filter((item) => item.average !== null);
  return {
    perCriterion,
    total: scored.length ? scored.reduce((sum, item) => sum + item.average!, 0) : null,
    maxTotal: criteria.reduce((sum, criterion) => sum + criterion.maxScore, 0),
    reviewers: new Set(scores.map((score) => score.reviewerId)).size,
  };
}

// ---------------------------------------------------------------------------------------------
// One groupement's review

export async function getReview(db: Db, groupementId: string) {
  const groupement = await db.groupement.findUnique({ where: { id: groupementId }, select: groupementSelect });
  if (!groupement) return null;
  const [review, call, callParameters, criteria, staff] = await Promise.all([
    db.groupement.findUniqueOrThrow({
      where: { id: groupementId },
      select: {
        decision: true,
        decisionMessage: true,
        decidedAt: true,
        decidedById: true,
        decisionSentAt: true,
        reviewers: { orderBy: { assignedAt: "asc" }, select: { userId: true, assignedById: true, assignedAt: true } },
        notes: { orderBy: { createdAt: "asc" }, select: { id: true, authorId: true, body: true, createdAt: true } },
        scores: { select: { reviewerId: true, criterionCode: true, score: true, updatedAt: true } },
        questions: {
          orderBy: { askedAt: "asc" },
          select: {
            id: true,
            askedById: true,
            question: true,
            askedAt: true,
            answer: true,
            answeredById: true,
            answeredAt: true,
          },
        },
      },
    }),
    db.call.findUniqueOrThrow({
      where: { id: groupement.callId },
      select: { id: true, slug: true, title: true, resultsPublishedAt: true },
    }),
    getCallParameters(db, groupement.callId),
    getCallCriteria(db, groupement.callId),
    getCcasStaff(db),
  ]);
  const people = await namesOf(db, [
    ...review.reviewers.flatMap((reviewer) => [reviewer.userId, reviewer.assignedById ?? ""]),
    ...review.notes.map((note) => note.authorId),
    ...review.scores.map((score) => score.reviewerId),
    ...review.questions.flatMap((question) => [question.askedById, question.answeredById ?? ""]),
    review.decidedById ?? "",
  ]);
  const nameOf = (id: string | null) => (id ? (people.get(id) ?? "compte supprimé") : "—");
  const scorerIds = [
    ...new Set([...review.reviewers.map((reviewer) => reviewer.userId), ...review.scores.map((s) => s.reviewerId)]),
  ];
  return {
    groupement,
    call,
    callParameters,
    assessment: assessGroupement(
      toGroupement(groupement),
      callParameters,
      getChecklist(groupement),
      groupement.submittedAt ? formatDay(groupement.submittedAt) : null,
    ),
    criteria,
    staff,
    reviewers: review.reviewers.map((reviewer) => ({
      userId: reviewer.userId,
      name: nameOf(reviewer.userId),
      assignedBy: nameOf(reviewer.assignedById),
      assignedAt: reviewer.assignedAt,
    })),
    notes: review.notes.map((note) => ({
      id: note.id,
      author: nameOf(note.authorId),
      body: note.body,
      createdAt: note.createdAt,
    })),
    scoreSheets: scorerIds.map((reviewerId) => ({
      reviewerId,
      name: nameOf(reviewerId),
      scores: Object.fromEntries(
        review.scores.filter((score) => score.reviewerId === reviewerId).map((score) => [score.criterionCode, score.score]),
      ) as Record<string, number>,
    })),
    averages: averageScores(criteria, review.scores),
    questions: review.questions.map((question) => ({
      id: question.id,
      question: question.question,
      askedBy: nameOf(question.askedById),
      askedAt: question.askedAt,
      answer: question.answer,
      answeredBy: question.answeredById ? nameOf(question.answeredById) : null,
      answeredAt: question.answeredAt,
    })),
    decision: {
      code: review.decision,
      message: review.decisionMessage,
      decidedAt: review.decidedAt,
      decidedBy: review.decidedById ? nameOf(review.decidedById) : null,
      sentAt: review.decisionSentAt,
    },
  };
}

export type Review = NonNullable<Awaited<ReturnType<typeof getReview>>>;

async function requireGroupement(db: Db, groupementId: string) {
  const groupement = await db.groupement.findUnique({
    where: { id: groupementId },
    select: { id: true, title: true, callId: true, submittedAt: true, call: { select: { resultsPublishedAt: true } } },
  });
  if (!groupement) throw new Response("Groupement introuvable", { status: 404 });
  return groupement;
}

/** Gives the groupement to a member of the CCAS staff (or takes it back); journaled either way. */
export async function setReviewer(db: Db, actor: Staff, groupementId: string, userId: string, assigned: boolean) {
  const groupement = await requireGroupement(db, groupementId);
  const reviewer = await db.user.findUnique({ where: { id: userId }, select: { name: true, email: true, isCcas: true } });
  if (!reviewer?.isCcas) throw new ReviewRefused("Choisissez un membre de l'équipe du CCAS.");
  const key = { groupementId_userId: { groupementId, userId } };
  await db.$transaction(async (tx) => {
    const existing = await tx.groupementReviewer.findUnique({ where: key, select: { userId: true } });
    if (assigned === Boolean(existing)) return;
    if (assigned) await tx.groupementReviewer.create({ data: { groupementId, userId, assignedById: actor.id } });
    else await tx.groupementReviewer.delete({ where: key });
    await audit(
      tx,
      auditActor(actor),
      "review.assign",
      { type: "groupement", id: groupementId },
      `${assigned ? "Désigné" : "Retiré"} : ${reviewer.name} <${reviewer.email}> — « ${groupement.title} »`,
    );
  });
  return reviewer;
}

/** A private note of the CCAS: never shown to the groupement. */
export async function addNote(db: Db, actor: Staff, groupementId: string, body: string) {
  await requireGroupement(db, groupementId);
  await db.groupementNote.create({ data: { groupementId, authorId: actor.id, body } });
}

/** The scorer's scores on every criterion of the call, replacing theirs. Only on a filed groupement, by a reviewer given it. */
export async function saveScores(db: Db, actor: Staff, groupementId: string, scores: { code: string; score: number }[]) {
  const groupement = await requireGroupement(db, groupementId);
  if (!groupement.submittedAt) throw new ReviewRefused(NOT_FILED);
  const assigned = await db.groupementReviewer.findUnique({
    where: { groupementId_userId: { groupementId, userId: actor.id } },
    select: { userId: true },
  });
  if (!assigned) throw new ReviewRefused("Seuls les relecteurs désignés notent ce groupement : désignez-vous d'abord ci-dessus.");
  await db.$transaction(
    scores.map(({ code, score }) =>
      db.groupementScore.upsert({
        where: { groupementId_reviewerId_criterionCode: { groupementId, reviewerId: actor.id, criterionCode: code } },
        create: { groupementId, reviewerId: actor.id, criterionCode: code, score },
        update: { score },
      }),
    ),
  );
}

/**
 * A question to the lead: kept with the groupement (its workspace shows it with an answer form) and
 * told to the lead structure's admins by their notification choice.
 */
export async function askQuestion(db: Db, actor: Staff, groupementId: string, question: string, link: string, send: Send) {
  const groupement = await requireGroupement(db, groupementId);
  const lead = await db.groupementMember.findFirst({
    where: { groupementId, isLead: true, status: "active" },
    select: { organisationId: true },
  });
  await db.groupementQuestion.create({ data: { groupementId, askedById: actor.id, question } });
  const admins = lead ? await adminIdsOf(db, lead.organisationId) : [];
  if (admins.length > 0)
    await notifyUsers(
      db,
      admins,
      {
        subject: `Le CCAS vous pose une question sur « ${groupement.title} » — Coopérons`,
        body: `Le CCAS a une question sur le dossier de votre groupement :\n\n${question}\n\nRépondez depuis l'espace du groupement.`,
        link,
      },
      send,
    );
  return { told: admins.length };
}

/** The questions of the CCAS and their answers, as the groupement's members see them. */
export async function getQuestionsFor(db: Db, groupementId: string) {
  const questions = await db.groupementQuestion.findMany({
    where: { groupementId },
    orderBy: { askedAt: "asc" },
    select: { id: true, question: true, askedAt: true, answer: true, answeredById: true, answeredAt: true },
  });
  const names = await namesOf(
    db,
    questions.flatMap((question) => (question.answeredById ? [question.answeredById] : [])),
  );
  return questions.map((question) => ({
    id: question.id,
    question: question.question,
    askedAt: question.askedAt,
    answer: question.answer,
    answeredBy: question.answeredById ? (names.get(question.answeredById) ?? "compte supprimé") : null,
    answeredAt: question.answeredAt,
  }));
}

/**
 * The lead's answer: kept with who and when, written in the groupement's history once filed, and
 * told to the CCAS person who asked. A question already answered is refused.
 */
export async function answerQuestion(
  db: Db,
  actor: Pick<SessionUser, "id" | "name">,
  groupementId: string,
  questionId: string,
  answer: string,
  { link, send }: { link: string; send: Send },
) {
  const question = await db.groupementQuestion.findFirst({
    where: { id: questionId, groupementId },
    select: { id: true, askedById: true, question: true },
  });
  if (!question) throw new ReviewRefused("Question introuvable : rechargez la page.");
  await changeGroupement(db, groupementId, actor, "Réponse à une question du CCAS", async (tx) => {
    const { count } = await tx.groupementQuestion.updateMany({
      where: { id: questionId, answeredAt: null },
      data: { answer, answeredById: actor.id, answeredAt: new Date() },
    });
    // Someone answered it first: nothing written, nothing logged.
    if (count === 0) throw new ReviewRefused("Cette question a déjà reçu une réponse : rechargez la page pour la lire.");
  });
  await notifyUsers(
    db,
    [question.askedById],
    {
      subject: "Réponse du chef de file à votre question — Coopérons",
      body: `Votre question :\n${question.question}\n\nSa réponse :\n${answer}`,
      link,
    },
    send,
  );
}

/** Records (or changes) the decision; it stays the CCAS's until the results are published. */
export async function recordDecision(
  db: Db,
  actor: Staff,
  groupementId: string,
  { decision, decisionMessage }: { decision: DecisionCode; decisionMessage: string },
) {
  const groupement = await requireGroupement(db, groupementId);
  if (!groupement.submittedAt) throw new ReviewRefused(NOT_FILED);
  if (groupement.call.resultsPublishedAt) throw new ReviewRefused(RESULTS_OUT);
  await db.$transaction(async (tx) => {
    // Checked again as it is written: results published meanwhile freeze the decision.
    const { count } = await tx.groupement.updateMany({
      where: { id: groupementId, call: { resultsPublishedAt: null } },
      data: { decision, decisionMessage, decidedAt: new Date(), decidedById: actor.id },
    });
    if (count === 0) throw new ReviewRefused(RESULTS_OUT);
    await audit(
      tx,
      auditActor(actor),
      "review.decision",
      { type: "groupement", id: groupementId },
      `${decisionLabel(decision)} — « ${groupement.title} »`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// What the groupement sees

/** The decision as the groupement may see it: null until the call's results are published. */
export async function getPublishedDecision(db: Db, groupementId: string) {
  const groupement = await db.groupement.findUnique({
    where: { id: groupementId },
    select: { decision: true, decisionMessage: true, call: { select: { resultsPublishedAt: true } } },
  });
  if (!groupement?.decision || !groupement.call.resultsPublishedAt) return null;
  return {
    decision: groupement.decision,
    label: decisionLabel(groupement.decision),
    message: groupement.decisionMessage,
    publishedAt: groupement.call.resultsPublishedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison and results

/** Every filed groupement of the call with its average scores, the best total first. */
export async function getComparison(db: Db, callId: string) {
  const [criteria, groupements] = await Promise.all([
    getCallCriteria(db, callId),
    db.groupement.findMany({
      where: { callId, submittedAt: { not: null } },
      select: {
        id: true,
        title: true,
        submittedAt: true,
        decision: true,
        members: { where: { isLead: true, status: "active" }, select: { organisation: { select: { name: true } } } },
        scores: { select: { reviewerId: true, criterionCode: true, score: true } },
      },
    }),
  ]);
  const rows = groupements.map((groupement) => ({
    id: groupement.id,
    title: groupement.title,
    leadName: groupement.members[0]?.organisation.name ?? "—",
    submittedAt: groupement.submittedAt!,
    decision: groupement.decision,
    ...averageScores(criteria, groupement.scores),
  }));
  rows.sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || a.title.localeCompare(b.title, "fr"));
  return { criteria, rows };
}

const roundScore = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * The comparison as the CSV's rows (the exports' format: French header, JJ/MM/AAAA, decimal comma
 * from the writer), one per filed groupement; an empty cell where nobody scored yet.
 */
export function comparisonRecords({ criteria, rows }: Awaited<ReturnType<typeof getComparison>>): (string | number | null)[][] {
  const maxTotal = criteria.reduce((sum, criterion) => sum + criterion.maxScore, 0);
  return [
    [
      "Groupement",
      "Chef de file",
      "Déposé le",
      ...criteria.map((criterion) => `${criterion.label} (moyenne sur ${criterion.maxScore})`),
      `Total (sur ${maxTotal})`,
      "Relecteurs ayant noté",
      "Décision",
    ],
    ...rows.map((row) => [
      row.title,
      row.leadName,
      frenchDay(localDay(row.submittedAt)),
      ...row.perCriterion.map((item) => roundScore(item.average)),
      roundScore(row.total),
      row.reviewers,
      row.decision ? decisionLabel(row.decision) : null,
    ]),
  ];
}

/** Where the results stand: filed groupements without a decision block the publication. */
export async function getResultsState(db: Db, callId: string) {
  const [call, filed, undecided, decided] = await Promise.all([
    db.call.findUniqueOrThrow({
      where: { id: callId },
      select: { id: true, title: true, resultsPublishedAt: true, deadline: true },
    }),
    db.groupement.count({ where: { callId, submittedAt: { not: null } } }),
    db.groupement.count({ where: { callId, submittedAt: { not: null }, decision: null } }),
    db.groupement.count({ where: { callId, decision: { not: null } } }),
  ]);
  return { call, filed, undecided, decided };
}

/**
 * Publishes the call's results: from then on each groupement sees its decision, and each lead's
 * admins are mailed theirs with its message. Each mail is claimed before it goes (decisionSentAt),
 * so publishing again, or two people at once, never sends one twice; a mail that fails is released
 * and goes out at the next publication, as does one whose lead has no admin to write to yet.
 */
export async function publishResults(
  db: Db,
  actor: Staff,
  callId: string,
  { link, send }: { link: (id: string) => string; send: Send },
) {
  const state = await getResultsState(db, callId);
  if (!isPastDeadline(state.call, new Date()))
    throw new ReviewRefused(
      `L'appel est encore ouvert jusqu'au ${formatDateTime(state.call.deadline)} : ses résultats se publient après la date limite.`,
    );
  if (state.filed === 0) throw new ReviewRefused("Aucun groupement n'a déposé de dossier pour cet appel : rien à publier.");
  if (state.undecided > 0)
    throw new ReviewRefused(
      `${plural(state.undecided, "dossier déposé n'a", { many: "dossiers déposés n'ont" })} pas encore de décision : décidez d'abord pour chacun.`,
    );
  await db.$transaction(async (tx) => {
    const { count } = await tx.call.updateMany({
      where: { id: callId, resultsPublishedAt: null },
      data: { resultsPublishedAt: new Date() },
    });
    if (count === 1) await audit(tx, auditActor(actor), "call.results", { type: "call", id: callId }, state.call.title);
  });
  const toSend = await db.groupement.findMany({
    where: { callId, decision: { not: null }, decisionSentAt: null },
    select: {
      id: true,
      title: true,
      decision: true,
      decisionMessage: true,
      members: { where: { isLead: true, status: "active" }, select: { organisationId: true } },
    },
  });
  let sent = 0;
  let unreachable = 0;
  for (const groupement of toSend) {
    const { count } = await db.groupement.updateMany({
      where: { id: groupement.id, decisionSentAt: null },
      data: { decisionSentAt: new Date() },
    });
    if (count === 0) continue;
    const leadId = groupement.members[0]?.organisationId;
    const to = leadId ? await getAdminEmails(db, leadId) : [];
    if (to.length === 0) {
      // Nobody to tell: not said « envoyée » on the review page; a later publication tries again.
      await db.groupement.update({ where: { id: groupement.id }, data: { decisionSentAt: null } });
      unreachable += 1;
      continue;
    }
    try {
      await send({
        to,
        subject: `Décision du CCAS sur « ${groupement.title} » : ${decisionLabel(groupement.decision!).toLowerCase()} — Coopérons`,
        text: `Bonjour,\n\nLe CCAS a publié les résultats de « ${state.call.title} ».\n\nDécision pour le groupement « ${groupement.title} » : ${decisionLabel(groupement.decision!)}.\n\nSon message :\n\n${groupement.decisionMessage}\n\n${link(groupement.id)}\n\nL'équipe Coopérons`,
      });
      sent += 1;
    } catch (error) {
      await db.groupement.update({ where: { id: groupement.id }, data: { decisionSentAt: null } });
      throw error;
    }
  }
  return { sent, unreachable };
}
