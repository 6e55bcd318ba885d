// The error pages as the real site sends them, to a person signed in and to a visitor: what the
// layout's account links say when the page is one of a refused form (Remix reads no layout data
// after an action that failed) or of a page that does not exist (it reads it as for any page).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { rawRequest } from "../helpers/raw-http";

let server: AppServer;
let person: Actor;
let ideaSlug: string;
let strangerOrganisationId: string;
let ownIdeaSlug: string;
let ownOrganisationId: string;

beforeAll(async () => {
  server = await startAppServer();
  const [lead, stranger] = await Promise.all([createActor(), createActor()]);
  person = await createActor();
  const [ideaOwner, strangers] = await Promise.all([createOrganisationFor(lead), createOrganisationFor(stranger)]);
  ideaSlug = (await createPublishedIdeaFor(ideaOwner.id)).slug;
  strangerOrganisationId = strangers.id;
  // A demo structure of the person's (the demo's ideas tell visitors nobody will answer).
  const own = await createOrganisationFor(person);
  await getDb().organisation.update({ where: { id: own.id }, data: { isDemo: true }, select: { id: true } });
  ownIdeaSlug = (await createPublishedIdeaFor(own.id, { title: "Le café des voisins" })).slug;
  ownOrganisationId = own.id;
});

afterAll(async () => {
  await server?.stop();
});

/** The header's account links, as text. */
function accountLinks(html: string) {
  const block = /<div class="header-account">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
  return [...block.matchAll(/<(?:a|button)\b[^>]*>([\s\S]*?)<\/(?:a|button)>/g)].map((match) =>
    match[1]!.replace(/<[^>]+>/g, "").trim(),
  );
}

/** A proposal sent as a browser without JavaScript sends it. */
function propose(slug: string, organisationId: string) {
  return rawRequest(server.url, `/idees/${slug}`, {
    method: "POST",
    headers: { Cookie: person.cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      organisationId,
      resources: "locaux",
      message: "Nous pouvons prêter une salle le samedi.",
    }).toString(),
  });
}

describe("the page of a form refused as not allowed", () => {
  it("says why, and does not offer « Se connecter » to the person signed in who sent it", async () => {
    // A proposal on behalf of a structure the person does not belong to (a form from an old tab, or altered).
    const response = await propose(ideaSlug, strangerOrganisationId);
    expect(response.status).toBe(403);
    expect(response.text).toContain("Accès refusé");
    expect(response.text).toContain(
      "Votre proposition n&#x27;a pas été envoyée : vous ne faites pas partie de la structure au nom de laquelle vous l&#x27;envoyiez.",
    );
    const links = accountLinks(response.text);
    expect(links).toContain("Mon espace");
    expect(links).not.toContain("Se connecter");
    expect(links).not.toContain("Créer un compte");
    // A way back to the idea, where the form was: the same address, asked for again.
    expect(response.text).toMatch(new RegExp(`<a[^>]*href="/idees/${ideaSlug}"[^>]*>Revenir à la page</a>`));
    const again = await rawRequest(server.url, `/idees/${ideaSlug}`, { headers: { Cookie: person.cookie } });
    expect(again.status).toBe(200);
    expect(again.text).toContain("Proposer de participer");
  });

  it("offers no way back to a page that refuses its sender too: a page of the CCAS, asked for or sent to", async () => {
    const [page, form] = await Promise.all([
      rawRequest(server.url, "/ccas/moderation", { headers: { Cookie: person.cookie } }),
      rawRequest(server.url, "/ccas/moderation", {
        method: "POST",
        headers: { Cookie: person.cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=publish",
      }),
    ]);
    for (const response of [page, form]) {
      expect(response.status).toBe(403);
      expect(response.text).toContain("Accès refusé");
      // The route's short refusal, said as a sentence.
      expect(response.text).toContain("<p>Réservé à l&#x27;équipe du CCAS.</p>");
      expect(response.text).not.toContain("Revenir à la page");
      expect(response.text).toContain("Retour à mon espace");
    }
  });
});

describe("a proposal refused where the page has no form to show it by", () => {
  it("says it was not sent, and why, under « Rejoindre ce projet »", async () => {
    // Sent from an old tab to an idea of the person's own structure: the page shows no proposal form.
    const response = await propose(ownIdeaSlug, ownOrganisationId);
    expect(response.status).toBe(400);
    const section = response.text.slice(response.text.indexOf('id="rejoindre"'));
    expect(section).toMatch(
      /role="alert"[^>]*>[\s\S]*Votre proposition n&#x27;a pas été envoyée\.[\s\S]*C&#x27;est l&#x27;idée de votre propre structure\./,
    );
    // No proposal form on the page, as before, nor the demo's invitation to try it.
    expect(response.text).not.toContain("Proposer de participer");
    expect(response.text).not.toContain("vous pouvez essayer de le rejoindre");
  });

  it("shows nothing of the kind on the page asked for again; the demo's notice goes to others only", async () => {
    // Someone signed in with no structure to send for: no form, so no invitation to try it either.
    const structureless = await createActor();
    const [own, visitor, withoutStructure] = await Promise.all([
      rawRequest(server.url, `/idees/${ownIdeaSlug}`, { headers: { Cookie: person.cookie } }),
      rawRequest(server.url, `/idees/${ownIdeaSlug}`),
      rawRequest(server.url, `/idees/${ownIdeaSlug}`, { headers: { Cookie: structureless.cookie } }),
    ]);
    expect([own.status, visitor.status, withoutStructure.status]).toEqual([200, 200, 200]);
    expect(own.text).not.toContain("n&#x27;a pas été envoyée");
    expect(own.text).not.toContain("vous pouvez essayer de le rejoindre");
    expect(visitor.text).toContain("vous pouvez essayer de le rejoindre");
    expect(withoutStructure.text).toContain("votre structure doit avoir une fiche publiée");
    expect(withoutStructure.text).not.toContain("vous pouvez essayer de le rejoindre");
  });
});

describe("a page that does not exist", () => {
  it("keeps the layout of whoever asks: the person's own links, a visitor's log-in", async () => {
    const [signedIn, visitor] = await Promise.all([
      rawRequest(server.url, "/une-page-qui-n-existe-pas", { headers: { Cookie: person.cookie } }),
      rawRequest(server.url, "/une-page-qui-n-existe-pas"),
    ]);
    expect([signedIn.status, visitor.status]).toEqual([404, 404]);
    expect(accountLinks(signedIn.text)).toEqual(expect.arrayContaining(["Mon espace", "Mon compte", "Se déconnecter"]));
    expect(accountLinks(visitor.text)).toEqual(["Se connecter", "Créer un compte"]);
  });
});
