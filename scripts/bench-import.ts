// `npm run -s bench:import [-- --rows 1000000] [--keep]`: writes a SIRENE-like StockEtablissement
// file of that many rows (the real columns; 1 % of the rows in Nantes, a third of those in kept
// activities and placed, the rest of the country's mix: closed, partly diffusible, other
// activities), migrates a scratch SQLite database, then imports the file twice, each time in a
// process of its own: the first run creates the profiles, the second finds them all unchanged.
// Prints rows/s and the peak RSS of each run (targets: ≥ 20,000 rows/s, ≤ 300 MB).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { luhnCheckDigit } from "../app/domain/identifiers";
import { createRandom } from "../app/domain/random";
import { SIRENE_COLUMNS } from "../app/domain/registers/sirene";

const option = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1]! : fallback;
};
const TARGET_ROWS_PER_SECOND = 20_000;
const TARGET_RSS_MB = 300;
const IMPORT_NODE_FLAGS = ["--max-old-space-size=160", "--import", "tsx"];

if (process.argv.includes("--measure")) await measure();
else await main();

/** In a child process: one import of the file, RSS sampled as it goes. */
async function measure() {
  const url = option("database", "");
  const file = option("file", "");
  process.env.DATABASE_URL = url;
  const { createPrismaClient } = await import("../app/utils/db.server");
  const { importRegister } = await import("../app/models/register-import.server");
  const db = createPrismaClient(url);
  await db.registerImport.count(); // connected, as a running command is before it reads
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { summary } = await importRegister(db, {
    source: "sirene",
    input: fs.createReadStream(file, { highWaterMark: 1 << 18 }),
    fileName: path.basename(file),
    bytesTotal: fs.statSync(file).size,
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  await db.$disconnect();
  process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds, baselineRss, peakRss, summary })}\n`);
}

/** Writes the file row by row, waiting for the disk: the generator holds no rows either. */
async function writeFile(file: string, rows: number) {
  const random = createRandom(20_000);
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await write(`${SIRENE_COLUMNS.join(",")}\n`);
  const kept = ["86.21Z", "47.73Z", "88.99B", "88.10A", "91.01Z", "85.59A", "94.99Z"];
  const others = ["62.01Z", "68.20A", "56.30Z", "47.11B", "45.20A", "43.21A", "70.22Z", "96.02A"];
  const communes = ["75056", "69123", "13055", "31555", "33063", "35238", "44162", "49007", "59350", "67482"];
  let chunk = "";
  for (let index = 0; index < rows; index += 1) {
    const digits = Array.from({ length: 13 }, (_, position) => (position === 0 ? random.int(1, 9) : random.int(0, 9)));
    const siret = `${digits.join("")}${luhnCheckDigit(digits.join(""))}`;
    const nantes = random.chance(0.01);
    const inKept = nantes && random.chance(0.33);
    const diffusion = random.chance(0.05) ? "P" : "O";
    const state = random.chance(inKept ? 0.1 : 0.45) ? "F" : "A";
    const naf = inKept ? random.pick(kept) : random.pick(others);
    const x = nantes ? (352_500 + random.next() * 6_000).toFixed(1) : (100_000 + random.next() * 1_100_000).toFixed(1);
    const y = nantes ? (6_686_500 + random.next() * 7_000).toFixed(1) : (6_100_000 + random.next() * 1_000_000).toFixed(1);
    const values: Record<string, string> = {
      siren: siret.slice(0, 9),
      nic: siret.slice(9),
      siret,
      statutDiffusionEtablissement: diffusion,
      dateCreationEtablissement: `20${String(random.int(0, 23)).padStart(2, "0")}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
      trancheEffectifsEtablissement: "NN",
      dateDernierTraitementEtablissement: "2024-10-21T09:14:52",
      etablissementSiege: "true",
      nombrePeriodesEtablissement: "1",
      numeroVoieEtablissement: String(random.int(1, 200)),
      typeVoieEtablissement: "RUE",
      libelleVoieEtablissement: `DES ETABLISSEMENTS ${index % 997}`,
      codePostalEtablissement: nantes ? "44000" : "75001",
      libelleCommuneEtablissement: nantes ? "NANTES" : "AILLEURS",
      codeCommuneEtablissement: nantes ? "44109" : random.pick(communes),
      coordonneeLambertAbscisseEtablissement: x,
      coordonneeLambertOrdonneeEtablissement: y,
      dateDebut: "2020-01-01",
      etatAdministratifEtablissement: state,
      enseigne1Etablissement: `ETABLISSEMENT FICTIF ${index}`,
      activitePrincipaleEtablissement: naf,
      nomenclatureActivitePrincipaleEtablissement: "NAFv2",
      caractereEmployeurEtablissement: "N",
    };
    chunk += `${SIRENE_COLUMNS.map((column) => values[column] ?? "").join(",")}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function main() {
  const rows = Number(option("rows", "1000000"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-import-"));
  const file = path.join(dir, "StockEtablissement_bench.csv");
  const url = `file:${path.join(dir, "bench.db")}`;
  try {
    process.stdout.write(`Writing ${rows.toLocaleString("en")} SIRENE-like rows… `);
    let started = performance.now();
    await writeFile(file, rows);
    const megabytes = fs.statSync(file).size / 1024 / 1024;
    process.stdout.write(`${megabytes.toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);

    process.stdout.write("Migrating and seeding a scratch database… ");
    started = performance.now();
    execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: "pipe",
    });
    const { createPrismaClient } = await import("../app/utils/db.server");
    const { seed } = await import("../prisma/seed");
    const db = createPrismaClient(url);
    await seed(db, { demo: false });
    await db.$disconnect();
    process.stdout.write(`${((performance.now() - started) / 1000).toFixed(1)} s.\n`);

    const self = fileURLToPath(import.meta.url);
    let ok = true;
    for (const label of ["first import (creates)", "second import (all unchanged)"]) {
      // The same Node flags as `npm run import:sirene`: V8 is told the import needs a small heap,
      // else it lets garbage pile up to a hundred megabytes more before collecting it.
      const child = spawnSync(process.execPath, [...IMPORT_NODE_FLAGS, self, "--measure", "--database", url, "--file", file], {
        encoding: "utf8",
        maxBuffer: 1 << 24,
      });
      if (child.status !== 0) throw new Error(`The import failed:\n${child.stdout}${child.stderr}`);
      const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as {
        seconds: number;
        cpuSeconds: number;
        baselineRss: number;
        peakRss: number;
        summary: { read: number; kept: number; created: number; unchanged: number; closed: number };
      };
      const rate = result.summary.read / result.seconds;
      const rss = result.peakRss / 1024 / 1024;
      ok &&= rate >= TARGET_ROWS_PER_SECOND && rss <= TARGET_RSS_MB;
      process.stdout.write(
        [
          `${label}: ${result.summary.read.toLocaleString("en")} rows in ${result.seconds.toFixed(1)} s`,
          `  ${Math.round(rate).toLocaleString("en")} rows/s (target ≥ ${TARGET_ROWS_PER_SECOND.toLocaleString("en")})`,
          // On a shared machine the wall clock counts other processes' turns too: the CPU time is this run's own.
          `  ${result.cpuSeconds.toFixed(1)} s of CPU: ${Math.round(result.summary.read / result.cpuSeconds).toLocaleString("en")} rows per CPU second; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
          `  peak RSS ${rss.toFixed(0)} MB (target ≤ ${TARGET_RSS_MB} MB), of which ${(result.baselineRss / 1024 / 1024).toFixed(0)} MB before the first row (Node, tsx, Prisma)`,
          `  kept ${result.summary.kept}, created ${result.summary.created}, unchanged ${result.summary.unchanged}, closed ${result.summary.closed}`,
        ].join("\n") + "\n",
      );
    }
    process.stdout.write(ok ? "Targets met.\n" : "Targets NOT met.\n");
  } finally {
    if (process.argv.includes("--keep")) process.stdout.write(`Kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
