// One Prisma client per process, on a driver adapter (see prisma.config.ts): better-sqlite3 for a
// file:… DATABASE_URL, pg for a postgresql://… one.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-postgres/client";
import { isPostgresUrl } from "./database-url";
import { getEnv } from "./env.server";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createPrismaClient(url: string): PrismaClient {
  if (isPostgresUrl(url)) {
    // The PostgreSQL client is generated from the same models (scripts/lib/postgres-schema.ts):
    // its queries are PostgreSQL's, its types the same as the SQLite client's.
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// Kept on globalThis so that `remix dev` rebuilds reuse it instead of opening a new connection.
const globalForDb = globalThis as typeof globalThis & { __prisma?: PrismaClient };

/** The process-wide client, opened lazily on DATABASE_URL at first use. */
export function getDb(): PrismaClient {
  globalForDb.__prisma ??= createPrismaClient(getEnv().DATABASE_URL);
  return globalForDb.__prisma;
}

/** Whether a write failed on a unique constraint: another request wrote the same thing first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Whether a write found no row to update or delete: another request removed it first. */
export function isRecordMissing(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
