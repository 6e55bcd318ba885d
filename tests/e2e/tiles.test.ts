// With TILE_URL set, the quartiers map adds a tile layer from that server, with its attribution.
// The tile server is a local one started here: real tile hosts are outside this machine.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";

// A 1×1 transparent PNG.
const TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

let tiles: http.Server;
const requested: string[] = [];
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  tiles = http.createServer((request, response) => {
    requested.push(request.url ?? "");
    response.writeHead(200, { "Content-Type": "image/png", "Access-Control-Allow-Origin": "*" });
    response.end(TILE);
  });
  await new Promise<void>((resolve) => tiles.listen(0, "127.0.0.1", resolve));
  const { port } = tiles.address() as AddressInfo;
  [server, browser] = await Promise.all([
    startAppServer({ TILE_URL: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, TILE_ATTRIBUTION: "© Fond de test" }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  tiles?.close();
});

it("draws tiles from TILE_URL under the quartiers and credits them", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/quartiers`);
  await page.locator(".leaflet-container path.leaflet-interactive").nth(10).waitFor();
  await page.locator(".leaflet-tile-loaded").first().waitFor();
  expect(requested.length).toBeGreaterThan(0);
  expect(requested.every((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
  const attribution = await page.locator(".leaflet-control-attribution").innerText();
  expect(attribution).toContain("© Fond de test");
  // The contours are credited under the map, with the tiles, once.
  await expect(page.locator(".map-attribution").innerText()).resolves.toBe(
    "Contours : © Nantes Métropole, ODbL · Fond de carte : © Fond de test",
  );
  expect(attribution).not.toContain("Nantes Métropole");
  await page.close();
});
