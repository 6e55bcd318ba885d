// Once per `vitest run`: a migrated, seeded template database and a real Meilisearch on a free
// port, both in a scratch folder removed at the end.
// With TEST_DATABASE=postgres (or TEST_DATABASE_URL), the tests' databases are PostgreSQL ones:
// a template database migrated and seeded the same way on a throwaway cluster (or the given
// server), copied for each test file. The SQLite template is made in both modes (the tests of
// SQLite's own start-up use it).
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalMeili } from "../scripts/lib/local-meili";
import { ensurePostgresClient } from "../scripts/lib/postgres-schema";
import { seed } from "../prisma/seed";
import { getFreePort } from "./helpers/net";
import {
  createDatabase,
  dropDatabases,
  migratePostgres,
  postgresRequested,
  startTestPostgres,
  type TestPostgres,
} from "./helpers/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    scratchDir: string;
    templateDb: string;
    meiliUrl: string;
    meiliKey: string;
    /** The database the tests run on. */
    testDatabase: "sqlite" | "postgres";
    /** PostgreSQL mode: the server's maintenance URL, the template and the prefix of this run's databases. */
    postgresAdminUrl: string;
    postgresTemplate: string;
    postgresPrefix: string;
  }
}

async function seedTemplate(url: string) {
  // Imported here: in PostgreSQL mode the PostgreSQL client may have just been generated.
  const { createPrismaClient } = await import("../app/utils/db.server");
  const db = createPrismaClient(url);
  try {
    await seed(db, { demo: true });
  } finally {
    await db.$disconnect();
  }
}

export default async function setup(project: TestProject) {
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-test-"));
  const templateDb = path.join(scratchDir, "template.db");
  const url = `file:${templateDb}`;
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  await seedTemplate(url);

  let postgres: TestPostgres | null = null;
  const postgresPrefix = `cooperons_test_${crypto.randomBytes(4).toString("hex")}_`;
  const postgresTemplate = `${postgresPrefix}template`;
  if (postgresRequested()) {
    // The PostgreSQL client follows prisma/schema.prisma even if only the SQLite one was generated.
    ensurePostgresClient();
    postgres = await startTestPostgres((message) => console.log(`[test setup] ${message}`));
    try {
      const templateUrl = await createDatabase(postgres.adminUrl, postgresTemplate);
      migratePostgres(templateUrl);
      await seedTemplate(templateUrl);
    } catch (error) {
      if (!postgres.local) await dropDatabases(postgres.adminUrl, postgresPrefix);
      await postgres.stop();
      throw error;
    }
  }

  // A free port can be taken between the probe and Meilisearch's bind: try a second one.
  let meili = null;
  for (let attempt = 0; attempt < 2 && !meili; attempt += 1) {
    meili = await startLocalMeili({
      dataDir: path.join(scratchDir, "meili"),
      port: await getFreePort(),
      log: (message) => console.log(`[test setup] ${message}`),
    });
  }
  if (!meili) {
    await postgres?.stop();
    throw new Error("The test Meilisearch could not be started");
  }

  project.provide("scratchDir", scratchDir);
  project.provide("templateDb", templateDb);
  project.provide("meiliUrl", meili.url);
  project.provide("meiliKey", meili.masterKey);
  project.provide("testDatabase", postgres ? "postgres" : "sqlite");
  project.provide("postgresAdminUrl", postgres?.adminUrl ?? "");
  project.provide("postgresTemplate", postgresTemplate);
  project.provide("postgresPrefix", postgresPrefix);

  return async () => {
    await meili.stop();
    if (postgres && !postgres.local) await dropDatabases(postgres.adminUrl, postgresPrefix);
    await postgres?.stop();
    fs.rmSync(scratchDir, { recursive: true, force: true });
  };
}
