// `npm run dev`: migrations, local Meilisearch and demo data as for `npm start`, then `remix dev`
// rebuilding on every change and reloading the browser.
import { spawn } from "node:child_process";
import path from "node:path";
import { EnvError, parseEnv } from "../app/utils/env.server";
import { ensureDataDir, migrate, seedIfEmpty, startSearch } from "./lib/prepare";
import { assertPortFree } from "./lib/server";

const log = (message: string) => console.log(`[dev] ${message}`);
process.env.NODE_ENV = "development";

let env;
try {
  env = parseEnv(process.env);
  await assertPortFree(env.PORT, env.HOST);
  ensureDataDir(env);
  migrate(env);
} catch (error) {
  console.error(`[dev] ${error instanceof EnvError ? error.message : (error as Error).message}`);
  process.exit(1);
}
const meili = await startSearch(env, log);
await seedIfEmpty(env, log, { productionDeclared: false });

const remix = spawn(path.resolve("node_modules/.bin/remix"), ["dev", "--manual", "-c", "tsx scripts/serve.ts"], {
  stdio: "inherit",
  env: process.env,
});
const stop = async () => {
  remix.kill("SIGTERM");
  await meili?.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
remix.on("exit", async (code) => {
  await meili?.stop();
  process.exit(code ?? 0);
});
