// The app's entry point to Meilisearch. The site must keep serving pages when it is down.
import type { Meilisearch } from "meilisearch";
import { createMeiliClient, isMeiliAvailable } from "../../search/client";
import { getEnv } from "./env.server";

const globalForSearch = globalThis as typeof globalThis & { __meili?: { url: string; client: Meilisearch } };

/** The configured client, or null when no Meilisearch is configured. */
export function getSearchClient(): Meilisearch | null {
  // Read at call time: `npm start` sets MEILI_URL once it has started the local server.
  const url = process.env.MEILI_URL || getEnv().MEILI_URL;
  if (!url) return null;
  if (globalForSearch.__meili?.url !== url) {
    globalForSearch.__meili = { url, client: createMeiliClient({ url, apiKey: process.env.MEILI_MASTER_KEY, timeoutMs: 1500 }) };
  }
  return globalForSearch.__meili.client;
}

export async function getSearchStatus(client: Meilisearch | null = getSearchClient()): Promise<"ok" | "down"> {
  if (!client) return "down";
  return (await isMeiliAvailable(client)) ? "ok" : "down";
}
