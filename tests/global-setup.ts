// Once per `vitest run`: a migrated, seeded template database and a real Meilisearch on a free
// port, both in a scratch folder removed at the end.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalMeili } from "../scripts/lib/local-meili";
import { createPrismaClient } from "../app/utils/db.server";
import { seed } from "../prisma/seed";
import { getFreePort } from "./helpers/net";

declare module "vitest" {
  export interface ProvidedContext {
    scratchDir: string;
    templateDb: string;
    meiliUrl: string;
    meiliKey: string;
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
  const db = createPrismaClient(url);
  await seed(db, { demo: true });
  await db.$disconnect();

  // A free port can be taken between the probe and Meilisearch's bind: try a second one.
  let meili = null;
  for (let attempt = 0; attempt < 2 && !meili; attempt += 1) {
    meili = await startLocalMeili({
      dataDir: path.join(scratchDir, "meili"),
      port: await getFreePort(),
      log: (message) => console.log(`[test setup] ${message}`),
    });
  }
  if (!meili) throw new Error("The test Meilisearch could not be started");

  project.provide("scratchDir", scratchDir);
  project.provide("templateDb", templateDb);
  project.provide("meiliUrl", meili.url);
  project.provide("meiliKey", meili.masterKey);

  return async () => {
    await meili.stop();
    fs.rmSync(scratchDir, { recursive: true, force: true });
  };
}
