// What `npm run backup` and `npm run restore` share: the manifest, the uploads folder, row counts
// read from either database, and PostgreSQL's client programs (pg_dump, pg_restore).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, type DatabaseKind } from "../../app/utils/database-url";
import { EnvError, parseEnv, type Env } from "../../app/utils/env.server";
import { findPostgresBin } from "./local-postgres";

let command = "backup";

/** Stops the command with a message, exit code 1. */
export function fail(message: string): never {
  console.error(`[${command}] ${message}`);
  process.exit(1);
}

/** The command's folder argument (else its usage, exit 2) and the environment (else what is wrong). */
export function startCommand(name: "backup" | "restore", usage: string): { dir: string; env: Env } {
  command = name;
  if (!process.argv[2]) {
    console.error(`Usage: npm run -s ${name} -- DIR   (${usage})`);
    process.exit(2);
  }
  try {
    return { dir: path.resolve(process.argv[2]), env: parseEnv(process.env) };
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

export type FileEntry = { path: string; size: number; sha256: string };

export type Manifest = {
  createdAt: string;
  database: DatabaseKind;
  /** The latest migration applied to the backed-up database. */
  migration: string | null;
  /** Rows per table, Prisma's own _prisma_migrations left out. */
  tables: Record<string, number>;
  /** The database dump first, then every upload, with paths relative to the backup folder. */
  files: FileEntry[];
};

export type Contents = Pick<Manifest, "migration" | "tables">;

export const MANIFEST = "manifest.json";
export const DUMP = { sqlite: "database.sqlite", postgres: "database.pgdump" } as const;
export const UPLOADS = "uploads";

/** Where the site keeps logos and documents, as app/utils/uploads.server.ts resolves it. */
export const uploadsRoot = (env: Env) => path.resolve(env.UPLOADS_DIR ?? path.join(env.DATA_DIR, "uploads"));

/** The SQLite file a file:… DATABASE_URL names, as scripts/lib/prepare.ts reads it. */
export const sqliteFile = (url: string) => path.resolve(url.replace(/^file:/, ""));

/** Every file below a folder, as paths relative to it with forward slashes, sorted. */
export function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

export async function describeFile(dir: string, relative: string): Promise<FileEntry> {
  const hash = crypto.createHash("sha256");
  let size = 0;
  for await (const chunk of fs.createReadStream(path.join(dir, relative)) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { path: relative, size, sha256: hash.digest("hex") };
}

const LATEST_MIGRATION =
  "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1";
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const sorted = (tables: Record<string, number>) =>
  Object.fromEntries(Object.entries(tables).sort(([a], [b]) => a.localeCompare(b)));

export function sqliteContents(db: Database.Database): Contents {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  const tables: Record<string, number> = {};
  for (const name of names.filter((table) => table !== "_prisma_migrations")) {
    tables[name] = db
      .prepare(`SELECT COUNT(*) FROM ${quote(name)}`)
      .pluck()
      .get() as number;
  }
  const migration = names.includes("_prisma_migrations") ? (db.prepare(LATEST_MIGRATION).pluck().get() as string) : null;
  return { migration: migration ?? null, tables: sorted(tables) };
}

export async function postgresContents(client: pg.Client): Promise<Contents> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
  );
  const names = rows.map((row) => row.name);
  const tables: Record<string, number> = {};
  for (const name of names.filter((table) => table !== "_prisma_migrations")) {
    tables[name] = (await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${quote(name)}`)).rows[0]!.n;
  }
  const migration = names.includes("_prisma_migrations")
    ? ((await client.query<{ migration_name: string }>(LATEST_MIGRATION)).rows[0]?.migration_name ?? null)
    : null;
  return { migration, tables: sorted(tables) };
}

export async function withPostgres<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** What a DATABASE_URL's database holds; null for a SQLite file that does not exist. */
export async function databaseContents(url: string): Promise<Contents | null> {
  if (isPostgresUrl(url)) return withPostgres(url, postgresContents);
  if (!fs.existsSync(sqliteFile(url))) return null;
  const db = new Database(sqliteFile(url), { readonly: true, fileMustExist: true });
  try {
    return sqliteContents(db);
  } finally {
    db.close();
  }
}

export const totalRows = (tables: Record<string, number>) => Object.values(tables).reduce((sum, count) => sum + count, 0);

/**
 * A PostgreSQL client program (pg_dump, pg_restore) where local-postgres.ts finds the server's
 * (PG_BIN, Debian's folder, the PATH), or the bare name for the PATH; null when it is nowhere.
 */
export function postgresProgram(name: string): string | null {
  const dir = findPostgresBin();
  if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  const onPath = (process.env.PATH ?? "").split(path.delimiter).find((entry) => entry && fs.existsSync(path.join(entry, name)));
  return onPath ? path.join(onPath, name) : null;
}

/**
 * How a libpq program is given DATABASE_URL: the URL without its password (which `ps` would show
 * to every user of the machine), the password in PGPASSWORD.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env = { ...process.env };
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env };
}
