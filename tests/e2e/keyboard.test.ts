// The journeys of a person who uses the keyboard alone (JavaScript on), and where the focus lands
// after each step: on the new page's h1 after a client navigation, on the confirmation after a save
// or a form sent, never dropped to <body>; a button being sent never disabled under the focus.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createSession } from "~/utils/session.server";
import { createActor, createOrganisationFor, PASSWORD } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage({
  cookie,
  viewport = { width: 1366, height: 768 },
  javaScriptEnabled = true,
}: { cookie?: string; viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ locale: "fr-FR", viewport, javaScriptEnabled });
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

/** Opens a page and waits until React has taken it over: before that, a form is sent without JavaScript. */
async function open(page: Page, path: string) {
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() =>
    Object.keys(document.getElementById("contenu") ?? {}).some((key) => key.startsWith("__react")),
  );
}

type Focused = { tag: string; name: string };

/** The focused element: its tag, and its name as a person hears it (a control's label, else its text). */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const labels = element && "labels" in element ? (element as HTMLInputElement).labels : null;
    const text = labels?.[0]?.textContent ?? element?.textContent ?? "";
    return { tag: element?.tagName.toLowerCase() ?? "", name: text.replace(/\s+/g, " ").trim() };
  });
}

const matches = (name: string, expected: string | RegExp) =>
  typeof expected === "string" ? name === expected : expected.test(name);

/** Presses Tab until the element named so has the focus; a trap or a missing stop fails the test. */
async function tabTo(page: Page, tag: string, name: string | RegExp, max = 200) {
  for (let presses = 0; presses < max; presses += 1) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now.tag === tag && matches(now.name, name)) return;
  }
  throw new Error(`No <${tag}> named ${String(name)} within ${max} presses of Tab on ${page.url()}`);
}

/** Waits until the focus is on the element named so, and says where it is instead if it never gets there. */
async function expectFocus(page: Page, tag: string, name: string | RegExp, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let now = await focused(page);
  while (!(now.tag === tag && matches(now.name, name))) {
    if (Date.now() > deadline) expect(now, `focus on ${page.url()}`).toEqual({ tag, name });
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await focused(page);
  }
}

/** Records whether any button gets `disabled` from now on, across client navigations. */
async function watchDisabledButtons(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { disabledButtons: string[] }).disabledButtons = seen;
    new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target as HTMLElement;
        if (target.tagName === "BUTTON" && target.hasAttribute("disabled")) seen.push(target.textContent ?? "");
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["disabled"] });
  });
  return () => page.evaluate(() => (window as unknown as { disabledButtons: string[] }).disabledButtons);
}

it("sign-up: the « check your mailbox » confirmation takes the focus", async () => {
  const page = await newPage();
  await open(page, "/inscription");
  await tabTo(page, "input", "Votre nom");
  await page.keyboard.type("Dominique Clavier");
  await tabTo(page, "input", "Adresse e-mail");
  await page.keyboard.type("dominique.clavier@exemple.org");
  await tabTo(page, "input", "Mot de passe");
  await page.keyboard.type("une phrase de passe solide");
  await tabTo(page, "button", "Créer mon compte");
  await page.keyboard.press("Enter");
  await page.getByText("Vérifiez votre boîte mail").waitFor();
  await expectFocus(
    page,
    "div",
    /^Vérifiez votre boîte mail : un message vient d'être envoyé à dominique\.clavier@exemple\.org\./,
  );
}, 120_000);

it("log-in, a structure's draft, its identifier saved: focus on each page's h1, then on the confirmation; the stale banner gone", async () => {
  const actor = await createActor();
  const organisation = await createOrganisationFor(actor, { status: "draft" });
  await getDb().organisation.update({ where: { id: organisation.id }, data: { rna: null, wholeCity: true } });
  const page = await newPage();
  await open(page, "/connexion");
  let disabledButtons = await watchDisabledButtons(page);
  await tabTo(page, "input", "Adresse e-mail");
  await page.keyboard.type(actor.email);
  await tabTo(page, "input", "Mot de passe");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/espace$/);
  await expectFocus(page, "h1", "Mon espace");

  await tabTo(page, "a", organisation.name);
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/espace/organisations/${organisation.id}$`));
  await expectFocus(page, "h1", organisation.name);

  // As the creation form leaves the person: the draft's banner, asking for an identifier.
  expect(await disabledButtons()).toEqual([]);
  await open(page, `/espace/organisations/${organisation.id}?cree=draft`);
  disabledButtons = await watchDisabledButtons(page);
  await page.getByText("Brouillon créé. Ajoutez un SIRET ou un numéro RNA pour l'envoyer au CCAS.").waitFor();
  await tabTo(page, "input", "Numéro RNA (facultatif)");
  await page.keyboard.type("W443009876");
  await tabTo(page, "button", "Enregistrer");
  await page.keyboard.press("Enter");
  await expectFocus(page, "div", "Fiche enregistrée et envoyée au CCAS pour validation.");
  await expect(page.getByText("Brouillon créé.").count()).resolves.toBe(0);
  expect(await disabledButtons()).toEqual([]);

  // A second save of the same page: the confirmation takes the focus again.
  await tabTo(page, "button", "Enregistrer");
  await page.keyboard.press("Enter");
  await expectFocus(page, "div", /^(Fiche enregistrée|Modifications enregistrées)/);
}, 120_000);

it("an offer sent: « offre envoyée » shows on the structure's page and takes the focus", async () => {
  const actor = await createActor();
  const organisation = await createOrganisationFor(actor);
  const page = await newPage({ cookie: actor.cookie });
  await open(page, `/espace/organisations/${organisation.id}`);
  await tabTo(page, "a", "Proposer une ressource");
  await page.keyboard.press("Enter");
  await expectFocus(page, "h1", "Proposer une ressource");

  await tabTo(page, "select", "Type de ressource");
  await page.keyboard.type("Locaux");
  await tabTo(page, "input", "Titre");
  await page.keyboard.type("Formation au repérage de l'isolement");
  await tabTo(page, "textarea", "Description");
  await page.keyboard.type("Deux heures de formation pour les gardiens, commerçants et voisins.");
  await tabTo(page, "textarea", "Disponibilités");
  await page.keyboard.type("Le jeudi soir, une fois par mois");
  await tabTo(page, "input", "En soirée");
  await page.keyboard.press("Space");
  await tabTo(page, "select", "Conditions");
  await page.keyboard.type("Gratuit");
  await tabTo(page, "button", "Envoyer au CCAS");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\?offre=envoyee$/);
  await expectFocus(page, "div", "Offre envoyée au CCAS : elle sera publiée après sa validation.");
}, 120_000);

it("a message sent to a structure: the confirmation takes the focus, and goes when the emptied form is sent again", async () => {
  const organisation = await getDb().organisation.findFirstOrThrow({ where: { status: "published" }, select: { slug: true } });
  const page = await newPage();
  await open(page, `/organisations/${organisation.slug}`);
  await tabTo(page, "input", "Votre nom");
  await page.keyboard.type("Alex Voisin");
  await tabTo(page, "input", "Votre adresse e-mail");
  await page.keyboard.type("alex.voisin@exemple.org");
  await tabTo(page, "textarea", "Message");
  await page.keyboard.type("Bonjour, pouvons-nous échanger sur un projet commun ?");
  await tabTo(page, "button", "Envoyer le message");
  await page.keyboard.press("Enter");
  await expectFocus(page, "div", /^Votre message a été transmis/);

  // The form was emptied; sending it again is a new, empty message: errors, and no « transmis ».
  await tabTo(page, "button", "Envoyer le message");
  await page.keyboard.press("Enter");
  await page
    .getByText(/ce champ est obligatoire/)
    .first()
    .waitFor();
  await expect(page.getByText(/Votre message a été transmis/).count()).resolves.toBe(0);
}, 120_000);

it("client navigation from the menu: focus on the new page's h1, and back", async () => {
  const page = await newPage();
  await open(page, "/");
  await tabTo(page, "a", "Annuaire");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/annuaire$/);
  await expectFocus(page, "h1", "Annuaire des structures");
  await tabTo(page, "a", "Idées de projets");
  await page.keyboard.press("Enter");
  await expectFocus(page, "h1", "Idées de projets");
  // The browser's Back (its shortcut belongs to the browser's window, which a headless page lacks).
  await page.goBack();
  await page.waitForURL(/\/annuaire$/);
  await expectFocus(page, "h1", "Annuaire des structures");
}, 120_000);

it("/compte names each « Déconnecter » button apart, /espace each « Messagerie » link", async () => {
  const actor = await createActor();
  for (let device = 0; device < 5; device += 1) {
    await createSession(actor.id, new Request("http://localhost/", { headers: { "User-Agent": "Firefox/128.0" } }));
  }
  await Promise.all([createOrganisationFor(actor), createOrganisationFor(actor)]);
  const page = await newPage({ cookie: actor.cookie });
  await page.goto(`${server.url}/compte`);
  const logouts = await page.getByRole("button", { name: /^Déconnecter/ }).allTextContents();
  expect(logouts).toHaveLength(5);
  expect(new Set(logouts).size).toBe(5);
  for (const name of logouts) {
    await expect(page.getByRole("button", { name: name.replace(/\s+/g, " ").trim(), exact: true }).count()).resolves.toBe(1);
  }

  await page.goto(`${server.url}/espace`);
  const inboxes = await page.getByRole("link", { name: /^Messagerie/ }).allTextContents();
  expect(inboxes).toHaveLength(2);
  expect(new Set(inboxes).size).toBe(2);
}, 120_000);

it("on a phone, the header is one row and « Menu » opens the links, with JavaScript or without", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
    if (javaScriptEnabled) await open(page, "/idees");
    else await page.goto(`${server.url}/idees`);
    const header = await page.locator(".site-header").boundingBox();
    expect(header!.height, `JavaScript ${javaScriptEnabled}`).toBeLessThanOrEqual(120);
    await expect(page.getByRole("link", { name: "Annuaire" }).isVisible()).resolves.toBe(false);

    await tabTo(page, "summary", /^Menu/, 10);
    await page.keyboard.press("Enter");
    await tabTo(page, "a", "Annuaire", 15);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/annuaire$/);
    if (javaScriptEnabled) await expectFocus(page, "h1", "Annuaire des structures");
    // On the new page the menu is closed again.
    await expect(page.getByRole("link", { name: "Idées de projets" }).isVisible()).resolves.toBe(false);
    await page.context().close();
  }
}, 120_000);

it("on a phone with JavaScript, the open menu closes on Escape, and when the focus is tabbed out of it", async () => {
  const page = await newPage({ viewport: { width: 390, height: 844 } });
  await open(page, "/recherche");
  const menu = page.locator("details.site-menu");
  await tabTo(page, "summary", /^Menu/, 10);
  await page.keyboard.press("Enter");
  await expect(menu.evaluate((details) => (details as HTMLDetailsElement).open)).resolves.toBe(true);
  await page.keyboard.press("Escape");
  await expect(menu.evaluate((details) => (details as HTMLDetailsElement).open)).resolves.toBe(false);
  await expectFocus(page, "summary", /^Menu/);

  // Open again, then Tab past its last link: it closes, and the search field it covered is seen.
  await page.keyboard.press("Enter");
  await tabTo(page, "input", "Que cherchez-vous ?", 40);
  await expect(menu.evaluate((details) => (details as HTMLDetailsElement).open)).resolves.toBe(false);
  // Nothing lies over it: the point at its centre is the field itself.
  const field = page.getByLabel("Que cherchez-vous ?");
  await field.scrollIntoViewIfNeeded();
  const box = (await field.boundingBox())!;
  await expect(
    page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [box.x + box.width / 2, box.y + box.height / 2]),
  ).resolves.toBe("q");
  await page.context().close();
}, 120_000);

it("on /recherche and /carte, a link seen when focused skips the filters to the results and to the table", async () => {
  const page = await newPage();
  await open(page, "/recherche?q=jardin");
  const skip = page.getByRole("link", { name: "Passer les filtres : aller aux résultats" });
  // Not seen until it has the focus.
  await expect(skip.evaluate((link) => link.getBoundingClientRect().width)).resolves.toBeLessThanOrEqual(1);
  await tabTo(page, "input", "Que cherchez-vous ?", 40);
  await tabTo(page, "a", "Passer les filtres : aller aux résultats", 8);
  await expect(skip.evaluate((link) => link.getBoundingClientRect().width)).resolves.toBeGreaterThan(100);
  await page.keyboard.press("Enter");
  // The next stop is the first result, not the thirty boxes of the filters.
  const first = (await page.locator(".results h3 a").first().innerText()).replace(/\s+/g, " ").trim();
  await page.keyboard.press("Tab");
  await expectFocus(page, "a", first);

  await open(page, "/carte");
  await tabTo(page, "a", "Passer les filtres et la carte : aller au tableau", 40);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expectFocus(page, "a", "Quartier");
  await page.context().close();
}, 120_000);
