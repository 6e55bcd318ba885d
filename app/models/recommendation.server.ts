// Partner recommendations on the real site: the project of an idea or a groupement read from the
// database, its candidates, the engine (app/domain/recommendation.ts) with the call's weights, and
// what people do with a suggestion (« Pas intéressé », an invitation to express interest).
//
// Why not a database pre-filter: a candidate earns a reason as soon as its sector is not among the
// members' — and a project has one to three members, so nearly every organisation qualifies, and
// the engine's tie-break (names in French collation) cannot be asked of SQL. Instead every public
// organisation is kept as the engine reads it, in a compact projection per process, sorted once by
// name; it is brought up to date from the rows changed since it was read (the search outbox and the
// `updatedAt` indexes), never rebuilt per request. A request then bounds each candidate's score from
// above with the engine itself (on a few synthetic candidates: per sector and kind, per territory,
// per set of sub-axes, per set of resources offered) and scores candidates with the engine from the
// highest bound down, stopping when no bound can reach the last kept score. The result is the
// engine's own on the full set (tests/integration/recommendations.test.ts checks it; the bound is
// property-tested in tests/unit/recommendation-bound.test.ts).
import { localDay } from "~/domain/format";
import { createScoreBound, offeredResources } from "~/domain/recommendation-bound";
import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import {
  compareRecommendations,
  recommendPartners,
  type Recommendation,
  type RecommendationCandidate,
  type RecommendationContext,
  type RecommendationOffer,
  type RecommendationProject,
  type Territory,
} from "~/domain/recommendation";
import {
  inQuartierOrder,
  isCode,
  KINDS,
  QUARTIERS,
  RESOURCES,
  SECTORS,
  type KindCode,
  type QuartierSlug,
  type ResourceCode,
  type SectorCode,
} from "~/domain/taxonomy";
import type { Prisma } from "~/generated/prisma/client";
import { isUniqueViolation, type Db } from "~/utils/db.server";
import { getRecommendationWeights } from "./call.server";

/** How many suggestions a page shows. */
export const SUGGESTION_LIMIT = 10;

/** Idea stages at which partners are still welcome (the others have applied, won or stopped). */
export const SEEKING_STAGES = ["draft", "looking-for-partners", "groupement-formed"] as const;

/** An idea's suggestions, or a groupement's (computed from its current active members). */
export type SuggestionTarget = { type: "idea"; ideaId: string } | { type: "groupement"; groupementId: string };

// ——— The projection: every public organisation as the engine reads it ———

/** A candidate without its sub-axes, which are named by the codes of each call. */
type CandidateBase = Omit<RecommendationCandidate, "subAxes">;

type Entry = {
  base: CandidateBase;
  slug: string;
  /** The organisation row's `updatedAt` when it was read. */
  updatedAt: number;
  subAxisIds: readonly string[];
  offers: readonly { id: string; updatedAt: number }[];
  /** What its bound is looked up by (see `boundsFor`). */
  classKey: number;
  territoryKey: number;
  subAxesKey: number;
  resourceMask: number;
  /** The entry as the engine's comparison reads it, with an equal score. */
  order: Recommendation;
};

/** Territories and sets of sub-axes met so far, numbered: many organisations share each. Only ever grows. */
type Interned = {
  territories: Territory[];
  territoryKeys: Map<string, number>;
  subAxisSets: (readonly string[])[];
  subAxisSetKeys: Map<string, number>;
};

/** Where the projection was read up to: the last outbox row, the last organisation and offer change. */
type Mark = { outboxId: number; organisationsAt: number; offersAt: number };

type Projection = {
  /** In the engine's order among equal scores (name, then id): an entry's index is its rank. */
  entries: Entry[];
  byId: Map<string, Entry>;
  /** Each entry's keys by rank, read by every request's loop over all organisations. */
  classKeys: Uint8Array;
  territoryKeys: Uint32Array;
  subAxesKeys: Uint32Array;
  resourceMasks: Uint8Array;
  offerOwner: Map<string, string>;
  interned: Interned;
  mark: Mark;
  /** How many rows were written within the margin before the mark, when it was read. */
  zone: Zone;
  /** The `updatedAt` of each organisation and offer row last read, public or not: a row read again unchanged is no change. */
  seenOrganisations: Map<string, number>;
  seenOffers: Map<string, number>;
  /** The marks whose margin was last read when no late row could come any more (see `SETTLED_AFTER_MS`). */
  settled: { organisationsAt: number; offersAt: number };
};

/** Reading an organisation's rows beyond this many changes at once is slower than reading all of them. */
const FULL_RELOAD_ABOVE = 2000;
/**
 * `updatedAt` is written by each server's clock before its transaction commits, so a row can appear
 * after the mark with an `updatedAt` a little before it (a late commit, a skewed clock). The rows of
 * this margin before the mark are counted when the mark is read, and read again when the count
 * moves (a row found again with the `updatedAt` already read is no change).
 */
const CLOCK_MARGIN_MS = 5000;
/**
 * A margin read once this long after its mark holds no late row any more: it is not read again
 * while the mark stays (after a bulk write — an import, the demo — it may hold thousands of rows).
 */
const SETTLED_AFTER_MS = 2 * CLOCK_MARGIN_MS;
const NOT_SETTLED = { organisationsAt: -1, offersAt: -1 } as const;

type Zone = { organisations: number; offers: number };

const NO_REASONS: Recommendation["reasons"] = [];

const byEngineOrder = (a: Entry, b: Entry) => compareRecommendations(a.order, b.order);

type State = { projection?: Projection; refreshing?: Promise<Projection> };
/**
 * One projection per database and process, kept on globalThis: `npm start` loads this module twice
 * (its own import for the alerts, and the built site's copy), and each copy kept its own — about
 * 55 MB more at 50,000 organisations.
 */
const states: WeakMap<Db, State> = ((
  globalThis as typeof globalThis & { __suggestionStates?: WeakMap<Db, State> }
).__suggestionStates ??= new WeakMap());

async function readMark(db: Db): Promise<Mark> {
  const [outbox, organisation, offer] = await Promise.all([
    db.searchOutbox.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    db.organisation.findFirst({ orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }),
    db.offer.findFirst({ orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }),
  ]);
  return {
    outboxId: outbox?.id ?? 0,
    organisationsAt: organisation?.updatedAt.getTime() ?? 0,
    offersAt: offer?.updatedAt.getTime() ?? 0,
  };
}

const sameMark = (a: Mark, b: Mark) =>
  a.outboxId === b.outboxId && a.organisationsAt === b.organisationsAt && a.offersAt === b.offersAt;

type OfferRow = { id: string; updatedAt: number; offer: RecommendationOffer };

type OrganisationRows = {
  organisations: {
    id: string;
    slug: string;
    name: string;
    sector: string;
    kind: string;
    wholeCity: boolean;
    updatedAt: Date;
  }[];
  quartiers: Map<string, QuartierSlug[]>;
  subAxes: Map<string, string[]>;
  resources: Map<string, ResourceCode[]>;
  offers: Map<string, OfferRow[]>;
};

function groupBy<T, V>(rows: T[], key: (row: T) => string, value: (row: T) => V | undefined): Map<string, V[]> {
  const grouped = new Map<string, V[]>();
  for (const row of rows) {
    const item = value(row);
    if (item === undefined) continue;
    const list = grouped.get(key(row));
    if (list) list.push(item);
    else grouped.set(key(row), [item]);
  }
  return grouped;
}

/** Ids read per query when reading some organisations: under the database's limit of bound parameters. */
const IDS_PER_QUERY = 500;

/** The rows of the public organisations matching `where`, with what the engine reads, in flat queries. */
function readRows(db: Db, where: Prisma.OrganisationWhereInput, now: Date) {
  return Promise.all([
    db.organisation.findMany({
      where,
      select: { id: true, slug: true, name: true, sector: true, kind: true, wholeCity: true, updatedAt: true },
    }),
    db.organisationQuartier.findMany({ where: { organisation: where }, select: { organisationId: true, quartierId: true } }),
    db.organisationSubAxis.findMany({ where: { organisation: where }, select: { organisationId: true, subAxisId: true } }),
    db.organisationResource.findMany({
      where: { organisation: where, direction: "offers" },
      select: { organisationId: true, resource: true },
    }),
    db.offer.findMany({
      where: { AND: [visibleOfferWhere(now), { organisation: where }] },
      select: { id: true, organisationId: true, resource: true, quartierId: true, validUntil: true, updatedAt: true },
    }),
  ]);
}

/** Where clauses naming these organisations, each under the database's limit of bound parameters. */
function byIds(ids: string[]): Prisma.OrganisationWhereInput[] {
  const chunks: Prisma.OrganisationWhereInput[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY)
    chunks.push({ id: { in: ids.slice(start, start + IDS_PER_QUERY) } });
  return chunks;
}

/** The public organisations matching any of `wheres`, with what the engine reads. */
async function readOrganisations(db: Db, wheres: Prisma.OrganisationWhereInput[], now: Date): Promise<OrganisationRows> {
  const [quartierRows, parts] = await Promise.all([
    db.quartier.findMany({ select: { id: true, slug: true } }),
    Promise.all(wheres.map((where) => readRows(db, { AND: [visibleOrganisationWhere(), where] }, now))),
  ]);
  const organisations = parts.flatMap((part) => part[0]);
  const quartierLinks = parts.flatMap((part) => part[1]);
  const subAxisLinks = parts.flatMap((part) => part[2]);
  const resourceRows = parts.flatMap((part) => part[3]);
  const offerRows = parts.flatMap((part) => part[4]);
  const slugOf = new Map(quartierRows.map((row) => [row.id, row.slug]));
  const quartierOf = (id: string | null) => {
    const slug = id ? slugOf.get(id) : undefined;
    return isCode(QUARTIERS, slug) ? slug : undefined;
  };
  return {
    organisations,
    quartiers: groupBy(
      quartierLinks,
      (row) => row.organisationId,
      (row) => quartierOf(row.quartierId),
    ),
    subAxes: groupBy(
      subAxisLinks,
      (row) => row.organisationId,
      (row) => row.subAxisId,
    ),
    resources: groupBy(
      resourceRows,
      (row) => row.organisationId,
      (row) => (isCode(RESOURCES, row.resource) ? row.resource : undefined),
    ),
    offers: groupBy(
      offerRows,
      (row) => row.organisationId,
      (row): OfferRow | undefined => {
        if (!isCode(RESOURCES, row.resource)) return undefined;
        const quartier = quartierOf(row.quartierId);
        return {
          id: row.id,
          updatedAt: row.updatedAt.getTime(),
          offer: {
            resource: row.resource,
            quartiers: quartier ? [quartier] : [],
            // Stored at midnight UTC: the day it names is the last one included.
            validUntil: row.validUntil ? row.validUntil.toISOString().slice(0, 10) : null,
          },
        };
      },
    ),
  };
}

function intern<T>(table: T[], keys: Map<string, number>, key: string, value: () => T): number {
  let index = keys.get(key);
  if (index === undefined) {
    index = table.length;
    table.push(value());
    keys.set(key, index);
  }
  return index;
}

const newInterned = (): Interned => ({ territories: [], territoryKeys: new Map(), subAxisSets: [], subAxisSetKeys: new Map() });

const RESOURCE_BIT = new Map(RESOURCES.map((resource, index) => [resource.code, 1 << index]));
const SECTOR_INDEX = new Map(SECTORS.map((sector, index) => [sector.code, index]));
const KIND_INDEX = new Map(KINDS.map((kind, index) => [kind.code, index]));

/** Entries for the rows read; organisations with a sector or kind the taxonomy lacks are left out. */
function toEntries(interned: Interned, rows: OrganisationRows): Entry[] {
  const entries: Entry[] = [];
  for (const organisation of rows.organisations) {
    const { sector, kind } = organisation;
    if (!isCode(SECTORS, sector) || !isCode(KINDS, kind)) continue;
    const quartiers = organisation.wholeCity
      ? []
      : inQuartierOrder([...new Set(rows.quartiers.get(organisation.id) ?? [])], (slug) => slug);
    const territory: Territory = { wholeCity: organisation.wholeCity, quartiers };
    const subAxisIds = [...new Set(rows.subAxes.get(organisation.id) ?? [])].sort();
    const offers = rows.offers.get(organisation.id) ?? [];
    const base: CandidateBase = {
      id: organisation.id,
      name: organisation.name,
      sector,
      kind,
      territory,
      resources: [...new Set(rows.resources.get(organisation.id) ?? [])],
      offers: offers.map((row) => row.offer),
    };
    entries.push({
      base,
      slug: organisation.slug,
      updatedAt: organisation.updatedAt.getTime(),
      subAxisIds,
      offers: offers.map(({ id, updatedAt }) => ({ id, updatedAt })),
      classKey: SECTOR_INDEX.get(sector)! * KINDS.length + KIND_INDEX.get(kind)!,
      territoryKey: intern(
        interned.territories,
        interned.territoryKeys,
        `${territory.wholeCity ? "*" : ""}${quartiers.join(" ")}`,
        () => territory,
      ),
      subAxesKey: intern(interned.subAxisSets, interned.subAxisSetKeys, subAxisIds.join(" "), () => subAxisIds),
      resourceMask: offeredResources(base).reduce((mask, resource) => mask | (RESOURCE_BIT.get(resource) ?? 0), 0),
      order: { id: organisation.id, name: organisation.name, score: 0, reasons: NO_REASONS },
    });
  }
  return entries;
}

/**
 * A projection of these entries, already in order, with what requests look up. The maps by id are
 * built here, or taken from the previous projection and patched (a change touches a few entries).
 */
function indexed(
  entries: Entry[],
  from: Pick<Projection, "interned" | "mark" | "zone" | "seenOrganisations" | "seenOffers" | "settled">,
  patch?: { byId: Map<string, Entry>; offerOwner: Map<string, string>; removed: Entry[]; added: Entry[] },
): Projection {
  const size = entries.length;
  const projection: Projection = {
    ...from,
    entries,
    byId: patch?.byId ?? new Map(),
    offerOwner: patch?.offerOwner ?? new Map(),
    classKeys: new Uint8Array(size),
    territoryKeys: new Uint32Array(size),
    subAxesKeys: new Uint32Array(size),
    resourceMasks: new Uint8Array(size),
  };
  for (const entry of patch?.removed ?? []) {
    projection.byId.delete(entry.base.id);
    for (const offer of entry.offers) projection.offerOwner.delete(offer.id);
  }
  for (const entry of patch ? patch.added : entries) {
    projection.byId.set(entry.base.id, entry);
    for (const offer of entry.offers) projection.offerOwner.set(offer.id, entry.base.id);
  }
  entries.forEach((entry, rank) => {
    projection.classKeys[rank] = entry.classKey;
    projection.territoryKeys[rank] = entry.territoryKey;
    projection.subAxesKeys[rank] = entry.subAxesKey;
    projection.resourceMasks[rank] = entry.resourceMask;
  });
  return projection;
}

const zoneWhere = (at: number) => ({ updatedAt: { gte: new Date(at - CLOCK_MARGIN_MS), lte: new Date(at) } });

async function countZone(db: Db, mark: Mark): Promise<Zone> {
  const [organisations, offers] = await Promise.all([
    db.organisation.count({ where: zoneWhere(mark.organisationsAt) }),
    db.offer.count({ where: zoneWhere(mark.offersAt) }),
  ]);
  return { organisations, offers };
}

const changeSelect = { id: true, updatedAt: true } as const;
type ChangedRows = {
  organisations: { id: string; updatedAt: Date }[];
  offers: { id: string; organisationId: string; updatedAt: Date }[];
};

/** The rows changed in the margins before these marks (either may be left out: null). */
async function readMargins(db: Db, organisationsAt: number | null, offersAt: number | null): Promise<ChangedRows> {
  const [organisations, offers] = await Promise.all([
    organisationsAt === null ? [] : db.organisation.findMany({ where: zoneWhere(organisationsAt), select: changeSelect }),
    offersAt === null ? [] : db.offer.findMany({ where: zoneWhere(offersAt), select: { ...changeSelect, organisationId: true } }),
  ]);
  return { organisations, offers };
}

/** The marks among these whose margin, read at `readAt`, can no longer receive a late row. */
function settledMarks(
  readAt: number,
  mark: Mark,
  read: { organisations: boolean; offers: boolean },
  previous: Projection["settled"],
) {
  const settledAt = (toRead: boolean, at: number, before: number) => (toRead && readAt - at > SETTLED_AFTER_MS ? at : before);
  return {
    organisationsAt: settledAt(read.organisations, mark.organisationsAt, previous.organisationsAt),
    offersAt: settledAt(read.offers, mark.offersAt, previous.offersAt),
  };
}

/** Rows read (those of the margins, public or not, then the entries, read after them) and their `updatedAt`. */
function remember(projection: Pick<Projection, "seenOrganisations" | "seenOffers">, entries: Entry[], rows: ChangedRows) {
  for (const row of rows.organisations) projection.seenOrganisations.set(row.id, row.updatedAt.getTime());
  for (const row of rows.offers) projection.seenOffers.set(row.id, row.updatedAt.getTime());
  for (const entry of entries) {
    projection.seenOrganisations.set(entry.base.id, entry.updatedAt);
    for (const offer of entry.offers) projection.seenOffers.set(offer.id, offer.updatedAt);
  }
}

/**
 * Organisations read per page when reading all of them. Each page's rows become entries before the
 * next page is read: the rows of 50,000 organisations at once (their links and offers, as Prisma
 * returns them) took the heap some 300 MB up for a moment, which the process then kept.
 */
const ORGANISATIONS_PER_PAGE = 1000;

/** Entries for every public organisation, read page by page in the order of their ids. */
async function readAllEntries(db: Db, interned: Interned, now: Date): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let after: string | null = null; ;) {
    const page: { id: string }[] = await db.organisation.findMany({
      where: { AND: [visibleOrganisationWhere(), after === null ? {} : { id: { gt: after } }] },
      orderBy: { id: "asc" },
      take: ORGANISATIONS_PER_PAGE,
      select: { id: true },
    });
    if (page.length === 0) return entries;
    const range = { id: { gte: page[0]!.id, lte: page[page.length - 1]!.id } };
    for (const entry of toEntries(interned, await readOrganisations(db, [range], now))) entries.push(entry);
    if (page.length < ORGANISATIONS_PER_PAGE) return entries;
    after = page[page.length - 1]!.id;
  }
}

async function readAll(db: Db, mark: Mark, now: Date): Promise<Projection> {
  // Counted before the rows are read: a row committed meanwhile is counted again at the next change.
  const readAt = Date.now();
  const zone = await countZone(db, mark);
  // The margins' rows that are not public (an expired offer) are remembered too, so that reading
  // them again at the next change is no change.
  const margins = await readMargins(db, mark.organisationsAt, mark.offersAt);
  const interned = newInterned();
  const entries = (await readAllEntries(db, interned, now)).sort(byEngineOrder);
  const seen = { seenOrganisations: new Map<string, number>(), seenOffers: new Map<string, number>() };
  remember(seen, entries, margins);
  const settled = settledMarks(readAt, mark, { organisations: true, offers: true }, NOT_SETTLED);
  return indexed(entries, { interned, mark, zone, settled, ...seen });
}

/**
 * The organisations whose rows changed since the projection's mark: rows written after it, rows of
 * its margin when their count moved, and what the outbox names (a deleted offer). Null when too
 * many to read one by one.
 */
async function changedSince(
  db: Db,
  projection: Projection,
  mark: Mark,
): Promise<{ ids: Set<string>; rows: ChangedRows; zone: Zone; settled: Projection["settled"] } | null> {
  const before = projection.mark;
  const readAt = Date.now();
  const lateOrganisationsToRead = projection.settled.organisationsAt !== before.organisationsAt;
  const lateOffersToRead = projection.settled.offersAt !== before.offersAt;
  // The counts come first: what commits after them is found next time.
  const zone = await countZone(db, mark);
  const [outbox, newerOrganisations, newerOffers, late] = await Promise.all([
    db.searchOutbox.findMany({
      where: { id: { gt: before.outboxId }, entityType: { in: ["organisation", "offer"] } },
      select: { entityType: true, entityId: true },
    }),
    db.organisation.findMany({ where: { updatedAt: { gt: new Date(before.organisationsAt) } }, select: changeSelect }),
    db.offer.findMany({
      where: { updatedAt: { gt: new Date(before.offersAt) } },
      select: { ...changeSelect, organisationId: true },
    }),
    // The margin's rows are read until it is settled: a late row can replace another inside the
    // margin without moving its count (an organisation edited twice within a few seconds).
    readMargins(db, lateOrganisationsToRead ? before.organisationsAt : null, lateOffersToRead ? before.offersAt : null),
  ]);
  const read = { organisations: lateOrganisationsToRead, offers: lateOffersToRead };
  const settled = settledMarks(readAt, before, read, projection.settled);
  const rows: ChangedRows = {
    organisations: [...newerOrganisations, ...late.organisations],
    offers: [...newerOffers, ...late.offers],
  };
  const ids = new Set<string>();
  for (const row of rows.organisations) if (projection.seenOrganisations.get(row.id) !== row.updatedAt.getTime()) ids.add(row.id);
  for (const row of rows.offers) if (projection.seenOffers.get(row.id) !== row.updatedAt.getTime()) ids.add(row.organisationId);
  const unknownOffers: string[] = [];
  for (const row of outbox) {
    if (row.entityType === "organisation") ids.add(row.entityId);
    else {
      // A deleted offer is found through the organisation it was shown with.
      const owner = projection.offerOwner.get(row.entityId);
      if (owner) ids.add(owner);
      else unknownOffers.push(row.entityId);
    }
  }
  if (ids.size + unknownOffers.length > FULL_RELOAD_ABOVE) return null;
  if (unknownOffers.length > 0) {
    const owners = await db.offer.findMany({ where: { id: { in: unknownOffers } }, select: { organisationId: true } });
    for (const row of owners) ids.add(row.organisationId);
  }
  return { ids, rows, zone, settled };
}

/** The projection brought up to date: the changed organisations read again and put back in order. */
async function refresh(db: Db, projection: Projection | undefined, now: Date): Promise<Projection> {
  const mark = await readMark(db);
  if (projection && sameMark(projection.mark, mark)) return projection;
  if (!projection) return readAll(db, mark, now);
  const changed = await changedSince(db, projection, mark);
  if (!changed) return readAll(db, mark, now);
  const fresh = toEntries(projection.interned, await readOrganisations(db, byIds([...changed.ids]), now));
  const removed = [...changed.ids].flatMap((id) => projection.byId.get(id) ?? []);
  const entries = projection.entries.filter((entry) => !changed.ids.has(entry.base.id));
  for (const entry of fresh) {
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byEngineOrder(entries[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    entries.splice(low, 0, entry);
  }
  remember(projection, fresh, changed.rows);
  return indexed(
    entries,
    { ...projection, mark, zone: changed.zone, settled: changed.settled },
    { byId: projection.byId, offerOwner: projection.offerOwner, removed, added: fresh },
  );
}

/** Every public organisation as the engine reads it, up to date with the database. */
async function getProjection(db: Db, now: Date): Promise<Projection> {
  let state = states.get(db);
  if (!state) {
    state = {};
    states.set(db, state);
  }
  const current = state;
  // One reading at a time: requests arriving meanwhile share it, and read the marks again after.
  while (current.refreshing) await current.refreshing.catch(() => undefined);
  current.refreshing = refresh(db, current.projection, now).finally(() => {
    current.refreshing = undefined;
  });
  current.projection = await current.refreshing;
  return current.projection;
}

/**
 * Reads the projection once, off any request's path: called when the server starts, so that the
 * first visitor of a suggestion does not wait for every organisation to be read (2.5 s at 50,000).
 */
export async function warmSuggestions(db: Db): Promise<void> {
  await getProjection(db, new Date());
}

// ——— Scoring ———

/** The sub-axes of one call: codes by id, and titles by code for the reasons' sentences. */
type Codes = { subAxesOf: (ids: readonly string[]) => string[]; titles: Record<string, string> };

async function getCallCodes(db: Db, callId: string): Promise<Codes> {
  const rows = await db.callSubAxis.findMany({
    where: { axis: { callId } },
    select: { id: true, code: true, title: true },
  });
  const codeOf = new Map(rows.map((row) => [row.id, row.code]));
  return {
    subAxesOf: (ids) => ids.flatMap((id) => codeOf.get(id) ?? []),
    titles: Object.fromEntries(rows.map((row) => [row.code, row.title])),
  };
}

const candidateOf = (entry: Entry, codes: Codes): RecommendationCandidate => ({
  ...entry.base,
  subAxes: codes.subAxesOf(entry.subAxisIds),
});

/**
 * Every organisation's bound (app/domain/recommendation-bound.ts), by rank: its four parts are
 * computed once per sector and kind, territory, set of sub-axes and set of resources offered.
 */
function boundsOf(projection: Projection, project: RecommendationProject, context: RecommendationContext, codes: Codes) {
  const parts = createScoreBound(project, context);
  const { interned } = projection;
  const table = (size: number, compute: (key: number) => number) =>
    Int32Array.from({ length: size }, (_unused, key) => compute(key));
  const ofClass = table(SECTORS.length * KINDS.length, (key) =>
    parts.ofClass(SECTORS[Math.floor(key / KINDS.length)]!.code, KINDS[key % KINDS.length]!.code),
  );
  const ofTerritory = table(interned.territories.length, (key) => parts.ofTerritory(interned.territories[key]!));
  const ofSubAxes = table(interned.subAxisSets.length, (key) => parts.ofSubAxes(codes.subAxesOf(interned.subAxisSets[key]!)));
  const ofResources = table(1 << RESOURCES.length, (mask) =>
    parts.ofResources(RESOURCES.filter((_resource, bit) => (mask & (1 << bit)) !== 0).map((resource) => resource.code)),
  );
  const { classKeys, territoryKeys, subAxesKeys, resourceMasks } = projection;
  const bounds = new Int32Array(projection.entries.length);
  let highest = 0;
  for (let rank = 0; rank < bounds.length; rank += 1) {
    const bound =
      ofClass[classKeys[rank]!]! +
      ofTerritory[territoryKeys[rank]!]! +
      ofSubAxes[subAxesKeys[rank]!]! +
      ofResources[resourceMasks[rank]!]!;
    bounds[rank] = bound;
    if (bound > highest) highest = bound;
  }
  return { bounds, highest };
}

type Ranked = { recommendation: Recommendation; rank: number };

/** The engine's first `limit` recommendations over every public organisation but `exclude`. */
function topRecommendations(
  projection: Projection,
  project: RecommendationProject,
  context: RecommendationContext,
  codes: Codes,
  { limit, exclude }: { limit: number; exclude: ReadonlySet<string> },
): Ranked[] {
  if (limit < 1) return [];
  const { bounds, highest } = boundsOf(projection, project, context, codes);
  // Ranks by bound, highest first, and by rank within a bound (a counting sort: points are small integers).
  const starts = new Int32Array(highest + 2);
  for (const bound of bounds) if (bound > 0) starts[bound] = starts[bound]! + 1;
  let position = 0;
  for (let bound = highest; bound > 0; bound -= 1) {
    const count = starts[bound]!;
    starts[bound] = position;
    position += count;
  }
  const order = new Int32Array(position);
  bounds.forEach((bound, rank) => {
    if (bound <= 0) return;
    order[starts[bound]!] = rank;
    starts[bound] = starts[bound]! + 1;
  });

  const top: Ranked[] = [];
  // Whether a candidate could still enter the list: past the first that cannot, none can, in this
  // order; a tie with the last one kept goes to the earlier name, as in the engine.
  const mayEnter = (rank: number) => {
    if (top.length < limit) return true;
    const last = top[top.length - 1]!;
    const bound = bounds[rank]!;
    return bound > last.recommendation.score || (bound === last.recommendation.score && rank < last.rank);
  };
  const CHUNK = 64;
  let next = 0;
  while (next < order.length && mayEnter(order[next]!)) {
    const chunk = new Map<string, number>();
    for (; next < order.length && chunk.size < CHUNK && mayEnter(order[next]!); next += 1) {
      const entry = projection.entries[order[next]!]!;
      if (!exclude.has(entry.base.id)) chunk.set(entry.base.id, order[next]!);
    }
    const candidates = [...chunk.values()].map((rank) => candidateOf(projection.entries[rank]!, codes));
    for (const recommendation of recommendPartners(project, candidates, context))
      top.push({ recommendation, rank: chunk.get(recommendation.id)! });
    top.sort((a, b) => b.recommendation.score - a.recommendation.score || a.rank - b.rank);
    top.length = Math.min(top.length, limit);
  }
  return top;
}

// ——— Projects ———

type LoadedProject = {
  callId: string;
  ideaId: string;
  project: RecommendationProject;
  /** Organisations already in (accepted partners of the idea, structures invited to the groupement). */
  alreadyIn: string[];
};

const codesOfKind = <T extends string>(
  codes: { kind: string; code: string }[],
  kind: string,
  isKnown: (code: string) => code is T,
): T[] => [...new Set(codes.filter((item) => item.kind === kind).map((item) => item.code))].filter(isKnown);

const isSector = (code: string): code is SectorCode => isCode(SECTORS, code);
const isResource = (code: string): code is ResourceCode => isCode(RESOURCES, code);
const isQuartier = (code: string): code is QuartierSlug => isCode(QUARTIERS, code);
const anyCode = (code: string): code is string => code.length > 0;

function memberOf(organisation: { id: string; sector: string; kind: string }) {
  return isSector(organisation.sector) && isCode(KINDS, organisation.kind)
    ? [{ id: organisation.id, sector: organisation.sector, kind: organisation.kind as KindCode }]
    : [];
}

const codesSelect = { select: { kind: true, code: true } } as const;

/**
 * An idea's project: its organisation and the partners it accepted (its groupement to be), what it
 * seeks, its sub-axes and territory.
 */
function ideaProject(idea: {
  wholeCity: boolean;
  organisation: { id: string; sector: string; kind: string };
  candidates: { organisation: { id: string; sector: string; kind: string } }[];
  codes: { kind: string; code: string }[];
}): RecommendationProject {
  return {
    members: [idea.organisation, ...idea.candidates.map((candidate) => candidate.organisation)].flatMap(memberOf),
    seekSectors: codesOfKind(idea.codes, "sector", isSector),
    seekResources: codesOfKind(idea.codes, "resource", isResource),
    subAxes: codesOfKind(idea.codes, "subAxis", anyCode),
    territory: { wholeCity: idea.wholeCity, quartiers: idea.wholeCity ? [] : codesOfKind(idea.codes, "quartier", isQuartier) },
  };
}

async function loadIdeaProject(db: Db, ideaId: string): Promise<LoadedProject | null> {
  const idea = await db.idea.findUnique({
    where: { id: ideaId },
    select: {
      id: true,
      callId: true,
      wholeCity: true,
      organisation: { select: { id: true, sector: true, kind: true } },
      codes: codesSelect,
      candidates: { select: { organisationId: true, organisation: { select: { id: true, sector: true, kind: true } } } },
    },
  });
  if (!idea) return null;
  return {
    callId: idea.callId,
    ideaId: idea.id,
    project: ideaProject(idea),
    alreadyIn: idea.candidates.map((candidate) => candidate.organisationId),
  };
}

/** A groupement's project: its active members now, what its idea seeks, its own sub-axes and territory. */
async function loadGroupementProject(db: Db, groupementId: string): Promise<LoadedProject | null> {
  const groupement = await db.groupement.findUnique({
    where: { id: groupementId },
    select: {
      callId: true,
      ideaId: true,
      subAxes: true,
      wholeCity: true,
      quartiers: true,
      idea: { select: { codes: codesSelect } },
      members: { select: { status: true, organisation: { select: { id: true, sector: true, kind: true } } } },
    },
  });
  if (!groupement) return null;
  const split = (text: string) => [...new Set(text.split(" ").filter(Boolean))];
  return {
    callId: groupement.callId,
    ideaId: groupement.ideaId,
    project: {
      members: groupement.members
        .filter((member) => member.status === "active")
        .flatMap((member) => memberOf(member.organisation)),
      seekSectors: codesOfKind(groupement.idea.codes, "sector", isSector),
      seekResources: codesOfKind(groupement.idea.codes, "resource", isResource),
      subAxes: split(groupement.subAxes),
      territory: {
        wholeCity: groupement.wholeCity,
        quartiers: groupement.wholeCity ? [] : split(groupement.quartiers).filter(isQuartier),
      },
    },
    alreadyIn: groupement.members.filter((member) => member.status !== "active").map((member) => member.organisation.id),
  };
}

function loadProject(db: Db, target: SuggestionTarget) {
  return target.type === "idea" ? loadIdeaProject(db, target.ideaId) : loadGroupementProject(db, target.groupementId);
}

const dismissalWhere = (target: SuggestionTarget) =>
  target.type === "idea" ? { ideaId: target.ideaId } : { groupementId: target.groupementId };

async function contextFor(db: Db, callId: string, now: Date): Promise<{ context: RecommendationContext; codes: Codes }> {
  const [weights, codes] = await Promise.all([getRecommendationWeights(db, callId), getCallCodes(db, callId)]);
  if (!weights) throw new Error(`No call ${callId}`);
  // The call's days are Paris days: an offer valid until today is still valid tonight in Nantes.
  return { context: { weights, today: localDay(now), subAxisTitles: codes.titles }, codes };
}

export type Suggestion = Recommendation & { slug: string; sector: SectorCode; url: string };

const toSuggestion = (recommendation: Recommendation, entry: Entry): Suggestion => ({
  ...recommendation,
  slug: entry.slug,
  sector: entry.base.sector,
  url: `/organisations/${entry.slug}`,
});

export type Suggestions = {
  ideaId: string;
  project: RecommendationProject;
  /** Best first, at most `limit`: neither members, nor already in, nor hidden. */
  suggestions: Suggestion[];
  /** The hidden ones that would still be suggested, in the same order. */
  hidden: Suggestion[];
};

/**
 * The partners to suggest to an idea or a groupement, as the engine ranks them over every public
 * organisation with the call's weights; null when there is no such idea or groupement.
 */
export async function getSuggestions(
  db: Db,
  target: SuggestionTarget,
  { limit = SUGGESTION_LIMIT, now = new Date() }: { limit?: number; now?: Date } = {},
): Promise<Suggestions | null> {
  const [loaded, projection, dismissals] = await Promise.all([
    loadProject(db, target),
    getProjection(db, now),
    db.recommendationDismissal.findMany({ where: dismissalWhere(target), select: { organisationId: true } }),
  ]);
  if (!loaded) return null;
  const { context, codes } = await contextFor(db, loaded.callId, now);
  const hiddenIds = dismissals.map((row) => row.organisationId);
  const suggestions = topRecommendations(projection, loaded.project, context, codes, {
    limit,
    exclude: new Set([...loaded.alreadyIn, ...hiddenIds]),
  });
  const hidden = recommendPartners(
    loaded.project,
    hiddenIds.flatMap((id) => {
      const entry = projection.byId.get(id);
      return entry ? [candidateOf(entry, codes)] : [];
    }),
    context,
  ).map((recommendation) => toSuggestion(recommendation, projection.byId.get(recommendation.id)!));
  return {
    ideaId: loaded.ideaId,
    project: loaded.project,
    suggestions: suggestions.map(({ recommendation, rank }) => toSuggestion(recommendation, projection.entries[rank]!)),
    hidden,
  };
}

// ——— Who may see a project's suggestions ———

/**
 * A project's suggestions are its members': the people of the idea's organisation, or of the
 * groupement's active members (a structure only invited has not joined). `sender` is the
 * organisation they act for when they invite (the idea's; in a groupement, the lead if they belong
 * to it, else their first member structure). "missing" when there is no such idea or groupement,
 * or an idea that is not public and not theirs.
 */
export async function getSuggestionAccess(
  db: Db,
  userId: string,
  project: { ideaSlug: string } | { groupementId: string },
): Promise<{ target: SuggestionTarget; ideaId: string; sender: string } | "forbidden" | "missing"> {
  if ("ideaSlug" in project) {
    const idea = await db.idea.findUnique({
      where: { slug: project.ideaSlug },
      select: { id: true, status: true, organisationId: true },
    });
    if (!idea) return "missing";
    const member = (await db.membership.count({ where: { userId, organisationId: idea.organisationId } })) > 0;
    if (member) return { target: { type: "idea", ideaId: idea.id }, ideaId: idea.id, sender: idea.organisationId };
    const visible = (await db.idea.count({ where: { id: idea.id, ...visibleIdeaWhere() } })) > 0;
    return visible ? "forbidden" : "missing";
  }
  const groupement = await db.groupement.findUnique({
    where: { id: project.groupementId },
    select: {
      id: true,
      ideaId: true,
      members: {
        where: { status: "active", organisation: { memberships: { some: { userId } } } },
        orderBy: [{ isLead: "desc" }, { createdAt: "asc" }],
        select: { organisationId: true },
      },
    },
  });
  if (!groupement) return "missing";
  const [mine] = groupement.members;
  if (!mine) return "forbidden";
  return { target: { type: "groupement", groupementId: groupement.id }, ideaId: groupement.ideaId, sender: mine.organisationId };
}

// ——— What people do with a suggestion ———

/** « Pas intéressé »: the organisation leaves this idea's or groupement's suggestions. Done twice, once. */
export async function dismissSuggestion(db: Db, target: SuggestionTarget, organisationId: string) {
  const where = { ...dismissalWhere(target), organisationId };
  if (await db.recommendationDismissal.findFirst({ where, select: { id: true } })) return;
  try {
    await db.recommendationDismissal.create({ data: where });
  } catch (error) {
    // Another request hid it at the same moment.
    if (!isUniqueViolation(error)) throw error;
  }
}

/** « Réafficher »: the organisation may be suggested again. */
export async function restoreSuggestion(db: Db, target: SuggestionTarget, organisationId: string) {
  await db.recommendationDismissal.deleteMany({ where: { ...dismissalWhere(target), organisationId } });
}

/** When each of these organisations was invited to express interest in the idea. */
export async function getInvitedOn(db: Db, ideaId: string, organisationIds: string[]): Promise<Map<string, Date>> {
  const rows = await db.interestInvitation.findMany({
    where: { ideaId, organisationId: { in: organisationIds } },
    select: { organisationId: true, createdAt: true },
  });
  return new Map(rows.map((row) => [row.organisationId, row.createdAt]));
}

export type InvitationError = { field?: "organisationId" | "message"; message: string };

/**
 * Invites an organisation to express interest in an idea, on behalf of one of the project's
 * organisations: a message in its inbox. Refused for an idea that is not public or no longer takes
 * partners, an organisation that is not public, the project's own, already in, or already invited.
 */
export async function inviteToExpressInterest(
  db: Db,
  {
    ideaId,
    organisationId,
    senderOrganisationId,
    authorId,
    message,
  }: { ideaId: string; organisationId: string; senderOrganisationId: string; authorId: string; message: string },
): Promise<
  | { ok: true; idea: { title: string; slug: string }; organisation: { name: string }; sender: { name: string } }
  | { ok: false; error: InvitationError }
> {
  const refuse = (error: InvitationError) => ({ ok: false as const, error });
  const [idea, organisation, sender, invited, joined] = await Promise.all([
    db.idea.findFirst({
      where: { id: ideaId, ...visibleIdeaWhere() },
      select: { title: true, slug: true, stage: true, organisationId: true },
    }),
    db.organisation.findFirst({ where: { id: organisationId, ...visibleOrganisationWhere() }, select: { name: true } }),
    db.organisation.findUnique({ where: { id: senderOrganisationId }, select: { name: true } }),
    db.interestInvitation.findUnique({
      where: { ideaId_organisationId: { ideaId, organisationId } },
      select: { createdAt: true },
    }),
    db.organisation.count({
      where: {
        id: organisationId,
        OR: [{ candidacies: { some: { ideaId } } }, { groupements: { some: { groupement: { ideaId } } } }],
      },
    }),
  ]);
  if (!idea || !sender)
    return refuse({ message: "L'idée doit être publiée pour inviter des structures à manifester leur intérêt." });
  if (!(SEEKING_STAGES as readonly string[]).includes(idea.stage))
    return refuse({ message: "Ce projet ne cherche plus de partenaires : son étape ne permet plus d'inviter." });
  if (!organisation) return refuse({ field: "organisationId", message: "Cette structure n'a pas de fiche publiée." });
  if (organisationId === idea.organisationId || organisationId === senderOrganisationId)
    return refuse({ field: "organisationId", message: "Cette structure porte déjà le projet." });
  if (joined) return refuse({ field: "organisationId", message: `${organisation.name} fait déjà partie des partenaires.` });
  if (invited)
    return refuse({
      field: "organisationId",
      message: `${organisation.name} a déjà été invitée à manifester son intérêt pour cette idée.`,
    });
  try {
    await db.interestInvitation.create({ data: { ideaId, organisationId, senderOrganisationId, authorId, message } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return refuse({
      field: "organisationId",
      message: `${organisation.name} a déjà été invitée à manifester son intérêt pour cette idée.`,
    });
  }
  return { ok: true, idea: { title: idea.title, slug: idea.slug }, organisation, sender };
}

/** The invitations to express interest an organisation received, newest first. */
export function getReceivedInterestInvitations(db: Db, organisationId: string) {
  return db.interestInvitation.findMany({
    where: { organisationId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      message: true,
      readAt: true,
      createdAt: true,
      idea: { select: { title: true, slug: true, status: true, organisation: { select: { name: true } } } },
      senderOrganisation: { select: { name: true, slug: true } },
    },
  });
}

// ——— Ideas that look for an organisation ———

export type SeekingIdea = {
  idea: { id: string; slug: string; title: string; organisationName: string };
  /** How many distinct sectors the idea's members have (for the badges' « 2ᵉ secteur »). */
  memberSectors: number;
  score: number;
  reasons: Recommendation["reasons"];
  invited: boolean;
};

const titleCollator = new Intl.Collator("fr", { sensitivity: "base" });

/**
 * « Idées qui vous cherchent »: the public ideas of others that still take partners and to which
 * the engine would suggest this organisation, best first (then by title), at most `limit`. Ideas
 * that already count it among their partners or their groupement's members, or hid it, are left out. Ideas are few next to
 * organisations: each is scored against this one candidate.
 */
export async function getIdeasSeeking(
  db: Db,
  organisationId: string,
  { limit = SUGGESTION_LIMIT, now = new Date() }: { limit?: number; now?: Date } = {},
): Promise<{ sector: SectorCode; ideas: SeekingIdea[] } | null> {
  const projection = await getProjection(db, now);
  const entry = projection.byId.get(organisationId);
  if (!entry) return null;
  const ideas = await db.idea.findMany({
    where: {
      ...visibleIdeaWhere(),
      stage: { in: [...SEEKING_STAGES] },
      organisationId: { not: organisationId },
      candidates: { none: { organisationId } },
      NOT: { groupement: { is: { members: { some: { organisationId } } } } },
      recommendationDismissals: { none: { organisationId } },
    },
    select: {
      id: true,
      slug: true,
      title: true,
      callId: true,
      wholeCity: true,
      organisation: { select: { id: true, name: true, sector: true, kind: true } },
      candidates: { select: { organisation: { select: { id: true, sector: true, kind: true } } } },
      codes: codesSelect,
      interestInvitations: { where: { organisationId }, select: { id: true } },
    },
  });
  const contexts = new Map<string, Promise<{ context: RecommendationContext; codes: Codes }>>();
  const found: SeekingIdea[] = [];
  for (const idea of ideas) {
    if (!contexts.has(idea.callId)) contexts.set(idea.callId, contextFor(db, idea.callId, now));
    const { context, codes } = await contexts.get(idea.callId)!;
    const project = ideaProject(idea);
    const [recommendation] = recommendPartners(project, [candidateOf(entry, codes)], context);
    if (!recommendation) continue;
    found.push({
      idea: { id: idea.id, slug: idea.slug, title: idea.title, organisationName: idea.organisation.name },
      memberSectors: new Set(project.members.map((member) => member.sector)).size,
      score: recommendation.score,
      reasons: recommendation.reasons,
      invited: idea.interestInvitations.length > 0,
    });
  }
  const ideasFound = found
    .sort(
      (a, b) =>
        b.score - a.score ||
        titleCollator.compare(a.idea.title, b.idea.title) ||
        (a.idea.id < b.idea.id ? -1 : a.idea.id > b.idea.id ? 1 : 0),
    )
    .slice(0, limit);
  return { sector: entry.base.sector, ideas: ideasFound };
}

/**
 * For the alerts of a new idea (app/models/alert.server.ts): of these organisations, the ones among
 * the idea's own « Partenaires suggérés » (its first SUGGESTION_LIMIT), leaving out those already in
 * its groupement. Any reason at all would tell nearly every organisation of another sector (« un 2ᵉ
 * secteur »): an alert says « you would be suggested », so it follows what the idea's page shows.
 */
export async function recommendIdeaTo(
  db: Db,
  ideaId: string,
  organisationIds: string[],
  { now = new Date() }: { now?: Date } = {},
): Promise<Map<string, Recommendation>> {
  const idea = await db.idea.findFirst({
    where: { id: ideaId, ...visibleIdeaWhere(), stage: { in: [...SEEKING_STAGES] } },
    select: { groupement: { select: { members: { select: { organisationId: true } } } } },
  });
  if (!idea) return new Map();
  const inGroupement = new Set((idea.groupement?.members ?? []).map((row) => row.organisationId));
  const wanted = new Set(organisationIds.filter((id) => !inGroupement.has(id)));
  if (wanted.size === 0) return new Map();
  const found = await getSuggestions(db, { type: "idea", ideaId }, { now });
  return new Map(
    (found?.suggestions ?? [])
      .filter((suggestion) => wanted.has(suggestion.id))
      .map(({ id, name, score, reasons }) => [id, { id, name, score, reasons }]),
  );
}
