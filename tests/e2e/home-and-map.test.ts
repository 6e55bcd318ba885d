import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";

const ARTIFACTS = path.resolve("tests", "artifacts");

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(pathname: string, options: { javaScript?: boolean; mobile?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    locale: "fr-FR",
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  const response = await page.goto(`${server.url}${pathname}`);
  expect(response?.status()).toBe(200);
  // Any script error in the page fails the test that opened it.
  page.on("close", () => expect(pageErrors).toEqual([]));
  return page;
}

describe("a visitor on the home page", () => {
  it("sees that applications closed on 16 July 2025, the two axes and the calendar", async () => {
    const page = await openPage("/");
    await expect(page.title()).resolves.toBe("Appel à coopérations 2025 — isolement et précarité · Coopérons");
    await expect(page.getByTestId("call-status").innerText()).resolves.toContain(
      "Les candidatures sont closes depuis le 16 juillet 2025 à 18 h.",
    );
    const axisHeadings = await page
      .getByRole("heading", { level: 3 })
      .filter({ hasText: /^Axe \d/ })
      .allInnerTexts();
    expect(axisHeadings).toEqual([
      "Axe 1 — Les travailleurs pauvres, avec et au sein des entreprises",
      "Axe 2 — Les personnes très isolées à domicile et en grande précarité",
    ]);
    await expect(page.locator(".timeline li").count()).resolves.toBe(7);
    await expect(page.locator(".badge-demo").count()).resolves.toBeGreaterThan(0);
    // The structures' sub-axes are named in the call's words, not only numbered.
    const tags = await page.getByRole("list", { name: "Sous-axes d'intérêt" }).getByRole("listitem").allInnerTexts();
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toMatch(/^[12]\.\d — [A-ZÉ]\S* \S/);
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "home.png"), fullPage: true });
    await page.close();
  });

  it("reaches an axis page from the home page and finds its sub-axes", async () => {
    const page = await openPage("/");
    await page.getByRole("link", { name: /Axe 2 — Les personnes très isolées/ }).click();
    await page
      .getByRole("heading", { level: 1, name: "Axe 2 — Les personnes très isolées à domicile et en grande précarité" })
      .waitFor();
    expect(page.url()).toBe(`${server.url}/axes/2`);
    await expect(page.locator("h3 .code").allInnerTexts()).resolves.toEqual(["2.1", "2.2", "2.3"]);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it("works on a phone without JavaScript", async () => {
    const page = await openPage("/", { javaScript: false, mobile: true });
    await expect(page.getByTestId("call-status").innerText()).resolves.toContain("closes");
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, "home-mobile.png"), fullPage: true });
    await page.close();
  });
});

describe("a visitor on the quartiers page", () => {
  it("sees the 11 quartiers drawn by Leaflet, with the data's attribution", async () => {
    const page = await openPage("/quartiers");
    const polygons = page.locator(".leaflet-container path.leaflet-interactive");
    await polygons.nth(10).waitFor();
    await expect(polygons.count()).resolves.toBe(11);
    // Credited once, under the map (a probe read it twice, there and in Leaflet's corner).
    await expect(page.locator(".map-attribution").innerText()).resolves.toBe("Contours : © Nantes Métropole, ODbL");
    await expect(page.getByText("© Nantes Métropole, ODbL").count()).resolves.toBe(1);
    // Its buttons in French (Leaflet's own titles are « Zoom in », « Zoom out »).
    await expect(page.getByRole("button", { name: "Zoom avant" }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "Zoom arrière" }).count()).resolves.toBe(1);
    await expect(page.locator("tbody tr").count()).resolves.toBe(11);
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "quartiers.png"), fullPage: true });
    await page.close();
  });

  it("still sees the 11 quartiers without JavaScript, drawn by the server", async () => {
    const page = await openPage("/quartiers", { javaScript: false });
    await expect(page.locator("[data-testid=svg-map] path").count()).resolves.toBe(11);
    // axe-core needs JavaScript in the page: this page's accessibility is checked with it above.
    await expect(page.locator("tbody tr", { hasText: "Nantes Nord" }).innerText()).resolves.toMatch(/26\s831/);
    await page.close();
  });

  it("on a phone without JavaScript, reads the quartiers' names on the drawn map", async () => {
    const page = await openPage("/quartiers", { javaScript: false, mobile: true });
    const labels = page.locator("[data-testid=svg-map] text");
    await expect(labels.count()).resolves.toBe(11);
    // A name of several parts on as many lines.
    await expect(labels.filter({ hasText: "Sainte-Anne" }).locator("tspan").allTextContents()).resolves.toEqual([
      "Bellevue",
      "Chantenay",
      "Sainte-Anne",
    ]);
    // Each line some 10 px high at least on the screen (the map is drawn 600 units wide, shown 358 px).
    const heights = await page
      .locator("[data-testid=svg-map] tspan")
      .evaluateAll((lines) => lines.map((line) => line.getBoundingClientRect().height));
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(10);
    await page.close();
  });
});

describe("every other public page", () => {
  for (const pathname of ["/axes/1", "/laureats", "/mentions-legales"]) {
    it(`${pathname} has a title, a description, an Open Graph card and no WCAG violation`, async () => {
      const page = await openPage(pathname);
      await expect(page.title()).resolves.toMatch(/· Coopérons$/);
      await expect(page.locator('meta[name="description"]').getAttribute("content")).resolves.toMatch(/.{30,}/);
      await expect(page.locator('meta[property="og:image"]').getAttribute("content")).resolves.toBe(`${server.url}/og-image.png`);
      await expect(page.locator("h1").count()).resolves.toBeGreaterThan(0);
      expect(await wcagViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it("answers an unknown address with a 404 page that leads back home", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/cette-page-n-existe-pas`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Page introuvable");
    await expect(page.getByRole("link", { name: "Retour à l'accueil" }).count()).resolves.toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});

// The public pages run under the site's Content-Security-Policy without a refusal or an error in
// the console: a browser that reports them (and a person with its tools open) sees none.
it("no public page logs an error or a refusal of its policy, forms included", async () => {
  const context = await browser.newContext({ locale: "fr-FR" });
  // A refusal is the browser's own log, not the page's console: the page reports each one there.
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content Security Policy refused ${event.blockedURI} (${event.violatedDirective})`),
    ),
  );
  const page = await context.newPage();
  const logged: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy/i.test(message.text())) logged.push(message.text());
  });
  page.on("pageerror", (error) => logged.push(error.message));
  const pages = ["/", "/recherche?q=jardin", "/idees", "/annuaire", "/connexion", "/inscription", "/mot-de-passe-oublie"];
  for (const pathname of pages) {
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status(), pathname).toBe(200);
    await hydrated(page);
  }
  // A form checked in the browser (its schema parsed there): an address that is not one.
  await page.goto(`${server.url}/connexion`);
  await hydrated(page);
  await page.getByLabel("Adresse e-mail").fill("pas-une-adresse");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page
    .getByText(/adresse e-mail valide/i)
    .first()
    .waitFor();
  expect(logged).toEqual([]);
});
