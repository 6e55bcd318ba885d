// react-router is patched (scripts/patches, applied by `npm ci`'s postinstall): a link to an
// absolute path is resolved without its route's pathnames (they were written to JSON and read back
// for each link of each render). Links must lead where they always did — absolute, relative to
// the route, up a level — in the production build the server renders with and in the other one.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type * as ReactRouter from "react-router";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const umd = path.join(path.dirname(require.resolve("react-router")), "umd");
const builds = {
  production: path.join(umd, "react-router.production.min.js"),
  development: path.join(umd, "react-router.development.js"),
};

describe("link paths (patched react-router)", () => {
  it("is the patched build, both of them", () => {
    for (const file of Object.values(builds)) expect(fs.readFileSync(file, "utf8")).toContain("Coopérons (scripts/patches)");
  });

  for (const [name, file] of Object.entries(builds)) {
    it(`leads where it did, in the ${name} build`, () => {
      const { Router, Routes, Route, createPath, useHref, useResolvedPath } = require(file) as typeof ReactRouter;
      function Probe() {
        const hrefs = [
          useHref("/carte?quartier=bellevue#carte"),
          useHref("revendiquer"),
          useHref(".."),
          useHref("?page=2"),
          useHref("/recherche/"),
          useResolvedPath("/idees").pathname,
          useResolvedPath("contact", { relative: "path" }).pathname,
        ];
        return createElement("p", null, hrefs.join(" "));
      }
      const html = renderToStaticMarkup(
        createElement(
          Router,
          // The server's router: a fixed location, nothing to navigate.
          {
            location: "/organisations/la-ludotheque",
            navigator: {
              createHref: (to: ReactRouter.To) => (typeof to === "string" ? to : createPath(to)),
            } as ReactRouter.Navigator,
            static: true,
          },
          createElement(Routes, null, createElement(Route, { path: "organisations/:slug", element: createElement(Probe) })),
        ),
      );
      expect(html).toBe(
        "<p>/carte?quartier=bellevue#carte /organisations/la-ludotheque/revendiquer / /organisations/la-ludotheque?page=2 /recherche/ /idees /organisations/la-ludotheque/contact</p>",
      );
    });
  }
});
