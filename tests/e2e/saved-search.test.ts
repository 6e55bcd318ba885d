// A person saves a search from /recherche and the map's filters from /carte, renames one on « Mes
// alertes », and a matching offer published afterwards reaches them in their daily digest — the
// real site, its sync loop and a real SMTP server; axe-core on the pages visited.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sendDigests } from "~/models/notification.server";
import { createOffer, publishOffer } from "~/models/offer.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";
import { startSmtp, type TestSmtp } from "../helpers/smtp";

const ARTIFACTS = path.resolve("tests", "artifacts");
let server: AppServer;
let browser: Browser;
let smtp: TestSmtp;
let reader: Actor;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  [server, browser] = await Promise.all([startAppServer({ SMTP_URL: smtp.url }), launchBrowser()]);
  reader = await createActor();
  await getDb().user.update({ where: { id: reader.id }, data: { notificationMode: "daily" } });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function pageAs(cookie?: string): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR" });
  if (cookie) {
    const [name, value] = cookie.split("=");
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

it("an anonymous visitor is offered to log in and come back to the same search", async () => {
  const page = await pageAs();
  await page.goto(`${server.url}/recherche?type=offer&resource=locaux`);
  const link = page.getByRole("link", { name: "Connectez-vous" });
  expect(await link.getAttribute("href")).toBe(
    `/connexion?redirectTo=${encodeURIComponent("/recherche?type=offer&resource=locaux")}`,
  );
});

it("saves a search in one click, renames it, and its digest brings the new matching offer", async () => {
  const page = await pageAs(reader.cookie);
  await page.goto(`${server.url}/recherche?type=offer&resource=locaux&quartier=nantes-nord`);
  expect(await wcagViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, "recherche-enregistrer.png") });
  await page.getByRole("button", { name: "Enregistrer cette recherche" }).click();
  // At its card, which says it (with JavaScript by the address, without by the notice cookie).
  await page.waitForURL(/\/compte\/alertes.*#recherche-/);
  await page.getByText("Recherche enregistrée : « Offres · Locaux · Nantes Nord ».").waitFor();
  // Said once: the address bar keeps nothing a reload would say again.
  await page.waitForFunction(() => !window.location.search.includes("enregistree="));
  await page.reload();
  await page.getByRole("heading", { name: "Offres · Locaux · Nantes Nord" }).waitFor();
  await expect(page.getByText("Recherche enregistrée : « Offres · Locaux · Nantes Nord ».").count()).resolves.toBe(0);
  expect(await wcagViolations(page)).toEqual([]);
  // Back on the same search: it says where it is saved rather than offering to save it again.
  await page.goto(`${server.url}/recherche?quartier=nantes-nord&resource=locaux&type=offer`);
  await page.getByText("Cette recherche est enregistrée dans vos alertes : « Offres · Locaux · Nantes Nord ».").waitFor();
  await expect(page.getByRole("button", { name: "Enregistrer cette recherche" }).count()).resolves.toBe(0);
  await hydrated(page);
  await page.getByRole("link", { name: "Gérer mes alertes" }).press("Enter");
  await page.waitForURL(/\/compte\/alertes#recherche-/);
  // The keyboard goes on from that search's card, not from the page's top.
  const linked = new URL(page.url()).hash.slice(1);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(linked);
  await page.keyboard.press("Tab");
  await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain("Lancer la recherche");
  // With its filters in another order: the same search.
  await page.goto(`${server.url}/recherche?type=offer&resource=locaux&quartier=nantes-nord&q=`);
  await page.getByText("Cette recherche est enregistrée dans vos alertes : « Offres · Locaux · Nantes Nord ».").waitFor();
  // Words alone are the name, between one pair of guillemets.
  await page.goto(`${server.url}/recherche?q=jardin`);
  await page.getByRole("button", { name: "Enregistrer cette recherche" }).click();
  await page.getByText("Recherche enregistrée : « jardin ». Vous pouvez la renommer ci-dessous.").waitFor();
  await page.goto(`${server.url}/recherche?q=%20jardin`);
  await page.getByText("Cette recherche est enregistrée dans vos alertes : « jardin ».").waitFor();

  // The map's filters too.
  await page.goto(`${server.url}/carte?type=idea&sector=sante`);
  await expect(page.getByTestId("saved-as").count()).resolves.toBe(0);
  expect(await wcagViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, "carte-enregistrer.png") });
  await page.getByRole("button", { name: "Enregistrer cette recherche" }).click();
  await page.waitForURL(/\/compte\/alertes.*#recherche-/);
  await page.getByRole("heading", { name: "Idées · Santé" }).waitFor();
  // Back on the map with those filters, it says so — on a phone too, where the filters are folded.
  await page.goto(`${server.url}/carte?sector=sante&type=idea`);
  await expect(page.getByTestId("saved-as").innerText()).resolves.toBe(
    "Les filtres appliqués sont une recherche enregistrée dans vos alertes : « Idées · Santé ». Gérer mes alertes",
  );
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("saved-as").isVisible()).resolves.toBe(true);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${server.url}/compte/alertes`);

  const card = page.locator("li.card", { has: page.getByRole("heading", { name: "Offres · Locaux · Nantes Nord" }) });
  await card.getByLabel("Nom").fill("");
  await card.getByRole("button", { name: "Renommer" }).click();
  // The server's message, in French, beside the field (not the browser's own bubble).
  await card.getByText("Nom de la recherche : ce champ est obligatoire.").waitFor();
  await card.getByLabel("Nom").fill("Salles à Nantes Nord");
  await card.getByRole("button", { name: "Renommer" }).click();
  await page.getByText("La recherche s'appelle maintenant « Salles à Nantes Nord ».").waitFor();
  expect(await wcagViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, "alertes.png"), fullPage: true });

  const [owner, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const organisation = await createOrganisationFor(owner);
  const offer = await createOffer(getDb(), organisation.id, {
    resource: "locaux",
    title: "Salle de la Boissière le samedi",
    description: "Une salle de 40 places près du tram.",
    availability: "Le samedi après-midi",
    slots: [],
    conditions: "free",
    quartier: "nantes-nord",
  });
  await publishOffer(getDb(), { offerId: offer.id, moderatorId: ccas.id });
  // The server's sync loop indexes the offer and records the alert; the digest is the scheduler's.
  const deadline = Date.now() + 30_000;
  while ((await getDb().alertDelivery.count({ where: { userId: reader.id } })) === 0) {
    if (Date.now() > deadline) throw new Error("No alert recorded within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await sendDigests(getDb(), sendMail);
  const digest = await smtp.waitFor(reader.email, /nouveauté/);
  expect(digest.text).toContain("Nouvelle offre : Salle de la Boissière le samedi");
  expect(digest.text).toMatch(
    /« Salle de la Boissière le samedi » \(.+\) correspond à votre recherche enregistrée « Salles à Nantes Nord »\./,
  );
  expect(digest.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

  await page.goto(`${server.url}/compte/alertes`);
  const renamed = page.locator("li.card", { has: page.getByRole("heading", { name: "Salles à Nantes Nord" }) });
  await renamed.getByRole("link", { name: "Salle de la Boissière le samedi" }).waitFor();
  await page
    .getByRole("link", { name: /^Supprimer/ })
    .first()
    .click();
  await page.getByRole("heading", { name: /^Supprimer « / }).waitFor();
  // Focus is on the question, and the next Tab reaches its answer.
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? "")).toMatch(/^Supprimer « /);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Oui, supprimer");
  expect(await wcagViolations(page)).toEqual([]);
});
