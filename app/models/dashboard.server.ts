// The CCAS dashboard's figures for the current call: grouped counts done by the database, a handful
// of queries run together, never the 50,000 organisations as rows. Where an item is and what is
// public have one owner each, reused here: the coverage model (organisations per quartier, the
// whole city apart, and the weakest quartiers) and app/domain/publication.ts (what is published).
// Whether a groupement passes the call's rules is the workspace panel's own verdict
// (assessGroupement over checkEligibility); groupements are few, so they are read as rows.
import { byRank, computeCoverage, describeWeakest } from "~/domain/coverage";
import { countByWeek, lastWeeks, median, type Week } from "~/domain/dashboard";
import type { Groupement } from "~/domain/groupement";
import { assessGroupement } from "~/domain/groupement-assessment";
import { expiryCutoff, visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import { QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { Prisma } from "~/generated/prisma/client";
import { getCurrentCall } from "~/models/call.server";
import { getCoverageData } from "~/models/coverage.server";
import { getCallParameters, splitCodes } from "~/models/groupement.server";
import type { Db } from "~/utils/db.server";

export type CountRow = { code: string; label: string; count: number };

const sum = (rows: { _count: { _all: number } }[]) => rows.reduce((total, row) => total + row._count._all, 0);

const countOf = <T extends { _count: { _all: number } }>(rows: T[], key: (row: T) => string | null) =>
  new Map(rows.map((row) => [key(row) ?? "", row._count._all]));

/** Every code of a list with its count, in the list's order, zeros included: an empty line says something too. */
function rowsOf(list: readonly { code: string; label: string }[], counts: Map<string, number>): CountRow[] {
  return list.map((item) => ({ code: item.code, label: item.label, count: counts.get(item.code) ?? 0 }));
}

const groupementSelect = {
  id: true,
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
  submittedAt: true,
  members: {
    select: {
      isLead: true,
      status: true,
      role: true,
      resources: true,
      subsidyShare: true,
      commitment: true,
      confirmedAt: true,
      organisation: { select: { name: true, sector: true, kind: true } },
    },
  },
} satisfies Prisma.GroupementSelect;

type GroupementRow = Prisma.GroupementGetPayload<{ select: typeof groupementSelect }>;

/** A groupement row in the domain's terms, as the workspace's panel reads it. */
function toDomainGroupement(row: GroupementRow): Groupement {
  return {
    project: {
      title: row.title,
      subAxes: splitCodes(row.subAxes),
      addressesIsolation: row.addressesIsolation,
      addressesPrecarity: row.addressesPrecarity,
      wholeCity: row.wholeCity,
      quartiers: splitCodes(row.quartiers),
      startDate: row.startDate ?? "",
      durationMonths: row.durationMonths,
      cooperation: row.cooperation,
      cooperationJustification: row.cooperationJustification,
      beneficiaries: row.beneficiaries,
      replicability: row.replicability,
    },
    budget: { operating: row.budgetOperating, participation: row.budgetParticipation, equipment: row.budgetEquipment },
    members: row.members.map((member) => ({
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
    })),
  };
}

export type GroupementStatus = "draft" | "eligible" | "filed";

/**
 * Filed once the lead marked it « déposé »; otherwise eligible when it passes every rule of the
 * call (none fails and none waits for an input: what the workspace calls « Conforme aux règles »),
 * a draft otherwise.
 */
async function getGroupementStatuses(db: Db, callId: string) {
  const [rows, call] = await Promise.all([
    db.groupement.findMany({ where: { callId }, select: groupementSelect }),
    getCallParameters(db, callId),
  ]);
  return rows.map((row) => {
    const status: GroupementStatus = row.submittedAt
      ? "filed"
      : assessGroupement(toDomainGroupement(row), call, []).conforming
        ? "eligible"
        : "draft";
    return {
      status,
      subAxes: splitCodes(row.subAxes),
      quartiers: splitCodes(row.quartiers),
      wholeCity: row.wholeCity,
      submittedAt: row.submittedAt,
    };
  });
}

/** Interests sent to ideas of the call: how many, how many accepted, and the median time to an answer. */
async function getInterestFigures(db: Db, callId: string) {
  const where: Prisma.InterestWhereInput = { idea: { callId } };
  const [byStatus, answered] = await Promise.all([
    db.interest.groupBy({ by: ["status"], where, _count: { _all: true } }),
    // Two dates per answered interest: thousands at most, and a median needs them all.
    db.interest.findMany({ where: { AND: [where, { decidedAt: { not: null } }] }, select: { createdAt: true, decidedAt: true } }),
  ]);
  const counts = countOf(byStatus, (row) => row.status);
  return {
    sent: [...counts.values()].reduce((sum, count) => sum + count, 0),
    accepted: counts.get("accepted") ?? 0,
    declined: counts.get("declined") ?? 0,
    pending: counts.get("pending") ?? 0,
    answered: answered.length,
    medianAnswerMs: median(answered.map((row) => row.decidedAt!.getTime() - row.createdAt.getTime())),
  };
}

/** The SQL form of app/domain/publication.ts's rule (visible*Where); the integration test holds both to the same counts. */
const PUBLISHED = "published";

/**
 * One row of 12 counts: how many rows have `column` in each week. Portable SQL (CASE, SUM, bound
 * dates: SQLite and PostgreSQL alike), one pass over the table, nothing but the counts coming back:
 * reading the dates as rows cost 10 µs each in the client, 50,000 of them for a platform that has
 * just opened.
 */
function weekBuckets(column: string, weeks: readonly Week[]) {
  return Prisma.join(
    weeks.map(
      (week, index) =>
        Prisma.sql`SUM(CASE WHEN ${Prisma.raw(column)} >= ${week.start} AND ${Prisma.raw(column)} < ${week.end} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"w${index}"`)}`,
    ),
  );
}

/** The counts of a weekly row, as numbers (PostgreSQL's SUM is a bigint, and NULL when no row matched). */
function weekCounts(rows: Record<string, unknown>[], weeks: readonly Week[]): number[] {
  const row = rows[0] ?? {};
  return weeks.map((_week, index) => Number(row[`w${index}`] ?? 0));
}

/**
 * The weekly series over the last 12 weeks, what the totals count dated by its first publication,
 * its sending or its filing: organisations and offers published (offers still valid), ideas of the
 * call published, interests sent to them, groupements of the call filed.
 */
async function getWeeklySeries(db: Db, callId: string | null, now: Date) {
  const weeks = lastWeeks(now);
  const since = weeks[0]!.start;
  const until = weeks[weeks.length - 1]!.end;
  type Row = Record<string, unknown>;
  const none: Row[] = [];
  const [organisations, offers, ideas, interests, filed] = await Promise.all([
    db.$queryRaw<Row[]>`SELECT ${weekBuckets(`o."publishedAt"`, weeks)} FROM "Organisation" o
      WHERE o."status" = ${PUBLISHED} AND o."publishedAt" >= ${since} AND o."publishedAt" < ${until}`,
    db.$queryRaw<Row[]>`SELECT ${weekBuckets(`f."publishedAt"`, weeks)} FROM "Offer" f
      JOIN "Organisation" o ON o."id" = f."organisationId"
      WHERE f."status" = ${PUBLISHED} AND o."status" = ${PUBLISHED}
        AND (f."validUntil" IS NULL OR f."validUntil" >= ${expiryCutoff(now)})
        AND f."publishedAt" >= ${since} AND f."publishedAt" < ${until}`,
    callId
      ? db.$queryRaw<Row[]>`SELECT ${weekBuckets(`i."publishedAt"`, weeks)} FROM "Idea" i
          JOIN "Organisation" o ON o."id" = i."organisationId"
          WHERE i."callId" = ${callId} AND i."status" = ${PUBLISHED} AND o."status" = ${PUBLISHED}
            AND i."publishedAt" >= ${since} AND i."publishedAt" < ${until}`
      : none,
    callId
      ? db.$queryRaw<Row[]>`SELECT ${weekBuckets(`x."createdAt"`, weeks)} FROM "Interest" x
          JOIN "Idea" i ON i."id" = x."ideaId"
          WHERE i."callId" = ${callId} AND x."createdAt" >= ${since} AND x."createdAt" < ${until}`
      : none,
    // Groupements are few: their filing dates are read as they are.
    callId
      ? db.groupement.findMany({ where: { callId, submittedAt: { gte: since, lt: until } }, select: { submittedAt: true } })
      : [],
  ]);
  const series = {
    organisations: weekCounts(organisations, weeks),
    offers: weekCounts(offers, weeks),
    ideas: weekCounts(ideas, weeks),
    interests: weekCounts(interests, weeks),
    filed: countByWeek(
      weeks,
      filed.map((row) => row.submittedAt),
    ),
  };
  return weeks.map((week, index) => ({
    monday: week.monday,
    label: week.label,
    current: week.current,
    organisations: series.organisations[index]!,
    offers: series.offers[index]!,
    ideas: series.ideas[index]!,
    interests: series.interests[index]!,
    filed: series.filed[index]!,
  }));
}

export async function getDashboard(db: Db, now = new Date()) {
  const call = await getCurrentCall(db);
  const callId = call?.id ?? null;
  const subAxes = call
    ? call.axes.flatMap((axis) => axis.subAxes.map((subAxis) => ({ code: subAxis.code, label: subAxis.title })))
    : [];
  const offerWhere = visibleOfferWhere(now);
  const ideaWhere: Prisma.IdeaWhereInput = { AND: [visibleIdeaWhere(), { callId: callId ?? "" }] };
  // Every organisation has one sector and every offer one resource: their totals are the sums of
  // these groups (a scan of the wide organisation rows saved each).
  const [bySector, coverage, byResource, ideaTotal, ideasBySubAxis, interests, groupements, weeks] = await Promise.all([
    db.organisation.groupBy({ by: ["sector"], where: visibleOrganisationWhere(), _count: { _all: true } }),
    // Organisations per quartier are the map's (local ones; the whole city apart), and so are the weakest quartiers.
    getCoverageData(db, {}),
    db.offer.groupBy({ by: ["resource"], where: offerWhere, _count: { _all: true } }),
    callId ? db.idea.count({ where: ideaWhere }) : 0,
    callId ? db.ideaCode.groupBy({ by: ["code"], where: { kind: "subAxis", idea: ideaWhere }, _count: { _all: true } }) : [],
    callId ? getInterestFigures(db, callId) : null,
    callId ? getGroupementStatuses(db, callId) : [],
    getWeeklySeries(db, callId, now),
  ]);

  const computed = computeCoverage(coverage.quartiers, coverage.supplyOf, coverage.wholeCity);
  const filed = groupements.filter((groupement) => groupement.status === "filed");
  const countBy = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  };
  return {
    call: call ? { title: call.title, shortTitle: call.shortTitle } : null,
    organisations: {
      total: sum(bySector),
      bySector: rowsOf(
        SECTORS,
        countOf(bySector, (row) => row.sector),
      ),
      byQuartier: coverage.quartiers.map((quartier) => ({
        code: quartier.slug,
        label: quartier.name,
        count: coverage.supplyOf(quartier.slug).organisations,
      })),
      wholeCity: coverage.wholeCity.organisations,
    },
    offers: {
      total: sum(byResource),
      byResource: rowsOf(
        RESOURCES,
        countOf(byResource, (row) => row.resource),
      ),
    },
    ideas: {
      total: ideaTotal,
      bySubAxis: rowsOf(
        subAxes,
        countOf(ideasBySubAxis, (row) => row.code),
      ),
    },
    interests,
    groupements: {
      total: groupements.length,
      draft: groupements.filter((groupement) => groupement.status === "draft").length,
      eligible: groupements.filter((groupement) => groupement.status === "eligible").length,
      filed: filed.length,
      filedBySubAxis: rowsOf(subAxes, countBy(filed.flatMap((groupement) => groupement.subAxes))),
      filedByQuartier: rowsOf(
        QUARTIERS,
        countBy(filed.filter((groupement) => !groupement.wholeCity).flatMap((groupement) => groupement.quartiers)),
      ),
      filedWholeCity: filed.filter((groupement) => groupement.wholeCity).length,
    },
    weakest: {
      quartiers: byRank(computed.rows)
        .slice(0, 3)
        .map((row) => ({ slug: row.slug, name: row.name, coverage: row.coverage, localTotal: row.supply.total })),
      sentence: describeWeakest(computed.rows, "quartiers"),
    },
    weeks,
  };
}

export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
