// Once per `vitest run`: a migrated, seeded template database and a real Meilisearch on a free
// port, both in a scratch folder removed at the end.
// With TEST_DATABASE=postgres (or TEST_DATABASE_URL), the tests' databases are PostgreSQL ones:
// a template database migrated and seeded the same way on a throwaway cluster (or the given
// server), copied for each test file. The SQLite template is made in both modes (the tests of
// SQLite's own start-up use it).
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { startLocalMeili, type LocalMeili } from "../scripts/lib/local-meili";
import { ensurePostgresClient } from "../scripts/lib/postgres-schema";
import { seed } from "../prisma/seed";
import { getFreePort } from "./helpers/net";
import {
  createDatabase,
  dropDatabases,
  migratePostgresAsync,
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

const log = (message: string) => console.log(`[test setup] ${message}`);

/** The SQLite template: migrated by the Prisma CLI (a child process), then seeded. */
async function prepareSqliteTemplate(url: string) {
  await promisify(execFile)(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
  });
  await seedTemplate(url);
}

/** The PostgreSQL server and its template database, migrated and seeded. */
async function preparePostgres(prefix: string, template: string): Promise<TestPostgres> {
  const postgres = await startTestPostgres(log);
  try {
    const templateUrl = await createDatabase(postgres.adminUrl, template);
    await migratePostgresAsync(templateUrl);
    await seedTemplate(templateUrl);
    return postgres;
  } catch (error) {
    await stopPostgres(postgres, prefix);
    throw error;
  }
}

async function stopPostgres(postgres: TestPostgres, prefix: string) {
  if (!postgres.local) await dropDatabases(postgres.adminUrl, prefix);
  await postgres.stop();
}

/** The test Meilisearch. A free port can be taken between the probe and its bind: try a second one. */
async function startMeili(scratchDir: string): Promise<LocalMeili> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const meili = await startLocalMeili({ dataDir: path.join(scratchDir, "meili"), port: await getFreePort(), log });
    if (meili) return meili;
  }
  throw new Error("The test Meilisearch could not be started");
}

export default async function setup(project: TestProject) {
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-test-"));
  const templateDb = path.join(scratchDir, "template.db");
  const postgresPrefix = `cooperons_test_${crypto.randomBytes(4).toString("hex")}_`;
  const postgresTemplate = `${postgresPrefix}template`;
  const onPostgres = postgresRequested();
  // The PostgreSQL client follows prisma/schema.prisma even if only the SQLite one was generated
  // (before db.server.ts is first imported).
  if (onPostgres) ensurePostgresClient();

  // Side by side: the Prisma CLI migrates each template in its own process meanwhile.
  const [sqlite, postgresStarted, meiliStarted] = await Promise.allSettled([
    prepareSqliteTemplate(`file:${templateDb}`),
    onPostgres ? preparePostgres(postgresPrefix, postgresTemplate) : Promise.resolve(null),
    startMeili(scratchDir),
  ]);
  const postgres = postgresStarted.status === "fulfilled" ? postgresStarted.value : null;
  const meili = meiliStarted.status === "fulfilled" ? meiliStarted.value : null;
  const teardown = async () => {
    await meili?.stop();
    if (postgres) await stopPostgres(postgres, postgresPrefix);
    fs.rmSync(scratchDir, { recursive: true, force: true });
  };
  const failed = [sqlite, postgresStarted, meiliStarted].find((result) => result.status === "rejected");
  if (failed) {
    await teardown();
    throw failed.reason;
  }

  project.provide("scratchDir", scratchDir);
  project.provide("templateDb", templateDb);
  project.provide("meiliUrl", meili!.url);
  project.provide("meiliKey", meili!.masterKey);
  project.provide("testDatabase", postgres ? "postgres" : "sqlite");
  project.provide("postgresAdminUrl", postgres?.adminUrl ?? "");
  project.provide("postgresTemplate", postgresTemplate);
  project.provide("postgresPrefix", postgresPrefix);

  return teardown;
}
