// Issue 16 in a real browser: a profile made from a public register shows its facts under a
// « Non revendiquée » badge, with nothing to contact it; the search shows the badge; the map's
// `source` filter is a form that works without JavaScript. Each page passes axe-core.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import { importRegister } from "~/models/register-import.server";
import { getDb } from "~/utils/db.server";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, openUntilVisible, wcagViolations } from "../helpers/browser";

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const file = path.join("tests", "fixtures", "registers", "sirene-etablissements-2025-01.csv");
  await importRegister(getDb(), {
    source: "sirene",
    input: fs.createReadStream(file),
    fileName: path.basename(file),
    bytesTotal: fs.statSync(file).size,
  });
  // The site builds its index from the database at start: the imported profiles are in it.
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

it("an unclaimed profile: the register's facts under the badge, no contact form; found by the search with the badge", async () => {
  const profile = await getDb().organisation.findFirstOrThrow({
    where: { ...openUnclaimedOrganisationWhere(), homeQuartierId: { not: null } },
    orderBy: { name: "asc" },
    include: { registerEntries: true },
  });
  const entry = profile.registerEntries[0]!;
  const page = await newPage();
  await page.goto(`${server.url}/organisations/${profile.slug}`);
  await page.getByRole("heading", { level: 1, name: profile.name }).waitFor();
  await expect(page.getByTestId("unclaimed-badge").innerText()).resolves.toBe("Non revendiquée");
  const facts = await page.locator("main").innerText();
  expect(facts).toContain(entry.registerId);
  expect(facts).toContain(`code ${entry.activityCode}`);
  expect(facts).toContain("Répertoire SIRENE des établissements (Insee)");
  expect(facts).toMatch(/registre importé le \d+/);
  await expect(page.getByRole("heading", { name: "Contacter la structure" }).count()).resolves.toBe(0);
  await expect(page.locator("form[method=post]").count()).resolves.toBe(0);
  expect(await wcagViolations(page), page.url()).toEqual([]);

  // The site's sync loop indexes the import within moments of its start.
  const result = () => page.locator("ol.results li", { has: page.getByRole("link", { name: profile.name }) });
  await openUntilVisible(page, `${server.url}/recherche?q=${encodeURIComponent(profile.name)}`, result);
  await expect(result().locator(".badge").allInnerTexts()).resolves.toContain("Non revendiquée");
  expect(await wcagViolations(page), page.url()).toEqual([]);
});

it("the map's source filter: the registers' structures counted when asked, both figures side by side in the table", async () => {
  const page = await newPage();
  await page.goto(`${server.url}/carte`);
  // The map's scripts take over the form once loaded: the box is ticked after, not before.
  await hydrated(page);
  await expect(page.getByLabel("Registres publics (RNA, SIRENE)").isChecked()).resolves.toBe(false);
  await page.getByLabel("Registres publics (RNA, SIRENE)").check();
  await page.getByRole("button", { name: "Mettre à jour la carte" }).click();
  await page.waitForURL(/source=registres/);
  // The sentence follows the page's new data (waited for, not read at once).
  await page
    .getByTestId("sources")
    .filter({
      hasText:
        /^Structures comptées : toutes les structures actives des registres publics \(Répertoire SIRENE des établissements \(Insee\), importé le/,
    })
    .waitFor();
  const registers = (await page.getByTestId("structures-registres").allInnerTexts()).map(Number);
  expect(registers.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  expect(await page.getByTestId("structures-plateforme").count()).toBe(11);
  expect(await wcagViolations(page), page.url()).toEqual([]);
});
