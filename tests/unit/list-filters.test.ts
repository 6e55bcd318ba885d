import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listPageLink } from "~/components/list-controls";
import { activeFilters, parseListFilters, readListFilters, searchFacetsOf } from "~/domain/schemas/list-filters";
import { QUARTIERS, SECTORS } from "~/domain/taxonomy";

const LISTS = { sector: SECTORS, quartier: QUARTIERS };
const parse = (search: string) => parseListFilters(new URLSearchParams(search), LISTS);

describe("the filters of a public list, from its address", () => {
  it("keeps a code of each filter's list and the page", () => {
    expect(parse("quartier=nantes-nord&sector=habitat&page=3")).toEqual({ sector: "habitat", quartier: "nantes-nord", page: 3 });
  });

  it("ignores what a stale or edited link holds instead of failing", () => {
    expect(parse("quartier=atlantide&sector=&page=-3")).toEqual({ sector: undefined, quartier: undefined, page: 1 });
    for (const page of ["0", "2.5", "deux", ""]) expect(parse(`page=${page}`).page).toBe(1);
    expect(parse("").page).toBe(1);
  });

  it("tells when it ignored a value of the address (the page says so), not for a page number nor an empty choice", () => {
    const ignores = (search: string) => readListFilters(new URLSearchParams(search), LISTS).ignored;
    expect(ignores("quartier=nantes-nord&sector=habitat&page=3")).toBe(false);
    expect(ignores("sector=&quartier=&page=deux&autre=x")).toBe(false);
    expect(ignores("quartier=atlantide")).toBe(true);
    expect(ignores("sector=__proto__")).toBe(true);
    // Of a repeated key the last value counts, as for the filters themselves.
    expect(ignores("sector=atlantide&sector=habitat")).toBe(false);
    expect(ignores("sector=habitat&sector=atlantide")).toBe(true);
  });

  it("never gives anything but a code of the list, and a whole page from 1", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("sector", "quartier", "page", "autre"), fc.string())), (pairs) => {
        const filters = parseListFilters(new URLSearchParams(pairs), LISTS);
        expect(Object.keys(filters)).toEqual(["sector", "quartier", "page"]);
        expect([undefined, ...SECTORS.map((item) => item.code)]).toContain(filters.sector);
        expect([undefined, ...QUARTIERS.map((item) => item.code)]).toContain(filters.quartier);
        expect(Number.isInteger(filters.page) && filters.page >= 1).toBe(true);
      }),
    );
  });

  it("takes the last value of a repeated key, as a select sends one", () => {
    expect(parse("quartier=atlantide&quartier=nantes-nord&page=4&page=2")).toMatchObject({ quartier: "nantes-nord", page: 2 });
  });

  it("links to another page with the filters that are set, in the list's order", () => {
    const filters = parse("quartier=nantes-nord&sector=habitat&page=3");
    expect(listPageLink("/annuaire", filters, 4)).toBe("/annuaire?sector=habitat&quartier=nantes-nord&page=4");
    expect(listPageLink("/annuaire", parse("quartier=nantes-nord"), 2)).toBe("/annuaire?quartier=nantes-nord&page=2");
    expect(activeFilters(parse("page=2"))).toEqual([]);
    expect(activeFilters(filters)).toEqual([
      ["sector", "habitat"],
      ["quartier", "nantes-nord"],
    ]);
  });

  it("narrows the search's facets to the filters that are set", () => {
    expect(searchFacetsOf(parse("quartier=nantes-nord"))).toEqual({
      sectors: [],
      quartiers: ["nantes-nord"],
      subAxes: [],
      resources: [],
    });
  });
});
