// Issue 14's journey in Chromium, as the CCAS and the structures make it: an administrator prepares
// the 2026 call from the 2025 one, changes a sub-axis, the deadline (Paris hour) and the
// publication date, previews and publishes it, and the home page shows it open; a groupement files
// on it; the CCAS assigns a reviewer, who scores it; the administrator decides « retenu », which the
// lead cannot see until the results are published; then the lead sees it and the home page lists it
// among the laureates. Every CCAS page is checked with axe-core, and the key forms (publish a call,
// assign, score, decide, publish the results) are used again with JavaScript off.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { instantToParisLocal, parisLocalToInstant } from "~/domain/call-status";
import { formatDateTime, formatDay, ofName } from "~/domain/format";
import { getDb } from "~/utils/db.server";
import { createIdeaSchema } from "~/domain/schemas/idea";
import { createGroupementFromIdea, markGroupementSubmitted } from "~/models/groupement.server";
import { createIdea } from "~/models/idea.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";
import { createCall, SEEDED_CALL } from "../helpers/calls";

let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Errors the pages threw in the browser, with the page's path: each test ends with none. */
let pageErrors: string[] = [];

beforeEach(() => {
  pageErrors = [];
});

afterEach(() => {
  expect(pageErrors, "errors thrown by the pages' JavaScript").toEqual([]);
});

// A busy machine (several runs at once) may take more than the default minute to start the site.
beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer({}, 150_000), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.stop();
});

/** A browser tab signed in as `actor`, or a visitor's without one. */
async function pageAs(actor: Actor | null, { javaScriptEnabled = true } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1200, height: 900 }, javaScriptEnabled });
  contexts.push(context);
  if (actor) {
    const [name, value] = actor.cookie.split("=");
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  }
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${new URL(page.url()).pathname}: ${error.name}: ${error.message}`));
  return page;
}

/** A person with a name of their own (every actor is « Camille Exemple »), so the pages can be read. */
async function named(actor: Promise<Actor>, name: string): Promise<Actor> {
  const created = await actor;
  await getDb().user.update({ where: { id: created.id }, data: { name } });
  return created;
}

/**
 * axe-core on the page as it is now. Soft: a page with violations is reported and the journey goes
 * on, so that one run lists every page that fails, not only the first.
 */
async function expectAccessible(page: Page) {
  expect.soft(await wcagViolations(page), new URL(page.url()).pathname).toEqual([]);
}

/** One row of a call's list form (calendar, axes…), found by a value it shows. */
function editionRow(page: Page, section: string, value: string) {
  return page.locator(`section#${section} fieldset.edition-row`).filter({ has: page.locator(`input[value="${value}"]`) });
}

/** A Paris calendar day `days` from now, as a date field wants it. */
const dayIn = (days: number) => instantToParisLocal(new Date(Date.now() + days * 24 * 3600_000)).date;
const monthOf = (day: string) =>
  new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));

/**
 * The copied calendar, as a person moves each of last year's steps to the new call's dates: the
 * publication today, two webinars, the deadline on `deadlineDay` at 17:30 (Paris), then the
 * interviews, the results and the first payment after it.
 */
async function planCalendar(page: Page, deadlineDay: string) {
  const row = (title: string, index = 0) => editionRow(page, "calendar", title).nth(index);
  const set = async (title: string, index: number, fields: Record<string, string>) => {
    for (const [label, value] of Object.entries(fields)) await row(title, index).getByLabel(label, { exact: true }).fill(value);
  };
  await set("Publication de l'appel", 0, { "Date de début": dayIn(0) });
  for (const [index, days] of [7, 14].entries())
    await set("Webinaire de présentation", index, { "Date de début": dayIn(days), "Date de fin": dayIn(days) });
  await set("Date limite de dépôt des candidatures", 0, {
    "Date de début": deadlineDay,
    "Heure de début (heure de Paris)": "17:30",
  });
  await set("Entretiens éventuels au CCAS", 0, { "Date de début": dayIn(45), "Date de fin": dayIn(46) });
  await set("Annonce des lauréats", 0, {
    "Date de début": dayIn(60),
    "Date de fin": dayIn(90),
    "Date en toutes lettres": `courant ${monthOf(dayIn(60))}`,
  });
  await set("Premier versement de la subvention", 0, {
    "Date de début": dayIn(120),
    "Date de fin": dayIn(200),
    "Date en toutes lettres": `à partir de ${monthOf(dayIn(120))}`,
  });
  await page.locator("section#calendar").getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Le calendrier est enregistré.").waitFor();
}

/** « Démarrage au plus tard »: mid-2027, in the date field and in words. */
async function setLatestStart(page: Page) {
  const parameters = page.locator("section#parameters");
  await parameters.getByLabel("Démarrage au plus tard", { exact: true }).fill("2027-06-30");
  await parameters.getByLabel("Démarrage au plus tard, en toutes lettres").fill("au plus tard au premier semestre 2027");
  await parameters.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Les paramètres sont enregistrés.").waitFor();
}

const OLD_SUB_AXIS = "Investir les lieux et quartiers peu couverts par une offre de lien social";
const NEW_SUB_AXIS = "Investir les quartiers peu couverts, le soir et le week-end";
const TITLE_2026 = "Appel à coopérations 2026 : rompre l'isolement des personnes en situation de précarité";
const SHORT_TITLE_2026 = "Appel à coopérations 2026";

it("prepares, publishes and runs the 2026 call, from its preview to the laureates on the home page", async () => {
  const db = getDb();
  const [admin, reviewer, leadAdmin, partnerAdmin] = await Promise.all([
    named(createActor({ ccas: true }), "Alix Administratrice"),
    named(createActor({ ccasRole: "ccas-reviewer" }), "Dominique Relecteur"),
    named(createActor(), "Léa Cheffe-de-file"),
    named(createActor(), "Paul Partenaire"),
  ]);
  // The two structures are published already, as the organisation journey leaves them.
  const lead = await db.organisation.update({
    where: { id: (await createOrganisationFor(leadAdmin)).id },
    data: { name: "Association Les Veilleurs de Malakoff" },
  });
  const partner = await db.organisation.update({
    where: { id: (await createOrganisationFor(partnerAdmin)).id },
    data: { name: "Habitat Malakoff", sector: "habitat", kind: "bailleur-social" },
  });

  // The call is prepared today, for a deadline 30 days ahead at 17:30 in Paris.
  const deadlineDay = dayIn(30);
  const deadlineText = formatDateTime(parisLocalToInstant(deadlineDay, "17:30"));
  expect(deadlineText).toMatch(/ à 17 h 30$/);

  // --- 1. Prepare the 2026 call from the 2025 one --------------------------------------------
  const a = await pageAs(admin);
  await a.goto(`${server.url}/ccas/appels`);
  await a.getByRole("heading", { level: 1, name: "Appels à coopérations" }).waitFor();
  await expectAccessible(a);
  // On a phone the button stands on the screen (it was at the end of a table row, off to the right).
  await a.setViewportSize({ width: 390, height: 844 });
  const prepare = (await a.getByRole("button", { name: "Préparer un nouvel appel" }).boundingBox())!;
  expect(prepare.x + prepare.width).toBeLessThanOrEqual(390);
  await expect(a.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
  await a.setViewportSize({ width: 1200, height: 900 });
  await a.getByLabel("À partir de l'appel").selectOption(SEEDED_CALL);
  await a.getByRole("button", { name: "Préparer un nouvel appel" }).click();
  await a.getByText("Le nouvel appel est prêt, en brouillon").waitFor();
  const editUrl = a.url().replace(/\?.*$/, "");
  const slug = new URL(editUrl).pathname.split("/").at(-1)!;
  await expect(a.getByRole("heading", { level: 1 }).innerText()).resolves.toMatch(/\(copie\)$/);
  await expectAccessible(a);
  // Back on the list, the form still offers the published call, not the newest draft (the copy);
  // each choice starts with its short title and says its state.
  await a.goto(`${server.url}/ccas/appels`);
  const source = a.getByLabel("À partir de l'appel");
  await expect(source.inputValue()).resolves.toBe(SEEDED_CALL);
  // (The state first: a phone's closed select shows only the start.)
  await expect(source.locator(`option[value="${slug}"]`).innerText()).resolves.toMatch(
    /^Brouillon \(non publié\) · .+\(copie\)$/,
  );
  await a.goto(editUrl);

  // Its titles.
  const general = a.locator("section#general");
  await general.getByLabel("Titre", { exact: true }).fill(TITLE_2026);
  await general.getByLabel("Titre court", { exact: true }).fill(SHORT_TITLE_2026);
  await general.getByRole("button", { name: "Enregistrer" }).click();
  await a.getByText("Les informations générales sont enregistrées.").waitFor();
  await expect(a.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(TITLE_2026);

  // A sub-axis's label.
  await editionRow(a, "axes", "2.3").getByLabel("Titre du sous-axe").fill(NEW_SUB_AXIS);
  await a.getByRole("button", { name: "Enregistrer les axes et sous-axes" }).click();
  await a.getByText("Les axes et sous-axes sont enregistrés.").waitFor();
  await expect(editionRow(a, "axes", "2.3").getByLabel("Titre du sous-axe").inputValue()).resolves.toBe(NEW_SUB_AXIS);

  // The calendar, every step moved to the coming year: published today, the deadline in 30 days
  // at 17:30 (Paris).
  await planCalendar(a, deadlineDay);
  await expect(a.getByText(`Date limite : ${deadlineText} (heure de Paris).`).count()).resolves.toBe(1);

  // Projects of the 2026 call start by mid-2027.
  await setLatestStart(a);
  await expectAccessible(a);

  // The preview shows the public pages as they will be: the new sub-axis, the new deadline.
  await a.getByRole("link", { name: "Prévisualiser les pages publiques" }).click();
  await a.getByText("Aperçu — cet appel n'est pas publié.").waitFor();
  await a.getByRole("heading", { level: 4, name: new RegExp(`^2\\.3\\s*${NEW_SUB_AXIS}$`) }).waitFor();
  await expect(a.getByText(OLD_SUB_AXIS).count()).resolves.toBe(0);
  await expect(a.getByText(`Date limite de dépôt des dossiers : ${deadlineText} (heure de Paris).`).count()).resolves.toBe(1);
  await expectAccessible(a);

  // Publish, after the confirmation page. Its publication day (today) has come: it opens at once.
  await a.goto(editUrl);
  await a.getByRole("link", { name: "Publier l'appel…" }).click();
  await a.getByRole("heading", { level: 1, name: "Publier l'appel" }).waitFor();
  await expectAccessible(a);
  const publishText = await a.locator("main").innerText();
  expect
    .soft(publishText, "the publish page on a call whose publication day has come")
    .toContain(`Il sera ouvert dès maintenant jusqu'au ${deadlineText} (heure de Paris).`);
  await a.getByRole("button", { name: "Publier l'appel" }).click();
  await a.getByText(/^L'appel est publié[.:]/).waitFor();
  await expect(a.getByText("État : Ouvert.").count()).resolves.toBe(1);

  // The home page presents it, open, with its deadline and the new sub-axis.
  const home = await pageAs(null);
  await home.goto(`${server.url}/`);
  await expect(home.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(TITLE_2026);
  const status = home.getByTestId("call-status").first();
  await expect(status.getAttribute("data-status")).resolves.toBe("ouvert");
  await expect(status.innerText()).resolves.toContain(`Les candidatures sont ouvertes jusqu'au ${deadlineText}.`);
  await expect(home.getByText(`Date limite de dépôt des dossiers : ${deadlineText} (heure de Paris).`).count()).resolves.toBe(1);
  // Once in the call's axes, and as the tag of each structure acting on it.
  const tags = home.getByRole("list", { name: "Sous-axes d'intérêt" }).getByRole("listitem").filter({ hasText: NEW_SUB_AXIS });
  const tagged = await tags.count();
  expect(tagged).toBeGreaterThan(0);
  expect(new Set(await tags.allInnerTexts())).toEqual(new Set([`2.3 — ${NEW_SUB_AXIS}`]));
  await expect(home.getByText(NEW_SUB_AXIS).count()).resolves.toBe(1 + tagged);

  // --- 2. A groupement files on it --------------------------------------------------------------
  // The lead's idea, in the new call: its form offers the renamed sub-axis.
  const l = await pageAs(leadAdmin);
  await l.goto(`${server.url}/espace/organisations/${lead.id}/idees/nouvelle`);
  await l.getByLabel("Titre du projet").fill("Veilleurs du soir à Malakoff");
  await l.getByLabel("Résumé").fill("Des veilleurs qui frappent aux portes le soir et le week-end.");
  await l
    .getByLabel("Description", { exact: true })
    .fill("Des locataires et une association repèrent les voisins qui ne sortent plus et les accompagnent.");
  await l.getByRole("group", { name: "Sous-axes de l'appel" }).getByLabel(`2.3 — ${NEW_SUB_AXIS}`).check();
  await l.getByLabel("Le projet agit sur l'isolement social").check();
  await l.getByLabel("Le projet agit sur la précarité").check();
  await l.getByLabel("Public visé").fill("Locataires isolés de Malakoff");
  await l.getByRole("group", { name: "Quartiers visés" }).getByLabel("Malakoff - Saint-Donatien").check();
  await l.getByRole("button", { name: "Enregistrer" }).click();
  await l.getByText("Idée créée et envoyée au CCAS pour validation.").waitFor();
  await l.getByRole("button", { name: "Créer le groupement" }).click();
  await l.getByRole("heading", { level: 1, name: "Veilleurs du soir à Malakoff" }).waitFor();
  await expect(l.locator("p.lead").innerText()).resolves.toBe(TITLE_2026);
  const groupementUrl = l.url();
  const groupementId = new URL(groupementUrl).pathname.split("/").at(-1)!;

  // A partner from another sector joins. The demo structures' names already end with « (démo) ».
  const invitable = await l.getByLabel("Inviter une structure publiée").locator("option").allInnerTexts();
  expect
    .soft(
      invitable.filter((label) => label.includes("(démo) (démo)")),
      "structures offered to invite",
    )
    .toEqual([]);
  await l.getByLabel("Inviter une structure publiée").selectOption({ label: partner.name });
  await l.getByRole("button", { name: "Inviter" }).click();
  await l.getByText(`Invitation envoyée à « ${partner.name} »`).waitFor();
  const p = await pageAs(partnerAdmin);
  await p.goto(groupementUrl);
  await p.getByRole("button", { name: "Rejoindre le groupement" }).click();
  await p.getByText("Votre structure a rejoint le groupement.").waitFor();

  // The lead completes the project, the budget and both contributions.
  await l.reload();
  const project = l.locator("form#project");
  await project.getByLabel("Date de démarrage").fill("2027-03-01");
  await project.getByLabel("Durée (mois)").fill("24");
  await project.getByLabel("Coopération", { exact: true }).selectOption("new");
  await project.getByLabel("Nombre de bénéficiaires attendus").fill("120");
  await project.getByRole("button", { name: "Enregistrer le projet" }).click();
  await l.getByText("Projet enregistré.").waitFor();
  const budget = l.locator("form#budget");
  await budget.getByLabel(/Fonctionnement/).fill("90000");
  await budget.getByLabel(/Accompagnement/).fill("40000");
  await budget.getByLabel(/Équipement/).fill("10000");
  await budget.getByRole("button", { name: "Enregistrer le budget" }).click();
  await l.getByText("Budget enregistré.").waitFor();
  for (const contribution of [
    { name: lead.name, share: "100000", commitment: "convention", resource: "Salariés mis à disposition" },
    { name: partner.name, share: "40000", commitment: "lettre-engagement", resource: "Locaux" },
  ]) {
    await l.getByText(`Modifier la contribution ${ofName(contribution.name)}`, { exact: true }).click();
    const form = l.getByRole("form", { name: `Contribution ${ofName(contribution.name)}` });
    await form.getByLabel("Rôle dans le projet").fill("Un rôle précis.");
    await form.getByRole("group", { name: "Ressources apportées" }).getByLabel(contribution.resource).check();
    await form.getByLabel("Part de la subvention (€)").fill(contribution.share);
    await form.getByLabel("Engagement").selectOption(contribution.commitment);
    await form.getByRole("button", { name: `Enregistrer la contribution ${ofName(contribution.name)}` }).click();
    await l.getByText(`Contribution ${ofName(contribution.name)} enregistrée`).waitFor();
  }
  await p.reload();
  await p.getByRole("button", { name: `Confirmer la contribution ${ofName(partner.name)}` }).click();
  await p.getByText(`Contribution ${ofName(partner.name)} confirmée.`).waitFor();

  // Eligible: no rule blocks, none is left to fill in. Then the lead marks it « déposé ».
  await l.reload();
  await expect
    .poll(() => l.locator('.rules li[data-status="fail"], .rules li[data-status="todo"]').count(), { timeout: 10_000 })
    .toBe(0);
  await expect(l.getByTestId("eligibility-verdict").innerText()).resolves.toMatch(/^Conforme aux règles/);
  await l.getByRole("button", { name: "Marquer le dossier « déposé »" }).click();
  await l
    .getByText(`Dossier déposé le ${formatDay(new Date())}. Toute modification est enregistrée dans l'historique.`)
    .waitFor();
  // The answer to the press, where it was made: the form is gone, its confirmation must not go with it.
  expect.soft(await l.getByText("Dossier marqué comme déposé.", { exact: false }).count(), "the filing's confirmation").toBe(1);

  // --- The CCAS reviews it ------------------------------------------------------------------------
  await a.goto(`${server.url}/ccas/groupements`);
  await expect(a.locator("p.lead").innerText()).resolves.toBe(TITLE_2026);
  const listRow = a.locator(`tr[data-groupement="${groupementId}"]`);
  await expect(listRow.innerText()).resolves.toMatch(/Déposé le .*Conforme/s);
  await expectAccessible(a);
  await listRow.getByRole("link", { name: "Veilleurs du soir à Malakoff" }).click();
  await a.getByRole("heading", { level: 1, name: "Veilleurs du soir à Malakoff" }).waitFor();
  await expect(a.getByText(`chef de file : ${lead.name}`).count()).resolves.toBe(1);
  await expectAccessible(a);
  await a.getByLabel("Confier la relecture à").selectOption({ label: `Dominique Relecteur (${reviewer.email})` });
  await a.getByRole("button", { name: "Désigner", exact: true }).click();
  await a.getByText("Dominique Relecteur relit ce groupement.").waitFor();
  const reviewUrl = a.url();

  // The reviewer scores it on each of the call's five criteria; the decision is not theirs.
  const r = await pageAs(reviewer);
  await r.goto(`${server.url}/ccas`);
  await r.getByRole("heading", { level: 1, name: "Tableau de bord" }).waitFor();
  await expectAccessible(r);
  await r.goto(reviewUrl);
  await r.getByRole("heading", { level: 1, name: "Veilleurs du soir à Malakoff" }).waitFor();
  await expect(r.getByText("Les décisions sont enregistrées par les administrateurs du CCAS.").count()).resolves.toBe(1);
  await expectAccessible(r);
  const scores = r.locator("form#scores");
  const scoreFields = scores.getByLabel(/\(0 à 5\)$/);
  await expect(scoreFields.count()).resolves.toBe(5);
  for (const [index, score] of ["4", "5", "4", "3", "4"].entries()) await scoreFields.nth(index).fill(score);
  await scores.getByRole("button", { name: "Enregistrer mes notes" }).click();
  await r.getByText("Vos notes sont enregistrées.").waitFor();
  // Each criterion with the reviewer's score and the average, then the total (sur 25); and so as
  // stored, after a reload.
  const scoreTable = r.getByRole("table", { name: "Notes par relecteur et moyenne" });
  const expectedScores =
    /Pertinence[^\n]*\t4\t4\n[^\n]*\t5\t5\n[^\n]*\t4\t4\n[^\n]*\t3\t3\n[^\n]*\t4\t4\nTotal \(sur 25\)\t20\t20/;
  await expect.poll(() => scoreTable.innerText(), { timeout: 15_000 }).toMatch(expectedScores);
  await r.reload();
  expect(await scoreTable.innerText()).toMatch(expectedScores);
  await expectAccessible(r);

  // The administrator decides « retenu », with a message.
  const message = "Le jury retient votre projet : rendez-vous en janvier pour la convention.";
  await a.reload();
  await a.getByRole("combobox", { name: "Décision", exact: true }).selectOption({ label: "Retenu" });
  await a.getByLabel("Message au chef de file").fill(message);
  await a.getByRole("button", { name: "Enregistrer la décision" }).click();
  await a.getByText("Décision enregistrée. Le groupement ne la verra qu'à la publication des résultats.").waitFor();
  await expectAccessible(a);

  // The lead sees nothing of it yet.
  await l.reload();
  await l.getByRole("heading", { level: 1, name: "Veilleurs du soir à Malakoff" }).waitFor();
  await expect(l.getByTestId("decision").count()).resolves.toBe(0);
  await expect(l.getByText(message).count()).resolves.toBe(0);

  // The comparison of the filed groupements: its average total and the decision.
  await a.goto(`${server.url}/ccas/groupements`);
  await a.getByRole("link", { name: "Tableau comparatif des dossiers déposés" }).click();
  await a.getByRole("heading", { level: 1, name: "Comparaison des dossiers déposés" }).waitFor();
  // Filed on, the five averages, the total, one reviewer, the decision.
  const compared = await a.getByRole("row").filter({ hasText: "Veilleurs du soir à Malakoff" }).locator("td").allInnerTexts();
  expect(compared.slice(1)).toEqual(["4", "5", "4", "3", "4", "20", "1", "Retenu"]);
  await expectAccessible(a);

  // The deadline passes: the administrator closes the call now, from its calendar (results come after it).
  const justBefore = instantToParisLocal(new Date(Date.now() - 60_000));
  await a.goto(editUrl);
  const closingRow = editionRow(a, "calendar", "Date limite de dépôt des candidatures");
  await closingRow.getByLabel("Date de début", { exact: true }).fill(justBefore.date);
  await closingRow.getByLabel("Heure de début (heure de Paris)").fill(justBefore.time);
  await a.locator("section#calendar").getByRole("button", { name: "Enregistrer" }).click();
  // The call is published: its webinars, still ahead, would come after the deadline. They are cancelled.
  await a
    .getByText(/^Cet appel est publié : calendrier dans le désordre : « Webinaire de présentation »/)
    .first()
    .waitFor();
  // The refusal is at the top of the calendar, far above its button: the page goes to it.
  await expect
    .poll(() => a.evaluate(() => document.activeElement?.textContent ?? ""))
    .toMatch(/^Cet appel est publié : calendrier dans le désordre/);
  for (const index of [0, 1])
    await editionRow(a, "calendar", "Webinaire de présentation").nth(index).getByLabel("Supprimer").check();
  await a.locator("section#calendar").getByRole("button", { name: "Enregistrer" }).click();
  await a.getByText("Le calendrier est enregistré.").waitFor();
  await expect(a.getByText("État : Clos.").count()).resolves.toBe(1);

  // The results are published, after the confirmation step.
  await a.goto(`${server.url}/ccas/groupements`);
  await a.getByRole("link", { name: "Publier les résultats…" }).click();
  await a.getByRole("heading", { name: "Confirmer la publication des résultats" }).waitFor();
  await expectAccessible(a);
  await a.getByRole("button", { name: "Confirmer : publier les résultats" }).click();
  await a.getByText(/^Résultats publiés : chaque groupement voit maintenant la décision le concernant\./).waitFor();
  await expect(listRow.innerText()).resolves.toMatch(/Retenu/);

  // The lead, signed in, reads the decision and its message on the groupement's page.
  await l.reload();
  const decision = l.getByTestId("decision");
  await decision.waitFor();
  await expect(decision.getByRole("heading").innerText()).resolves.toBe("Décision du CCAS : Retenu");
  await expect(decision.innerText()).resolves.toContain(message);
  await expect(decision.innerText()).resolves.toContain(`Résultats publiés le ${formatDay(new Date())}.`);

  // The home page lists it among the 2026 call's laureates.
  await home.goto(`${server.url}/`);
  await expect(home.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(TITLE_2026);
  await expect(home.getByTestId("call-status").first().getAttribute("data-status")).resolves.toBe("resultats");
  const laureates = home.getByRole("region", { name: "Les projets retenus" }).first();
  const card = laureates
    .getByRole("listitem")
    .filter({ has: home.getByRole("heading", { name: "Veilleurs du soir à Malakoff" }) });
  await expect(card.innerText()).resolves.toContain(`Porté par : ${lead.name} (chef de file), ${partner.name}.`);
  await expect(card.getByText(`2.3 — ${NEW_SUB_AXIS}`).count()).resolves.toBe(1);

  // --- 3. Every other CCAS page, and the open data, pass axe-core -------------------------------
  for (const pathname of [
    "/ccas",
    "/ccas/appels",
    `/ccas/appels/${slug}`,
    `/ccas/appels/${slug}/apercu`,
    "/ccas/groupements",
    `/ccas/groupements/${groupementId}`,
    "/ccas/groupements/comparaison",
    "/ccas/exports",
    "/ccas/equipe",
    "/ccas/journal",
    "/ccas/moderation",
    "/ccas/population",
    "/ccas/points",
    "/donnees",
  ]) {
    const response = await a.goto(`${server.url}${pathname}`);
    expect(response?.status(), pathname).toBe(200);
    await expectAccessible(a);
  }
}, 900_000);

it("publishes a call, assigns, scores, decides and publishes the results with JavaScript off", async () => {
  const db = getDb();
  const [admin, leadAdmin] = await Promise.all([named(createActor({ ccas: true }), "Sacha Sans-Script"), createActor()]);
  // Set up, not the journey: a groupement filed on the 2025 call before its deadline, through the
  // app's models (the first test files one through the pages).
  const organisation = await createOrganisationFor(leadAdmin);
  const call = await db.call.findUniqueOrThrow({ where: { slug: SEEDED_CALL }, select: { id: true } });
  const idea = await createIdea(db, {
    organisationId: organisation.id,
    callId: call.id,
    input: createIdeaSchema(["2.1"]).parse({
      title: "Permanences du soir à Bellevue",
      summary: "Des permanences le soir.",
      description: "Des permanences le soir pour les travailleurs pauvres.",
      subAxes: ["2.1"],
      addressesIsolation: true,
      addressesPrecarity: true,
      targetPublic: "Travailleurs pauvres",
      quartiers: ["bellevue-chantenay-sainte-anne"],
    }),
  });
  const groupement = await createGroupementFromIdea(db, idea.id);
  // Made during the 2025 call, then filed in it.
  await db.groupement.update({ where: { id: groupement.id }, data: { createdAt: new Date("2025-06-02T10:00:00Z") } });
  await markGroupementSubmitted(
    db,
    groupement.id,
    { id: leadAdmin.id, name: "Camille Exemple" },
    "2025-07-10",
    new Date("2025-07-10T10:00:00Z"),
  );

  const page = await pageAs(admin, { javaScriptEnabled: false });

  // Publish a call: prepare one from the 2025 call, rename it, publish it.
  await page.goto(`${server.url}/ccas/appels`);
  await page.getByLabel("À partir de l'appel").selectOption(SEEDED_CALL);
  await page.getByRole("button", { name: "Préparer un nouvel appel" }).click();
  await page.getByText("Le nouvel appel est prêt, en brouillon").waitFor();
  const general = page.locator("section#general");
  await general.getByLabel("Titre", { exact: true }).fill("Appel à coopérations 2027, préparé sans JavaScript");
  await general.getByLabel("Titre court", { exact: true }).fill("Appel 2027 sans JavaScript");
  await general.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Les informations générales sont enregistrées.").waitFor();
  await planCalendar(page, dayIn(40));
  await setLatestStart(page);
  await page.getByRole("link", { name: "Publier l'appel…" }).click();
  await page.getByRole("button", { name: "Publier l'appel" }).click();
  await page.getByText(/^L'appel est publié[.:]/).waitFor();
  await expect(page.getByText("État : Ouvert.").count()).resolves.toBe(1);

  // Record a decision on the groupement filed on the 2025 call, as its reviewer then its decider.
  await page.goto(`${server.url}/ccas/groupements?appel=${SEEDED_CALL}`);
  await page.getByRole("link", { name: "Permanences du soir à Bellevue" }).click();
  await page.getByRole("heading", { level: 1, name: "Permanences du soir à Bellevue" }).waitFor();
  await page.getByRole("button", { name: "Me désigner comme relecteur" }).click();
  await page.getByText("Sacha Sans-Script relit ce groupement.").waitFor();
  const scores = page.locator("form#scores");
  const scoreFields = scores.getByLabel(/\(0 à 5\)$/);
  await expect(scoreFields.count()).resolves.toBe(5);
  for (let index = 0; index < 5; index += 1) await scoreFields.nth(index).fill("3");
  await scores.getByRole("button", { name: "Enregistrer mes notes" }).click();
  await page.getByText("Vos notes sont enregistrées.").waitFor();
  // A note: the page comes back by a GET at the notes' section, which says it; a reload sends nothing again.
  await page.getByLabel("Nouvelle note").fill("Budget d'équipement à vérifier.");
  await page.getByRole("button", { name: "Ajouter la note" }).click();
  await page.getByText("Note enregistrée.").waitFor();
  expect(new URL(page.url()).hash).toBe("#notes");
  await page.reload();
  await page.getByText("Note enregistrée.").waitFor();
  await expect(page.getByText("Budget d'équipement à vérifier.").count()).resolves.toBe(1);
  const message = "Votre dossier est sur liste d'attente : nous revenons vers vous en décembre.";
  await page.getByRole("combobox", { name: "Décision", exact: true }).selectOption({ label: "Liste d'attente" });
  await page.getByLabel("Message au chef de file").fill(message);
  await page.getByRole("button", { name: "Enregistrer la décision" }).click();
  await page.getByText("Décision enregistrée. Le groupement ne la verra qu'à la publication des résultats.").waitFor();
  const decided = await page.getByRole("region", { name: "Décision", exact: true }).innerText();
  expect(decided).toContain("Liste d'attente — enregistrée par Sacha Sans-Script");
  expect(decided).toContain(message);

  // And the 2025 call's results.
  await page.goto(`${server.url}/ccas/groupements?appel=${SEEDED_CALL}`);
  await page.getByRole("link", { name: "Publier les résultats…" }).click();
  await page.getByRole("button", { name: "Confirmer : publier les résultats" }).click();
  await page.getByText(/^Résultats publiés : chaque groupement voit maintenant la décision le concernant\./).waitFor();
}, 240_000);

// Found by a probe: a refusal listed its reasons in one block, and with JavaScript the page still
// said « ouvert jusqu'au… » and offered its button, as drawn before the deadline moved.
it("a publication refused with JavaScript lists each reason as a bullet under the refusal, and the page reads the call again", async () => {
  const admin = await createActor({ ccas: true });
  const call = await createCall({ draft: true, publishedAt: null, deadline: new Date(Date.now() + 60 * 86_400_000) });
  try {
    const page = await pageAs(admin);
    await page.goto(`${server.url}/ccas/appels/${call.slug}/publier`);
    await hydrated(page);
    const button = page.getByRole("button", { name: "Publier l'appel" });
    await button.waitFor();
    // Another tab moves the deadline behind us.
    await getDb().call.update({ where: { id: call.id }, data: { deadline: new Date(Date.now() - 86_400_000) } });
    await button.click();
    const refusal = page.getByRole("alert").filter({ hasText: "L'appel ne peut pas être publié :" });
    await refusal.waitFor();
    await expect(refusal.locator("p").innerText()).resolves.toBe("L'appel ne peut pas être publié :");
    const reasons = await refusal.locator("li").allInnerTexts();
    expect(reasons.some((reason) => /^La date limite de dépôt \(.+\) est passée/.test(reason))).toBe(true);
    await expect(refusal.locator("ul").evaluate((list) => getComputedStyle(list).listStyleType)).resolves.toBe("disc");
    await page.getByText("La publication attend les corrections ci-dessus.").waitFor();
    await expect(button.count()).resolves.toBe(0);
    expect((await getDb().call.findUniqueOrThrow({ where: { id: call.id } })).draft).toBe(true);
  } finally {
    await getDb().call.delete({ where: { id: call.id } });
  }
});
