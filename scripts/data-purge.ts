// `npm run -s data:purge`: for a daily scheduler (cron: `30 3 * * * cd /srv/cooperons && npm run -s
// data:purge`). Deletes expired sessions, used or expired mailed links, expired invitations and
// contact messages older than the privacy page's retention; prints what it deleted as JSON.
import { purgeExpiredData } from "../app/models/purge.server";
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";

const db = createPrismaClient(parseEnv(process.env).DATABASE_URL);
try {
  console.log(JSON.stringify(await purgeExpiredData(db)));
} finally {
  await db.$disconnect();
}
