// Issue 4's journey: organisation A publishes an idea, the CCAS publishes it, organisation B says
// "we're in", A gets the mail and accepts, and both see the new status.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, openUntilVisible, wcagViolations } from "../helpers/browser";
import { linkIn, startSmtp, type TestSmtp } from "../helpers/smtp";

let smtp: TestSmtp;
let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  [server, browser] = await Promise.all([startAppServer({ SMTP_URL: smtp.url }), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function pageAs(cookie: string): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR" });
  contexts.push(context);
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

async function expectAccessible(page: Page) {
  expect(await wcagViolations(page), page.url()).toEqual([]);
}

it("goes from an idea to an accepted partner", async () => {
  const [adminA, adminB, ccasUser] = await Promise.all([createActor(), createActor(), createActor({ ccas: true })]);
  const [organisationA, organisationB] = await Promise.all([createOrganisationFor(adminA), createOrganisationFor(adminB)]);

  // A describes its project.
  const a = await pageAs(adminA.cookie);
  await a.goto(`${server.url}/espace/organisations/${organisationA.id}`);
  await a.getByRole("link", { name: "Proposer une idée de projet" }).click();
  await a.getByLabel("Titre du projet").fill("Cafés du dimanche soir");
  await a.getByLabel("Résumé").fill("Des cafés ouverts le dimanche soir pour les personnes seules.");
  await a
    .getByLabel("Description", { exact: true })
    .fill("Nous cherchons un lieu et des bénévoles pour ouvrir un café convivial le dimanche soir.");
  await a
    .getByRole("group", { name: "Sous-axes de l'appel" })
    .getByLabel(/^2\.3 —/)
    .check();
  await a.getByLabel("Le projet agit sur l'isolement social").check();
  await a.getByLabel("Le projet agit sur la précarité").check();
  await a.getByLabel("Public visé").fill("Personnes seules du quartier");
  await a.getByRole("group", { name: "Quartiers visés" }).getByLabel("Malakoff - Saint-Donatien").check();
  await a.getByRole("group", { name: "Secteurs des partenaires recherchés" }).getByLabel("Économique").check();
  await expectAccessible(a);
  await a.getByRole("button", { name: "Enregistrer" }).click();
  await a.getByText("Idée créée et envoyée au CCAS pour validation.").waitFor();

  // The CCAS publishes it.
  const ccas = await pageAs(ccasUser.cookie);
  await ccas.goto(`${server.url}/ccas/moderation`);
  const card = ccas.locator("section", { has: ccas.getByRole("heading", { name: /Cafés du dimanche soir/ }) });
  await card.getByRole("button", { name: "Publier" }).click();
  await ccas.getByRole("status").getByText("Publié.").waitFor();
  // Published, its page has one « Étape » list (the content form had a second one), without « Brouillon ».
  await a.reload();
  await a.getByRole("heading", { name: "Étape du projet" }).waitFor();
  await expect(a.getByLabel("Étape", { exact: true }).count()).resolves.toBe(1);
  await expect(a.getByLabel("Étape", { exact: true }).locator("option").allTextContents()).resolves.not.toContain("Brouillon");

  // B finds it and says "we're in".
  const b = await pageAs(adminB.cookie);
  await openUntilVisible(b, `${server.url}/idees?quartier=malakoff-saint-donatien`, () =>
    b.getByRole("link", { name: "Cafés du dimanche soir" }),
  );
  await expectAccessible(b);
  await b.getByRole("link", { name: "Cafés du dimanche soir" }).click();
  await b.getByRole("heading", { level: 1, name: "Cafés du dimanche soir" }).waitFor();

  // A visitor is offered to log in or to create an account, and comes back here either way; a
  // person without a structure, to create its page.
  const ideaPath = new URL(b.url()).pathname;
  const visitorContext = await browser.newContext({ locale: "fr-FR" });
  contexts.push(visitorContext);
  const visitor = await visitorContext.newPage();
  await visitor.goto(b.url());
  // Back at the form, not at the top of the page.
  const back = `redirectTo=${encodeURIComponent(`${ideaPath}#rejoindre`)}`;
  await expect(visitor.getByRole("link", { name: "connectez-vous" }).getAttribute("href")).resolves.toBe(`/connexion?${back}`);
  await expect(visitor.getByRole("link", { name: "créez un compte" }).getAttribute("href")).resolves.toBe(`/inscription?${back}`);
  const withoutStructure = await pageAs((await createActor()).cookie);
  await withoutStructure.goto(b.url());
  await withoutStructure.getByRole("link", { name: "créez la fiche de votre structure" }).click();
  await withoutStructure.waitForURL(/\/espace\/organisations\/nouvelle\?idee=/);
  // The idea is named on the way, and the fiche once created leads back to it.
  await withoutStructure.getByRole("link", { name: "Cafés du dimanche soir" }).waitFor();
  await withoutStructure.getByLabel("Nom de la structure").fill("Les Voisins fictifs du dimanche");
  await withoutStructure.getByLabel("Présentation courte").fill("Une association de voisins qui ouvre sa salle le dimanche.");
  await withoutStructure.getByLabel("Secteur").selectOption("associatif");
  await withoutStructure.getByLabel("Nature juridique").selectOption("association");
  await withoutStructure.getByLabel("Numéro RNA (facultatif)").fill("W443009871");
  await withoutStructure.getByRole("group", { name: "Quartiers où la structure agit" }).getByLabel("Nantes Nord").check();
  await withoutStructure.getByRole("button", { name: "Enregistrer et envoyer au CCAS" }).click();
  await withoutStructure.getByText("Fiche créée et envoyée au CCAS pour validation.").waitFor();
  const backToIdea = withoutStructure.getByRole("link", { name: "revenir à l'idée « Cafés du dimanche soir »" });
  await expect(backToIdea.getAttribute("href")).resolves.toBe(`${ideaPath}#rejoindre`);
  await expectAccessible(withoutStructure);
  await b.getByRole("group", { name: "Ressources que vous apporteriez" }).getByLabel("Locaux").check();
  await b.getByLabel("Message").fill("Notre salle est libre le dimanche soir, avec une cuisine.");
  await expectAccessible(b);
  await b.getByRole("button", { name: "Proposer de participer" }).click();
  await b.getByText("Votre proposition de participation a été envoyée.").waitFor();
  // Sent back to the page at the form (a GET: a reload sends nothing twice); once said, the address
  // bar keeps nothing that would say it again, and the page says the proposal waits for an answer.
  expect(new URL(b.url()).hash).toBe("#rejoindre");
  await b.waitForFunction(() => !window.location.search.includes("proposition="));
  await b.reload();
  await b.getByText(`${organisationB.name} a proposé de rejoindre ce projet le`, { exact: false }).waitFor();
  await expect(b.getByText("Votre proposition de participation a été envoyée.").count()).resolves.toBe(0);
  expect(await getDb().interest.count({ where: { organisationId: organisationB.id } })).toBe(1);
  // The address passed on to someone else says nothing was sent.
  await visitor.goto(b.url());
  await visitor.getByRole("heading", { level: 1, name: "Cafés du dimanche soir" }).waitFor();
  await expect(visitor.getByText("Votre proposition de participation a été envoyée.").count()).resolves.toBe(0);
  // B's only structure has proposed: no form to send it twice, the page says it waits for an answer.
  await b.getByText(`${organisationB.name} a proposé de rejoindre ce projet le`, { exact: false }).waitFor();
  await expect(b.getByRole("button", { name: "Proposer de participer" }).count()).resolves.toBe(0);
  await expect(b.getByText("soyez le premier", { exact: false }).count()).resolves.toBe(0);

  // A gets the mail, opens the inbox from it, and accepts.
  const mail = await smtp.waitFor(adminA.email, /veut rejoindre/);
  expect(mail.text).toContain("Notre salle est libre le dimanche soir");
  await a.goto(`${server.url}/espace`);
  await expect(a.getByRole("link", { name: /Mon espace/ }).innerText()).resolves.toMatch(/1/);
  await a.goto(linkIn(mail).replace(/^https?:\/\/[^/]+/, server.url));
  await a.getByRole("heading", { level: 1, name: /Messagerie de/ }).waitFor();
  await expect(a.getByText("En attente de réponse").isVisible()).resolves.toBe(true);
  await expectAccessible(a);
  await a.getByRole("button", { name: `Accepter ${organisationB.name}` }).click();
  await a.getByText("Proposition de participation acceptée").waitFor();
  await a.locator(".inbox-item", { hasText: organisationB.name }).getByText("Acceptée").waitFor();

  // B sees the answer, and the idea's page lists B among its partners.
  await smtp.waitFor(adminB.email, /a été acceptée/);
  await b.goto(`${server.url}/espace/organisations/${organisationB.id}/messagerie`);
  await expect(b.locator(".inbox-item", { hasText: "Cafés du dimanche soir" }).getByText("Acceptée").isVisible()).resolves.toBe(
    true,
  );
  await expectAccessible(b);
  await b.goto(`${server.url}/idees`);
  await b.getByRole("link", { name: "Cafés du dimanche soir" }).click();
  const partners = b.locator("h2", { hasText: "Partenaires déjà engagés" }).locator("xpath=following-sibling::ul[1]");
  await partners.getByRole("link", { name: organisationB.name }).waitFor();
}, 120_000);

it("a proposal from a page left open after leaving one's structure: « Accès refusé » says why and leads back to the idea", async () => {
  const [lead, person] = await Promise.all([createActor(), createActor()]);
  const [ideaOwner, own] = await Promise.all([createOrganisationFor(lead), createOrganisationFor(person)]);
  const idea = await createPublishedIdeaFor(ideaOwner.id, { title: "Jardins partagés du soir" });
  const page = await pageAs(person.cookie);
  await page.goto(`${server.url}/idees/${idea.slug}`);
  await page.getByLabel("Message").fill("Nous pouvons prêter notre salle le samedi matin.");
  // Meanwhile, in another tab, the person left their structure.
  await getDb().membership.deleteMany({ where: { userId: person.id, organisationId: own.id } });
  await page.getByRole("button", { name: "Proposer de participer" }).click();
  await page.getByRole("heading", { name: "Accès refusé" }).waitFor();
  await page
    .getByText(
      "Votre proposition n'a pas été envoyée : vous ne faites pas partie de la structure au nom de laquelle vous l'envoyiez.",
    )
    .waitFor();
  // Said to a screen reader: the focus is on the page's heading, not lost on <body>.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Accès refusé");
  await expectAccessible(page);
  expect(await getDb().interest.count({ where: { ideaId: idea.id } })).toBe(0);
  await page.getByRole("link", { name: "Revenir à la page" }).click();
  await page.getByRole("heading", { name: "Jardins partagés du soir" }).waitFor();
  await page.getByRole("heading", { name: "Rejoindre ce projet" }).waitFor();
  // No structure of theirs left: the page says how to propose, and offers no form.
  await page.getByText("votre structure doit avoir une fiche publiée").waitFor();
  await expect(page.getByRole("button", { name: "Proposer de participer" }).count()).resolves.toBe(0);
});
