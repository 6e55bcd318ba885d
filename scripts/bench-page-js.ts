// `npm run -s bench:page-js -- /carte`: the JavaScript a page makes the browser load, gzipped:
// Remix's entry and root, the route's module, and everything they import, statically or lazily
// (the map's Leaflet chunk included). Run after `npm run build`.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import type { ServerBuild } from "@remix-run/node";

const page = process.argv[2] ?? "/carte";
const routeId = page === "/" ? "routes/_index" : `routes/${page.replace(/^\//, "").replace(/\//g, ".")}`;
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const route = build.assets.routes[routeId];
if (!route) {
  console.error(`No route ${routeId} in the build (run npm run build first).`);
  process.exit(2);
}
const root = build.assets.routes.root!;
const publicDir = path.resolve("public");
const seen = new Set<string>();
const queue = [
  build.assets.entry.module,
  ...build.assets.entry.imports,
  root.module,
  ...(root.imports ?? []),
  route.module,
  ...(route.imports ?? []),
];
while (queue.length) {
  const url = queue.pop()!;
  if (seen.has(url)) continue;
  seen.add(url);
  const source = fs.readFileSync(path.join(publicDir, url), "utf8");
  // Static imports and lazy import() calls between chunks.
  for (const match of source.matchAll(/(?:from\s*|import\s*\(\s*|import\s*)["']((?:\.\.?|\/build)\/[^"']+\.js)["']/g)) {
    const target = match[1]!;
    queue.push(target.startsWith("/") ? target : path.posix.join(path.posix.dirname(url), target));
  }
}
let raw = 0;
let gzipped = 0;
for (const url of seen) {
  const bytes = fs.readFileSync(path.join(publicDir, url));
  raw += bytes.length;
  gzipped += zlib.gzipSync(bytes, { level: 9 }).length;
}
console.log(`${page}: ${seen.size} JavaScript files, ${(raw / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
console.log(
  JSON.stringify({ page, files: seen.size, kb: Number((raw / 1024).toFixed(1)), gzip_kb: Number((gzipped / 1024).toFixed(1)) }),
);
