// The CCAS's review pages as a new staff member meets them: on a phone (375 px), with a keyboard,
// with JavaScript and without.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";
import { createCallGroupement, currentCallId } from "../helpers/filed-groupement";

let server: AppServer;
let browser: Browser;
let admin: Actor;
let callId: string;

const db = () => getDb();

beforeAll(async () => {
  [server, browser, admin, callId] = await Promise.all([
    startAppServer(),
    launchBrowser(),
    createActor({ ccas: true }),
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

/** Waits until Remix runs the page in the browser (its router is up and the page's scripts loaded). */
async function hydrated(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => "__remixRouter" in window);
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
