// The map of under-served areas as a person uses it: with a mouse, with the keyboard alone, on a phone.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, wcagViolations } from "../helpers/browser";

let server: AppServer;
let browser: Browser;

type Api = {
  cityPopulation: number;
  wholeCity: { total: number };
  quartiers: { slug: string; name: string; population: number; supply: { total: number }; coverage: number }[];
  unlocated: number;
  unlocatedStructures: { plateforme: number; registres: number };
};

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  // Two organisations placed side by side in Doulon - Bottière: one cluster marker on the map.
  const [first, second] = await getDb().organisation.findMany({ where: { status: "published", wholeCity: false }, take: 2 });
  await getDb().organisation.update({ where: { id: first!.id }, data: { latitude: 47.225, longitude: -1.51 } });
  await getDb().organisation.update({ where: { id: second!.id }, data: { latitude: 47.2255, longitude: -1.5105 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openMap(pathname: string, viewport = { width: 1280, height: 1000 }) {
  const context = await browser.newContext({ viewport, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`${server.url}${pathname}`);
  const count = pathname.includes("niveau=iris") ? 97 : 11;
  await page
    .locator(".leaflet-container path.leaflet-interactive")
    .nth(count - 1)
    .waitFor();
  return page;
}

/** Relative luminance (WCAG) of "#rrggbb". */
function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const value = parseInt(hex.slice(start, start + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** What has focus, and the name a person would hear for it (text, aria-label, title or label). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { tag: "body", name: "", id: "", slug: "", classes: "" };
    const labelled = element.getAttribute("aria-labelledby");
    const name =
      element.getAttribute("aria-label") ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      ((element as HTMLInputElement).labels?.[0]?.textContent || null) ??
      (element.textContent?.trim() || null) ??
      element.getAttribute("title") ??
      "";
    return {
      tag: element.tagName.toLowerCase(),
      name: name.trim(),
      id: element.id,
      slug: element.closest("tr")?.getAttribute("data-slug") ?? "",
      classes: element.getAttribute("class") ?? "",
    };
  });

it("shades the least covered darkest, names them, and matches the API in its table", async () => {
  const page = await openMap("/carte");
  await expect(page.locator(".marker-cluster").innerText()).resolves.toBe("2");
  await expect(page.locator(".leaflet-container path.leaflet-interactive").count()).resolves.toBe(11);

  const api = (await (await fetch(`${server.url}/api/coverage`)).json()) as Api;
  // The page's order: coverage, then the more populous first.
  const byCoverage = [...api.quartiers].sort((a, b) => a.coverage - b.coverage || b.population - a.population);
  const [least, most] = [byCoverage[0]!, byCoverage[byCoverage.length - 1]!];
  expect(least.coverage).toBeLessThan(most.coverage);
  const fill = (slug: string) => page.locator(`path[data-slug="${slug}"]`).getAttribute("fill");
  const [leastFill, mostFill] = [(await fill(least.slug))!, (await fill(most.slug))!];
  expect(luminance(leastFill), `${least.slug} ${leastFill} vs ${most.slug} ${mostFill}`).toBeLessThan(luminance(mostFill));
  // Warm: more red than blue.
  expect(parseInt(leastFill.slice(1, 3), 16)).toBeGreaterThan(parseInt(leastFill.slice(5, 7), 16));
  await expect(page.getByTestId("legend").innerText()).resolves.toMatch(/plus la couleur est foncée, moins il y a d'offre/i);

  // The weakest are named, and the formula says how whole-city supply counts.
  await expect(page.getByTestId("weakest").innerText()).resolves.toMatch(
    new RegExp(`^Les trois quartiers les moins couverts : ${least.name}, .+, .+\\.`),
  );
  await expect(page.getByTestId("formula").innerText()).resolves.toMatch(
    /plus ce qui agit sur toute la ville pour 10 000 habitants de Nantes/,
  );

  // The table carries the API's figures (local supply; the whole city apart).
  for (const quartier of api.quartiers) {
    await expect(page.locator(`tr[data-slug="${quartier.slug}"] td`).nth(4).innerText()).resolves.toBe(
      String(quartier.supply.total),
    );
  }
  // Each rate with two decimals, so that the column reads and aligns (5,40 under 5,54; it said 5,4).
  for (const quartier of api.quartiers) {
    await expect(page.locator(`tr[data-slug="${quartier.slug}"] td`).nth(5).innerText()).resolves.toMatch(
      quartier.population > 0 ? /^\d+,\d{2}$/ : /^sans habitants$/,
    );
  }
  // Below the quartiers, whatever the sort: the structures in no quartier, counted apart (the RNA gives no point).
  const unlocated = page.locator("tfoot tr");
  await expect(unlocated.locator("th[scope=row]").innerText()).resolves.toBe("Sans quartier connu (adresse non localisée)");
  await expect(unlocated.getByTestId("unlocated-total").innerText()).resolves.toBe(String(api.unlocated));
  await expect(unlocated.getByTestId("unlocated-plateforme").innerText()).resolves.toBe(
    String(api.unlocatedStructures.plateforme),
  );
  await expect(unlocated.getByTestId("unlocated-registres").innerText()).resolves.toBe(String(api.unlocatedStructures.registres));
  await expect(page.getByTestId("unlocated").innerText()).resolves.toMatch(
    /^Sans quartier connu \(adresse non localisée\) : \d+ structures?/,
  );

  // Clicking Nantes Nord on the map opens its panel.
  await page.locator('path[data-slug="nantes-nord"]').click({ force: true });
  await page.waitForURL(/quartier=nantes-nord/);
  await page.getByTestId("quartier-panel").getByRole("heading", { name: "Nantes Nord" }).waitFor();
  expect(await wcagViolations(page)).toEqual([]);
  fs.mkdirSync(path.resolve("tests/artifacts"), { recursive: true });
  await page.screenshot({ path: path.resolve("tests/artifacts/carte.png"), fullPage: true });

  // Another filter: new shading, new address.
  const polygons = page.locator(".leaflet-container path.leaflet-interactive");
  const before = await polygons.evaluateAll((paths) => paths.map((item) => item.getAttribute("fill")).join());
  await page
    .getByRole("group", { name: "Sous-axe" })
    .getByRole("checkbox", { name: /^1\.1 —/ })
    .check();
  await page.getByRole("button", { name: "Mettre à jour la carte" }).click();
  await page.waitForURL(/subAxis=1\.1/);
  await page.waitForFunction(
    (previous) =>
      [...document.querySelectorAll(".leaflet-container path.leaflet-interactive")]
        .map((item) => item.getAttribute("fill"))
        .join() !== previous,
    before,
  );
  await page.context().close();
}, 180_000);

/** The table's local supply, by quartier. */
const tableTotals = (page: Page) =>
  page
    .locator("tbody tr")
    .evaluateAll((trs) =>
      Object.fromEntries(trs.map((tr) => [tr.getAttribute("data-slug"), tr.querySelectorAll("td")[4]!.textContent])),
    );
const apiTotals = async (filters: string) => {
  const api = (await (await fetch(`${server.url}/api/coverage?${filters}`)).json()) as Api;
  return Object.fromEntries(api.quartiers.map((quartier) => [quartier.slug, String(quartier.supply.total)]));
};

it("takes the search's filters, several values each, kept in the address: with JavaScript without a reload, and without", async () => {
  const page = await openMap("/carte");
  await page.evaluate(() => ((window as unknown as { sameDocument?: boolean }).sameDocument = true));
  const form = page.getByRole("form", { name: "Filtrer la carte" });
  // Ticked in any order, sent in the form's.
  await form.getByRole("group", { name: "Secteur" }).getByRole("checkbox", { name: "Santé", exact: true }).check();
  await form.getByRole("group", { name: "Secteur" }).getByRole("checkbox", { name: "Habitat et immobilier" }).check();
  await form.getByRole("group", { name: "Ressource" }).getByRole("checkbox", { name: "Locaux", exact: true }).check();
  await page.getByRole("button", { name: "Mettre à jour la carte" }).click();
  await page.waitForURL(/\/carte\?sector=habitat&sector=sante&resource=locaux$/);
  await expect(page.getByTestId("active-filters").innerText()).resolves.toBe(
    "Filtres appliqués : Secteur : Habitat et immobilier ou Santé ; Ressource : Locaux.",
  );
  // The same document: the page updated in place.
  await expect(page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).resolves.toBe(true);
  const filtered = await apiTotals("sector=habitat&sector=sante&resource=locaux");
  expect(filtered).not.toEqual(await apiTotals(""));
  await expect(tableTotals(page)).resolves.toEqual(filtered);

  // A quartier chosen in the table keeps the filters, and its panel links to the same search.
  await page.locator('tr[data-slug="nantes-nord"] th a').click();
  await page.waitForURL(/quartier=nantes-nord/);
  expect(new URL(page.url()).searchParams.getAll("sector")).toEqual(["habitat", "sante"]);
  await expect(
    page.getByTestId("quartier-panel").getByRole("link", { name: "Tout voir dans la recherche" }).getAttribute("href"),
  ).resolves.toBe("/recherche?sector=habitat&sector=sante&resource=locaux&quartier=nantes-nord");
  await expect(form.getByRole("checkbox", { name: "Locaux", exact: true }).isChecked()).resolves.toBe(true);
  expect(await wcagViolations(page)).toEqual([]);
  await page.context().close();

  // Without JavaScript: the same form, sent by the browser.
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "fr-FR" });
  const plain = await context.newPage();
  await plain.goto(`${server.url}/carte?type=organisation&sector=__proto__`);
  await expect(plain.getByRole("status").filter({ hasText: "ont été ignorés" }).count()).resolves.toBe(1);
  await plain.getByRole("checkbox", { name: "Santé", exact: true }).check();
  await plain.getByRole("checkbox", { name: "Culturel", exact: true }).check();
  await plain.getByRole("button", { name: "Mettre à jour la carte" }).click();
  await plain.waitForURL(/\/carte\?type=organisation&sector=sante&sector=culturel$/);
  await expect(tableTotals(plain)).resolves.toEqual(await apiTotals("type=organisation&sector=sante&sector=culturel"));
  await context.close();
}, 180_000);

it("by IRIS: distinct legend classes, a weakest list that means something, an « IRIS » column", async () => {
  const page = await openMap("/carte?niveau=iris");
  await expect(page.locator("tbody tr").count()).resolves.toBe(97);
  await expect(page.locator("thead th").first().innerText()).resolves.toBe("IRIS");

  const classes = await page.getByTestId("legend").locator("li").allInnerTexts();
  expect(new Set(classes).size).toBe(classes.length);
  for (const label of classes) expect(label).not.toMatch(/\b(\d+(?:,\d+)?) à \1 /);

  // The IRIS with nothing local: the sentence says how many, and names the most populous first.
  const rows = await page.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      name: tr.querySelector("th")!.textContent!.trim(),
      population: Number(tr.querySelectorAll("td")[0]!.textContent!.replace(/\D/g, "")),
      total: Number(tr.querySelectorAll("td")[4]!.textContent),
    })),
  );
  const none = rows.filter((row) => row.total === 0 && row.population > 0).sort((a, b) => b.population - a.population);
  expect(none.length).toBeGreaterThan(3);
  const weakest = await page.getByTestId("weakest").innerText();
  expect(weakest).toMatch(new RegExp(`\\b${none.length}\\b|Aucun des ${none.length}`));
  expect(weakest).toContain(`${none[0]!.name}, ${none[1]!.name}, ${none[2]!.name}`);
  const alphabetical = [...none].sort((a, b) => a.name.localeCompare(b.name, "fr"));
  expect(weakest).not.toContain(`${alphabetical[0]!.name}, ${alphabetical[1]!.name}, ${alphabetical[2]!.name}`);

  // The IRIS where the two organisations stand lists them: the markers' content, reachable.
  const withTwo = rows.filter((row) => row.total === 2);
  expect(withTwo).toHaveLength(1);
  const placed = withTwo[0]!;
  await page.locator("tbody tr", { hasText: placed.name }).getByRole("link").click();
  await page.waitForURL(/quartier=/);
  await page.getByTestId("quartier-panel").getByRole("heading", { name: placed.name }).waitFor();
  await expect(page.getByTestId("places").getByRole("link").count()).resolves.toBe(2);
  expect(await wcagViolations(page)).toEqual([]);
  await page.context().close();
}, 180_000);

it("works with the keyboard alone: named Tab stops, an unclipped focus ring, the panel focused", async () => {
  const page = await openMap("/carte");
  await page.locator(".marker-cluster").waitFor();
  const stops: Awaited<ReturnType<typeof focused>>[] = [];
  let ring: { clipped: string[]; outline: string } | null = null;
  for (let press = 0; press < 80; press += 1) {
    await page.keyboard.press("Tab");
    const stop = await focused(page);
    stops.push(stop);
    if (stop.classes.includes("leaflet-container") && !ring) {
      ring = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const box = element.getBoundingClientRect();
        const clipped: string[] = [];
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          const parentStyle = getComputedStyle(parent);
          if (parentStyle.overflowX === "visible" && parentStyle.overflowY === "visible") continue;
          const clip = parent.getBoundingClientRect();
          if (
            box.left - reach < clip.left ||
            box.top - reach < clip.top ||
            box.right + reach > clip.right ||
            box.bottom + reach > clip.bottom
          )
            clipped.push(parent.className);
        }
        return { clipped, outline: `${style.outlineStyle} ${style.outlineWidth}` };
      });
    }
    if (stop.slug === "nantes-nord") break;
  }
  // No shape, marker or cluster is a Tab stop, and every stop has a name.
  expect(stops.filter((stop) => stop.tag === "path" || stop.classes.includes("leaflet-marker-icon"))).toEqual([]);
  expect(stops.filter((stop) => !stop.name)).toEqual([]);
  // The map is one Tab stop whose ring shows whole.
  expect(ring, "the map is reachable").not.toBeNull();
  expect(ring!.outline).not.toMatch(/^none/);
  expect(ring!.clipped).toEqual([]);

  // Nantes Nord chosen in the table: focus moves to its panel.
  expect(stops.at(-1)!.slug).toBe("nantes-nord");
  await page.keyboard.press("Enter");
  await page.waitForURL(/quartier=nantes-nord/);
  await page.waitForFunction(() => document.activeElement?.id === "panneau");
  await expect(focused(page)).resolves.toMatchObject({ tag: "h2", name: "Nantes Nord" });
  await expect(page.getByTestId("quartier-panel").innerText()).resolves.toMatch(/rang \d+ sur 11/);

  // Another quartier from the table: the panel follows, focused again.
  await page.locator('tr[data-slug="centre-ville"] th a').focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/quartier=centre-ville/);
  await page.waitForFunction(() => document.activeElement?.textContent === "Centre-ville");
  // The quartier already shown, chosen again: the page goes to its panel, and so does the focus.
  await page.locator('tr[data-slug="centre-ville"] th a').focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.id === "panneau");
  await page.context().close();
}, 180_000);

it("fits a 390 px phone with no sideways scroll, the table a real table with headers", async () => {
  for (const pathname of ["/carte", "/carte?quartier=bellevue-chantenay-sainte-anne", "/carte?niveau=iris"]) {
    const page = await openMap(pathname, { width: 390, height: 844 });
    const widths = await page.evaluate(() => {
      const wrap = document.querySelector(".coverage-table-wrap")!;
      return { page: document.documentElement.scrollWidth, wrap: wrap.scrollWidth, wrapClient: wrap.clientWidth };
    });
    expect(widths.page, pathname).toBeLessThanOrEqual(390);
    expect(widths.wrap, pathname).toBeLessThanOrEqual(widths.wrapClient);
    const headers = await page
      .locator("table thead th")
      .evaluateAll((ths) => ths.filter((th) => th.getBoundingClientRect().width > 0).map((th) => th.textContent));
    expect(headers, pathname).toEqual([
      pathname.includes("iris") ? "IRIS" : "Quartier",
      "Population",
      "Offre locale",
      "Pour 10 000 habitants",
    ]);
    await expect(page.locator("tbody th[scope=row]").count()).resolves.toBe(pathname.includes("iris") ? 97 : 11);
    // The row of the structures in no quartier, its figure in a column the phone shows (quartiers only).
    const unlocated = page.locator("tfoot tr");
    await expect(unlocated.count()).resolves.toBe(pathname.includes("iris") ? 0 : 1);
    if (!pathname.includes("iris")) await expect(unlocated.getByTestId("unlocated-total").isVisible()).resolves.toBe(true);
    if (pathname === "/carte") await page.screenshot({ path: path.resolve("tests/artifacts/carte-mobile.png"), fullPage: true });
    await page.context().close();
  }
}, 180_000);

it("without JavaScript on a phone, no map key nor credit, and sorting the table comes back at the table, not at the page's top", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "fr-FR", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/carte`);
  // No map, so no key nor credit for it: the sentence says the table has the same figures.
  // (Playwright's text locators skip <noscript>: the paragraph is found by its place.)
  const notice = page.locator("noscript p");
  await expect(notice.isVisible()).resolves.toBe(true);
  await expect(notice.innerText()).resolves.toBe(
    "La carte s'affiche avec JavaScript ; le tableau ci-dessous donne les mêmes chiffres.",
  );
  await expect(page.getByTestId("legend").isVisible()).resolves.toBe(false);
  await expect(page.getByText("Contours :").isVisible()).resolves.toBe(false);
  // The panel asks to choose in the table, not to click a map.
  await expect(page.getByTestId("quartier-panel").innerText()).resolves.toContain("Choisissez un quartier dans le tableau.");
  await expect(page.getByText("Cliquez sur un quartier de la carte").isVisible()).resolves.toBe(false);
  await page.getByRole("link", { name: "Population", exact: true }).click();
  await page.waitForURL(/tri=population#tableau-couverture$/);
  const caption = (await page.locator("#tableau-couverture caption").boundingBox())!;
  expect(caption.y + caption.height).toBeGreaterThan(0);
  expect(caption.y).toBeLessThan(844);
  await expect(page.locator("th[aria-sort=descending]").innerText()).resolves.toBe("Population");
  await context.close();
});

it("on a phone, with or without JavaScript, the map comes within the first screen's reach: notes and filters are folded", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, locale: "fr-FR", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/carte?sector=sante&resource=locaux`);
    // It came 2,700 px down, below the notes and every filter's boxes. Without JavaScript, the
    // sentence that stands for it (the table has the same figures).
    const map = (await page.locator(javaScriptEnabled ? ".coverage-frame" : "noscript p").boundingBox())!;
    expect(map.y, `JavaScript ${javaScriptEnabled}`).toBeLessThan(1000);
    const health = page.getByRole("form", { name: "Filtrer la carte" }).getByRole("checkbox", { name: "Santé", exact: true });
    await expect(health.isVisible()).resolves.toBe(false);
    await expect(page.getByTestId("formula").isVisible()).resolves.toBe(false);
    // The summary says how many filters are ticked; opened, the boxes are there as the address set them.
    const summary = page.locator("summary", { hasText: "Filtrer la carte" });
    // Seen: « Filtrer la carte (2) »; heard: « … (2 filtres actifs) ».
    expect((await summary.textContent())?.replace(/\s+/g, " ")).toBe("Filtrer la carte (2 filtres actifs)");
    await summary.click();
    await expect(health.isChecked()).resolves.toBe(true);
    await page.locator("summary", { hasText: "Comment lire la carte" }).click();
    await expect(page.getByTestId("formula").innerText()).resolves.toMatch(/^Comment lire la carte : Couverture d'un quartier/);
    await context.close();
  }
});

it("opens the folded notes and filters on a wide screen (browsers without ::details-content showed neither), and folds the filters again on a phone once applied", async () => {
  const wide = await openMap("/carte");
  await wide.waitForFunction(() =>
    [...document.querySelectorAll("details.phone-fold")].every((panel) => (panel as HTMLDetailsElement).open),
  );
  await expect(wide.locator("details.phone-fold").count()).resolves.toBe(2);
  await wide.context().close();

  const phone = await openMap("/carte", { width: 390, height: 844 });
  await expect(phone.locator("details.phone-fold[open]").count()).resolves.toBe(0);
  await phone.locator("summary", { hasText: "Filtrer la carte" }).click();
  await phone.getByRole("form", { name: "Filtrer la carte" }).getByRole("checkbox", { name: "Santé", exact: true }).check();
  await phone.getByRole("button", { name: "Mettre à jour la carte" }).click();
  await phone.waitForURL(/sector=sante/);
  await phone.waitForFunction(() => !document.querySelector("details.phone-fold[open]"));
  const map = (await phone.locator(".coverage-frame").boundingBox())!;
  expect(map.y).toBeLessThan(1000);
  // The button sent is drawn anew with the form: the focus goes to what the filters show, the line
  // above the map, not back to the page's start (found by a fresh-eyes probe).
  await phone.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "weakest");
  const line = (await phone.getByTestId("weakest").boundingBox())!;
  expect(line.y).toBeGreaterThanOrEqual(0);
  expect(line.y).toBeLessThan(844);
  // So does a source counted alone (its box missed it once: the form's key named it, the focus's did not).
  await phone.locator("summary", { hasText: "Filtrer la carte" }).click();
  await phone
    .getByRole("form", { name: "Filtrer la carte" })
    .getByRole("checkbox", { name: /Publiées sur Coopérons/ })
    .check();
  await phone.getByRole("button", { name: "Mettre à jour la carte" }).click();
  await phone.waitForURL(/source=plateforme/);
  await phone.waitForFunction(() => !document.querySelector("details.phone-fold[open]"));
  await phone.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "weakest");
  await phone.context().close();
});
