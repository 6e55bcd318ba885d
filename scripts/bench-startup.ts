// Time from `npm start` to the first served page, cold (no build, empty database, empty search
// data: the first run after `npm ci`) and warm (everything in place). Prints the figures.
// `npm run -s bench:startup [-- --runs 3]`
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getFreePort } from "./lib/net";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

async function timeStart(dataDir: string): Promise<number> {
  const [port, meiliPort] = [await getFreePort(), await getFreePort()];
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(port),
      MEILI_PORT: String(meiliPort),
      MEILI_URL: "",
      MEILI_MASTER_KEY: "",
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "bench.db")}`,
    },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        if (response.status === 200) {
          await response.text();
          return performance.now() - started;
        }
      } catch {
        // not yet listening
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
}

const cold: number[] = [];
const warm: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-"));
  fs.rmSync("build", { recursive: true, force: true });
  fs.rmSync(path.join("public", "build"), { recursive: true, force: true });
  cold.push(await timeStart(dataDir));
  warm.push(await timeStart(dataDir));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`cold start (build + migrate + Meilisearch + seed): ${cold.map((ms) => Math.round(ms)).join(", ")} ms`);
console.log(`warm start: ${warm.map((ms) => Math.round(ms)).join(", ")} ms`);
console.log(JSON.stringify({ runs, cold_median_ms: Math.round(median(cold)), warm_median_ms: Math.round(median(warm)) }));
