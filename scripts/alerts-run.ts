// `npm run -s alerts:run`: the alerts of the items the search sync queued (the server's sync loop
// does the same after each batch it indexes), then the alert mails due at once. For a scheduler
// where no server runs the loop, after `npm run -s search:sync -- --once`. Idempotent, and safe
// to run twice at the same time: work is claimed in the database, each person hears of an item once.
import { runAlerts } from "../app/models/alert.server";
import { parseEnv } from "../app/utils/env.server";
import { sendMail } from "../app/utils/mail.server";
import { createMeiliClient } from "../search/client";
import { searchConnection } from "./lib/search-connection";
import { siteDatabaseOrExit } from "./lib/prepare";

const env = parseEnv(process.env);
const db = siteDatabaseOrExit(env);
const connection = await searchConnection(env);
try {
  const meili = createMeiliClient({ url: connection.url, apiKey: connection.key, timeoutMs: 60_000 });
  const { items, alerts, mailed } = await runAlerts(db, meili, sendMail);
  console.log(`Alerts: ${items} new item(s) checked, ${alerts} alert(s) recorded, ${mailed} mailed at once.`);
} finally {
  await connection.stop();
  await db.$disconnect();
}
