// `npm run notify:digest`: the daily digest of notifications, for a scheduler (cron, systemd timer)
// to run once a day. Running it twice sends nothing twice.
import { sendDigests } from "../app/models/notification.server";
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { sendMail } from "../app/utils/mail.server";

const db = createPrismaClient(parseEnv(process.env).DATABASE_URL);
try {
  const { users, items } = await sendDigests(db, sendMail);
  console.log(`Digest: ${items} notification(s) mailed to ${users} person(s).`);
} finally {
  await db.$disconnect();
}
