// `npm run db:seed`: the calls, the quartiers and the fictitious demo organisations.
// `npm run db:seed -- --no-demo` leaves the demo organisations out.
import { seed } from "../prisma/seed";
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";

const env = parseEnv(process.env);
const db = createPrismaClient(env.DATABASE_URL);
try {
  await seed(db, { demo: !process.argv.includes("--no-demo") });
  console.log(`Seeded ${env.DATABASE_URL}`);
} finally {
  await db.$disconnect();
}
