import { visibleOrganisationWhere } from "~/domain/publication";
import type { Db } from "~/utils/db.server";

/**
 * The 11 quartiers with the number of published organisations active in each. An organisation
 * acting on the whole city counts in every quartier (DOMAIN.md).
 */
export async function getQuartiersWithOrganisationCounts(db: Db) {
  const [quartiers, wholeCity] = await Promise.all([
    db.quartier.findMany({
      orderBy: { idobj: "asc" },
      select: {
        slug: true,
        idobj: true,
        name: true,
        population: true,
        populationYear: true,
        populationSource: true,
        _count: { select: { organisations: { where: { organisation: { ...visibleOrganisationWhere(), wholeCity: false } } } } },
      },
    }),
    db.organisation.count({ where: { ...visibleOrganisationWhere(), wholeCity: true } }),
  ]);
  return quartiers.map(({ _count, ...quartier }) => ({ ...quartier, organisations: _count.organisations + wholeCity }));
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
