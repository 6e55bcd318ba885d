import { describe, expect, it } from "vitest";
import { changedFields, IDEA_FIELD_NAMES, IDEA_FIELD_OPTIONS, OFFER_FIELD_NAMES, OFFER_FIELD_OPTIONS } from "~/domain/changes";
import type { IdeaInput } from "~/domain/schemas/idea";
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

const names = (approved: OfferInput, waiting: OfferInput) =>
  changedFields(approved, waiting, OFFER_FIELD_NAMES, OFFER_FIELD_OPTIONS).map((change) => change.name);

describe("what an edit changes", () => {
  it("names each changed field once, in the form's order, with its values online and waiting as the form shows them", () => {
    const waiting: OfferInput = {
      ...OFFER,
      title: "Grande salle",
      latitude: 47.2,
      longitude: -1.55,
      capacity: "30 personnes",
      slots: ["evenings"],
      conditions: "to-discuss",
    };
    expect(changedFields(OFFER, waiting, OFFER_FIELD_NAMES, OFFER_FIELD_OPTIONS)).toEqual([
      { name: "Titre", before: "Salle", after: "Grande salle" },
      { name: "Position sur la carte", before: "", after: "47.2, -1.55" },
      { name: "Créneaux", before: "En soirée, Le week-end", after: "En soirée" },
      { name: "Capacité", before: "", after: "30 personnes" },
      { name: "Conditions", before: "Gratuit", after: "À discuter" },
    ]);
  });

  it("sees no change in an empty text for nothing, a list in another order, the same day", () => {
    const waiting = {
      ...OFFER,
      slots: ["evenings", "weekends"],
      validUntil: new Date("2026-12-31T00:00:00Z"),
      capacity: undefined,
    } as OfferInput;
    expect(names({ ...OFFER, availability: "Le samedi" }, waiting)).toEqual([]);
    expect(names(OFFER, { ...OFFER, slots: [] })).toEqual(["Créneaux"]);
    expect(
      changedFields(OFFER, { ...OFFER, validUntil: undefined, validFrom: new Date("2027-02-01T12:00:00Z") }, OFFER_FIELD_NAMES),
    ).toEqual([{ name: "Dates de validité", before: "jusqu'au 31 décembre 2026", after: "à partir du 1er février 2027" }]);
    expect(changedFields(OFFER, { ...OFFER, validFrom: new Date("2026-12-01T12:00:00Z") }, OFFER_FIELD_NAMES)).toEqual([
      { name: "Dates de validité", before: "jusqu'au 31 décembre 2026", after: "du 1er décembre 2026 au 31 décembre 2026" },
    ]);
  });

  it("shows yes and no, labels of codes, a long text whole", () => {
    const idea: IdeaInput = {
      title: "Idée",
      summary: "Résumé",
      description: "Une description.",
      subAxes: ["2.1"],
      addressesIsolation: true,
      addressesPrecarity: true,
      targetPublic: "Des voisins",
      tags: [],
      wholeCity: false,
      quartiers: ["nantes-nord"],
      sectorsSought: ["sante"],
      resourcesSought: [],
      stage: "looking-for-partners",
    };
    const waiting: IdeaInput = {
      ...idea,
      addressesPrecarity: false,
      quartiers: ["nantes-nord", "dervallieres-zola"],
      description: "x".repeat(300),
    };
    // A long text: what changed, with some words on each side.
    const start = "Le début d'une longue description. ".repeat(10);
    const end = " La fin, qui ne change pas.".repeat(10);
    const [middle] = changedFields(
      { ...idea, description: `${start}Avant.${end}` },
      { ...idea, description: `${start}Après.${end}` },
      IDEA_FIELD_NAMES,
    );
    for (const [excerpt, word] of [
      [middle!.before, "Avant."],
      [middle!.after, "Après."],
    ] as const) {
      expect(excerpt).toMatch(
        new RegExp(`^…(Le|début|d'une|longue|description\\.) .{60,120} ${word} La .{60,120} (La|fin,|qui|ne|change|pas\\.)…$`),
      );
      expect(`${start}${word}${end}`).toContain(excerpt.slice(1, -1));
    }
    // Changed at its very end: shown up to the end, without « … » after it.
    const [last] = changedFields(
      { ...idea, description: `${start}Avant.` },
      { ...idea, description: `${start}Après.` },
      IDEA_FIELD_NAMES,
    );
    expect(last!.after).toMatch(/^…\S.{60,120} Après\.$/);
    // A short text before, a long one after: both whole.
    expect(changedFields(idea, { ...idea, description: `${start}Fin.` }, IDEA_FIELD_NAMES)).toEqual([
      { name: "Description", before: "Une description.", after: `${start}Fin.` },
    ]);
    expect(changedFields(idea, waiting, IDEA_FIELD_NAMES, IDEA_FIELD_OPTIONS)).toEqual([
      { name: "Description", before: "Une description.", after: "x".repeat(300) },
      { name: "Précarité", before: "oui", after: "non" },
      { name: "Quartiers visés", before: "Nantes Nord", after: "Dervallières - Zola, Nantes Nord" },
    ]);
  });
});

describe("line breaks", () => {
  it("a text sent without JavaScript (CRLF) and again with it (LF) is not a change", () => {
    const approved = { ...OFFER, description: "Premier paragraphe.\r\n\r\nSecond paragraphe." };
    const waiting = { ...OFFER, description: "Premier paragraphe.\n\nSecond paragraphe." };
    expect(changedFields(approved, waiting, OFFER_FIELD_NAMES, OFFER_FIELD_OPTIONS)).toEqual([]);
    expect(
      changedFields(approved, { ...waiting, description: "Autre." }, OFFER_FIELD_NAMES).map((change) => change.name),
    ).toEqual(["Description"]);
  });
});
