// Supply per quartier, counted by the database (aggregates, not rows), with the search filters'
// rule for where an item is (search/documents.ts): an offer is in its quartier, or else where its
// organisation is active. What acts on the whole city is local nowhere: it is counted once, apart
// (DOMAIN.md, "The under-served map"). The counts are grouped SQL (three passes, nothing but counts
// back), kept a short while (figures-cache.server.ts); the points and IRIS read rows with the
// same filters written for the client (coverageWhere).
//
// Two supplies of structures (issue 16, the `source` filter, app/domain/coverage-source.ts): the
// platform's (published profiles, with their offers and ideas) and the registers' (every structure
// an open RegisterEntry lists, claimed or not). Both are always counted — the table shows them side
// by side — and the coverage adds up the chosen ones, a structure on both sides once.
import { NO_SUPPLY, type MapPoint, type Supply } from "~/domain/coverage";
import type { RegisterDate, SupplySource, UnlocatedByRegister } from "~/domain/coverage-source";
import { REGISTER_LABELS } from "~/domain/registers/facts";
import { openRegisterEntryWhere } from "~/domain/registers/unclaimed";
import { expiryCutoff, visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import { Prisma } from "~/generated/prisma/client";
import type { CoverageQuery } from "~/domain/schemas/coverage";
import { IDEA_STAGES } from "~/domain/schemas/idea";
import { irisAtPoint, quartierAtPoint } from "~/domain/geo";
import { labelOf, QUARTIERS } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import { getIrisGeoJson, getQuartiersGeoJson } from "~/utils/geo.server";
import { readAside } from "~/utils/read-aside.server";
import { keptFigures } from "./figures-cache.server";
import { allOf, isIn, toCount, visibleIdeaSql, visibleOfferSql, visibleOrganisationSql } from "./visibility-sql.server";

// The page and the API read their filters here, so that the page ships no zod.
export { parseCoverageQuery, readCoveragePageQuery } from "~/domain/schemas/coverage";

/**
 * The search's filters (several values ORed, filters ANDed); a filter left out restricts nothing.
 * `source` left out counts the platform's supply alone (the CCAS dashboard's figures); the map and
 * the API name both by default (app/domain/coverage-source.ts).
 */
export type CoverageFilters = Partial<CoverageQuery> & { source?: SupplySource[] };

const sourcesOf = (filters: CoverageFilters): SupplySource[] => (filters.source?.length ? filters.source : ["plateforme"]);

/**
 * Which types the filters count: a filter left out restricts nothing; organisations and offers are
 * `published`, and an offer has no sub-axis.
 */
export function countedTypes(filters: CoverageFilters) {
  const { type = [], subAxis = [], status = [] } = filters;
  const wants = (kind: "organisation" | "offer" | "idea") => type.length === 0 || type.some((code) => code === kind);
  const published = status.length === 0 || status.includes("published");
  return {
    organisation: wants("organisation") && published,
    offer: wants("offer") && published && subAxis.length === 0,
    idea: wants("idea"),
  };
}

/** Structures a register lists as active, claimed or not: the registers' supply. */
const registerListedWhere = (): Prisma.OrganisationWhereInput => ({ registerEntries: { some: openRegisterEntryWhere() } });

/** The organisations of the chosen supplies: the published ones, the registers' ones, or either. */
function sourceWhere(sources: SupplySource[]): Prisma.OrganisationWhereInput {
  const platform = sources.includes("plateforme");
  const registers = sources.includes("registres");
  if (platform && registers) return { OR: [visibleOrganisationWhere(), registerListedWhere()] };
  return registers ? registerListedWhere() : visibleOrganisationWhere();
}

/**
 * What the map counts under the filters: the visible items (app/domain/publication.ts) that the
 * search's filters keep, each filter read as search/documents.ts indexes it — an organisation by
 * its sector, the resources it offers and its sub-axes; an offer by its resource and its
 * organisation's sector, and no sub-axis; an idea by the sectors, resources and sub-axes it names,
 * its stage being its status; organisations and offers have the status `published`. The
 * integration test holds both to the same counts. null: that type is not counted at all.
 */
export function coverageWhere(filters: CoverageFilters, now: Date) {
  const { subAxis = [], sector = [], resource = [], status = [] } = filters;
  const counted = countedTypes(filters);
  // Offers and ideas are the platform's alone.
  const platform = sourcesOf(filters).includes("plateforme");
  const organisation: Prisma.OrganisationWhereInput | null = counted.organisation
    ? {
        AND: [
          sourceWhere(sourcesOf(filters)),
          ...(subAxis.length ? [{ subAxes: { some: { subAxis: { code: { in: subAxis } } } } }] : []),
          ...(sector.length ? [{ sector: { in: sector } }] : []),
          ...(resource.length ? [{ resources: { some: { direction: "offers", resource: { in: resource } } } }] : []),
        ],
      }
    : null;
  const offer: Prisma.OfferWhereInput | null =
    counted.offer && platform
      ? {
          AND: [
            visibleOfferWhere(now),
            ...(sector.length ? [{ organisation: { sector: { in: sector } } }] : []),
            ...(resource.length ? [{ resource: { in: resource } }] : []),
          ],
        }
      : null;
  const codes = (kind: string, values: string[]): Prisma.IdeaWhereInput[] =>
    values.length ? [{ codes: { some: { kind, code: { in: values } } } }] : [];
  const idea: Prisma.IdeaWhereInput | null =
    counted.idea && platform
      ? {
          AND: [
            visibleIdeaWhere(),
            ...codes("subAxis", subAxis),
            ...codes("sector", sector),
            ...codes("resource", resource),
            ...(status.length ? [{ stage: { in: status } }] : []),
          ],
        }
      : null;
  return { organisation, offer, idea };
}

/**
 * The same filters as SQL conditions, for the counts grouped by the database (`o` the organisation,
 * `f` the offer, `i` the idea): coverageWhere read word for word; the integration test
 * (coverage-fast-path) holds both to the same counts under every filter.
 */
function coverageSql(filters: CoverageFilters, now: Date) {
  const { subAxis = [], sector = [], resource = [], status = [] } = filters;
  const counted = countedTypes(filters);
  const ideaCode = (kind: string, values: string[]) =>
    values.length
      ? [
          Prisma.sql`EXISTS (SELECT 1 FROM "IdeaCode" c WHERE c."ideaId" = i."id" AND c."kind" = ${kind}
            AND ${isIn(Prisma.sql`c."code"`, values)})`,
        ]
      : [];
  return {
    // What the filters keep of an organisation, whichever its supply; the callers add which supply.
    organisation: counted.organisation
      ? allOf([
          ...(subAxis.length
            ? [
                // A list of the few organisations tagged so, not a subquery per organisation: half the time.
                Prisma.sql`o."id" IN (SELECT s."organisationId" FROM "OrganisationSubAxis" s
                  JOIN "CallSubAxis" a ON a."id" = s."subAxisId" WHERE ${isIn(Prisma.sql`a."code"`, subAxis)})`,
              ]
            : []),
          ...(sector.length ? [isIn(Prisma.sql`o."sector"`, sector)] : []),
          ...(resource.length
            ? [
                Prisma.sql`EXISTS (SELECT 1 FROM "OrganisationResource" r WHERE r."organisationId" = o."id"
                  AND r."direction" = ${"offers"} AND ${isIn(Prisma.sql`r."resource"`, resource)})`,
              ]
            : []),
        ])
      : null,
    offer: counted.offer
      ? allOf([
          visibleOfferSql(now, "f", "o"),
          ...(sector.length ? [isIn(Prisma.sql`o."sector"`, sector)] : []),
          ...(resource.length ? [isIn(Prisma.sql`f."resource"`, resource)] : []),
        ])
      : null,
    idea: counted.idea
      ? allOf([
          visibleIdeaSql("i", "o"),
          ...ideaCode("subAxis", subAxis),
          ...ideaCode("sector", sector),
          ...ideaCode("resource", resource),
          ...(status.length ? [isIn(Prisma.sql`i."stage"`, status)] : []),
        ])
      : null,
  };
}

/** The words for a `status` value on the page: organisations and offers are `published`. */
export function coverageStatusLabel(code: string): string {
  return code === "published" ? "Structures et offres publiées" : `Idées : ${labelOf(IDEA_STAGES, code).toLowerCase()}`;
}

const onMap = { latitude: { not: null }, longitude: { not: null } } as const;

/** An offer is local unless it has no quartier and its organisation acts on the whole city. */
const localOffer: Prisma.OfferWhereInput = { OR: [{ quartierId: { not: null } }, { organisation: { wholeCity: false } }] };

type Counted = { quartier: string | null; city: unknown; count: unknown }[];
type CountedBySupply = { quartier: string | null; city: unknown; published: unknown; rna: unknown; count: unknown }[];

/**
 * The registers' structures under the filters, per quartier they declare (as countOrganisations),
 * whether each is also published (then it is in the platform's count too), and whether the RNA
 * lists it (the RNA gives an address but no point: such a structure has no quartier, and is counted
 * apart, « sans quartier connu »). Read from the open entries (few beside the organisations; none
 * on a platform that imported no register), each one's organisation found by its id (CROSS JOIN:
 * SQLite keeps the entries outside). Grouped by the columns' positions: PostgreSQL does not take a
 * CASE repeated with its own parameter for the selected one (42803).
 */
function countRegisterOrganisations(db: Db, filters: Prisma.Sql) {
  // Where a structure is: its profile's place when the register wrote it (unclaimed) or the CCAS
  // checked it (published); for a profile claimed and not yet published — the structure's draft —
  // its register entries' quartier, never the draft's.
  const placed = Prisma.sql`(o."unclaimed" OR ${visibleOrganisationSql("o")})`;
  return readAside<CountedBySupply[number]>(
    db,
    Prisma.sql`SELECT CASE WHEN ${placed} THEN oq."quartierId" ELSE r."quartier" END AS "quartier",
      CASE WHEN ${placed} AND o."wholeCity" THEN 1 ELSE 0 END AS "city",
      CASE WHEN ${visibleOrganisationSql("o")} THEN 1 ELSE 0 END AS "published", r."rna" AS "rna", COUNT(*) AS "count"
    FROM (SELECT e."organisationId" AS "id", MAX(CASE WHEN e."source" = ${"rna"} THEN 1 ELSE 0 END) AS "rna",
        MAX(e."quartierId") AS "quartier"
      FROM "RegisterEntry" e
      WHERE e."closedAt" IS NULL AND e."organisationId" IS NOT NULL GROUP BY e."organisationId") r
    CROSS JOIN "Organisation" o
    LEFT JOIN "OrganisationQuartier" oq ON oq."organisationId" = o."id" AND NOT o."wholeCity" AND ${placed}
    WHERE o."id" = r."id" AND ${filters}
    GROUP BY 1, 2, 3, 4`,
  );
}

/**
 * Organisations per quartier they declare (OrganisationQuartier), unless they act on the whole city:
 * those are counted apart, and so are those with neither (a row of no quartier: « sans quartier
 * connu »; the profile form asks for one, so on the platform's side it is a safeguard). Under a filter on what they are (sub-axis, sector, resource), few are
 * counted: their quartiers are read. Without one, nearly all are (the published ones, bar those of
 * the whole city): every quartier row is counted (from the index alone), less the rows of the few
 * that are not — half the time or less at 50,000 organisations. Both give the same counts (the
 * integration test coverage-fast-path holds them to a count of the rows).
 */
function countOrganisations(db: Db, counted: Prisma.Sql, fewCounted: boolean) {
  if (fewCounted) {
    return readAside<Counted[number]>(
      db,
      Prisma.sql`SELECT oq."quartierId" AS "quartier", CASE WHEN o."wholeCity" THEN 1 ELSE 0 END AS "city",
        COUNT(*) AS "count"
      FROM "Organisation" o
      LEFT JOIN "OrganisationQuartier" oq ON oq."organisationId" = o."id" AND NOT o."wholeCity"
      WHERE ${counted}
      GROUP BY o."wholeCity", oq."quartierId"`,
    );
  }
  return readAside<Counted[number]>(
    db,
    Prisma.sql`SELECT a."quartier" AS "quartier", 0 AS "city", a."count" - COALESCE(x."count", 0) AS "count"
    FROM (SELECT oq."quartierId" AS "quartier", COUNT(*) AS "count" FROM "OrganisationQuartier" oq GROUP BY oq."quartierId") a
    LEFT JOIN (
      SELECT oq."quartierId" AS "quartier", COUNT(*) AS "count" FROM "OrganisationQuartier" oq
      WHERE oq."organisationId" IN (SELECT o."id" FROM "Organisation" o WHERE NOT (${counted} AND NOT o."wholeCity"))
      GROUP BY oq."quartierId"
    ) x ON x."quartier" = a."quartier"
    UNION ALL
    SELECT NULL, 1, COUNT(*) FROM "Organisation" o WHERE ${counted} AND o."wholeCity"
    UNION ALL
    SELECT NULL, 0, COUNT(*) FROM "Organisation" o WHERE ${counted} AND NOT o."wholeCity"
      AND NOT EXISTS (SELECT 1 FROM "OrganisationQuartier" oq WHERE oq."organisationId" = o."id")`,
  );
}

/**
 * Counts by quartier, and of the whole city, in three grouped queries (one pass each over the
 * organisations, the offers and the ideas; nothing but the counts comes back). A row of `city` 1
 * counts what acts on the whole city; else `quartier` is where it counts (null: nowhere, « sans
 * quartier connu » for organisations).
 *
 * - Organisations: see countOrganisations.
 * - Offers: in their quartier; one without a quartier is where its organisation is: in each of its
 *   quartiers, or once for the whole city when its organisation acts on the whole city. Read offer
 *   by offer (CROSS JOIN: SQLite keeps the offers outside; for PostgreSQL it is a plain join), each
 *   one's organisation found by its id: SQLite otherwise read all the organisations' rows first.
 * - Ideas: in each quartier they name (IdeaCode `quartier`, by slug), or apart for the whole city.
 */
/** The counts of each supply under the filters, apart: each is kept on what it counts (getCounts). */
function supplyCounters(db: Db, filters: CoverageFilters, now: Date) {
  const where = coverageSql(filters, now);
  const { subAxis = [], sector = [], resource = [] } = filters;
  const none = Promise.resolve<Counted>([]);
  const platformOrganisations = where.organisation && allOf([visibleOrganisationSql("o"), where.organisation]);
  return {
    organisations: () =>
      platformOrganisations
        ? countOrganisations(db, platformOrganisations, subAxis.length + sector.length + resource.length > 0)
        : none,
    offers: () =>
      where.offer
        ? readAside<Counted[number]>(
            db,
            Prisma.sql`SELECT t."quartier", t."city", COUNT(*) AS "count" FROM (
            SELECT COALESCE(f."quartierId", oq."quartierId") AS "quartier",
              CASE WHEN f."quartierId" IS NULL AND o."wholeCity" THEN 1 ELSE 0 END AS "city"
            FROM "Offer" f
            CROSS JOIN "Organisation" o
            LEFT JOIN "OrganisationQuartier" oq
              ON oq."organisationId" = f."organisationId" AND f."quartierId" IS NULL AND NOT o."wholeCity"
            WHERE o."id" = f."organisationId" AND ${where.offer}
          ) t
          GROUP BY t."quartier", t."city"`,
          )
        : none,
    ideas: () =>
      where.idea
        ? readAside<Counted[number]>(
            db,
            Prisma.sql`SELECT c."code" AS "quartier", CASE WHEN i."wholeCity" THEN 1 ELSE 0 END AS "city",
            COUNT(*) AS "count"
          FROM "Idea" i
          JOIN "Organisation" o ON o."id" = i."organisationId"
          LEFT JOIN "IdeaCode" c ON c."ideaId" = i."id" AND c."kind" = ${"quartier"} AND NOT i."wholeCity"
          WHERE ${where.idea}
          GROUP BY i."wholeCity", c."code"`,
          )
        : none,
    registers: () =>
      where.organisation ? countRegisterOrganisations(db, where.organisation) : Promise.resolve<CountedBySupply>([]),
  };
}

/**
 * A grouped count's rows: per quartier (its id, or its slug for ideas), the whole city's, and what
 * is in no quartier without acting on the whole city (`unlocated`: read for organisations alone).
 */
function splitCounts(rows: Counted) {
  const byQuartier = new Map<string, number>();
  let wholeCity = 0;
  let unlocated = 0;
  for (const row of rows) {
    if (toCount(row.city) === 1) wholeCity += toCount(row.count);
    else if (row.quartier !== null) byQuartier.set(row.quartier, (byQuartier.get(row.quartier) ?? 0) + toCount(row.count));
    else unlocated += toCount(row.count);
  }
  return { byQuartier, wholeCity, unlocated };
}

/**
 * The registers' structures, those of them not published (what they add to the platform's), and
 * those in no quartier by register: listed by the RNA (no point), or by SIRENE alone.
 */
function splitRegisterCounts(rows: CountedBySupply) {
  const unlocated = rows.filter((row) => toCount(row.city) === 0 && row.quartier === null);
  const sum = (some: CountedBySupply) => some.reduce((total, row) => total + toCount(row.count), 0);
  return {
    all: splitCounts(rows),
    unpublished: splitCounts(rows.filter((row) => toCount(row.published) === 0)),
    unlocated: {
      rna: sum(unlocated.filter((row) => toCount(row.rna) === 1)),
      sirene: sum(unlocated.filter((row) => toCount(row.rna) === 0)),
    },
  };
}

/** The filters as a key: each one's values in order, once (`source` is not one: both supplies are counted). */
function filtersKey(filters: CoverageFilters): string {
  const { type = [], subAxis = [], sector = [], resource = [], status = [] } = filters;
  return JSON.stringify([type, subAxis, sector, resource, status].map((values) => [...new Set(values)].sort()));
}

/**
 * The counts, kept a short while (figures-cache.server.ts): per set of filters, per day (offers
 * expire by the day), and per supply on what it counts — an idea written recounts the ideas only.
 */
async function getCounts(db: Db, filters: CoverageFilters, now: Date) {
  const key = `${expiryCutoff(now).toISOString()} ${filtersKey(filters)}`;
  const count = supplyCounters(db, filters, now);
  const [structures, offers, ideas] = await Promise.all([
    keptFigures(
      db,
      `coverage structures ${key}`,
      async () => {
        const [organisations, registers] = await Promise.all([count.organisations(), count.registers()]);
        return { organisations: splitCounts(organisations), registers: splitRegisterCounts(registers) };
      },
      ["organisation"],
    ),
    keptFigures(db, `coverage offers ${key}`, async () => splitCounts(await count.offers()), ["organisation", "offer"]),
    // Published ideas only: an idea's edit waiting for the CCAS (a lively call's most frequent
    // write) leaves them kept.
    keptFigures(db, `coverage ideas ${key}`, async () => splitCounts(await count.ideas()), ["organisation", "idea"], {
      published: true,
    }),
  ]);
  return { ...structures, offers, ideas };
}

/** Structures per supply, side by side: published on the platform, listed by a register. */
export type StructuresBySource = Record<SupplySource, number>;

export async function getCoverageData(db: Db, filters: CoverageFilters, now = new Date()) {
  const sources = sourcesOf(filters);
  const [rows, { organisations: published, offers: platformOffers, ideas: platformIdeas, registers }] = await Promise.all([
    db.quartier.findMany({
      orderBy: { idobj: "asc" },
      select: { id: true, slug: true, name: true, idobj: true, population: true, populationSource: true, populationYear: true },
    }),
    getCounts(db, filters, now),
  ]);
  const idOf = new Map(rows.map((quartier) => [quartier.slug, quartier.id]));
  const platform = sources.includes("plateforme");
  const fromRegisters = sources.includes("registres");
  const none = { byQuartier: new Map<string, number>(), wholeCity: 0 };
  // The chosen supplies' structures: a published one a register lists counts once.
  const added = platform ? registers.unpublished : registers.all;
  const organisations = {
    wholeCity: (platform ? published.wholeCity : 0) + (fromRegisters ? added.wholeCity : 0),
    unlocated: (platform ? published.unlocated : 0) + (fromRegisters ? added.unlocated : 0),
    at: (id: string) =>
      (platform ? (published.byQuartier.get(id) ?? 0) : 0) + (fromRegisters ? (added.byQuartier.get(id) ?? 0) : 0),
  };
  const offers = platform ? platformOffers : none;
  const ideas = platform ? platformIdeas : none;
  const wholeCity: Supply = { organisations: organisations.wholeCity, offers: offers.wholeCity, ideas: ideas.wholeCity };
  // Organisations and offers name their quartier by id, ideas by slug.
  const supplyOf = (slug: string): Supply => {
    const id = idOf.get(slug);
    if (id === undefined) return NO_SUPPLY;
    return {
      organisations: organisations.at(id),
      offers: offers.byQuartier.get(id) ?? 0,
      ideas: ideas.byQuartier.get(slug) ?? 0,
    };
  };
  /** Both supplies' structures in a quartier, whichever are chosen. */
  const structuresOf = (slug: string): StructuresBySource => {
    const id = idOf.get(slug);
    if (id === undefined) return { plateforme: 0, registres: 0 };
    return { plateforme: published.byQuartier.get(id) ?? 0, registres: registers.all.byQuartier.get(id) ?? 0 };
  };
  const wholeCityStructures: StructuresBySource = { plateforme: published.wholeCity, registres: registers.all.wholeCity };
  // In no quartier and not acting on the whole city (an RNA association: the register gives no
  // point): counted apart — in no quartier's coverage, but in the supply's total.
  const unlocated = organisations.unlocated;
  const unlocatedStructures: StructuresBySource = { plateforme: published.unlocated, registres: registers.all.unlocated };
  const unlocatedRegisters: UnlocatedByRegister = registers.unlocated;
  const quartiers = rows.map(({ id: _id, ...quartier }) => quartier);
  return {
    quartiers,
    supplyOf,
    wholeCity,
    sources,
    structuresOf,
    wholeCityStructures,
    unlocated,
    unlocatedStructures,
    unlocatedRegisters,
  };
}

/** Each register imported, with the day its latest complete import ended (the figures' date). */
export async function getRegisterDates(db: Db): Promise<RegisterDate[]> {
  const runs = await db.registerImport.groupBy({
    by: ["source"],
    where: { status: "done" },
    _max: { finishedAt: true },
    orderBy: { source: "asc" },
  });
  return runs.flatMap((run) =>
    (run.source === "rna" || run.source === "sirene") && run._max.finishedAt
      ? [{ source: run.source, name: REGISTER_LABELS[run.source], importedOn: run._max.finishedAt }]
      : [],
  );
}

/**
 * Coverage by IRIS: only what has a point on the map can be placed in an IRIS (published
 * organisations and offers with a point), against each IRIS's 2018 population. What acts on the
 * whole city is left out here, as in the quartiers: it is the whole-city supply, counted apart.
 */
export async function getIrisCoverage(db: Db, filters: CoverageFilters, now = new Date()) {
  const where = coverageWhere(filters, now);
  const [organisations, offers] = await Promise.all([
    where.organisation
      ? db.organisation.findMany({
          where: { AND: [where.organisation, onMap, { wholeCity: false }] },
          select: { latitude: true, longitude: true },
        })
      : [],
    where.offer
      ? db.offer.findMany({ where: { AND: [where.offer, onMap, localOffer] }, select: { latitude: true, longitude: true } })
      : [],
  ]);
  const collection = getIrisGeoJson().collection;
  const count = (points: { latitude: number | null; longitude: number | null }[]) => {
    const counts = new Map<string, number>();
    for (const point of points) {
      const code = irisAtPoint(collection, point.longitude!, point.latitude!);
      if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    return counts;
  };
  const [byOrganisation, byOffer] = [count(organisations), count(offers)];
  return collection.features.map((feature) => ({
    slug: feature.properties.code_iris,
    name: `${feature.properties.nom_iris} (${feature.properties.quartier})`,
    population: feature.properties.pop_2018,
    supply: {
      organisations: byOrganisation.get(feature.properties.code_iris) ?? 0,
      offers: byOffer.get(feature.properties.code_iris) ?? 0,
      ideas: 0,
    },
  }));
}

export type { MapPoint } from "~/domain/coverage";

/** Markers drawn at the most per type: beyond, clusters would hide them anyway. */
const POINTS_LIMIT = 3000;

type OfferPoint = {
  title: string;
  latitude: number;
  longitude: number;
  quartierId: string | null;
  slug: string;
  wholeCity: unknown;
};

/**
 * Organisations and offers placed on the map, with the map's filters (at most POINTS_LIMIT of
 * each). The offers — up to 400 ms at 50,000 organisations for a set of filters met for the first
 * time — are read aside (read-aside.server.ts), each one's organisation found by its id as the
 * counts do; their condition is coverageSql's, held to coverageWhere's by the integration tests.
 */
async function readMapPoints(db: Db, filters: CoverageFilters, now: Date): Promise<MapPoint[]> {
  const where = coverageWhere(filters, now);
  const offerSql = coverageSql(filters, now).offer;
  const [organisations, offers] = await Promise.all([
    where.organisation
      ? db.organisation.findMany({
          where: { AND: [where.organisation, onMap] },
          select: { slug: true, name: true, latitude: true, longitude: true, wholeCity: true, unclaimed: true },
          take: POINTS_LIMIT,
        })
      : [],
    where.offer && offerSql
      ? readAside<OfferPoint>(
          db,
          Prisma.sql`SELECT f."title" AS "title", f."latitude" AS "latitude", f."longitude" AS "longitude",
              f."quartierId" AS "quartierId", o."slug" AS "slug", o."wholeCity" AS "wholeCity"
            FROM "Offer" f CROSS JOIN "Organisation" o
            WHERE o."id" = f."organisationId" AND f."latitude" IS NOT NULL AND f."longitude" IS NOT NULL AND ${offerSql}
            LIMIT ${POINTS_LIMIT}`,
        )
      : [],
  ]);
  return [
    ...organisations.map((row) => ({
      type: row.unclaimed ? ("register" as const) : ("organisation" as const),
      title: row.name,
      url: `/organisations/${row.slug}`,
      lat: row.latitude!,
      lng: row.longitude!,
      wholeCity: row.wholeCity,
    })),
    ...offers.map((row) => ({
      type: "offer" as const,
      title: row.title,
      url: `/organisations/${row.slug}`,
      lat: Number(row.latitude),
      lng: Number(row.longitude),
      // A boolean from PostgreSQL, 0 or 1 from SQLite.
      wholeCity: row.quartierId === null && Boolean(Number(row.wholeCity)),
    })),
  ];
}

/**
 * The map's markers under the filters, and the same as the JSON the browser fetches: thousands
 * of rows at 50,000 organisations (0.9 s of CPU a view when read each time), kept as the counts
 * are (figures-cache.server.ts) — per filters, sources and day — until something is written.
 */
export function getMapPointsWithJson(db: Db, filters: CoverageFilters, now = new Date()) {
  const key = `points ${expiryCutoff(now).toISOString()} ${filtersKey(filters)} ${[...sourcesOf(filters)].sort().join(",")}`;
  return keptFigures(
    db,
    key,
    async () => {
      const points = await readMapPoints(db, filters, now);
      return { points, json: JSON.stringify(points) };
    },
    ["organisation", "offer"],
  );
}

export async function getMapPoints(db: Db, filters: CoverageFilters, now = new Date()): Promise<MapPoint[]> {
  return (await getMapPointsWithJson(db, filters, now)).points;
}

/** The points that fall in one quartier (by slug) or one IRIS (by code), for the panel's list. */
export function getPointsIn(points: MapPoint[], level: "quartiers" | "iris", slug: string): MapPoint[] {
  return placesOf(points, level).get(slug) ?? [];
}

/**
 * The points of each quartier or IRIS, in their order: placed once per kept set of points (the
 * markers are kept until a structure or an offer is written), not on every view of a quartier —
 * thousands of point-in-polygon tests, about a third of a selected quartier's page otherwise.
 */
const placedPoints = new WeakMap<MapPoint[], Partial<Record<"quartiers" | "iris", Map<string, MapPoint[]>>>>();
function placesOf(points: MapPoint[], level: "quartiers" | "iris"): Map<string, MapPoint[]> {
  let levels = placedPoints.get(points);
  if (!levels) {
    levels = {};
    placedPoints.set(points, levels);
  }
  const kept = levels[level];
  if (kept) return kept;
  const places = new Map<string, MapPoint[]>();
  const iris = level === "iris" ? getIrisGeoJson().collection : null;
  const quartiers = getQuartiersGeoJson().collection;
  const slugOf = new Map<unknown, string>(QUARTIERS.map((quartier) => [quartier.idobj, quartier.code]));
  for (const point of points) {
    const place = iris ? irisAtPoint(iris, point.lng, point.lat) : slugOf.get(quartierAtPoint(quartiers, point.lng, point.lat));
    if (place === null || place === undefined) continue;
    const list = places.get(place);
    if (list) list.push(point);
    else places.set(place, [point]);
  }
  levels[level] = places;
  return places;
}
