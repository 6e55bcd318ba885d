// The one rule for where a point is (app/domain/geo.ts): which quartier holds it, which quartier a
// place is given, what is wrong with a saved point, and the forms' refusal of a point outside Nantes.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  OUTSIDE_NANTES_MESSAGE,
  quartierOfPlace,
  quartierOfPoint,
  savedPointProblem,
  type QuartierCollection,
} from "~/domain/geo";
import { OfferSchema, createOfferSchema } from "~/domain/schemas/offer";
import { createOrganisationSchema } from "~/domain/schemas/organisation";
import { ORGANISATION_FIELDS } from "../helpers/form-fixtures";

const quartiers = JSON.parse(
  fs.readFileSync(path.resolve("prisma", "data", "geo", "quartiers-nantes.geojson"), "utf8"),
) as QuartierCollection;

const PLACE_ROYALE = { lat: 47.2152, lng: -1.559 };
const JEAN_INGRES = { lat: 47.256, lng: -1.564 };
// Inside the box the schema checks, outside every quartier.
const SAINT_HERBLAIN = { lat: 47.22, lng: -1.63 };
const REZE = { lat: 47.19, lng: -1.55 };

describe("quartierOfPoint", () => {
  it("names the quartier that holds a point, and none outside Nantes", () => {
    expect(quartierOfPoint(quartiers, PLACE_ROYALE)?.code).toBe("centre-ville");
    expect(quartierOfPoint(quartiers, JEAN_INGRES)?.label).toBe("Nantes Nord");
    expect(quartierOfPoint(quartiers, SAINT_HERBLAIN)).toBeNull();
    expect(quartierOfPoint(quartiers, REZE)).toBeNull();
  });

  it("finds no quartier outside the quartiers' bounding box (SOURCES.md)", () => {
    const outside = fc.oneof(
      fc.record({ lat: fc.double({ min: 47.3, max: 48, noNaN: true }), lng: fc.double({ min: -2, max: -1, noNaN: true }) }),
      fc.record({ lat: fc.double({ min: 46.5, max: 47.18, noNaN: true }), lng: fc.double({ min: -2, max: -1, noNaN: true }) }),
      fc.record({ lat: fc.double({ min: 46.5, max: 48, noNaN: true }), lng: fc.double({ min: -2, max: -1.642, noNaN: true }) }),
      fc.record({ lat: fc.double({ min: 46.5, max: 48, noNaN: true }), lng: fc.double({ min: -1.478, max: -1, noNaN: true }) }),
    );
    fc.assert(fc.property(outside, (point) => quartierOfPoint(quartiers, point) === null));
  });
});

describe("quartierOfPlace", () => {
  it("takes the point's quartier over the one chosen in the list", () => {
    expect(
      quartierOfPlace(quartiers, { latitude: PLACE_ROYALE.lat, longitude: PLACE_ROYALE.lng, chosen: "dervallieres-zola" }),
    ).toBe("centre-ville");
  });

  it("keeps the list's choice without a point, or with a point outside Nantes", () => {
    expect(quartierOfPlace(quartiers, { chosen: "nantes-sud" })).toBe("nantes-sud");
    expect(quartierOfPlace(quartiers, { latitude: REZE.lat, longitude: REZE.lng, chosen: "nantes-sud" })).toBe("nantes-sud");
    expect(quartierOfPlace(quartiers, { latitude: null, longitude: null, chosen: null })).toBeNull();
  });
});

describe("savedPointProblem", () => {
  const saved = (point: { lat: number; lng: number } | null, quartier: string | null) => ({
    latitude: point?.lat ?? null,
    longitude: point?.lng ?? null,
    quartier,
  });

  it("says nothing of a place without a point, or of a point in its saved quartier", () => {
    expect(savedPointProblem(quartiers, saved(null, "centre-ville"))).toBeNull();
    expect(savedPointProblem(quartiers, saved(PLACE_ROYALE, "centre-ville"))).toBeNull();
  });

  it("tells a point outside Nantes from a point in another quartier than the saved one", () => {
    expect(savedPointProblem(quartiers, saved(SAINT_HERBLAIN, "dervallieres-zola"))).toEqual({ kind: "outside" });
    expect(savedPointProblem(quartiers, saved(PLACE_ROYALE, "dervallieres-zola"))).toMatchObject({
      kind: "other-quartier",
      pointQuartier: { code: "centre-ville" },
    });
    expect(savedPointProblem(quartiers, saved(JEAN_INGRES, null))).toMatchObject({ kind: "other-quartier" });
  });
});

describe("the forms' schemas", () => {
  const organisation = ORGANISATION_FIELDS;
  const offer = {
    resource: "locaux",
    title: "Salle du samedi",
    description: "Une salle de 30 m².",
    availability: "Le samedi matin",
    conditions: "free",
  };
  const at = (point: { lat: number; lng: number }) => ({ latitude: point.lat, longitude: point.lng });

  it("refuse a point outside Nantes when they are given the quartiers (the server's actions)", () => {
    const organisationResult = createOrganisationSchema([], { quartiers }).safeParse({ ...organisation, ...at(SAINT_HERBLAIN) });
    expect(organisationResult.error?.issues).toEqual([
      expect.objectContaining({ path: ["latitude"], message: OUTSIDE_NANTES_MESSAGE }),
    ]);
    const offerResult = createOfferSchema({ quartiers }).safeParse({ ...offer, ...at(REZE) });
    expect(offerResult.error?.issues).toEqual([expect.objectContaining({ path: ["latitude"], message: OUTSIDE_NANTES_MESSAGE })]);
    expect(createOfferSchema({ quartiers }).safeParse({ ...offer, ...at(PLACE_ROYALE) }).success).toBe(true);
  });

  it("still read a stored form with such a point (what waits for the CCAS stays readable)", () => {
    expect(createOrganisationSchema([]).safeParse({ ...organisation, ...at(SAINT_HERBLAIN) }).success).toBe(true);
    expect(OfferSchema.safeParse({ ...offer, ...at(REZE) }).success).toBe(true);
  });
});
