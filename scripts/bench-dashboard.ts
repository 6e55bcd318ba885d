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
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createRandom } from "../app/domain/random";
import { getCoverageData } from "../app/models/coverage.server";
import { getDashboard } from "../app/models/dashboard.server";
import { forgetFigures } from "../app/models/figures-cache.server";
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { seed, seedScale } from "../prisma/seed";
import { seedCallActivity } from "./lib/bench-data";
import { migrate } from "./lib/prepare";

const option = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const COUNT = option("organisations", 50_000);
const RUNS = option("runs", 30);
const random = createRandom(20_251_130);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-dashboard-"));
const url = `file:${path.join(scratch, "bench.db")}`;
migrate(parseEnv({ DATABASE_URL: url }));
const db = createPrismaClient(url);
await seed(db, { demo: false });
const generated = performance.now();
const now = Date.now();
const { offers } = await seedScale(db, COUNT);

const {
  ideas: ideaRows,
  interests: interestRows,
  groupements: groupementRows,
} = await seedCallActivity(db, {
  organisations: COUNT,
  now,
  random,
});
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
