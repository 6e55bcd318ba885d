import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { parseEnv } from "~/utils/env.server";
import { migrate, migrationsUpToDate } from "../../scripts/lib/prepare";
import { createDatabase } from "../helpers/postgres";

const envFor = (file: string) => parseEnv({ DATABASE_URL: `file:${file}` });

describe("migrations at start-up", () => {
  it("recognises a database that has every migration applied", () => {
    const migrated = path.join(inject("scratchDir"), `migrated-${crypto.randomUUID()}.db`);
    fs.copyFileSync(inject("templateDb"), migrated);
    expect(migrationsUpToDate(envFor(migrated))).toBe(true);
  });

  it("reads a PostgreSQL database's history, and leaves one it cannot reach or that is new to Prisma", async () => {
    // Nothing listens on port 1: Prisma will say why.
    expect(migrationsUpToDate(parseEnv({ DATABASE_URL: "postgresql://cooperons@127.0.0.1:1/cooperons" }))).toBe(false);
    if (inject("testDatabase") !== "postgres") return;
    expect(migrationsUpToDate(parseEnv({ DATABASE_URL: process.env.DATABASE_URL }))).toBe(true);
    const empty = await createDatabase(inject("postgresAdminUrl"), `${inject("postgresPrefix")}empty_${process.pid}`);
    expect(migrationsUpToDate(parseEnv({ DATABASE_URL: empty }))).toBe(false);
  });

  it("sends a missing, empty or half-migrated database to Prisma, which migrates it", () => {
    const dir = fs.mkdtempSync(path.join(inject("scratchDir"), "migrations-"));
    const missing = path.join(dir, "missing.db");
    expect(migrationsUpToDate(envFor(missing))).toBe(false);

    const empty = path.join(dir, "empty.db");
    new Database(empty).close();
    expect(migrationsUpToDate(envFor(empty))).toBe(false);

    const half = path.join(dir, "half.db");
    fs.copyFileSync(inject("templateDb"), half);
    const db = new Database(half);
    db.prepare("UPDATE _prisma_migrations SET finished_at = NULL").run();
    db.close();
    expect(migrationsUpToDate(envFor(half))).toBe(false);

    migrate(envFor(empty));
    expect(migrationsUpToDate(envFor(empty))).toBe(true);
    const tables = new Database(empty, { readonly: true }).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables).toContainEqual({ name: "Call" });
  });
});
