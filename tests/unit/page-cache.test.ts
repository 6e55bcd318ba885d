import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { createPageCache, DEFLATE_HERE_MAX_BYTES, exactly, type PageCacheOptions } from "../../scripts/lib/page-cache";

const HTML = { "Content-Type": "text/html; charset=utf-8" };

/** A cache with a clock and a mark the test moves, and a page whose renders are counted. */
function setUp(options: Partial<PageCacheOptions> = {}) {
  const state = { now: 1_000_000, mark: "1", renders: 0 };
  const cache = createPageCache({
    maxAgeMs: 30_000,
    readMark: async () => state.mark,
    now: () => state.now,
    ...options,
  });
  /** The page as the route renders it for the request whose nonce is `nonce`. */
  const page =
    (nonce: string, init: ResponseInit = { headers: HTML }, text = "page") =>
    async () => {
      state.renders += 1;
      return new Response(`<p>${text} ${state.renders}</p><script nonce="${nonce}">go()</script>`, init);
    };
  return { state, cache, page };
}

const url = (path: string) => new URL(path, "http://127.0.0.1:3000");

describe("which requests the page cache answers", () => {
  const { cache } = setUp();

  it.each([
    "/",
    "/carte",
    "/carte.data",
    "/recherche",
    "/organisations/le-jardin",
    "/idees/un-repas",
    "/api/search",
    "/api/coverage",
    "/_root.data",
  ])("an anonymous GET of %s", (path) => expect(cache.accepts("GET", undefined, url(path))).toBe(true));

  it.each([
    "/connexion",
    "/espace",
    "/ccas",
    "/organisations/le-jardin/revendiquer",
    "/groupements/abc",
    "/compte",
    "/carte/points.json",
  ])("not %s", (path) => expect(cache.accepts("GET", undefined, url(path))).toBe(false));

  it("not a request that carries any cookie, nor another method", () => {
    expect(cache.accepts("GET", "cooperons_session=abc", url("/"))).toBe(false);
    expect(cache.accepts("GET", "other=1", url("/carte"))).toBe(false);
    expect(cache.accepts("POST", undefined, url("/"))).toBe(false);
    expect(cache.accepts("HEAD", undefined, url("/"))).toBe(false);
  });

  it("none at all when kept for 0 s", () => {
    expect(setUp({ maxAgeMs: 0 }).cache.accepts("GET", undefined, url("/"))).toBe(false);
  });
});

describe("what the page cache answers", () => {
  it("sends a page again with each request's own nonce, without rendering it", async () => {
    const { state, cache, page } = setUp();
    const first = await (await cache.respond(url("/"), "AAA", page("AAA"))).text();
    const second = await (await cache.respond(url("/"), "BBB", page("BBB"))).text();
    expect(first).toBe(`<p>page 1</p><script nonce="AAA">go()</script>`);
    expect(second).toBe(`<p>page 1</p><script nonce="BBB">go()</script>`);
    expect(state.renders).toBe(1);
  });

  // Deflated in the server's thread up to DEFLATE_HERE_MAX_BYTES, on zlib's past it: the same stream.
  it.each([
    ["deflated here", 40_000],
    ["deflated on zlib's threads", DEFLATE_HERE_MAX_BYTES],
  ])(
    "sends a kept page compressed to a client that takes gzip: one valid gzip stream, with each request's nonce (%s)",
    async (_way, accents) => {
      const { state, cache } = setUp();
      // The nonce at the start, twice in the middle and at the end; a part longer than a stored block
      // could hold (it is deflated: only the nonce goes stored).
      const long = "é".repeat(accents) + "x".repeat(30_000);
      const render = (nonce: string) => async () => {
        state.renders += 1;
        return new Response(`${nonce}<p>${long}</p><script nonce="${nonce}">a()</script><b>${nonce}</b>${nonce}`, {
          headers: HTML,
        });
      };
      const expected = (nonce: string) => `${nonce}<p>${long}</p><script nonce="${nonce}">a()</script><b>${nonce}</b>${nonce}`;
      // The first answer goes as rendered (the server compresses it on its way, if at all).
      const first = await cache.respond(url("/"), "AAAA", render("AAAA"), { gzip: true });
      expect(first.headers.get("Content-Encoding")).toBeNull();
      expect(await first.text()).toBe(expected("AAAA"));
      const before = cache.size().bytes;
      for (const nonce of ["BBBBBB", "C", "dGhpcyBpcyBhIG5vbmNlIQ=="]) {
        const kept = await cache.respond(url("/"), nonce, render(nonce), { gzip: true });
        expect(kept.headers.get("Content-Encoding")).toBe("gzip");
        expect(kept.headers.get("Vary")).toMatch(/Accept-Encoding/);
        const body = Buffer.from(await kept.arrayBuffer());
        expect(kept.headers.get("Content-Length")).toBe(String(body.length));
        expect(body.length).toBeLessThan(Buffer.byteLength(expected(nonce)) / 10);
        // gunzip checks the CRC-32 and the length of the trailer.
        expect(zlib.gunzipSync(body).toString("utf8")).toBe(expected(nonce));
      }
      // Compressed once, and counted.
      expect(cache.size().bytes).toBeGreaterThan(before);
      // Without gzip, the same page whole.
      expect(await (await cache.respond(url("/"), "EEE", render("EEE"))).text()).toBe(expected("EEE"));
      expect(state.renders).toBe(1);
    },
  );

  it("sends as rendered, to be compressed on its way or not, a body under 1 KB or marked no-transform", async () => {
    const { cache } = setUp();
    const small = (nonce: string) => async () => new Response(`<p nonce="${nonce}">court</p>`, { headers: HTML });
    await cache.respond(url("/"), "A", small("A"), { gzip: true });
    const kept = await cache.respond(url("/"), "B", small("B"), { gzip: true });
    expect(kept.headers.get("Content-Encoding")).toBeNull();
    expect(await kept.text()).toBe(`<p nonce="B">court</p>`);
    const untouched = (nonce: string) => async () =>
      new Response(`<p nonce="${nonce}">${"x".repeat(5000)}</p>`, { headers: { ...HTML, "Cache-Control": "no-transform" } });
    await cache.respond(url("/carte"), "A", untouched("A"), { gzip: true });
    const asIs = await cache.respond(url("/carte"), "B", untouched("B"), { gzip: true });
    expect(asIs.headers.get("Content-Encoding")).toBeNull();
    expect(await asIs.text()).toContain(`nonce="B"`);
  });

  it("holds its pieces in blocks of their own size (a small Buffer is often a view of a larger one)", () => {
    const pieces = [zlib.deflateRawSync(Buffer.from("a")), Buffer.from("b"), Buffer.from("")];
    expect(pieces[0]!.buffer.byteLength).toBeGreaterThan(1_000);
    const copied = exactly(pieces);
    expect(copied.map((piece) => piece.toString("latin1"))).toEqual(pieces.map((piece) => piece.toString("latin1")));
    expect(new Set(copied.map((piece) => piece.buffer)).size).toBe(1);
    expect(copied[0]!.buffer.byteLength).toBe(pieces.reduce((sum, piece) => sum + piece.length, 0));
  });

  it("keeps each address apart, its query too", async () => {
    const { state, cache, page } = setUp();
    await cache.respond(url("/carte?sector=health"), "A", page("A"));
    const other = await (await cache.respond(url("/carte?sector=culture"), "B", page("B"))).text();
    expect(other).toContain("page 2");
    expect(state.renders).toBe(2);
  });

  it("renders again once the mark moved (a publication) or the page is older than its time", async () => {
    const { state, cache, page } = setUp();
    await cache.respond(url("/"), "A", page("A"));
    state.mark = "2";
    expect(await (await cache.respond(url("/"), "B", page("B"))).text()).toContain("page 2");
    state.now += 29_999;
    expect(await (await cache.respond(url("/"), "C", page("C"))).text()).toContain("page 2");
    state.now += 1;
    expect(await (await cache.respond(url("/"), "D", page("D"))).text()).toContain("page 3");
  });

  it("says whether it holds a fresh page for an address, for as long as it would send it", async () => {
    const { state, cache, page } = setUp();
    expect(cache.holds(url("/recherche?q=repas"))).toBe(false);
    await cache.respond(url("/recherche?q=repas"), "A", page("A"));
    expect(cache.holds(url("/recherche?q=repas"))).toBe(true);
    expect(cache.holds(url("/recherche?q=jardin"))).toBe(false);
    state.now += 30_000;
    expect(cache.holds(url("/recherche?q=repas"))).toBe(false);
    await cache.respond(url("/recherche?q=repas"), "B", page("B"));
    expect(cache.holds(url("/recherche?q=repas"))).toBe(true);
    // Once the mark moved, the next request renders (and the page no longer counts once it did).
    state.mark = "2";
    await cache.respond(url("/"), "C", page("C"));
    expect(cache.holds(url("/recherche?q=repas"))).toBe(false);
  });

  it.each<[string, ResponseInit]>([
    ["a page not found", { status: 404, headers: HTML }],
    ["an answer that sets a cookie", { headers: { ...HTML, "Set-Cookie": "x=1" } }],
    ["an answer marked private", { headers: { ...HTML, "Cache-Control": "private, max-age=60" } }],
    ["an answer marked no-store", { headers: { ...HTML, "Cache-Control": "no-store" } }],
    ["a file", { headers: { "Content-Type": "application/pdf" } }],
  ])("never keeps %s, and gives it whole", async (_case, init) => {
    const { state, cache, page } = setUp();
    const first = await cache.respond(url("/"), "A", page("A", init));
    expect(first.status).toBe(init.status ?? 200);
    expect(await first.text()).toBe(`<p>page 1</p><script nonce="A">go()</script>`);
    await cache.respond(url("/"), "B", page("B", init));
    expect(state.renders).toBe(2);
  });

  it("renders once for the requests that ask for a page at the same time", async () => {
    const { state, cache, page } = setUp();
    const texts = await Promise.all(
      ["A", "B", "C"].map(async (nonce) => (await cache.respond(url("/"), nonce, page(nonce))).text()),
    );
    expect(state.renders).toBe(1);
    expect(texts).toEqual(["A", "B", "C"].map((nonce) => `<p>page 1</p><script nonce="${nonce}">go()</script>`));
  });

  it("lets the others render their own when the shared render fails", async () => {
    const { state, cache, page } = setUp();
    const failing = async () => {
      state.renders += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error("database gone");
    };
    const [first, second] = await Promise.allSettled([
      cache.respond(url("/"), "A", failing),
      cache.respond(url("/"), "B", page("B")),
    ]);
    expect(first.status).toBe("rejected");
    expect(second.status === "fulfilled" && (await second.value.text())).toContain(`nonce="B"`);
  });

  it("renders (and keeps nothing) while the mark cannot be read", async () => {
    const { state, cache, page } = setUp({ readMark: () => Promise.reject(new Error("busy")) });
    await cache.respond(url("/"), "A", page("A"));
    await cache.respond(url("/"), "B", page("B"));
    expect(state.renders).toBe(2);
    expect(cache.size().pages).toBe(0);
  });

  it("holds no more than its bytes — addresses and headers counted — the oldest pages going first", async () => {
    const { cache, page } = setUp({ maxBytes: 20_000 });
    for (let index = 0; index < 40; index += 1)
      await cache.respond(url(`/idees/idee-${index}`), "N", page("N", { headers: HTML }, "x".repeat(100)));
    expect(cache.size().bytes).toBeLessThanOrEqual(20_000);
    expect(cache.size().pages).toBeGreaterThan(0);
    expect(cache.size().pages).toBeLessThan(40);
  });

  it("holds no more than its number of pages, however small they are", async () => {
    const { cache, page } = setUp({ maxPages: 5 });
    for (let index = 0; index < 40; index += 1)
      await cache.respond(
        url(`/carte.data?_routes=root&k=${index}`),
        "N",
        page("N", { headers: { "Content-Type": "text/x-script" } }, ""),
      );
    expect(cache.size().pages).toBe(5);
  });

  it("drops pages past their time as new ones come, and all of them once the mark moved", async () => {
    const { state, cache, page } = setUp();
    await cache.respond(url("/idees/a"), "N", page("N"));
    await cache.respond(url("/idees/b"), "N", page("N"));
    state.now += 30_000;
    await cache.respond(url("/idees/c"), "N", page("N"));
    expect(cache.size().pages).toBe(1);
    state.mark = "2";
    await cache.respond(url("/idees/d"), "N", page("N"));
    expect(cache.size().pages).toBe(1);
  });

  it("keeps no address longer than a real page's", () => {
    const { cache } = setUp();
    expect(cache.accepts("GET", undefined, url(`/recherche?q=${"a".repeat(1_100)}`))).toBe(false);
    expect(cache.accepts("GET", undefined, url(`/recherche?q=${"a".repeat(900)}`))).toBe(true);
  });

  it("does not give a request after a publication the render started before it", async () => {
    const { state, cache } = setUp();
    let release!: () => void;
    const slow = async () => {
      state.renders += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return new Response("<p>avant</p>", { headers: HTML });
    };
    const before = cache.respond(url("/annuaire"), "A", slow);
    await new Promise((resolve) => setTimeout(resolve, 5));
    state.mark = "2";
    const after = await cache.respond(url("/annuaire"), "B", async () => {
      state.renders += 1;
      return new Response("<p>après</p>", { headers: HTML });
    });
    release();
    expect(await after.text()).toBe("<p>après</p>");
    expect(await (await before).text()).toBe("<p>avant</p>");
    // The render of before the publication is not kept: the next visitor gets the page of after.
    const next = await cache.respond(url("/annuaire"), "C", async () => new Response("<p>encore</p>", { headers: HTML }));
    expect(await next.text()).toBe("<p>après</p>");
    expect(state.renders).toBe(2);
  });
});
