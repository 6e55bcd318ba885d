// The journey of issue 3 in a real browser: sign up, confirm the address from the mail, create an
// organisation, offer a resource; the CCAS publishes both; they appear in the directory.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, openUntilVisible, wcagViolations } from "../helpers/browser";
import { linkIn, startSmtp, type TestSmtp } from "../helpers/smtp";

let smtp: TestSmtp;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtp();
  [server, browser] = await Promise.all([startAppServer({ SMTP_URL: smtp.url }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

async function expectAccessible(page: Page) {
  expect(await wcagViolations(page), page.url()).toEqual([]);
}

async function signUp(page: Page, name: string, email: string) {
  await page.goto(`${server.url}/inscription`);
  await fillSignUp(page, name, email);
}

async function fillSignUp(page: Page, name: string, email: string) {
  await expectAccessible(page);
  await page.getByLabel("Votre nom").fill(name);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("une phrase de passe solide");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  // The same answer whether or not the address has an account: no session yet.
  await page.getByText(`Vérifiez votre boîte mail : un message vient d'être envoyé à ${email}.`).waitFor();
}

async function logIn(page: Page, email: string) {
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("une phrase de passe solide");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { level: 1, name: "Mon espace" }).waitFor();
}

async function openConfirmationLink(page: Page, email: string) {
  const mail = await smtp.waitFor(email, /Confirmez votre adresse/);
  await page.goto(
    linkIn(mail)
      .replace("http://localhost", server.url)
      .replace(/^http:\/\/127\.0\.0\.1:\d+/, server.url),
  );
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await page.getByText("Votre adresse e-mail est confirmée. Connectez-vous pour continuer.").waitFor();
  // The form starts with the address just confirmed (not carried in the address bar).
  await expect(page.getByLabel("Adresse e-mail").inputValue()).resolves.toBe(email);
  expect(page.url()).not.toContain(encodeURIComponent(email));
}

async function confirmEmail(page: Page, email: string) {
  await openConfirmationLink(page, email);
  await logIn(page, email);
}

it("brings a visitor asked to log in back to the page they wanted, through sign-up and the mailed link", async () => {
  const page = await newPage();
  await page.goto(`${server.url}/espace/organisations/nouvelle`);
  await page.getByText("Pour continuer, connectez-vous : vous reviendrez ensuite à la page demandée.").waitFor();
  // The page's own link (the header's leads to a bare sign-up).
  await page.locator("#contenu").getByRole("link", { name: "Créer un compte" }).click();
  await page.getByRole("heading", { level: 1, name: "Créer un compte" }).waitFor();
  await fillSignUp(page, "Dominique Exemple", "dominique@exemple.org");
  await openConfirmationLink(page, "dominique@exemple.org");
  await page.getByLabel("Adresse e-mail").fill("dominique@exemple.org");
  await page.getByLabel("Mot de passe").fill("une phrase de passe solide");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { level: 1, name: "Créer la fiche d'une structure" }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/espace/organisations/nouvelle");
  await page.context().close();
});

it("asks someone logged in before confirming to confirm first, sends the link again, and brings them back", async () => {
  const page = await newPage();
  await signUp(page, "Sacha Exemple", "sacha@exemple.org");
  await page.goto(`${server.url}/connexion`);
  await logIn(page, "sacha@exemple.org");
  await page.goto(`${server.url}/espace/organisations/nouvelle`);
  await page.getByText("Confirmez d'abord votre adresse e-mail : ouvrez le lien envoyé à sacha@exemple.org.").waitFor();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Renvoyer le lien" }).click();
  // The page itself says so: no detour through the account page.
  await page
    .getByText("Un nouveau lien a été envoyé à sacha@exemple.org : ouvrez ce dernier message", { exact: false })
    .waitFor();
  expect(new URL(page.url()).pathname).toBe("/espace/organisations/nouvelle");
  await expectAccessible(page);
  await smtp.waitFor("sacha@exemple.org", /Confirmez votre adresse/);
  let mails = smtp.mails.filter((mail) => mail.to.includes("sacha@exemple.org"));
  for (let wait = 0; mails.length < 2 && wait < 100; wait += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    mails = smtp.mails.filter((mail) => mail.to.includes("sacha@exemple.org"));
  }
  const link = linkIn(mails[1]!);
  expect(new URL(link).searchParams.get("redirectTo")).toBe("/espace/organisations/nouvelle");
  await page.goto(link.replace(/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?/, server.url));
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  // Logged in already: straight back to the form.
  const send = page.getByRole("button", { name: "Enregistrer et envoyer au CCAS" });
  await send.waitFor();
  expect(new URL(page.url()).pathname).toBe("/espace/organisations/nouvelle");
  // The button says under it when it does not send (no identifier), and screen readers hear it.
  await expect(send.getAttribute("aria-describedby").then((id) => page.locator(`#${id}`).innerText())).resolves.toMatch(
    /^Sans SIRET ni numéro RNA .+ la fiche est enregistrée comme brouillon/,
  );
  await page.context().close();
});

it("takes an organisation from sign-up to the public directory", async () => {
  const page = await newPage();
  await signUp(page, "Claude Exemple", "claude@exemple.org");
  await confirmEmail(page, "claude@exemple.org");

  await page.getByRole("link", { name: "Créer la fiche d'une structure" }).click();
  await page.getByRole("heading", { level: 1, name: "Créer la fiche d'une structure" }).waitFor();
  // Submitting an incomplete form shows the errors beside the fields and keeps what was typed.
  await page.getByLabel("Nom de la structure").fill("Le Fil Solidaire");
  await page.getByRole("button", { name: "Enregistrer et envoyer au CCAS" }).click();
  await page.getByText("Présentation courte : ce champ est obligatoire.").waitFor();
  await expect(page.getByLabel("Nom de la structure").inputValue()).resolves.toBe("Le Fil Solidaire");
  await expectAccessible(page);

  await page.getByLabel("Présentation courte").fill("Un réseau de visiteurs bénévoles pour les personnes isolées chez elles.");
  await page.getByLabel("Secteur").selectOption("associatif");
  await page.getByLabel("Nature juridique").selectOption("association");
  await page.getByLabel("Numéro RNA (facultatif)").fill("W443009876");
  // Place the address on the map: the quartier is derived from the point.
  const map = page.locator(".leaflet-container");
  await map.locator("path.leaflet-interactive").first().waitFor();
  await map.click({ position: { x: 300, y: 100 } });
  await page.getByText(/Point placé/).waitFor();
  const places = page.getByRole("group", { name: "Quartiers où la structure agit" });
  await places.getByLabel("Nantes Nord").check();
  await places.getByLabel("Breil - Barberie").check();
  await page
    .getByRole("group", { name: "Sous-axes de l'appel qui vous intéressent" })
    .getByLabel(/^2\.1 —/)
    .check();
  await page.getByRole("group", { name: "Ressources que vous recherchez" }).getByLabel("Locaux").check();
  await page.getByRole("button", { name: "Enregistrer et envoyer au CCAS" }).click();
  await page.getByText("Fiche créée et envoyée au CCAS pour validation.").waitFor();
  await expectAccessible(page);
  // Said, then out of the address bar: a reload does not say it again.
  await page.waitForFunction(() => !window.location.search.includes("cree="));
  await page.reload();
  await page.getByRole("button", { name: "Enregistrer", exact: true }).waitFor();
  await expect(page.getByText("Fiche créée et envoyée au CCAS pour validation.").count()).resolves.toBe(0);
  // Sent again with JavaScript, the fiche's form leaves no `?index` in the address (it did, Remix's own).
  await hydrated(page);
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await page.getByText("Fiche enregistrée et envoyée au CCAS pour validation.").waitFor();
  await page.waitForFunction(() => !window.location.search.includes("index"));
  expect(new URL(page.url()).search).toBe("");

  await page.getByRole("link", { name: "Proposer une ressource" }).click();
  await page.getByLabel("Type de ressource").selectOption("competences");
  await page.getByLabel("Titre").fill("Formation au repérage de l'isolement");
  await page
    .getByLabel("Description", { exact: true })
    .fill("Deux heures de formation pour les gardiens, commerçants et voisins.");
  await page.getByLabel("Disponibilités").fill("Le jeudi soir, une fois par mois");
  await page.getByLabel("En soirée").check();
  await page.getByLabel("Conditions").selectOption("free");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Envoyer au CCAS" }).click();
  await page.getByRole("link", { name: "Formation au repérage de l'isolement" }).waitFor();

  // The CCAS: a person who signed up, given the role by the command.
  const ccas = await newPage();
  await signUp(ccas, "Agent du CCAS", "agent.ccas@exemple.org");
  await ccas.goto(`${server.url}/connexion`);
  await logIn(ccas, "agent.ccas@exemple.org");
  execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/user-grant-ccas.ts", "agent.ccas@exemple.org"], {
    env: process.env,
    stdio: "pipe",
  });
  await ccas.goto(`${server.url}/ccas/moderation`);
  await ccas.getByRole("heading", { level: 1, name: "Modération" }).waitFor();
  await expectAccessible(ccas);
  const organisationCard = ccas.locator("section", { has: ccas.getByRole("heading", { name: /Le Fil Solidaire/ }) });
  await organisationCard.getByRole("button", { name: "Publier" }).click();
  await ccas.getByRole("status").getByText("Publié.").waitFor();
  await ccas.getByText("Structures (0)").waitFor();
  const offerCard = ccas.locator("section", { has: ccas.getByRole("heading", { name: /Formation au repérage/ }) });
  await offerCard.getByRole("button", { name: "Publier" }).click();
  await ccas.getByText("Offres de ressources (0)").waitFor();

  // Anyone now finds them in the directory.
  const visitor = await newPage();
  await openUntilVisible(visitor, `${server.url}/annuaire?quartier=nantes-nord`, () =>
    visitor.getByRole("link", { name: "Le Fil Solidaire" }),
  );
  await expectAccessible(visitor);
  await visitor.getByRole("link", { name: "Le Fil Solidaire" }).click();
  await visitor.getByRole("heading", { level: 1, name: "Le Fil Solidaire" }).waitFor();
  await expect(
    visitor.getByRole("heading", { level: 3, name: "Formation au repérage de l'isolement" }).isVisible(),
  ).resolves.toBe(true);
  await expect(visitor.getByText("Implantée à").innerText()).resolves.toMatch(/Implantée à/);
  await expectAccessible(visitor);
}, 120_000);
