// Prisma 6.19 with its JavaScript engines and a driver adapter: the native engines cannot be
// downloaded on our machines, and this set-up needs none. DATABASE_URL chooses the database:
// file:… is SQLite (better-sqlite3, prisma/migrations), postgresql://… is PostgreSQL (pg,
// prisma/migrations-postgres, with the schema written from prisma/schema.prisma).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { isPostgresUrl } from "./app/utils/database-url";
import { MigrationAwarePg } from "./scripts/lib/migration-pg";
import { POSTGRES_MIGRATIONS, writePostgresSchema } from "./scripts/lib/postgres-schema";

// Without a resolvable DATABASE_URL the CLI falls back to the native engine and tries to download it.
process.env.DATABASE_URL ??= "file:./data/cooperons.db";
const url = process.env.DATABASE_URL;

/**
 * Prisma 6.19 replays each migration file on the shadow database as a single prepared statement,
 * which SQLite refuses for multi-statement files (P3006). Those files carry no arguments, so they
 * can run as a script instead.
 */
class MigrationAwareSQLite3 extends PrismaBetterSQLite3 {
  async connectToShadowDb() {
    const shadow = await super.connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (query) => {
      if (query.args.length > 0) return executeRaw(query);
      try {
        return await executeRaw(query);
      } catch {
        await shadow.executeScript(query.sql);
        return 0;
      }
    };
    return shadow;
  }
}

export default isPostgresUrl(url)
  ? defineConfig({
      schema: writePostgresSchema(),
      experimental: { adapter: true },
      engine: "js",
      migrations: { path: POSTGRES_MIGRATIONS },
      async adapter() {
        return new MigrationAwarePg(url);
      },
    })
  : defineConfig({
      schema: path.join("prisma", "schema.prisma"),
      experimental: { adapter: true },
      engine: "js",
      migrations: { path: path.join("prisma", "migrations") },
      async adapter() {
        return new MigrationAwareSQLite3({ url });
      },
    });
