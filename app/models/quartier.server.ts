import { visibleOrganisationWhere } from "~/domain/publication";
import type { Db } from "~/utils/db.server";
import { keptFigures } from "~/models/figures-cache.server";

/**
 * The 11 quartiers with the number of published organisations active in each. An organisation
 * acting on the whole city counts in every quartier (DOMAIN.md). The quartiers (their population
 * changes from /ccas/population) are read each time; the counts, which read every organisation
 * (some 150 ms at 50,000), are kept until a structure is written (figures-cache.server.ts).
 */
export async function getQuartiersWithOrganisationCounts(db: Db) {
  const [quartiers, counts] = await Promise.all([
    db.quartier.findMany({
      orderBy: { idobj: "asc" },
      select: { id: true, slug: true, idobj: true, name: true, population: true, populationYear: true, populationSource: true },
    }),
    keptFigures(db, "quartiers:organisations", () => countOrganisationsPerQuartier(db), ["organisation"]),
  ]);
  return quartiers.map(({ id, ...quartier }) => ({
    ...quartier,
    organisations: (counts.perQuartier.get(id) ?? 0) + counts.wholeCity,
  }));
}

async function countOrganisationsPerQuartier(db: Db) {
  const [rows, wholeCity] = await Promise.all([
    db.organisationQuartier.groupBy({
      by: ["quartierId"],
      where: { organisation: { ...visibleOrganisationWhere(), wholeCity: false } },
      _count: { _all: true },
    }),
    db.organisation.count({ where: { ...visibleOrganisationWhere(), wholeCity: true } }),
  ]);
  return { perQuartier: new Map(rows.map((row) => [row.quartierId, row._count._all])), wholeCity };
}

type QuartierName = { slug: string; name: string };
const directories = new WeakMap<Db, Promise<Map<string, QuartierName>>>();

/**
 * The quartiers' slugs and names by id: fixed once seeded (only their population changes), read
 * once per database — again when an id asked for is not in it (a quartier seeded since). Public
 * pages name the quartiers of what they show from it rather than reading them with each row.
 */
export async function getQuartierNames(db: Db, ids: readonly string[] = []): Promise<Map<string, QuartierName>> {
  const kept = directories.get(db);
  if (kept) {
    const names = await kept.catch(() => null);
    if (names && ids.every((id) => names.has(id))) return names;
  }
  const read = db.quartier
    .findMany({ select: { id: true, slug: true, name: true } })
    .then((rows) => new Map(rows.map((row) => [row.id, { slug: row.slug, name: row.name }])));
  directories.set(db, read);
  read.catch(() => {
    if (directories.get(db) === read) directories.delete(db);
  });
  return read;
}

/** Replaces the population figures of the quartiers, all or nothing. */
export async function savePopulation(
  db: Db,
  rows: { slug: string; population: number; source: string; year: number; indicators: Record<string, string> | null }[],
) {
  await db.$transaction(
    rows.map((row) =>
      db.quartier.update({
        where: { slug: row.slug },
        data: {
          population: row.population,
          populationSource: row.source,
          populationYear: row.year,
          indicators: row.indicators ? JSON.stringify(row.indicators) : null,
        },
      }),
    ),
  );
}
