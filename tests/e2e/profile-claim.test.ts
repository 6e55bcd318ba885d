// « C'est ma structure » in a real browser (issue 16): a person finds the register profile of their
// structure, logs in on the way, claims it with a document; the CCAS accepts the claim in its
// moderation queue; the person, now its admin, completes the profile. The claim page passes axe-core.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ALREADY_CLAIMED } from "~/domain/registers/claims";
import { openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import { importRegister } from "~/models/register-import.server";
import { getDb } from "~/utils/db.server";
import { createActor, PASSWORD, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, wcagViolations } from "../helpers/browser";
import { makePdf } from "../helpers/documents";
import { linkIn, startSmtp, type TestSmtp } from "../helpers/smtp";

let smtp: TestSmtp;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const file = path.join("tests", "fixtures", "registers", "sirene-etablissements-2025-01.csv");
  await importRegister(getDb(), {
    source: "sirene",
    input: fs.createReadStream(file),
    fileName: path.basename(file),
    bytesTotal: fs.statSync(file).size,
  });
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

async function logIn(page: Page, actor: Actor) {
  await page.getByLabel("Adresse e-mail").fill(actor.email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

it("a person claims their structure with a document, the CCAS accepts, the person completes the profile", async () => {
  const profile = await getDb().organisation.findFirstOrThrow({
    where: { ...openUnclaimedOrganisationWhere(), homeQuartierId: { not: null } },
    orderBy: { name: "asc" },
  });
  const [person, ccasAgent] = await Promise.all([createActor(), createActor({ ccas: true })]);

  // From the profile's page, through the log-in, back to the claim page.
  const page = await newPage();
  await page.goto(`${server.url}/organisations/${profile.slug}`);
  await page.getByRole("link", { name: "C'est ma structure" }).click();
  await page.waitForURL(/\/connexion\?redirectTo=/);
  await page
    .getByText("Pour continuer, connectez-vous : vous reviendrez ensuite à la page demandée.", { exact: false })
    .waitFor();
  await logIn(page, person);
  await page.getByRole("heading", { level: 1, name: `C'est ma structure : ${profile.name}` }).waitFor();
  await expectAccessible(page);

  // A public webmail proves nothing: said beside the field, the address kept.
  await page.getByRole("textbox", { name: "Adresse e-mail de la structure" }).fill("notre.asso@gmail.com");
  await page.getByRole("button", { name: "Recevoir le lien de confirmation" }).click();
  await page.getByText(/Une adresse gmail\.com peut appartenir à n'importe qui/).waitFor();
  await expect(page.getByRole("textbox", { name: "Adresse e-mail de la structure" }).inputValue()).resolves.toBe(
    "notre.asso@gmail.com",
  );
  await expectAccessible(page);

  await page.getByLabel("Type de document").selectOption("avis-sirene");
  await page.getByLabel("Document (PDF, 5 Mo au maximum)").setInputFiles({
    name: "avis-de-situation.pdf",
    mimeType: "application/pdf",
    buffer: makePdf(),
  });
  await page.getByLabel("Message au CCAS (facultatif)").fill("Je suis la directrice de l'établissement.");
  await page.getByRole("button", { name: "Envoyer la demande au CCAS" }).click();
  await page.getByText("Votre demande a été envoyée au CCAS avec votre document.", { exact: false }).waitFor();
  await page.getByRole("heading", { name: "Votre demande en cours" }).waitFor();
  await expectAccessible(page);
  // Back on the profile, the page says the claim waits.
  await page.getByRole("link", { name: "Retour à la fiche" }).click();
  await page.getByRole("heading", { name: "Votre demande est en cours" }).waitFor();
  await expect(page.getByRole("link", { name: "C'est ma structure" }).count()).resolves.toBe(0);
  await expectAccessible(page);

  // The CCAS sees the claim beside the profile, downloads the document, accepts.
  const ccas = await newPage();
  await ccas.goto(`${server.url}/connexion?redirectTo=${encodeURIComponent("/ccas/moderation")}`);
  await logIn(ccas, ccasAgent);
  await ccas.getByRole("heading", { level: 1, name: "Modération" }).waitFor();
  const card = ccas.locator("section", { has: ccas.getByRole("heading", { name: profile.name }) });
  const claim = card.locator("article", {
    has: ccas.getByRole("heading", { name: `Demande de Camille Exemple (${person.email})` }),
  });
  await expect(claim.innerText()).resolves.toContain("Avis de situation au répertoire SIRENE");
  await expect(claim.innerText()).resolves.toContain("Je suis la directrice de l'établissement.");
  const [download] = await Promise.all([
    ccas.waitForEvent("download"),
    claim.getByRole("link", { name: "télécharger le document" }).click(),
  ]);
  expect(fs.readFileSync((await download.path())!).equals(makePdf())).toBe(true);
  await expectAccessible(ccas);
  await claim.getByRole("button", { name: "Accepter cette demande" }).click();
  await ccas
    .getByRole("status")
    .getByText(/^Demande acceptée/)
    .waitFor();
  await ccas.getByText("Revendications de fiches (0)").waitFor();

  // The person follows the mail to their profile, now theirs, and completes it.
  const mail = await smtp.waitFor(person.email, /Vous administrez désormais/);
  await page.goto(linkIn(mail).replace(/^http:\/\/(localhost|127\.0\.0\.1):\d+/, server.url));
  await page.getByRole("heading", { level: 1, name: profile.name }).waitFor();
  await page.getByText("Votre demande est acceptée : vous administrez désormais cette fiche.", { exact: false }).waitFor();
  await page.getByLabel("Présentation courte").fill("Un lieu d'accueil de jour qui rompt l'isolement des personnes âgées.");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await page.getByText("Fiche enregistrée et envoyée au CCAS pour validation.").waitFor();
  const saved = await getDb().organisation.findUniqueOrThrow({ where: { id: profile.id } });
  expect(saved).toMatchObject({
    unclaimed: false,
    shortDescription: "Un lieu d'accueil de jour qui rompt l'isolement des personnes âgées.",
    status: "pending",
  });
  // No one else can claim it any more.
  const latecomer = await createActor();
  const other = await newPage();
  await other.goto(`${server.url}/connexion?redirectTo=${encodeURIComponent(`/organisations/${profile.slug}/revendiquer`)}`);
  await logIn(other, latecomer);
  await other.getByText(ALREADY_CLAIMED).waitFor();
});

it("without JavaScript: a claim by the structure's address, refused for a webmail, withdrawn when mistyped, then confirmed from the mail", async () => {
  const profile = await getDb().organisation.findFirstOrThrow({
    where: { ...openUnclaimedOrganisationWhere(), homeQuartierId: { not: null } },
    orderBy: { name: "desc" },
  });
  const person = await createActor();
  // The profile names its website: an address on its domain proves the claim by itself.
  const domain = `structure-${profile.id.slice(0, 8).toLowerCase()}.fr`;
  await getDb().organisation.update({ where: { id: profile.id }, data: { website: `https://www.${domain}` } });
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/connexion?redirectTo=${encodeURIComponent(`/organisations/${profile.slug}/revendiquer`)}`);
  await logIn(page, person);
  const address = page.getByRole("textbox", { name: "Adresse e-mail de la structure" });
  await address.fill("secretariat@orange.fr");
  await page.getByRole("button", { name: "Recevoir le lien de confirmation" }).click();
  await page.getByText(/Une adresse orange\.fr peut appartenir à n'importe qui/).waitFor();
  await expect(address.inputValue()).resolves.toBe("secretariat@orange.fr");

  // A mistyped address: the claim is withdrawn from the page, and made again.
  const structureAddress = `secretariat@${domain}`;
  await address.fill(structureAddress.replace("secretariat", "secretraiat"));
  await page.getByRole("button", { name: "Recevoir le lien de confirmation" }).click();
  await page.getByRole("heading", { name: "Votre demande en cours" }).waitFor();
  await page.getByRole("button", { name: "Annuler ma demande" }).click();
  await page.getByText("Votre demande est annulée", { exact: false }).waitFor();
  await address.fill(structureAddress);
  await page.getByRole("button", { name: "Recevoir le lien de confirmation" }).click();
  await page
    .getByText(`Votre demande a été envoyée. Un lien de confirmation est parti à ${structureAddress}`, { exact: false })
    .waitFor();

  // The mail is lost: a new link is sent, and only the newest one works.
  await smtp.waitFor(structureAddress, /Confirmez votre demande/);
  await page.getByRole("button", { name: "Renvoyer le lien" }).click();
  await page.getByText(`Un nouveau lien est parti à ${structureAddress}`, { exact: false }).waitFor();
  const mails = smtp.mails.filter((sent) => sent.to.includes(structureAddress));
  expect(mails).toHaveLength(2);
  const mail = mails[1]!;
  await page.goto(linkIn(mail).replace(/^http:\/\/(localhost|127\.0\.0\.1):\d+/, server.url));
  await page.getByRole("button", { name: "Confirmer la demande" }).click();
  await page.getByText("Votre demande est acceptée : vous administrez désormais cette fiche.", { exact: false }).waitFor();
  await page.getByRole("heading", { level: 1, name: profile.name }).waitFor();
  // Until the structure publishes its own profile, its public page keeps the register's facts.
  await page.goto(`${server.url}/organisations/${profile.slug}`);
  await page.getByText("Cette structure a rejoint Coopérons : elle complète sa fiche", { exact: false }).waitFor();
  await expect(page.getByText("Non revendiquée").count()).resolves.toBe(0);
  await context.close();
});
