// PostgreSQL for the tests: TEST_DATABASE_URL when given (a server where the tests may create and
// drop databases), else a throwaway local cluster (scripts/lib/local-postgres.ts), stopped and
// removed at the end. Databases are made by name on that server, the per-file ones from a
// migrated template.
import { execFile, spawnSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { findPostgresBin, startLocalPostgres } from "../../scripts/lib/local-postgres";

export type TestPostgres = {
  /** URL of the server's maintenance database, from which databases are created and dropped. */
  adminUrl: string;
  /** Whether this process started the server (then stop() removes it). */
  local: boolean;
  stop: () => Promise<void>;
};

/**
 * Whether the tests run on PostgreSQL: TEST_DATABASE=postgres, or TEST_DATABASE_URL given without
 * TEST_DATABASE=sqlite (what `npm test` sets for its SQLite pass).
 */
export function postgresRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TEST_DATABASE) return env.TEST_DATABASE === "postgres";
  return Boolean(env.TEST_DATABASE_URL);
}

/** Whether a PostgreSQL pass can run here: a server given, or a local PostgreSQL to start. */
export function postgresAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.TEST_DATABASE_URL) || findPostgresBin() !== null;
}

export async function startTestPostgres(log?: (message: string) => void): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { adminUrl: given, local: false, stop: async () => {} };
  const server = await startLocalPostgres({ log });
  return { adminUrl: server.url, local: true, stop: server.stop };
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const quoted = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unexpected database name: ${name}`);
  return `"${name}"`;
};

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates a database (a copy of `template` when given; nobody may be connected to it then). */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await withAdmin(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${quoted(name)}${template ? ` TEMPLATE ${quoted(template)}` : ""}`),
  );
  return databaseUrl(adminUrl, name);
}

/** Drops a database, ending the connections still open on it. */
export async function dropDatabase(adminUrl: string, name: string) {
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`));
}

/** Drops every database whose name starts with the prefix (what a test run left on a given server). */
export async function dropDatabases(adminUrl: string, prefix: string) {
  const names = await withAdmin(adminUrl, async (client) => {
    const result = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [
      prefix,
    ]);
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(adminUrl, name);
}

/** Applies the PostgreSQL history to a database, as `npm run db:migrate` does. */
export function migratePostgres(url: string) {
  const result = spawnSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}${result.stderr}`);
}

/** The same, without blocking this process meanwhile (the Prisma CLI takes several seconds). */
export async function migratePostgresAsync(url: string) {
  try {
    await promisify(execFile)(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed:\n${stdout}${stderr}`);
  }
}
