// The CCAS dashboard's figures for the current call: grouped counts done by the database, a handful
// of queries run together, never the 50,000 organisations as rows; those over every organisation
// and offer (totals, weeks, quartiers) are kept a short while (figures-cache.server.ts). Where an
// item is and what is public have one owner each, reused here: the coverage model (organisations
// per quartier, the whole city apart, and the weakest quartiers) and app/domain/publication.ts
// (what is published, and its SQL form in visibility-sql.server.ts).
// Whether a groupement passes the call's rules is the workspace panel's own verdict
// (assessGroupement over checkEligibility); groupements are few, so they are read as rows.
import { byRank, computeCoverage, describeWeakest } from "~/domain/coverage";
import { countByWeek, lastWeeks, median, type Week } from "~/domain/dashboard";
import type { Groupement } from "~/domain/groupement";
import { assessGroupement } from "~/domain/groupement-assessment";
import { expiryCutoff, visibleIdeaWhere } from "~/domain/publication";
import { QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { Prisma } from "~/generated/prisma/client";
import { getCurrentCallId } from "~/models/call.server";
import { getCoverageData } from "~/models/coverage.server";
import { keptFigures } from "~/models/figures-cache.server";
import { getCallParameters, splitCodes } from "~/models/groupement.server";
import { toCount, visibleIdeaSql, visibleOfferAloneSql, visibleOrganisationSql } from "~/models/visibility-sql.server";
import type { Db } from "~/utils/db.server";

export type CountRow = { code: string; label: string; count: number };

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
} satisfies Prisma.GroupementSelect;

/** A member with its organisation's name, sector and kind: what the rules read of it. */
type MemberRow = {
  groupementId: string;
  isLead: boolean;
  status: string;
  role: string;
  resources: string;
  subsidyShare: number;
  commitment: string | null;
  confirmedAt: Date | string | null;
  name: string;
  sector: string;
  kind: string;
};

type GroupementRow = Prisma.GroupementGetPayload<{ select: typeof groupementSelect }> & { members: MemberRow[] };

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
      name: member.name,
      sector: member.sector,
      kind: member.kind,
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
  const [rows, members, call] = await Promise.all([
    db.groupement.findMany({ where: { callId }, select: groupementSelect }),
    // Read as plain rows, a third of the time of the client's nested read.
    db.$queryRaw<MemberRow[]>`SELECT m."groupementId", m."isLead", m."status", m."role", m."resources", m."subsidyShare",
        m."commitment", m."confirmedAt", o."name", o."sector", o."kind"
      FROM "GroupementMember" m
      JOIN "Groupement" g ON g."id" = m."groupementId"
      JOIN "Organisation" o ON o."id" = m."organisationId"
      WHERE g."callId" = ${callId}`,
    getCallParameters(db, callId),
  ]);
  const membersOf = new Map<string, MemberRow[]>();
  for (const member of members) {
    const list = membersOf.get(member.groupementId);
    if (list) list.push(member);
    else membersOf.set(member.groupementId, [member]);
  }
  return rows.map((row) => {
    const status: GroupementStatus = row.submittedAt
      ? "filed"
      : assessGroupement(toDomainGroupement({ ...row, members: membersOf.get(row.id) ?? [] }), call, []).conforming
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
    // Two dates per answered interest: thousands at most, and a median needs them all (read as
    // plain rows: half the time of the client's objects).
    db.$queryRaw<{ createdAt: Date | string; decidedAt: Date | string }[]>`SELECT x."createdAt", x."decidedAt"
      FROM "Interest" x JOIN "Idea" i ON i."id" = x."ideaId"
      WHERE i."callId" = ${callId} AND x."decidedAt" IS NOT NULL`,
  ]);
  const counts = countOf(byStatus, (row) => row.status);
  const time = (value: Date | string) => new Date(value).getTime();
  return {
    sent: [...counts.values()].reduce((sum, count) => sum + count, 0),
    accepted: counts.get("accepted") ?? 0,
    declined: counts.get("declined") ?? 0,
    pending: counts.get("pending") ?? 0,
    answered: answered.length,
    medianAnswerMs: median(answered.map((row) => time(row.decidedAt) - time(row.createdAt))),
  };
}

/**
 * 12 counts: how many rows have `column` in each week. Portable SQL (CASE, SUM, bound dates: SQLite
 * and PostgreSQL alike), summed by the database in the same pass as the totals: reading the dates as
 * rows cost 10 µs each in the client, 50,000 of them for a platform that has just opened.
 */
function weekBuckets(column: string, weeks: readonly Week[]) {
  return Prisma.join(
    weeks.map(
      (week, index) =>
        Prisma.sql`SUM(CASE WHEN ${Prisma.raw(column)} >= ${week.start} AND ${Prisma.raw(column)} < ${week.end} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"w${index}"`)}`,
    ),
  );
}

type Row = Record<string, unknown>;

/** The counts of weekly rows, as numbers, summed over the rows (one per group). */
function weekCounts(rows: Row[], weeks: readonly Week[]): number[] {
  return weeks.map((_week, index) => rows.reduce((sum, row) => sum + toCount(row[`w${index}`]), 0));
}

/** Group → count, from rows of `key` and `count`. */
const countsOf = (rows: Row[], key: string) => new Map(rows.map((row) => [String(row[key]), toCount(row.count)]));

const total = (rows: Row[]) => rows.reduce((sum, row) => sum + toCount(row.count), 0);

/**
 * Organisations and offers published (offers still valid) and ideas of the call published, by
 * sector, by resource, and by week of their first publication. The groups count every row; the
 * weeks only those published in the 12 weeks. Both are read from an index (status, sector or
 * resource, publication date: schema.prisma), not from the rows. Kept a short while
 * (figures-cache.server.ts), per call, day (offers expire by the day) and week.
 */
function countPublished(db: Db, callId: string | null, weeks: readonly Week[], now: Date) {
  const key = `dashboard ${callId} ${expiryCutoff(now).toISOString()} ${weeks[0]!.start.toISOString()}`;
  const since = weeks[0]!.start;
  const until = weeks[weeks.length - 1]!.end;
  return keptFigures(db, key, async () => {
    const [organisations, organisationWeeks, offers, offerWeeks, ideas] = await Promise.all([
      db.$queryRaw<Row[]>`SELECT o."sector" AS "sector", COUNT(*) AS "count"
        FROM "Organisation" o WHERE ${visibleOrganisationSql("o")} GROUP BY o."sector"`,
      db.$queryRaw<Row[]>`SELECT ${weekBuckets(`o."publishedAt"`, weeks)} FROM "Organisation" o
        WHERE ${visibleOrganisationSql("o")} AND o."publishedAt" >= ${since} AND o."publishedAt" < ${until}`,
      db.$queryRaw<Row[]>`SELECT f."resource" AS "resource", COUNT(*) AS "count"
        FROM "Offer" f WHERE ${visibleOfferAloneSql(now, "f")} GROUP BY f."resource"`,
      db.$queryRaw<Row[]>`SELECT ${weekBuckets(`f."publishedAt"`, weeks)} FROM "Offer" f
        WHERE ${visibleOfferAloneSql(now, "f")} AND f."publishedAt" >= ${since} AND f."publishedAt" < ${until}`,
      callId
        ? db.$queryRaw<Row[]>`SELECT COUNT(*) AS "count", ${weekBuckets(`i."publishedAt"`, weeks)}
            FROM "Idea" i JOIN "Organisation" o ON o."id" = i."organisationId"
            WHERE i."callId" = ${callId} AND ${visibleIdeaSql("i", "o")}`
        : [],
    ]);
    return { organisations, organisationWeeks, offers, offerWeeks, ideas };
  });
}

/**
 * The totals and their weekly series over the last 12 weeks: what the totals count, dated by its
 * first publication, its sending or its filing — organisations and offers published (offers still
 * valid), ideas of the call published, interests sent to them, groupements of the call filed.
 */
async function getTotals(db: Db, callId: string | null, now: Date) {
  const weeks = lastWeeks(now);
  const since = weeks[0]!.start;
  const until = weeks[weeks.length - 1]!.end;
  const none: Row[] = [];
  const [{ organisations, organisationWeeks, offers, offerWeeks, ideas }, interests, filed] = await Promise.all([
    countPublished(db, callId, weeks, now),
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
    organisations: weekCounts(organisationWeeks, weeks),
    offers: weekCounts(offerWeeks, weeks),
    ideas: weekCounts(ideas, weeks),
    interests: weekCounts(interests, weeks),
    filed: countByWeek(
      weeks,
      filed.map((row) => row.submittedAt),
    ),
  };
  return {
    organisations: { total: total(organisations), bySector: countsOf(organisations, "sector") },
    offers: { total: total(offers), byResource: countsOf(offers, "resource") },
    ideas: { total: total(ideas) },
    weeks: weeks.map((week, index) => ({
      monday: week.monday,
      label: week.label,
      current: week.current,
      organisations: series.organisations[index]!,
      offers: series.offers[index]!,
      ideas: series.ideas[index]!,
      interests: series.interests[index]!,
      filed: series.filed[index]!,
    })),
  };
}

/** The current call (call.server.ts picks it), with what the dashboard shows of it: its titles and sub-axes. */
async function getDashboardCall(db: Db, now: Date, chosenId?: string) {
  const id = chosenId ?? (await getCurrentCallId(db, now));
  if (!id) return null;
  return db.call.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      shortTitle: true,
      axes: {
        orderBy: { position: "asc" },
        select: { subAxes: { orderBy: { position: "asc" }, select: { code: true, title: true } } },
      },
    },
  });
}

/** The figures of the call `callId` (by default the current one), and the platform's. */
export async function getDashboard(db: Db, now = new Date(), callId?: string) {
  const call = await getDashboardCall(db, now, callId);
  const shownId = call?.id ?? null;
  const subAxes = call
    ? call.axes.flatMap((axis) => axis.subAxes.map((subAxis) => ({ code: subAxis.code, label: subAxis.title })))
    : [];
  const ideaWhere: Prisma.IdeaWhereInput = { AND: [visibleIdeaWhere(), { callId: shownId ?? "" }] };
  // Every organisation has one sector and every offer one resource: their totals are the sums of
  // these groups, counted in the pass that counts their weeks.
  const [totals, coverage, ideasBySubAxis, interests, groupements] = await Promise.all([
    getTotals(db, shownId, now),
    // Organisations per quartier are the map's (local ones; the whole city apart), and so are the weakest quartiers.
    getCoverageData(db, {}, now),
    shownId ? db.ideaCode.groupBy({ by: ["code"], where: { kind: "subAxis", idea: ideaWhere }, _count: { _all: true } }) : [],
    shownId ? getInterestFigures(db, shownId) : null,
    shownId ? getGroupementStatuses(db, shownId) : [],
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
      total: totals.organisations.total,
      bySector: rowsOf(SECTORS, totals.organisations.bySector),
      byQuartier: coverage.quartiers.map((quartier) => ({
        code: quartier.slug,
        label: quartier.name,
        count: coverage.supplyOf(quartier.slug).organisations,
      })),
      wholeCity: coverage.wholeCity.organisations,
    },
    offers: {
      total: totals.offers.total,
      byResource: rowsOf(RESOURCES, totals.offers.byResource),
    },
    ideas: {
      total: totals.ideas.total,
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
    weeks: totals.weeks,
  };
}

export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
