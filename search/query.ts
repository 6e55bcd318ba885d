// One search, two engines: Meilisearch, and the database when Meilisearch is down. Both answer
// the same shape, which is also the /api/search contract.
import crypto from "node:crypto";
import type { MatchingStrategies, Meilisearch } from "meilisearch";
import type { PrismaClient } from "../app/generated/prisma/client";
import { expiryCutoff } from "../app/domain/publication";
import { keptFigures } from "../app/models/figures-cache.server";
import type { SupplySource } from "../app/domain/registers/unclaimed";
import { documentId, filterVisible, findDocuments, type EntityType, type SearchDocument } from "./documents";
import { INDEX_NAME, SEARCHABLE_ATTRIBUTES } from "./settings";
import { STOP_WORDS } from "./synonyms";

export type SearchParams = {
  q: string;
  types: EntityType[];
  subAxes: string[];
  quartiers: string[];
  sectors: string[];
  resources: string[];
  statuses: string[];
  /** Left out or empty: both (a list of published structures, the directory, asks for `plateforme`). */
  sources?: SupplySource[];
  page: number;
  perPage: number;
  sort: "relevance" | "title" | "updated";
};

/** `title` is plain text; `titleHtml` and `snippet` are HTML-escaped with <mark> around matches. */
/** A search for `q`: no filter, the first page of 10, by relevance, unless said otherwise. */
export const searchParamsFor = (q: string, overrides: Partial<SearchParams> = {}): SearchParams => ({
  q,
  types: [],
  subAxes: [],
  quartiers: [],
  sectors: [],
  resources: [],
  statuses: [],
  page: 1,
  perPage: 10,
  sort: "relevance",
  ...overrides,
});

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
  /** For the page only (/api/search keeps its documented fields): the « Non revendiquée » badge (`registres`), */
  source: SupplySource;
  /** the « démo » badge, an offer's days and price. */
  isDemo: boolean;
  wholeCity: boolean;
  slots: string[];
  conditions: string | null;
};
export type Facets = {
  type: Record<string, number>;
  subAxis: Record<string, number>;
  quartier: Record<string, number>;
  sector: Record<string, number>;
  resource: Record<string, number>;
};
export type SearchResult = { total: number; page: number; hits: SearchHit[]; facets: Facets; engine: "meilisearch" | "database" };

// The engine's highlight markers, new in each process: text someone typed (a description, a
// query) cannot contain them, so only the engine's matches become <mark>.
const MARKER = crypto.randomBytes(12).toString("hex");
const PRE = `\uE000${MARKER}\uE001`;
const POST = `\uE001${MARKER}\uE000`;

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
    ...anyOf("source", params.sources ?? []),
  ];
}

const emptyFacets = (): Facets => ({ type: {}, subAxis: {}, quartier: {}, sector: {}, resource: {} });

/**
 * When no item has every word, the words found in the most items are dropped first: « partenaire
 * santé » or « salle pas chère à Nantes Nord » still find the best partial matches, and a rare
 * word (a name, a quartier) is never the one dropped.
 */
export const MATCHING_STRATEGY: MatchingStrategies = "frequency";

/**
 * The query that says whether one document is among a search's results (an alert for a saved
 * search): the search's own words, strategy and filters, and the document's id.
 */
export function matchQuery(params: SearchParams, id: string) {
  return {
    indexUid: INDEX_NAME,
    q: params.q,
    matchingStrategy: MATCHING_STRATEGY,
    filter: [...filters(params, true), `id = ${quote(id)}`],
    limit: 1,
    attributesToRetrieve: ["id"],
  };
}

/** The search's filters on one document (values of a filter ORed, filters ANDed), as Meilisearch reads them. */
export function matchesFilters(document: SearchDocument, params: SearchParams, withType = true): boolean {
  const has = (values: string[], wanted: string[]) => wanted.length === 0 || wanted.some((value) => values.includes(value));
  return (
    (!withType || has([document.type], params.types)) &&
    has(document.subAxes, params.subAxes) &&
    has(document.quartiers, params.quartiers) &&
    has(document.sector, params.sectors) &&
    has(document.resources, params.resources) &&
    has([document.status], params.statuses) &&
    has([document.source], params.sources ?? [])
  );
}

/** The two queries one search sends: results with facets, and the type counts without the type filter. */
export function meiliQueries(params: SearchParams) {
  const sort = params.sort === "title" ? ["title:asc"] : params.sort === "updated" ? ["updatedAt:desc"] : undefined;
  return [
    {
      indexUid: INDEX_NAME,
      q: params.q,
      matchingStrategy: MATCHING_STRATEGY,
      filter: filters(params, true),
      facets: ["subAxes", "quartiers", "sector", "resources"],
      hitsPerPage: params.perPage,
      page: params.page,
      sort,
      attributesToRetrieve: [
        "type",
        "entityId",
        "title",
        "url",
        "quartiers",
        "subAxes",
        "organisationName",
        "summary",
        "source",
        "isDemo",
        "wholeCity",
        "slots",
        "conditions",
      ],
      attributesToHighlight: ["title", "summary"],
      attributesToCrop: ["summary"],
      cropLength: 30,
      highlightPreTag: PRE,
      highlightPostTag: POST,
    },
    {
      indexUid: INDEX_NAME,
      q: params.q,
      matchingStrategy: MATCHING_STRATEGY,
      filter: filters(params, false),
      facets: ["type"],
      limit: 0,
    },
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
        source: hit.source === "registres" ? "registres" : "plateforme",
        isDemo: hit.isDemo === true,
        wholeCity: hit.wholeCity === true,
        slots: Array.isArray(hit.slots) ? hit.slots.map(String) : [],
        conditions: typeof hit.conditions === "string" ? hit.conditions : null,
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

const STOP = new Set(STOP_WORDS.map(normalise));

/** Each searched field, normalised, in the order Meilisearch ranks them. */
const fieldsOf = (document: SearchDocument) =>
  SEARCHABLE_ATTRIBUTES.map((attribute) => {
    const value = document[attribute];
    return normalise(Array.isArray(value) ? value.join(" ") : value);
  });

/**
 * The documents the simplified search reads, with their fields normalised: read and normalised
 * for every search, they cost about a second of CPU at 50,000 organisations — which, when
 * Meilisearch timed out because the server was busy, made it busier still. Kept as the map's
 * counts are (app/models/figures-cache.server.ts): until something is written, a minute at most,
 * and per day (offers expire by the day).
 */
function fallbackDocuments(db: PrismaClient) {
  return keptFigures(db, `search fallback ${expiryCutoff(new Date()).toISOString()}`, async () => {
    const documents = await findDocuments(db);
    return { documents, fields: documents.map(fieldsOf) };
  });
}

/**
 * The simplified search used while Meilisearch is down: words matched as typed (no typo
 * tolerance, no synonyms), the same filters and facets. Like Meilisearch's "frequency" strategy,
 * a word found nowhere is ignored, and items are ranked by how many words they have, the rarest
 * words counting first; then by the field the words are in; then newest first.
 */
export async function searchDatabase(db: PrismaClient, params: SearchParams): Promise<SearchResult> {
  const { documents, fields } = await fallbackDocuments(db);
  const words = normalise(params.q)
    .split(/[\s'’-]+/)
    .filter((word) => word && !STOP.has(word));
  const found = words.map((word) => fields.map((texts) => texts.some((text) => text.includes(word))));
  const frequency = found.map((hits) => hits.filter(Boolean).length);
  // Rarest first; a word no item has is dropped, as Meilisearch does.
  const ranked = words.map((_, index) => index).filter((index) => frequency[index]! > 0);
  ranked.sort((a, b) => frequency[a]! - frequency[b]!);
  /** How many of the rarest words, in order, the item has: Meilisearch's tiers under "frequency". */
  const tier = (position: number) => {
    let count = 0;
    while (count < ranked.length && found[ranked[count]!]![position]) count += 1;
    return count;
  };
  /** The first field holding one of the item's words (fewer is better). */
  const field = (position: number) => {
    const index = fields[position]!.findIndex((text) => ranked.some((word) => text.includes(words[word]!)));
    return index === -1 ? fields[position]!.length : index;
  };
  const scored = documents.map((document, position) => ({
    document,
    tier: words.length === 0 ? 0 : tier(position),
    field: words.length === 0 ? 0 : field(position),
  }));
  const textual = words.length === 0 ? scored : scored.filter((item) => item.tier > 0);
  const matching = textual.filter((item) => matchesFilters(item.document, params));
  const facets = emptyFacets();
  for (const item of textual.filter(({ document }) => matchesFilters(document, params, false)))
    count(facets.type, [item.document.type]);
  for (const { document } of matching) {
    count(facets.subAxis, document.subAxes);
    count(facets.quartier, document.quartiers);
    count(facets.sector, document.sector);
    count(facets.resource, document.resources);
  }
  // As in Meilisearch, where the words rule comes before the sort.
  type Scored = (typeof scored)[number];
  const within: (a: Scored, b: Scored) => number =
    params.sort === "title"
      ? (a, b) => a.document.title.localeCompare(b.document.title, "fr")
      : params.sort === "updated"
        ? (a, b) => b.document.updatedAt - a.document.updatedAt
        : (a, b) => a.field - b.field || b.document.updatedAt - a.document.updatedAt;
  const sorted = [...matching].sort((a, b) => b.tier - a.tier || within(a, b)).map((item) => item.document);
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
      source: document.source,
      isDemo: document.isDemo,
      wholeCity: document.wholeCity,
      slots: document.slots,
      conditions: document.conditions,
    })),
  };
}
