// `npm run -s data:purge`: for a daily scheduler (cron: `30 3 * * * cd /srv/cooperons && npm run -s
// data:purge`). Deletes expired sessions, used or expired mailed links, expired invitations and
// contact messages older than the privacy page's retention; prints what it deleted as JSON.
import { purgeExpiredData } from "../app/models/purge.server";
import { parseEnv } from "../app/utils/env.server";
import { siteDatabaseOrExit } from "./lib/prepare";

const db = siteDatabaseOrExit(parseEnv(process.env));
try {
  console.log(JSON.stringify(await purgeExpiredData(db)));
} finally {
  await db.$disconnect();
}
