// `npm run search:reindex`: rebuilds the search index from the database, with a progress bar.
import { createPrismaClientFromEnv } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { createMeiliClient } from "../search/client";
import { reindexAll } from "../search/sync";
import { searchConnection } from "./lib/search-connection";

const env = parseEnv(process.env);
const db = createPrismaClientFromEnv(env);
const connection = await searchConnection(env);
const started = Date.now();
try {
  const { documents } = await reindexAll(
    db,
    createMeiliClient({ url: connection.url, apiKey: connection.key, timeoutMs: 60_000 }),
    (done, total) => {
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      process.stdout.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} documents`);
    },
  );
  process.stdout.write(`\nReindexed ${documents} documents in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
} finally {
  await connection.stop();
  await db.$disconnect();
}
