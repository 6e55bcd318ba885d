// Where the site sends a person after logging in, and the origin of its absolute links.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { absoluteUrl, safeRedirectPath, siteOrigin } from "~/utils/url.server";

// How a browser reads a Location header on this site: relative to the page that answered.
const landsOn = (location: string) => new URL(location, "http://localhost:3000/connexion");

describe("safeRedirectPath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeRedirectPath("/espace")).toBe("/espace");
    expect(safeRedirectPath("/groupements/abc?onglet=documents#membres")).toBe("/groupements/abc?onglet=documents#membres");
    expect(safeRedirectPath("/idees/une-idée")).toBe("/idees/une-id%C3%A9e");
  });

  it.each([
    // The two the probe found: a tab and a line break, which browsers drop from URLs.
    "/\t/127.0.0.1:3999/stolen",
    "/\n/x",
    "/\r\n/evil.example",
    "/\t\t/evil.example",
    "/\u0000/evil.example",
    "/\u001f/evil.example",
    "/\u007f/evil.example",
    // Protocol-relative and backslash forms.
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/.\\evil.example",
    // Dot segments that resolve to a protocol-relative path (found by the property below).
    "/.//",
    "/.//evil.example",
    "/a/..//evil.example",
    "/././/evil.example",
    // Not a path at all.
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example",
    " /espace",
    "\t/espace",
    "",
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value)).toBe("/espace");
  });

  it("falls back for what is not a string", () => {
    expect(safeRedirectPath(undefined)).toBe("/espace");
    expect(safeRedirectPath(["/compte"])).toBe("/espace");
    expect(safeRedirectPath(null, "/compte")).toBe("/compte");
  });

  it("keeps encoded look-alikes on this site", () => {
    for (const value of ["/%09/evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "/%0a/x"]) {
      expect(landsOn(safeRedirectPath(value)).origin).toBe("http://localhost:3000");
    }
  });

  it("never leads a browser to another origin, whatever the string", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({
            unit: fc.constantFrom("/", "\\", "\t", "\n", "\r", ".", ":", "@", "%", "e", "x", " ", "?", "#", "\u0000"),
          }),
        ),
        (tail) => {
          for (const value of [tail, `/${tail}`]) {
            const location = safeRedirectPath(value);
            // A header value: no control character, so no 500 and no header splitting.
            expect([...location].filter((character) => character < " " || character === "\u007f")).toEqual([]);
            expect(landsOn(location).origin).toBe("http://localhost:3000");
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("absolute links", () => {
  it("use the configured port on localhost without PUBLIC_URL, never the request's host", () => {
    expect(siteOrigin()).toBe("http://localhost:3000");
    expect(absoluteUrl("/nouveau-mot-de-passe?token=t")).toBe("http://localhost:3000/nouveau-mot-de-passe?token=t");
  });
});
