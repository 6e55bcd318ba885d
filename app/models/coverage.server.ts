// Supply per quartier, counted by the database (aggregates, not rows), with the search filters'
// rule for where an item is (search/documents.ts): an offer is in its quartier, or else where its
// organisation is active. What acts on the whole city is local nowhere: it is counted once, apart
// (DOMAIN.md, "The under-served map").
import { NO_SUPPLY, type Supply } from "~/domain/coverage";
import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import type { Prisma } from "~/generated/prisma/client";
import type { CoverageQuery } from "~/domain/schemas/coverage";
import { IDEA_STAGES } from "~/domain/schemas/idea";
import { irisAtPoint, quartierAtPoint } from "~/domain/geo";
import { labelOf, QUARTIERS } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import { getIrisGeoJson, getQuartiersGeoJson } from "~/utils/geo.server";

// The page and the API read their filters here, so that the page ships no zod.
export { parseCoverageQuery, readCoveragePageQuery } from "~/domain/schemas/coverage";

/** The search's filters (several values ORed, filters ANDed); a filter left out restricts nothing. */
export type CoverageFilters = Partial<CoverageQuery>;

/**
 * What the map counts under the filters: the visible items (app/domain/publication.ts) that the
 * search's filters keep, each filter read as search/documents.ts indexes it — an organisation by
 * its sector, the resources it offers and its sub-axes; an offer by its resource and its
 * organisation's sector, and no sub-axis; an idea by the sectors, resources and sub-axes it names,
 * its stage being its status; organisations and offers have the status `published`. The
 * integration test holds both to the same counts. null: that type is not counted at all.
 */
function filteredWhere(filters: CoverageFilters, now: Date) {
  const { type = [], subAxis = [], sector = [], resource = [], status = [] } = filters;
  const wants = (kind: "organisation" | "offer" | "idea") => type.length === 0 || type.some((code) => code === kind);
  const published = status.length === 0 || status.includes("published");
  const organisation: Prisma.OrganisationWhereInput | null =
    wants("organisation") && published
      ? {
          AND: [
            visibleOrganisationWhere(),
            ...(subAxis.length ? [{ subAxes: { some: { subAxis: { code: { in: subAxis } } } } }] : []),
            ...(sector.length ? [{ sector: { in: sector } }] : []),
            ...(resource.length ? [{ resources: { some: { direction: "offers", resource: { in: resource } } } }] : []),
          ],
        }
      : null;
  const offer: Prisma.OfferWhereInput | null =
    wants("offer") && published && subAxis.length === 0
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
  const idea: Prisma.IdeaWhereInput | null = wants("idea")
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

/** The words for a `status` value on the page: organisations and offers are `published`. */
export function coverageStatusLabel(code: string): string {
  return code === "published" ? "Structures et offres publiées" : `Idées : ${labelOf(IDEA_STAGES, code).toLowerCase()}`;
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
  const where = filteredWhere(filters, now);
  const [quartiers, organisationsByQuartier, cityOrganisations, offersByQuartier, offersWithoutQuartier, ideaCodes, cityIdeas] =
    await Promise.all([
      db.quartier.findMany({ select: { id: true, slug: true } }),
      where.organisation
        ? db.organisationQuartier.groupBy({
            by: ["quartierId"],
            where: { organisation: { AND: [where.organisation, { wholeCity: false }] } },
            _count: { _all: true },
          })
        : [],
      where.organisation ? db.organisation.count({ where: { AND: [where.organisation, { wholeCity: true }] } }) : 0,
      where.offer
        ? db.offer.groupBy({
            by: ["quartierId"],
            where: { AND: [where.offer, { quartierId: { not: null } }] },
            _count: { _all: true },
          })
        : [],
      where.offer ? getOffersWithoutQuartier(db, where.offer) : { byQuartier: new Map<string, number>(), wholeCity: 0 },
      where.idea
        ? db.ideaCode.groupBy({
            by: ["code"],
            where: { kind: "quartier", idea: { AND: [where.idea, { wholeCity: false }] } },
            _count: { _all: true },
          })
        : [],
      where.idea ? db.idea.count({ where: { AND: [where.idea, { wholeCity: true }] } }) : 0,
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

/**
 * Coverage by IRIS: only what has a point on the map can be placed in an IRIS (published
 * organisations and offers with a point), against each IRIS's 2018 population. What acts on the
 * whole city is left out here, as in the quartiers: it is the whole-city supply, counted apart.
 */
export async function getIrisCoverage(db: Db, filters: CoverageFilters, now = new Date()) {
  const where = filteredWhere(filters, now);
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

/** Organisations and offers placed on the map, with the map's filters (at most `limit`). */
export async function getMapPoints(db: Db, filters: CoverageFilters, limit = 3000, now = new Date()) {
  const where = filteredWhere(filters, now);
  const [organisations, offers] = await Promise.all([
    where.organisation
      ? db.organisation.findMany({
          where: { AND: [where.organisation, onMap] },
          select: { slug: true, name: true, latitude: true, longitude: true, wholeCity: true },
          take: limit,
        })
      : [],
    where.offer
      ? db.offer.findMany({
          where: { AND: [where.offer, onMap] },
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
