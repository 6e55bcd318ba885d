// `npm run db:seed`: the calls, the quartiers and the fictitious demo (prisma/demo-city.ts), as
// `npm start` seeds an empty database. `-- --no-demo` leaves the demo out.
// `-- --scale N` then adds N more fictitious organisations (with offers) drawn like the demo's, for
// benchmarks; they are not queued for search, so `npm run search:reindex` follows.
import { performance } from "node:perf_hooks";
import { seed, seedScale } from "../prisma/seed";
import { displayDatabaseUrl } from "../app/utils/database-url";
import { createPrismaClientFromEnv } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";

const args = process.argv.slice(2);
const scaleAt = args.indexOf("--scale");
const scaleText = scaleAt >= 0 ? args[scaleAt + 1] : undefined;
if (scaleAt >= 0 && !/^[1-9]\d{0,6}$/.test(scaleText ?? "")) {
  console.error("--scale expects a number of organisations between 1 and 9999999, such as --scale 50000");
  process.exit(2);
}

const env = parseEnv(process.env);
const db = createPrismaClientFromEnv(env);
try {
  await seed(db, { demo: args.includes("--no-demo") ? false : "full" });
  console.log(`Seeded ${displayDatabaseUrl(env.DATABASE_URL)}`);
  if (scaleText) {
    const started = performance.now();
    const { organisations, offers } = await seedScale(db, Number(scaleText));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Added ${organisations} fictitious organisations and ${offers} offers in ${seconds} s.`);
    console.log("Run `npm run search:reindex` to put them in the search index.");
  }
} finally {
  await db.$disconnect();
}
