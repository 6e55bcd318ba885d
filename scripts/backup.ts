// `npm run -s backup -- DIR`: a consistent backup of the site into DIR, a new or empty folder: the
// database (SQLite's online backup, or pg_dump in the snapshot the row counts are read in), then
// the uploads (the app writes a file before the row naming it, so every file the dump names is
// there), then manifest.json, written last: a folder without one is not a finished backup.
// For a nightly scheduler, with the service's environment: README, « Schedules ».
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseKind, displayDatabaseUrl } from "../app/utils/database-url";
import {
  databaseContents,
  describeFile,
  DUMP,
  fail,
  libpqConnection,
  listFiles,
  MANIFEST,
  postgresContents,
  postgresProgram,
  sqliteFile,
  startCommand,
  totalRows,
  UPLOADS,
  uploadsRoot,
  withPostgres,
  type Contents,
  type Manifest,
} from "./lib/backup";

const { dir: target, env } = startCommand("backup", "DIR: a new or empty folder");
if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) {
  fail(`${target} is not empty: a backup goes into a new or empty folder.`);
}
const kind = databaseKind(env.DATABASE_URL);
if (kind === "sqlite" && !fs.existsSync(sqliteFile(env.DATABASE_URL))) {
  fail(`There is no database at ${sqliteFile(env.DATABASE_URL)} (DATABASE_URL).`);
}
// The backup holds password hashes and private documents: readable by its owner only — its folder
// and every file written in it, pg_dump's too (it inherits the mask), so that a copy keeps them so.
process.umask(0o077);
try {
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  fs.chmodSync(target, 0o700);
} catch (error) {
  fail(
    `${target} cannot be made this account's own, readable by it only (${(error as NodeJS.ErrnoException).code}): choose a folder it may create or owns.`,
  );
}

const createdAt = new Date().toISOString();
const dump = path.join(target, DUMP[kind]);
let contents: Contents;
if (kind === "sqlite") {
  const db = new Database(sqliteFile(env.DATABASE_URL), { readonly: true, fileMustExist: true });
  try {
    await db.backup(dump);
  } finally {
    db.close();
  }
  contents = (await databaseContents(`file:${dump}`))!;
} else {
  const pgDump = postgresProgram("pg_dump");
  if (!pgDump) {
    fail(
      "pg_dump was not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client), or set PG_BIN to their folder.",
    );
  }
  contents = await withPostgres(env.DATABASE_URL, async (client) => {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snapshot = (await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]!.id;
    const counted = await postgresContents(client);
    const { dbname, env: childEnv } = libpqConnection(env.DATABASE_URL);
    const result = spawnSync(pgDump, ["--format=custom", `--snapshot=${snapshot}`, `--file=${dump}`, `--dbname=${dbname}`], {
      encoding: "utf8",
      env: childEnv,
    });
    await client.query("COMMIT");
    if (result.status !== 0) fail(`pg_dump failed: ${result.stderr || result.error?.message}`);
    return counted;
  });
}

const uploads = uploadsRoot(env);
const uploaded = listFiles(uploads);
for (const name of uploaded) {
  const copy = path.join(target, UPLOADS, name);
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(path.join(uploads, name), copy);
  // A copy keeps its source's mode (an upload brought by hand, a volume's own): the owner's only here.
  fs.chmodSync(copy, 0o600);
}

const files = [];
for (const relative of [DUMP[kind], ...uploaded.map((name) => `${UPLOADS}/${name}`)])
  files.push(await describeFile(target, relative));
const manifest: Manifest = { createdAt, database: kind, ...contents, files };
fs.writeFileSync(path.join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
const megabytes = (files.reduce((sum, file) => sum + file.size, 0) / 1e6).toFixed(1);
console.log(
  `Backed up ${displayDatabaseUrl(env.DATABASE_URL)} into ${target}: ${totalRows(contents.tables)} rows in ` +
    `${Object.keys(contents.tables).length} tables (migration ${contents.migration ?? "none"}), ` +
    `${uploaded.length} uploaded files from ${uploads}; ${megabytes} MB in all.`,
);
