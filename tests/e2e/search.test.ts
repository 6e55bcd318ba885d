// The search page as a person uses it: typing, narrowing with facets, sharing the address.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
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

const PHONE = { width: 390, height: 844 };

async function open(pathname: string, javaScript = true, viewport?: typeof PHONE): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: javaScript, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await page.goto(`${server.url}${pathname}`);
  return page;
}

it("updates the results as one types, narrows with facets, and keeps it all in the address", async () => {
  const page = await open("/recherche");
  await page.getByRole("heading", { level: 1, name: "Rechercher" }).waitFor();
  await page.getByLabel("Que cherchez-vous ?").pressSequentially("isolment", { delay: 30 });
  await page.waitForURL(/q=isolment/);
  await page.getByRole("link", { name: "Laboratoire Lien Social (démo)" }).waitFor();
  await expect.poll(() => page.locator(".results mark").count()).toBeGreaterThan(0);
  expect(await wcagViolations(page)).toEqual([]);

  await page.getByLabel("Que cherchez-vous ?").fill("");
  await page.getByLabel("Que cherchez-vous ?").pressSequentially("salle samedi", { delay: 30 });
  await page.waitForURL(/q=salle\+samedi/);
  const quartiers = page.getByRole("group", { name: "Quartier" });
  await quartiers.getByLabel(/Île de Nantes/).check();
  await page.waitForURL(/quartier=ile-de-nantes/);
  // The address changes as the request leaves; the results follow when it answers.
  await expect.poll(() => page.locator(".results h3").first().innerText()).toBe("Café du Quai Imaginaire");

  // The address is the whole state: opened elsewhere, it shows the same thing.
  const shared = await open(new URL(page.url()).pathname + new URL(page.url()).search);
  await expect(shared.locator(".results h3").first().innerText()).resolves.toBe("Café du Quai Imaginaire");
  await expect(
    shared
      .getByRole("group", { name: "Quartier" })
      .getByLabel(/Île de Nantes/)
      .isChecked(),
  ).resolves.toBe(true);
});

it("suggests which filter to drop when nothing matches", async () => {
  const page = await open("/recherche?q=pharmacie&quartier=nantes-sud&type=organisation");
  await page.getByText("Aucun résultat.").waitFor();
  await page.getByRole("link", { name: /Sans « Nantes Sud »/ }).click();
  await page.getByRole("link", { name: "Pharmacie de l'Exemple" }).waitFor();
  expect(await wcagViolations(page)).toEqual([]);
});

it("works without JavaScript", async () => {
  const page = await open("/recherche", false);
  await page.getByLabel("Que cherchez-vous ?").fill("hlm");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("link", { name: "Logis Partagé (démo)" }).waitFor();
  expect(page.url()).toContain("q=hlm");
  // On a wide screen the filters stand beside the results, unfolded, even without JavaScript.
  await expect(page.getByRole("group", { name: "Quartier" }).isVisible()).resolves.toBe(true);
});

for (const javaScript of [true, false]) {
  it(`on a phone, shows the results first and the filters behind « Filtrer » (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const page = await open("/recherche?q=salle", javaScript, PHONE);
    const summary = page.locator(".search-filters summary");
    const quartiers = page.getByRole("group", { name: "Quartier" });
    const firstResult = page.locator(".results > li").first();
    await firstResult.waitFor();
    await expect(summary.innerText()).resolves.toBe("Filtrer");
    await expect(quartiers.isVisible()).resolves.toBe(false);
    // The first result starts on the first screen, not after the checkboxes.
    const [button, result] = [await summary.boundingBox(), await firstResult.boundingBox()];
    expect(button!.y).toBeLessThan(result!.y);
    expect(result!.y).toBeLessThan(PHONE.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The control is reachable and works from the keyboard.
    await summary.focus();
    await page.keyboard.press("Enter");
    await expect(quartiers.isVisible()).resolves.toBe(true);
    // Every box the same size, beside a label on one line or on two (a sub-axis).
    const boxes = await page
      .locator(".search-filters input[type=checkbox]")
      .evaluateAll((inputs) => inputs.map((input) => Math.round(input.getBoundingClientRect().width)));
    expect(boxes.length).toBeGreaterThan(10);
    expect(new Set(boxes).size).toBe(1);
    await quartiers.getByLabel(/Nantes Nord/).check();
    if (!javaScript) await page.getByRole("button", { name: "Appliquer les filtres" }).click();
    await page.waitForURL(/quartier=nantes-nord/);
    await page.locator(".search-filters summary", { hasText: "Filtrer (1" }).waitFor();
    // Seen: « Filtrer (1) »; heard: « Filtrer (1 filtre actif) ».
    const seen = await summary.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
      return copy.textContent;
    });
    expect(seen).toBe("Filtrer (1)");
    await expect(summary.textContent()).resolves.toBe("Filtrer (1 filtre actif)");

    // An offer's card says when, at what price and where; a demo item says it is fictitious.
    const card = page.locator(".results > li").first();
    await expect(card.locator("h3").innerText()).resolves.toBe("Local commun en pied d'immeuble (démo)");
    await expect(card.locator(".offer-facts").innerText()).resolves.toMatch(
      /^Quand\s+En semaine, en journée · En soirée\s+Prix\s+Gratuit\s+Où\s+Nantes Nord$/,
    );
    await expect(card.locator(".badge-demo").innerText()).resolves.toBe("Démo — offre fictive");
    // axe runs inside the page: it needs JavaScript (the markup is the same either way).
    if (javaScript) expect(await wcagViolations(page)).toEqual([]);
  }, 60_000);
}

it("flags demo organisations in the results, and keeps the API's fields as documented", async () => {
  const page = await open("/recherche?q=pharmacie&type=organisation");
  const card = page.locator(".results > li", { hasText: "Pharmacie de l'Exemple" });
  await expect(card.locator(".badge-demo").innerText()).resolves.toBe("Démo — structure fictive");
  // Its sub-axis is named in the call's words, not only numbered.
  await expect(card.getByRole("list", { name: "Sous-axes" }).getByRole("listitem").allInnerTexts()).resolves.toEqual([
    "2.1 — Repérer, entrer en contact et proposer du lien aux personnes repliées chez elles",
  ]);
  const body = (await (await fetch(`${server.url}/api/search?q=pharmacie`)).json()) as { hits: Record<string, unknown>[] };
  expect(Object.keys(body.hits[0]!).sort()).toEqual(["id", "quartiers", "snippet", "subAxes", "title", "type", "url"]);
});

it("serves the JSON API over HTTP with the same answers", async () => {
  const response = await fetch(`${server.url}/api/search?q=hlm&type=organisation`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await response.json()) as { engine: string; hits: { title: string; url: string }[] };
  expect(body.engine).toBe("meilisearch");
  expect(body.hits[0]).toMatchObject({ title: "Logis Partagé (démo)", url: "/organisations/demo-logis-partage" });
  const invalid = await fetch(`${server.url}/api/search?perPage=500`);
  expect(invalid.status).toBe(400);
  expect(await invalid.json()).toMatchObject({ message: "Invalid search parameters" });
});
