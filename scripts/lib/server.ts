// The HTTP server around the Remix build: static assets, compression, security headers, the checks
// of scripts/lib/remix-handler.ts, and in development the reload of the build that
// `remix dev --manual` asks for.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { readPublicationMark } from "../../app/models/figures-cache.server";
import { isPostgresUrl } from "../../app/utils/database-url";
import { getDb } from "../../app/utils/db.server";
import type { Env } from "../../app/utils/env.server";
import { siteOrigin } from "../../app/utils/url.server";
import { createAdmission } from "./admission";
import { createPageCache } from "./page-cache";
import { applyPrivateCaching, createRequestHandler, requestUrl, sendWhole, takesGzip } from "./remix-handler";

/** What loaders and actions receive besides the request: the CSP nonce and the client's address. */
function getLoadContext(req: express.Request, res: express.Response) {
  return {
    cspNonce: String(res.locals.cspNonce),
    clientIp: req.ip ?? "unknown",
    // The search started while the request waited its turn (searchAhead below), if any.
    searchAhead: res.locals.searchAhead as Promise<unknown> | undefined,
  };
}

export const BUILD_PATH = path.resolve("build", "index.js");

async function importBuild(): Promise<ServerBuild> {
  // The query busts Node's ESM cache so that a rebuilt bundle is really loaded.
  const stamp = fs.statSync(BUILD_PATH).mtimeMs;
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${stamp}`) as Promise<ServerBuild>;
}

/** Only this site, plus the tile server's images when one is configured. */
export function contentSecurityPolicy(
  nonce: string,
  { tileUrl, development }: { tileUrl?: string; development: boolean },
): string {
  const tileOrigin = tileUrl ? new URL(tileUrl.replace(/[{}]/g, "")).origin : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Leaflet positions its panes with style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tileOrigin ? ` ${tileOrigin}` : ""}`,
    `connect-src 'self'${development ? " ws://localhost:* ws://127.0.0.1:*" : ""}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Requests served at once on SQLite when CONCURRENT_REQUESTS does not say (README « Load »). */
export const DEFAULT_SQLITE_SLOTS = 3;
/**
 * On PostgreSQL (README « Load »): its reads are round trips that leave the thread free, so more at
 * once; served as they came, the slowest page's p95 was 760 ms (an idea edit), five at once 216 ms,
 * at the same requests per second.
 */
export const DEFAULT_POSTGRES_SLOTS = 5;

export async function createApp(
  env: Pick<Env, "NODE_ENV" | "TILE_URL" | "TRUST_PROXY" | "PAGE_CACHE_SECONDS" | "CONCURRENT_REQUESTS" | "DATABASE_URL">,
) {
  const mode = env.NODE_ENV;
  const origin = new URL(siteOrigin()).origin;
  let build = await importBuild();
  const pageCache = createPageCache({
    maxAgeMs: (env.PAGE_CACHE_SECONDS ?? (mode === "production" ? 30 : 0)) * 1000,
    readMark: () => readPublicationMark(getDb()),
  });
  const app = express();
  app.disable("x-powered-by");
  // No ETag from res.send (the search API's answers): computed over the bytes sent, the first
  // answer's (plain JSON, compressed on its way) differed from the kept one's (gzip), so a client
  // revalidating got the whole answer anyway. The pages, sent by Remix's handler, carry none either.
  app.set("etag", false);
  // req.ip (the address the limits count) and req.secure come from X-Forwarded-* only when sent
  // by a proxy TRUST_PROXY names; by default nobody is trusted.
  app.set("trust proxy", env.TRUST_PROXY);
  // zlib's level 3 rather than its default 6: half the CPU of a page for some 8 % more bytes.
  app.use(compression({ level: 3 }));
  app.use((req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      contentSecurityPolicy(nonce, { tileUrl: env.TILE_URL, development: mode === "development" }),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    // Once a browser met the site over HTTPS, it keeps to HTTPS for a year. Sent only when the
    // request came over HTTPS (browsers ignore it on plain HTTP).
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });
  // Fingerprinted bundles can be cached forever; the rest of public/ for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // The rest of public/ is files with an extension: other paths (the pages) skip looking on disk.
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? publicFiles(req, res, next) : next()));

  // Past the files, every request waits its turn (admission.ts): on SQLite, three at once — while
  // one reads or renders, the others may wait for Meilisearch — on PostgreSQL five.
  const slots = env.CONCURRENT_REQUESTS ?? (isPostgresUrl(env.DATABASE_URL) ? DEFAULT_POSTGRES_SLOTS : DEFAULT_SQLITE_SLOTS);
  // A search page or the search API that has to wait starts its search meanwhile: Meilisearch
  // answers on the other core, and the page only renders once its turn comes — unless a page
  // kept for visitors will answer it.
  const searchAhead = (req: express.Request, res: express.Response) => {
    const start = (build.entry.module as { searchAheadFor?: (url: URL) => Promise<unknown> | null }).searchAheadFor;
    if (!start || req.method !== "GET") return;
    const url = requestUrl(req, origin);
    if (!url || (pageCache.accepts(req.method, req.get("Cookie"), url) && pageCache.holds(url))) return;
    // Never failing: the loader reads it, or nobody does (the client left).
    res.locals.searchAhead = start(url)?.catch(() => null);
  };
  if (slots > 0) app.use(createAdmission({ slots, whileWaiting: searchAhead }));
  // The search API is the hot path (many small requests while people type): it is served straight
  // from its route module, skipping the page machinery, with the same loader and the same answers.
  app.get("/api/search", async (req, res, next) => {
    const loader = build.routes["routes/api.search"]?.module.loader;
    if (!loader) return next();
    try {
      const url = requestUrl(req, origin);
      if (!url) return next();
      const context = getLoadContext(req, res);
      const render = async () => (await loader({ request: new Request(url), params: {}, context })) as Response;
      const response = pageCache.accepts(req.method, req.get("Cookie"), url)
        ? await pageCache.respond(url, context.cspNonce, render, { gzip: takesGzip(req) })
        : await render();
      const headers = new Headers(response.headers);
      applyPrivateCaching(req, headers);
      res.status(response.status);
      headers.forEach((value, key) => res.setHeader(key, value));
      // As a page is sent: compressed here at once (the middleware's stream went to zlib's threads,
      // in brotli to a browser), with its length.
      await sendWhole(req, res, Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  });

  if (mode === "development") {
    // `remix dev` writes build/version.txt after each rebuild.
    const versionFile = path.resolve("build", "version.txt");
    fs.watchFile(versionFile, { interval: 200 }, async () => {
      build = await importBuild();
      await broadcastDevReady(build);
    });
  }
  // `use`, not `all("*")`: Express decodes a route's parameters, and a path such as /groupements/%FF
  // failed there with an English 400 and a stack trace in the log; Remix answers it with its 404.
  app.use(createRequestHandler({ getBuild: () => build, mode, origin, getLoadContext, pageCache }));
  return { app, build, pageCache };
}

/** Listens, or rejects with a clear message when the port is taken. */
export function listen(app: express.Express, port: number, host?: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new Error(`Port ${port} is already in use: stop the program using it or choose another port with PORT=…`));
      } else if (error.code === "EACCES") {
        reject(new Error(`Port ${port} needs privileges this user does not have: choose PORT above 1024.`));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * Keeps the requests a server has begun and not yet answered, so that a stop (a deploy's restart)
 * lets them finish. `drain(ms)`: no new connection, the idle ones closed, each request begun
 * answered on a connection then closed (the proxy sends what follows to another instance), for
 * `ms` at the most; then every connection closed.
 */
export function keepAnswering(server: http.Server) {
  const answering = new Set<http.ServerResponse>();
  let drained: (() => void) | null = null;
  server.on("request", (_request: http.IncomingMessage, response: http.ServerResponse) => {
    answering.add(response);
    response.once("close", () => {
      answering.delete(response);
      if (!drained) return;
      server.closeIdleConnections();
      if (answering.size === 0) drained();
    });
  });
  return {
    async drain(ms: number) {
      server.close();
      server.closeIdleConnections();
      for (const response of answering) if (!response.headersSent) response.setHeader("Connection", "close");
      if (answering.size > 0)
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, ms).unref();
        });
      server.closeAllConnections();
    },
  };
}

/** Checks early that the port is free, before slower start-up steps. */
export async function assertPortFree(port: number, host?: string): Promise<void> {
  const probe = await listen(express(), port, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
