// What `npm start` and `npm run dev` do before serving: migrate, start search, seed an empty
// database. Each step says what it does; none of them is skipped silently.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import Database from "better-sqlite3";
import path from "node:path";
import { displayDatabaseUrl, isPostgresUrl } from "../../app/utils/database-url";
import { createPrismaClientFromEnv, type Db } from "../../app/utils/db.server";
import type { Env } from "../../app/utils/env.server";
import { isEmpty, seed } from "../../prisma/seed";
import { startLocalMeili, type LocalMeili } from "./local-meili";
import { migrationsIn } from "./postgres-schema";

const bin = (name: string) => path.resolve("node_modules", ".bin", name);

const APPLIED = "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

/** The message of the error a child process ended on (Node prints the stack, its first line names it). */
const errorLine = (stderr: string) => /^\w*Error: (.+)$/m.exec(stderr)?.[1] ?? (stderr.trim().split("\n")[0] || "error");

/**
 * The migrations a PostgreSQL database records as applied ([] without Prisma's table), or why it
 * could not be asked (no server, refused, no answer in 15 s). Asked by a short child process (pg is
 * asynchronous; this check is not): a fraction of a second, where the Prisma CLI takes several.
 */
function appliedOnPostgres(url: string): string[] | { unreachable: string } {
  const code = `import pg from "pg";
const client = new pg.Client({ connectionString: process.env.CHECK_URL, connectionTimeoutMillis: 5000 });
await client.connect();
try { console.log(JSON.stringify((await client.query(${JSON.stringify(APPLIED)})).rows.map((row) => row.migration_name))); }
catch (error) { if (error.code !== "42P01") throw error; console.log("[]"); }
finally { await client.end(); }`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    env: { ...process.env, CHECK_URL: url },
    timeout: 15_000,
  });
  if (result.status !== 0) return { unreachable: result.error ? "no answer in 15 s" : errorLine(result.stderr) };
  try {
    return JSON.parse(result.stdout) as string[];
  } catch {
    return { unreachable: "unreadable answer" };
  }
}

/**
 * True when every migration folder is recorded as applied in the database (prisma/migrations for
 * a SQLite file, prisma/migrations-postgres for PostgreSQL). Lets a warm start skip the Prisma CLI
 * (about a second on SQLite, several on PostgreSQL); anything unexpected answers false and the CLI
 * decides.
 */
export function migrationsUpToDate(env: Env): boolean {
  return migrationState(env) === "up-to-date";
}

/** Whether the database has every migration; if not, whether it could not be reached at all (and why). */
function migrationState(env: Env): "up-to-date" | "behind" | { unreachable: string } {
  if (isPostgresUrl(env.DATABASE_URL)) {
    const applied = appliedOnPostgres(env.DATABASE_URL);
    if (!Array.isArray(applied)) return applied;
    return migrationsIn(path.join("prisma", "migrations-postgres")).every((name) => applied.includes(name))
      ? "up-to-date"
      : "behind";
  }
  const file = path.resolve(env.DATABASE_URL.replace(/^file:/, ""));
  if (!fs.existsSync(file)) return "behind";
  const expected = migrationsIn(path.join("prisma", "migrations"));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(APPLIED).all() as { migration_name: string }[];
    const applied = new Set(rows.map((row) => row.migration_name));
    return expected.every((name) => applied.has(name)) ? "up-to-date" : "behind";
  } catch {
    return "behind";
  } finally {
    db.close();
  }
}

/**
 * The site's database, for a command run beside the site (user:grant-ccas, notify:digest,
 * alerts:run, data:purge). None yet, or one that lacks migrations: the command ends (exit code 1)
 * saying what to do, where it created an empty SQLite file and failed on Prisma's « table does not
 * exist ».
 */
export function siteDatabaseOrExit(env: Env): Db {
  const state = migrationState(env);
  if (typeof state === "object") {
    console.error(
      `The database ${displayDatabaseUrl(env.DATABASE_URL)} cannot be reached (${state.unreachable}): check DATABASE_URL and that PostgreSQL is running.`,
    );
    process.exit(1);
  }
  if (state === "behind") {
    console.error(
      `The database ${displayDatabaseUrl(env.DATABASE_URL)} does not exist or lacks migrations: run npm run db:migrate (npm start does it too), with the same DATABASE_URL.`,
    );
    process.exit(1);
  }
  return createPrismaClientFromEnv(env);
}

/**
 * Applies pending migrations; Prisma's own output is shown only when it fails. prisma.config.ts
 * picks the history of the URL's database: prisma/migrations or prisma/migrations-postgres.
 */
export function migrate(env: Env) {
  if (migrationsUpToDate(env)) return;
  const result = spawnSync(bin("prisma"), ["migrate", "deploy"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
  });
  if (result.status !== 0) {
    throw new Error(`Database migration failed for ${displayDatabaseUrl(env.DATABASE_URL)}:\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Seeds an empty database: the call and the quartiers, and the fictitious demo — unless DEMO_DATA
 * says off, or, unset, the site was declared in production (NODE_ENV=production set by whoever
 * runs it: a real site starts empty).
 */
export async function seedIfEmpty(
  env: Env,
  log: (message: string) => void,
  { productionDeclared }: { productionDeclared: boolean },
) {
  const demo = env.DEMO_DATA ? env.DEMO_DATA === "on" : !productionDeclared;
  const why = env.DEMO_DATA ? `DEMO_DATA=${env.DEMO_DATA}` : "NODE_ENV=production; DEMO_DATA=on adds it";
  const db = createPrismaClientFromEnv(env);
  try {
    if (await isEmpty(db)) {
      await seed(db, { demo: demo ? "full" : false });
      log(
        demo
          ? "Empty database: seeded the call, the quartiers and the fictitious demo (organisations, offers, ideas and groupements marked « démo »)."
          : `Empty database: seeded the call and the quartiers, without the fictitious demo (${why}).`,
      );
    }
  } finally {
    await db.$disconnect();
  }
}

/**
 * The SQLite database as the server uses it. Write-ahead logging: a commit appends to the log
 * instead of rewriting pages and syncing the file twice (15–31 ms measured per commit under load,
 * during which better-sqlite3 holds the whole process, since its calls are synchronous), and
 * readers in other processes (the commands, the tests) no longer wait for a writer. With
 * synchronous=NORMAL a commit is durable once the log is checkpointed: a power cut can lose the
 * last commits, never corrupt the file. Then the query planner's statistics: without them
 * SQLite guesses every index equally selective (at 50,000 organisations /api/search took 138 ms
 * instead of 9, an idea's interests 290 instead of 62); ANALYZE when the database has none (a
 * sample of each index, half a second at 50,000), PRAGMA optimize otherwise and every hour (it
 * analyses again only the tables whose size changed much). PostgreSQL's autovacuum keeps its own.
 */
export async function tuneDatabase(db: Db, env: Env, log: (message: string) => void) {
  if (isPostgresUrl(env.DATABASE_URL)) return;
  await whenUnlocked(() => db.$queryRawUnsafe("PRAGMA journal_mode = WAL"));
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  const statistics = await db.$queryRawUnsafe<unknown[]>("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'");
  await db.$executeRawUnsafe("PRAGMA analysis_limit = 1000");
  if (statistics.length === 0) {
    const started = Date.now();
    await whenUnlocked(() => db.$executeRawUnsafe("ANALYZE"));
    log(`Database statistics computed for the query planner (${Date.now() - started} ms).`);
  } else await whenUnlocked(() => db.$queryRawUnsafe("PRAGMA optimize"));
  setInterval(() => void db.$queryRawUnsafe("PRAGMA optimize").catch(() => {}), 60 * 60_000).unref();
}

/**
 * Runs a statement that SQLite refuses at once with SQLITE_BUSY, without waiting for the busy
 * timeout, when another process does the same at the same moment: changing the journal mode, or
 * ANALYZE, whose read turns into a write after another process wrote. Two sites started together
 * on one file (a test did) stopped the second one at start. Tried again for up to 10 seconds.
 */
async function whenUnlocked<T>(run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (!String(error).includes("SQLITE_BUSY") || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
    }
  }
}

/**
 * Without MEILI_URL, starts the local Meilisearch and exposes it to the app through MEILI_URL and
 * MEILI_MASTER_KEY. Returns the handle to stop it (null when external or unavailable).
 */
export async function startSearch(env: Env, log: (message: string) => void): Promise<LocalMeili | null> {
  if (env.MEILI_URL) {
    log(`Search: using ${env.MEILI_URL}`);
    return null;
  }
  const meili = await startLocalMeili({ dataDir: env.DATA_DIR, port: env.MEILI_PORT, binary: env.MEILI_BINARY, log });
  if (meili) {
    process.env.MEILI_URL = meili.url;
    process.env.MEILI_MASTER_KEY = meili.masterKey;
    log(`Search: local Meilisearch on ${meili.url}`);
  }
  return meili;
}

export function ensureDataDir(env: Env) {
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  if (isPostgresUrl(env.DATABASE_URL)) return;
  const dbFile = env.DATABASE_URL.replace(/^file:/, "");
  fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
}

/** Newest modification time under the given paths (files or folders). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (target: string) => {
    if (!fs.existsSync(target)) return;
    const stat = fs.statSync(target);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(target)) visit(path.join(target, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}

/** Builds the app when there is no build or the sources are newer than it. */
export function buildIfStale(log: (message: string) => void) {
  const output = path.resolve("build", "index.js");
  const sources = newestMtime(["app", "search", "remix.config.js", "package-lock.json"]);
  if (fs.existsSync(output) && fs.statSync(output).mtimeMs >= sources) return;
  log("Building the app…");
  try {
    execFileSync(bin("remix"), ["build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
  } catch {
    // The compiler printed where (above); the command line that failed would only bury it.
    throw new Error("The app does not build (see above): correct it, then start again. Nothing was started.");
  }
}
