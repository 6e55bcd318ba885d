import { ofName } from "~/domain/format";
// Issue 5's journey, made honest by issue 11: three organisations form a groupement until it
// conforms to the call's rules, the partners confirm their own contributions, and the lead exports
// the application's descriptive sheet as PDF and DOCX. The panel tells « conforme aux règles » from
// « dossier complet », announces a short verdict by the form being edited, and the page fits a phone.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { localDay } from "~/domain/format";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { openSeededCall, SEEDED_CALL } from "../helpers/calls";
import { createCallGroupement } from "../helpers/filed-groupement";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";
import { docxText, makePdf, pdfText } from "../helpers/documents";

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

async function pageAs(cookie: string, viewport = { width: 1200, height: 900 }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", viewport, javaScriptEnabled });
  contexts.push(context);
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

it("forms a groupement that conforms to the rules, has its partners confirm, and exports its descriptive sheet", async () => {
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
      description: "Repérer les personnes qui ne sortent plus, palier par palier.",
      targetPublic: "Locataires isolés de Nantes Nord",
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
  // The seeded call closed on 16 July 2025: said at the top, above the verdict (only the filing panel,
  // at the page's end, said it).
  const closed = a.getByText("Les candidatures à cet appel sont closes depuis le 16 juillet 2025 à 18 h");
  const verdict = a.getByTestId("eligibility-verdict");
  expect((await closed.boundingBox())!.y).toBeLessThan((await verdict.boundingBox())!.y);
  // The idea is published: its public page is linked.
  await expect(a.getByRole("link", { name: "Page publique de l'idée" }).getAttribute("href")).resolves.toBe(
    "/idees/veilleurs-du-nord",
  );
  await expect(a.getByTestId("eligibility-verdict").innerText()).resolves.toMatch(/Pas encore prêt à déposer/);
  // No budget was entered: its rules wait, neither « Conforme » nor « Bloquant ».
  await expect(a.locator('[data-rule="budget.equipment"]').getAttribute("data-status")).resolves.toBe("todo");
  await expect(a.locator('[data-rule="budget.equipment"] .rule-status').innerText()).resolves.toBe("À compléter");
  expect(await wcagViolations(a)).toEqual([]);

  // Invite the café; its admin accepts.
  await a.getByLabel("Inviter une structure publiée").selectOption({ label: "Café Exemple" });
  await a.getByRole("button", { name: "Inviter" }).click();
  await a.getByText("Invitation envoyée à « Café Exemple »").waitFor();
  // Until it answers, the lead may withdraw it (a wrong invitation stayed open) — in two steps: a
  // stray click asks, the second button withdraws.
  const withdraw = a.locator("summary", { hasText: "Retirer l'invitation de Café Exemple…" });
  await withdraw.click();
  await a.getByText("Café Exemple ne pourra plus rejoindre le groupement par cette invitation").waitFor();
  const confirm = a.getByRole("button", { name: "Oui, retirer l'invitation de Café Exemple" });
  await confirm.waitFor();
  // The button is read with its question; the first one now reads « Annuler », and closes it.
  const question = await confirm.getAttribute("aria-describedby");
  await expect(a.locator(`[id="${question}"]`).innerText()).resolves.toMatch(/^Café Exemple ne pourra plus rejoindre/);
  await expect(withdraw.innerText()).resolves.toBe("Annuler");
  await withdraw.click();
  await expect(a.getByRole("button", { name: "Oui, retirer l'invitation de Café Exemple" }).isVisible()).resolves.toBe(false);
  const c = await pageAs(cafeAdmin.cookie);
  await c.goto(`${server.url}/espace`);
  await c.getByRole("link", { name: "Veilleurs du Nord" }).click();
  // Until it accepts, the café sees the invitation alone: the lead, not the members or the project.
  await c.getByText("Association Les Voisins du Nord, chef de file du groupement « Veilleurs du Nord »").waitFor();
  await expect(c.getByRole("heading", { name: /Membres|Le projet/ }).count()).resolves.toBe(0);
  // The call is closed: said before answering, as the workspace says it to its members.
  await c.getByText("Les candidatures à cet appel sont closes depuis le 16 juillet 2025 à 18 h").waitFor();
  await expect(c.getByText("Habitat Exemple").count()).resolves.toBe(0);
  expect(await wcagViolations(c)).toEqual([]);
  await c.getByRole("button", { name: "Rejoindre le groupement" }).click();
  await c.getByText("Votre structure a rejoint le groupement.").waitFor();
  expect(await wcagViolations(c)).toEqual([]);

  // The lead completes the project and the budget; the panel follows what is typed.
  await a.reload();
  // The live preview needs the page's scripts: typed before they run, nothing would be previewed.
  await hydrated(a);
  const project = a.locator("form#project");
  await project.getByLabel("Date de démarrage").fill("2026-03-01");
  await project.getByLabel("Coopération", { exact: true }).selectOption("new");
  await project.getByLabel("Nombre de bénéficiaires attendus").fill("250");
  await project.getByRole("button", { name: "Enregistrer le projet" }).click();
  await a.getByText("Projet enregistré.").waitFor();
  // The page has finished loading what the save changed (its loading bar is gone): a preview typed
  // while fresh data is still coming would belong to the data it replaces.
  await a.waitForFunction(() => document.querySelector('.pending-bar[data-active="true"]') === null);
  const budget = a.locator("form#budget");
  await budget.getByLabel(/Fonctionnement/).fill("90000");
  await budget.getByLabel(/Accompagnement/).fill("40000");
  // The rules section is no live region; the form's own short verdict is announced once typing stops.
  await expect(a.locator("section.eligibility").getAttribute("aria-live")).resolves.toBeNull();
  const live = budget.getByRole("status");
  // The two amounts just filled are announced once typing pauses; then five keystrokes follow.
  await expect.poll(() => live.innerText(), { timeout: 15_000 }).toMatch(/^Aperçu : /);
  const before = await live.innerText();
  await live.evaluate((element) => {
    const seen: string[] = [];
    (window as unknown as { announced: string[] }).announced = seen;
    new MutationObserver(() => {
      if (element.textContent && element.textContent !== seen.at(-1)) seen.push(element.textContent);
    }).observe(element, { childList: true, characterData: true, subtree: true });
  });
  await budget.getByLabel(/Équipement/).pressSequentially("95000", { delay: 60 });
  await a.getByText("(aperçu avant enregistrement)").waitFor();
  await expect(a.locator('[data-rule="budget.equipment"]').getAttribute("data-status")).resolves.toBe("fail");
  await expect.poll(() => live.innerText(), { timeout: 5_000 }).not.toBe(before);
  await expect(live.innerText()).resolves.toMatch(/^Aperçu : \d+ règles? à revoir\.$/);
  await a.waitForTimeout(1_500);
  // Five keystrokes, one announcement.
  await expect(a.evaluate(() => (window as unknown as { announced: string[] }).announced)).resolves.toEqual([
    await live.innerText(),
  ]);
  // An amount the server would refuse (« 9e5 » is not « un montant en euros ») is not counted as
  // 900,000 € by the preview, as 95,000 was: a probe saw a budget of 1,000,000,949 € from such fields.
  await budget.getByLabel(/Équipement/).fill("9e5");
  await expect
    .poll(() => a.locator('[data-rule="budget.equipment"]').getAttribute("data-status"), { timeout: 5_000 })
    .toBe("pass");
  // And says it did not count it, rather than a plain « Conforme ».
  await a.locator("section.eligibility").getByText("Non compté, à corriger avant d'enregistrer : Équipement.").waitFor();
  await budget.getByLabel(/Équipement/).fill("10000");
  await expect(a.locator('[data-rule="budget.equipment"]').getAttribute("data-status")).resolves.toBe("pass");
  await budget.getByRole("button", { name: "Enregistrer le budget" }).click();
  await a.getByText("Budget enregistré.").waitFor();
  // Then an amount the browser refuses: the saved notice no longer stands beside its message.
  await budget.getByLabel(/Équipement/).fill("-5");
  await budget.getByRole("button", { name: "Enregistrer le budget" }).click();
  await budget.getByText("Équipement : le montant ne peut pas être négatif.").waitFor();
  await expect(a.getByText("Budget enregistré.").count()).resolves.toBe(0);
  await budget.getByLabel(/Équipement/).fill("10000");
  await budget.getByRole("button", { name: "Enregistrer le budget" }).click();
  await a.getByText("Budget enregistré.").waitFor();

  const contributions = [
    { name: lead.name, share: "100000", commitment: "convention", resource: "Mécénat de compétences" },
    { name: partner.name, share: "40000", commitment: "lettre-engagement", resource: "Locaux" },
    { name: cafe.name, share: "0", commitment: "lettre-engagement", resource: "Locaux" },
  ];
  for (const contribution of contributions) {
    await a.getByText(`Modifier la contribution ${ofName(contribution.name)}`, { exact: true }).click();
    const form = a.getByRole("form", { name: `Contribution ${ofName(contribution.name)}` });
    await form.getByLabel("Rôle dans le projet").fill("Un rôle précis.");
    await form.getByRole("group", { name: "Ressources apportées" }).getByLabel(contribution.resource).check();
    await form.getByLabel("Part de la subvention (€)").fill(contribution.share);
    await form.getByLabel("Engagement").selectOption(contribution.commitment);
    await form.getByRole("button", { name: `Enregistrer la contribution ${ofName(contribution.name)}` }).click();
    await a.getByText(`Contribution ${ofName(contribution.name)} enregistrée`).waitFor();
  }
  // The notice comes with the action's answer, the panel with the loaders' revalidation just after it.
  await expect.poll(() => a.locator('.rules li:not([data-status="pass"])').allInnerTexts(), { timeout: 10_000 }).toEqual([]);
  // Conforming is not ready: the partners have not confirmed and no document is in.
  await expect(a.getByTestId("eligibility-verdict").innerText()).resolves.toBe(
    "Conforme aux règles, mais le dossier est incomplet : pas encore prêt à déposer.",
  );
  await expect(a.getByTestId("dossier-verdict").innerText()).resolves.toContain(
    "Dossier incomplet : 10 pièces manquantes, 2 contributions à confirmer.",
  );
  await expect(a.getByText("Éligible", { exact: false }).count()).resolves.toBe(0);
  expect(await wcagViolations(a)).toEqual([]);

  // The café's admin reads what the lead wrote for it and confirms it.
  await c.reload();
  await c.getByRole("button", { name: `Confirmer la contribution ${ofName(cafe.name)}` }).click();
  await c.getByText(`Contribution ${ofName(cafe.name)} confirmée.`).waitFor();
  await a.reload();
  await expect(a.getByTestId("dossier-verdict").innerText()).resolves.toContain("1 contribution à confirmer");

  // On a phone, the page and its tables fit the screen: no sideways scroll.
  const phone = await pageAs(leadAdmin.cookie, { width: 390, height: 844 });
  await phone.goto(a.url());
  await phone.locator("table.members-table").waitFor();
  await expect(phone.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
  // Nor inside its frame: a table wider than its scrolling wrapper is a sideways scroll too.
  await expect(
    phone.evaluate(
      () => [...document.querySelectorAll(".table-wrap")].filter((wrap) => wrap.scrollWidth > wrap.clientWidth).length,
    ),
  ).resolves.toBe(0);

  // The descriptive sheet, as PDF and as DOCX: honest about what is missing, readable alone.
  const pdf = await a.request.get(`${server.url}${await a.getByRole("link", { name: "Dossier PDF" }).getAttribute("href")}`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const docx = await a.request.get(
    `${server.url}${await a.getByRole("link", { name: "Dossier Word (DOCX)" }).getAttribute("href")}`,
  );
  const texts = {
    pdf: (await pdfText(await pdf.body())).replace(/\s+/g, " "),
    docx: (await docxText(await docx.body())).replace(/\s+/g, " "),
  };
  for (const [format, text] of Object.entries(texts)) {
    for (const part of [
      "Fiche descriptive du projet",
      "Veilleurs du Nord",
      "Des voisins veilleurs.",
      "Repérer les personnes qui ne sortent plus, palier par palier.",
      "Locataires isolés de Nantes Nord",
      "Personne à contacter",
      "RNA W443001234",
      "Dossier incomplet : 10 pièces manquantes, 1 contribution à confirmer.",
      "Manquant",
      "Signature et cachet",
      lead.name,
      partner.name,
      cafe.name,
    ])
      expect(text, `${format}: ${part}`).toContain(part);
    expect(text, format).not.toMatch(/\.\s?\./);
  }

  // Without JavaScript, on a phone: the page comes back at the form's section after it is sent,
  // what the form did said there on screen — not at the page's top, thousands of pixels above.
  const plain = await pageAs(leadAdmin.cookie, { width: 390, height: 844 }, false);
  await plain.goto(a.url());
  await plain.locator("summary", { hasText: `Modifier la contribution ${ofName(cafe.name)}` }).click();
  await plain.getByRole("button", { name: `Enregistrer la contribution ${ofName(cafe.name)}` }).click();
  const said = plain.getByText(`Contribution ${ofName(cafe.name)} enregistrée.`);
  await said.waitFor();
  expect(new URL(plain.url()).hash).toBe("#membres");
  const box = (await said.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeLessThan(844);
}, 240_000);

it("keeps the lead's hand-over and removals in sight, and says when a removed structure cannot be invited again", async () => {
  const db = getDb();
  const [leadAdmin, partnerAdmin] = await Promise.all([createActor(), createActor()]);
  const lead = await createOrganisationFor(leadAdmin);
  const partner = await db.organisation.update({
    where: { id: (await createOrganisationFor(partnerAdmin)).id },
    data: { name: "Bailleur Exemple", sector: "habitat", kind: "bailleur-social" },
  });
  // A member whose profile went offline (its last administrator left, or the CCAS withdrew it).
  const offline = await db.organisation.update({
    where: { id: (await createOrganisationFor(await createActor())).id },
    data: { name: "Épicerie Hors Ligne", sector: "economique", kind: "entreprise", status: "unpublished" },
  });
  const idea = await db.idea.create({
    data: {
      slug: "veilleurs-en-vue",
      organisationId: lead.id,
      callId: (await db.call.findFirstOrThrow()).id,
      title: "Veilleurs en vue",
      summary: "Des voisins veilleurs.",
      description: "Repérer les personnes qui ne sortent plus.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
    },
  });
  const groupement = await db.groupement.create({
    data: {
      ideaId: idea.id,
      callId: idea.callId,
      title: idea.title,
      members: {
        create: [{ organisationId: lead.id, isLead: true }, { organisationId: partner.id }, { organisationId: offline.id }],
      },
    },
  });

  const page = await pageAs(leadAdmin.cookie, { width: 390, height: 844 });
  await page.goto(`${server.url}/groupements/${groupement.id}`);
  await hydrated(page);
  // Not folded inside « Modifier la contribution … »: each is a button of its own.
  const handOver = page.locator("summary", { hasText: `Confier le rôle de chef de file à « ${partner.name} »…` });
  const removePartner = page.locator("summary", { hasText: `Retirer ${partner.name}…` });
  const removeOffline = page.locator("summary", { hasText: `Retirer ${offline.name}…` });
  for (const summary of [handOver, removePartner, removeOffline]) await expect(summary.isVisible()).resolves.toBe(true);
  await expect(page.locator("details[open]").count()).resolves.toBe(0);
  // An offline profile has no public page: its name is not a link there.
  const table = page.locator(".members-table");
  await expect(table.getByRole("link", { name: partner.name }).count()).resolves.toBe(1);
  await expect(table.getByRole("link", { name: offline.name }).count()).resolves.toBe(0);
  await expect(table.getByText(offline.name).count()).resolves.toBe(1);

  await removePartner.click();
  await expect(
    page.getByText(/ses administrateurs en seront prévenus\. Vous pourrez l'inviter de nouveau\./).isVisible(),
  ).resolves.toBe(true);
  await removeOffline.click();
  await expect(
    page
      .getByText(/Sa fiche n'étant pas publiée, vous ne pourrez l'inviter de nouveau qu'une fois qu'elle le sera\./)
      .isVisible(),
  ).resolves.toBe(true);
  expect(await wcagViolations(page)).toEqual([]);
}, 120_000);

// Found by a probe: without JavaScript a refused filing day or budget came back at the page's top,
// its message 10,000 px below with nothing above to say so.
it("without JavaScript on a phone, a refused filing day or budget comes back at its form, its message on screen", async () => {
  await openSeededCall();
  const { id, leadAdmin } = await createCallGroupement(
    (await getDb().call.findFirstOrThrow({ where: { slug: SEEDED_CALL } })).id,
    {
      title: "Veilleurs (sans JavaScript)",
    },
  );
  const page = await pageAs(leadAdmin.cookie, { width: 390, height: 844 }, false);
  const onScreen = async (text: string) => {
    const box = (await page.getByText(text).first().boundingBox())!;
    return box.y + box.height > 0 && box.y < 844;
  };
  await page.goto(`${server.url}/groupements/${id}`);
  const tomorrow = localDay(new Date(Date.now() + 36 * 3600_000));
  await page.getByLabel("Date du dépôt auprès du CCAS").fill(tomorrow);
  await page.getByRole("button", { name: "Marquer le dossier « déposé »" }).click();
  await page.waitForLoadState("load");
  expect(new URL(page.url()).hash).toBe("#depot");
  expect(await onScreen("Rien n'a été enregistré : corrigez ce qui est signalé ci-dessous.")).toBe(true);
  expect(await onScreen("Le dépôt ne peut pas dater d'après aujourd'hui")).toBe(true);
  await expect(page.getByLabel("Date du dépôt auprès du CCAS").inputValue()).resolves.toBe(tomorrow);
  // What only JavaScript writes (the verdict as the budget is typed) leaves no empty room.
  await expect(page.locator("#budget .live-verdict").count()).resolves.toBe(1);
  await expect(page.locator("#budget .live-verdict").isVisible()).resolves.toBe(false);

  await page.getByLabel("Fonctionnement", { exact: false }).first().fill("-5");
  await page.getByRole("button", { name: "Enregistrer le budget" }).click();
  await page.waitForLoadState("load");
  expect(new URL(page.url()).hash).toBe("#budget-titre");
  expect(await onScreen("Rien n'a été enregistré : corrigez ce qui est signalé ci-dessous.")).toBe(true);
  // The field in error is a link, at the top, to its message beside the field.
  const toField = page.locator("#budget-titre ~ .notice-warning .error-summary a").first();
  const target = (await toField.getAttribute("href"))!;
  expect(target).toMatch(/^#budget-.+-error$/);
  await expect(page.locator(`[id="${target.slice(1)}"]`).count()).resolves.toBe(1);

  // A member's contribution refused: its folded form opens again, the field's message in sight.
  await page.locator("summary", { hasText: "Modifier la contribution" }).first().click();
  await page.getByLabel("Valorisation", { exact: false }).first().fill("-5");
  const saveContribution = page.getByRole("button", { name: /^Enregistrer la contribution/ }).first();
  // « Enregistrer la contribution de l'association X » → « Contribution de l'association X »
  const contribution = (await saveContribution.innerText()).replace(/^Enregistrer la contribution/, "Contribution");
  await saveContribution.click();
  await page.waitForLoadState("load");
  expect(new URL(page.url()).hash).toBe("#membres");
  const message = page.getByText("le montant ne peut pas être négatif", { exact: false }).first();
  await expect(message.isVisible()).resolves.toBe(true);
  // The list at the top says whose contribution it is (its « Valorisation : … » alone did not).
  const refusedContribution = `${contribution} : rien n'a été enregistré, corrigez ce qui est signalé ci-dessous.`;
  await expect(page.getByText(refusedContribution).isVisible()).resolves.toBe(true);
  expect(await onScreen(refusedContribution)).toBe(true);
  expect(await getDb().groupement.findUniqueOrThrow({ where: { id } })).toMatchObject({ submittedAt: null, budgetOperating: 0 });

  // A refused document: said beside the upload it was sent by, the page opening there — not at the
  // top of « Pièces du dossier », above the other uploads.
  const commitments = page.getByLabel("Convention ou lettre d'engagement signée (PDF)");
  const second = commitments.nth(1);
  const secondId = (await second.getAttribute("id"))!;
  await second.setInputFiles({ name: "lettre.pdf", mimeType: "application/pdf", buffer: Buffer.from("pas un PDF") });
  await page.locator(`form:has(#${secondId})`).getByRole("button", { name: "Envoyer le PDF" }).click();
  await page.waitForLoadState("load");
  const refusedForm = page.locator(`form:has(#${secondId})`);
  expect(new URL(page.url()).hash).toBe(`#${await refusedForm.getAttribute("id")}`);
  const refusal = "Rien n'a été enregistré : le document doit être un fichier PDF.";
  await expect(refusedForm.getByText(refusal).isVisible()).resolves.toBe(true);
  expect(await onScreen(refusal)).toBe(true);
  await expect(page.getByText(refusal).count()).resolves.toBe(1);
  await expect(page.locator(`#${secondId}`).getAttribute("aria-invalid")).resolves.toBe("true");
  // Too large to be read at all (a scanned PDF of 6 MB, past what the server takes in): still
  // answered by the form it came from.
  const firstId = (await commitments.first().getAttribute("id"))!;
  await commitments.first().setInputFiles({
    name: "lettre.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(6 * 1024 * 1024, 32)]),
  });
  await page.locator(`form:has(#${firstId})`).getByRole("button", { name: "Envoyer le PDF" }).click();
  await page.waitForLoadState("load");
  const tooLarge = "Rien n'a été enregistré : le document doit peser 5 Mo au maximum.";
  await expect(page.locator(`form:has(#${firstId})`).getByText(tooLarge).isVisible()).resolves.toBe(true);
  expect(await onScreen(tooLarge)).toBe(true);
  expect(await getDb().groupementMember.count({ where: { groupementId: id, commitmentFile: { not: null } } })).toBe(0);

  // A real PDF: said beside it, naming the structure (its heading may be above the screen), and
  // its download link names it too.
  await page
    .locator(`#${secondId}`)
    .setInputFiles({ name: "lettre.pdf", mimeType: "application/pdf", buffer: Buffer.from(makePdf()) });
  await page.locator(`form:has(#${secondId})`).getByRole("button", { name: "Envoyer le PDF" }).click();
  await page.waitForLoadState("load");
  // « Documents de … » / « Documents du … »: the structure's name as the sentence says it.
  const legend = page.locator(`fieldset:has(#${secondId}) legend`);
  const ofMember = (await legend.innerText()).replace(/^Documents /, "");
  // The structure's documents are under a title larger than their fields' labels, not one more label.
  const fontSize = (element: Element) => parseFloat(getComputedStyle(element).fontSize);
  const [legendSize, labelSize] = [
    await legend.evaluate(fontSize),
    await page.locator(`label[for="${secondId}"]`).evaluate(fontSize),
  ];
  expect(legendSize).toBeGreaterThan(labelSize);
  const saved = `Convention ou lettre d'engagement signée ${ofMember} enregistrée.`;
  await expect(page.locator(`form:has(#${secondId})`).getByText(saved).isVisible()).resolves.toBe(true);
  expect(await onScreen(saved)).toBe(true);
  await expect(
    page.getByRole("link", { name: `Télécharger : Convention ou lettre d'engagement signée ${ofMember}` }).count(),
  ).resolves.toBe(1);
  // Done, the page is asked for again at its own address: a reload reads it and sends nothing again.
  const at = new URL(page.url());
  expect(`${at.pathname}${at.search}`).toBe(`/groupements/${id}`);
  expect(at.hash).toBe(`#${await page.locator(`form:has(#${secondId})`).getAttribute("id")}`);

  await page.getByLabel("Fonctionnement", { exact: false }).first().fill("90000");
  await page.getByLabel("Accompagnement et participation", { exact: false }).first().fill("40000");
  await page.getByLabel("Équipement", { exact: false }).first().fill("0");
  await page.getByRole("button", { name: "Enregistrer le budget" }).click();
  await page.waitForLoadState("load");
  expect(await onScreen("Budget enregistré.")).toBe(true);
  const afterBudget = new URL(page.url());
  expect(`${afterBudget.pathname}${afterBudget.search}${afterBudget.hash}`).toBe(`/groupements/${id}#budget-titre`);
  const changes = await getDb().groupementChange.count({ where: { groupementId: id } });
  await page.reload();
  await page.getByRole("button", { name: "Enregistrer le budget" }).waitFor();
  // Said once: the reload shows the page alone, and nothing was saved again.
  await expect(page.getByText("Budget enregistré.").count()).resolves.toBe(0);
  await expect(page.getByText(saved).count()).resolves.toBe(0);
  expect(await getDb().groupementChange.count({ where: { groupementId: id } })).toBe(changes);
  expect(await getDb().groupement.findUniqueOrThrow({ where: { id } })).toMatchObject({ budgetOperating: 90000 });

  // An invitation: the page opens at its form, below the members' table, its message on screen.
  const invite = page.getByLabel("Inviter une structure publiée");
  const invited = (await invite.locator("option").nth(1).innerText()).replace(/ \(démo\)$/, "");
  await invite.selectOption({ index: 1 });
  await page.getByRole("button", { name: "Inviter", exact: true }).click();
  await page.waitForLoadState("load");
  expect(new URL(page.url()).hash).toBe("#inviter-une-structure");
  const told = new RegExp(`^Invitation (envoyée à|enregistrée pour) « ${invited.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  const notice = page.getByText(told);
  const noticeBox = (await notice.boundingBox())!;
  expect(noticeBox.y).toBeGreaterThanOrEqual(0);
  expect(noticeBox.y).toBeLessThan(844);
});

it("with JavaScript, a PDF too large for the server is said beside its upload, the workspace kept", async () => {
  await openSeededCall();
  const { id, leadAdmin } = await createCallGroupement(
    (await getDb().call.findFirstOrThrow({ where: { slug: SEEDED_CALL } })).id,
    { title: "Veilleurs (fichier trop lourd)" },
  );
  const page = await pageAs(leadAdmin.cookie, { width: 390, height: 844 });
  await page.goto(`${server.url}/groupements/${id}`);
  await hydrated(page);
  const sheet = page.getByLabel("Fiche descriptive du projet (PDF)");
  await sheet.setInputFiles({
    name: "fiche.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(6 * 1024 * 1024, 32)]),
  });
  await page.locator("form:has(#document-project-sheet-projet)").getByRole("button", { name: "Envoyer le PDF" }).click();
  const refusal = page.getByText("Rien n'a été enregistré : le document doit peser 5 Mo au maximum.");
  await refusal.waitFor();
  await expect(refusal.isVisible()).resolves.toBe(true);
  await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toContain("Veilleurs (fichier trop lourd)");
  await expect(page.getByText("Une erreur est survenue").count()).resolves.toBe(0);
  // The page went to that upload with some room above it, not flush with the screen's top edge.
  const top = (await page.locator("#envoi-project-sheet-projet").boundingBox())!.y;
  expect(top).toBeGreaterThanOrEqual(8);
  expect(top).toBeLessThan(844 / 2);
  expect((await getDb().groupement.findUniqueOrThrow({ where: { id } })).projectSheetFile).toBeNull();

  // A real one is taken; its field is emptied (it kept the file's name, inviting a second send).
  await sheet.setInputFiles({ name: "fiche.pdf", mimeType: "application/pdf", buffer: Buffer.from(makePdf()) });
  await page.locator("form:has(#document-project-sheet-projet)").getByRole("button", { name: "Envoyer le PDF" }).click();
  await page.getByText("Fiche descriptive du projet enregistrée.").waitFor();
  await expect(sheet.inputValue()).resolves.toBe("");
  expect((await getDb().groupement.findUniqueOrThrow({ where: { id } })).projectSheetFile).not.toBeNull();
});

for (const javaScriptEnabled of [true, false]) {
  it(`a structure that leaves is told so on its space, once: a reload says nothing (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const callId = (await getDb().call.findFirstOrThrow({ where: { draft: false }, orderBy: { publishedAt: "desc" } })).id;
    const { id, partnerAdmin, partner } = await createCallGroupement(callId, {
      title: `Départ ${javaScriptEnabled ? "avec" : "sans"} script`,
    });
    await getDb().groupementMember.updateMany({
      where: { groupementId: id, organisationId: partner.id },
      data: { status: "active" },
    });
    const page = await pageAs(partnerAdmin.cookie, { width: 390, height: 844 }, javaScriptEnabled);
    await page.goto(`${server.url}/groupements/${id}`);
    if (javaScriptEnabled) await hydrated(page);
    await page.getByText(`${partner.name} quitte le groupement…`).click();
    await page.getByRole("button", { name: `Oui, ${partner.name} quitte le groupement` }).click();
    const told = page.getByText("Votre structure a quitté le groupement.");
    await told.waitFor();
    await expect(told.isVisible()).resolves.toBe(true);
    // The address no longer says it (it did, and a reload said it again).
    await page.waitForFunction(() => !window.location.search.includes("groupement="));
    expect(new URL(page.url()).pathname).toBe("/espace");
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Mon espace" }).waitFor();
    await expect(told.count()).resolves.toBe(0);
    await expect(getDb().groupementMember.count({ where: { groupementId: id, organisationId: partner.id } })).resolves.toBe(0);
  });
}
