import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QUERY_MAX_LENGTH, readSearchPageQuery, removeUntypeable, SearchQuerySchema } from "~/domain/schemas/search";
import { QUARTIERS, SECTORS } from "~/domain/taxonomy";

const read = (search: string) => readSearchPageQuery(new URLSearchParams(search));

describe("the search page's reading of its address", () => {
  it("keeps a valid address as it is", () => {
    const { query, ignored, shortened } = read("q=salle&sector=habitat&sector=sante&quartier=nantes-nord&page=2&sort=title");
    expect({ ignored, shortened }).toEqual({ ignored: false, shortened: false });
    expect(query).toMatchObject({ q: "salle", sector: ["habitat", "sante"], quartier: ["nantes-nord"], page: 2, sort: "title" });
  });

  it("drops only the values it does not know, and says so", () => {
    const { query, ignored } = read("q=café&sector=__proto__&sector=habitat&quartier=constructor&page=0&sort=toString");
    expect(ignored).toBe(true);
    expect(query).toMatchObject({ q: "café", sector: ["habitat"], quartier: [], page: 1, sort: "relevance" });
  });

  it("given the call's sub-axes, drops one the call does not have, and says so; without them, keeps it", () => {
    const params = new URLSearchParams("subAxis=3.1&subAxis=2.1&sector=habitat");
    const known = readSearchPageQuery(params, ["1.1", "2.1"]);
    expect(known.ignored).toBe(true);
    expect(known.query).toMatchObject({ subAxis: ["2.1"], sector: ["habitat"] });
    expect(readSearchPageQuery(params, ["2.1", "3.1"]).ignored).toBe(false);
    expect(readSearchPageQuery(params).query.subAxis).toEqual(["3.1", "2.1"]);
  });

  it("cuts a long query to 200 characters, on a whole character", () => {
    const { query, shortened, ignored } = read(`q=${encodeURIComponent(`${"a".repeat(QUERY_MAX_LENGTH - 1)}😀 et la suite`)}`);
    expect({ shortened, ignored }).toEqual({ shortened: true, ignored: false });
    expect(query.q).toBe("a".repeat(QUERY_MAX_LENGTH - 1));
  });

  it("never fails and never keeps a value outside its lists", () => {
    const names = fc.constantFrom(
      "q",
      "type",
      "sector",
      "quartier",
      "subAxis",
      "page",
      "perPage",
      "sort",
      "__proto__",
      "constructor",
    );
    const values = fc.oneof(
      fc.string(),
      fc.constantFrom("__proto__", "constructor", "toString", "habitat", "nantes-nord", "2.1"),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(names, values)), (pairs) => {
        const { query } = readSearchPageQuery(new URLSearchParams(pairs));
        expect(query.q.length).toBeLessThanOrEqual(QUERY_MAX_LENGTH);
        expect(query.sector.every((code) => SECTORS.some((item) => item.code === code))).toBe(true);
        expect(query.quartier.every((code) => QUARTIERS.some((item) => item.code === code))).toBe(true);
        expect(SearchQuerySchema.safeParse(query).success).toBe(true);
      }),
    );
  });
});

describe("characters nobody types", () => {
  it("leaves a query without private-use characters or noncharacters", () => {
    expect(removeUntypeable("\uE000café\uE001 \uF8FF\u{F0000}\u{10FFFD}\uFDD0\uFFFE\u{1FFFF}!")).toBe("café !");
    expect(SearchQuerySchema.parse({ q: " \uE000salle\uE001 " }).q).toBe("salle");
  });

  it("keeps every letter, accent and emoji a person types", () => {
    expect(removeUntypeable("Œuvre d’entraide — « café » 😀 ñ ß 日本")).toBe("Œuvre d’entraide — « café » 😀 ñ ß 日本");
  });
});
