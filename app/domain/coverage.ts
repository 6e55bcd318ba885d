// The under-served map's figures (DOMAIN.md, "The under-served map"). Something that acts on the
// whole city is local nowhere: it is counted once and spread over the city's population, so the
// ranking of areas comes from their local supply only.
import { formatRate } from "~/domain/format";

export const COVERAGE_FORMULA =
  "Couverture d'un quartier = ce qui agit dans le quartier sans agir sur toute la ville (structures actives, offres qui y sont situées, idées qui le visent) pour 10 000 habitants du quartier, plus ce qui agit sur toute la ville pour 10 000 habitants de Nantes, une même part ajoutée à chaque quartier.";

/** What the map can count; kept out of the schema module so the page's bundle needs no zod. */
export const COVERAGE_TYPES = [
  { code: "organisation", label: "Structures" },
  { code: "offer", label: "Offres de ressources" },
  { code: "idea", label: "Idées de projets" },
] as const;

/**
 * The map's filters: the search's parameters of the same names (app/domain/schemas/coverage.ts).
 * Values of one filter are ORed, filters ANDed, none set means no restriction.
 */
export const COVERAGE_FILTERS = ["type", "subAxis", "sector", "resource", "status"] as const;
export type CoverageFilterName = (typeof COVERAGE_FILTERS)[number];

/** The filters as an address's parameters: the map's links, and its panel's link to /recherche. */
export function coverageFilterParams(filters: Partial<Record<CoverageFilterName, readonly string[]>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of COVERAGE_FILTERS) for (const value of filters[name] ?? []) params.append(name, value);
  return params;
}

export type Supply = { organisations: number; offers: number; ideas: number };
export type SupplyTotal = Supply & { total: number };
export type Area = { slug: string; name: string; population: number };
export type CoverageRow = Area & {
  /** Local supply only: what acts on the whole city is in `CoverageResult.wholeCity`. */
  supply: SupplyTotal;
  coverage: number;
  /** 1 for the least covered; null for an area without inhabitants, which is not ranked. */
  rank: number | null;
};
export type CoverageResult = {
  rows: CoverageRow[];
  wholeCity: SupplyTotal;
  /** The population of all the areas together. */
  cityPopulation: number;
  /** What the whole-city supply adds to every inhabited area, per 10,000 inhabitants (rounded). */
  wholeCityPart: number;
};

export const NO_SUPPLY: Supply = { organisations: 0, offers: 0, ideas: 0 };

const round2 = (value: number) => Math.round(value * 100) / 100;

export function withTotal(supply: Supply): SupplyTotal {
  return { ...supply, total: supply.organisations + supply.offers + supply.ideas };
}

/** Supply per 10,000 inhabitants; nothing to count where nobody lives. */
const per10k = (count: number, population: number) => (population > 0 ? (count * 10_000) / population : 0);

/**
 * coverage = round(total × 10,000 ÷ population + wholeCity.total × 10,000 ÷ cityPopulation, 2).
 * An area without inhabitants gets the whole-city part only and no rank.
 */
export function coverageOf(localTotal: number, population: number, wholeCityTotal: number, cityPopulation: number): number {
  return round2(per10k(localTotal, population) + per10k(wholeCityTotal, cityPopulation));
}

export function computeCoverage(
  areas: Area[],
  supplyOf: (slug: string) => Supply,
  wholeCitySupply: Supply = NO_SUPPLY,
): CoverageResult {
  const wholeCity = withTotal(wholeCitySupply);
  const cityPopulation = areas.reduce((sum, area) => sum + Math.max(0, area.population), 0);
  const rows: CoverageRow[] = areas.map((area) => {
    const supply = withTotal(supplyOf(area.slug));
    return {
      slug: area.slug,
      name: area.name,
      population: area.population,
      supply,
      coverage: coverageOf(supply.total, area.population, wholeCity.total, cityPopulation),
      rank: null,
    };
  });
  // At equal coverage the more populous area comes first: more people are left without.
  rows
    .filter((row) => row.population > 0)
    .sort((a, b) => a.coverage - b.coverage || b.population - a.population || a.name.localeCompare(b.name, "fr"))
    .forEach((row, index) => (row.rank = index + 1));
  return { rows, wholeCity, cityPopulation, wholeCityPart: round2(per10k(wholeCity.total, cityPopulation)) };
}

/** Inhabited areas, the least covered first. */
export function byRank(rows: CoverageRow[]): CoverageRow[] {
  return rows.filter((row) => row.rank !== null).sort((a, b) => a.rank! - b.rank!);
}

/**
 * The weakest areas, said so that it means something: when more inhabited areas than `count` have
 * no local supply at all, naming three of them by rank would pick arbitrary ones, so the sentence
 * says how many have none and names the most populous of them (the rank's tie-break).
 */
export function describeWeakest(rows: CoverageRow[], level: "quartiers" | "iris", count = 3): string {
  const ranked = byRank(rows);
  if (ranked.length === 0) return "";
  const names = ranked.slice(0, count).map((row) => row.name);
  const none = ranked.filter((row) => row.supply.total === 0);
  const without = none.length;
  const unit = level === "iris" ? "IRIS habités" : "quartiers";
  if (without === ranked.length && without > count) {
    return `Aucun des ${ranked.length} ${unit} n'a d'offre locale ; les plus peuplés : ${mostPopulous(none, count)}.`;
  }
  if (without > count) {
    return `${without} ${unit} sur ${ranked.length} n'ont aucune offre locale ; les plus peuplés d'entre eux : ${mostPopulous(none, count)}.`;
  }
  const head =
    names.length === 1
      ? `Le ${level === "iris" ? "IRIS habité" : "quartier"} le moins couvert`
      : `Les ${NUMBERS[names.length] ?? names.length} ${unit} les moins couverts`;
  const tail =
    without === 0
      ? ""
      : without === 1
        ? " Le premier n'a aucune offre locale."
        : ` Les ${NUMBERS[without] ?? without} premiers n'ont aucune offre locale.`;
  return `${head} : ${names.join(", ")}.${tail}`;
}

function mostPopulous(rows: CoverageRow[], count: number): string {
  return [...rows]
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name, "fr"))
    .slice(0, count)
    .map((row) => row.name)
    .join(", ");
}

const NUMBERS: Record<number, string> = { 2: "deux", 3: "trois", 4: "quatre", 5: "cinq" };

/**
 * Five shades of one warm hue, darkest first: on a map of under-served areas, the darker, the
 * fewer. ColorBrewer's YlOrRd, reversed.
 */
export const COVERAGE_COLOURS = ["#bd0026", "#f03b20", "#fd8d3c", "#fecc5c", "#ffffb2"] as const;
/**
 * The markers' colours (organisations and offers with a point), in cool hues apart from the
 * shading; a register's unclaimed structure is an empty ring of its own colour (told apart by its
 * shape as well as its colour).
 */
export const POINT_COLOURS = { organisation: "#1d3a8a", offer: "#00695c", register: "#6a1b9a" } as const;

/** A marker: a structure that published its profile, an offer, or a register's unclaimed structure. */
export type MapPoint = {
  type: "organisation" | "offer" | "register";
  title: string;
  url: string;
  lat: number;
  lng: number;
  wholeCity: boolean;
};

/** What a marker of the map shows when it is chosen: its name, linked, and where it acts. */
export type MarkerContent = Pick<MapPoint, "title" | "url" | "wholeCity">;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A marker's popup (HTML: Leaflet's popups take a string). A structure acting on the whole city
 * stands at its address, yet counts for every quartier: said under its name, as the quartier
 * panel and the table say it.
 */
export function markerPopupHtml(point: MarkerContent): string {
  const link = `<a href="${escapeHtml(point.url)}">${escapeHtml(point.title)}</a>`;
  return point.wholeCity ? `${link}<br>Agit sur toute la ville` : link;
}

/** Areas without inhabitants are not ranked: a neutral grey. */
export const UNINHABITED_COLOUR = "#d9d9d9";

export type CoverageClass = {
  kind: "none" | "range" | "uninhabited";
  /** Lowest and highest coverage of the areas in the class. */
  from: number;
  to: number;
  colour: string;
  count: number;
  label: string;
};

/**
 * Classes for the shading and its legend, from the least covered to the most: inhabited areas
 * with no local supply form their own class; the others are split into classes of about the same
 * number of areas (quantiles), merged when their bounds would be equal, so that no two classes
 * read alike; areas without inhabitants come last, unranked.
 */
export function coverageClasses(rows: CoverageRow[]): { classes: CoverageClass[]; classOf: Record<string, number> } {
  const inhabited = byRank(rows);
  const none = inhabited.filter((row) => row.supply.total === 0);
  const some = inhabited.filter((row) => row.supply.total > 0);
  const groups: { kind: CoverageClass["kind"]; rows: CoverageRow[] }[] = [];
  if (none.length) groups.push({ kind: "none", rows: none });

  const values = some.map((row) => row.coverage).sort((a, b) => a - b);
  const steps = COVERAGE_COLOURS.length - groups.length;
  const uppers = [
    ...new Set(Array.from({ length: steps }, (_unused, index) => values[Math.ceil(((index + 1) * values.length) / steps) - 1])),
  ]
    .filter((value): value is number => value !== undefined)
    .sort((a, b) => a - b);
  const ranges = uppers.map(() => [] as CoverageRow[]);
  for (const row of some) ranges[uppers.findIndex((upper) => row.coverage <= upper)]!.push(row);
  for (const range of ranges) if (range.length) groups.push({ kind: "range", rows: range });

  const colours = spreadColours(groups.length, none.length > 0);
  const classes: CoverageClass[] = groups.map((group, index) => {
    const coverages = group.rows.map((row) => row.coverage);
    const from = Math.min(...coverages);
    const to = Math.max(...coverages);
    return {
      kind: group.kind,
      from,
      to,
      colour: colours[index]!,
      count: group.rows.length,
      label: classLabel(group.kind, from, to),
    };
  });
  const uninhabited = rows.filter((row) => row.rank === null);
  if (uninhabited.length) {
    classes.push({
      kind: "uninhabited",
      from: 0,
      to: 0,
      colour: UNINHABITED_COLOUR,
      count: uninhabited.length,
      label: classLabel("uninhabited", 0, 0),
    });
    groups.push({ kind: "uninhabited", rows: uninhabited });
  }
  const classOf: Record<string, number> = {};
  groups.forEach((group, index) => group.rows.forEach((row) => (classOf[row.slug] = index)));
  return { classes, classOf };
}

/** The darkest shade for the weakest class, the lightest for the strongest, evenly in between. */
function spreadColours(count: number, hasNone: boolean): string[] {
  if (count === 0) return [];
  if (count === 1) return [COVERAGE_COLOURS[hasNone ? 0 : 2]];
  const last = COVERAGE_COLOURS.length - 1;
  return Array.from({ length: count }, (_unused, index) => COVERAGE_COLOURS[Math.round((index * last) / (count - 1))]!);
}

function classLabel(kind: CoverageClass["kind"], from: number, to: number): string {
  if (kind === "uninhabited") return "Sans habitants (non classé)";
  // Two decimals always, as the table beside the legend (« de 4,70 à 5,40 »; it read « de 4,7 à 5,4 » beside 4,70).
  const range = from === to ? formatRate(from) : `de ${formatRate(from)} à ${formatRate(to)}`;
  if (kind === "none") {
    return to === 0
      ? "Aucune offre locale (0 pour 10 000 habitants)"
      : `Aucune offre locale : seulement la part de toute la ville (${range} pour 10 000 habitants)`;
  }
  return `${range[0]!.toUpperCase()}${range.slice(1)} pour 10 000 habitants`;
}
