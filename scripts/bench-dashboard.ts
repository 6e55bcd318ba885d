// `npm run -s bench:dashboard [-- --organisations 50000 --runs 30 --keep]`: times the CCAS
// dashboard's data (getDashboard, what /ccas's loader returns) on a scratch database of that many
// fictitious published organisations drawn like the demo's (`seedScale`: offers for about half of
// them, some expired, published over the last 700 days), with ideas, interests and groupements in
// the proportions of a lively call: one idea per 25 organisations, three interests per idea (most
// answered), a groupement for one idea in seven, a fifth of them filed. The weekly series count in the
// database whatever the dates, so how many fall in the 12 weeks hardly matters. Times `runs` calls
// after one warm-up, twice: counted (the kept figures forgotten before each call, as on the first
// view after a write) and kept (figures-cache.server.ts: the views that follow while nothing is
// written); prints the p50/p95 of each, the load average, and one JSON line (p50_ms and p95_ms are
// the counted ones). `--keep` leaves the scratch database in place (its path is printed).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createRandom } from "../app/domain/random";
import { QUARTIERS, RESOURCES, SECTORS } from "../app/domain/taxonomy";
import { Prisma } from "../app/generated/prisma/client";
import { getCoverageData } from "../app/models/coverage.server";
import { getDashboard } from "../app/models/dashboard.server";
import { forgetFigures } from "../app/models/figures-cache.server";
import { createPrismaClient, type Db } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { seed, seedScale } from "../prisma/seed";
import { migrate } from "./lib/prepare";

const option = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const COUNT = option("organisations", 50_000);
const RUNS = option("runs", 30);
const DAY = 86_400_000;
const random = createRandom(20_251_130);

/** Multi-row INSERTs through the client and its driver adapter (dates stored as Prisma stores them). */
async function insertRows(db: Db, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.floor(8000 / columns.length);
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES `);
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows
      .slice(start, start + perStatement)
      .map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column] ?? null))})`);
    await db.$executeRaw`${head}${Prisma.join(values)}`;
  }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-dashboard-"));
const url = `file:${path.join(scratch, "bench.db")}`;
migrate(parseEnv({ DATABASE_URL: url }));
const db = createPrismaClient(url);
await seed(db, { demo: false });
const generated = performance.now();
const now = Date.now();
const { offers } = await seedScale(db, COUNT);

const call = await db.call.findFirstOrThrow({ orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }], select: { id: true } });
const subAxes = (await db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { code: true } })).map(
  (row) => row.code,
);
const organisations = await db.organisation.findMany({
  where: { status: "published" },
  select: { id: true, sector: true, kind: true },
});
const ageDays = () => random.int(0, 200);

// Ideas: one per 25 organisations, each with its sub-axes, quartiers, sought sectors and resources.
const ideaRows = Array.from({ length: Math.floor(COUNT / 25) }, (_unused, index) => {
  const publishedAt = new Date(now - ageDays() * DAY - random.int(0, 23) * 3_600_000);
  const wholeCity = random.chance(0.1);
  return {
    id: crypto.randomUUID(),
    slug: `idee-bench-${index}`,
    callId: call.id,
    organisationId: random.pick(organisations).id,
    title: `Idée ${index}`,
    summary: "Idée fictive du banc d'essai",
    description: "",
    targetPublic: "",
    wholeCity,
    addressesIsolation: true,
    addressesPrecarity: true,
    stage: "looking-for-partners",
    status: random.chance(0.85) ? "published" : "pending",
    publishedAt,
    createdAt: publishedAt,
    updatedAt: publishedAt,
  };
});
await insertRows(db, "Idea", ideaRows);
const distinct = <T>(items: T[]) => [...new Set(items)];
await insertRows(
  db,
  "IdeaCode",
  ideaRows.flatMap((idea) => [
    ...distinct([random.pick(subAxes), random.pick(subAxes)]).map((code) => ({ ideaId: idea.id, kind: "subAxis", code })),
    ...(idea.wholeCity ? [] : distinct([random.pick(QUARTIERS).code, random.pick(QUARTIERS).code])).map((code) => ({
      ideaId: idea.id,
      kind: "quartier",
      code,
    })),
    { ideaId: idea.id, kind: "sector", code: random.pick(SECTORS).code },
    { ideaId: idea.id, kind: "resource", code: random.pick(RESOURCES).code },
  ]),
);

// Interests: three per idea, three in four answered within a few days.
const interestRows = ideaRows.flatMap((idea) =>
  Array.from({ length: 3 }, () => {
    const createdAt = new Date(idea.publishedAt.getTime() + random.int(1, 20) * 3_600_000);
    const answered = random.chance(0.75);
    return {
      id: crypto.randomUUID(),
      ideaId: idea.id,
      organisationId: random.pick(organisations).id,
      message: "Intérêt fictif",
      resources: random.pick(RESOURCES).code,
      status: answered ? (random.chance(0.6) ? "accepted" : "declined") : "pending",
      decidedAt: answered ? new Date(createdAt.getTime() + random.int(1, 240) * 3_600_000) : null,
      createdAt,
    };
  }),
);
await insertRows(db, "Interest", interestRows);

// Groupements: one idea in seven, a fifth of them filed; two to four members from different sectors.
const groupementRows = ideaRows
  .filter(() => random.chance(1 / 7))
  .map((idea, index) => {
    const filed = random.chance(0.2);
    const quartiers = idea.wholeCity ? [] : distinct([random.pick(QUARTIERS).code, random.pick(QUARTIERS).code]);
    return {
      id: crypto.randomUUID(),
      ideaId: idea.id,
      callId: call.id,
      title: `Groupement ${index}`,
      subAxes: distinct([random.pick(subAxes), random.pick(subAxes)]).join(" "),
      addressesIsolation: true,
      addressesPrecarity: true,
      wholeCity: idea.wholeCity,
      quartiers: quartiers.join(" "),
      startDate: "2026-03-01",
      cooperation: "new",
      beneficiaries: random.int(20, 300),
      budgetOperating: 60_000,
      budgetParticipation: 30_000,
      budgetEquipment: random.chance(0.7) ? 10_000 : 0,
      submittedAt: filed ? new Date(now - random.int(0, 80) * DAY) : null,
      createdAt: idea.publishedAt,
      updatedAt: idea.publishedAt,
      lead: idea.organisationId,
    };
  });
await insertRows(
  db,
  "Groupement",
  groupementRows.map(({ lead: _lead, ...row }) => row),
);
await insertRows(
  db,
  "GroupementMember",
  groupementRows.flatMap((groupement) => {
    const others = distinct(Array.from({ length: random.int(1, 3) }, () => random.pick(organisations).id)).filter(
      (id) => id !== groupement.lead,
    );
    const members = [groupement.lead, ...others];
    const share = Math.floor(
      (groupement.budgetOperating + groupement.budgetParticipation + groupement.budgetEquipment) / members.length,
    );
    return members.map((organisationId, index) => ({
      groupementId: groupement.id,
      organisationId,
      isLead: index === 0,
      status: "active",
      resources: random.pick(RESOURCES).code,
      subsidyShare: share,
      commitment: random.chance(0.8) ? "convention" : null,
      createdAt: groupement.createdAt,
    }));
  }),
);
const generatedS = (performance.now() - generated) / 1000;

const percentile = (times: number[], p: number) =>
  [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor((times.length * p) / 100))]!;

/** `runs` timed calls (wall and CPU), after one warm-up; `cold`: the kept figures forgotten before each call. */
async function timeRuns(runs: number, cold: boolean, call: () => Promise<unknown>) {
  await call();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    if (cold) forgetFigures(db);
    const started = performance.now();
    const cpu = process.cpuUsage();
    await call();
    const used = process.cpuUsage(cpu);
    times.push(performance.now() - started);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), cpu: percentile(cpuTimes, 50) };
}

forgetFigures(db);
const first = await getDashboard(db);
// Counted: the first view after a write (every figure counted again).
const cold = await timeRuns(RUNS, true, () => getDashboard(db));
// Kept: the views that follow while nothing is written (figures-cache.server.ts).
const kept = await timeRuns(RUNS, false, () => getDashboard(db));
// The coverage model's share (the map's own aggregates, reused for the quartiers and the weakest ones).
const coverageRuns = Math.max(5, Math.floor(RUNS / 2));
const coverageCold = await timeRuns(coverageRuns, true, () => getCoverageData(db, {}));
const coverageKept = await timeRuns(coverageRuns, false, () => getCoverageData(db, {}));
await db.$disconnect();
if (process.argv.includes("--keep")) console.log(`database kept: ${path.join(scratch, "bench.db")}`);
else fs.rmSync(scratch, { recursive: true, force: true });

const load = os.loadavg()[0]!;
const inWindow = first.weeks.reduce((sum, week) => sum + week.organisations, 0);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(
  `dashboard over ${COUNT} organisations (${offers} offers, ${ideaRows.length} ideas, ${interestRows.length} interests, ${groupementRows.length} groupements; generated in ${generatedS.toFixed(0)} s), ${RUNS} runs after one warm-up each:
  counted (first view after a write): p50 ${ms(cold.p50)}, p95 ${ms(cold.p95)} (CPU p50 ${ms(cold.cpu)}); the coverage model alone p50 ${ms(coverageCold.p50)}
  kept (nothing written since):       p50 ${ms(kept.p50)}, p95 ${ms(kept.p95)} (CPU p50 ${ms(kept.cpu)}); the coverage model alone p50 ${ms(coverageKept.p50)}
  it shows ${first.organisations.total} organisations published, ${inWindow} of them in the 12 weeks, ${first.groupements.filed} groupements filed, ${first.groupements.eligible} eligible; load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
);
const round = (value: number) => Number(value.toFixed(1));
console.log(
  JSON.stringify({
    organisations: COUNT,
    runs: RUNS,
    p50_ms: round(cold.p50),
    p95_ms: round(cold.p95),
    cpu_p50_ms: round(cold.cpu),
    kept_p50_ms: round(kept.p50),
    kept_p95_ms: round(kept.p95),
    coverage_p50_ms: round(coverageCold.p50),
    coverage_kept_p50_ms: round(coverageKept.p50),
    load_average: round(load),
  }),
);
