// A structure's public page, as a visitor on a phone reads it: its project ideas (a partner looks
// for what it carries), and a phone number that a tap calls.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, wcagViolations } from "../helpers/browser";

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("lists the structure's published ideas, each a link to its page, and its phone number calls", async () => {
  const organisation = await createOrganisationFor(await createActor());
  await getDb().organisation.update({ where: { id: organisation.id }, data: { publicPhone: "02 40 00 00 00" } });
  const call = await getDb().call.findFirstOrThrow({ select: { id: true } });
  const idea = (title: string, status: string, slug: string) =>
    getDb().idea.create({
      data: {
        slug,
        title,
        summary: `Résumé de ${title}.`,
        description: "",
        targetPublic: "Personnes isolées",
        organisationId: organisation.id,
        callId: call.id,
        status,
        stage: "looking-for-partners",
        publishedAt: status === "published" ? new Date() : null,
      },
    });
  await idea("Repas partagés du jeudi", "published", `repas-${organisation.slug}`);
  await idea("Idée encore en attente", "pending", `attente-${organisation.slug}`);

  const page = await (
    await browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 }, isMobile: true })
  ).newPage();
  await page.goto(`${server.url}/organisations/${organisation.slug}`);
  await page.getByRole("heading", { level: 2, name: "Idées de projets" }).waitFor();
  const link = page.getByRole("link", { name: "Repas partagés du jeudi" });
  await expect(link.getAttribute("href")).resolves.toBe(`/idees/repas-${organisation.slug}`);
  await expect(page.getByText("Résumé de Repas partagés du jeudi.").isVisible()).resolves.toBe(true);
  // Not yet validated by the CCAS: not shown.
  await expect(page.getByText("Idée encore en attente").count()).resolves.toBe(0);
  await expect(page.getByRole("link", { name: "02 40 00 00 00" }).getAttribute("href")).resolves.toBe("tel:0240000000");
  expect(await wcagViolations(page)).toEqual([]);

  await link.click();
  await page.getByRole("heading", { level: 1, name: "Repas partagés du jeudi" }).waitFor();
});

it("without JavaScript, the contact form's answer is seen where the form is, not at the page's top", async () => {
  const organisation = await createOrganisationFor(await createActor());
  // A page as long as a real one: the form far below the top.
  const paragraph = "Une structure fictive qui présente longuement ses activités, ses horaires et ses lieux d'accueil.";
  await getDb().organisation.update({
    where: { id: organisation.id },
    data: { description: Array.from({ length: 12 }, () => paragraph).join("\n\n") },
  });
  const page = await (
    await browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false })
  ).newPage();
  await page.goto(`${server.url}/organisations/${organisation.slug}`);
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await page.waitForLoadState("load");
  await expect(page.locator("form[aria-labelledby=contacter] .field-errors").count()).resolves.toBeGreaterThan(0);
  // The heading of the form is on screen: the page came back scrolled to it.
  const box = (await page.getByRole("heading", { name: "Contacter la structure" }).boundingBox())!;
  expect(box.y + box.height).toBeGreaterThan(0);
  expect(box.y).toBeLessThan(844);
});

it("the contact form starts with the name and address of the person signed in, and empty for a visitor", async () => {
  const organisation = await createOrganisationFor(await createActor());
  const writer = await createActor();
  const { name, email } = await getDb().user.findUniqueOrThrow({ where: { id: writer.id } });
  const context = await browser.newContext({ locale: "fr-FR" });
  const [cookieName, cookieValue] = writer.cookie.split("=");
  await context.addCookies([{ name: cookieName!, value: cookieValue!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/organisations/${organisation.slug}`);
  await expect(page.getByLabel("Votre nom").inputValue()).resolves.toBe(name);
  await expect(page.getByLabel("Votre adresse e-mail").inputValue()).resolves.toBe(email);
  await expect(page.getByLabel("Message").inputValue()).resolves.toBe("");
  await context.close();
  const visitor = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await visitor.goto(`${server.url}/organisations/${organisation.slug}`);
  await expect(visitor.getByLabel("Votre nom").inputValue()).resolves.toBe("");
  await visitor.context().close();
});

it("without JavaScript on a phone, an idea or an offer sent with a field in error says at the page's top that nothing was saved", async () => {
  const admin = await createActor();
  const organisation = await createOrganisationFor(admin);
  const context = await browser.newContext({
    locale: "fr-FR",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    javaScriptEnabled: false,
  });
  const [name, value] = admin.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/espace/organisations/${organisation.id}/idees/nouvelle`);
  await page.getByLabel("Titre du projet").fill("Une idée sans sous-axe");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  const notice = page.getByText("Rien n'a été enregistré : corrigez ce qui est signalé en rouge dans le formulaire.");
  await notice.waitFor();
  const box = (await notice.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  await expect(page.getByLabel("Titre du projet").inputValue()).resolves.toBe("Une idée sans sous-axe");
  // So does an offer, its link leading to the form.
  await page.goto(`${server.url}/espace/organisations/${organisation.id}/offres/nouvelle`);
  await page.getByLabel("Titre").fill("Une offre sans description");
  await page.getByRole("button", { name: "Envoyer au CCAS" }).click();
  const offerNotice = page.getByText("Rien n'a été enregistré : corrigez ce qui est signalé en rouge dans le formulaire.");
  await offerNotice.waitFor();
  const offerBox = (await offerNotice.boundingBox())!;
  expect(offerBox.y + offerBox.height).toBeLessThanOrEqual(844);
  await expect(page.getByLabel("Titre").inputValue()).resolves.toBe("Une offre sans description");
  await expect(offerNotice.getByRole("link", { name: "le formulaire" }).getAttribute("href")).resolves.toBe("#offer");
  // And each field in error, a link to its message.
  await expect(offerNotice.getByRole("link", { name: /^Description :/ }).getAttribute("href")).resolves.toBe(
    "#offer-description-error",
  );
  await expect(page.locator("form#offer").count()).resolves.toBe(1);
  await context.close();
});

// Found by a new-user probe: a proposal to join an idea sent without a structure came back at the
// page's top, its error some 1,300 px below.
it("without JavaScript on a phone, a refused proposal to join an idea comes back at its form, what was typed kept", async () => {
  const lead = await createOrganisationFor(await createActor());
  const paragraph = "Un projet fictif décrit longuement : ses ateliers, ses horaires, ses lieux et ses publics.";
  const idea = await createPublishedIdeaFor(lead.id, { title: "Des ateliers vélo au pied des tours" });
  await getDb().idea.update({
    where: { id: idea.id },
    data: { description: Array.from({ length: 12 }, () => paragraph).join("\n\n") },
  });
  const partnerAdmin = await createActor();
  await createOrganisationFor(partnerAdmin);
  await createOrganisationFor(partnerAdmin);
  const context = await browser.newContext({
    locale: "fr-FR",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    javaScriptEnabled: false,
  });
  const [name, value] = partnerAdmin.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/idees/${idea.slug}`);
  await page.getByLabel("Message").fill("Nous avons un atelier et deux bénévoles.");
  await page.getByRole("button", { name: "Proposer de participer" }).click();
  await page.waitForLoadState("load");
  await expect(page.locator("form[aria-labelledby=rejoindre] .field-errors").count()).resolves.toBeGreaterThan(0);
  expect(new URL(page.url()).hash).toBe("#rejoindre");
  const box = (await page.getByRole("heading", { level: 2, name: "Rejoindre ce projet" }).boundingBox())!;
  expect(box.y + box.height).toBeGreaterThan(0);
  expect(box.y).toBeLessThan(844);
  await expect(page.getByLabel("Message").inputValue()).resolves.toBe("Nous avons un atelier et deux bénévoles.");
  expect(await getDb().interest.count({ where: { ideaId: idea.id } })).toBe(0);
  await context.close();
});

// Found by a new-user probe: a demo structure's contact form promised an answer that never comes.
it("a demo structure's page says its contact form reaches nobody, before and after a message", async () => {
  const demo = await getDb().organisation.findFirstOrThrow({
    where: { isDemo: true, status: "published" },
    select: { slug: true },
  });
  const page = await (await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false })).newPage();
  await page.goto(`${server.url}/organisations/${demo.slug}`);
  await expect(page.getByTestId("demo-contact").innerText()).resolves.toMatch(/personne ne lira votre message ni n'y répondra/);
  await page.getByLabel("Votre nom").fill("Alex Voisin");
  await page.getByLabel("Votre adresse e-mail").fill("alex.voisin@exemple.org");
  await page.getByLabel("Message").fill("Bonjour, pouvons-nous échanger ?");
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await page.waitForLoadState("load");
  await page
    .getByText("Votre message a été transmis, mais cette structure est fictive (démonstration) : personne n'y répondra.")
    .waitFor();
  await expect(page.getByText("Ils vous répondront par e-mail.").count()).resolves.toBe(0);
  await page.context().close();

  // A real structure still promises the answer, and says nothing of a demo.
  const real = await createOrganisationFor(await createActor());
  const other = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await other.goto(`${server.url}/organisations/${real.slug}`);
  await other.getByRole("heading", { level: 2, name: "Contacter la structure" }).waitFor();
  await expect(other.getByTestId("demo-contact").count()).resolves.toBe(0);
  await other.context().close();
});

// Found by a new-user probe: joining a demo idea promised an answer in the structure's inbox.
it("a demo idea's page says a proposal to join it reaches nobody, before and after it is sent", async () => {
  const demo = await getDb().idea.findFirstOrThrow({
    where: { status: "published", stage: { not: "archived" }, organisation: { isDemo: true, status: "published" } },
    select: { slug: true },
  });
  const partnerAdmin = await createActor();
  await createOrganisationFor(partnerAdmin);
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false });
  const [name, value] = partnerAdmin.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/idees/${demo.slug}`);
  await expect(page.getByTestId("demo-join").innerText()).resolves.toMatch(/personne ne lira votre proposition ni n'y répondra/);
  await page.getByLabel("Message").fill("Nous pouvons aider le samedi.");
  await page.getByRole("button", { name: "Proposer de participer" }).click();
  await page.waitForLoadState("load");
  await page
    .getByText(
      "Votre proposition de participation a été envoyée, mais ce projet est fictif (démonstration) : personne n'y répondra.",
    )
    .waitFor();
  await expect(page.getByText(/aucune réponse n'arrivera/).count()).resolves.toBe(1);
  await expect(page.getByText(/la réponse arrivera dans/).count()).resolves.toBe(0);
  await context.close();
});
