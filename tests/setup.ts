// Before each test file, in its worker: a fresh copy of the template database, the test
// Meilisearch, and console.error turned into a failure (an error logged is a bug shown).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, inject, vi } from "vitest";

const dbFile = path.join(inject("scratchDir"), `worker-${process.env.VITEST_POOL_ID ?? "0"}-${crypto.randomUUID()}.db`);
fs.copyFileSync(inject("templateDb"), dbFile);
process.env.DATABASE_URL = `file:${dbFile}`;
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
