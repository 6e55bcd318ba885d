// Before each test file, in its worker: a fresh copy of the template database, the test
// Meilisearch, and console.error turned into a failure (an error logged is a bug shown).
// In PostgreSQL mode (tests/global-setup.ts), the copy is a database created from the template.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, inject, vi } from "vitest";
import { createDatabase, databaseUrl, dropDatabase } from "./helpers/postgres";

if (inject("testDatabase") === "postgres") {
  const adminUrl = inject("postgresAdminUrl");
  const name = `${inject("postgresPrefix")}${crypto.randomUUID().replace(/-/g, "")}`;
  // Copied while the test file's modules load (no test file queries the database as it loads):
  // its hooks and tests run once the copy exists.
  const created = createDatabase(adminUrl, name, inject("postgresTemplate")).then(
    () => null,
    (error: unknown) => error,
  );
  process.env.DATABASE_URL = databaseUrl(adminUrl, name);
  beforeAll(async () => {
    const error = await created;
    if (error) throw error;
  });
  afterAll(async () => {
    if (await created) return;
    const { getDb } = await import("~/utils/db.server");
    await getDb().$disconnect();
    // Servers the file started may still hold connections: FORCE ends them.
    await dropDatabase(adminUrl, name);
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
