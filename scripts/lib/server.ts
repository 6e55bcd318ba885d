// The HTTP server around the Remix build: static assets, compression, security headers, and in
// development the reload of the build that `remix dev --manual` asks for.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

export const BUILD_PATH = path.resolve("build", "index.js");

async function importBuild(): Promise<ServerBuild> {
  // The query busts Node's ESM cache so that a rebuilt bundle is really loaded.
  const stamp = fs.statSync(BUILD_PATH).mtimeMs;
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${stamp}`) as Promise<ServerBuild>;
}

export async function createApp({ mode }: { mode: "development" | "production" | "test" }) {
  let build = await importBuild();
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  // Fingerprinted bundles can be cached forever; the rest of public/ for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  if (mode === "development") {
    // `remix dev` writes build/version.txt after each rebuild.
    const versionFile = path.resolve("build", "version.txt");
    fs.watchFile(versionFile, { interval: 200 }, async () => {
      build = await importBuild();
      await broadcastDevReady(build);
    });
    app.all("*", (req, res, next) => createRequestHandler({ build, mode })(req, res, next));
  } else {
    app.all("*", createRequestHandler({ build, mode }));
  }
  return { app, build };
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

/** Checks early that the port is free, before slower start-up steps. */
export async function assertPortFree(port: number, host?: string): Promise<void> {
  const probe = await listen(express(), port, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
