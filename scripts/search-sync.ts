// `npm run search:sync`: pushes the outbox to Meilisearch until stopped (the server does the same
// in-process), and queues the offers that expired. `--once` does the same once and exits (for a
// daily scheduler where no server runs the loop).
import { runAlerts } from "../app/models/alert.server";
import { createPrismaClientFromEnv } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { sendMail } from "../app/utils/mail.server";
import { createMeiliClient } from "../search/client";
import { enqueueExpiredOffers } from "../search/outbox";
import { ensureIndex, processOutbox, startSyncLoop } from "../search/sync";
import { searchConnection } from "./lib/search-connection";

const env = parseEnv(process.env);
const db = createPrismaClientFromEnv(env);
const connection = await searchConnection(env);
const meili = createMeiliClient({ url: connection.url, apiKey: connection.key, timeoutMs: 60_000 });
if (process.argv.includes("--once")) {
  await ensureIndex(db, meili, console.log);
  const expired = await enqueueExpiredOffers(db);
  if (expired > 0) console.log(`Search sync: ${expired} expired offer(s) to remove.`);
  let total = 0;
  for (let handled = await processOutbox(db, meili); handled > 0; handled = await processOutbox(db, meili)) total += handled;
  console.log(`Search sync: ${total} change(s) pushed.`);
  await connection.stop();
  await db.$disconnect();
} else {
  const loop = startSyncLoop(db, meili, { log: console.log, afterIndex: () => runAlerts(db, meili, sendMail) });
  console.log("Search sync running; Ctrl-C to stop.");
  const stop = async () => {
    await loop.stop();
    await connection.stop();
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
