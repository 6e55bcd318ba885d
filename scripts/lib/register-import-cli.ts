// The shared body of `npm run -s import:rna -- FILE` and `import:sirene -- FILE`: options, a
// progress line on a terminal (stderr), the summary, and with --json the contract's last line.
import fs from "node:fs";
import path from "node:path";
import { REJECTION_REASONS } from "../../app/domain/registers/reasons";
import { REGISTER_LABELS, type RegisterSource } from "../../app/domain/registers/facts";
import type { CsvEncoding } from "../../app/domain/registers/read-csv";
import {
  importRegister,
  RegisterImportError,
  type ImportProgress,
  type ImportSummary,
} from "../../app/models/register-import.server";
import { createPrismaClientFromEnv } from "../../app/utils/db.server";
import { displayDatabaseUrl } from "../../app/utils/database-url";
import { EnvError, parseEnv } from "../../app/utils/env.server";

const ENCODINGS: CsvEncoding[] = ["auto", "utf-8", "windows-1252"];

function usage(source: RegisterSource) {
  return [
    `Usage : npm run -s import:${source} -- FICHIER [--json] [--encoding auto|utf-8|windows-1252] [--keep-missing]`,
    `  Importe ${REGISTER_LABELS[source]} dans la base de DATABASE_URL (par défaut celle de npm start).`,
    "  --json          dernière ligne sur stdout : {read, kept, created, updated, unchanged, closed, rejected}",
    "  --encoding      encodage du fichier (auto : UTF-8, sinon Windows-1252)",
    "  --keep-missing  ne ferme pas les structures absentes du fichier (pour un extrait)",
  ].join("\n");
}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const formatNumber = (value: number) => value.toLocaleString("fr-FR");

/** The summary for a person: the counts, then each reason with its words. */
export function formatSummary(source: RegisterSource, summary: ImportSummary, seconds: number): string {
  const rejected = REJECTION_REASONS.filter((reason) => summary.rejected[reason.code]).map(
    (reason) => `  ${formatNumber(summary.rejected[reason.code]!).padStart(10)}  ${reason.code} : ${reason.label}`,
  );
  return [
    `${REGISTER_LABELS[source]} : ${formatNumber(summary.read)} lignes lues en ${seconds.toFixed(1)} s.`,
    `  retenues ${formatNumber(summary.kept)} (créées ${formatNumber(summary.created)}, mises à jour ${formatNumber(summary.updated)}, inchangées ${formatNumber(summary.unchanged)})`,
    `  fermées ${formatNumber(summary.closed)} (dissoutes, fermées, plus diffusibles ou absentes du fichier)`,
    `  écartées ${formatNumber(Object.values(summary.rejected).reduce((total, count) => total + (count ?? 0), 0))}${rejected.length ? " :" : ""}`,
    ...rejected,
    ...(summary.kept === 0
      ? ["  Aucune structure retenue : celles déjà importées n'ont pas été fermées (un fichier d'un autre département ?)."]
      : []),
  ].join("\n");
}

function progressLine(progress: ImportProgress, started: number) {
  const seconds = (Date.now() - started) / 1000;
  const share = progress.bytesTotal ? Math.min(1, progress.bytesRead / progress.bytesTotal) : null;
  const width = 24;
  const bar =
    share === null ? "" : `[${"#".repeat(Math.round(share * width)).padEnd(width)}] ${(share * 100).toFixed(0).padStart(3)} % `;
  const rate = seconds > 0 ? Math.round(progress.read / seconds) : 0;
  return `\r${bar}${formatNumber(progress.read)} lignes, ${formatNumber(progress.kept)} retenues, ${formatNumber(rate)} lignes/s `;
}

export async function runRegisterImport(source: RegisterSource, argv: string[]) {
  let file: string | undefined;
  let json = false;
  let encoding: CsvEncoding = "auto";
  let closeMissing = true;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === "--json") json = true;
    else if (arg === "--keep-missing") closeMissing = false;
    else if (arg === "--encoding" || arg.startsWith("--encoding=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[(index += 1)];
      if (!ENCODINGS.includes(value as CsvEncoding)) fail(`--encoding : ${ENCODINGS.join(", ")}\n${usage(source)}`, 2);
      encoding = value as CsvEncoding;
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${usage(source)}\n`);
      process.exit(0);
    } else if (arg.startsWith("-")) fail(`Option inconnue : ${arg}\n${usage(source)}`, 2);
    else if (file) fail(`Un seul fichier à la fois.\n${usage(source)}`, 2);
    else file = arg;
  }
  if (!file) fail(usage(source), 2);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    fail(`${file} : illisible (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 2);
  }

  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message, 2);
    throw error;
  }
  const db = createPrismaClientFromEnv(env);
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let shown = 0;
  const input = fs.createReadStream(file, { highWaterMark: 1 << 18 });
  // Ctrl-C stops the reading: the run is recorded as failed and its lock released at once (left
  // held, the next import would wait ten minutes for it to go stale).
  let interrupted = false;
  // Stopped before the import reads it (its lock taken, the call's data still being read), the
  // stream keeps the error for the first read instead of throwing it out of the process (exit 1,
  // the lock left held).
  input.on("error", () => {});
  const interrupt = () => {
    interrupted = true;
    input.destroy(new RegisterImportError("Import interrompu : rien n'a été fermé ; relancez-le pour le reprendre."));
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  try {
    const { summary } = await importRegister(db, {
      source,
      input,
      fileName: path.basename(file),
      bytesTotal: size,
      encoding,
      closeMissing,
      onProgress: (progress) => {
        // A terminal gets a progress line redrawn at most 5 times a second; a pipe gets nothing.
        if (!tty || Date.now() - shown < 200) return;
        shown = Date.now();
        process.stderr.write(progressLine(progress, started));
      },
    });
    if (tty) process.stderr.write("\r\x1b[K");
    const text = formatSummary(source, summary, (Date.now() - started) / 1000);
    if (json) {
      process.stderr.write(`${text}\n`);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else process.stdout.write(`${text}\n`);
  } catch (error) {
    if (tty) process.stderr.write("\n");
    if (interrupted) fail((error as Error).message, 130);
    if (error instanceof RegisterImportError) fail(error.message, 1);
    if ((error as { code?: string }).code === "P2021") {
      fail(
        `La base ${displayDatabaseUrl(env.DATABASE_URL)} n'est pas préparée : lancez npm start une fois (il la crée et la migre).`,
        1,
      );
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}
