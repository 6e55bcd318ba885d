import { describe, expect, it } from "vitest";
import {
  nameSavedSearch,
  normaliseSavedQuery,
  parseSavedQuery,
  quotedName,
  savedQueryKey,
  savedSearchParams,
  type SavedQuery,
} from "~/domain/saved-search";
import { SearchQuerySchema } from "~/domain/schemas/search";

const query = (fields: Partial<SavedQuery>): SavedQuery => normaliseSavedQuery({ ...SearchQuerySchema.parse({}), ...fields });

describe("a saved search's name", () => {
  it("reads the filters in French, in a fixed order, several values joined by « ou »", () => {
    expect(nameSavedSearch(query({ type: ["offer"], resource: ["locaux"], quartier: ["nantes-nord"] }))).toBe(
      "Offres · Locaux · Nantes Nord",
    );
    expect(nameSavedSearch(query({ q: "salle", resource: ["logistique", "locaux"], subAxis: ["2.1"] }))).toBe(
      "Locaux ou Logistique · Sous-axe 2.1 · « salle »",
    );
    expect(nameSavedSearch(query({ type: ["idea"], status: ["looking-for-partners"] }))).toBe("Idées · Recherche de partenaires");
    expect(nameSavedSearch(query({}))).toBe("Toutes les nouveautés");
  });

  it("goes between one pair of guillemets in a sentence, even when it is the words typed alone", () => {
    expect(quotedName(nameSavedSearch(query({ q: "jardin" })))).toBe("« jardin »");
    expect(quotedName("Offres · Locaux")).toBe("« Offres · Locaux »");
    expect(quotedName(nameSavedSearch(query({ q: "salle", type: ["offer"] })))).toBe("« Offres · « salle » »");
    expect(quotedName("« jardin » et « potager »")).toBe("« « jardin » et « potager » »");
  });

  it("is cut at 80 characters", () => {
    const name = nameSavedSearch(query({ q: "une recherche très longue ".repeat(10).trim() }));
    expect(name).toHaveLength(80);
    expect(name.endsWith("…")).toBe(true);
  });
});

describe("a saved search's filter set", () => {
  it("is the same whatever the order and repetition of its values", () => {
    const a = query({ sector: ["sante", "associatif", "sante"], type: ["offer"] });
    const b = query({ type: ["offer"], sector: ["associatif", "sante"] });
    expect(savedQueryKey(a)).toBe(savedQueryKey(b));
    expect(parseSavedQuery(savedQueryKey(a))).toEqual(b);
  });

  it("reads back what still parses of a stored set whose codes changed", () => {
    expect(parseSavedQuery('{"q":"salle","resource":["piscine"],"type":["offer"]}')).toEqual(
      query({ q: "salle", type: ["offer"] }),
    );
    expect(parseSavedQuery("pas du JSON")).toEqual(query({}));
  });

  it("gives back the search's address", () => {
    expect(savedSearchParams(query({ q: "salle", quartier: ["nantes-sud", "nantes-nord"] })).toString()).toBe(
      "q=salle&quartier=nantes-nord&quartier=nantes-sud",
    );
  });
});
