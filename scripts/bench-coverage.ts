// `npm run -s bench:coverage [-- --organisations 50000 --keep --no-analyze]`: times the coverage of the 11 quartiers,
// computed by database aggregates, on a scratch database with that many published organisations
// (5 % acting on the whole city, half of them offering a resource) and 1,000 offers per 5,000 of
// them (a quarter without a quartier); then with several of the search's filters at once. Each is
// timed counted (the kept figures forgotten before each call, as on the first view after a write)
// and kept (figures-cache.server.ts: the calls that follow while nothing is written);
// coverage_p50_ms is the counted one. `--keep` leaves the scratch database in place (its path is printed).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { computeCoverage } from "../app/domain/coverage";
import { KINDS, RESOURCES, SECTORS } from "../app/domain/taxonomy";
import { getCoverageData, type CoverageFilters } from "../app/models/coverage.server";
import { forgetFigures } from "../app/models/figures-cache.server";
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { seed } from "../prisma/seed";
import { migrate, tuneDatabase } from "./lib/prepare";

const index = process.argv.indexOf("--organisations");
const COUNT = index > 0 ? Number(process.argv[index + 1]) : 50_000;
let state = 7;
const random = () => (state = (state * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-coverage-"));
const url = `file:${path.join(scratch, "bench.db")}`;
migrate(parseEnv({ DATABASE_URL: url }));
const db = createPrismaClient(url);
await seed(db, { demo: false });
const quartiers = await db.quartier.findMany({ select: { id: true } });
const subAxes = await db.callSubAxis.findMany({ select: { id: true } });
for (let start = 0; start < COUNT; start += 5000) {
  const rows = Array.from({ length: Math.min(5000, COUNT - start) }, (_unused, offset) => ({
    id: crypto.randomUUID(),
    slug: `bench-${start + offset}`,
    name: `Structure ${start + offset}`,
    shortDescription: "Structure de test",
    description: "",
    sector: pick(SECTORS).code,
    kind: pick(KINDS).code,
    wholeCity: random() < 0.05,
    status: random() < 0.9 ? "published" : "pending",
  }));
  await db.organisation.createMany({ data: rows });
  await db.organisationQuartier.createMany({
    data: rows.flatMap((row) =>
      [...new Set([pick(quartiers).id, pick(quartiers).id])].map((quartierId) => ({ organisationId: row.id, quartierId })),
    ),
  });
  await db.organisationSubAxis.createMany({ data: rows.map((row) => ({ organisationId: row.id, subAxisId: pick(subAxes).id })) });
  await db.organisationResource.createMany({
    data: rows
      .filter(() => random() < 0.5)
      .map((row) => ({ organisationId: row.id, resource: pick(RESOURCES).code, direction: "offers" })),
  });
  await db.offer.createMany({
    data: rows.slice(0, 1000).map((row, offset) => ({
      organisationId: row.id,
      resource: pick(RESOURCES).code,
      title: "Offre",
      description: "",
      availability: "",
      conditions: "free",
      // One offer in four has no quartier: it is where its organisation is active.
      quartierId: offset % 4 === 0 ? null : pick(quartiers).id,
      status: "published",
    })),
  });
}

// The planner's statistics, as the server computes them at start (--no-analyze: without, as before).
if (!process.argv.includes("--no-analyze")) await tuneDatabase(db, parseEnv({ DATABASE_URL: url }), () => {});

/** 15 timed calls after one warm-up; `cold`: the kept figures forgotten before each call (the first view after a write). */
async function time(filters: CoverageFilters, cold: boolean) {
  const call = async () => {
    const { quartiers: rows, supplyOf, wholeCity } = await getCoverageData(db, filters);
    computeCoverage(rows, supplyOf, wholeCity);
  };
  await call();
  const times: number[] = [];
  for (let run = 0; run < 15; run += 1) {
    if (cold) forgetFigures(db);
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length / 2)]!,
    p95: times[Math.floor(times.length * 0.95)]!,
    max: times[times.length - 1]!,
  };
}

const several: CoverageFilters = {
  type: ["organisation", "offer"],
  sector: ["sante", "associatif"],
  resource: ["locaux", "financier"],
};
const all = await time({}, true);
// What /carte and /api/coverage count by default: the platform's and the registers' structures.
const sources = await time({ source: ["plateforme", "registres"] }, true);
const subAxis = await time({ subAxis: ["2.1"] }, true);
const filtered = await time(several, true);
const kept = await time({}, false);
const keptFiltered = await time(several, false);
const load = os.loadavg()[0]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(
  `coverage of 11 quartiers over ${COUNT} organisations, p50 (p95):
  counted (first view after a write): ${ms(all.p50)} (${ms(all.p95)}), both sources (the map's default) ${ms(sources.p50)}, with a sub-axis ${ms(subAxis.p50)}, with two types, two sectors and two resources ${ms(filtered.p50)} (${ms(filtered.p95)})
  kept (nothing written since):       ${ms(kept.p50)} (${ms(kept.p95)}), with the filters above ${ms(keptFiltered.p50)}
  load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
);
await db.$disconnect();
if (process.argv.includes("--keep")) console.log(`database kept: ${path.join(scratch, "bench.db")}`);
else fs.rmSync(scratch, { recursive: true, force: true });
const round = (value: number) => Number(value.toFixed(1));
console.log(
  JSON.stringify({
    organisations: COUNT,
    coverage_p50_ms: round(all.p50),
    coverage_p95_ms: round(all.p95),
    coverage_max_ms: round(all.max),
    coverage_both_sources_p50_ms: round(sources.p50),
    coverage_subaxis_p50_ms: round(subAxis.p50),
    coverage_filters_p50_ms: round(filtered.p50),
    coverage_kept_p50_ms: round(kept.p50),
    coverage_kept_p95_ms: round(kept.p95),
    coverage_kept_filters_p50_ms: round(keptFiltered.p50),
    load_average: round(load),
  }),
);
