// Tables wider than a phone scroll inside their own frame: a keyboard must reach that frame to
// scroll it (WCAG 2.1.1). On a 390 px wide screen, the public pages with such tables — the open data
// dictionaries, the quartiers, the personal data kept, the map's table — keep no frame out of reach.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** Tabs from the top of the page until the frame has the focus; how many presses it took. */
async function tabTo(page: Page, frame: ReturnType<Page["locator"]>): Promise<number> {
  await page.locator("body").focus();
  for (let presses = 1; presses <= 150; presses += 1) {
    await page.keyboard.press("Tab");
    if (await frame.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error("the frame is never reached with Tab");
}

it("/donnees: each data dictionary, once opened, scrolls in a frame the keyboard reaches", async () => {
  const page = await phone();
  await page.goto(`${server.url}/donnees`);
  await hydrated(page);
  const summaries = page.locator("details > summary");
  expect(await summaries.count()).toBeGreaterThan(0);
  for (const summary of await summaries.all()) await summary.click();
  const frame = page.getByRole("region", { name: /^Colonnes du fichier/ }).first();
  // It is wider than the screen: a frame that scrolls.
  expect(await frame.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  await tabTo(page, frame);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => frame.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  expect(await wcagViolations(page)).toEqual([]);
});

it("/quartiers, /confidentialite and the map's table: no frame out of the keyboard's reach", async () => {
  const page = await phone();
  for (const path of ["/quartiers", "/confidentialite"]) {
    await page.goto(`${server.url}${path}`);
    await hydrated(page);
    expect(await wcagViolations(page), path).toEqual([]);
  }
  await page.goto(`${server.url}/carte`);
  await hydrated(page);
  const table = page.getByRole("region", { name: /^Couverture par/ });
  // A Tab stop exactly when it scrolls.
  const scrolls = await table.evaluate((element) => element.scrollWidth > element.clientWidth);
  await expect.poll(() => table.getAttribute("tabindex")).toBe(scrolls ? "0" : null);
  if (scrolls) await tabTo(page, table);
  expect(await wcagViolations(page)).toEqual([]);
});

it("a table that fits its frame is no Tab stop; once the screen narrows and it scrolls, it is", async () => {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/quartiers`);
  await hydrated(page);
  const frame = page.getByRole("region", { name: "Population et structures actives par quartier" });
  await expect.poll(() => frame.getAttribute("tabindex")).toBeNull();
  await page.setViewportSize({ width: 320, height: 800 });
  await expect.poll(() => frame.getAttribute("tabindex")).toBe("0");
  await context.close();
});
