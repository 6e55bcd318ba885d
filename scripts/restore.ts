// `npm run -s restore -- DIR`: puts a backup made by `npm run backup` back, into an empty database
// (a missing SQLite file, or one that `npm start` only migrated) with the site stopped. Checks every
// file against the manifest first and refuses, changing nothing, on any difference or when the
// database holds rows. Then the database, the uploads, and the search index rebuilt from them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../app/utils/db.server";
import { databaseKind, displayDatabaseUrl } from "../app/utils/database-url";
import { createMeiliClient } from "../search/client";
import { reindexAll } from "../search/sync";
import {
  databaseContents,
  describeFile,
  DUMP,
  fail,
  libpqConnection,
  MANIFEST,
  postgresProgram,
  sqliteFile,
  startCommand,
  totalRows,
  UPLOADS,
  uploadsRoot,
  type Manifest,
} from "./lib/backup";
import { searchConnection } from "./lib/search-connection";

const { dir: source, env } = startCommand("restore", "DIR: a folder written by npm run backup");
if (!fs.existsSync(path.join(source, MANIFEST))) fail(`${source} holds no ${MANIFEST}: it is not a finished backup.`);
const manifest = JSON.parse(fs.readFileSync(path.join(source, MANIFEST), "utf8")) as Manifest;

const problems: string[] = [];
for (const entry of manifest.files) {
  if (path.isAbsolute(entry.path) || entry.path.split("/").includes("..")) problems.push(`${entry.path}: outside the backup`);
  else if (!fs.existsSync(path.join(source, entry.path))) problems.push(`${entry.path}: missing`);
  else {
    const found = await describeFile(source, entry.path);
    if (found.size !== entry.size || found.sha256 !== entry.sha256) problems.push(`${entry.path}: its checksum does not match`);
  }
}
if (!manifest.files.some((entry) => entry.path === DUMP[manifest.database]))
  problems.push("the database dump: not in the manifest");
if (problems.length > 0) fail(`The backup differs from its manifest; nothing was restored.\n  ${problems.join("\n  ")}`);

const url = env.DATABASE_URL;
const kind = databaseKind(url);
if (manifest.database !== kind) fail(`This backup is of a ${manifest.database} database; DATABASE_URL names a ${kind} one.`);
let present;
try {
  present = await databaseContents(url);
} catch (error) {
  fail(`Cannot read the database ${displayDatabaseUrl(url)}: ${(error as Error).message}`);
}
const filled = Object.entries(present?.tables ?? {}).filter(([, count]) => count > 0);
if (filled.length > 0) {
  const some = filled.slice(0, 5).map(([table, count]) => `${table}: ${count}`);
  fail(
    `The database ${displayDatabaseUrl(url)} already holds data (${some.join(", ")}…); nothing was restored. Restore into an empty database.`,
  );
}
const uploads = uploadsRoot(env);
const files = manifest.files.filter((entry) => entry.path.startsWith(`${UPLOADS}/`));
const destination = (entry: { path: string }) => path.join(uploads, entry.path.slice(UPLOADS.length + 1));
const taken = files.filter((entry) => fs.existsSync(destination(entry))).map(destination);
if (taken.length > 0) fail(`${uploads} already holds files of the backup; nothing was restored:\n  ${taken.join("\n  ")}`);

const dump = path.join(source, DUMP[kind]);
if (kind === "sqlite") {
  const file = sqliteFile(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(dump, `${file}.restoring`);
  for (const leftover of ["-wal", "-shm", "-journal"]) fs.rmSync(`${file}${leftover}`, { force: true });
  fs.renameSync(`${file}.restoring`, file);
} else {
  const pgRestore = postgresProgram("pg_restore");
  if (!pgRestore) {
    fail(
      "pg_restore was not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client), or set PG_BIN to their folder.",
    );
  }
  const { dbname, env: childEnv } = libpqConnection(url);
  const result = spawnSync(
    pgRestore,
    ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${dbname}`, dump],
    {
      encoding: "utf8",
      env: childEnv,
    },
  );
  if (result.status !== 0) fail(`pg_restore failed (the database is as it was): ${result.stderr || result.error?.message}`);
}
const restored = (await databaseContents(url))!;
const differing = Object.keys(manifest.tables).filter((table) => restored.tables[table] !== manifest.tables[table]);
if (differing.length > 0) fail(`The restored database does not hold the manifest's rows in: ${differing.join(", ")}.`);

for (const entry of files) {
  fs.mkdirSync(path.dirname(destination(entry)), { recursive: true });
  fs.copyFileSync(path.join(source, entry.path), destination(entry), fs.constants.COPYFILE_EXCL);
}

const db = createPrismaClient(url);
if (kind === "postgres") {
  // pg_restore leaves the planner without statistics (PostgreSQL keeps none in a dump): until
  // autovacuum gets to each table, every plan would be a guess. PostgreSQL's own advice after a restore.
  // Best effort: the data is restored either way, and autovacuum computes them in time.
  await db.$executeRawUnsafe("ANALYZE").then(
    () => console.log("Planner statistics computed (ANALYZE)."),
    (error: unknown) =>
      console.warn(`ANALYZE failed (${(error as Error).message}): autovacuum will compute the statistics later.`),
  );
}
const connection = await searchConnection(env);
let documents;
try {
  ({ documents } = await reindexAll(db, createMeiliClient({ url: connection.url, apiKey: connection.key, timeoutMs: 60_000 })));
} finally {
  await connection.stop();
  await db.$disconnect();
}

const nonEmpty = Object.entries(restored.tables).filter(([, count]) => count > 0);
console.log(
  `Restored ${displayDatabaseUrl(url)} from the backup of ${manifest.createdAt} (migration ${restored.migration ?? "none"}):`,
);
console.log(`  ${totalRows(restored.tables)} rows: ${nonEmpty.map(([table, count]) => `${table} ${count}`).join(", ")}`);
console.log(`  ${files.length} uploaded files into ${uploads}`);
console.log(`  ${documents} documents in the search index`);
