// `npm run -s bench:recommend [-- --organisations 50000 --runs 300]`: times the partner suggestions
// of ideas (read from the database, scored by the engine with the call's weights) on a scratch
// database of that many fictitious published organisations, with offers (some expired, some
// without a quartier), sub-axes, quartiers and resources offered in their profiles. Prints the
// first reading of the organisations, the p50/p95 of a request, the time to take in one changed
// organisation, and checks a few answers against the engine run on every organisation. Requests are
// timed after one per idea (a running server is warm).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { localDay } from "../app/domain/format";
import { recommendPartners, type RecommendationCandidate } from "../app/domain/recommendation";
import { KINDS, QUARTIERS, RESOURCES, SECTORS } from "../app/domain/taxonomy";
import { getRecommendationWeights } from "../app/models/call.server";
import { getSuggestions, SUGGESTION_LIMIT } from "../app/models/recommendation.server";
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { seed } from "../prisma/seed";
import { migrate } from "./lib/prepare";

const option = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const COUNT = option("organisations", 50_000);
const RUNS = option("runs", 300);
const IDEAS = 20;

let state = 11;
const random = () => (state = (state * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const some = <T>(list: readonly T[], most: number) => [
  ...new Set(Array.from({ length: 1 + Math.floor(random() * most) }, () => pick(list))),
];
const NAME_WORDS = ["Atelier", "Café", "Maison", "Réseau", "Élan", "Entraide", "Voisins", "Trait d'union", "Épicerie", "Lien"];
const PLACES = ["Erdre", "Loire", "Bottière", "Zola", "Chantenay", "Malakoff", "Île", "Breil", "Doulon", "Sèvre"];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-recommend-"));
const url = `file:${path.join(scratch, "bench.db")}`;
migrate(parseEnv({ DATABASE_URL: url }));
const db = createPrismaClient(url);
await seed(db, { demo: false });
const call = await db.call.findFirstOrThrow({ select: { id: true } });
const quartiers = await db.quartier.findMany({ select: { id: true, slug: true } });
const subAxes = await db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { id: true, code: true } });
const DAY = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());

const generated = performance.now();
const ids: string[] = [];
for (let start = 0; start < COUNT; start += 5000) {
  const rows = Array.from({ length: Math.min(5000, COUNT - start) }, (_unused, offset) => ({
    id: crypto.randomUUID(),
    slug: `bench-${start + offset}`,
    name: `${pick(NAME_WORDS)} ${pick(PLACES)} ${start + offset}`,
    shortDescription: "Structure fictive du banc d'essai",
    description: "",
    sector: pick(SECTORS).code,
    kind: pick(KINDS).code,
    wholeCity: random() < 0.05,
    status: random() < 0.9 ? "published" : "pending",
    isDemo: true,
  }));
  ids.push(...rows.map((row) => row.id));
  await db.organisation.createMany({ data: rows });
  await db.organisationQuartier.createMany({
    data: rows.flatMap((row) => some(quartiers, 2).map((quartier) => ({ organisationId: row.id, quartierId: quartier.id }))),
  });
  await db.organisationSubAxis.createMany({
    data: rows.flatMap((row) => some(subAxes, 2).map((subAxis) => ({ organisationId: row.id, subAxisId: subAxis.id }))),
  });
  await db.organisationResource.createMany({
    data: rows
      .filter(() => random() < 0.2)
      .map((row) => ({ organisationId: row.id, resource: pick(RESOURCES).code, direction: "offers" })),
  });
  // Two offers for every five organisations: a quarter without a quartier, a third expired.
  await db.offer.createMany({
    data: rows
      .filter(() => random() < 0.4)
      .map((row) => {
        const validity = random();
        return {
          organisationId: row.id,
          resource: pick(RESOURCES).code,
          title: "Offre",
          description: "",
          availability: "",
          conditions: "free",
          quartierId: random() < 0.25 ? null : pick(quartiers).id,
          validUntil: validity < 0.33 ? new Date(today - 30 * DAY) : validity < 0.66 ? new Date(today + 90 * DAY) : null,
          status: "published",
        };
      }),
  });
}
const ideaIds: string[] = [];
for (let index = 0; index < IDEAS; index += 1) {
  const wholeCity = index % 7 === 0;
  const idea = await db.idea.create({
    data: {
      slug: `idee-${index}`,
      callId: call.id,
      organisationId: ids[index * 7]!,
      title: `Idée ${index}`,
      summary: "",
      description: "",
      targetPublic: "",
      wholeCity,
      status: "published",
      codes: {
        create: [
          ...some(subAxes, 2).map((subAxis) => ({ kind: "subAxis", code: subAxis.code })),
          ...(wholeCity ? [] : some(QUARTIERS, 2).map((quartier) => ({ kind: "quartier", code: quartier.code }))),
          ...some(SECTORS, 2).map((sector) => ({ kind: "sector", code: sector.code })),
          ...some(RESOURCES, 2).map((resource) => ({ kind: "resource", code: resource.code })),
        ],
      },
    },
  });
  ideaIds.push(idea.id);
}
console.log(`${COUNT} organisations generated in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
const generatedAt = Date.now();

const percentile = (times: number[], p: number) =>
  [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor((times.length * p) / 100))]!;

let started = performance.now();
await getSuggestions(db, { type: "idea", ideaId: ideaIds[0]! });
const firstMs = performance.now() - started;

// One request per idea first, as a running server has had: the timed ones are not the compiler's warm-up.
for (const ideaId of ideaIds) await getSuggestions(db, { type: "idea", ideaId });

// Wall time, and this process's CPU time: on a machine shared with other work, the CPU time is
// what the request costs (everything runs on this thread, SQLite included).
const times: number[] = [];
const cpuTimes: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  started = performance.now();
  const cpu = process.cpuUsage();
  await getSuggestions(db, { type: "idea", ideaId: ideaIds[run % ideaIds.length]! });
  const used = process.cpuUsage(cpu);
  times.push(performance.now() - started);
  cpuTimes.push((used.user + used.system) / 1000);
}

// One organisation changes: the next request reads it again, not the 50,000. Until 10 s after the
// last write, a change also reads again the rows written in the 5 s before it (a commit may come
// late) — here the end of the generation, thousands of rows; the steady state is timed: a change
// made once that is over, the second after the first reading.
const settled = generatedAt + 10_500 - Date.now();
if (settled > 0) await new Promise((resolve) => setTimeout(resolve, settled));
await db.organisation.update({ where: { id: ids[1]! }, data: { name: "Aaa changée", sector: "sante" } });
await getSuggestions(db, { type: "idea", ideaId: ideaIds[1]! });
await db.organisation.update({ where: { id: ids[2]! }, data: { name: "Aab changée", sector: "habitat" } });
started = performance.now();
await getSuggestions(db, { type: "idea", ideaId: ideaIds[1]! });
const changeMs = performance.now() - started;

// The same answers as the engine run on every public organisation (checked on a few ideas).
const weights = (await getRecommendationWeights(db, call.id))!;
const codeOf = new Map(subAxes.map((subAxis) => [subAxis.id, subAxis.code]));
const slugOf = new Map(quartiers.map((quartier) => [quartier.id, quartier.slug]));
const organisations = await db.organisation.findMany({
  where: { status: "published" },
  select: {
    id: true,
    name: true,
    sector: true,
    kind: true,
    wholeCity: true,
    quartiers: { select: { quartierId: true } },
    subAxes: { select: { subAxisId: true } },
    resources: { where: { direction: "offers" }, select: { resource: true } },
    offers: {
      where: { status: "published", OR: [{ validUntil: null }, { validUntil: { gte: new Date(today) } }] },
      select: { resource: true, quartierId: true, validUntil: true },
    },
  },
});
const everyone = organisations.map(
  (row) =>
    ({
      id: row.id,
      name: row.name,
      sector: row.sector,
      kind: row.kind,
      territory: { wholeCity: row.wholeCity, quartiers: row.wholeCity ? [] : row.quartiers.map((q) => slugOf.get(q.quartierId)) },
      subAxes: row.subAxes.map((s) => codeOf.get(s.subAxisId)),
      resources: row.resources.map((r) => r.resource),
      offers: row.offers.map((offer) => ({
        resource: offer.resource,
        quartiers: offer.quartierId ? [slugOf.get(offer.quartierId)] : [],
        validUntil: offer.validUntil ? offer.validUntil.toISOString().slice(0, 10) : null,
      })),
    }) as RecommendationCandidate,
);
let same = 0;
for (const ideaId of ideaIds.slice(0, 5)) {
  const suggestions = (await getSuggestions(db, { type: "idea", ideaId }))!;
  const expected = recommendPartners(suggestions.project, everyone, { weights, today: localDay(new Date()) })
    .slice(0, SUGGESTION_LIMIT)
    .map(({ id, score }) => `${id} ${score}`);
  if (JSON.stringify(expected) === JSON.stringify(suggestions.suggestions.map(({ id, score }) => `${id} ${score}`))) same += 1;
}

await db.$disconnect();
fs.rmSync(scratch, { recursive: true, force: true });
const p50 = percentile(times, 50);
const p95 = percentile(times, 95);
const cpuP50 = percentile(cpuTimes, 50);
const cpuP95 = percentile(cpuTimes, 95);
console.log(
  `suggestions for an idea over ${COUNT} organisations: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (CPU time p50 ${cpuP50.toFixed(1)} ms, p95 ${cpuP95.toFixed(1)} ms; ${RUNS} requests, ${IDEAS} ideas); first reading ${firstMs.toFixed(0)} ms; after one organisation changed ${changeMs.toFixed(1)} ms; same as the engine on every organisation for ${same} of 5 ideas; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
);
console.log(
  JSON.stringify({
    organisations: COUNT,
    runs: RUNS,
    p50_ms: Number(p50.toFixed(1)),
    p95_ms: Number(p95.toFixed(1)),
    cpu_p50_ms: Number(cpuP50.toFixed(1)),
    cpu_p95_ms: Number(cpuP95.toFixed(1)),
    first_ms: Math.round(firstMs),
    after_change_ms: Number(changeMs.toFixed(1)),
    same_as_engine: `${same}/5`,
  }),
);
if (same !== 5) process.exit(1);
