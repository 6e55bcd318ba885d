import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { quartierAtPoint, type QuartierCollection } from "~/domain/geo";
import { isValidRna, isValidSiret } from "~/domain/identifiers";
import { slugify } from "~/domain/slug";

describe("SIRET", () => {
  it("accepts 14 digits passing Luhn's check, with or without spaces", () => {
    expect(isValidSiret("73282932000074")).toBe(true);
    expect(isValidSiret("732 829 320 00074")).toBe(true);
  });

  it("refuses a typo, a wrong length and letters", () => {
    expect(isValidSiret("73282932000075")).toBe(false);
    expect(isValidSiret("7328293200007")).toBe(false);
    expect(isValidSiret("7328293200007A")).toBe(false);
  });

  it("checks La Poste's establishments by their digit sum, a multiple of 5", () => {
    expect(isValidSiret("35600000000048")).toBe(true); // the head office, checked by Luhn
    expect(isValidSiret("35600000000056")).toBe(true); // fails Luhn, digit sum 25
    expect(isValidSiret("35600000000114")).toBe(true); // fails Luhn, digit sum 20
    expect(isValidSiret("35600000000055")).toBe(false); // passes Luhn, digit sum 24
    expect(isValidSiret("35600000000064")).toBe(false);
  });
});

describe("RNA", () => {
  it("is W and nine digits", () => {
    expect(isValidRna("W443001234")).toBe(true);
    expect(isValidRna("w443001234")).toBe(true);
    expect(isValidRna("W44300123")).toBe(false);
    expect(isValidRna("443001234")).toBe(false);
  });
});

describe("quartier of a point", () => {
  const collection = JSON.parse(fs.readFileSync("prisma/data/geo/quartiers-nantes.geojson", "utf8")) as QuartierCollection;

  it("finds the quartier that contains the point", () => {
    expect(quartierAtPoint(collection, -1.5536, 47.2132)).toBe(1); // place Royale, Centre-ville
    expect(quartierAtPoint(collection, -1.5527, 47.2045)).toBe(6); // Île de Nantes
    expect(quartierAtPoint(collection, -1.5613, 47.2561)).toBe(8); // Nantes Nord
  });

  it("answers null outside Nantes", () => {
    expect(quartierAtPoint(collection, -1.4, 47.3)).toBeNull();
  });
});

describe("slugify", () => {
  it("makes a readable address out of a French name", () => {
    expect(slugify("Les Jardins Partagés du Nord !")).toBe("les-jardins-partages-du-nord");
    expect(slugify("Œuvres & Cœurs")).toBe("oeuvres-coeurs");
    expect(slugify("!!!")).toBe("structure");
  });
});
