// `npm run user:grant-ccas -- someone@example.org`: makes an existing account a CCAS administrator,
// for the first one (the others are invited from /ccas/equipe). Written to the audit journal.
import { grantCcasAdminByCommand } from "../app/models/staff.server";
import { parseEnv } from "../app/utils/env.server";
import { siteDatabaseOrExit } from "./lib/prepare";

const email = process.argv[2]?.trim().toLowerCase();
if (!email) {
  console.error("Usage: npm run user:grant-ccas -- someone@example.org");
  process.exit(2);
}
const db = siteDatabaseOrExit(parseEnv(process.env));
try {
  if (await grantCcasAdminByCommand(db, email)) {
    console.log(`${email} is now a CCAS administrator (staff, calls, moderation, review).`);
  } else {
    console.error(`No account with the address ${email}: the person must sign up first.`);
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
