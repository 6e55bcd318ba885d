// Issue 13's journey: organisation A's idea seeks health and premises in Nantes Nord; its page
// suggests the health organisation B of Nantes Nord with its reasons; A invites B (without
// JavaScript, on a phone); B finds the invitation in its inbox and the idea in « Idées qui vous
// cherchent ». axe-core on every page visited.
import crypto from "node:crypto";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, wcagViolations } from "../helpers/browser";
import { startSmtp, type TestSmtp } from "../helpers/smtp";

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

async function pageAs(cookie: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", ...options });
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

it("suggests the health organisation of Nantes Nord, which A invites and which finds the idea looking for it", async () => {
  const db = getDb();
  const [adminA, adminB] = await Promise.all([createActor(), createActor()]);
  const [a, b] = await Promise.all([createOrganisationFor(adminA), createOrganisationFor(adminB)]);
  const nameB = `Maison de santé des Bourdonnières ${b.slug}`;
  const nantesNord = await db.quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } });
  await db.organisation.update({
    where: { id: b.id },
    data: {
      name: nameB,
      sector: "sante",
      quartiers: { create: [{ quartierId: nantesNord.id }] },
      offers: {
        create: [
          {
            resource: "locaux",
            title: "Salle",
            description: "",
            availability: "Le samedi",
            conditions: "free",
            status: "published",
          },
        ],
      },
    },
  });
  const title = `Veilleurs de palier ${crypto.randomUUID().slice(0, 6)}`;
  const idea = await db.idea.create({
    data: {
      slug: `veilleurs-${crypto.randomUUID().slice(0, 8)}`,
      organisationId: a.id,
      callId: (await db.call.findFirstOrThrow()).id,
      title,
      summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
      description: "Avec un lieu de santé du quartier, nous voulons former des voisins veilleurs.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: {
        create: [
          { kind: "subAxis", code: "2.1" },
          { kind: "quartier", code: "nantes-nord" },
          { kind: "sector", code: "sante" },
          { kind: "resource", code: "locaux" },
        ],
      },
    },
  });

  // A's member sees the suggestions on the idea's page, B among them with its reasons.
  const withScripts = await pageAs(adminA.cookie);
  await withScripts.goto(`${server.url}/idees/${idea.slug}`);
  const suggestions = withScripts.getByRole("region", { name: "Partenaires suggérés" });
  const card = suggestions.getByRole("listitem").filter({ has: withScripts.getByRole("heading", { name: nameB }) });
  await card.waitFor();
  await expect(card.getByRole("list", { name: "Raisons de la suggestion" }).innerText()).resolves.toMatch(
    /2ᵉ secteur : santé\s+Secteur recherché\s+Ressource recherchée\s+Même quartier/,
  );
  await expect(
    card.getByText("Ajouterait un 2ᵉ secteur (santé) : la règle des secteurs serait respectée.").isVisible(),
  ).resolves.toBe(true);
  await expect(card.getByText("Propose des locaux à Nantes Nord.").isVisible()).resolves.toBe(true);
  await expect(card.getByRole("link", { name: nameB }).getAttribute("href")).resolves.toBe(`/organisations/${b.slug}`);
  await card.getByText("Inviter à manifester son intérêt").click();
  await expectAccessible(withScripts);

  // On a phone without JavaScript, A opens the invitation, writes a word and confirms.
  const phone = await pageAs(adminA.cookie, { javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  await phone.goto(`${server.url}/idees/${idea.slug}`);
  const phoneCard = phone.getByRole("listitem").filter({ has: phone.getByRole("heading", { name: nameB }) });
  await phoneCard.getByText("Inviter à manifester son intérêt").click();
  await phoneCard.getByLabel("Votre message (facultatif)").fill("Votre salle du samedi serait parfaite pour nos veilleurs.");
  await phoneCard.getByRole("button", { name: `Envoyer l'invitation à ${nameB}` }).click();
  await phone.getByText(`Invitation envoyée à « ${nameB} »`).waitFor();
  // The answer opens at the card, its confirmation on screen (it opened at the page's top, ten
  // screens above).
  expect(new URL(phone.url()).hash).toBe(`#suggestion-${b.id}`);
  const sentBox = (await phone.getByText(`Invitation envoyée à « ${nameB} »`).boundingBox())!;
  expect(sentBox.y).toBeGreaterThanOrEqual(0);
  expect(sentBox.y + sentBox.height).toBeLessThanOrEqual(844);
  await phone
    .getByRole("listitem")
    .filter({ has: phone.getByRole("heading", { name: nameB }) })
    .getByText(/^Invitée à manifester son intérêt le /)
    .waitFor();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // B's admin is told by mail, and finds the invitation in the inbox.
  const mail = await smtp.waitFor(adminB.email, /vous invite à rejoindre/);
  expect(mail.text).toContain("Votre salle du samedi serait parfaite pour nos veilleurs.");
  const pageB = await pageAs(adminB.cookie);
  // The header's link says it, as a screen reader reads it: « Mon espace (1 non lu) ».
  await pageB.goto(`${server.url}/espace`);
  await expect(pageB.getByRole("link", { name: "Mon espace (1 non lu)", exact: true }).count()).resolves.toBe(1);
  await pageB.goto(`${server.url}/espace/organisations/${b.id}/messagerie`);
  const invitation = pageB.locator(".inbox-item", { hasText: `vous invite à rejoindre « ${title} »` });
  await invitation.waitFor();
  await expect(invitation.getByText("Votre salle du samedi serait parfaite pour nos veilleurs.").isVisible()).resolves.toBe(true);
  await expect(invitation.getByText("Nouveau").isVisible()).resolves.toBe(true);
  await expectAccessible(pageB);

  // And « Idées qui vous cherchent » shows A's idea with what B would bring.
  await pageB.goto(`${server.url}/espace/organisations/${b.id}`);
  await pageB.getByRole("link", { name: "Idées qui vous cherchent" }).click();
  await pageB.getByRole("heading", { level: 1, name: "Idées qui vous cherchent" }).waitFor();
  const seeking = pageB.getByRole("listitem").filter({ has: pageB.getByRole("heading", { name: title }) });
  await expect(seeking.getByRole("list").innerText()).resolves.toMatch(/2ᵉ secteur : santé\s+Secteur recherché/);
  await expect(seeking.getByText("Ce projet vous a invités à manifester votre intérêt.").isVisible()).resolves.toBe(true);
  // An idea (feminine), as its own page says it: « Portée par ».
  await expect(seeking.getByText(`Portée par ${a.name}`, { exact: true }).isVisible()).resolves.toBe(true);
  await expectAccessible(pageB);
  await seeking.getByRole("link", { name: `Proposer de participer à « ${title} »` }).click();
  await pageB.getByRole("heading", { level: 2, name: "Rejoindre ce projet" }).waitFor();

  // Back on A's page: « Pas intéressé » hides another suggestion, « Réafficher » brings it back.
  await withScripts.goto(`${server.url}/idees/${idea.slug}`);
  const other = withScripts
    .getByRole("region", { name: "Partenaires suggérés" })
    .getByRole("listitem")
    .filter({ hasNot: withScripts.getByRole("heading", { name: nameB }) })
    .filter({ has: withScripts.getByRole("heading", { level: 3 }) })
    .first();
  const otherName = await other.getByRole("heading", { level: 3 }).innerText();
  await other.getByRole("button", { name: `Pas intéressé : ${otherName}` }).click();
  await withScripts.getByText(`${otherName} ne vous est plus suggérée.`).waitFor();
  await withScripts.getByRole("link", { name: /Afficher les suggestions masquées \(1\)/ }).click();
  await withScripts.getByRole("heading", { name: "Suggestions masquées (1)" }).waitFor();
  await expectAccessible(withScripts);
  await withScripts.getByRole("button", { name: `Réafficher : ${otherName}` }).click();
  await withScripts.getByText(`${otherName} peut de nouveau vous être suggérée.`).waitFor();
}, 180_000);
