import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toSvgShapes, type QuartierCollection } from "~/domain/geo";
import { parsePopulationCsv } from "~/domain/population";
import {
  inQuartierOrder,
  isCode,
  KINDS,
  labelOf,
  mayLead,
  mayReceiveSubsidy,
  QUARTIERS,
  RESOURCES,
  SECTORS,
} from "~/domain/taxonomy";

const geoDir = path.resolve("prisma/data/geo");
const read = (name: string) => fs.readFileSync(path.join(geoDir, name), "utf8");

describe("reference lists of DOMAIN.md", () => {
  it("keeps the contract codes", () => {
    expect(SECTORS.map((item) => item.code)).toEqual([
      "associatif",
      "economique",
      "habitat",
      "emploi-formation",
      "sante",
      "academique",
      "culturel",
    ]);
    expect(KINDS.map((item) => item.code)).toEqual([
      "association",
      "ess",
      "entreprise",
      "fondation",
      "bailleur-social",
      "bailleur-prive",
      "syndic",
      "etablissement-public-ville",
      "autre-public",
      "autre",
    ]);
    expect(RESOURCES.map((item) => item.code)).toEqual(["locaux", "salaries", "competences", "financier", "logistique"]);
    expect(QUARTIERS.map((item) => [item.code, item.idobj])).toEqual([
      ["centre-ville", 1],
      ["bellevue-chantenay-sainte-anne", 2],
      ["dervallieres-zola", 3],
      ["hauts-paves-saint-felix", 4],
      ["malakoff-saint-donatien", 5],
      ["ile-de-nantes", 6],
      ["breil-barberie", 7],
      ["nantes-nord", 8],
      ["nantes-erdre", 9],
      ["doulon-bottiere", 10],
      ["nantes-sud", 11],
    ]);
  });

  it("puts quartiers in the call's order, unknown ones last", () => {
    expect(inQuartierOrder(["nantes-sud", "atlantide", "centre-ville", "ile-de-nantes"], (slug) => slug)).toEqual([
      "centre-ville",
      "ile-de-nantes",
      "nantes-sud",
      "atlantide",
    ]);
  });

  it("gives French labels and tells codes apart", () => {
    expect(labelOf(KINDS, "bailleur-social")).toBe("Bailleur social");
    expect(labelOf(KINDS, "inconnu")).toBe("inconnu");
    expect(isCode(SECTORS, "sante")).toBe(true);
    expect(isCode(SECTORS, "Sante")).toBe(false);
  });

  it("derives the money and lead rules from the kind", () => {
    expect(mayReceiveSubsidy("entreprise")).toBe(false);
    expect(mayReceiveSubsidy("etablissement-public-ville")).toBe(false);
    expect(mayReceiveSubsidy("ess")).toBe(true);
    expect(mayLead("etablissement-public-ville")).toBe(false);
    expect(mayLead("entreprise")).toBe(true);
  });
});

describe("geodata", () => {
  const collection = JSON.parse(read("quartiers-nantes.geojson")) as QuartierCollection;

  it("has one polygon per quartier code, matched by idobj", () => {
    expect(collection.features.map((feature) => Number(feature.properties.idobj)).sort((a, b) => a - b)).toEqual(
      QUARTIERS.map((q) => q.idobj),
    );
  });

  it("reads the population table: 11 quartiers, 314,129 inhabitants", () => {
    const rows = parsePopulationCsv(read("quartiers-population-2018.csv"));
    expect(rows).toHaveLength(11);
    expect(rows.reduce((sum, row) => sum + row.population, 0)).toBe(314_129);
    expect(rows.find((row) => row.idobj === 8)).toMatchObject({ usualName: "Nantes Nord", population: 26_831 });
  });

  it("refuses a malformed population table", () => {
    expect(() => parsePopulationCsv("a,b\n1,2")).toThrow(/header/);
    expect(() =>
      parsePopulationCsv("idobj,nom_source,nom_usuel,n_iris,pop_2018_sum_iris,area_km2_approx\n1,X,Y,8,beaucoup,2.4"),
    ).toThrow(/line 2/);
  });

  it("projects the 11 quartiers into an SVG whose paths stay inside the view box", () => {
    const { viewBox, shapes } = toSvgShapes(collection, 600);
    const [, , width, height] = viewBox.split(" ").map(Number);
    expect(shapes).toHaveLength(11);
    for (const shape of shapes) {
      const numbers = shape.d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      const xs = numbers.filter((_, index) => index % 2 === 0);
      const ys = numbers.filter((_, index) => index % 2 === 1);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(width! + 0.1);
      expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...ys)).toBeLessThanOrEqual(height! + 0.1);
    }
    // SOURCES.md's bounding box (0.163° of longitude, 0.115° of latitude at 47.24° N) is, once
    // longitudes are scaled by cos(latitude), about 4 % taller than wide.
    expect(height! / width!).toBeCloseTo(1.04, 1);
  });

  it("is an exact copy of shared/data/geo when that folder is beside the project", () => {
    const shared = path.resolve("..", "shared", "data", "geo");
    if (!fs.existsSync(shared)) return;
    for (const name of ["quartiers-nantes.geojson", "iris-nantes.geojson", "quartiers-population-2018.csv", "SOURCES.md"]) {
      expect(read(name), name).toBe(fs.readFileSync(path.join(shared, name), "utf8"));
    }
  });
});
