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

async function open(pathname: string, javaScript = true): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: javaScript });
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
  await expect(page.locator(".results mark").count()).resolves.toBeGreaterThan(0);
  expect(await wcagViolations(page)).toEqual([]);

  await page.getByLabel("Que cherchez-vous ?").fill("");
  await page.getByLabel("Que cherchez-vous ?").pressSequentially("salle samedi", { delay: 30 });
  await page.waitForURL(/q=salle\+samedi/);
  const quartiers = page.getByRole("group", { name: "Quartier" });
  await quartiers.getByLabel(/Île de Nantes/).check();
  await page.waitForURL(/quartier=ile-de-nantes/);
  await expect(page.locator(".results h3").first().innerText()).resolves.toBe("Café du Quai Imaginaire");

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
