// The CCAS's review pages as a new staff member meets them: on a phone (375 px), with a keyboard,
// with JavaScript and without.
import crypto from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { audit } from "~/models/audit.server";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getOrganisationForEdit, updateOrganisation } from "~/models/organisation.server";
import { deleteUserAccount } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";
import { createCallGroupement, currentCallId } from "../helpers/filed-groupement";

let server: AppServer;
let browser: Browser;
let admin: Actor & { name: string };
let callId: string;

const db = () => getDb();

beforeAll(async () => {
  [server, browser, admin, callId] = await Promise.all([
    startAppServer(),
    launchBrowser(),
    createActor({ ccas: true }).then((actor) => ({ ...actor, name: "Camille Exemple" })),
    currentCallId(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pageAs(actor: Actor, { javaScriptEnabled = true, width = 1280 } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled, viewport: { width, height: 800 } });
  const [name, value] = actor.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

const createFiledGroupement = (title: string) => createCallGroupement(callId, { title, filedOn: "2025-07-10" });

// Found by a new-user probe: a field validated when it lost the focus grew or lost its error message
// between the press and the release of the mouse on a button below it, so the button moved away
// from under the pointer, and the click was lost. The forms now validate when sent, and a field
// in error is checked again as it is typed in.
it("on the review page, one press on a form's button sends it, after an error and past an empty field", async () => {
  const { id } = await createFiledGroupement("Veilleurs (un seul clic)");
  await db().groupementReviewer.create({ data: { groupementId: id, userId: admin.id, assignedById: admin.id } });
  const page = await pageAs(admin);
  await page.goto(`${server.url}/ccas/groupements/${id}`);
  await hydrated(page);

  // Sent empty: the note's error shows, then the person types the note and presses the button once.
  const notes = page.getByRole("region", { name: "Notes privées" });
  await notes.getByRole("button", { name: "Ajouter la note" }).click();
  await notes.getByText("Note : ce champ est obligatoire.").waitFor();
  await notes.getByLabel("Nouvelle note").pressSequentially("Budget à vérifier.");
  await notes.getByRole("button", { name: "Ajouter la note" }).click();
  await notes.getByText("Note enregistrée.").waitFor();
  expect(await db().groupementNote.count({ where: { groupementId: id } })).toBe(1);

  // Scores refused (9 out of 5), then a question: the person passes through the empty score fields
  // and presses « Envoyer la question » once.
  const scores = page.getByRole("region", { name: "Notation" });
  // The picker's arrows stay within the criterion's scale; the server says why a typed 9 is refused.
  await expect(scores.getByRole("spinbutton").first().getAttribute("min")).resolves.toBe("0");
  await expect(scores.getByRole("spinbutton").first().getAttribute("max")).resolves.toBe("5");
  await scores.getByRole("spinbutton").first().fill("9");
  await scores.getByRole("button", { name: "Enregistrer mes notes" }).click();
  await scores
    .getByText(/donnez une note entière de 0 à 5/)
    .first()
    .waitFor();
  const questions = page.getByRole("region", { name: "Questions au chef de file" });
  await questions.getByLabel("Nouvelle question").fill("Qui anime les ateliers ?");
  await notes.getByLabel("Nouvelle note").focus();
  await questions.getByRole("button", { name: "Envoyer la question" }).click();
  await questions.getByText(/Question envoyée/).waitFor();
  expect(await db().groupementQuestion.count({ where: { groupementId: id } })).toBe(1);
});

/** Every page of the CCAS, with data in its tables: a filed groupement scored, journal entries. */
async function ccasPages() {
  const { id } = await createFiledGroupement("Veilleurs de palier des tours de Nantes Nord (téléphone)");
  const slug = (await db().call.findUniqueOrThrow({ where: { id: callId } })).slug;
  await audit(db(), admin, "review.assign", { type: "groupement", id }, "Camille Exemple relit ce groupement");
  // A structure left without administrator, for its page's table.
  const leaving = await createActor();
  await createOrganisationFor(leaving);
  expect(await deleteUserAccount(db(), leaving.id)).toEqual({ deleted: true });
  // A name in one unbroken piece, waiting in the moderation queue: its card made the page scroll
  // sideways at 390 px (a probe's `=HYPERLINK(…)`).
  const pending = await createOrganisationFor(await createActor(), { status: "pending" });
  await db().organisation.update({
    where: { id: pending.id },
    data: { name: '=HYPERLINK("https://exemple.org/un-lien-bien-trop-long-pour-un-telephone-sans-aucune-espace")' },
  });
  return [
    "/ccas",
    "/ccas/appels",
    `/ccas/appels/${slug}`,
    `/ccas/appels/${slug}/apercu`,
    "/ccas/equipe",
    "/ccas/exports",
    "/ccas/groupements",
    "/ccas/groupements?publier=1",
    `/ccas/groupements/${id}`,
    "/ccas/groupements/comparaison",
    "/ccas/journal",
    "/ccas/moderation",
    "/ccas/points",
    "/ccas/population",
    "/ccas/registres",
    "/ccas/structures-sans-administrateur",
  ];
}

// At 375 px, wide tables made the whole page scroll sideways. The page itself never does now; a
// table scrolls inside its frame, which a keyboard user reaches with Tab and scrolls with the
// arrows, and which a screen reader names after the table.
it("on a 375 px phone, no CCAS page scrolls sideways, and the review pages' tables scroll in a named, focusable frame", async () => {
  const pages = await ccasPages();
  // The layout is the server's: without JavaScript, other pages' scripts play no part.
  const page = await pageAs(admin, { width: 375, javaScriptEnabled: false });
  for (const pathname of pages) {
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status(), pathname).toBe(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), pathname).toBeLessThanOrEqual(375);
    expect(await page.locator("body").innerText(), pathname).not.toContain("(s)");
  }
  for (const pathname of pages.filter((item) =>
    /^\/ccas\/(groupements|journal|equipe|structures-sans-administrateur)/.test(item),
  )) {
    await page.goto(`${server.url}${pathname}`);
    const frames = await page.locator(".table-wrap").evaluateAll((elements) =>
      elements.map((element) => ({
        tabIndex: element.getAttribute("tabindex"),
        role: element.getAttribute("role"),
        name: document.getElementById(element.getAttribute("aria-labelledby") ?? "")?.textContent ?? "",
      })),
    );
    expect(frames.length, pathname).toBeGreaterThan(0);
    for (const frame of frames)
      expect(frame, pathname).toMatchObject({ tabIndex: "0", role: "region", name: expect.stringMatching(/\w/) });
  }

  // With the keyboard: Tab reaches the list's table, and the right arrow scrolls it.
  await page.goto(`${server.url}/ccas/groupements`);
  const table = page.getByRole("region", { name: "Groupements de l'appel" });
  expect(await table.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  for (let presses = 0; presses < 60 && !(await table.evaluate((element) => element === document.activeElement)); presses += 1)
    await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  // Chromium scrolls with an animation: the frame moves over the next frames, not at the key press.
  await expect.poll(() => table.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
});

// The links of the CCAS's menu (nine then, ten with « Registres », eleven with « Sans administrateur ») filled the first screen of a phone.
it("on a phone the CCAS menu is one line that opens without JavaScript and names the current page; on a computer, a list", async () => {
  const phone = await pageAs(admin, { width: 375, javaScriptEnabled: false });
  await phone.goto(`${server.url}/ccas/journal`);
  const nav = phone.getByRole("navigation", { name: "Espace CCAS" });
  const height = await nav.evaluate((element) => element.getBoundingClientRect().height);
  expect(height).toBeLessThan(80);
  await expect(nav.getByRole("link", { name: "Tableau de bord" }).isVisible()).resolves.toBe(false);
  const summary = nav.getByText("Menu de l'espace CCAS");
  await expect(summary.innerText()).resolves.toBe("Menu de l'espace CCAS : Journal");
  await summary.click();
  await nav.getByRole("link", { name: "Tableau de bord" }).waitFor();
  await expect(nav.getByRole("link", { name: "Journal" }).getAttribute("aria-current")).resolves.toBe("page");
  // Named as the page it opens (« Groupements déposés » opened a list with the drafts too).
  await nav.getByRole("link", { name: "Groupements de l'appel" }).click();
  await phone.getByRole("heading", { level: 1, name: "Groupements de l'appel" }).waitFor();
  await expect(
    phone.getByRole("navigation", { name: "Espace CCAS" }).getByText("Menu de l'espace CCAS").innerText(),
  ).resolves.toBe("Menu de l'espace CCAS : Groupements de l'appel");

  const computer = await pageAs(admin, { width: 1280 });
  await computer.goto(`${server.url}/ccas/journal`);
  const wide = computer.getByRole("navigation", { name: "Espace CCAS" });
  await expect(wide.getByText("Menu de l'espace CCAS").isVisible()).resolves.toBe(false);
  await expect(wide.getByRole("link").count()).resolves.toBe(11);
  await expect(wide.getByRole("link", { name: "Journal" }).getAttribute("aria-current")).resolves.toBe("page");
  // What an entry concerns: its kind, then its name (« Appel Appel à coopérations… » before).
  const subjects = await computer.locator("tbody tr td:nth-child(4)").allInnerTexts();
  expect(subjects.length).toBeGreaterThan(0);
  for (const subject of subjects) expect(subject).toMatch(/^(\S+)(\u00a0: .+)?$/);
  expect(subjects.some((subject) => subject.includes("\u00a0: "))).toBe(true);
});

// « 3 structure(s) active(s) » in the map's tooltips: each count agrees with its noun.
it("the quartiers map's tooltips write each count in good French", async () => {
  const page = await pageAs(admin);
  await page.goto(`${server.url}/quartiers`);
  const polygons = page.locator(".leaflet-container path.leaflet-interactive");
  await polygons.nth(10).waitFor();
  await polygons.nth(0).hover();
  const tooltip = page.locator(".leaflet-tooltip");
  await tooltip.waitFor();
  const text = await tooltip.innerText();
  expect(text).not.toContain("(s)");
  const [, count, noun] = /(\d+) (structures? actives?)/.exec(text) ?? [];
  expect(noun).toBe(Number(count) > 1 ? "structures actives" : "structure active");
});

it("the moderation queue says what an edit of a published profile changes", async () => {
  const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const organisation = await createOrganisationFor(admin, { status: "published" });
  const { form } = (await getOrganisationForEdit(getDb(), organisation.id))!;
  const { callId } = await getCurrentCallSubAxes(getDb());
  await updateOrganisation(getDb(), {
    organisationId: organisation.id,
    callId,
    // The test structure acts nowhere yet: on the whole city now, which the schema requires.
    input: { ...form, shortDescription: "Une présentation revue pour la modération.", wholeCity: true },
  });
  const page = await pageAs(ccas);
  await page.goto(`${server.url}/ccas/moderation`);
  const card = page.locator("section", { has: page.getByRole("heading", { name: organisation.name }) });
  await card.getByText("Modifications", { exact: true }).waitFor();
  await expect(card.locator("p", { hasText: /^Modifié :/ }).innerText()).resolves.toBe(
    "Modifié : Présentation courte, Toute la ville",
  );
  // The values online and waiting, on demand.
  await card.getByText("Voir les valeurs en ligne et en attente").click();
  await expect(card.locator("dl.changes").innerText()).resolves.toBe(
    [
      "Présentation courte",
      `En ligne : ${form.shortDescription}`,
      "En attente : Une présentation revue pour la modération.",
      "Toute la ville",
      "En ligne : non",
      "En attente : oui",
    ].join("\n"),
  );
  expect(await wcagViolations(page)).toEqual([]);
  // An edit is validated, not « published »; its refusal refuses the changes.
  await expect(card.getByRole("button", { name: "Publier" }).count()).resolves.toBe(0);
  await expect(card.getByRole("button", { name: "Refuser les modifications" }).count()).resolves.toBe(1);
  await card.getByRole("button", { name: "Valider les modifications" }).click();
  await page.getByRole("heading", { name: organisation.name }).waitFor({ state: "detached" });
  const published = await getDb().organisation.findUniqueOrThrow({ where: { id: organisation.id } });
  expect(published).toMatchObject({ shortDescription: "Une présentation revue pour la modération.", pendingChanges: null });
});

it("a new idea in the moderation queue: all it would publish, read before « Publier », without JavaScript too", async () => {
  const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const organisation = await createOrganisationFor(admin, { status: "published" });
  const { callId } = await getCurrentCallSubAxes(getDb());
  const idea = await getDb().idea.create({
    data: {
      slug: `a-lire-${organisation.slug}`,
      title: `Idée à lire ${organisation.slug}`,
      summary: "Un résumé court.",
      description: "Une description longue que le CCAS doit lire avant de publier.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      organisationId: organisation.id,
      callId,
      status: "pending",
    },
  });
  const page = await pageAs(ccas, { javaScriptEnabled: false });
  await page.goto(`${server.url}/ccas/moderation`);
  const card = page.locator("section", { has: page.getByRole("heading", { name: idea.title }) });
  await card.getByText(/^Lire tout le contenu avant de publier/).click();
  const content = await card.locator("dl.changes").innerText();
  expect(content).toContain("Description\nUne description longue que le CCAS doit lire avant de publier.");
  expect(content).toContain("Public visé\nLocataires isolés");
  expect(content).toContain("Isolement social\noui");
});

it("without JavaScript, a refusal without its reason comes back scrolled to the item and its message", async () => {
  const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const organisations = await Promise.all(Array.from({ length: 6 }, () => createOrganisationFor(admin, { status: "pending" })));
  const last = organisations.at(-1)!;
  const page = await pageAs(ccas, { javaScriptEnabled: false, width: 390 });
  await page.goto(`${server.url}/ccas/moderation`);
  const card = page.locator("section", { has: page.getByRole("heading", { name: last.name }) });
  await card.getByRole("button", { name: "Refuser", exact: true }).click();
  const message = card.getByText("Écrivez le motif : il sera envoyé à la structure.");
  await message.waitFor();
  const box = await message.boundingBox();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(800);
  expect(await getDb().organisation.findUniqueOrThrow({ where: { id: last.id } })).toMatchObject({ status: "pending" });
});

// Found by a new-user probe: a structure marked « vérifiée » stays in the queue, and the page came
// back at its buttons, the notice some 1,700 px above; an item decided meanwhile in another tab
// took its error box away with it, and nothing was said.
it("without JavaScript, a structure marked « vérifiée » is said on screen, and so is an item decided in another tab", async () => {
  const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const organisations = await Promise.all(Array.from({ length: 6 }, () => createOrganisationFor(admin, { status: "pending" })));
  const [decidedElsewhere, last] = [organisations[0]!, organisations.at(-1)!];
  const page = await pageAs(ccas, { javaScriptEnabled: false, width: 390 });
  await page.goto(`${server.url}/ccas/moderation`);
  const onScreen = async (text: string) => {
    const box = (await page.getByText(text).first().boundingBox())!;
    return box.y >= 0 && box.y + box.height <= 800;
  };
  const card = (name: string) => page.locator("section", { has: page.getByRole("heading", { name }) });
  await card(last.name).getByRole("button", { name: "Marquer « vérifiée »" }).click();
  await page.waitForLoadState("load");
  expect(await onScreen("Structure marquée « vérifiée » : sa fiche attend toujours d'être publiée ou refusée.")).toBe(true);
  expect(await getDb().organisation.findUniqueOrThrow({ where: { id: last.id } })).toMatchObject({
    verifiedAt: expect.any(Date),
  });
  // Another tab publishes one: this page still offers it.
  await getDb().organisation.update({ where: { id: decidedElsewhere.id }, data: { status: "published" } });
  await card(decidedElsewhere.name).getByRole("button", { name: "Publier", exact: true }).click();
  await page.waitForLoadState("load");
  expect(await onScreen("Cet élément n'attend pas de décision du CCAS.")).toBe(true);
});

// Found by a new-user probe: without JavaScript, scores refused came back at the page's top, their
// errors some 3,500 px below, with nothing there to say so.
it("without JavaScript, refused scores and an empty note come back where their form is", async () => {
  const { id } = await createFiledGroupement("Veilleurs (sans JavaScript)");
  await db().groupementReviewer.create({ data: { groupementId: id, userId: admin.id, assignedById: admin.id } });
  const page = await pageAs(admin, { javaScriptEnabled: false, width: 375 });
  const onScreen = async (name: string) => {
    const box = (await page.getByRole("heading", { level: 2, name }).boundingBox())!;
    return box.y + box.height > 0 && box.y < 800;
  };
  await page.goto(`${server.url}/ccas/groupements/${id}`);
  expect(await onScreen("Notation")).toBe(false);

  const scores = page.getByRole("region", { name: "Notation" });
  // The picker's arrows stay within the criterion's scale; the server says why a typed 9 is refused.
  await expect(scores.getByRole("spinbutton").first().getAttribute("min")).resolves.toBe("0");
  await expect(scores.getByRole("spinbutton").first().getAttribute("max")).resolves.toBe("5");
  await scores.getByRole("spinbutton").first().fill("9");
  await scores.getByRole("button", { name: "Enregistrer mes notes" }).click();
  await page.waitForLoadState("load");
  await page
    .getByRole("region", { name: "Notation" })
    .getByText(/donnez une note entière de 0 à 5/)
    .first()
    .waitFor();
  expect(new URL(page.url()).hash).toBe("#notation");
  expect(await onScreen("Notation")).toBe(true);
  // With some room above it, not flush with the screen's top edge.
  expect((await page.locator("#notation").boundingBox())!.y).toBeGreaterThanOrEqual(12);

  await page.getByRole("region", { name: "Notes privées" }).getByRole("button", { name: "Ajouter la note" }).click();
  await page.waitForLoadState("load");
  await page.getByRole("region", { name: "Notes privées" }).getByText("Note : ce champ est obligatoire.").waitFor();
  expect(await onScreen("Notes privées")).toBe(true);
  expect(await db().groupementNote.count({ where: { groupementId: id } })).toBe(0);
});

// A structure left without administrator: the CCAS administrator opens it from the list, invites an
// address from the keyboard, and reads what was sent; the page passes axe-core, form included.
it("« Sans administrateur »: a structure chosen from the list, an invitation sent with the keyboard, said at the top", async () => {
  const leaving = await createActor();
  const left = await createOrganisationFor(leaving);
  expect(await deleteUserAccount(db(), leaving.id)).toEqual({ deleted: true });
  const page = await pageAs(admin);
  await page.goto(`${server.url}/ccas/structures-sans-administrateur`);
  await hydrated(page);
  expect(await wcagViolations(page)).toEqual([]);
  await page.getByRole("link", { name: left.name }).click();
  await expect(page.getByLabel("Structure", { exact: true }).inputValue()).resolves.toBe(left.id);
  const email = `${crypto.randomUUID()}@exemple.org`;
  await page.getByLabel("Adresse e-mail de la personne").fill(email);
  await page.keyboard.press("Enter");
  await page.getByText(`Invitation envoyée à ${email} pour administrer « ${left.name} ».`, { exact: false }).waitFor();
  await expect(page.getByRole("row", { name: new RegExp(left.name) }).innerText()).resolves.toContain(email);
  expect(await wcagViolations(page)).toEqual([]);
});
