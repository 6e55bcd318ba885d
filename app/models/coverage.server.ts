// Supply per quartier, counted by the database (aggregates, not rows), with the search filters'
// rule for where an item is (search/documents.ts): an offer is in its quartier, or else where its
// organisation is active. What acts on the whole city is local nowhere: it is counted once, apart
// (DOMAIN.md, "The under-served map").
import { NO_SUPPLY, type Supply } from "~/domain/coverage";
import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import type { Prisma } from "~/generated/prisma/client";
import { CoverageQuerySchema } from "~/domain/schemas/coverage";
import { irisAtPoint, quartierAtPoint } from "~/domain/geo";
import { QUARTIERS } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import { getIrisGeoJson, getQuartiersGeoJson } from "~/utils/geo.server";

export type CoverageFilters = { subAxis?: string; type?: "organisation" | "offer" | "idea" };

/** What the map counts, with its filters: the visible items of app/domain/publication.ts. */
function visibleWhere(filters: CoverageFilters, now: Date) {
  const organisation: Prisma.OrganisationWhereInput = {
    ...visibleOrganisationWhere(),
    ...(filters.subAxis ? { subAxes: { some: { subAxis: { code: filters.subAxis } } } } : {}),
  };
  const offer: Prisma.OfferWhereInput = { AND: [visibleOfferWhere(now), { organisation }] };
  const idea: Prisma.IdeaWhereInput = {
    ...visibleIdeaWhere(),
    ...(filters.subAxis ? { codes: { some: { kind: "subAxis", code: filters.subAxis } } } : {}),
  };
  return { organisation, offer, idea };
}

const onMap = { latitude: { not: null }, longitude: { not: null } } as const;

/** An offer is local unless it has no quartier and its organisation acts on the whole city. */
const localOffer: Prisma.OfferWhereInput = { OR: [{ quartierId: { not: null } }, { organisation: { wholeCity: false } }] };

/**
 * Offers without a quartier are where their organisation is: counted per organisation, then
 * spread over its quartiers, or counted once for the whole city when it acts on the whole city.
 */
async function getOffersWithoutQuartier(db: Db, visibleOffer: Prisma.OfferWhereInput) {
  const byOrganisation = await db.offer.groupBy({
    by: ["organisationId"],
    where: { AND: [visibleOffer, { quartierId: null }] },
    _count: { _all: true },
  });
  const countOf = new Map(byOrganisation.map((row) => [row.organisationId, row._count._all]));
  const ids = [...countOf.keys()];
  // In slices, under SQLite's limit on bound values.
  const slices = Array.from({ length: Math.ceil(ids.length / 500) }, (_unused, index) =>
    ids.slice(index * 500, (index + 1) * 500),
  );
  const organisations = await Promise.all(
    slices.map((slice) =>
      db.organisation.findMany({
        where: { id: { in: slice } },
        select: { id: true, wholeCity: true, quartiers: { select: { quartierId: true } } },
      }),
    ),
  );
  const byQuartier = new Map<string, number>();
  let wholeCity = 0;
  for (const organisation of organisations.flat()) {
    const count = countOf.get(organisation.id)!;
    if (organisation.wholeCity) wholeCity += count;
    for (const { quartierId } of organisation.wholeCity ? [] : organisation.quartiers) {
      byQuartier.set(quartierId, (byQuartier.get(quartierId) ?? 0) + count);
    }
  }
  return { byQuartier, wholeCity };
}

export async function getSupplyByQuartier(db: Db, filters: CoverageFilters, now = new Date()) {
  const visible = visibleWhere(filters, now);
  const wants = (type: CoverageFilters["type"]) => !filters.type || filters.type === type;
  const [quartiers, organisationsByQuartier, cityOrganisations, offersByQuartier, offersWithoutQuartier, ideaCodes, cityIdeas] =
    await Promise.all([
      db.quartier.findMany({ select: { id: true, slug: true } }),
      wants("organisation")
        ? db.organisationQuartier.groupBy({
            by: ["quartierId"],
            where: { organisation: { ...visible.organisation, wholeCity: false } },
            _count: { _all: true },
          })
        : [],
      wants("organisation") ? db.organisation.count({ where: { ...visible.organisation, wholeCity: true } }) : 0,
      wants("offer")
        ? db.offer.groupBy({
            by: ["quartierId"],
            where: { AND: [visible.offer, { quartierId: { not: null } }] },
            _count: { _all: true },
          })
        : [],
      wants("offer") ? getOffersWithoutQuartier(db, visible.offer) : { byQuartier: new Map<string, number>(), wholeCity: 0 },
      wants("idea")
        ? db.ideaCode.groupBy({
            by: ["code"],
            where: { kind: "quartier", idea: { ...visible.idea, wholeCity: false } },
            _count: { _all: true },
          })
        : [],
      wants("idea") ? db.idea.count({ where: { ...visible.idea, wholeCity: true } }) : 0,
    ]);
  const offers = new Map(offersByQuartier.map((row) => [row.quartierId, row._count._all]));
  for (const [quartierId, count] of offersWithoutQuartier.byQuartier) {
    offers.set(quartierId, (offers.get(quartierId) ?? 0) + count);
  }
  const organisations = new Map(organisationsByQuartier.map((row) => [row.quartierId, row._count._all]));
  const ideas = new Map(ideaCodes.map((row) => [row.code, row._count._all]));
  const idOf = new Map(quartiers.map((quartier) => [quartier.slug, quartier.id]));
  const wholeCity: Supply = { organisations: cityOrganisations, offers: offersWithoutQuartier.wholeCity, ideas: cityIdeas };
  const supplyOf = (slug: string): Supply => {
    const id = idOf.get(slug);
    if (id === undefined) return NO_SUPPLY;
    return { organisations: organisations.get(id) ?? 0, offers: offers.get(id) ?? 0, ideas: ideas.get(slug) ?? 0 };
  };
  return { supplyOf, wholeCity };
}

export async function getCoverageData(db: Db, filters: CoverageFilters) {
  const [quartiers, supplyOf] = await Promise.all([
    db.quartier.findMany({
      orderBy: { idobj: "asc" },
      select: { slug: true, name: true, idobj: true, population: true, populationSource: true, populationYear: true },
    }),
    getSupplyByQuartier(db, filters),
  ]);
  return { quartiers, ...supplyOf };
}

/** Reads ?subAxis=&type= (the page and the API share it); kept server-side so pages ship no zod. */
export function parseCoverageQuery(url: URL) {
  return CoverageQuerySchema.safeParse({ subAxis: url.searchParams.get("subAxis"), type: url.searchParams.get("type") });
}

/**
 * Coverage by IRIS: only what has a point on the map can be placed in an IRIS (published
 * organisations and offers with a point), against each IRIS's 2018 population. What acts on the
 * whole city is left out here, as in the quartiers: it is the whole-city supply, counted apart.
 */
export async function getIrisCoverage(db: Db, filters: CoverageFilters, now = new Date()) {
  const visible = visibleWhere(filters, now);
  const wants = (type: CoverageFilters["type"]) => !filters.type || filters.type === type;
  const [organisations, offers] = await Promise.all([
    wants("organisation")
      ? db.organisation.findMany({
          where: { ...visible.organisation, ...onMap, wholeCity: false },
          select: { latitude: true, longitude: true },
        })
      : [],
    wants("offer")
      ? db.offer.findMany({ where: { AND: [visible.offer, onMap, localOffer] }, select: { latitude: true, longitude: true } })
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

/** Organisations and offers placed on the map, with the map's filters (at most `limit`). */
export async function getMapPoints(db: Db, filters: CoverageFilters, limit = 3000, now = new Date()) {
  const visible = visibleWhere(filters, now);
  const wants = (type: CoverageFilters["type"]) => !filters.type || filters.type === type;
  const [organisations, offers] = await Promise.all([
    wants("organisation")
      ? db.organisation.findMany({
          where: { ...visible.organisation, ...onMap },
          select: { slug: true, name: true, latitude: true, longitude: true, wholeCity: true },
          take: limit,
        })
      : [],
    wants("offer")
      ? db.offer.findMany({
          where: { AND: [visible.offer, onMap] },
          select: {
            title: true,
            latitude: true,
            longitude: true,
            quartierId: true,
            organisation: { select: { slug: true, wholeCity: true } },
          },
          take: limit,
        })
      : [],
  ]);
  return [
    ...organisations.map((row) => ({
      type: "organisation" as const,
      title: row.name,
      url: `/organisations/${row.slug}`,
      lat: row.latitude!,
      lng: row.longitude!,
      wholeCity: row.wholeCity,
    })),
    ...offers.map((row) => ({
      type: "offer" as const,
      title: row.title,
      url: `/organisations/${row.organisation.slug}`,
      lat: row.latitude!,
      lng: row.longitude!,
      wholeCity: row.quartierId === null && row.organisation.wholeCity,
    })),
  ];
}

export type MapPoint = Awaited<ReturnType<typeof getMapPoints>>[number];

/** The points that fall in one quartier (by slug) or one IRIS (by code), for the panel's list. */
export function getPointsIn(points: MapPoint[], level: "quartiers" | "iris", slug: string): MapPoint[] {
  if (level === "iris") {
    const collection = getIrisGeoJson().collection;
    return points.filter((point) => irisAtPoint(collection, point.lng, point.lat) === slug);
  }
  const collection = getQuartiersGeoJson().collection;
  const idobj = QUARTIERS.find((quartier) => quartier.code === slug)?.idobj;
  return points.filter((point) => quartierAtPoint(collection, point.lng, point.lat) === idobj);
}
