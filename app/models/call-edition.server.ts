// The CCAS's editions of a call (/ccas/appels): list, copy into a draft, edit each part, publish,
// and moving an idea (with its groupement) to the newly published call. Each write is one
// transaction; creating and publishing a call are written to the audit journal.
import { subAxisOptions } from "~/domain/call";
import { calendarOrderIssues, checkCallReadiness, publicationRefusal } from "~/domain/call-readiness";
import {
  callStatus,
  instantToParisLocal,
  isOpenOrComing,
  mayEnterLaureates,
  parisLocalToInstant,
  publicationInstant,
} from "~/domain/call-status";
import { formatDateTime, lowerFirst, plural } from "~/domain/format";
import { visibleIdeaWhere } from "~/domain/publication";
import type { CallAxesInput, CallEventsInput, CallLaureatesInput } from "~/domain/schemas/call-edition";
import type { RecommendationWeights } from "~/domain/recommendation";
import { audit, type AuditActor } from "~/models/audit.server";
import {
  callPresentationSelect,
  getCurrentCallId,
  getRecommendationWeights,
  recommendationWeightColumns,
} from "~/models/call.server";
import { queueNotifications } from "~/models/notification-queue.server";
import { queueReindex } from "~/models/publication.server";
import type { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/utils/db.server";

export async function listCalls(db: Db, now: Date) {
  const calls = await db.call.findMany({
    orderBy: [{ createdAt: "desc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      shortTitle: true,
      draft: true,
      publishedAt: true,
      deadline: true,
      resultsPublishedAt: true,
      copiedFromId: true,
      createdAt: true,
      // The ideas the dashboard counts: published, of published structures (drafts and ideas
      // waiting for the CCAS made the two pages disagree).
      _count: { select: { ideas: { where: visibleIdeaWhere() }, groupements: true } },
    },
  });
  return calls.map((call) => ({ ...call, status: callStatus(call, now) }));
}

export async function getCallForEdition(db: Db, slug: string) {
  const call = await db.call.findUnique({
    where: { slug },
    select: {
      // What the public pages show (the preview reads the same), then what only the forms need.
      ...callPresentationSelect,
      draft: true,
      copiedFromId: true,
      createdAt: true,
      notifiedOnPublish: true,
      axes: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          code: true,
          title: true,
          summary: true,
          subAxes: {
            orderBy: { position: "asc" },
            select: {
              id: true,
              code: true,
              title: true,
              summary: true,
              actions: { orderBy: { position: "asc" }, select: { text: true } },
            },
          },
        },
      },
      criteria: { orderBy: { position: "asc" }, select: { code: true, label: true, description: true, maxScore: true } },
      pastLaureates: {
        orderBy: [{ year: "desc" }, { position: "asc" }],
        select: { year: true, theme: true, title: true, summary: true, carriers: true },
      },
      laureates: { orderBy: { position: "asc" }, select: { title: true, leadName: true, subAxisCode: true } },
    },
  });
  if (!call) return null;
  const weights = await getRecommendationWeights(db, call.id);
  return { ...call, weights: weights! };
}
export type CallForEdition = NonNullable<Awaited<ReturnType<typeof getCallForEdition>>>;

/** An event's instants as the calendar form shows them: Paris dates, and the hour when it has one. */
export function eventFormValues(event: CallForEdition["events"][number]) {
  const start = instantToParisLocal(event.startsAt);
  const end = event.endsAt ? instantToParisLocal(event.endsAt) : null;
  const withTime = event.precision === "datetime";
  return {
    kind: event.kind,
    title: event.title,
    startDate: start.date,
    startTime: withTime ? start.time : "",
    endDate: end?.date ?? "",
    endTime: end && withTime ? end.time : "",
    precision: event.precision,
    whenText: event.whenText ?? "",
  };
}

// --- Copy -------------------------------------------------------------------------------------

const COPY_SUFFIX = " (copie)";

async function freeSlug(tx: Tx, base: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const slug = attempt === 1 ? `${base}-copie` : `${base}-copie-${attempt}`;
    if (!(await tx.call.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

/**
 * « Préparer un nouvel appel »: a draft with every part of the source call (axes, sub-axes and
 * their actions, calendar, money, documents, prerequisites, FAQ, past laureates, criteria,
 * recommendation weights), but not the laureates of the source call: they are that edition's.
 * Its title says it is a copy until the CCAS renames it (the publish page reminds it).
 */
export async function copyCall(db: Db, actor: AuditActor, sourceSlug: string) {
  return db.$transaction(async (tx) => {
    const source = await tx.call.findUnique({
      where: { slug: sourceSlug },
      include: {
        axes: { include: { subAxes: { include: { actions: true } } } },
        events: true,
        expenseCategories: true,
        documents: true,
        faqs: true,
        prerequisites: true,
        pastLaureates: true,
        criteria: true,
      },
    });
    if (!source) return null;
    const {
      id: sourceId,
      slug,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      axes,
      events,
      expenseCategories,
      documents,
      faqs,
      prerequisites,
      pastLaureates,
      criteria,
      ...fields
    } = source;
    const strip = <T extends { id: string; callId: string }>({ id: _id, callId: _callId, ...rest }: T) => rest;
    const created = await tx.call.create({
      data: {
        ...fields,
        slug: await freeSlug(tx, slug.replace(/(-copie(-\d+)?)+$/, "")),
        title: `${fields.title}${COPY_SUFFIX}`,
        shortTitle: `${fields.shortTitle}${COPY_SUFFIX}`,
        draft: true,
        copiedFromId: sourceId,
        publishedAt: null,
        resultsPublishedAt: null,
        notifiedOnPublish: null,
        events: { create: events.map(strip) },
        expenseCategories: { create: expenseCategories.map(strip) },
        documents: { create: documents.map(strip) },
        faqs: { create: faqs.map(strip) },
        prerequisites: { create: prerequisites.map(strip) },
        pastLaureates: { create: pastLaureates.map(strip) },
        criteria: { create: criteria.map(strip) },
        axes: {
          create: axes.map((axis) => ({
            code: axis.code,
            title: axis.title,
            summary: axis.summary,
            position: axis.position,
            subAxes: {
              create: axis.subAxes.map((subAxis) => ({
                code: subAxis.code,
                title: subAxis.title,
                summary: subAxis.summary,
                position: subAxis.position,
                actions: { create: subAxis.actions.map((action) => ({ text: action.text, position: action.position })) },
              })),
            },
          })),
        },
      },
      select: { id: true, slug: true },
    });
    await audit(tx, actor, "call.create", { type: "call", id: created.id }, `Copie de ${slug}`);
    return created;
  });
}

// --- Simple parts -----------------------------------------------------------------------------

export type SaveGeneralResult = { ok: true; slug: string } | { ok: false; field: "slug"; message: string };

/**
 * Title, introduction… and the call's address: a draft's may change (a copy's ends with
 * « -copie »); a published call's stays, since links to it have gone out.
 */
export async function updateCallGeneral(
  db: Db,
  callId: string,
  value: { slug: string; title: string; shortTitle: string; summary: string; organiser: string; audience: string },
): Promise<SaveGeneralResult> {
  return db.$transaction(async (tx) => {
    const call = await tx.call.findUniqueOrThrow({ where: { id: callId }, select: { slug: true, draft: true } });
    if (value.slug !== call.slug) {
      if (!call.draft)
        return {
          ok: false,
          field: "slug",
          message: `Adresse de l'appel : un appel publié garde son adresse (${call.slug}), des liens vers elle ont pu être partagés.`,
        };
      if (await tx.call.findUnique({ where: { slug: value.slug }, select: { id: true } }))
        return {
          ok: false,
          field: "slug",
          message: "Adresse de l'appel : elle est déjà celle d'un autre appel, choisissez-en une autre.",
        };
    }
    await tx.call.update({ where: { id: callId }, data: value });
    return { ok: true, slug: value.slug };
  });
}

export async function updateCallParameters(
  db: Db,
  callId: string,
  value: {
    yearlyEnvelope: number;
    minLaureates: number;
    maxLaureates: number;
    durationMonths: number;
    fundingYears: number;
    latestStart: string;
    latestStartLabel: string;
    fundingNote: string;
    minMembers: number;
  },
) {
  await db.call.update({
    where: { id: callId },
    data: { ...value, latestStart: new Date(`${value.latestStart}T00:00:00Z`) },
  });
}

export async function updateCallWeights(db: Db, callId: string, weights: RecommendationWeights) {
  await db.call.update({ where: { id: callId }, data: recommendationWeightColumns(weights) });
}

/**
 * Calendar: the deadline event is the call's deadline; a published call's publication date follows
 * its event while that is ahead (publicationInstant).
 */
/**
 * Replaces the call's calendar. A draft takes any calendar (its publication checks it); a
 * published call only one in order, whose latest start is not before its deadline, and not once
 * its results are out; each change to a published call's calendar is journaled.
 */
export async function saveCallEvents(
  db: Db,
  actor: AuditActor,
  callId: string,
  events: CallEventsInput,
): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const rows = events.map((event, position) => ({
    callId,
    position,
    kind: event.kind,
    title: event.title,
    startsAt: parisLocalToInstant(event.startDate, event.startTime ?? "00:00"),
    endsAt:
      event.endDate || event.endTime ? parisLocalToInstant(event.endDate ?? event.startDate, event.endTime ?? "00:00") : null,
    precision: event.precision,
    whenText: event.whenText ?? null,
  }));
  const deadline = rows.find((row) => row.kind === "deadline")!;
  const publication = rows.find((row) => row.kind === "publication");
  return db.$transaction(async (tx) => {
    const call = await tx.call.findUniqueOrThrow({
      where: { id: callId },
      select: { title: true, draft: true, publishedAt: true, resultsPublishedAt: true, latestStart: true, deadline: true },
    });
    if (!call.draft) {
      if (call.resultsPublishedAt)
        return { ok: false, errors: ["Les résultats de cet appel sont publiés : son calendrier ne peut plus changer."] };
      const issues = calendarOrderIssues({ deadline: deadline.startsAt, events: rows, latestStart: call.latestStart });
      if (issues.length > 0)
        return { ok: false, errors: issues.map((issue) => `Cet appel est publié : ${lowerFirst(issue.message)}`) };
    }
    await tx.callEvent.deleteMany({ where: { callId } });
    await tx.callEvent.createMany({ data: rows });
    await tx.call.update({
      where: { id: callId },
      data: {
        deadline: deadline.startsAt,
        ...(call.draft ? {} : { publishedAt: publicationInstant(publication?.startsAt, new Date(), call.publishedAt) }),
      },
    });
    if (!call.draft)
      await audit(
        tx,
        actor,
        "call.calendar",
        { type: "call", id: callId },
        `${call.title} — date limite : ${formatDateTime(deadline.startsAt)}${
          deadline.startsAt.getTime() === call.deadline.getTime() ? "" : ` (avant : ${formatDateTime(call.deadline)})`
        }`,
      );
    return { ok: true };
  });
}

export type ListPart = "expenseCategories" | "documents" | "prerequisites" | "faqs" | "criteria";

/**
 * Replaces one of the call's simple lists as a whole, in the order given. A criterion's maximum
 * cannot go below a score already given on it: the review page would show 4 « sur 1 ».
 */
/**
 * Marks the call as written when only its parts were (axes, lists): the pages keep what they read
 * of the current call until its `updatedAt` moves (keptCallRead in call.server.ts).
 */
const touchCall = (tx: Tx, callId: string) => tx.call.update({ where: { id: callId }, data: { updatedAt: new Date() } });

export async function replaceCallList(
  db: Db,
  callId: string,
  part: ListPart,
  items: readonly Record<string, string | number | boolean>[],
): Promise<{ ok: true } | { ok: false; error: string }> {
  const data = items.map((item, position) => ({ ...item, callId, position }));
  return db.$transaction(async (tx) => {
    if (part === "criteria") {
      const over = await scoresOverMaximum(tx, callId, items);
      if (over) return { ok: false, error: over };
    }
    switch (part) {
      case "expenseCategories":
        await tx.callExpenseCategory.deleteMany({ where: { callId } });
        await tx.callExpenseCategory.createMany({ data: data as never });
        break;
      case "documents":
        await tx.callDocument.deleteMany({ where: { callId } });
        await tx.callDocument.createMany({ data: data as never });
        break;
      case "prerequisites":
        await tx.callPrerequisite.deleteMany({ where: { callId } });
        await tx.callPrerequisite.createMany({ data: data as never });
        break;
      case "faqs":
        await tx.callFaq.deleteMany({ where: { callId } });
        await tx.callFaq.createMany({ data: data as never });
        break;
      case "criteria":
        // Scores are kept by criterion code: a criterion kept under its code keeps its scores.
        await tx.callCriterion.deleteMany({ where: { callId } });
        await tx.callCriterion.createMany({ data: data as never });
        break;
    }
    await touchCall(tx, callId);
    return { ok: true };
  });
}

/** The refusal when a criterion's new maximum is below a score given on it, or null. */
async function scoresOverMaximum(
  tx: Tx,
  callId: string,
  criteria: readonly Record<string, string | number | boolean>[],
): Promise<string | null> {
  const highest = await tx.groupementScore.groupBy({
    by: ["criterionCode"],
    where: { groupement: { callId } },
    _max: { score: true },
  });
  const topOf = new Map(highest.map((row) => [row.criterionCode, row._max.score]));
  const problems: string[] = [];
  for (const criterion of criteria) {
    const top = topOf.get(String(criterion.code)) ?? null;
    if (top !== null && top > Number(criterion.maxScore))
      problems.push(
        `« ${String(criterion.label)} » : une note de ${top} a déjà été donnée, le maximum ne peut pas descendre à ${String(criterion.maxScore)}`,
      );
  }
  return problems.length ? `Barème : ${problems.join(" ; ")}. Modifiez d'abord ces notes sur les pages des groupements.` : null;
}

// --- Axes and sub-axes, with the guard on codes in use ------------------------------------------

const USES_SHOWN = 10;

/** What uses a sub-axis code of a call: ideas, groupements and organisations, by title. */
export async function usesOfSubAxis(db: Db | Tx, callId: string, subAxis: { id: string; code: string }) {
  const [ideas, groupements, organisations, laureates] = await Promise.all([
    db.idea.findMany({
      where: { callId, codes: { some: { kind: "subAxis", code: subAxis.code } } },
      select: { title: true },
      orderBy: { title: "asc" },
    }),
    db.groupement.findMany({ where: { callId, subAxes: { contains: subAxis.code } }, select: { title: true, subAxes: true } }),
    db.organisationSubAxis.findMany({
      where: { subAxisId: subAxis.id },
      select: { organisation: { select: { name: true } } },
    }),
    db.callLaureate.findMany({
      where: { callId, subAxisCode: subAxis.code },
      select: { title: true },
      orderBy: { position: "asc" },
    }),
  ]);
  return [
    ...ideas.map((idea) => `l'idée « ${idea.title} »`),
    ...groupements
      .filter((groupement) => groupement.subAxes.split(" ").includes(subAxis.code))
      .map((groupement) => `le groupement « ${groupement.title} »`),
    ...organisations.map((row) => `la structure « ${row.organisation.name} »`),
    ...laureates.map((laureate) => `le lauréat « ${laureate.title} »`),
  ];
}

function usesMessage(code: string, change: "supprimé" | "recodé", uses: string[]) {
  const shown = uses.slice(0, USES_SHOWN).join(", ");
  const more = uses.length > USES_SHOWN ? ` et ${plural(uses.length - USES_SHOWN, "autre")}` : "";
  const verb = change === "supprimé" ? "ne peut pas être supprimé" : "ne peut pas changer de code";
  const using = plural(uses.length, "élément l'utilise", { many: "éléments l'utilisent" });
  return `Le sous-axe ${code} ${verb} : cet appel est publié et ${using} — ${shown}${more}.`;
}

export type SaveAxesResult = { ok: true } | { ok: false; errors: string[] };

/**
 * Saves the axes and sub-axes as the form sends them. Sub-axes keep their row (organisations point
 * to them) when their id comes back. In a published call, a sub-axis whose code is used cannot be
 * removed nor recoded: the message names what uses it.
 */
export async function saveCallAxes(db: Db, callId: string, input: CallAxesInput): Promise<SaveAxesResult> {
  return db.$transaction(async (tx) => {
    const call = await tx.call.findUniqueOrThrow({
      where: { id: callId },
      select: {
        draft: true,
        axes: { select: { id: true, code: true, subAxes: { select: { id: true, code: true } } } },
      },
    });
    const existingAxes = new Map(call.axes.map((axis) => [axis.id, axis]));
    const existingSubAxes = new Map(call.axes.flatMap((axis) => axis.subAxes.map((subAxis) => [subAxis.id, subAxis] as const)));
    const axes = input.axes.map((axis) => ({ ...axis, id: axis.id && existingAxes.has(axis.id) ? axis.id : undefined }));
    const subAxes = input.subAxes.map((subAxis) => ({
      ...subAxis,
      id: subAxis.id && existingSubAxes.has(subAxis.id) ? subAxis.id : undefined,
    }));
    const keptSubAxisIds = new Set(subAxes.flatMap((subAxis) => (subAxis.id ? [subAxis.id] : [])));

    if (!call.draft) {
      const errors: string[] = [];
      for (const old of existingSubAxes.values()) {
        const kept = subAxes.find((subAxis) => subAxis.id === old.id);
        if (kept && kept.code === old.code) continue;
        const uses = await usesOfSubAxis(tx, callId, old);
        if (uses.length > 0) errors.push(usesMessage(old.code, kept ? "recodé" : "supprimé", uses));
      }
      if (errors.length > 0) return { ok: false, errors };
    }

    // Codes are unique per axis and per call: rows that stay take a provisional code first, so
    // that two codes can be swapped.
    const axisIds = new Map<string, string>();
    for (const [position, axis] of axes.entries()) {
      const fields = { title: axis.title, summary: axis.summary, position, code: `~${position}` };
      const id = axis.id
        ? (await tx.callAxis.update({ where: { id: axis.id }, data: fields, select: { id: true } })).id
        : (await tx.callAxis.create({ data: { callId, ...fields }, select: { id: true } })).id;
      axisIds.set(axis.code, id);
    }
    const subAxisIds: string[] = [];
    for (const [index, subAxis] of subAxes.entries()) {
      const axisId = axisIds.get(subAxis.axisCode)!;
      const position = subAxes.slice(0, index).filter((other) => other.axisCode === subAxis.axisCode).length;
      const fields = { axisId, title: subAxis.title, summary: subAxis.summary, position, code: `~${index}` };
      const id = subAxis.id
        ? (await tx.callSubAxis.update({ where: { id: subAxis.id }, data: fields, select: { id: true } })).id
        : (await tx.callSubAxis.create({ data: fields, select: { id: true } })).id;
      subAxisIds.push(id);
    }
    const removedSubAxes = [...existingSubAxes.keys()].filter((id) => !keptSubAxisIds.has(id));
    await tx.callSubAxis.deleteMany({ where: { id: { in: removedSubAxes } } });
    const keptAxisIds = new Set(axisIds.values());
    await tx.callAxis.deleteMany({ where: { callId, id: { notIn: [...keptAxisIds] } } });
    for (const [code, id] of axisIds) await tx.callAxis.update({ where: { id }, data: { code } });
    for (const [index, subAxis] of subAxes.entries()) {
      const id = subAxisIds[index]!;
      await tx.callSubAxis.update({ where: { id }, data: { code: subAxis.code } });
      await tx.callSubAxisAction.deleteMany({ where: { subAxisId: id } });
      await tx.callSubAxisAction.createMany({
        data: subAxis.actions.map((text, position) => ({ subAxisId: id, text, position })),
      });
    }
    await touchCall(tx, callId);
    return { ok: true };
  });
}

// --- Publication ------------------------------------------------------------------------------

/** The link a lead follows to move an idea (and its groupement) to the newly published call. */
export const movePath = (ideaId: string) => `/espace/changer-d-appel/${ideaId}`;

/**
 * The ideas that may move to the call `callId`: of another call, published or with a groupement,
 * the groupement not filed. Those whose admins its publication tells, and « Mon espace » lists.
 */
const movableIdeaWhere = (callId: string) =>
  ({
    callId: { not: callId },
    OR: [{ status: "published" }, { groupement: { is: { submittedAt: null } } }],
    NOT: { groupement: { is: { submittedAt: { not: null } } } },
  }) satisfies Prisma.IdeaWhereInput;

/** What checkCallReadiness reads of a call. */
const readinessSelect = {
  slug: true,
  title: true,
  shortTitle: true,
  deadline: true,
  latestStart: true,
  latestStartLabel: true,
  events: { orderBy: [{ startsAt: "asc" }, { position: "asc" }], select: callPresentationSelect.events.select },
  axes: { select: { _count: { select: { subAxes: true } } } },
  documents: { orderBy: { position: "asc" }, select: { label: true, description: true } },
  prerequisites: { orderBy: { position: "asc" }, select: { text: true } },
  faqs: { orderBy: { position: "asc" }, select: { question: true, answer: true } },
} satisfies Prisma.CallSelect;

const readinessInput = ({ axes, ...call }: Prisma.CallGetPayload<{ select: typeof readinessSelect }>) => ({
  ...call,
  subAxisCount: axes.reduce((sum, axis) => sum + axis._count.subAxes, 0),
});

/** What publishing `callId` would find unfinished at `now` (domain/call-readiness.ts decides). */
export async function getCallReadiness(db: Db | Tx, callId: string, now = new Date()) {
  const call = await db.call.findUniqueOrThrow({ where: { id: callId }, select: readinessSelect });
  return checkCallReadiness(readinessInput(call), now);
}

/**
 * « Publier l'appel »: the draft becomes public (from its publication date while that is ahead),
 * in the journal; the leads of published ideas and open groupements of the other calls are told
 * they may move them to it. All in one transaction, and quickly: their notifications are recorded
 * here and mailed after the response (notification-queue.server.ts, deliverQueuedSoon). Refused
 * while something blocks it (a deadline already past, a calendar out of order).
 */
export async function publishCall(
  db: Db,
  actor: AuditActor,
  callId: string,
  { link, now = new Date() }: { link: (path: string) => string; now?: Date },
): Promise<{ ok: true; told: number } | { ok: false; errors: string[] }> {
  return db.$transaction(async (tx) => {
    const call = await tx.call.findUniqueOrThrow({ where: { id: callId }, select: { ...readinessSelect, draft: true } });
    if (!call.draft) return { ok: false, errors: ["Cet appel est déjà publié."] };
    const refusal = publicationRefusal(checkCallReadiness(readinessInput(call), now));
    if (refusal) return { ok: false, errors: refusal };

    const movable = await tx.idea.findMany({
      where: movableIdeaWhere(callId),
      select: { id: true, title: true, organisationId: true, groupement: { select: { id: true } } },
    });
    // The admins of each idea's structure answer for it (the move page is theirs).
    const admins = await tx.membership.findMany({
      where: { organisationId: { in: [...new Set(movable.map((idea) => idea.organisationId))] }, role: "admin" },
      select: { userId: true, organisationId: true },
    });
    const told = await queueNotifications(
      tx,
      movable.flatMap((idea) =>
        admins
          .filter((admin) => admin.organisationId === idea.organisationId)
          .map((admin) => ({
            userId: admin.userId,
            content: {
              subject: "Un nouvel appel à coopérations est publié — Coopérons",
              body: `Le CCAS a publié « ${call.title} ». Vous pouvez y rattacher votre idée « ${idea.title} »${idea.groupement ? " et son groupement" : ""} : ses sous-axes sont repris quand le nouvel appel a les mêmes, sinon vous les choisirez à nouveau.`,
              link: link(movePath(idea.id)),
            },
          })),
      ),
      now,
    );
    await tx.call.update({
      where: { id: callId },
      data: {
        draft: false,
        publishedAt: publicationInstant(call.events.find((event) => event.kind === "publication")?.startsAt, now),
        notifiedOnPublish: told,
      },
    });
    await audit(
      tx,
      actor,
      "call.publish",
      { type: "call", id: callId },
      `${call.title} — ${plural(told, "personne prévenue", { many: "personnes prévenues", none: "aucune personne prévenue" })}`,
    );
    return { ok: true, told };
  });
}

// --- Laureates entered by the CCAS ---------------------------------------------------------------

/**
 * Replaces the laureates the CCAS entered for a call (projects announced outside the platform), in
 * the order given; only once the call is closed (mayEnterLaureates).
 */
export async function saveCallLaureates(
  db: Db,
  callId: string,
  laureates: CallLaureatesInput,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; error: string }> {
  return db.$transaction(async (tx) => {
    const call = await tx.call.findUniqueOrThrow({ where: { id: callId }, select: { draft: true, deadline: true } });
    if (!mayEnterLaureates(call, now))
      return {
        ok: false,
        error: "Les lauréats d'un appel se saisissent une fois l'appel publié et sa date limite de dépôt passée.",
      };
    await tx.callLaureate.deleteMany({ where: { callId } });
    await tx.callLaureate.createMany({ data: laureates.map((laureate, position) => ({ ...laureate, callId, position })) });
    // The public pages keep what they read of a call until its `updatedAt` moves (call.server.ts).
    await touchCall(tx, callId);
    return { ok: true };
  });
}

// --- Moving an idea to the new call -----------------------------------------------------------

/**
 * Where an idea of another call may move: the call the public sees as current, while it is open
 * or coming (a closed one takes no more projects). Null when there is none.
 */
async function getMoveTargetCall(db: Db | Tx, now = new Date()) {
  const id = await getCurrentCallId(db, now);
  if (!id) return null;
  const call = await db.call.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      title: true,
      shortTitle: true,
      draft: true,
      publishedAt: true,
      deadline: true,
      resultsPublishedAt: true,
      axes: {
        orderBy: { position: "asc" },
        select: { subAxes: { orderBy: { position: "asc" }, select: { code: true, title: true } } },
      },
    },
  });
  return isOpenOrComing(callStatus(call, now)) ? call : null;
}

/**
 * The link to the move page for `userId` on an idea's (or its groupement's) page, or null: only
 * for the admins of the idea's structure (who may move it), while the idea belongs to a call other
 * than the current open or coming one and its groupement is not filed.
 */
export async function getMoveLink(db: Db, userId: string, ideaId: string, now = new Date()) {
  const idea = await db.idea.findUnique({
    where: { id: ideaId },
    select: {
      callId: true,
      call: { select: { shortTitle: true } },
      organisation: { select: { memberships: { where: { userId, role: "admin" }, select: { userId: true } } } },
      groupement: { select: { submittedAt: true } },
    },
  });
  if (!idea || idea.organisation.memberships.length === 0 || idea.groupement?.submittedAt) return null;
  const target = await getMoveTargetCall(db, now);
  if (!target || target.id === idea.callId) return null;
  return {
    href: movePath(ideaId),
    fromTitle: idea.call.shortTitle,
    toTitle: target.shortTitle,
    withGroupement: idea.groupement !== null,
  };
}
export type MoveLink = NonNullable<Awaited<ReturnType<typeof getMoveLink>>>;

/**
 * The ideas `userId` may move to the open or coming call, for « Mon espace »: the movable ones
 * (movableIdeaWhere) of the structures they administer. Null while no call is open or coming.
 */
export async function getMovableIdeas(db: Db, userId: string, now = new Date()) {
  const target = await getMoveTargetCall(db, now);
  if (!target) return null;
  const ideas = await db.idea.findMany({
    where: { ...movableIdeaWhere(target.id), organisation: { memberships: { some: { userId, role: "admin" } } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, title: true, call: { select: { shortTitle: true } }, groupement: { select: { id: true } } },
  });
  return {
    toTitle: target.shortTitle,
    ideas: ideas.map((idea) => ({
      title: idea.title,
      href: movePath(idea.id),
      fromTitle: idea.call.shortTitle,
      withGroupement: idea.groupement !== null,
    })),
  };
}

/** What the move page shows: the idea, its call, the new call, and the sub-axes mapped or dropped. */
export async function getMove(db: Db, ideaId: string) {
  const idea = await db.idea.findUnique({
    where: { id: ideaId },
    select: {
      id: true,
      title: true,
      slug: true,
      organisationId: true,
      callId: true,
      call: { select: { title: true } },
      codes: { where: { kind: "subAxis" }, select: { code: true } },
      groupement: { select: { id: true, title: true, subAxes: true, submittedAt: true } },
    },
  });
  if (!idea) return null;
  const target = await getMoveTargetCall(db);
  if (!target || target.id === idea.callId) return { idea, target: null, kept: [], dropped: [] };
  const targetCodes = target.axes.flatMap((axis) => axis.subAxes.map((subAxis) => subAxis.code));
  const current = [
    ...new Set([...idea.codes.map((code) => code.code), ...(idea.groupement?.subAxes.split(" ").filter(Boolean) ?? [])]),
  ];
  return {
    idea,
    target: {
      id: target.id,
      title: target.title,
      subAxes: subAxisOptions(target.axes),
    },
    kept: current.filter((code) => targetCodes.includes(code)),
    dropped: current.filter((code) => !targetCodes.includes(code)),
  };
}

/**
 * Moves an idea, and its groupement while it is not filed, to `targetCallId` with the sub-axes
 * chosen (codes of the new call). A filed groupement stays with the call it was filed for.
 */
export async function moveIdeaToCall(
  db: Db,
  { ideaId, targetCallId, subAxes }: { ideaId: string; targetCallId: string; subAxes: string[] },
): Promise<{ ok: true } | { ok: false; error: string }> {
  return db.$transaction(async (tx) => {
    const idea = await tx.idea.findUniqueOrThrow({
      where: { id: ideaId },
      select: { callId: true, groupement: { select: { id: true, submittedAt: true } } },
    });
    if (idea.callId === targetCallId) return { ok: false, error: "Cette idée est déjà rattachée à cet appel." };
    if (idea.groupement?.submittedAt)
      return {
        ok: false,
        error: "Le groupement de cette idée a été déposé pour son appel : il ne peut plus changer d'appel.",
      };
    await tx.idea.update({ where: { id: ideaId }, data: { callId: targetCallId } });
    await tx.ideaCode.deleteMany({ where: { ideaId, kind: "subAxis" } });
    await tx.ideaCode.createMany({ data: subAxes.map((code) => ({ ideaId, kind: "subAxis", code })) });
    if (idea.groupement)
      await tx.groupement.update({
        where: { id: idea.groupement.id },
        data: { callId: targetCallId, subAxes: subAxes.join(" ") },
      });
    await queueReindex(tx, "idea", ideaId);
    return { ok: true };
  });
}
