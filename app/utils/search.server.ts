// The app's entry point to search. Meilisearch when it answers; the database otherwise, so the
// site keeps serving pages (and says the search is simplified).
import type { Meilisearch } from "meilisearch";
import { createMeiliClient, isMeiliAvailable } from "../../search/client";
import { keepVisible, searchDatabase, searchMeili, type SearchParams, type SearchResult } from "../../search/query";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

const globalForSearch = globalThis as typeof globalThis & {
  __meili?: { url: string; client: Meilisearch };
  __meiliDownUntil?: number;
};

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

/** After a failure, pages go straight to the database for a few seconds instead of waiting again. */
const DOWN_FOR_MS = 5000;

/** Meilisearch's answer, or null when it failed (the pages then go to the database for a few seconds). */
async function fromMeili(client: Meilisearch, params: SearchParams): Promise<SearchResult | null> {
  try {
    return await searchMeili(client, params);
  } catch {
    globalForSearch.__meiliDownUntil = Date.now() + DOWN_FOR_MS;
    return null;
  }
}

/**
 * A search asked of Meilisearch while its request waited its turn (scripts/lib/admission.ts): the
 * engine works on the machine's other core meanwhile, and the page, once its turn comes, only
 * renders. Its `answer` never fails (null: Meilisearch did not answer).
 */
export type SearchAhead = { key: string; answer: Promise<SearchResult | null> };

const keyOf = (params: SearchParams) => JSON.stringify(params);

/** The search started now, for a request still waiting; null when Meilisearch is not in use. */
export function searchAhead(params: SearchParams): SearchAhead | null {
  const client = getSearchClient();
  if (!client || Date.now() < (globalForSearch.__meiliDownUntil ?? 0)) return null;
  return { key: keyOf(params), answer: fromMeili(client, params) };
}

/** What the load context carries as a search started ahead (the server's, or nothing). */
export async function aheadIn(context: unknown): Promise<SearchAhead | null> {
  const ahead = (context as { searchAhead?: unknown } | null)?.searchAhead;
  return ahead instanceof Promise ? ((await ahead) as SearchAhead | null) : null;
}

/**
 * The search's results: Meilisearch's (the one started `ahead` for these very parameters, if any),
 * else the database's.
 */
export async function search(params: SearchParams, ahead?: SearchAhead | null): Promise<SearchResult> {
  const client = getSearchClient();
  const result =
    ahead && ahead.key === keyOf(params)
      ? await ahead.answer
      : client && Date.now() >= (globalForSearch.__meiliDownUntil ?? 0)
        ? await fromMeili(client, params)
        : null;
  if (result) return keepVisible(getDb(), result);
  return searchDatabase(getDb(), params);
}

export function toSearchParams(query: {
  q: string;
  type: string[];
  subAxis: string[];
  quartier: string[];
  sector: string[];
  resource: string[];
  status: string[];
  page: number;
  perPage: number;
  sort: SearchParams["sort"];
}): SearchParams {
  return {
    q: query.q,
    types: query.type as SearchParams["types"],
    subAxes: query.subAxis,
    quartiers: query.quartier,
    sectors: query.sector,
    resources: query.resource,
    statuses: query.status,
    page: query.page,
    perPage: query.perPage,
    sort: query.sort,
  };
}
