// The map of under-served areas as a person uses it.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, wcagViolations } from "../helpers/browser";

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("shades the 11 quartiers, opens Nantes Nord, follows the filter, and matches the API in its table", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: "fr-FR" });
  const page = await context.newPage();
  // Two organisations placed side by side in Doulon - Bottière: one cluster marker on the map.
  const [first, second] = await getDb().organisation.findMany({ where: { status: "published" }, take: 2 });
  await getDb().organisation.update({ where: { id: first!.id }, data: { latitude: 47.225, longitude: -1.51 } });
  await getDb().organisation.update({ where: { id: second!.id }, data: { latitude: 47.2255, longitude: -1.5105 } });
  await page.goto(`${server.url}/carte`);
  await expect(page.locator(".marker-cluster").innerText()).resolves.toBe("2");
  const polygons = page.locator(".leaflet-container path.leaflet-interactive");
  await polygons.nth(10).waitFor();
  await expect(polygons.count()).resolves.toBe(11);
  await expect(page.getByTestId("weakest").innerText()).resolves.toMatch(
    /^Les trois quartiers les moins couverts : .+, .+, .+\.$/,
  );

  // The table carries the API's figures.
  const api = (await (await fetch(`${server.url}/api/coverage`)).json()) as {
    quartiers: { slug: string; supply: { total: number } }[];
  };
  for (const quartier of api.quartiers) {
    await expect(page.locator(`tr[data-slug="${quartier.slug}"] td`).nth(4).innerText()).resolves.toBe(
      String(quartier.supply.total),
    );
  }

  // Clicking Nantes Nord on the map opens its panel.
  await page.getByRole("link", { name: "Nantes Nord" }).scrollIntoViewIfNeeded();
  const nord = page.locator(".leaflet-container path.leaflet-interactive").nth(7);
  await nord.click({ force: true });
  await page.waitForURL(/quartier=nantes-nord/);
  await page.getByTestId("quartier-panel").getByRole("heading", { name: "Nantes Nord" }).waitFor();
  expect(await wcagViolations(page)).toEqual([]);
  fs.mkdirSync(path.resolve("tests/artifacts"), { recursive: true });
  await page.screenshot({ path: path.resolve("tests/artifacts/carte.png"), fullPage: true });

  // The 97 IRIS, and back.
  await page.getByRole("link", { name: "Les 97 IRIS" }).click();
  await page.waitForURL(/niveau=iris/);
  await page.locator(".leaflet-container path.leaflet-interactive").nth(96).waitFor();
  await expect(page.locator(".leaflet-container path.leaflet-interactive").count()).resolves.toBe(97);
  await expect(page.locator("tbody tr").count()).resolves.toBe(97);
  expect(await wcagViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "Les 11 quartiers" }).click();
  await page.waitForURL((url) => !url.search.includes("niveau=iris"));
  await polygons.nth(10).waitFor();
  await expect(polygons.count()).resolves.toBe(11);

  // Another filter: new shading, new address.
  const before = await polygons.evaluateAll((paths) => paths.map((item) => item.getAttribute("fill")).join());
  await page.getByLabel("Sous-axe").selectOption("1.1");
  await page.getByRole("button", { name: "Mettre à jour la carte" }).click();
  await page.waitForURL(/subAxis=1\.1/);
  await page.waitForFunction(
    (previous) =>
      [...document.querySelectorAll(".leaflet-container path.leaflet-interactive")]
        .map((item) => item.getAttribute("fill"))
        .join() !== previous,
    before,
  );
});
