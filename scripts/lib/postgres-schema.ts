// One model body, two databases. prisma/schema.prisma is the only schema anyone edits; the
// PostgreSQL schema is written from it here (same generator options and models, the datasource
// says postgresql, the client goes to app/generated/prisma-postgres), under app/generated/ which
// git ignores: it can be neither edited by hand nor committed out of date. Its client reads a row
// and its relations in one statement (the `relationJoins` preview feature, which SQLite's client
// does not have): on PostgreSQL each statement is a round trip, and one per relation made an
// idea's page or an interest some three statements more (README « Load »).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isPostgresUrl } from "../../app/utils/database-url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const SQLITE_MIGRATIONS = path.join(root, "prisma", "migrations");
export const POSTGRES_SCHEMA = path.join(root, "app", "generated", "postgres", "schema.prisma");
export const POSTGRES_MIGRATIONS = path.join(root, "prisma", "migrations-postgres");
/** The migrations of a history (folders holding a migration.sql), in the order they apply. */
export const migrationsIn = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((entry) => fs.existsSync(path.join(dir, entry, "migration.sql")))
        .sort()
    : [];

const POSTGRES_CLIENT = path.join(root, "app", "generated", "prisma-postgres");
const CLIENT_STAMP = path.join(POSTGRES_CLIENT, ".schema-sha256");
const PLACEHOLDER_URL = "postgresql://localhost:5432/cooperons";

/**
 * The PostgreSQL schema: the SQLite one with its datasource's provider and client's output changed,
 * and relations read with joins.
 */
export function postgresSchemaText(source: string): string {
  let provider = 0;
  let output = 0;
  let joins = 0;
  const text = source
    .replace(/(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/, (_, head: string) => {
      provider += 1;
      return `${head}"postgresql"`;
    })
    .replace(/(generator\s+client\s*\{[^}]*?output\s*=\s*)"\.\.\/app\/generated\/prisma"/, (_, head: string) => {
      output += 1;
      // Relative to app/generated/postgres/, where this schema is written.
      return `${head}"../prisma-postgres"`;
    })
    .replace(/(generator\s+client\s*\{)/, (head: string) => {
      joins += 1;
      return `${head}\n  previewFeatures = ["relationJoins"]`;
    });
  if (provider !== 1 || output !== 1) {
    throw new Error(
      'prisma/schema.prisma must keep `provider = "sqlite"` in its datasource and `output = "../app/generated/prisma"` in its generator: scripts/lib/postgres-schema.ts derives the PostgreSQL schema from them',
    );
  }
  if (joins !== 1 || /previewFeatures/.test(source)) {
    throw new Error(
      "prisma/schema.prisma must have one generator without previewFeatures: scripts/lib/postgres-schema.ts gives the PostgreSQL client its own (relationJoins)",
    );
  }
  return `// Written by scripts/lib/postgres-schema.ts from prisma/schema.prisma: edit that file, never this one.\n${text}`;
}

/** Writes the PostgreSQL schema when it changed; returns its path. */
export function writePostgresSchema(): string {
  const text = postgresSchemaText(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  if (!fs.existsSync(POSTGRES_SCHEMA) || fs.readFileSync(POSTGRES_SCHEMA, "utf8") !== text) {
    fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
    fs.writeFileSync(POSTGRES_SCHEMA, text);
  }
  return POSTGRES_SCHEMA;
}

function prisma(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), args, { cwd: root, encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`prisma ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
}

/** Generates the PostgreSQL client (app/generated/prisma-postgres) unless it is already that of the schema. */
export function ensurePostgresClient(): boolean {
  const schema = writePostgresSchema();
  const hash = crypto.createHash("sha256").update(fs.readFileSync(schema)).digest("hex");
  if (fs.existsSync(CLIENT_STAMP) && fs.readFileSync(CLIENT_STAMP, "utf8").trim() === hash) return false;
  // The CLI reads the schema's DATABASE_URL even to generate: it must name a PostgreSQL server
  // (none is contacted), else the CLI looks for its native engines and tries to download them.
  const url = process.env.DATABASE_URL && isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : PLACEHOLDER_URL;
  prisma(["generate", "--schema", schema], { ...process.env, DATABASE_URL: url });
  fs.writeFileSync(CLIENT_STAMP, `${hash}\n`);
  return true;
}

/** Both clients: the SQLite one (app/generated/prisma) and the PostgreSQL one. */
export function generateClients() {
  const url =
    process.env.DATABASE_URL && !isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : "file:./data/cooperons.db";
  prisma(["generate", "--schema", SQLITE_SCHEMA], { ...process.env, DATABASE_URL: url });
  ensurePostgresClient();
}
