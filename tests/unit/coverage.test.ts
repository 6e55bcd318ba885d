import { describe, expect, it } from "vitest";
import { computeCoverage, coverageClass, leastCovered } from "~/domain/coverage";

const quartiers = [
  { slug: "a", name: "Alpha", population: 20_000 },
  { slug: "b", name: "Bêta", population: 10_000 },
  { slug: "c", name: "Gamma", population: 30_000 },
  { slug: "d", name: "Delta", population: 0 },
];
const supply: Record<string, { organisations: number; offers: number; ideas: number }> = {
  a: { organisations: 3, offers: 1, ideas: 0 },
  b: { organisations: 1, offers: 0, ideas: 1 },
  c: { organisations: 1, offers: 0, ideas: 0 },
  d: { organisations: 5, offers: 0, ideas: 0 },
};

describe("coverage", () => {
  const rows = computeCoverage(quartiers, (slug) => supply[slug]!);

  it("is supply per 10,000 inhabitants, rounded to 2 decimals", () => {
    expect(rows.map((row) => [row.slug, row.supply.total, row.coverage])).toEqual([
      ["a", 4, 2],
      ["b", 2, 2],
      ["c", 1, 0.33],
      ["d", 5, 0],
    ]);
  });

  it("ranks from the least covered, ties by name, and names the weakest three", () => {
    expect(Object.fromEntries(rows.map((row) => [row.slug, row.rank]))).toEqual({ d: 1, c: 2, a: 3, b: 4 });
    expect(leastCovered(rows).map((row) => row.name)).toEqual(["Delta", "Gamma", "Alpha"]);
  });

  it("shades in five steps up to the maximum", () => {
    expect(coverageClass(0, 2)).toBe(0);
    expect(coverageClass(1, 2)).toBe(2);
    expect(coverageClass(2, 2)).toBe(4);
    expect(coverageClass(1, 0)).toBe(0);
  });
});
