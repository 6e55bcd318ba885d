// The app server alone, for `remix dev` (see scripts/dev.ts), which restarts nothing but the build.
import { broadcastDevReady } from "@remix-run/node";
import { runAlerts } from "../app/models/alert.server";
import { deliverQueuedSoon } from "../app/models/notification-queue.server";
import { getDb } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { sendMail } from "../app/utils/mail.server";
import { getSearchClient } from "../app/utils/search.server";
import { startSyncLoop } from "../search/sync";
import { createApp, listen } from "./lib/server";

const env = parseEnv(process.env);
const client = getSearchClient();
if (client)
  startSyncLoop(getDb(), client, {
    log: (message) => console.log(`[dev] ${message}`),
    afterIndex: () => Promise.all([runAlerts(getDb(), client, sendMail), deliverQueuedSoon(getDb(), sendMail)]),
  });
const { app, build } = await createApp(env);
await listen(app, env.PORT, env.HOST);
console.log(`[dev] Coopérons on http://localhost:${env.PORT}`);
if (env.NODE_ENV === "development") await broadcastDevReady(build);
