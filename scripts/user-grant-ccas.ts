// `npm run user:grant-ccas -- someone@example.org`: gives an existing account the CCAS role.
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";

const email = process.argv[2]?.trim().toLowerCase();
if (!email) {
  console.error("Usage: npm run user:grant-ccas -- someone@example.org");
  process.exit(2);
}
const db = createPrismaClient(parseEnv(process.env).DATABASE_URL);
try {
  const { count } = await db.user.updateMany({ where: { email }, data: { isCcas: true, ccasRole: "ccas-admin" } });
  if (count === 0) {
    console.error(`No account with the address ${email}: the person must sign up first.`);
    process.exitCode = 1;
  } else {
    console.log(`${email} now has the CCAS role (moderation).`);
  }
} finally {
  await db.$disconnect();
}
