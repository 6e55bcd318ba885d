// One search, two engines: Meilisearch, and the database when Meilisearch is down. Both answer
// the same shape, which is also the /api/search contract.
import type { Meilisearch } from "meilisearch";
import type { PrismaClient } from "../app/generated/prisma/client";
import { documentId, filterVisible, findDocuments, type EntityType, type SearchDocument } from "./documents";
import { INDEX_NAME } from "./settings";

export type SearchParams = {
  q: string;
  types: EntityType[];
  subAxes: string[];
  quartiers: string[];
  sectors: string[];
  resources: string[];
  statuses: string[];
  page: number;
  perPage: number;
  sort: "relevance" | "title" | "updated";
};

/** `title` is plain text; `titleHtml` and `snippet` are HTML-escaped with <mark> around matches. */
export type SearchHit = {
  type: EntityType;
  id: string;
  title: string;
  titleHtml: string;
  url: string;
  snippet: string;
  quartiers: string[];
  subAxes: string[];
  organisationName: string;
};
export type Facets = {
  type: Record<string, number>;
  subAxis: Record<string, number>;
  quartier: Record<string, number>;
  sector: Record<string, number>;
  resource: Record<string, number>;
};
export type SearchResult = { total: number; page: number; hits: SearchHit[]; facets: Facets; engine: "meilisearch" | "database" };

const PRE = "\uE000";
const POST = "\uE001";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Text made safe for HTML, where only the engine's highlights become <mark>. */
export function markHighlights(text: string): string {
  return escapeHtml(text).replaceAll(PRE, "<mark>").replaceAll(POST, "</mark>");
}

const quote = (value: string) => `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
const anyOf = (field: string, values: string[]) => (values.length ? [values.map((value) => `${field} = ${quote(value)}`)] : []);

function filters(params: SearchParams, withType: boolean): string[][] {
  return [
    ...(withType ? anyOf("type", params.types) : []),
    ...anyOf("subAxes", params.subAxes),
    ...anyOf("quartiers", params.quartiers),
    ...anyOf("sector", params.sectors),
    ...anyOf("resources", params.resources),
    ...anyOf("status", params.statuses),
  ];
}

const emptyFacets = (): Facets => ({ type: {}, subAxis: {}, quartier: {}, sector: {}, resource: {} });

/** The two queries one search sends: results with facets, and the type counts without the type filter. */
export function meiliQueries(params: SearchParams) {
  const sort = params.sort === "title" ? ["title:asc"] : params.sort === "updated" ? ["updatedAt:desc"] : undefined;
  return [
    {
      indexUid: INDEX_NAME,
      q: params.q,
      filter: filters(params, true),
      facets: ["subAxes", "quartiers", "sector", "resources"],
      hitsPerPage: params.perPage,
      page: params.page,
      sort,
      attributesToRetrieve: ["type", "entityId", "title", "url", "quartiers", "subAxes", "organisationName", "summary"],
      attributesToHighlight: ["title", "summary"],
      attributesToCrop: ["summary"],
      cropLength: 30,
      highlightPreTag: PRE,
      highlightPostTag: POST,
    },
    { indexUid: INDEX_NAME, q: params.q, filter: filters(params, false), facets: ["type"], limit: 0 },
  ];
}

export async function searchMeili(meili: Meilisearch, params: SearchParams): Promise<SearchResult> {
  const { results } = await meili.multiSearch({ queries: meiliQueries(params) });
  const [main, types] = results as [(typeof results)[number], (typeof results)[number]];
  const distribution = main.facetDistribution ?? {};
  return {
    total: main.totalHits ?? main.estimatedTotalHits ?? 0,
    page: params.page,
    engine: "meilisearch",
    facets: {
      type: types.facetDistribution?.type ?? {},
      subAxis: distribution.subAxes ?? {},
      quartier: distribution.quartiers ?? {},
      sector: distribution.sector ?? {},
      resource: distribution.resources ?? {},
    },
    hits: main.hits.map((hit) => {
      const formatted = (hit._formatted ?? {}) as Record<string, string>;
      return {
        type: hit.type as EntityType,
        id: String(hit.entityId),
        title: String(hit.title),
        titleHtml: markHighlights(formatted.title ?? String(hit.title)),
        url: String(hit.url),
        snippet: markHighlights(formatted.summary ?? String(hit.summary ?? "")),
        quartiers: hit.quartiers as string[],
        subAxes: hit.subAxes as string[],
        organisationName: String(hit.organisationName),
      };
    }),
  };
}

/**
 * Drops the hits the database no longer shows (the index lags behind it by the sync loop's
 * delay, and an offer expires without any write): pages show only what is visible now.
 */
export async function keepVisible(db: PrismaClient, result: SearchResult): Promise<SearchResult> {
  const refs = result.hits.map((hit) => ({ entityType: hit.type, entityId: hit.id }));
  const visible = await filterVisible(db, refs);
  const hits = result.hits.filter((hit, index) => visible.has(documentId(refs[index]!)));
  return { ...result, hits, total: Math.max(hits.length, result.total - (result.hits.length - hits.length)) };
}

function count(target: Record<string, number>, values: string[]) {
  for (const value of new Set(values)) target[value] = (target[value] ?? 0) + 1;
}

const normalise = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/**
 * The simplified search used while Meilisearch is down: words matched as typed (no typo
 * tolerance, no synonyms), the same filters and facets, newest first.
 */
export async function searchDatabase(db: PrismaClient, params: SearchParams): Promise<SearchResult> {
  const documents = await findDocuments(db);
  const words = normalise(params.q).split(/\s+/).filter(Boolean);
  const matchesText = (document: SearchDocument) => {
    const haystack = normalise(
      [document.title, document.organisationName, document.summary, document.text, ...document.keywords].join(" "),
    );
    return words.every((word) => haystack.includes(word));
  };
  const has = (values: string[], wanted: string[]) => wanted.length === 0 || wanted.some((value) => values.includes(value));
  const matchesFilters = (document: SearchDocument, withType: boolean) =>
    (!withType || has([document.type], params.types)) &&
    has(document.subAxes, params.subAxes) &&
    has(document.quartiers, params.quartiers) &&
    has(document.sector, params.sectors) &&
    has(document.resources, params.resources) &&
    has([document.status], params.statuses);
  const textual = documents.filter(matchesText);
  const matching = textual.filter((document) => matchesFilters(document, true));
  const facets = emptyFacets();
  for (const document of textual.filter((item) => matchesFilters(item, false))) count(facets.type, [document.type]);
  for (const document of matching) {
    count(facets.subAxis, document.subAxes);
    count(facets.quartier, document.quartiers);
    count(facets.sector, document.sector);
    count(facets.resource, document.resources);
  }
  const sorted =
    params.sort === "title"
      ? [...matching].sort((a, b) => a.title.localeCompare(b.title, "fr"))
      : [...matching].sort((a, b) => b.updatedAt - a.updatedAt);
  const start = (params.page - 1) * params.perPage;
  return {
    total: matching.length,
    page: params.page,
    engine: "database",
    facets,
    hits: sorted.slice(start, start + params.perPage).map((document) => ({
      type: document.type,
      id: document.entityId,
      title: document.title,
      titleHtml: escapeHtml(document.title),
      url: document.url,
      snippet: escapeHtml(document.summary.slice(0, 200)),
      quartiers: document.quartiers,
      subAxes: document.subAxes,
      organisationName: document.organisationName,
    })),
  };
}
