// The CCAS's editions of a call (/ccas/appels): list, copy into a draft, edit each part, publish,
// and moving an idea (with its groupement) to the newly published call. Each write is one
// transaction; creating and publishing a call are written to the audit journal.
import { callStatus, instantToParisLocal, parisLocalToInstant } from "~/domain/call-status";
import type { CallAxesInput, CallEventsInput } from "~/domain/schemas/call-edition";
import type { RecommendationWeights } from "~/domain/recommendation";
import { audit, type AuditActor } from "~/models/audit.server";
import { getRecommendationWeights, recommendationWeightColumns } from "~/models/call.server";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import { queueReindex } from "~/models/publication.server";
import type { Db, Tx } from "~/utils/db.server";
import type { Mail } from "~/utils/mail.server";

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
      _count: { select: { ideas: true, groupements: true } },
    },
  });
  return calls.map((call) => ({ ...call, status: callStatus(call, now) }));
}

export async function getCallForEdition(db: Db, slug: string) {
  const call = await db.call.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      shortTitle: true,
      summary: true,
      organiser: true,
      audience: true,
      draft: true,
      publishedAt: true,
      deadline: true,
      resultsPublishedAt: true,
      copiedFromId: true,
      yearlyEnvelope: true,
      minLaureates: true,
      maxLaureates: true,
      durationMonths: true,
      fundingYears: true,
      latestStart: true,
      latestStartLabel: true,
      fundingNote: true,
      minMembers: true,
      createdAt: true,
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
      events: {
        orderBy: [{ startsAt: "asc" }, { position: "asc" }],
        select: { kind: true, title: true, startsAt: true, endsAt: true, precision: true, whenText: true },
      },
      expenseCategories: { orderBy: { position: "asc" }, select: { code: true, label: true, description: true } },
      documents: { orderBy: { position: "asc" }, select: { label: true, description: true, perMember: true } },
      prerequisites: { orderBy: { position: "asc" }, select: { text: true } },
      faqs: { orderBy: { position: "asc" }, select: { question: true, answer: true } },
      criteria: { orderBy: { position: "asc" }, select: { code: true, label: true, description: true, maxScore: true } },
      pastLaureates: {
        orderBy: [{ year: "desc" }, { position: "asc" }],
        select: { year: true, theme: true, title: true, summary: true, carriers: true },
      },
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
 * recommendation weights). Its title says it is a copy until the CCAS renames it.
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

export async function updateCallGeneral(
  db: Db,
  callId: string,
  value: { title: string; shortTitle: string; summary: string; organiser: string; audience: string },
) {
  await db.call.update({ where: { id: callId }, data: value });
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

/** Calendar: the deadline event is the call's deadline; a published call's publication date follows its event. */
export async function saveCallEvents(db: Db, callId: string, events: CallEventsInput) {
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
  await db.$transaction(async (tx) => {
    const call = await tx.call.findUniqueOrThrow({ where: { id: callId }, select: { draft: true } });
    await tx.callEvent.deleteMany({ where: { callId } });
    await tx.callEvent.createMany({ data: rows });
    await tx.call.update({
      where: { id: callId },
      data: { deadline: deadline.startsAt, ...(!call.draft && publication ? { publishedAt: publication.startsAt } : {}) },
    });
  });
}

export type ListPart = "expenseCategories" | "documents" | "prerequisites" | "faqs" | "criteria";

/** Replaces one of the call's simple lists as a whole, in the order given. */
export async function replaceCallList(
  db: Db,
  callId: string,
  part: ListPart,
  items: readonly Record<string, string | number | boolean>[],
) {
  const data = items.map((item, position) => ({ ...item, callId, position }));
  await db.$transaction(async (tx) => {
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
  });
}

// --- Axes and sub-axes, with the guard on codes in use ------------------------------------------

const USES_SHOWN = 10;

/** What uses a sub-axis code of a call: ideas, groupements and organisations, by title. */
export async function usesOfSubAxis(db: Db | Tx, callId: string, subAxis: { id: string; code: string }) {
  const [ideas, groupements, organisations] = await Promise.all([
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
  ]);
  return [
    ...ideas.map((idea) => `l'idée « ${idea.title} »`),
    ...groupements
      .filter((groupement) => groupement.subAxes.split(" ").includes(subAxis.code))
      .map((groupement) => `le groupement « ${groupement.title} »`),
    ...organisations.map((row) => `la structure « ${row.organisation.name} »`),
  ];
}

function usesMessage(code: string, change: "supprimé" | "recodé", uses: string[]) {
  const shown = uses.slice(0, USES_SHOWN).join(", ");
  const more = uses.length > USES_SHOWN ? ` et ${uses.length - USES_SHOWN} autre(s)` : "";
  const verb = change === "supprimé" ? "ne peut pas être supprimé" : "ne peut pas changer de code";
  return `Le sous-axe ${code} ${verb} : cet appel est publié et ${uses.length} élément(s) l'utilisent — ${shown}${more}.`;
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
    return { ok: true };
  });
}

// --- Publication ------------------------------------------------------------------------------

type Send = (mail: Mail) => Promise<void>;

/** The link a lead follows to move an idea (and its groupement) to the newly published call. */
export const movePath = (ideaId: string) => `/espace/changer-d-appel/${ideaId}`;

/**
 * « Publier l'appel »: the draft becomes public (from its publication date when it has one), in the
 * journal; then the leads of published ideas and open groupements of the other calls are told
 * they may move them to it.
 */
export async function publishCall(
  db: Db,
  actor: AuditActor,
  callId: string,
  { send, link }: { send: Send; link: (path: string) => string },
): Promise<{ ok: true; told: number } | { ok: false; error: string }> {
  const published = await db.$transaction(async (tx) => {
    const call = await tx.call.findUniqueOrThrow({
      where: { id: callId },
      select: {
        draft: true,
        title: true,
        events: { where: { kind: "publication" }, select: { startsAt: true } },
        axes: { select: { _count: { select: { subAxes: true } } } },
      },
    });
    if (!call.draft) return { ok: false as const, error: "Cet appel est déjà publié." };
    if (call.axes.every((axis) => axis._count.subAxes === 0))
      return { ok: false as const, error: "Un appel sans sous-axe ne peut pas être publié : ajoutez-en au moins un." };
    const publishedAt = call.events[0]?.startsAt ?? new Date();
    await tx.call.update({ where: { id: callId }, data: { draft: false, publishedAt } });
    await audit(tx, actor, "call.publish", { type: "call", id: callId }, call.title);
    return { ok: true as const, title: call.title };
  });
  if (!published.ok) return published;

  const ideas = await db.idea.findMany({
    where: {
      callId: { not: callId },
      OR: [{ status: "published" }, { groupement: { is: { submittedAt: null } } }],
    },
    select: { id: true, title: true, organisationId: true, groupement: { select: { submittedAt: true } } },
  });
  let told = 0;
  for (const idea of ideas) {
    if (idea.groupement?.submittedAt) continue;
    const admins = await adminIdsOf(db, idea.organisationId);
    await notifyUsers(
      db,
      admins,
      {
        subject: "Un nouvel appel à coopérations est publié — Coopérons",
        body: `Le CCAS a publié « ${published.title} ». Vous pouvez y rattacher votre idée « ${idea.title} »${idea.groupement ? " et son groupement" : ""} : ses sous-axes sont repris quand le nouvel appel a les mêmes, sinon vous les choisirez à nouveau.`,
        link: link(movePath(idea.id)),
      },
      send,
    );
    told += admins.length;
  }
  return { ok: true, told };
}

// --- Moving an idea to the new call -----------------------------------------------------------

/** The most recently published call: where an idea of an earlier call may move. */
async function newestPublishedCall(db: Db | Tx) {
  return db.call.findFirst({
    where: { draft: false },
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    select: {
      id: true,
      title: true,
      publishedAt: true,
      axes: {
        orderBy: { position: "asc" },
        select: { subAxes: { orderBy: { position: "asc" }, select: { code: true, title: true } } },
      },
    },
  });
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
  const target = await newestPublishedCall(db);
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
      subAxes: target.axes.flatMap((axis) =>
        axis.subAxes.map((subAxis) => ({ code: subAxis.code, label: `${subAxis.code} — ${subAxis.title}` })),
      ),
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
