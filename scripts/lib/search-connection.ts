// For the command-line tools: the configured Meilisearch, or the local one (started if needed).
import type { Env } from "../../app/utils/env.server";
import { startLocalMeili } from "./local-meili";

export async function searchConnection(env: Env): Promise<{ url: string; key?: string; stop: () => Promise<void> }> {
  if (env.MEILI_URL) return { url: env.MEILI_URL, key: env.MEILI_MASTER_KEY, stop: async () => {} };
  const local = await startLocalMeili({
    dataDir: env.DATA_DIR,
    port: env.MEILI_PORT,
    binary: env.MEILI_BINARY,
    log: console.log,
  });
  if (!local) {
    console.error("Meilisearch is not available: see the messages above.");
    process.exit(1);
  }
  return { url: local.url, key: local.masterKey, stop: local.stop };
}
