import {
  laureatesArePublic,
  orderPublicCalls,
  pickCurrentCall,
  pickLastClosedCall,
  publicCallStatus,
} from "~/domain/call-status";
import { subAxisOptions } from "~/domain/call";
import type { RecommendationWeights } from "~/domain/recommendation";
import { Prisma } from "~/generated/prisma/client";
import { readNow } from "~/utils/read-aside.server";
import type { Db, Tx } from "~/utils/db.server";
import { toDate } from "./visibility-sql.server";

/**
 * What presenting a call reads (the home page, and the CCAS's preview of a draft through
 * getCallForEdition, which adds what its forms need): one select, so that the preview shows what
 * the public will see.
 */
export const callPresentationSelect = {
  id: true,
  slug: true,
  title: true,
  shortTitle: true,
  summary: true,
  organiser: true,
  audience: true,
  publishedAt: true,
  deadline: true,
  resultsPublishedAt: true,
  yearlyEnvelope: true,
  minLaureates: true,
  maxLaureates: true,
  durationMonths: true,
  fundingYears: true,
  latestStart: true,
  latestStartLabel: true,
  fundingNote: true,
  minMembers: true,
  axes: {
    orderBy: { position: "asc" },
    select: {
      code: true,
      title: true,
      summary: true,
      subAxes: { orderBy: { position: "asc" }, select: { code: true, title: true, summary: true } },
    },
  },
  events: {
    orderBy: [{ startsAt: "asc" }, { position: "asc" }],
    select: { kind: true, title: true, startsAt: true, endsAt: true, precision: true, whenText: true },
  },
  prerequisites: { orderBy: { position: "asc" }, select: { text: true } },
  expenseCategories: { orderBy: { position: "asc" }, select: { code: true, label: true, description: true } },
  documents: { orderBy: { position: "asc" }, select: { label: true, description: true, perMember: true } },
  faqs: { orderBy: { position: "asc" }, select: { question: true, answer: true } },
} as const satisfies Prisma.CallSelect;

/** What picking the current call reads of each call (app/domain/call-status.ts decides). */
export const callTimesSelect = {
  id: true,
  draft: true,
  publishedAt: true,
  deadline: true,
  resultsPublishedAt: true,
  createdAt: true,
} as const satisfies Prisma.CallSelect;

/** Drafts are the CCAS's own: every public lookup of a call goes through this filter. */
export const publicCallWhere = { draft: false } as const satisfies Prisma.CallWhereInput;

/**
 * The id of the call the public sees as current at `now`: open, else the next coming, else the
 * last closed; never a draft. There are a handful of calls, so all are read and the domain picks.
 */
export async function getCurrentCallId(db: Db | Tx, now = new Date()): Promise<string | null> {
  return (await getCurrentCallMark(db, now))?.id ?? null;
}

/** Whether this is the database client itself rather than a transaction's. */
const isClient = (db: Db | Tx): db is Db => "$transaction" in db;

type PublicCallTimes = {
  id: string;
  draft: boolean;
  publishedAt: Date | null;
  deadline: Date;
  resultsPublishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}[];

/**
 * The public calls' times (callTimesSelect and `updatedAt`), read on nearly every request: one raw
 * statement (portable SQL), where Prisma's findMany cost some three times its CPU.
 * tests/integration/calls-public.test.ts holds it to the Prisma read.
 */
export async function readPublicCallTimes(db: Db | Tx): Promise<PublicCallTimes> {
  type Row = {
    id: string;
    publishedAt: Date | string | null;
    deadline: Date | string;
    resultsPublishedAt: Date | string | null;
    createdAt: Date | string;
    updatedAt: Date | string;
  };
  const rows = await readNow<Row>(
    db,
    Prisma.sql`SELECT c."id", c."publishedAt", c."deadline", c."resultsPublishedAt", c."createdAt", c."updatedAt"
    FROM "Call" c WHERE NOT c."draft"`,
  );
  return rows.map((row) => ({
    id: row.id,
    draft: false,
    publishedAt: row.publishedAt === null ? null : toDate(row.publishedAt),
    deadline: toDate(row.deadline),
    resultsPublishedAt: row.resultsPublishedAt === null ? null : toDate(row.resultsPublishedAt),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  }));
}

/** The read of the public calls' times in progress, per database: the layout's and the page's loaders share it. */
const callTimesInFlight = new WeakMap<Db, Promise<PublicCallTimes>>();

/** The public calls' times, read once for the loaders that ask at the same time (afresh in a transaction). */
function publicCallTimes(db: Db | Tx): Promise<PublicCallTimes> {
  if (!isClient(db)) return readPublicCallTimes(db);
  let calls = callTimesInFlight.get(db);
  if (!calls) {
    calls = readPublicCallTimes(db).finally(() => {
      callTimesInFlight.delete(db);
    });
    callTimesInFlight.set(db, calls);
  }
  return calls;
}

/** The current call at `now` (see getCurrentCallId) and its last write, or null. */
async function getCurrentCallMark(db: Db | Tx, now: Date): Promise<CallMark | null> {
  return pickCurrentCall(await publicCallTimes(db), now);
}

type KeptRead = { mark: string; value: Promise<unknown> };
type CallMark = PublicCallTimes[number];
const keptCallReads = new WeakMap<Db, Map<string, KeptRead>>();

/**
 * What the pages read of a public call on every view — the layout's axes, the sub-axes of the
 * forms and filters, the home page's presentation and laureates: some ten statements a page —
 * kept per database while its `updatedAt` has not moved (every edit of the call or of its parts
 * moves it: call-edition.server.ts; publishing its results too). `call` is its row as
 * publicCallTimes just read it. In a transaction, read afresh.
 */
function keptReadOfCall<T>(db: Db | Tx, call: CallMark, key: string, read: (callId: string) => Promise<T>) {
  if (!isClient(db)) return read(call.id);
  let kept = keptCallReads.get(db);
  if (!kept) keptCallReads.set(db, (kept = new Map()));
  // Its dates too: a write that would leave `updatedAt` as it was still changes the mark.
  const mark = [call.id, call.updatedAt, call.publishedAt, call.deadline, call.resultsPublishedAt]
    .map((value) => (value instanceof Date ? value.getTime() : String(value)))
    .join(":");
  const entryKey = `${key}:${call.id}`;
  const entry = kept.get(entryKey);
  if (entry?.mark === mark) return entry.value as Promise<T>;
  const value = read(call.id);
  const fresh = { mark, value };
  kept.set(entryKey, fresh);
  // A failed read is not kept.
  value.catch(() => {
    if (kept.get(entryKey) === fresh) kept.delete(entryKey);
  });
  return value;
}

/** keptReadOfCall for the current call at `now`; null when there is none. */
async function keptCallRead<T>(db: Db | Tx, key: string, now: Date, read: (callId: string) => Promise<T>): Promise<T | null> {
  const call = await getCurrentCallMark(db, now);
  if (!call) return null;
  return keptReadOfCall(db, call, key, read);
}

export async function getCurrentCall(db: Db, now = new Date()) {
  const call = await keptCallRead(db, "presentation", now, (id) =>
    db.call.findUnique({ where: { id }, select: callPresentationSelect }),
  );
  return call && { ...call, status: publicCallStatus(call, now) };
}

/**
 * The public calls with their status at `now`, the current one first, then by publication date
 * (latest first): what /api/calls answers. Drafts never.
 */
export async function getPublicCalls(db: Db, now = new Date()) {
  const calls = await db.call.findMany({
    where: publicCallWhere,
    select: {
      ...callTimesSelect,
      slug: true,
      title: true,
      yearlyEnvelope: true,
      axes: {
        orderBy: { position: "asc" },
        select: { subAxes: { orderBy: { position: "asc" }, select: { code: true, title: true } } },
      },
    },
  });
  return orderPublicCalls(calls, now).map((call) => ({ ...call, status: publicCallStatus(call, now) }));
}

/**
 * The call closed most recently, other than the current one: the home page shows it as closed
 * under the open or coming call, with its laureates once its results are published.
 */
export async function getLastClosedCall(db: Db, now = new Date()) {
  const calls = await publicCallTimes(db);
  const previous = pickLastClosedCall(calls, now, pickCurrentCall(calls, now));
  if (!previous) return null;
  const call = await keptReadOfCall(db, previous, "summary", (id) =>
    db.call.findUnique({
      where: { id },
      select: {
        id: true,
        slug: true,
        title: true,
        shortTitle: true,
        publishedAt: true,
        deadline: true,
        resultsPublishedAt: true,
      },
    }),
  );
  return call && { ...call, status: publicCallStatus(call, now) };
}

/**
 * The home page's laureates: the current call's and the last closed one's (see getLastClosedCall),
 * from the same read of the calls' times as the rest of the page.
 */
export async function getHomeLaureates(db: Db, now = new Date()) {
  const calls = await publicCallTimes(db);
  const current = pickCurrentCall(calls, now);
  const previous = pickLastClosedCall(calls, now, current);
  const [currentLaureates, previousLaureates] = await Promise.all([
    current ? laureatesOf(db, current, now) : [],
    previous ? laureatesOf(db, previous, now) : [],
  ]);
  return { current: currentLaureates, previous: previousLaureates };
}

/**
 * The projects a call retained, as the home page lists them: the groupements decided « retenu » on
 * the platform once the results are published (before, nothing: decisions stay private until the
 * CCAS publishes them), then those the CCAS entered as announced outside the platform, once the
 * call is closed (domain/call-status.ts, laureatesArePublic). Title, structures (lead first), sub-axes.
 */
async function laureatesOf(db: Db, times: CallMark, now: Date) {
  const shown = laureatesArePublic(times, now);
  if (!shown.decisions && !shown.entered) return [];
  const callId = times.id;
  const call = await keptReadOfCall(db, times, "laureates", (id) =>
    db.call.findFirst({
      where: { ...publicCallWhere, id },
      select: {
        axes: {
          orderBy: { position: "asc" },
          select: { subAxes: { orderBy: { position: "asc" }, select: { code: true, title: true } } },
        },
        laureates: { orderBy: { position: "asc" }, select: { id: true, title: true, leadName: true, subAxisCode: true } },
      },
    }),
  );
  if (!call) return [];
  const subAxes = new Map(call.axes.flatMap((axis) => axis.subAxes).map((subAxis) => [subAxis.code, subAxis.title]));
  const subAxis = (code: string) => ({ code, label: subAxes.get(code) ?? code });
  const groupements = shown.decisions
    ? await db.groupement.findMany({
        where: { callId, decision: "retenu" },
        orderBy: { title: "asc" },
        select: {
          id: true,
          title: true,
          subAxes: true,
          members: {
            where: { status: "active" },
            orderBy: [{ isLead: "desc" }, { organisation: { name: "asc" } }],
            select: { isLead: true, organisation: { select: { name: true } } },
          },
        },
      })
    : [];
  return [
    ...groupements.map((groupement) => ({
      id: groupement.id,
      title: groupement.title,
      members: groupement.members.map((member) => ({ name: member.organisation.name, isLead: member.isLead })),
      subAxes: groupement.subAxes.split(" ").filter(Boolean).map(subAxis),
    })),
    ...(shown.entered ? call.laureates : []).map((laureate) => ({
      id: laureate.id,
      title: laureate.title,
      members: [{ name: laureate.leadName, isLead: true }],
      subAxes: [subAxis(laureate.subAxisCode)],
    })),
  ];
}

export type CallOverview = NonNullable<Awaited<ReturnType<typeof getCurrentCall>>>;

export async function getAxis(db: Db, callId: string, code: string) {
  return db.callAxis.findUnique({
    where: { callId_code: { callId, code } },
    select: {
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
  });
}

export async function getPastLaureates(db: Db, callId: string) {
  return db.pastLaureate.findMany({
    where: { callId },
    orderBy: [{ year: "desc" }, { position: "asc" }],
    select: { year: true, theme: true, title: true, summary: true, carriers: true },
  });
}

/** What the layout needs on every page: the current call's axes and the years of past laureates. */
export async function getCallNavigation(db: Db, now = new Date()) {
  const call = await keptCallRead(db, "navigation", now, (id) =>
    db.call.findFirst({
      where: { ...publicCallWhere, id },
      select: {
        axes: { orderBy: { position: "asc" }, select: { code: true } },
        pastLaureates: { distinct: ["year"], orderBy: { year: "desc" }, select: { year: true } },
      },
    }),
  );
  return {
    axes: call?.axes.map((axis) => axis.code) ?? [],
    laureateYears: call?.pastLaureates.map((laureate) => laureate.year) ?? [],
  };
}

/** The current call's id and its sub-axes as form options. */
export async function getCurrentCallSubAxes(db: Db | Tx, now = new Date()) {
  const call = await keptCallRead(db, "subAxes", now, (id) =>
    db.call.findFirst({
      where: { ...publicCallWhere, id },
      select: {
        id: true,
        axes: {
          orderBy: { position: "asc" },
          select: { subAxes: { orderBy: { position: "asc" }, select: { code: true, title: true } } },
        },
      },
    }),
  );
  if (!call) throw new Response("Aucun appel n'est publié", { status: 503 });
  return {
    callId: call.id,
    subAxes: subAxisOptions(call.axes),
  };
}

/** Every sub-axis code of every call: what stored forms (pending changes) are read back against. */
export async function getKnownSubAxisCodes(db: Db | Tx): Promise<string[]> {
  // DISTINCT in the database: Prisma's `distinct` read every row and sorted them out in JavaScript.
  const rows = await readNow<{ code: string }>(db, Prisma.sql`SELECT DISTINCT s."code" FROM "CallSubAxis" s`);
  return rows.map((row) => row.code);
}

/**
 * The Call columns holding a call's recommendation weights. The seed writes them from the call's
 * data file and getRecommendationWeights reads them back: the one place that knows the columns.
 */
export function recommendationWeightColumns(weights: RecommendationWeights) {
  return {
    recommendFixesSectors: weights.fixesSectors,
    recommendNewSector: weights.newSector,
    recommendSoughtSector: weights.soughtSector,
    recommendOffersResource: weights.offersResource,
    recommendOffersResourceMax: weights.offersResourceMax,
    recommendSameQuartier: weights.sameQuartier,
    recommendWholeCity: weights.wholeCity,
    recommendSameSubAxis: weights.sameSubAxis,
    recommendSameSubAxisMax: weights.sameSubAxisMax,
    recommendEconomicWorld: weights.economicWorld,
  } satisfies Prisma.CallUpdateInput;
}

/** The weights a call gives each recommendation reason, or null when there is no such call. */
export async function getRecommendationWeights(db: Db | Tx, callId: string): Promise<RecommendationWeights | null> {
  const row = await db.call.findUnique({
    where: { id: callId },
    select: {
      recommendFixesSectors: true,
      recommendNewSector: true,
      recommendSoughtSector: true,
      recommendOffersResource: true,
      recommendOffersResourceMax: true,
      recommendSameQuartier: true,
      recommendWholeCity: true,
      recommendSameSubAxis: true,
      recommendSameSubAxisMax: true,
      recommendEconomicWorld: true,
    },
  });
  if (!row) return null;
  return {
    fixesSectors: row.recommendFixesSectors,
    newSector: row.recommendNewSector,
    soughtSector: row.recommendSoughtSector,
    offersResource: row.recommendOffersResource,
    offersResourceMax: row.recommendOffersResourceMax,
    sameQuartier: row.recommendSameQuartier,
    wholeCity: row.recommendWholeCity,
    sameSubAxis: row.recommendSameSubAxis,
    sameSubAxisMax: row.recommendSameSubAxisMax,
    economicWorld: row.recommendEconomicWorld,
  };
}
