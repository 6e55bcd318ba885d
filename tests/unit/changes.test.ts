import { describe, expect, it } from "vitest";
import { changedFieldNames, OFFER_FIELD_NAMES } from "~/domain/changes";
import type { OfferInput } from "~/domain/schemas/offer";

const OFFER: OfferInput = {
  resource: "locaux",
  title: "Salle",
  description: "Une salle au rez-de-chaussée.",
  availability: "Le samedi",
  slots: ["weekends", "evenings"],
  conditions: "free",
  validUntil: new Date("2026-12-31T00:00:00Z"),
};

describe("what an edit changes", () => {
  it("names each changed field once, in the form's order", () => {
    const waiting: OfferInput = { ...OFFER, title: "Grande salle", latitude: 47.2, longitude: -1.55, capacity: "30 personnes" };
    expect(changedFieldNames(OFFER, waiting, OFFER_FIELD_NAMES)).toEqual(["Titre", "Position sur la carte", "Capacité"]);
  });

  it("sees no change in an empty text for nothing, a list in another order, the same day", () => {
    const waiting = {
      ...OFFER,
      slots: ["evenings", "weekends"],
      validUntil: new Date("2026-12-31T00:00:00Z"),
      capacity: undefined,
    } as OfferInput;
    expect(changedFieldNames({ ...OFFER, availability: "Le samedi" }, waiting, OFFER_FIELD_NAMES)).toEqual([]);
    expect(changedFieldNames(OFFER, { ...OFFER, slots: [] }, OFFER_FIELD_NAMES)).toEqual(["Créneaux"]);
    expect(changedFieldNames(OFFER, { ...OFFER, validUntil: new Date("2027-01-31T00:00:00Z") }, OFFER_FIELD_NAMES)).toEqual([
      "Dates de validité",
    ]);
  });
});
