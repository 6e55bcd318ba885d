// `npm run -s bench:exports [-- --organisations 50000]`: exports that many fictitious organisations
// (each with a description of several lines, quartiers, sub-axes, resources and a point) as the
// CCAS's CSV and JSON, and prints for each the time, the size, and the peak memory (RSS) of the
// process that exported it. Each export runs in a process of its own, started once the scratch
// database is built, so its peak RSS is the export's alone (Node and Prisma included), next to the
// RSS the same process had before it started.
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
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const started = performance.now();
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
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  await db.$disconnect();
  console.log(JSON.stringify({ format, seconds, bytes, rows, baselineRss, peakRss }));
}

/** Builds the scratch database, then measures each format in a process of its own. */
async function build() {
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

  const mb = (value: number) => `${(value / 1024 / 1024).toFixed(0)} MB`;
  for (const format of ["csv", "json"] as const) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), "--measure", "--database", url, "--format", format],
      { encoding: "utf8" },
    );
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    const result = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
      seconds: number;
      bytes: number;
      rows: number;
      baselineRss: number;
      peakRss: number;
    };
    console.log(
      `${format.toUpperCase()}: ${result.rows.toLocaleString("en")} rows in ${result.seconds.toFixed(1)} s, ${mb(result.bytes)} written, ` +
        `peak RSS ${mb(result.peakRss)} (${mb(result.baselineRss)} before the export, so +${mb(result.peakRss - result.baselineRss)})`,
    );
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}
