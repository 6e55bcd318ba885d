// The two migration histories describe one set of models: prisma/migrations applied to a new
// SQLite file and prisma/migrations-postgres applied to a new PostgreSQL database give the same
// tables, columns (name, nullability, kind of type), primary keys, indexes and foreign keys; both
// histories are up to date with prisma/schema.prisma; and each SQLite migration after the
// PostgreSQL baseline has its PostgreSQL counterpart of the same name.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  migrationsIn,
  POSTGRES_MIGRATIONS,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
  writePostgresSchema,
} from "../../scripts/lib/postgres-schema";
import { createDatabase, dropDatabase, migratePostgres, startTestPostgres, type TestPostgres } from "../helpers/postgres";

type Column = { name: string; nullable: boolean; type: string };
type Index = { name: string; columns: string[]; unique: boolean };
type ForeignKey = { columns: string[]; table: string; references: string[]; onDelete: string };
type Table = { columns: Column[]; primaryKey: string[]; indexes: Index[]; foreignKeys: ForeignKey[] };
type Shape = Record<string, Table>;

/** The kind of a column's type, as both databases spell it. */
function typeFamily(declared: string): string {
  const type = declared.toLowerCase();
  if (type === "text" || type.startsWith("varchar") || type.startsWith("character varying")) return "text";
  if (type === "integer" || type === "int" || type === "int4") return "integer";
  if (type === "bigint" || type === "int8") return "bigint";
  if (type === "real" || type === "double precision" || type === "float8") return "float";
  if (type === "boolean" || type === "bool") return "boolean";
  if (type === "datetime" || type.startsWith("timestamp")) return "datetime";
  if (type.startsWith("decimal") || type.startsWith("numeric")) return "decimal";
  if (type === "blob" || type === "bytea") return "bytes";
  if (type === "jsonb" || type === "json") return "json";
  return `unknown: ${type}`;
}

const ON_DELETE: Record<string, string> = {
  CASCADE: "cascade",
  "SET NULL": "set null",
  RESTRICT: "restrict",
  "NO ACTION": "no action",
  "SET DEFAULT": "set default",
  c: "cascade",
  n: "set null",
  r: "restrict",
  a: "no action",
  d: "set default",
};

const sortTable = (table: Table): Table => ({
  columns: [...table.columns].sort((a, b) => a.name.localeCompare(b.name)),
  primaryKey: table.primaryKey,
  indexes: [...table.indexes].sort((a, b) => a.name.localeCompare(b.name)),
  foreignKeys: [...table.foreignKeys].sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
});

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
      )
      .all() as { name: string }[];
    const shape: Shape = {};
    for (const { name } of tables) {
      const info = db.prepare(`PRAGMA table_info("${name}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      const indexes = (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[])
        .filter((index) => index.origin !== "pk")
        .map((index) => ({
          name: index.name,
          unique: index.unique === 1,
          columns: (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { seqno: number; name: string }[])
            .sort((a, b) => a.seqno - b.seqno)
            .map((column) => column.name),
        }));
      const keys = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as {
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_delete: string;
      }[];
      const foreignKeys = [...new Set(keys.map((key) => key.id))].map((id) => {
        const parts = keys.filter((key) => key.id === id).sort((a, b) => a.seq - b.seq);
        return {
          columns: parts.map((part) => part.from),
          table: parts[0]!.table,
          references: parts.map((part) => part.to),
          onDelete: ON_DELETE[parts[0]!.on_delete] ?? parts[0]!.on_delete,
        };
      });
      shape[name] = sortTable({
        // A primary key column is NOT NULL in PostgreSQL; SQLite reports what the DDL said.
        columns: info.map((column) => ({
          name: column.name,
          nullable: column.notnull === 0 && column.pk === 0,
          type: typeFamily(column.type),
        })),
        primaryKey: info
          .filter((column) => column.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((column) => column.name),
        indexes,
        foreignKeys,
      });
    }
    return shape;
  } finally {
    db.close();
  }
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ table: string; name: string; nullable: boolean; type: string }>(`
      SELECT c.relname AS table, a.attname AS name, NOT a.attnotnull AS nullable, format_type(a.atttypid, a.atttypmod) AS type
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`);
    const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(`
      SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
        ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.position) AS columns
      FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`);
    const keys = await client.query<{ table: string; columns: string[]; target: string; references: string[]; action: string }>(`
      SELECT t.relname AS table, f.relname AS target, x.confdeltype::text AS action,
        ARRAY(SELECT a.attname::text FROM unnest(x.conkey) WITH ORDINALITY AS k(attnum, position)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.position) AS columns,
        ARRAY(SELECT a.attname::text FROM unnest(x.confkey) WITH ORDINALITY AS k(attnum, position)
              JOIN pg_attribute a ON a.attrelid = f.oid AND a.attnum = k.attnum ORDER BY k.position) AS references
      FROM pg_constraint x JOIN pg_class t ON t.oid = x.conrelid JOIN pg_class f ON f.oid = x.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE x.contype = 'f' AND n.nspname = current_schema()`);
    const shape: Shape = {};
    const tableNames = [...new Set(columns.rows.map((row) => row.table))];
    for (const table of tableNames) {
      const primary = indexes.rows.find((row) => row.table === table && row.primary);
      shape[table] = sortTable({
        columns: columns.rows
          .filter((row) => row.table === table)
          .map((row) => ({ name: row.name, nullable: row.nullable, type: typeFamily(row.type) })),
        primaryKey: primary?.columns ?? [],
        indexes: indexes.rows
          .filter((row) => row.table === table && !row.primary)
          .map((row) => ({ name: row.name, columns: row.columns, unique: row.unique })),
        foreignKeys: keys.rows
          .filter((row) => row.table === table)
          .map((row) => ({
            columns: row.columns,
            table: row.target,
            references: row.references,
            onDelete: ON_DELETE[row.action] ?? row.action,
          })),
      });
    }
    return shape;
  } finally {
    await client.end();
  }
}

const prisma = (args: string[], databaseUrl: string) =>
  spawnSync(path.resolve("node_modules/.bin/prisma"), args, {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });

let server: TestPostgres;
const databaseName = `cooperons_drift_${crypto.randomBytes(4).toString("hex")}`;
let postgresUrl: string;
let sqliteFile: string;

beforeAll(async () => {
  // In the PostgreSQL pass, the run's server; otherwise a cluster of this file's own.
  server =
    inject("testDatabase") === "postgres"
      ? { adminUrl: inject("postgresAdminUrl"), local: false, stop: async () => {} }
      : await startTestPostgres();
  postgresUrl = await createDatabase(server.adminUrl, databaseName);
  migratePostgres(postgresUrl);
  sqliteFile = path.join(inject("scratchDir"), `drift-${crypto.randomUUID()}.db`);
  const applied = prisma(["migrate", "deploy"], `file:${sqliteFile}`);
  if (applied.status !== 0) throw new Error(`SQLite migrations failed:\n${applied.stdout}${applied.stderr}`);
});

afterAll(async () => {
  if (server) {
    if (postgresUrl) await dropDatabase(server.adminUrl, databaseName);
    await server.stop();
  }
});

describe("the SQLite and PostgreSQL migration histories", () => {
  it("build the same tables, columns, keys and indexes", async () => {
    const sqlite = sqliteShape(sqliteFile);
    const postgres = await postgresShape(postgresUrl);
    expect(Object.keys(sqlite)).toContain("Organisation");
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    for (const table of Object.keys(sqlite)) {
      expect({ table, ...postgres[table] }).toEqual({ table, ...sqlite[table] });
    }
  });

  it("are both up to date with prisma/schema.prisma", () => {
    const sqlite = prisma(
      ["migrate", "diff", "--from-migrations", SQLITE_MIGRATIONS, "--to-schema-datamodel", SQLITE_SCHEMA, "--exit-code"],
      `file:${sqliteFile}`,
    );
    expect(sqlite.status, `SQLite history behind the models (npm run db:migration -- name):\n${sqlite.stdout}`).toBe(0);
    const postgres = prisma(
      [
        "migrate",
        "diff",
        "--from-migrations",
        POSTGRES_MIGRATIONS,
        "--to-schema-datamodel",
        writePostgresSchema(),
        "--exit-code",
      ],
      postgresUrl,
    );
    expect(postgres.status, `PostgreSQL history behind the models (npm run db:migration -- name):\n${postgres.stdout}`).toBe(0);
  });

  it("name each migration after the PostgreSQL baseline alike", () => {
    const postgres = migrationsIn(POSTGRES_MIGRATIONS);
    const baseline = postgres.find((entry) => entry.endsWith("_baseline"));
    expect(baseline).toBeDefined();
    const stamp = baseline!.slice(0, baseline!.indexOf("_"));
    const later = migrationsIn(SQLITE_MIGRATIONS).filter((entry) => entry.slice(0, entry.indexOf("_")) > stamp);
    expect(postgres.filter((entry) => entry !== baseline)).toEqual(later);
  });
});
