// @remix-run/router is patched (scripts/patches, applied by `npm ci`'s postinstall): a route tree's
// branches are flattened and ranked once, and each pattern compiled once. Matching must answer as
// the router always did — the most specific route first, whatever was matched before. The render
// keeps one route tree per build (@remix-run/react, react-router-dom patched too), so that those
// per-tree caches hold from one request to the next.
import { createRequire } from "node:module";
import fs from "node:fs";
import type * as Router from "@remix-run/router";
import type * as RouterServer from "react-router-dom/server";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// The CommonJS build: the one the server (Remix's request handler, React Router's render) uses.
const router = require("@remix-run/router") as typeof Router;
const { createStaticHandler, createStaticRouter } = require("react-router-dom/server") as typeof RouterServer;

const routes = (): Router.AgnosticRouteObject[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "organisation", path: "organisations/:slug" },
      { id: "claim", path: "organisations/:slug/revendiquer" },
      { id: "new-organisation", path: "espace/organisations/nouvelle" },
      { id: "organisation-space", path: "espace/organisations/:id" },
      { id: "Map", path: "carte", caseSensitive: true },
      { id: "not-found", path: "*" },
    ],
  },
];

const ids = (tree: Router.AgnosticRouteObject[], path: string) =>
  router.matchRoutes(tree, path)?.map((match) => [match.route.id, match.params]) ?? null;

describe("route matching (patched router)", () => {
  it("is the patched build", () => {
    const source = fs.readFileSync(require.resolve("@remix-run/router"), "utf8");
    expect(source).toContain("const rankedBranches = new WeakMap();");
    expect(source).toContain("const compiledPaths = new Map();");
    expect(source).toContain("const keptMatches = new WeakMap();");
    expect(source).toContain("function candidatesOf(routes, branches, decoded)");
    expect(source).toContain("const resolvedAbsolute = new Map();");
  });

  it("answers the same the first time and every time after, on the same tree and on a new one", () => {
    const tree = routes();
    const paths = [
      "/",
      "/organisations/la-ludotheque",
      "/organisations/la-ludotheque/revendiquer",
      "/espace/organisations/nouvelle",
      "/espace/organisations/abc123",
      "/carte",
      "/Carte",
      "/nulle/part",
    ];
    const first = paths.map((path) => ids(tree, path));
    expect(first).toEqual([
      [
        ["root", {}],
        ["home", {}],
      ],
      [
        ["root", { slug: "la-ludotheque" }],
        ["organisation", { slug: "la-ludotheque" }],
      ],
      [
        ["root", { slug: "la-ludotheque" }],
        ["claim", { slug: "la-ludotheque" }],
      ],
      // A static segment outranks a parameter.
      [
        ["root", {}],
        ["new-organisation", {}],
      ],
      [
        ["root", { id: "abc123" }],
        ["organisation-space", { id: "abc123" }],
      ],
      [
        ["root", {}],
        ["Map", {}],
      ],
      // A case-sensitive route is not matched in another case: the splat takes it.
      [
        ["root", { "*": "Carte" }],
        ["not-found", { "*": "Carte" }],
      ],
      [
        ["root", { "*": "nulle/part" }],
        ["not-found", { "*": "nulle/part" }],
      ],
    ]);
    expect(paths.map((path) => ids(tree, path))).toEqual(first);
    expect(paths.map((path) => ids(routes(), path))).toEqual(first);
  });

  it("gives each caller its own matches of a path matched before", () => {
    const tree = routes();
    const first = router.matchRoutes(tree, "/organisations/la-ludotheque")!;
    (first[1]!.params as Record<string, string>).slug = "changee";
    const again = router.matchRoutes(tree, "/organisations/la-ludotheque")!;
    expect(again.map((match) => [match.route.id, match.params, match.pathname])).toEqual([
      ["root", { slug: "la-ludotheque" }, "/"],
      ["organisation", { slug: "la-ludotheque" }, "/organisations/la-ludotheque"],
    ]);
    expect(again[0]!.params).toBe(again[1]!.params);
    expect(again[1]!.route).toBe(first[1]!.route);
    expect(router.matchRoutes(tree, "/organisations/autre")![1]!.params).toEqual({ slug: "autre" });
  });

  it("tries only the branches a path's first segment allows, and still finds those whose first segment is a parameter", () => {
    const tree: Router.AgnosticRouteObject[] = [
      {
        id: "root",
        path: "",
        children: [
          { id: "home", index: true },
          { id: "organisation", path: "organisations/:slug" },
          { id: "by-year", path: ":year/laureats" },
          { id: "axis", path: "axes/:code" },
          { id: "not-found", path: "*" },
        ],
      },
    ];
    expect(ids(tree, "/ORGANISATIONS/La-Ludotheque")).toEqual([
      ["root", { slug: "La-Ludotheque" }],
      ["organisation", { slug: "La-Ludotheque" }],
    ]);
    // Its first segment is no route's: the parameter's branch and the splat are still tried.
    expect(ids(tree, "/2025/laureats")).toEqual([
      ["root", { year: "2025" }],
      ["by-year", { year: "2025" }],
    ]);
    // The rank is kept among the branches tried: of two that score the same, the one declared
    // first, as the unpatched router answers.
    expect(ids(tree, "/axes/laureats")?.at(-1)).toEqual(["by-year", { year: "axes" }]);
    expect(ids(tree, "/axes/x")?.at(-1)).toEqual(["axis", { code: "x" }]);
    expect(ids(tree, "/organisations")).toEqual([
      ["root", { "*": "organisations" }],
      ["not-found", { "*": "organisations" }],
    ]);
    expect(ids(tree, "//organisations/x")?.at(-1)?.[0]).toBe("not-found");
    // Encoded: matched on the decoded path, as before.
    expect(ids(tree, "/organisations/caf%C3%A9%20solidaire")?.at(-1)).toEqual(["organisation", { slug: "café solidaire" }]);
  });

  it("resolves a link the same when kept: an absolute path wherever it is, a relative one from where it is", () => {
    const resolveTo = (router as unknown as { resolveTo: (to: unknown, routes: string[], location: string) => Router.Path })
      .resolveTo;
    for (let time = 0; time < 2; time += 1) {
      expect(resolveTo("/a/../annuaire/./x?q=1#h", ["/", "/organisations/x"], "/organisations/x")).toEqual({
        pathname: "/annuaire/x",
        search: "?q=1",
        hash: "#h",
      });
      expect(resolveTo("/recherche/", ["/"], "/")).toEqual({ pathname: "/recherche/", search: "", hash: "" });
      expect(resolveTo("revendiquer", ["/", "/organisations/x"], "/organisations/x").pathname).toBe(
        "/organisations/x/revendiquer",
      );
      expect(resolveTo("..", ["/", "/organisations/x"], "/organisations/x").pathname).toBe("/");
    }
    // Each caller its own copy: changing one changes no later answer.
    resolveTo("/carte", ["/"], "/").pathname = "/ailleurs";
    expect(resolveTo("/carte", ["/", "/idees"], "/idees").pathname).toBe("/carte");
  });

  it("keeps a pattern's case rule and its end rule apart", () => {
    expect(router.matchPath({ path: "/carte", caseSensitive: true }, "/CARTE")).toBeNull();
    expect(router.matchPath({ path: "/carte" }, "/CARTE")?.pathname).toBe("/CARTE");
    expect(router.matchPath({ path: "/espace", end: false }, "/espace/organisations")?.pathnameBase).toBe("/espace");
    expect(router.matchPath({ path: "/espace" }, "/espace/organisations")).toBeNull();
  });

  it("renders with one converted route tree per tree, the page's matches in it", async () => {
    const tree = routes();
    const render = async (path: string) => {
      const context = await createStaticHandler(tree).query(new Request(`http://localhost${path}`));
      if (context instanceof Response) throw new Error(`${path}: a response`);
      return createStaticRouter(tree, context);
    };
    const first = await render("/organisations/la-ludotheque");
    const second = await render("/espace/organisations/nouvelle");
    expect(second.routes).toBe(first.routes);
    expect(second.state.matches.map((match) => match.route.id)).toEqual(["root", "new-organisation"]);
    expect(first.state.matches.map((match) => [match.route.id, match.params])).toEqual([
      ["root", { slug: "la-ludotheque" }],
      ["organisation", { slug: "la-ludotheque" }],
    ]);
    // The matches are the converted tree's own routes, as the render reads them.
    expect(first.routes[0]!.children).toContain(first.state.matches[1]!.route);
    const context = await createStaticHandler(routes()).query(new Request("http://localhost/carte"));
    if (context instanceof Response) throw new Error("a response");
    expect(createStaticRouter(routes(), context).routes).not.toBe(first.routes);
  });

  it("is the patched render (one route tree per build)", () => {
    const remixServer = fs.readFileSync(require.resolve("@remix-run/react/dist/server.js"), "utf8");
    expect(remixServer).toContain("let routes$1 = keptServerRoutes(manifest.routes, routeModules");
    const staticRouter = fs.readFileSync(require.resolve("react-router-dom/server"), "utf8");
    expect(staticRouter).toContain("const convertedRoutes = new WeakMap();");
    // A loader gets the request itself when there is no ?index, _data or _routes to strip.
    const data = fs.readFileSync(require.resolve("@remix-run/server-runtime/dist/data.js"), "utf8");
    for (const parameter of ["index", "_data", "_routes"])
      expect(data).toContain(`if (!url.searchParams.has("${parameter}")) return request;`);
  });
});
