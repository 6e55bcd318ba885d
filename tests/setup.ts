// Before each test file, in its worker: a fresh copy of the template database, the test
// Meilisearch, and console.error turned into a failure (an error logged is a bug shown).
// In PostgreSQL mode (tests/global-setup.ts), the copy is a database created from the template.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, inject, vi } from "vitest";
import { createDatabase, dropDatabase } from "./helpers/postgres";

if (inject("testDatabase") === "postgres") {
  const name = `${inject("postgresPrefix")}${crypto.randomUUID().replace(/-/g, "")}`;
  process.env.DATABASE_URL = await createDatabase(inject("postgresAdminUrl"), name, inject("postgresTemplate"));
  afterAll(async () => {
    const { getDb } = await import("~/utils/db.server");
    await getDb().$disconnect();
    // Servers the file started may still hold connections: FORCE ends them.
    await dropDatabase(inject("postgresAdminUrl"), name);
  });
} else {
  const dbFile = path.join(inject("scratchDir"), `worker-${process.env.VITEST_POOL_ID ?? "0"}-${crypto.randomUUID()}.db`);
  fs.copyFileSync(inject("templateDb"), dbFile);
  process.env.DATABASE_URL = `file:${dbFile}`;
}
process.env.MEILI_URL = inject("meiliUrl");
process.env.MEILI_MASTER_KEY = inject("meiliKey");
process.env.DATA_DIR = path.join(inject("scratchDir"), "data");
process.env.NODE_ENV = "test";
// Each test file has its own database copy, so its own index in the shared Meilisearch.
process.env.MEILI_INDEX = `items_${crypto.randomUUID().slice(0, 8)}`;

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});
