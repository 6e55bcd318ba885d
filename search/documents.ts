// What the index holds: one document per visible organisation, offer and idea, built from the
// database (the truth). Receives a Prisma client; of the app it imports only pure modules: the rule
// of what is public (app/domain/publication.ts, and app/domain/registers/unclaimed.ts for the
// profiles made from a register), so that the index and the pages cannot disagree, and the labels
// of the codes, so that the words people type find the items carrying them.
import { visibleIdeaWhere, visibleOfferWhere } from "../app/domain/publication";
import { listedOrganisationWhere, openRegisterEntryWhere, sourceOf, type SupplySource } from "../app/domain/registers/unclaimed";
import { TARGET_TAGS } from "../app/domain/schemas/idea";
import { OFFER_CONDITIONS, OFFER_SLOTS } from "../app/domain/schemas/offer";
import { inQuartierOrder, isCode, KINDS, labelOf, RESOURCES, SECTORS } from "../app/domain/taxonomy";
import type { Prisma, PrismaClient } from "../app/generated/prisma/client";
import { KIND_WORDS, RESOURCE_WORDS, SECTOR_WORDS } from "./synonyms";

export type EntityType = "organisation" | "offer" | "idea";
export type EntityRef = { entityType: EntityType; entityId: string };

export type SearchDocument = {
  id: string;
  type: EntityType;
  entityId: string;
  title: string;
  organisationName: string;
  summary: string;
  text: string;
  /** What the item is, in words: its sector, kind and offered resources (labels and synonyms). */
  labels: string[];
  /** What it is about or seeks: sub-axes, target publics, sought sectors and resources, days, price. */
  topics: string[];
  /** Where it acts: quartier names, « toute la ville ». */
  keywords: string[];
  sector: string[];
  kind: string | null;
  subAxes: string[];
  quartiers: string[];
  resources: string[];
  status: string;
  call: string | null;
  url: string;
  updatedAt: number;
  /**
   * `registres`: an unclaimed profile made from a public register (the « Non revendiquée » badge);
   * `plateforme`: everything structures published themselves.
   */
  source: SupplySource;
  /** Shown, not searched: the « démo » badge, and an offer's days, price and place. */
  isDemo: boolean;
  wholeCity: boolean;
  slots: string[];
  conditions: string | null;
  _geo?: { lat: number; lng: number };
};

export const documentId = (ref: EntityRef) => `${ref.entityType}-${ref.entityId}`;

/** "Toute la ville" counts in every quartier, in search filters as on the map. */
function quartiersOf(wholeCity: boolean, slugs: string[], all: string[]): string[] {
  return inQuartierOrder(wholeCity ? all : [...new Set(slugs)], (slug) => slug);
}

const geo = (lat: number | null, lng: number | null) => (lat !== null && lng !== null ? { _geo: { lat, lng } } : {});

/** A code's label and the words people use for it (« Autre » names nothing). */
const sectorWords = (code: string) => [labelOf(SECTORS, code), ...(isCode(SECTORS, code) ? SECTOR_WORDS[code] : [])];
const kindWords = (code: string) =>
  code === "autre" ? [] : [labelOf(KINDS, code), ...(isCode(KINDS, code) ? KIND_WORDS[code] : [])];
const resourceWords = (code: string) => [labelOf(RESOURCES, code), ...(isCode(RESOURCES, code) ? RESOURCE_WORDS[code] : [])];
const unique = (words: string[]) => [...new Set(words)];

type Labels = { quartiers: Map<string, string>; subAxes: Map<string, string> };

async function labels(db: PrismaClient): Promise<Labels & { allQuartiers: string[] }> {
  const [quartiers, subAxes] = await Promise.all([
    db.quartier.findMany({ select: { slug: true, name: true }, orderBy: { idobj: "asc" } }),
    // Published calls only (a draft's titles are the CCAS's until it publishes), oldest first so
    // that the latest call's title wins for a code two calls share.
    db.callSubAxis.findMany({
      where: { axis: { call: { draft: false } } },
      orderBy: [{ axis: { call: { publishedAt: "asc" } } }, { axis: { call: { createdAt: "asc" } } }],
      select: { code: true, title: true },
    }),
  ]);
  return {
    quartiers: new Map(quartiers.map((quartier) => [quartier.slug, quartier.name])),
    subAxes: new Map(subAxes.map((subAxis) => [subAxis.code, subAxis.title])),
    allQuartiers: quartiers.map((quartier) => quartier.slug),
  };
}

const organisationSelect = {
  id: true,
  slug: true,
  name: true,
  shortDescription: true,
  description: true,
  sector: true,
  kind: true,
  wholeCity: true,
  isDemo: true,
  unclaimed: true,
  address: true,
  latitude: true,
  longitude: true,
  updatedAt: true,
  quartiers: { select: { quartier: { select: { slug: true } } } },
  subAxes: { select: { subAxis: { select: { code: true, axis: { select: { call: { select: { slug: true } } } } } } } },
  resources: { select: { resource: true, direction: true } },
  // An unclaimed profile's identifiers, found when typed (RNA number, SIRET).
  registerEntries: { where: openRegisterEntryWhere(), select: { registerId: true, siret: true } },
} as const;

const offerSelect = {
  id: true,
  title: true,
  description: true,
  availability: true,
  capacity: true,
  conditions: true,
  resource: true,
  latitude: true,
  longitude: true,
  updatedAt: true,
  quartier: { select: { slug: true } },
  slots: { select: { slot: true } },
  organisation: {
    select: {
      slug: true,
      name: true,
      sector: true,
      kind: true,
      wholeCity: true,
      isDemo: true,
      quartiers: { select: { quartier: { select: { slug: true } } } },
    },
  },
} as const;

const ideaSelect = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  description: true,
  targetPublic: true,
  stage: true,
  wholeCity: true,
  updatedAt: true,
  call: { select: { slug: true } },
  organisation: { select: { name: true, kind: true, isDemo: true } },
  codes: { select: { kind: true, code: true } },
} as const;

type Organisation = Awaited<ReturnType<typeof findOrganisations>>[number];
type Offer = Awaited<ReturnType<typeof findOffers>>[number];
type Idea = Awaited<ReturnType<typeof findIdeas>>[number];

type Page = { take?: number; cursor?: string; newest?: boolean };

/** Visible rows of one kind (the one predicate of app/domain/publication.ts), by id or newest first. */
const page = ({ take, cursor, newest }: Page) => ({
  orderBy: newest ? { updatedAt: "desc" as const } : { id: "asc" as const },
  take,
  ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
});
function findOrganisations(db: PrismaClient, where: Prisma.OrganisationWhereInput, options: Page = {}) {
  return db.organisation.findMany({
    where: { AND: [where, listedOrganisationWhere()] },
    select: organisationSelect,
    ...page(options),
  });
}
function findOffers(db: PrismaClient, where: Prisma.OfferWhereInput, options: Page = {}) {
  return db.offer.findMany({ where: { AND: [where, visibleOfferWhere(new Date())] }, select: offerSelect, ...page(options) });
}
function findIdeas(db: PrismaClient, where: Prisma.IdeaWhereInput, options: Page = {}) {
  return db.idea.findMany({ where: { AND: [where, visibleIdeaWhere()] }, select: ideaSelect, ...page(options) });
}

function organisationDocument(row: Organisation, l: Labels & { allQuartiers: string[] }): SearchDocument {
  const quartiers = quartiersOf(
    row.wholeCity,
    row.quartiers.map(({ quartier }) => quartier.slug),
    l.allQuartiers,
  );
  const offered = row.resources.filter((item) => item.direction === "offers").map((item) => item.resource);
  const sought = row.resources.filter((item) => item.direction === "seeks").map((item) => item.resource);
  const subAxes = row.subAxes.map(({ subAxis }) => subAxis.code);
  const registerIds = row.unclaimed ? row.registerEntries.flatMap((entry) => [entry.registerId, entry.siret ?? ""]) : [];
  return {
    id: documentId({ entityType: "organisation", entityId: row.id }),
    type: "organisation",
    entityId: row.id,
    title: row.name,
    organisationName: row.name,
    summary: row.shortDescription,
    // An unclaimed profile has no description: its address and identifiers are what it says.
    text: row.unclaimed ? [row.address ?? "", ...registerIds].filter(Boolean).join("\n") : row.description,
    labels: unique([...sectorWords(row.sector), ...kindWords(row.kind), ...offered.flatMap(resourceWords)]),
    topics: [...subAxes.map((code) => l.subAxes.get(code) ?? code), ...sought.map((code) => labelOf(RESOURCES, code))],
    keywords: [...quartiers.map((slug) => l.quartiers.get(slug) ?? slug), ...(row.wholeCity ? ["toute la ville"] : [])],
    sector: [row.sector],
    kind: row.kind,
    subAxes,
    quartiers,
    resources: offered,
    status: "published",
    call: row.subAxes[0]?.subAxis.axis.call.slug ?? null,
    url: `/organisations/${row.slug}`,
    updatedAt: row.updatedAt.getTime(),
    source: sourceOf(row),
    isDemo: row.isDemo,
    wholeCity: row.wholeCity,
    slots: [],
    conditions: null,
    ...geo(row.latitude, row.longitude),
  };
}

function offerDocument(row: Offer, l: Labels & { allQuartiers: string[] }): SearchDocument {
  const quartiers = row.quartier
    ? [row.quartier.slug]
    : quartiersOf(
        row.organisation.wholeCity,
        row.organisation.quartiers.map(({ quartier }) => quartier.slug),
        l.allQuartiers,
      );
  return {
    id: documentId({ entityType: "offer", entityId: row.id }),
    type: "offer",
    entityId: row.id,
    title: row.title,
    organisationName: row.organisation.name,
    summary: row.description.slice(0, 300),
    text: [row.description, row.availability, row.capacity ?? ""].join("\n"),
    labels: resourceWords(row.resource),
    topics: [
      ...row.slots.map(({ slot }) => labelOf(OFFER_SLOTS, slot)),
      labelOf(OFFER_CONDITIONS, row.conditions),
      labelOf(SECTORS, row.organisation.sector),
    ],
    keywords: [
      ...quartiers.map((slug) => l.quartiers.get(slug) ?? slug),
      ...(!row.quartier && row.organisation.wholeCity ? ["toute la ville"] : []),
    ],
    sector: [row.organisation.sector],
    kind: row.organisation.kind,
    subAxes: [],
    quartiers,
    resources: [row.resource],
    status: "published",
    call: null,
    url: `/organisations/${row.organisation.slug}`,
    updatedAt: row.updatedAt.getTime(),
    source: "plateforme",
    isDemo: row.organisation.isDemo,
    wholeCity: !row.quartier && row.organisation.wholeCity,
    slots: row.slots.map(({ slot }) => slot),
    conditions: row.conditions,
    ...geo(row.latitude, row.longitude),
  };
}

function ideaDocument(row: Idea, l: Labels & { allQuartiers: string[] }): SearchDocument {
  const codes = (kind: string) => row.codes.filter((code) => code.kind === kind).map((code) => code.code);
  const quartiers = quartiersOf(row.wholeCity, codes("quartier"), l.allQuartiers);
  return {
    id: documentId({ entityType: "idea", entityId: row.id }),
    type: "idea",
    entityId: row.id,
    title: row.title,
    organisationName: row.organisation.name,
    summary: row.summary,
    text: [row.description, row.targetPublic].join("\n"),
    labels: codes("tag").map((code) => labelOf(TARGET_TAGS, code)),
    topics: [
      ...codes("subAxis").map((code) => l.subAxes.get(code) ?? code),
      ...codes("sector").map((code) => labelOf(SECTORS, code)),
      ...codes("resource").map((code) => labelOf(RESOURCES, code)),
    ],
    keywords: [...quartiers.map((slug) => l.quartiers.get(slug) ?? slug), ...(row.wholeCity ? ["toute la ville"] : [])],
    sector: codes("sector"),
    kind: row.organisation.kind,
    subAxes: codes("subAxis"),
    quartiers,
    resources: codes("resource"),
    status: row.stage,
    call: row.call.slug,
    url: `/idees/${row.slug}`,
    updatedAt: row.updatedAt.getTime(),
    source: "plateforme",
    isDemo: row.organisation.isDemo,
    wholeCity: row.wholeCity,
    slots: [],
    conditions: null,
  };
}

/** The documents to write and the ids to delete for these entities, as the database has them now. */
export async function buildDocuments(
  db: PrismaClient,
  refs: EntityRef[],
): Promise<{ upserts: SearchDocument[]; deletes: string[] }> {
  const ids = (type: EntityType) => [...new Set(refs.filter((ref) => ref.entityType === type).map((ref) => ref.entityId))];
  const l = await labels(db);
  const [organisations, offers, ideas] = await Promise.all([
    ids("organisation").length ? findOrganisations(db, { id: { in: ids("organisation") } }) : [],
    ids("offer").length ? findOffers(db, { id: { in: ids("offer") } }) : [],
    ids("idea").length ? findIdeas(db, { id: { in: ids("idea") } }) : [],
  ]);
  const upserts = [
    ...organisations.map((row) => organisationDocument(row, l)),
    ...offers.map((row) => offerDocument(row, l)),
    ...ideas.map((row) => ideaDocument(row, l)),
  ];
  const kept = new Set(upserts.map((document) => document.id));
  const deletes = [...new Set(refs.map(documentId))].filter((id) => !kept.has(id));
  return { upserts, deletes };
}

/** Rows of one kind, a batch at a time, by id cursor. */
async function* batches<Row extends { id: string }>(
  fetch: (cursor?: string) => Promise<Row[]>,
  batchSize: number,
): AsyncGenerator<Row[]> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await fetch(cursor);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    cursor = rows[rows.length - 1]!.id;
  }
}

/** Every listed document (published, or unclaimed and open), in batches, for a full rebuild. */
export async function* allDocuments(db: PrismaClient, batchSize = 1000): AsyncGenerator<SearchDocument[]> {
  const l = await labels(db);
  for await (const rows of batches((cursor) => findOrganisations(db, {}, { take: batchSize, cursor }), batchSize))
    yield rows.map((row) => organisationDocument(row, l));
  for await (const rows of batches((cursor) => findOffers(db, {}, { take: batchSize, cursor }), batchSize))
    yield rows.map((row) => offerDocument(row, l));
  for await (const rows of batches((cursor) => findIdeas(db, {}, { take: batchSize, cursor }), batchSize))
    yield rows.map((row) => ideaDocument(row, l));
}

export async function countPublished(db: PrismaClient): Promise<number> {
  const [organisations, offers, ideas] = await Promise.all([
    db.organisation.count({ where: listedOrganisationWhere() }),
    db.offer.count({ where: visibleOfferWhere(new Date()) }),
    db.idea.count({ where: visibleIdeaWhere() }),
  ]);
  return organisations + offers + ideas;
}

/**
 * Published documents for the database fallback, newest first: the words and filters are checked
 * by the caller, so that quartier names and labels match as they do in Meilisearch. In this
 * degraded mode only the most recent `limitPerType` of each type are searched.
 */
export async function findDocuments(db: PrismaClient, limitPerType = 5000): Promise<SearchDocument[]> {
  const l = await labels(db);
  const newest = { take: limitPerType, newest: true };
  const [organisations, offers, ideas] = await Promise.all([
    findOrganisations(db, {}, newest),
    findOffers(db, {}, newest),
    findIdeas(db, {}, newest),
  ]);
  return [
    ...organisations.map((row) => organisationDocument(row, l)),
    ...offers.map((row) => offerDocument(row, l)),
    ...ideas.map((row) => ideaDocument(row, l)),
  ];
}

/** Of these hits, the ones the database says are visible now (the index may lag behind it). */
export async function filterVisible(db: PrismaClient, refs: EntityRef[]): Promise<Set<string>> {
  const ids = (type: EntityType) => refs.filter((ref) => ref.entityType === type).map((ref) => ref.entityId);
  const select = { id: true } as const;
  const [organisations, offers, ideas] = await Promise.all([
    ids("organisation").length
      ? db.organisation.findMany({ where: { AND: [{ id: { in: ids("organisation") } }, listedOrganisationWhere()] }, select })
      : [],
    ids("offer").length
      ? db.offer.findMany({ where: { AND: [{ id: { in: ids("offer") } }, visibleOfferWhere(new Date())] }, select })
      : [],
    ids("idea").length ? db.idea.findMany({ where: { id: { in: ids("idea") }, ...visibleIdeaWhere() }, select }) : [],
  ]);
  return new Set([
    ...organisations.map((row) => documentId({ entityType: "organisation", entityId: row.id })),
    ...offers.map((row) => documentId({ entityType: "offer", entityId: row.id })),
    ...ideas.map((row) => documentId({ entityType: "idea", entityId: row.id })),
  ]);
}
