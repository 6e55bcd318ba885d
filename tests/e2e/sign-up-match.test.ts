// Issue 16 in a real browser: a person creating the profile of a structure an import brought in is
// offered to claim it, the form keeping what they typed; the page passes axe-core.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import { importRegister } from "~/models/register-import.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";

let server: AppServer;
let browser: Browser;
let person: Actor;

beforeAll(async () => {
  const file = path.join("tests", "fixtures", "registers", "sirene-etablissements-2025-01.csv");
  await importRegister(getDb(), {
    source: "sirene",
    input: fs.createReadStream(file),
    fileName: path.basename(file),
    bytesTotal: fs.statSync(file).size,
  });
  [server, browser, person] = await Promise.all([startAppServer(), launchBrowser(), createActor()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pageAs(actor: Actor, javaScriptEnabled: boolean, phone = false): Promise<Page> {
  const context = await browser.newContext({
    locale: "fr-FR",
    javaScriptEnabled,
    ...(phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { viewport: { width: 1100, height: 900 } }),
  });
  const [name, value] = actor.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

for (const javaScriptEnabled of [true, false]) {
  it(`a SIRET an unclaimed profile has: « C'est ma structure » instead of a duplicate (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async () => {
    const profile = await getDb().organisation.findFirstOrThrow({
      where: { ...openUnclaimedOrganisationWhere(), registerEntries: { some: { source: "sirene" } } },
      orderBy: { name: "asc" },
      include: { registerEntries: true },
    });
    const siret = profile.registerEntries[0]!.registerId;
    const before = await getDb().organisation.count();
    const page = await pageAs(person, javaScriptEnabled);
    await page.goto(`${server.url}/espace/organisations/nouvelle`);
    if (javaScriptEnabled) await hydrated(page);
    await page.getByLabel("Nom de la structure").fill("Mon établissement");
    await page.getByLabel("Présentation courte").fill("Un lieu d'accueil de quartier.");
    await page.getByLabel("Secteur").selectOption("sante");
    await page.getByLabel("Nature juridique").selectOption("entreprise");
    await page.getByLabel("SIRET (facultatif)").fill(`${siret.slice(0, 9)} ${siret.slice(9)}`);
    await page.getByRole("group", { name: "Quartiers où la structure agit" }).getByLabel("Nantes Nord").check();
    await page.getByRole("button", { name: "Enregistrer et envoyer au CCAS" }).click();

    const notice = page.getByRole("alert").filter({ hasText: "Le SIRET saisi est celui d'une structure déjà sur Coopérons" });
    await notice.waitFor();
    await expect(notice.innerText()).resolves.toMatch(/d'après le registre SIRENE importé le \d+/);
    await expect(notice.getByRole("link", { name: `C'est ma structure : ${profile.name}` }).getAttribute("href")).resolves.toBe(
      `/organisations/${profile.slug}/revendiquer`,
    );
    await expect(page.getByLabel("Nom de la structure").inputValue()).resolves.toBe("Mon établissement");
    // The SIRET field is marked and says why, where a phone's screen is; with JavaScript the focus is there.
    const siretField = page.getByLabel("SIRET (facultatif)");
    await expect(siretField.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.getByText(`Ce SIRET est celui de « ${profile.name} », déjà sur Coopérons`).isVisible()).resolves.toBe(true);
    if (javaScriptEnabled) {
      await expect(siretField.evaluate((field) => field === document.activeElement)).resolves.toBe(true);
      // The box is under the numbers: from the SIRET, the RNA number, then its link.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      await expect(page.evaluate(() => document.activeElement?.getAttribute("href"))).resolves.toBe(
        `/organisations/${profile.slug}/revendiquer`,
      );
    } else {
      // Back at the page's top: what happened is said there, with the way to the explanations.
      const top = page.getByText("Rien n'a été créé : un numéro saisi est déjà celui d'une structure sur Coopérons.");
      const box = await top.boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(900);
      await expect(page.getByRole("link", { name: "Voir les explications sous les numéros" }).getAttribute("href")).resolves.toBe(
        "#numeros",
      );
    }
    expect(await getDb().organisation.count()).toBe(before);
    if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
  });
}

it("a SIRET a structure created here already has: its name, the way to be invited, what was typed kept", async () => {
  const siret = "44300123400014";
  const first = await createOrganisationFor(await createActor());
  await getDb().organisation.update({
    where: { id: first.id },
    data: { siret, status: "published", name: "Atelier fictif du Nord (démo)" },
  });
  // On a phone.
  const page = await pageAs(person, true, true);
  await page.goto(`${server.url}/espace/organisations/nouvelle`);
  await hydrated(page);
  await page.getByLabel("Nom de la structure").fill("Atelier bis");
  await page.getByLabel("Présentation courte").fill("Un atelier de quartier.");
  await page.getByLabel("Secteur").selectOption("associatif");
  await page.getByLabel("Nature juridique").selectOption("association");
  await page.getByLabel("SIRET (facultatif)").fill("443 001 234 00014");
  await page.getByRole("group", { name: "Quartiers où la structure agit" }).getByLabel("Nantes Nord").check();
  const before = await getDb().organisation.count();
  // Enter in the SIRET field, as on a phone's keyboard, the field at the bottom of the screen.
  await page.getByLabel("SIRET (facultatif)").evaluate((field) => window.scrollBy(0, field.getBoundingClientRect().bottom - 840));
  await page.getByLabel("SIRET (facultatif)").press("Enter");
  const notice = page.getByRole("alert").filter({ hasText: "Une structure avec ce SIRET est déjà sur Coopérons" });
  await notice.waitFor();
  await expect(notice.getByRole("link", { name: "Atelier fictif du Nord (démo)" }).getAttribute("href")).resolves.toBe(
    `/organisations/${first.slug}`,
  );
  await expect(notice.innerText()).resolves.toContain("demandez à l'un de ses administrateurs de vous inviter");
  await expect(page.getByLabel("Nom de la structure").inputValue()).resolves.toBe("Atelier bis");
  // The focus stays in the SIRET field, now marked, with the reason under it.
  const siretField = page.getByLabel("SIRET (facultatif)");
  await expect(siretField.evaluate((field) => field === document.activeElement)).resolves.toBe(true);
  await expect(siretField.getAttribute("aria-invalid")).resolves.toBe("true");
  const reason = page.getByText("Ce SIRET est déjà celui de « Atelier fictif du Nord (démo) » sur Coopérons");
  await expect(reason.isVisible()).resolves.toBe(true);
  // On screen, with the field's label: the field was scrolled to with room around it.
  const [label, message] = await Promise.all([
    page.getByText("SIRET (facultatif)", { exact: true }).boundingBox(),
    reason.boundingBox(),
  ]);
  expect(label!.y).toBeGreaterThanOrEqual(0);
  expect(message!.y + message!.height).toBeLessThanOrEqual(844);
  expect(await getDb().organisation.count()).toBe(before);
  expect(await wcagViolations(page)).toEqual([]);
});

it("editing a structure without JavaScript, on a phone: a SIRET another structure has is refused, said at the page's top", async () => {
  const [mine, other] = await Promise.all([createOrganisationFor(person), createOrganisationFor(await createActor())]);
  await getDb().organisation.update({ where: { id: other.id }, data: { siret: "44300123400071", status: "published" } });
  const page = await pageAs(person, false, true);
  await page.goto(`${server.url}/espace/organisations/${mine.id}`);
  await page.getByLabel("SIRET (facultatif)").fill("44300123400071");
  await page.getByRole("group", { name: "Quartiers où la structure agit" }).getByLabel("Nantes Nord").check();
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  const notice = page.getByText("Rien n'a été enregistré : corrigez ce qui est signalé en rouge dans le formulaire de la fiche.");
  await notice.waitFor();
  const box = await notice.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(844);
  await expect(page.getByLabel("SIRET (facultatif)").getAttribute("aria-invalid")).resolves.toBe("true");
  // Beside the field, and at the top as a link to it.
  const taken = `Ce SIRET est déjà celui de « ${other.name} » sur Coopérons`;
  await expect(page.locator("#organisation-siret-error").getByText(taken).isVisible()).resolves.toBe(true);
  await expect(notice.getByRole("link", { name: taken }).getAttribute("href")).resolves.toBe("#organisation-siret-error");
  // Its border in the error colour, as the message.
  await expect(page.getByLabel("SIRET (facultatif)").evaluate((field) => getComputedStyle(field).borderTopColor)).resolves.toBe(
    "rgb(179, 38, 30)",
  );
  await expect(page.getByLabel("SIRET (facultatif)").inputValue()).resolves.toBe("44300123400071");
  expect((await getDb().organisation.findUniqueOrThrow({ where: { id: mine.id } })).siret).not.toBe("44300123400071");
});

it("the form's lists of boxes read down in columns: one on a phone, of one width on a wide screen", async () => {
  const lefts = async (page: Page, group: string) =>
    page
      .getByRole("group", { name: group })
      .getByRole("checkbox")
      .evaluateAll((boxes) => boxes.map((box) => Math.round(box.getBoundingClientRect().left)));
  const phone = await pageAs(person, false, true);
  await phone.goto(`${server.url}/espace/organisations/nouvelle`);
  for (const group of ["Quartiers où la structure agit", "Ressources que vous pouvez apporter"]) {
    const boxes = await lefts(phone, group);
    expect(boxes.length).toBeGreaterThan(4);
    // Every box under the one before: never two short names side by side, then one long.
    expect(new Set(boxes).size).toBe(1);
  }
  const wide = await pageAs(person, false);
  await wide.goto(`${server.url}/espace/organisations/nouvelle`);
  const columns = new Set(await lefts(wide, "Quartiers où la structure agit"));
  expect(columns.size).toBeGreaterThan(1);
  expect(columns.size).toBeLessThanOrEqual(3);
});

it("creating a structure without JavaScript, on a phone, with a wrong SIRET only: the page's top says nothing was created", async () => {
  const page = await pageAs(person, false, true);
  await page.goto(`${server.url}/espace/organisations/nouvelle`);
  await page.getByLabel("Nom de la structure").fill("Structure au SIRET faux");
  await page.getByLabel("Présentation courte").fill("Une structure dont le SIRET a une faute de frappe.");
  await page.getByLabel("Secteur").selectOption("associatif");
  await page.getByLabel("Nature juridique").selectOption("association");
  await page.getByLabel("SIRET (facultatif)").fill("12345678901234");
  await page.getByRole("group", { name: "Quartiers où la structure agit" }).getByLabel("Nantes Nord").check();
  await page.getByRole("button", { name: "Enregistrer et envoyer au CCAS" }).click();
  const notice = page.getByText("Rien n'a été créé : corrigez ce qui est signalé en rouge dans le formulaire.");
  await notice.waitFor();
  const box = (await notice.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  await expect(page.getByLabel("SIRET (facultatif)").inputValue()).resolves.toBe("12345678901234");
  await expect(page.getByLabel("SIRET (facultatif)").getAttribute("aria-invalid")).resolves.toBe("true");
});
