// The CCAS's review pages as a new staff member meets them: on a phone (375 px), with a keyboard,
// with JavaScript and without.
import crypto from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";

let server: AppServer;
let browser: Browser;
let admin: Actor;
let callId: string;

const db = () => getDb();

beforeAll(async () => {
  [server, browser, admin] = await Promise.all([startAppServer(), launchBrowser(), createActor({ ccas: true })]);
  callId = (await db().call.findFirstOrThrow({ where: { draft: false }, orderBy: { publishedAt: "desc" } })).id;
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

/** Waits until Remix runs the page in the browser (its router is up and the page's scripts loaded). */
async function hydrated(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => "__remixRouter" in window);
}

/** A filed groupement of the current call: a lead association and a social landlord. */
async function createFiledGroupement(title: string) {
  const [leadAdmin, partnerAdmin] = await Promise.all([createActor(), createActor()]);
  const lead = await createOrganisationFor(leadAdmin);
  const partner = await db().organisation.update({
    where: { id: (await createOrganisationFor(partnerAdmin)).id },
    data: { sector: "habitat", kind: "bailleur-social" },
  });
  const idea = await db().idea.create({
    data: {
      slug: `idee-${crypto.randomUUID().slice(0, 8)}`,
      organisationId: lead.id,
      callId,
      title,
      summary: "Des voisins veilleurs repèrent les locataires qui ne sortent plus.",
      description: "Chaque palier a son veilleur.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: { create: [{ kind: "subAxis", code: "2.1" }] },
    },
  });
  const interest = await db().interest.create({
    data: { ideaId: idea.id, organisationId: partner.id, message: "Avec plaisir.", resources: "locaux", status: "accepted" },
  });
  await db().candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id, interestId: interest.id } });
  const { id } = await createGroupementFromIdea(db(), idea.id);
  await db().groupement.update({ where: { id }, data: { submittedAt: new Date("2025-07-10T12:00:00Z") } });
  return { id, leadAdmin };
}

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
