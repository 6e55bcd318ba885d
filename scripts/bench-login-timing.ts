// How long log-in and password-reset answers take for an address that has an account and for one
// that has not, on a scratch database, calling the actions as the server does. The probe of issue
// 12 saw 22.7 ms against 9.4 ms for a log-in (no overlap) and 17.1 against 12.9 ms for a reset.
// Prints each case's median and 10th–90th percentiles. `npx tsx scripts/bench-login-timing.ts [--runs 200]`
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { hashPassword } from "../app/utils/auth.server";
import { parseEnv } from "../app/utils/env.server";
import { migrate } from "./lib/prepare";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 200;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-login-"));
Object.assign(process.env, {
  NODE_ENV: "development",
  DATABASE_URL: `file:${path.join(scratch, "bench.db")}`,
  DATA_DIR: scratch,
  SMTP_URL: "",
});
migrate(parseEnv(process.env));

// Loaded once the environment points at the scratch database.
const { action: login } = await import("../app/routes/connexion");
const { action: forgot } = await import("../app/routes/mot-de-passe-oublie");
const { getDb } = await import("../app/utils/db.server");
const { resetRateLimits } = await import("../app/utils/rate-limit.server");
const { accountMailsSent } = await import("../app/utils/account-mails.server");

const KNOWN = "inscrite@exemple.org";
await getDb().user.create({
  data: { email: KNOWN, name: "Camille", passwordHash: await hashPassword("un mot de passe solide") },
});

function post(pathname: string, fields: Record<string, string>) {
  return new Request(`http://localhost${pathname}`, { method: "POST", body: new URLSearchParams(fields) });
}

type Case = { name: string; run: () => Promise<unknown> };
const cases: Case[] = [
  {
    name: "log-in, account, wrong password",
    run: () => login(args(post("/connexion", { email: KNOWN, password: "pas le bon" }))),
  },
  {
    name: "log-in, no account",
    run: () => login(args(post("/connexion", { email: "personne@exemple.org", password: "pas le bon" }))),
  },
  { name: "reset, account", run: () => forgot(args(post("/mot-de-passe-oublie", { email: KNOWN }))) },
  { name: "reset, no account", run: () => forgot(args(post("/mot-de-passe-oublie", { email: "personne@exemple.org" }))) },
];

function args(request: Request) {
  return { request, params: {}, context: { clientIp: "192.0.2.1" } };
}

const times = new Map(cases.map((item) => [item.name, [] as number[]]));
for (let run = -10; run < RUNS; run += 1) {
  // Interleaved, so that a slower moment of the machine weighs on every case alike.
  for (const item of cases) {
    // Fresh counters: the figures are the work of an answer, not the limits' delays.
    await resetRateLimits();
    const started = performance.now();
    await item.run();
    const elapsed = performance.now() - started;
    await accountMailsSent();
    if (run >= 0) times.get(item.name)!.push(elapsed);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
console.log(`${RUNS} runs each, in process (no HTTP), ${os.cpus().length} CPUs`);
for (const [name, values] of times) {
  const sorted = [...values].sort((a, b) => a - b);
  const [p10, p50, p90] = [10, 50, 90].map((p) => percentile(sorted, p).toFixed(1));
  console.log(`${name.padEnd(34)} median ${p50} ms   p10–p90 ${p10}–${p90} ms`);
}
await getDb().$disconnect();
fs.rmSync(scratch, { recursive: true, force: true });
