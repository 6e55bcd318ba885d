// `npm run -s bench:exports [-- --organisations 50000] [--keep | --database file:…]`: exports that
// many fictitious organisations (each with a description of several lines, quartiers, sub-axes,
// resources and a point) as the CCAS's CSV and JSON, and prints for each the time (and CPU time),
// the size, and the peak memory of the process that exported it: RSS and V8's heap. Each export
// runs in a process of its own, started once the scratch database is built, so its peaks are the
// export's alone (Node and Prisma included), next to the RSS the same process had before it
// started. A last CSV run caps V8's heap: an export that held its rows could not finish there.
// `--keep` keeps the scratch database; `--database` measures a kept one again without rebuilding.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const option = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1]! : fallback;
};

const measuring = process.argv.includes("--measure");
const HEAP_LIMIT_MB = 96;

if (measuring) await measure();
else await build();

/** In a child process: one export of the organisations, read to the end as a fast client would. */
async function measure() {
  const url = option("database", "");
  const format = option("format", "csv") as "csv" | "json";
  process.env.DATABASE_URL = url;
  const { createPrismaClient } = await import("../app/utils/db.server");
  const { CCAS_EXPORTS } = await import("../app/models/exports.server");
  const { exportResponse } = await import("../app/utils/export-stream.server");
  const db = createPrismaClient(url);
  await db.organisation.count(); // connected, as a running server is
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeap = process.memoryUsage().heapUsed;
  let peakExternal = process.memoryUsage().external;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakExternal = Math.max(peakExternal, usage.external);
  }, 10);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const response = exportResponse(db, { file: CCAS_EXPORTS[0]!, format }, { now: new Date(), cacheControl: "no-store" });
  const reader = response.body!.getReader();
  let bytes = 0;
  // Records end with CRLF in the CSV (descriptions hold bare LFs); JSON elements with a LF
  // (escaped inside strings).
  const separator = format === "csv" ? 0x0d : 0x0a;
  let separators = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let index = 0; index < value.length; index += 1) if (value[index] === separator) separators += 1;
  }
  // The CSV's header line; the JSON's "[" line and closing "]" line.
  const rows = format === "csv" ? separators - 1 : separators - 2;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  await db.$disconnect();
  console.log(JSON.stringify({ format, seconds, bytes, rows, cpuSeconds, baselineRss, peakRss, peakHeap, peakExternal }));
}

/** The scratch database: the call, the quartiers and COUNT organisations. */
async function generate(): Promise<{ url: string; scratch: string }> {
  const { KINDS, QUARTIERS, RESOURCES, SECTORS } = await import("../app/domain/taxonomy");
  const { createPrismaClient } = await import("../app/utils/db.server");
  const { parseEnv } = await import("../app/utils/env.server");
  const { seed } = await import("../prisma/seed");
  const { migrate } = await import("./lib/prepare");

  const COUNT = Number(option("organisations", "50000"));
  let state = 7;
  const random = () => (state = (state * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const some = <T>(list: readonly T[], most: number) => [
    ...new Set(Array.from({ length: 1 + Math.floor(random() * most) }, () => pick(list))),
  ];
  const PARAGRAPH =
    "Structure fictive du banc d'essai : accueil de jour, visites à domicile, ateliers « cuisine ; partage » et sorties " +
    'le week-end pour les personnes isolées. Nous cherchons des "partenaires" du quartier.';

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-exports-"));
  const url = `file:${path.join(scratch, "bench.db")}`;
  migrate(parseEnv({ DATABASE_URL: url }));
  const db = createPrismaClient(url);
  await seed(db, { demo: false });
  const call = await db.call.findFirstOrThrow({ select: { id: true } });
  const quartiers = await db.quartier.findMany({ select: { id: true } });
  const subAxes = await db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { id: true } });

  const generating = performance.now();
  for (let start = 0; start < COUNT; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, COUNT - start) }, (_unused, offset) => ({
      id: crypto.randomUUID(),
      slug: `bench-${start + offset}`,
      name: `Maison « Élan » ${start + offset}`,
      shortDescription: "Structure fictive du banc d'essai",
      description: `${PARAGRAPH}\n\n${PARAGRAPH}\n\n${PARAGRAPH}`,
      sector: pick(SECTORS).code,
      kind: pick(KINDS).code,
      siret: "12345678900012",
      website: "https://exemple.org",
      publicEmail: "contact@exemple.org",
      address: "1 rue de l'Exemple",
      homeQuartierId: pick(quartiers).id,
      latitude: 47.2 + random() * 0.06,
      longitude: -1.6 + random() * 0.1,
      wholeCity: random() < 0.05,
      status: random() < 0.9 ? "published" : "pending",
      publishedAt: new Date(),
      isDemo: true,
    }));
    await db.organisation.createMany({ data: rows });
    await db.organisationQuartier.createMany({
      data: rows.flatMap((row) => some(quartiers, 2).map((quartier) => ({ organisationId: row.id, quartierId: quartier.id }))),
    });
    await db.organisationSubAxis.createMany({
      data: rows.flatMap((row) => some(subAxes, 2).map((subAxis) => ({ organisationId: row.id, subAxisId: subAxis.id }))),
    });
    await db.organisationResource.createMany({
      data: rows.flatMap((row) =>
        some(RESOURCES, 2).map((resource) => ({ organisationId: row.id, resource: resource.code, direction: "offers" })),
      ),
    });
  }
  await db.$disconnect();
  console.log(
    `${COUNT.toLocaleString("en")} organisations (${QUARTIERS.length} quartiers) written in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
  );
  return { url, scratch };
}

/**
 * Builds the scratch database (or takes one kept by an earlier run: `--database file:…`), then
 * measures each format in a process of its own.
 */
async function build() {
  const given = option("database", "");
  const { url, scratch } = given ? { url: given, scratch: null } : await generate();
  const mb = (value: number) => `${(value / 1024 / 1024).toFixed(0)} MB`;
  // The last run caps V8's heap: an export that kept its rows would fail there; one that streams
  // finishes. (Without a cap, V8 grows its heap lazily, so the RSS says little about what is kept.)
  const runs = [
    { format: "csv", heapLimit: null },
    { format: "json", heapLimit: null },
    { format: "csv", heapLimit: HEAP_LIMIT_MB },
  ] as const;
  for (const { format, heapLimit } of runs) {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        ...(heapLimit ? [`--max-old-space-size=${heapLimit}`] : []),
        fileURLToPath(import.meta.url),
        "--measure",
        "--database",
        url,
        "--format",
        format,
      ],
      { encoding: "utf8" },
    );
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    const result = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
      seconds: number;
      cpuSeconds: number;
      bytes: number;
      rows: number;
      baselineRss: number;
      peakRss: number;
      peakHeap: number;
    };
    console.log(
      `${format.toUpperCase()}${heapLimit ? ` with V8's heap capped at ${heapLimit} MB` : ""}: ` +
        `${result.rows.toLocaleString("en")} rows in ${result.seconds.toFixed(1)} s (CPU ${result.cpuSeconds.toFixed(1)} s), ${mb(result.bytes)} written, ` +
        `peak RSS ${mb(result.peakRss)} (${mb(result.baselineRss)} before the export), peak JS heap ${mb(result.peakHeap)}`,
    );
  }
  if (scratch === null) return;
  if (process.argv.includes("--keep")) console.log(`Database kept (--database ${url} measures it again): ${url}`);
  else fs.rmSync(scratch, { recursive: true, force: true });
}
