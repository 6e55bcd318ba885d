// `npm start`: the site with its data and search on http://localhost:3000 (PORT overrides).
import fs from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { runAlerts } from "../app/models/alert.server";
import { deliverQueuedSoon } from "../app/models/notification-queue.server";
import { getDb } from "../app/utils/db.server";
import { EnvError, parseEnv } from "../app/utils/env.server";
import { mailDir, sendMail } from "../app/utils/mail.server";
import { getSearchClient } from "../app/utils/search.server";
import { releaseLease } from "../search/lease";
import { ensureIndex, startSyncLoop, type SyncLoop } from "../search/sync";
import { buildIfStale, ensureDataDir, migrate, seedIfEmpty, startSearch, tuneDatabase } from "./lib/prepare";
import { assertPortFree, createApp, keepAnswering, listen } from "./lib/server";

const log = (message: string) => console.log(`[start] ${message}`);
// Production said by whoever runs the site, as opposed to the default below that lets a newcomer
// run `npm start` with no configuration at all.
const productionDeclared = process.env.NODE_ENV === "production";
process.env.NODE_ENV ??= "production";

function fail(message: string): never {
  console.error(`[start] ${message}`);
  process.exit(1);
}

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}
if (productionDeclared && !env.PUBLIC_URL) {
  fail(
    "PUBLIC_URL is required with NODE_ENV=production: the address people reach the site at (such as https://cooperons.example.org), used for the links in mails and shared pages. Without NODE_ENV, npm start runs locally with links to http://localhost:PORT.",
  );
}

try {
  await assertPortFree(env.PORT, env.HOST);
} catch (error) {
  fail((error as Error).message);
}

try {
  ensureDataDir(env);
  buildIfStale(log);
  migrate(env);
} catch (error) {
  fail((error as Error).message);
}
const meili = await startSearch(env, log);
let server: Server;
let sync: SyncLoop | null = null;
try {
  await seedIfEmpty(env, log, { productionDeclared });
  await tuneDatabase(getDb(), env, log);
  const client = getSearchClient();
  if (client) {
    // The index is ready before the first page is served (a rebuild happens only when it is new or
    // its version changed); if Meilisearch fails here, the loop keeps trying.
    const ready = await ensureIndex(getDb(), client, log).then(
      () => true,
      (error: Error) => (log(`Search index not ready yet: ${error.message}`), false),
    );
    // Alerts follow the index: an item the loop made visible has its alerts computed and mailed.
    // The same rounds (once a minute at least) mail the notifications queued by requests (a call's
    // publication) that their request's own run could not.
    sync = startSyncLoop(getDb(), client, {
      log,
      indexReady: ready,
      afterIndex: () => Promise.all([runAlerts(getDb(), client, sendMail), deliverQueuedSoon(getDb(), sendMail, log)]),
    });
  }
  const { app } = await createApp(env);
  server = await listen(app, env.PORT, env.HOST);
} catch (error) {
  await meili?.stop();
  fail((error as Error).message);
}
log(`Coopérons is served on http://localhost:${env.PORT}`);
// Without SMTP_URL nothing is sent: a newcomer trying the sign-up needs to know where its mail went.
if (!env.SMTP_URL) {
  fs.mkdirSync(mailDir(), { recursive: true });
  const dir = mailDir().startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), mailDir()) : mailDir();
  log(
    `Mail: no SMTP_URL, so mails are not sent but written to ${dir}/ (one JSON file each${env.NODE_ENV === "development" ? `, listed at http://localhost:${env.PORT}/dev/mails` : ""}).`,
  );
}

/** How long a stopping instance lets the requests it has begun finish (a form being sent, a page). */
const DRAIN_MS = 10_000;
const answers = keepAnswering(server);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal} received, stopping…`);
  // The requests begun are answered (DRAIN_MS at the most), new ones go to another instance. The
  // loop finishes its batch (and its alerts) if it can within 20 seconds (a batch marked done is
  // never pushed again by another instance); the sync lease is given back either way, so that
  // another instance takes over at once; the Meilisearch this process started is stopped whatever
  // happens, never left behind.
  await Promise.all([
    answers.drain(DRAIN_MS),
    Promise.race([sync?.stop(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]),
  ]);
  await releaseLease(getDb()).catch(() => {});
  await meili?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
