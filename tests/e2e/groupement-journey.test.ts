// Issue 5's journey: three organisations form a groupement until the panel says it is eligible,
// then export the application file as PDF and DOCX.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, wcagViolations } from "../helpers/browser";
import { docxXml, pdfText } from "../helpers/documents";

let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.stop();
});

async function pageAs(cookie: string): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1200, height: 900 } });
  contexts.push(context);
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

it("forms an eligible groupement and exports its application file", async () => {
  const db = getDb();
  const [leadAdmin, partnerAdmin, cafeAdmin] = await Promise.all([createActor(), createActor(), createActor()]);
  const lead = await db.organisation.update({
    where: { id: (await createOrganisationFor(leadAdmin)).id },
    data: { name: "Association Les Voisins du Nord" },
  });
  const partner = await db.organisation.update({
    where: { id: (await createOrganisationFor(partnerAdmin)).id },
    data: { name: "Habitat Exemple", sector: "habitat", kind: "bailleur-social" },
  });
  const cafe = await db.organisation.update({
    where: { id: (await createOrganisationFor(cafeAdmin)).id },
    data: { name: "Café Exemple", sector: "economique", kind: "entreprise" },
  });
  // The idea and the partner it accepted, as issue 4's journey leaves them.
  const idea = await db.idea.create({
    data: {
      slug: "veilleurs-du-nord",
      organisationId: lead.id,
      callId: (await db.call.findFirstOrThrow()).id,
      title: "Veilleurs du Nord",
      summary: "Des voisins veilleurs.",
      description: "Repérer les personnes qui ne sortent plus.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: {
        create: [
          { kind: "subAxis", code: "2.1" },
          { kind: "quartier", code: "nantes-nord" },
        ],
      },
      candidates: { create: [{ organisationId: partner.id }] },
    },
  });

  const a = await pageAs(leadAdmin.cookie);
  await a.goto(`${server.url}/espace/organisations/${lead.id}/idees/${idea.id}`);
  await a.getByRole("button", { name: "Créer le groupement" }).click();
  await a.getByRole("heading", { level: 1, name: "Veilleurs du Nord" }).waitFor();
  await expect(a.getByTestId("eligibility-verdict").innerText()).resolves.toMatch(/Pas encore éligible/);
  expect(await wcagViolations(a)).toEqual([]);

  // Invite the café; its admin accepts.
  await a.getByLabel("Inviter une structure publiée").selectOption({ label: "Café Exemple" });
  await a.getByRole("button", { name: "Inviter" }).click();
  await a.getByText("Café Exemple a été invitée").waitFor();
  const c = await pageAs(cafeAdmin.cookie);
  await c.goto(`${server.url}/espace`);
  await c.getByRole("link", { name: "Veilleurs du Nord" }).click();
  await c.getByRole("button", { name: "Rejoindre le groupement" }).click();
  await c.getByText("Votre structure a rejoint le groupement.").waitFor();
  expect(await wcagViolations(c)).toEqual([]);

  // The lead completes the project and the budget; the panel follows what is typed.
  await a.reload();
  const project = a.locator("form#project");
  await project.getByLabel("Date de démarrage").fill("2026-03-01");
  await project.getByLabel("Coopération", { exact: true }).selectOption("new");
  await project.getByLabel("Nombre de bénéficiaires attendus").fill("250");
  await project.getByRole("button", { name: "Enregistrer le projet" }).click();
  await a.getByText("Projet enregistré.").waitFor();
  const budget = a.locator("form#budget");
  await budget.getByLabel(/Fonctionnement/).fill("90000");
  await budget.getByLabel(/Accompagnement/).fill("40000");
  await budget.getByLabel(/Équipement/).fill("95000");
  await a.getByText("(aperçu avant enregistrement)").waitFor();
  await expect(a.locator('[data-rule="budget.equipment"]').getAttribute("data-status")).resolves.toBe("fail");
  await budget.getByLabel(/Équipement/).fill("10000");
  await expect(a.locator('[data-rule="budget.equipment"]').getAttribute("data-status")).resolves.toBe("pass");
  await budget.getByRole("button", { name: "Enregistrer le budget" }).click();
  await a.getByText("Budget enregistré.").waitFor();

  const contributions = [
    { name: lead.name, share: "100000", commitment: "convention", resource: "Mécénat de compétences" },
    { name: partner.name, share: "40000", commitment: "lettre-engagement", resource: "Locaux" },
    { name: cafe.name, share: "0", commitment: "lettre-engagement", resource: "Locaux" },
  ];
  for (const contribution of contributions) {
    await a.getByText(`Modifier la contribution de ${contribution.name}`).click();
    const form = a.getByRole("form", { name: `Contribution de ${contribution.name}` });
    await form.getByLabel("Rôle dans le projet").fill("Un rôle précis");
    await form.getByRole("group", { name: "Ressources apportées" }).getByLabel(contribution.resource).check();
    await form.getByLabel("Part de la subvention (€)").fill(contribution.share);
    await form.getByLabel("Engagement").selectOption(contribution.commitment);
    await form.getByRole("button", { name: `Enregistrer la contribution de ${contribution.name}` }).click();
    await a.getByText(`Contribution de ${contribution.name} enregistrée.`).waitFor();
  }
  // The notice comes with the action's answer, the panel with the loaders' revalidation just after it.
  await expect.poll(() => a.locator('.rules li[data-status="fail"]').allInnerTexts(), { timeout: 10_000 }).toEqual([]);
  await expect(a.getByTestId("eligibility-verdict").innerText()).resolves.toContain("Le groupement est éligible");
  expect(await wcagViolations(a)).toEqual([]);

  // The application file, as PDF and as DOCX.
  const pdf = await a.request.get(`${server.url}${await a.getByRole("link", { name: "Dossier PDF" }).getAttribute("href")}`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const text = await pdfText(await pdf.body());
  expect(text).toContain("Veilleurs du Nord");
  const docx = await a.request.get(
    `${server.url}${await a.getByRole("link", { name: "Dossier Word (DOCX)" }).getAttribute("href")}`,
  );
  const xml = await docxXml(await docx.body());
  expect(xml).toContain("Veilleurs du Nord");
  for (const name of [lead.name, partner.name, cafe.name]) expect(xml).toContain(name);
}, 120_000);
