// `npm run notify:digest`: the daily digest of notifications, for a scheduler (cron, systemd timer)
// to run once a day, with the CCAS staff's reminder of what waits for moderation. Running it twice
// sends nothing twice.
import { sendDigests, sendModerationReminder } from "../app/models/notification.server";
import { parseEnv } from "../app/utils/env.server";
import { sendMail } from "../app/utils/mail.server";
import { siteOrigin } from "../app/utils/url.server";
import { siteDatabaseOrExit } from "./lib/prepare";

const env = parseEnv(process.env);
const db = siteDatabaseOrExit(env);
try {
  const { users, items, refused } = await sendDigests(db, sendMail);
  console.log(`Digest: ${items} notification(s) mailed to ${users} person(s).`);
  if (refused.length > 0)
    console.log(`Digest: the mail relay refused ${refused.length} address(es), left for the next run: ${refused.join(", ")}.`);
  const reminder = await sendModerationReminder(db, sendMail, { link: `${siteOrigin()}/ccas/moderation` });
  console.log(`Moderation: ${reminder.waiting} item(s) waiting, reminder mailed to ${reminder.staff} CCAS person(s).`);
} finally {
  await db.$disconnect();
}
