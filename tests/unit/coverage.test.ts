import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeCoverage,
  COVERAGE_COLOURS,
  COVERAGE_TYPES,
  coverageClasses,
  coverageFilterParams,
  coverageOf,
  describeWeakest,
  markerPopupHtml,
  NO_SUPPLY,
  UNINHABITED_COLOUR,
  type Supply,
} from "~/domain/coverage";
import { parseCoverageQuery, readCoveragePageQuery, UNKNOWN_SUB_AXIS } from "~/domain/schemas/coverage";
import { IDEA_STAGES } from "~/domain/schemas/idea";
import { SearchQuerySchema, searchParamsObject } from "~/domain/schemas/search";
import { RESOURCES, SECTORS } from "~/domain/taxonomy";

const quartiers = [
  { slug: "a", name: "Alpha", population: 20_000 },
  { slug: "b", name: "Bêta", population: 10_000 },
  { slug: "c", name: "Gamma", population: 30_000 },
  { slug: "d", name: "Delta", population: 0 },
];
const supply: Record<string, Supply> = {
  a: { organisations: 3, offers: 1, ideas: 0 },
  b: { organisations: 1, offers: 0, ideas: 1 },
  c: { organisations: 1, offers: 0, ideas: 0 },
  d: { organisations: 5, offers: 0, ideas: 0 },
};
const wholeCity: Supply = { organisations: 2, offers: 1, ideas: 0 };

/** Rows from coverage values alone: `[slug, local total, population]`. */
function rowsOf(areas: [string, number, number][], city: Supply = NO_SUPPLY) {
  return computeCoverage(
    areas.map(([slug, , population]) => ({ slug, name: slug.toUpperCase(), population })),
    (slug) => ({ organisations: areas.find((area) => area[0] === slug)![1], offers: 0, ideas: 0 }),
    city,
  ).rows;
}

describe("the coverage formula", () => {
  const result = computeCoverage(quartiers, (slug) => supply[slug]!, wholeCity);

  it("is local supply per 10,000 inhabitants plus whole-city supply per 10,000 inhabitants of the city", () => {
    // The city: 60,000 inhabitants; whole-city supply 3, so 0.5 per 10,000 added everywhere.
    expect(result.cityPopulation).toBe(60_000);
    expect(result.wholeCity).toEqual({ organisations: 2, offers: 1, ideas: 0, total: 3 });
    expect(result.wholeCityPart).toBe(0.5);
    expect(result.rows.map((row) => [row.slug, row.supply.total, row.coverage])).toEqual([
      ["a", 4, 2.5],
      ["b", 2, 2.5],
      ["c", 1, 0.83],
      // Nobody lives there: only the whole-city part, and no rank.
      ["d", 5, 0.5],
    ]);
  });

  it("adds the same amount everywhere, so the ranking comes from local supply only", () => {
    const without = computeCoverage(quartiers, (slug) => supply[slug]!);
    const rank = (rows: typeof result.rows) => Object.fromEntries(rows.map((row) => [row.slug, row.rank]));
    expect(rank(result.rows)).toEqual(rank(without.rows));
    expect(without.wholeCityPart).toBe(0);
  });

  it("ranks from the least covered; ties go to the more populous; areas without inhabitants are not ranked", () => {
    expect(Object.fromEntries(result.rows.map((row) => [row.slug, row.rank]))).toEqual({ c: 1, a: 2, b: 3, d: null });
  });

  it("rounds to 2 decimals after adding both parts", () => {
    // 0.3333… + 0.3333… = 0.67, where rounding each part first would give 0.66.
    expect(coverageOf(1, 30_000, 1, 30_000)).toBe(0.67);
    expect(coverageOf(1, 3, 0, 1)).toBe(3333.33);
    expect(coverageOf(2, 3, 0, 1)).toBe(6666.67);
    expect(coverageOf(1, 70_000, 1, 70_000)).toBe(0.29);
  });

  it("gives 0 with no supply at all, and no division by zero without population", () => {
    expect(coverageOf(0, 10_000, 0, 60_000)).toBe(0);
    expect(coverageOf(3, 0, 0, 0)).toBe(0);
    expect(coverageOf(0, 0, 2, 0)).toBe(0);
    const empty = computeCoverage(quartiers, () => NO_SUPPLY);
    expect(empty.rows.every((row) => row.coverage === 0 && row.supply.total === 0)).toBe(true);
    expect(computeCoverage([], () => NO_SUPPLY)).toEqual({
      rows: [],
      wholeCity: { ...NO_SUPPLY, total: 0 },
      cityPopulation: 0,
      wholeCityPart: 0,
    });
  });

  it("with whole-city supply only, every inhabited area has the same coverage", () => {
    const only = computeCoverage(quartiers, () => NO_SUPPLY, { organisations: 6, offers: 0, ideas: 0 });
    expect(only.rows.map((row) => row.coverage)).toEqual([1, 1, 1, 1]);
    expect(only.rows.filter((row) => row.rank !== null)).toHaveLength(3);
  });
});

describe("the weakest, in words", () => {
  it("names the three least covered quartiers", () => {
    const rows = rowsOf([
      ["a", 5, 10_000],
      ["b", 1, 10_000],
      ["c", 2, 10_000],
      ["d", 3, 10_000],
    ]);
    expect(describeWeakest(rows, "quartiers")).toBe("Les trois quartiers les moins couverts : B, C, D.");
  });

  it("says how many have nothing local when they outnumber the names, and names the most populous", () => {
    const rows = rowsOf(
      [
        ["aa", 0, 1_000],
        ["ab", 0, 5_000],
        ["ac", 0, 3_000],
        ["ad", 0, 4_000],
        ["ae", 0, 0],
        ["af", 2, 2_000],
      ],
      { organisations: 1, offers: 0, ideas: 0 },
    );
    expect(describeWeakest(rows, "iris")).toBe(
      "4 IRIS habités sur 5 n'ont aucune offre locale ; les plus peuplés d'entre eux : AB, AD, AC.",
    );
  });

  it("says when none has anything local", () => {
    const rows = rowsOf(
      [
        ["a", 0, 1_000],
        ["b", 0, 2_000],
        ["c", 0, 3_000],
        ["d", 0, 4_000],
      ],
      { organisations: 1, offers: 0, ideas: 0 },
    );
    expect(describeWeakest(rows, "quartiers")).toBe("Aucun des 4 quartiers n'a d'offre locale ; les plus peuplés : D, C, B.");
  });

  it("says which of the named have nothing local", () => {
    const rows = rowsOf([
      ["a", 0, 1_000],
      ["b", 0, 2_000],
      ["c", 4, 10_000],
      ["d", 9, 10_000],
    ]);
    expect(describeWeakest(rows, "quartiers")).toBe(
      "Les trois quartiers les moins couverts : B, A, C. Les deux premiers n'ont aucune offre locale.",
    );
  });
});

describe("the shading classes", () => {
  it("shades the least covered darkest, in one warm hue", () => {
    const rows = rowsOf([
      ["a", 1, 10_000],
      ["b", 2, 10_000],
      ["c", 3, 10_000],
      ["d", 4, 10_000],
      ["e", 5, 10_000],
    ]);
    const { classes, classOf } = coverageClasses(rows);
    expect(classes.map((item) => item.label)).toEqual([
      "1,00 pour 10 000 habitants",
      "2,00 pour 10 000 habitants",
      "3,00 pour 10 000 habitants",
      "4,00 pour 10 000 habitants",
      "5,00 pour 10 000 habitants",
    ]);
    expect(classes[classOf.a!]!.colour).toBe(COVERAGE_COLOURS[0]);
    expect(classes[classOf.e!]!.colour).toBe(COVERAGE_COLOURS[4]);
    const luminance = (hex: string) =>
      [1, 3, 5]
        .map((start) => parseInt(hex.slice(start, start + 2), 16))
        .reduce((sum, value, index) => sum + value * [0.2126, 0.7152, 0.0722][index]!, 0);
    for (let index = 1; index < COVERAGE_COLOURS.length; index += 1) {
      expect(luminance(COVERAGE_COLOURS[index]!)).toBeGreaterThan(luminance(COVERAGE_COLOURS[index - 1]!));
    }
  });

  it("puts areas with nothing local in their own class, and never two classes that read alike", () => {
    // As in the IRIS view: many areas at zero, a few with something.
    const rows = rowsOf([
      ...Array.from({ length: 40 }, (_unused, index): [string, number, number] => [`z${index}`, 0, 2_000 + index]),
      ["x", 1, 2_000],
      ["y", 1, 2_000],
      ["w", 3, 2_000],
    ]);
    const { classes, classOf } = coverageClasses(rows);
    expect(classes[0]).toMatchObject({
      kind: "none",
      count: 40,
      colour: COVERAGE_COLOURS[0],
      label: "Aucune offre locale (0 pour 10 000 habitants)",
    });
    expect(classes.map((item) => item.label)).toEqual([
      "Aucune offre locale (0 pour 10 000 habitants)",
      "5,00 pour 10 000 habitants",
      "15,00 pour 10 000 habitants",
    ]);
    expect(new Set(classes.map((item) => item.colour)).size).toBe(classes.length);
    expect(classes[classOf.w!]!.colour).toBe(COVERAGE_COLOURS[4]);
    expect(classes.reduce((sum, item) => sum + item.count, 0)).toBe(rows.length);
  });

  it("labels the whole-city part of the areas with nothing local, and ranges as from … to", () => {
    const rows = rowsOf(
      Array.from({ length: 12 }, (_unused, index): [string, number, number] => [`q${index}`, index, 10_000]),
      { organisations: 12, offers: 0, ideas: 0 },
    );
    const { classes } = coverageClasses(rows);
    expect(classes[0]!.label).toBe("Aucune offre locale : seulement la part de toute la ville (1,00 pour 10 000 habitants)");
    expect(classes.slice(1).map((item) => item.label)).toEqual([
      "De 2,00 à 4,00 pour 10 000 habitants",
      "De 5,00 à 7,00 pour 10 000 habitants",
      "De 8,00 à 10,00 pour 10 000 habitants",
      "De 11,00 à 12,00 pour 10 000 habitants",
    ]);
  });

  it("leaves areas without inhabitants out of the scale, in grey", () => {
    const rows = rowsOf([
      ["a", 1, 10_000],
      ["port", 3, 0],
    ]);
    const { classes, classOf } = coverageClasses(rows);
    expect(classes[classOf.port!]).toMatchObject({ kind: "uninhabited", colour: UNINHABITED_COLOUR });
    expect(classes.filter((item) => item.kind !== "uninhabited")).toHaveLength(1);
  });
});

describe("the map's filters: the search's own", () => {
  const SUB_AXES = ["1.1", "1.2", "2.1", "2.2"];
  const parse = (search: string) => parseCoverageQuery(new URLSearchParams(search), SUB_AXES);
  const read = (search: string) => readCoveragePageQuery(new URLSearchParams(search), SUB_AXES);
  const NONE = { type: [], subAxis: [], sector: [], resource: [], status: [] };

  it("reads several values of a filter, and several filters", () => {
    const parsed = parse("type=offer&type=idea&sector=sante&sector=habitat&resource=locaux&subAxis=2.1&status=published");
    expect(parsed.success && parsed.data).toEqual({
      type: ["offer", "idea"],
      subAxis: ["2.1"],
      sector: ["sante", "habitat"],
      resource: ["locaux"],
      status: ["published"],
    });
    expect(parse("").success && parse("").data).toEqual(NONE);
  });

  it("refuses what /api/search refuses, with its messages, and a sub-axis the call does not have", () => {
    const errors = (search: string) => {
      const parsed = parse(search);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    };
    for (const search of ["type=personne", "sector=__proto__", "resource=constructor", "status=toString", "subAxis=deux"]) {
      const api = SearchQuerySchema.safeParse(searchParamsObject(new URLSearchParams(search)));
      expect(api.success, search).toBe(false);
      expect(errors(search), search).toEqual(api.error!.issues.map((issue) => issue.message));
    }
    expect(errors("subAxis=2.1&subAxis=9.9")).toEqual([UNKNOWN_SUB_AXIS]);
  });

  it("is not the search's other parameters: the quartier, the words, the page are left to them", () => {
    const parsed = parse("quartier=__proto__&q=salle&page=0&sort=nimporte&niveau=iris&tri=name&__proto__=1&constructor=2");
    expect(parsed.success && parsed.data).toEqual(NONE);
  });

  it("on the page, drops the unknown values, keeps the others and says so", () => {
    expect(read("sector=sante&sector=__proto__&type=constructor&type=idea&subAxis=9.9&subAxis=1.2&resource=locaux")).toEqual({
      filters: { type: ["idea"], subAxis: ["1.2"], sector: ["sante"], resource: ["locaux"], status: [] },
      ignored: true,
    });
    expect(read("sector=sante&sector=sante&quartier=nantes-nord&tri=name")).toEqual({
      filters: { ...NONE, sector: ["sante"] },
      ignored: false,
    });
    expect(read("subAxis=__proto__&status=hasOwnProperty")).toEqual({ filters: NONE, ignored: true });
  });

  it("gives back, from its address, the filters it was built from", () => {
    const some = (codes: readonly string[]) => fc.uniqueArray(fc.constantFrom(...codes), { maxLength: codes.length });
    fc.assert(
      fc.property(
        fc.record({
          type: some(COVERAGE_TYPES.map((type) => type.code)),
          subAxis: some(SUB_AXES),
          sector: some(SECTORS.map((sector) => sector.code)),
          resource: some(RESOURCES.map((resource) => resource.code)),
          status: some(["published", ...IDEA_STAGES.map((stage) => stage.code)]),
        }),
        (filters) => {
          const address = coverageFilterParams(filters);
          expect(read(address.toString())).toEqual({ filters, ignored: false });
          const parsed = parseCoverageQuery(address, SUB_AXES);
          expect(parsed.success && parsed.data).toEqual(filters);
        },
      ),
    );
  });
});

describe("a marker's popup", () => {
  it("names the structure, linked, and says when it acts on the whole city", () => {
    expect(markerPopupHtml({ title: "Les Amis du quartier", url: "/organisations/amis", wholeCity: false })).toBe(
      '<a href="/organisations/amis">Les Amis du quartier</a>',
    );
    expect(markerPopupHtml({ title: "Lien & Cie", url: "/organisations/lien", wholeCity: true })).toBe(
      '<a href="/organisations/lien">Lien &#38; Cie</a><br>Agit sur toute la ville',
    );
  });

  it("writes no markup a name carries", () => {
    const html = markerPopupHtml({ title: '<img src=x onerror="alert(1)">', url: '/o/"x"', wholeCity: false });
    expect(html).not.toContain("<img");
    expect(html).toBe('<a href="/o/&#34;x&#34;">&#60;img src=x onerror=&#34;alert(1)&#34;&#62;</a>');
  });
});
