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
import { QUARTIERS } from "~/domain/taxonomy";
import { SearchQuerySchema } from "~/domain/schemas/search";

const query = (fields: Partial<SavedQuery>): SavedQuery => normaliseSavedQuery({ ...SearchQuerySchema.parse({}), ...fields });

describe("a saved search's name", () => {
  it("reads the filters in French, in a fixed order, several values joined by « ou »", () => {
    expect(nameSavedSearch(query({ type: ["offer"], resource: ["locaux"], quartier: ["nantes-nord"] }))).toBe(
      "Offres · Locaux · Nantes Nord",
    );
    expect(nameSavedSearch(query({ q: "salle", resource: ["logistique", "locaux"], subAxis: ["2.1"] }))).toBe(
      "Locaux ou Logistique · Sous-axe 2.1 · “salle”",
    );
    expect(nameSavedSearch(query({ type: ["idea"], status: ["looking-for-partners"] }))).toBe("Idées · Recherche de partenaires");
    expect(nameSavedSearch(query({}))).toBe("Toutes les nouveautés");
  });

  it("goes between one pair of guillemets in a sentence, the words typed inside between “ ”", () => {
    expect(nameSavedSearch(query({ q: "jardin" }))).toBe("“jardin”");
    expect(quotedName(nameSavedSearch(query({ q: "jardin" })))).toBe("« jardin »");
    expect(quotedName(nameSavedSearch(query({ q: "salle", type: ["offer"] })))).toBe("« Offres · “salle” »");
    expect(quotedName("Offres · Locaux")).toBe("« Offres · Locaux »");
    // Words typed with quotation marks of their own: none doubled.
    expect(quotedName(nameSavedSearch(query({ q: "« jardin »" })))).toBe("« jardin »");
    expect(quotedName(nameSavedSearch(query({ q: 'le « bon » "voisin"' })))).toBe("« le bon voisin »");
    // Names made before: « jardin » alone stays as it is; inside a name, it becomes “jardin”.
    expect(quotedName("« jardin »")).toBe("« jardin »");
    expect(quotedName("Locaux · « jardin »")).toBe("« Locaux · “jardin” »");
    // A name someone gave it, quotation marks included.
    expect(quotedName("Mon « potager »")).toBe("« Mon “potager” »");
  });

  it("is 80 characters at most; long words are shortened inside their quotes, which close", () => {
    const long = "jardin partagé et compostage collectif dans les quartiers prioritaires de Nantes Nord";
    const alone = nameSavedSearch(query({ q: long }));
    expect(alone).toHaveLength(80);
    expect(alone.endsWith("…”")).toBe(true);
    expect(quotedName(alone)).toBe(`« ${alone.slice(1, -1)} »`);
    const withFilters = nameSavedSearch(query({ q: long, resource: ["locaux"], quartier: ["nantes-nord", "nantes-sud"] }));
    expect(withFilters.startsWith("Locaux · Nantes Nord ou Nantes Sud · “jardin partagé")).toBe(true);
    expect(withFilters.endsWith("…”")).toBe(true);
    expect(withFilters.length).toBeLessThanOrEqual(80);
    const filtersOnly = nameSavedSearch(query({ quartier: QUARTIERS.map((quartier) => quartier.code) }));
    expect(filtersOnly).toHaveLength(80);
    expect(filtersOnly.endsWith("…")).toBe(true);
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
