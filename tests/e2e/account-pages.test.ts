// The pages of the back office that the main journey does not visit, checked with axe-core,
// in the states a person meets: empty, with errors, with data.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { issueToken } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { createSession } from "~/utils/session.server";
import { createActor, createOrganisationFor, PASSWORD } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";

const ARTIFACTS = path.resolve("tests", "artifacts");
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
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

it("log-in with a wrong password: the error is announced, the address kept, and the page accessible", async () => {
  const page = await pageAs();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel("Adresse e-mail").fill("inconnu@exemple.org");
  await page.getByLabel("Mot de passe").fill("mauvais mot de passe");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("alert").innerText()).resolves.toContain("Adresse e-mail ou mot de passe incorrect.");
  await expect(page.getByLabel("Adresse e-mail").inputValue()).resolves.toBe("inconnu@exemple.org");
  expect(await wcagViolations(page)).toEqual([]);
});

for (const javaScriptEnabled of [true, false]) {
  it(`after « adresse confirmée », a wrong password: only the error is said (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const page = await (await browser.newContext({ locale: "fr-FR", javaScriptEnabled })).newPage();
    await page.goto(`${server.url}/connexion?email=confirme`);
    const confirmed = page.getByText("Votre adresse e-mail est confirmée. Connectez-vous pour continuer.");
    await expect(confirmed.isVisible()).resolves.toBe(true);
    await page.getByLabel("Adresse e-mail").fill("inconnu@exemple.org");
    await page.getByLabel("Mot de passe").fill("mauvais mot de passe");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByText("Adresse e-mail ou mot de passe incorrect.").waitFor();
    await expect(confirmed.count()).resolves.toBe(0);
  });
}

it("a refused form's page says « Erreur : » first in its title, without JavaScript and as the page takes it over", async () => {
  const plain = await (await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false })).newPage();
  await plain.goto(`${server.url}/connexion`);
  const title = await plain.title();
  expect(title).not.toMatch(/^Erreur/);
  await plain.getByLabel("Adresse e-mail").fill("inconnu@exemple.org");
  await plain.getByLabel("Mot de passe").fill("mauvais mot de passe");
  await plain.getByRole("button", { name: "Se connecter" }).click();
  await plain.getByText("Adresse e-mail ou mot de passe incorrect.").waitFor();
  await expect(plain.title()).resolves.toBe(`Erreur : ${title}`);
  // The focus on the message (it stayed on <body>, at the page's top).
  await expect(plain.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
    "Adresse e-mail ou mot de passe incorrect.",
  );

  // A form sent before the page's JavaScript ran (here: sent by the browser itself) comes back as
  // a whole page; the script takes it over with the same title, rendering nothing again.
  const page = await pageAs();
  const logged: string[] = [];
  page.on("console", (message) => {
    // The browser notes the document's status 400 itself; React would log a title that differs.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) logged.push(message.text());
  });
  page.on("pageerror", (error) => logged.push(error.message));
  await page.goto(`${server.url}/connexion`);
  await hydrated(page);
  await page.getByLabel("Adresse e-mail").fill("inconnu@exemple.org");
  await page.getByLabel("Mot de passe").fill("mauvais mot de passe");
  await Promise.all([
    page.waitForNavigation(),
    page.evaluate(() => HTMLFormElement.prototype.submit.call(document.querySelector('form[method="post"]'))),
  ]);
  await hydrated(page);
  await page.getByText("Adresse e-mail ou mot de passe incorrect.").waitFor();
  await expect(page.title()).resolves.toBe(`Erreur : ${title}`);
  expect(logged).toEqual([]);
  // The next page's title is its own.
  await page.getByRole("link", { name: "Créer un compte" }).first().click();
  await page.waitForURL(/\/inscription/);
  await expect.poll(() => page.title()).toMatch(/^Créer un compte/);
});

// A field checked when it lost the focus dropped its error message at the press on the button: the
// button moved up from under the pointer before the release, and that first click was lost. Forms
// are checked when sent, then as a field in error is typed in.
it("after errors, one click on the button sends the corrected form", async () => {
  const page = await pageAs();
  await page.goto(`${server.url}/connexion`);
  await hydrated(page);
  const button = page.getByRole("button", { name: "Se connecter" });
  await button.click();
  await page.getByText("Indiquez une adresse e-mail.").waitFor();
  await page.getByText("Indiquez votre mot de passe.").waitFor();
  await page.getByLabel("Adresse e-mail").fill("inconnu@exemple.org");
  await page.getByLabel("Mot de passe").fill("mauvais mot de passe");
  // The messages go as the fields are corrected, not when the button is pressed.
  await expect(page.getByText(/^Indiquez/).count()).resolves.toBe(0);
  await button.click();
  await expect(page.getByRole("alert").innerText()).resolves.toContain("Adresse e-mail ou mot de passe incorrect.");
});

it("account, members, offer and moderation pages are accessible", async () => {
  const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const organisation = await createOrganisationFor(admin, { status: "pending" });
  await getDb().offer.create({
    data: {
      organisationId: organisation.id,
      resource: "salaries",
      title: "Deux jours par mois",
      description: "Des salariés pour animer.",
      availability: "En semaine",
      conditions: "free",
    },
  });

  const page = await pageAs(admin.cookie);
  for (const pathname of [
    "/espace",
    "/compte",
    `/espace/organisations/${organisation.id}`,
    `/espace/organisations/${organisation.id}/membres`,
    `/espace/organisations/${organisation.id}/offres/nouvelle`,
  ]) {
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status(), pathname).toBe(200);
    expect(await wcagViolations(page), pathname).toEqual([]);
  }
  await page.goto(`${server.url}/espace/organisations/nouvelle`);
  await page.getByRole("button", { name: "Enregistrer et envoyer au CCAS" }).click();
  await page.getByText("Nom de la structure : ce champ est obligatoire.").waitFor();
  expect(await wcagViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, "organisation-form-errors.png"), fullPage: true });

  const moderator = await pageAs(ccas.cookie);
  await moderator.goto(`${server.url}/ccas/moderation`);
  await moderator.getByRole("heading", { name: /Deux jours par mois/ }).waitFor();
  expect(await wcagViolations(moderator)).toEqual([]);
  await moderator.screenshot({ path: path.join(ARTIFACTS, "moderation.png"), fullPage: true });
  await moderator.goto(`${server.url}/ccas/population`);
  await moderator.getByLabel("Ou collez le tableau").fill("slug,population,source,year\nnantes-nord,0,,2021");
  await moderator.getByRole("button", { name: "Voir l'aperçu" }).click();
  await moderator.getByText("Le fichier contient des erreurs : rien n'a été enregistré.").waitFor();
  expect(await wcagViolations(moderator)).toEqual([]);
});

// Forms that named their action twice (a hidden field and the pressed button) reached the server with
// two values and saved nothing, while the integration tests, posting it once, passed: these saves are
// proven from a real browser, with JavaScript and without.
for (const javaScriptEnabled of [true, false]) {
  it(`account and CCAS staff forms save what a person sends (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const person = await createActor({ ccas: true });
    const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled });
    const [name, value] = person.cookie.split("=");
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    const page = await context.newPage();
    page.on("pageerror", (error) => {
      throw error;
    });

    await page.goto(`${server.url}/compte`);
    const nameSection = page.getByRole("region", { name: "Votre nom" });
    await nameSection.getByLabel("Nom").fill("Dominique Essai");
    await nameSection.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByText("Votre nom a été enregistré.").waitFor();
    const notifications = page.getByRole("region", { name: "Notifications par e-mail" });
    await notifications.getByRole("radio").last().check();
    await notifications.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByText("Vos préférences de notification sont enregistrées.").waitFor();
    const saved = await getDb().user.findUniqueOrThrow({ where: { id: person.id } });
    expect(saved.name).toBe("Dominique Essai");
    expect(saved.notificationMode).toBe("none");
    if (!javaScriptEnabled) {
      // The page came back by a GET at the form's section: a reload says nothing and sends nothing again.
      expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe("/compte#notifications");
      await getDb().user.update({ where: { id: person.id }, data: { notificationMode: "immediate" } });
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Mon compte" }).waitFor();
      await expect(page.getByText("Vos préférences de notification sont enregistrées.").count()).resolves.toBe(0);
      await expect(getDb().user.findUniqueOrThrow({ where: { id: person.id } })).resolves.toMatchObject({
        notificationMode: "immediate",
      });
    }

    await page.goto(`${server.url}/ccas/equipe`);
    await expect(page.getByText(/valable 7 jours/).count()).resolves.toBe(1);
    const invited = `equipe-${crypto.randomUUID()}@exemple.org`;
    const inviteForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Envoyer l'invitation" }) });
    await inviteForm.getByLabel("Adresse e-mail").fill(invited);
    await inviteForm.getByLabel("Rôle").selectOption("ccas-reviewer");
    await inviteForm.getByRole("button", { name: "Envoyer l'invitation" }).click();
    await page.getByText(`Invitation envoyée à ${invited}.`).waitFor();
    // The answer is a new page (a redirect): reloading it shows the notice and sends nothing again.
    await page.reload();
    await page.getByText(`Invitation envoyée à ${invited}.`).waitFor();
    await expect(getDb().staffInvitation.count({ where: { email: invited } })).resolves.toBe(1);

    // « Retirer l'accès… » asks first; with JavaScript the question takes the focus.
    const colleague = await createActor({ ccasRole: "ccas-reviewer" });
    const colleagueName = `Collègue ${colleague.id.slice(-6)}`;
    await getDb().user.update({ where: { id: colleague.id }, data: { name: colleagueName } });
    await page.goto(`${server.url}/ccas/equipe`);
    await page.getByRole("link", { name: `Retirer l'accès de ${colleagueName}…` }).click();
    const question = page.getByRole("heading", { name: `Retirer l'accès de ${colleagueName} (${colleague.email}) ?` });
    await question.waitFor();
    if (javaScriptEnabled) await expect(question.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await page.getByRole("button", { name: "Confirmer le retrait" }).click();
    await page.getByText(`Accès au CCAS retiré à ${colleagueName}.`).waitFor();
    await expect(getDb().user.count({ where: { isCcas: true, id: colleague.id } })).resolves.toBe(0);
    await context.close();
  });
}

it("only the button pressed says its form is being sent, and a second press is ignored", async () => {
  const person = await createActor();
  const page = await pageAs(person.cookie);
  await page.goto(`${server.url}/compte`);
  // The answer is held back, so that the sending state can be seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let posts = 0;
  await page.route(`${server.url}/compte*`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts += 1;
    await held;
    await route.continue();
  });
  const nameSection = page.getByRole("region", { name: "Votre nom" });
  const notifications = page.getByRole("region", { name: "Notifications par e-mail" });
  await nameSection.getByLabel("Nom").fill("Alix Attente");
  await nameSection.getByRole("button", { name: "Enregistrer" }).click();
  const pressed = nameSection.getByRole("button", { name: "Envoi…" });
  await pressed.waitFor();
  await expect(pressed.getAttribute("aria-disabled")).resolves.toBe("true");
  // The other form, with a button of the same words and a hidden action of its own, is not busy.
  await expect(notifications.getByRole("button", { name: "Enregistrer" }).getAttribute("aria-disabled")).resolves.toBeNull();
  await pressed.click({ force: true }); // aria-disabled: Playwright would wait for it to be enabled
  release();
  await page.getByText("Votre nom a été enregistré.").waitFor();
  expect(posts).toBe(1);
});

it("a confirmation link opened while logged in: back on the page it was sent from, which says the address is confirmed", async () => {
  const person = await createActor({ verified: false });
  const token = await issueToken(getDb(), { userId: person.id, kind: "verify-email", email: person.email });
  const page = await pageAs(person.cookie);
  await page.goto(
    `${server.url}/verifier-email?token=${token}&redirectTo=${encodeURIComponent("/espace/organisations/nouvelle")}`,
  );
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await page.getByRole("heading", { level: 1, name: "Créer la fiche d'une structure" }).waitFor();
  await page.getByRole("status").getByText("Votre adresse e-mail est confirmée.").waitFor();
  expect(new URL(page.url()).pathname).toBe("/espace/organisations/nouvelle");
  expect(await wcagViolations(page)).toEqual([]);
  // The same address opened by someone else (passed on) says nothing about their address.
  const visitor = await pageAs();
  await visitor.goto(page.url());
  await visitor.getByRole("heading", { level: 1 }).first().waitFor();
  await expect(visitor.getByText("Votre adresse e-mail est confirmée.").count()).resolves.toBe(0);
});

it("says on arrival that one is logged out, or that one's account is deleted (the home page said nothing)", async () => {
  const person = await createActor();
  const page = await pageAs(person.cookie);
  await page.goto(`${server.url}/compte`);
  await hydrated(page);
  await page.getByRole("button", { name: "Se déconnecter" }).first().click();
  await page.getByText("Déconnexion effectuée. À bientôt sur Coopérons.").waitFor();
  expect(new URL(page.url()).pathname).toBe("/");

  const leaving = await createActor();
  const own = await pageAs(leaving.cookie);
  await own.goto(`${server.url}/compte`);
  await hydrated(own);
  const section = own.getByRole("region", { name: "Supprimer mon compte" });
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByLabel("Tapez SUPPRIMER pour confirmer").fill("SUPPRIMER");
  await section.getByRole("button", { name: "Supprimer définitivement mon compte" }).click();
  await own.getByText("Votre compte a été supprimé.").waitFor();
  expect(await getDb().user.count({ where: { id: leaving.id } })).toBe(0);
});

it("without JavaScript, a refused form of « Mon compte » is said at the page's top, with a link to it", async () => {
  const person = await createActor();
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "fr-FR", viewport: { width: 390, height: 844 } });
  const [name, value] = person.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/compte`);
  const section = page.getByRole("region", { name: "Mot de passe" });
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByLabel("Nouveau mot de passe").fill(PASSWORD);
  await section.getByRole("button", { name: "Changer de mot de passe" }).click();
  // The field's message is some 900 px down; the top says it (it said nothing).
  const top = page.getByText("Rien n'a été enregistré : corrigez ce qui est signalé dans « Mot de passe ».");
  const box = (await top.boundingBox())!;
  expect(box.y).toBeLessThan(844);
  await expect(page.getByRole("link", { name: "« Mot de passe »" }).getAttribute("href")).resolves.toBe("#mot-de-passe");
  await section.getByText("Choisissez un nouveau mot de passe différent de l'actuel.").waitFor();
  await context.close();
});

// Found by a probe: on a phone the devices table's « Déconnecter » buttons carry words for screen
// readers placed out of sight; they escaped the table's scrolling frame and widened the page (432
// px at 390), cutting the column to « Décon… ».
it("on a 390 px phone, « Mon compte » does not scroll sideways: its devices table scrolls inside its frame", async () => {
  const person = await createActor();
  // Several devices, so that the table has « Déconnecter » buttons.
  await createSession(
    person.id,
    new Request("http://localhost/", {
      headers: { "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0" },
    }),
  );
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "fr-FR", viewport: { width: 390, height: 844 } });
  const [name, value] = person.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/compte`);
  await page
    .getByRole("button", { name: /^Déconnecter/ })
    .first()
    .waitFor();
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
  await context.close();
});

// Found by a probe: on a phone the team's table had four columns and scrolled sideways, « Retirer … »
// and « Quitter la structure » out of sight; a refused invitation, without JavaScript, came back at
// the page's top with nothing said there.
it("on a 390 px phone without JavaScript, a structure's team fits the screen, and a refused invitation is said where the page opens", async () => {
  const admin = await createActor();
  const organisation = await createOrganisationFor(admin);
  const member = await createActor();
  await getDb().user.update({
    where: { id: member.id },
    data: {
      name: "Marie-Hélène Dupont-Lefebvre",
      email: `marie-helene.dupont-lefebvre.${member.id.slice(-6)}@association-exemple.org`,
    },
  });
  await getDb().membership.create({ data: { userId: member.id, organisationId: organisation.id, role: "editor" } });
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "fr-FR", viewport: { width: 390, height: 844 } });
  const [name, value] = admin.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/espace/organisations/${organisation.id}/membres`);

  const remove = page.getByRole("button", { name: "Retirer Marie-Hélène Dupont-Lefebvre" });
  const box = (await remove.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  const frame = page.getByRole("region", { name: "Membres" });
  await expect(frame.evaluate((element) => element.scrollWidth - element.clientWidth)).resolves.toBeLessThanOrEqual(0);
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);

  await page.getByLabel("Adresse e-mail").fill("pas-une-adresse");
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  // Back at the form (#inviter), its message on screen; the page's top says it too, with a link.
  expect(new URL(page.url()).hash).toBe("#inviter");
  await page.getByText("Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.").waitFor();
  await expect(page.getByRole("link", { name: "« Inviter une personne »" }).getAttribute("href")).resolves.toBe("#inviter");
  const field = (await page.getByLabel("Adresse e-mail").boundingBox())!;
  expect(field.y).toBeGreaterThanOrEqual(0);
  expect(field.y).toBeLessThan(844);
  await expect(page.getByLabel("Adresse e-mail").inputValue()).resolves.toBe("pas-une-adresse");
  await expect(getDb().invitation.count({ where: { organisationId: organisation.id } })).resolves.toBe(0);
  await context.close();
});
