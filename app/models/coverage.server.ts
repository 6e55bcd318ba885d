// Supply per quartier, counted by the database (aggregates, not rows), with the same rules as the
// search filters: something acting on the whole city counts in every quartier.
import type { Supply } from "~/domain/coverage";
import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import type { Prisma } from "~/generated/prisma/client";
import { CoverageQuerySchema } from "~/domain/schemas/coverage";
import { irisAtPoint } from "~/domain/geo";
import type { Db } from "~/utils/db.server";
import { getIrisGeoJson } from "~/utils/geo.server";

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

export async function getSupplyByQuartier(db: Db, filters: CoverageFilters, now = new Date()) {
  const visible = visibleWhere(filters, now);
  const wants = (type: CoverageFilters["type"]) => !filters.type || filters.type === type;
  const [quartiers, organisationsByQuartier, cityOrganisations, offersByQuartier, ideaCodes, cityIdeas] = await Promise.all([
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
    wants("idea")
      ? db.ideaCode.groupBy({
          by: ["code"],
          where: { kind: "quartier", idea: { ...visible.idea, wholeCity: false } },
          _count: { _all: true },
        })
      : [],
    wants("idea") ? db.idea.count({ where: { ...visible.idea, wholeCity: true } }) : 0,
  ]);
  const idOf = new Map(quartiers.map((quartier) => [quartier.slug, quartier.id]));
  return (slug: string): Supply => {
    const id = idOf.get(slug);
    return {
      organisations: (organisationsByQuartier.find((row) => row.quartierId === id)?._count._all ?? 0) + cityOrganisations,
      offers: offersByQuartier.find((row) => row.quartierId === id)?._count._all ?? 0,
      ideas: (ideaCodes.find((row) => row.code === slug)?._count._all ?? 0) + cityIdeas,
    };
  };
}

export async function getCoverageData(db: Db, filters: CoverageFilters) {
  const [quartiers, supplyOf] = await Promise.all([
    db.quartier.findMany({
      orderBy: { idobj: "asc" },
      select: { slug: true, name: true, idobj: true, population: true, populationSource: true, populationYear: true },
    }),
    getSupplyByQuartier(db, filters),
  ]);
  return { quartiers, supplyOf };
}

/** Reads ?subAxis=&type= (the page and the API share it); kept server-side so pages ship no zod. */
export function parseCoverageQuery(url: URL) {
  return CoverageQuerySchema.safeParse({ subAxis: url.searchParams.get("subAxis"), type: url.searchParams.get("type") });
}

/**
 * Coverage by IRIS: only what has a point on the map can be placed in an IRIS (published
 * organisations and offers with a point), against each IRIS's 2018 population.
 */
export async function getIrisCoverage(db: Db, filters: CoverageFilters, now = new Date()) {
  const visible = visibleWhere(filters, now);
  const wants = (type: CoverageFilters["type"]) => !filters.type || filters.type === type;
  const [organisations, offers] = await Promise.all([
    wants("organisation")
      ? db.organisation.findMany({ where: { ...visible.organisation, ...onMap }, select: { latitude: true, longitude: true } })
      : [],
    wants("offer")
      ? db.offer.findMany({ where: { AND: [visible.offer, onMap] }, select: { latitude: true, longitude: true } })
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
          select: { slug: true, name: true, latitude: true, longitude: true },
          take: limit,
        })
      : [],
    wants("offer")
      ? db.offer.findMany({
          where: { AND: [visible.offer, onMap] },
          select: { title: true, latitude: true, longitude: true, organisation: { select: { slug: true } } },
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
    })),
    ...offers.map((row) => ({
      type: "offer" as const,
      title: row.title,
      url: `/organisations/${row.organisation.slug}`,
      lat: row.latitude!,
      lng: row.longitude!,
    })),
  ];
}
