// The under-served map's figures (DOMAIN.md): supply = published organisations active in a
// quartier + offers located there + ideas targeting it; coverage = supply per 10,000 inhabitants.
export const COVERAGE_FORMULA =
  "Couverture = (structures actives dans le quartier + offres qui y sont situées + idées qui le visent) pour 10 000 habitants ; ce qui concerne toute la ville compte dans chaque quartier.";

/** What the map can count; kept out of the schema module so the page's bundle needs no zod. */
export const COVERAGE_TYPES = [
  { code: "organisation", label: "Structures" },
  { code: "offer", label: "Offres de ressources" },
  { code: "idea", label: "Idées de projets" },
] as const;

export type Supply = { organisations: number; offers: number; ideas: number };
export type CoverageRow = {
  slug: string;
  name: string;
  population: number;
  supply: Supply & { total: number };
  coverage: number;
  /** 1 for the least covered. */
  rank: number;
};

const round2 = (value: number) => Math.round(value * 100) / 100;

export function computeCoverage(
  quartiers: { slug: string; name: string; population: number }[],
  supplyOf: (slug: string) => Supply,
): CoverageRow[] {
  const rows = quartiers.map((quartier) => {
    const supply = supplyOf(quartier.slug);
    const total = supply.organisations + supply.offers + supply.ideas;
    return {
      slug: quartier.slug,
      name: quartier.name,
      population: quartier.population,
      supply: { ...supply, total },
      coverage: quartier.population > 0 ? round2((total / quartier.population) * 10_000) : 0,
      rank: 0,
    };
  });
  const order = [...rows].sort((a, b) => a.coverage - b.coverage || a.name.localeCompare(b.name, "fr"));
  order.forEach((row, index) => (row.rank = index + 1));
  return rows;
}

/** The least covered quartiers, weakest first. */
export function leastCovered(rows: CoverageRow[], count = 3): CoverageRow[] {
  return [...rows].sort((a, b) => a.rank - b.rank).slice(0, count);
}

/** Five shades from weak (light) to strong (dark) coverage, by equal steps up to the maximum. */
export const COVERAGE_COLOURS = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"] as const;

export function coverageClass(coverage: number, max: number): number {
  if (max <= 0) return 0;
  return Math.min(COVERAGE_COLOURS.length - 1, Math.floor((coverage / max) * COVERAGE_COLOURS.length));
}
