// Placing a structure or an offer on the forms' map, as the three people of issue 11 would: the pin
// lands where the finger or the pointer is (the pixel of a known place is computed from the map's
// known bounds, with Leaflet's own Web Mercator projection), over the quartier drawn there, and that
// quartier is saved; a point outside Nantes is refused at once; an address typed and chosen in the
// suggestions (BAN answers served on loopback) places the point; the keyboard alone can place it;
// without a geocoder or without JavaScript the quartier list is enough.
import AxeBuilder from "@axe-core/playwright";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTSIDE_NANTES_MESSAGE, quartierOfPoint, type LatLng, type QuartierCollection } from "~/domain/geo";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { startBanServer, type BanServer } from "../helpers/ban-server";
import { launchBrowser } from "../helpers/browser";

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

// Places well inside their quartier, whatever a pixel of rounding.
const PLACE_ROYALE: LatLng = { lat: 47.2152, lng: -1.559 };
const JEAN_INGRES: LatLng = { lat: 47.256, lng: -1.564 };
// Inside the map's frame, outside every quartier (Saint-Herblain).
const SAINT_HERBLAIN: LatLng = { lat: 47.22, lng: -1.63 };

const quartiers = JSON.parse(
  fs.readFileSync(path.resolve("prisma", "data", "geo", "quartiers-nantes.geojson"), "utf8"),
) as QuartierCollection;

let ban: BanServer;
let server: AppServer;
let browser: Browser;
let actor: Actor;

beforeAll(async () => {
  ban = await startBanServer();
  [server, browser, actor] = await Promise.all([
    startAppServer({ GEOCODER_URL: ban.url }, 240_000),
    launchBrowser(),
    createActor(),
  ]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await ban?.close();
});

async function newPage(site: AppServer, options: BrowserContextOptions = {}, cookie = actor.cookie): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport: DESKTOP, ...options });
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: site.url }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** Opens a form and waits for its map's 11 outlines (so React has taken the page over). */
async function openForm(page: Page, site: AppServer, urlPath: string) {
  await page.goto(`${site.url}${urlPath}`);
  await expect.poll(() => page.locator("path.quartier-shape").count(), { timeout: 20_000 }).toBe(11);
}

// ——— Where Leaflet puts a place, from the bounds it fits (L.Map#fitBounds, EPSG:3857) ———

const EARTH = 6378137;
function project({ lat, lng }: LatLng, zoom: number) {
  const d = Math.PI / 180;
  const sin = Math.sin(Math.max(Math.min(85.0511287798, lat), -85.0511287798) * d);
  const k = 0.5 / (Math.PI * EARTH);
  const scale = 256 * 2 ** zoom;
  return { x: scale * (k * EARTH * lng * d + 0.5), y: scale * (-k * ((EARTH * Math.log((1 + sin) / (1 - sin))) / 2) + 0.5) };
}

const bounds = (() => {
  const points = quartiers.features.flatMap((feature) =>
    (feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates).flat(2),
  );
  const lngs = points.map((point) => point[0]!);
  const lats = points.map((point) => point[1]!);
  return { south: Math.min(...lats), north: Math.max(...lats), west: Math.min(...lngs), east: Math.max(...lngs) };
})();

/** The pixel of the page where the map draws a place, before anyone moves it. */
async function pixelOf(page: Page, place: LatLng) {
  const map = page.locator(".leaflet-container");
  // In the middle of the screen, clear of a header that would stay on top.
  await map.evaluate((element) => element.scrollIntoView({ block: "center" }));
  const box = await map.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: element.clientWidth, height: element.clientHeight };
  });
  const sw = { lat: bounds.south, lng: bounds.west };
  const ne = { lat: bounds.north, lng: bounds.east };
  const [sw0, ne0] = [project(sw, 0), project(ne, 0)];
  const scale = Math.min(box.width / Math.abs(ne0.x - sw0.x), box.height / Math.abs(sw0.y - ne0.y));
  const zoom = Math.floor(Math.round(Math.log2(scale) * 100) / 100);
  const [swZ, neZ] = [project(sw, zoom), project(ne, zoom)];
  const origin = { x: Math.round((swZ.x + neZ.x) / 2 - box.width / 2), y: Math.round((swZ.y + neZ.y) / 2 - box.height / 2) };
  const point = project(place, zoom);
  return { x: box.x + Math.round(point.x) - origin.x, y: box.y + Math.round(point.y) - origin.y };
}

/** The quartiers whose drawn outline holds this pixel: what a person sees under the finger. */
function drawnQuartiersAt(page: Page, pixel: { x: number; y: number }) {
  return page.evaluate(({ x, y }) => {
    return [...document.querySelectorAll<SVGPathElement>("path.quartier-shape")].flatMap((shape) => {
      const matrix = shape.getScreenCTM();
      if (!matrix) return [];
      const local = new DOMPoint(x, y).matrixTransform(matrix.inverse());
      const code = [...shape.classList].find((name) => name.startsWith("quartier-") && name !== "quartier-shape");
      return shape.isPointInFill(local) && code ? [code.slice("quartier-".length)] : [];
    });
  }, pixel);
}

/** The centre of the pin as drawn. */
async function pinCentre(page: Page) {
  const box = await page.locator("path.point-pin").boundingBox();
  return box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null;
}

async function fillOrganisation(page: Page, name: string) {
  await page.getByLabel("Nom de la structure").fill(name);
  await page.getByLabel("Présentation courte").fill("Une salle de réunion prêtée le samedi aux associations.");
  await page.getByLabel("Secteur").selectOption("economique");
  await page.getByLabel("Nature juridique").selectOption("entreprise");
  await page.getByLabel("La structure agit sur toute la ville").check();
}

async function saveOrganisation(page: Page, name: string) {
  await page.getByRole("button", { name: "Enregistrer et envoyer au CCAS" }).click();
  await page
    .getByRole("heading", { level: 1, name })
    .waitFor({ timeout: 20_000 })
    .catch(async () => {
      const errors = await page.locator(".field-errors li, .form-errors li").allInnerTexts();
      throw new Error(`The form was not saved (${page.url()}): ${errors.join(" | ") || "no error shown"}`);
    });
  return getDb().organisation.findFirstOrThrow({
    where: { name },
    select: { latitude: true, longitude: true, address: true, homeQuartier: { select: { slug: true } } },
  });
}

/** No coordinates shown to a person anywhere in the location field. */
async function expectNoCoordinates(page: Page) {
  const text = await page.locator("fieldset", { has: page.locator(".point-field") }).innerText();
  expect(text).not.toMatch(/\d+[.,]\d{3,}/);
}

describe.each([
  {
    device: "desktop, with a mouse",
    options: { viewport: DESKTOP },
    place: PLACE_ROYALE,
    quartier: "centre-ville",
    label: "Centre-ville",
  },
  {
    device: "phone, with a finger",
    options: { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    place: JEAN_INGRES,
    quartier: "nantes-nord",
    label: "Nantes Nord",
  },
])("the pin on a $device", ({ options, place, quartier, label }) => {
  it(`lands where it is placed, over ${label} as drawn, says so, and ${label} is saved`, async () => {
    expect(quartierOfPoint(quartiers, place)?.code).toBe(quartier);
    const page = await newPage(server, options);
    await openForm(page, server, "/espace/organisations/nouvelle");
    const name = `Structure ${crypto.randomUUID().slice(0, 8)}`;
    await fillOrganisation(page, name);
    // Leaflet's styles are loaded: its panes are stacked, not laid out like text.
    await expect(
      page
        .locator(".leaflet-map-pane .leaflet-pane")
        .first()
        .evaluate((pane) => getComputedStyle(pane).position),
    ).resolves.toBe("absolute");

    const pixel = await pixelOf(page, place);
    // The person sees that quartier, and only it, under the finger.
    await expect(drawnQuartiersAt(page, pixel)).resolves.toEqual([quartier]);
    if (options.hasTouch) await page.touchscreen.tap(pixel.x, pixel.y);
    else await page.mouse.click(pixel.x, pixel.y);

    await expect(page.getByRole("status").filter({ hasText: "Point placé" }).innerText()).resolves.toBe(
      `Point placé dans le quartier ${label}.`,
    );
    const pin = await pinCentre(page);
    expect(Math.abs(pin!.x - pixel.x)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(pin!.y - pixel.y)).toBeLessThanOrEqual(1.5);
    await expect(page.getByLabel("Quartier de l'adresse").inputValue()).resolves.toBe(quartier);
    await expectNoCoordinates(page);

    const saved = await saveOrganisation(page, name);
    expect(saved.homeQuartier?.slug).toBe(quartier);
    // The saved point is the place, to the map's resolution (a pixel is some 20 m at this zoom).
    expect(Math.abs(saved.latitude! - place.lat)).toBeLessThan(0.0008);
    expect(Math.abs(saved.longitude! - place.lng)).toBeLessThan(0.0008);
    await page.context().close();
  }, 120_000);
});

it("refuses a point outside Nantes at once, and leaves the pin and the quartier as they were", async () => {
  const page = await newPage(server);
  await openForm(page, server, "/espace/organisations/nouvelle");
  const pixel = await pixelOf(page, SAINT_HERBLAIN);
  await expect(drawnQuartiersAt(page, pixel)).resolves.toEqual([]);
  await page.mouse.click(pixel.x, pixel.y);
  await expect(page.locator(".point-status").innerText()).resolves.toBe(OUTSIDE_NANTES_MESSAGE);
  expect(await page.locator("path.point-pin").count()).toBe(0);
  await expect(page.getByLabel("Quartier de l'adresse").inputValue()).resolves.toBe("");
  await page.context().close();
}, 120_000);

it("places the point from a typed address chosen with the keyboard, and saves the address and its quartier", async () => {
  const page = await newPage(server, { viewport: PHONE, isMobile: true, hasTouch: true });
  await openForm(page, server, "/espace/organisations/nouvelle");
  const name = `Association ${crypto.randomUUID().slice(0, 8)}`;
  await fillOrganisation(page, name);
  const address = page.getByRole("combobox", { name: "Adresse à Nantes (facultatif)" });
  await address.focus();
  await page.keyboard.type("boulevard jean in", { delay: 30 });
  const options = page.getByRole("listbox", { name: "Adresses de Nantes proposées" }).getByRole("option");
  await expect.poll(() => options.count(), { timeout: 10_000 }).toBe(3);
  await expect(options.first().innerText()).resolves.toBe("Boulevard Jean Ingres 44300 Nantes — Nantes Nord");
  await expect(address.getAttribute("aria-expanded")).resolves.toBe("true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(address.getAttribute("aria-activedescendant")).resolves.toBe(await options.nth(1).getAttribute("id"));
  await page.keyboard.press("Enter");

  await expect(address.inputValue()).resolves.toBe("1 Boulevard Jean Ingres 44300 Nantes");
  await expect(page.locator(".point-status").innerText()).resolves.toBe(
    "Adresse trouvée : point placé dans le quartier Nantes Nord.",
  );
  await expect(page.getByLabel("Quartier de l'adresse").inputValue()).resolves.toBe("nantes-nord");
  await page.locator("path.point-pin").waitFor();
  await expectNoCoordinates(page);
  // What the BAN was asked: Nantes only, a handful of suggestions, while typing.
  const asked = ban.requests.at(-1)!;
  expect(asked.searchParams.get("citycode")).toBe("44109");
  expect(asked.searchParams.get("autocomplete")).toBe("1");

  const saved = await saveOrganisation(page, name);
  expect(saved).toMatchObject({
    address: "1 Boulevard Jean Ingres 44300 Nantes",
    latitude: 47.25482,
    longitude: -1.566402,
    homeQuartier: { slug: "nantes-nord" },
  });
  await page.context().close();
}, 120_000);

it("lets the keyboard reach the quartier list before the map, and place the point from the map's centre", async () => {
  const organisation = await createOrganisationFor(actor);
  const page = await newPage(server);
  await openForm(page, server, `/espace/organisations/${organisation.id}/offres/nouvelle`);
  const focusedName = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return element?.labels?.[0]?.textContent ?? element?.getAttribute("aria-label") ?? element?.textContent ?? "";
    });
  await page.getByLabel("Conditions", { exact: true }).focus();
  await page.keyboard.press("Tab");
  await expect(focusedName()).resolves.toBe("Chercher l'adresse (facultatif)");
  await page.keyboard.press("Tab");
  await expect(focusedName()).resolves.toBe("Quartier");
  await page.keyboard.press("Tab");
  await expect(focusedName()).resolves.toBe("Carte de Nantes pour placer le lieu de l'offre");
  // Its buttons in French (Leaflet's own titles are « Zoom in », « Zoom out »).
  await expect(page.getByRole("button", { name: "Zoom avant" }).count()).resolves.toBe(1);
  await expect(page.getByRole("button", { name: "Zoom arrière" }).count()).resolves.toBe(1);
  // While the map has the keyboard, a cross marks its centre; the arrows move the map under it.
  await expect(page.locator(".point-crosshair").isVisible()).resolves.toBe(true);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(800); // the pan's animation
  await page.keyboard.press("Enter");

  const status = await page.locator(".point-status").innerText();
  expect(status).toMatch(/^Point placé dans le quartier .+\.$/);
  const label = /^Point placé dans le quartier (.+)\.$/.exec(status)![1];
  const select = page.getByLabel("Quartier", { exact: true });
  const code = await select.evaluate(
    (select, text) => [...(select as HTMLSelectElement).options].find((option) => option.text === text)?.value,
    label,
  );
  await expect(select.inputValue()).resolves.toBe(code);
  // The pin is under the cross.
  const cross = await page.locator(".point-crosshair").boundingBox();
  const pin = await pinCentre(page);
  expect(Math.abs(pin!.x - (cross!.x + cross!.width / 2))).toBeLessThanOrEqual(1.5);
  expect(Math.abs(pin!.y - (cross!.y + cross!.height / 2))).toBeLessThanOrEqual(1.5);
  // The button does the same for those who would rather not press Enter on the map.
  await expect(page.getByRole("button", { name: "Placer le point au centre de la carte" }).isEnabled()).resolves.toBe(true);

  const violations = await new AxeBuilder({ page })
    .include("fieldset:has(.point-field)")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  expect(violations.violations.map((violation) => violation.id)).toEqual([]);
  await page.context().close();
}, 120_000);

it("works without JavaScript: the address text and the quartier list", async () => {
  const page = await newPage(server, { javaScriptEnabled: false });
  await page.goto(`${server.url}/espace/organisations/nouvelle`);
  const name = `Sans script ${crypto.randomUUID().slice(0, 8)}`;
  await fillOrganisation(page, name);
  await page.getByLabel("Adresse à Nantes (facultatif)").fill("3 rue Louis le Nain");
  await page.getByLabel("Quartier de l'adresse").selectOption("dervallieres-zola");
  expect(await page.locator(".leaflet-container").count()).toBe(0);
  const saved = await saveOrganisation(page, name);
  expect(saved).toEqual({
    latitude: null,
    longitude: null,
    address: "3 rue Louis le Nain",
    homeQuartier: { slug: "dervallieres-zola" },
  });
  await page.context().close();
}, 120_000);

it("without a geocoder, the address is plain text, the quartier comes from the list, and the map stays optional", async () => {
  const plain = await startAppServer({}, 240_000);
  try {
    const page = await newPage(plain);
    await openForm(page, plain, "/espace/organisations/nouvelle");
    const name = `Sans géocodeur ${crypto.randomUUID().slice(0, 8)}`;
    await fillOrganisation(page, name);
    // The address is a text field: only the lists are comboboxes (a <select> is one).
    await expect(page.getByLabel("Adresse à Nantes (facultatif)").getAttribute("role")).resolves.toBeNull();
    await page.getByLabel("Adresse à Nantes (facultatif)").fill("12 rue de Strasbourg");
    await page.waitForTimeout(600);
    expect(await page.getByRole("listbox").count()).toBe(0);
    await expect(page.locator(".point-field .hint").first().innerText()).resolves.toMatch(/^Vous pouvez aussi placer le point/);
    await page.getByLabel("Quartier de l'adresse").selectOption("centre-ville");
    const saved = await saveOrganisation(page, name);
    expect(saved).toEqual({
      latitude: null,
      longitude: null,
      address: "12 rue de Strasbourg",
      homeQuartier: { slug: "centre-ville" },
    });
    await page.context().close();
  } finally {
    await plain.stop();
  }
}, 300_000);

it("shows the CCAS the points saved in the wrong quartier, and fixes one in a click", async () => {
  const ccas = await createActor({ ccas: true });
  const organisation = await createOrganisationFor(actor);
  const dervallieres = await getDb().quartier.findUniqueOrThrow({ where: { slug: "dervallieres-zola" } });
  // Saved before the fix: placed in the Centre-ville, saved in Dervallières - Zola.
  await getDb().organisation.update({
    where: { id: organisation.id },
    data: { latitude: PLACE_ROYALE.lat, longitude: PLACE_ROYALE.lng, homeQuartierId: dervallieres.id },
  });
  const page = await newPage(server, {}, ccas.cookie);
  await page.goto(`${server.url}/ccas/moderation`);
  await page.getByRole("link", { name: "Points à vérifier sur la carte" }).click();
  await page.getByRole("heading", { level: 1, name: "Points à vérifier sur la carte" }).waitFor();
  const card = page.locator("li", { has: page.getByRole("heading", { name: organisation.name }) });
  await expect(card.innerText()).resolves.toContain(
    "Le point est dans le quartier Centre-ville, la fiche indique « Dervallières - Zola ».",
  );
  await expect(
    card.getByRole("link", { name: `Voir la fiche publique de ${organisation.name}` }).getAttribute("href"),
  ).resolves.toBe(`/organisations/${organisation.slug}`);
  const violations = await new AxeBuilder({ page })
    .include("#contenu")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  expect(violations.violations.map((violation) => violation.id)).toEqual([]);

  await card.getByRole("button", { name: `Indiquer le quartier Centre-ville : ${organisation.name}` }).click();
  await page.getByText("Point corrigé.").waitFor();
  expect(await page.getByRole("heading", { name: organisation.name }).count()).toBe(0);
  const fixed = await getDb().organisation.findUniqueOrThrow({
    where: { id: organisation.id },
    select: { homeQuartier: { select: { slug: true } } },
  });
  expect(fixed.homeQuartier?.slug).toBe("centre-ville");
  await page.context().close();
}, 120_000);
