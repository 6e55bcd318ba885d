// The public pages anonymous visitors get, kept a few seconds by the real site (`npm start`,
// PAGE_CACHE_SECONDS; scripts/lib/page-cache.ts): what a visitor, a member signed in and the
// browser's script policy see of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import zlib from "node:zlib";
import { readPublicationMark } from "~/models/figures-cache.server";
import { createGroupementFromIdea, findGroupement } from "~/models/groupement.server";
import { answerInvitation, inviteToGroupement, removeFromGroupement } from "~/models/groupement-members.server";
import { createInterest, decideInterest } from "~/models/interest.server";
import { publishOrganisation } from "~/models/organisation.server";
import { getDb } from "~/utils/db.server";
import { enqueueOrganisation } from "../../search/outbox";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser } from "../helpers/browser";
import { rawRequest } from "../helpers/raw-http";

let site: AppServer;
let uncached: AppServer;
let member: Actor;
let organisation: { id: string; slug: string; name: string };

beforeAll(async () => {
  [site, uncached] = await Promise.all([
    startAppServer({ PAGE_CACHE_SECONDS: "30" }),
    startAppServer({ PAGE_CACHE_SECONDS: "0" }),
  ]);
  member = await createActor();
  organisation = await createOrganisationFor(member);
});

afterAll(async () => {
  await Promise.all([site?.stop(), uncached?.stop()]);
});

const renamed = (name: string) =>
  getDb().organisation.update({ where: { id: organisation.id }, data: { name }, select: { id: true } });

/** The nonce of the page's policy and those its scripts carry. */
function nonces(response: { headers: Record<string, string | string[] | undefined>; text: string }) {
  const policy = String(response.headers["content-security-policy"] ?? "");
  return {
    policy: /'nonce-([^']+)'/.exec(policy)?.[1],
    scripts: [...new Set([...response.text.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((match) => match[1]))],
  };
}

describe("an organisation's page for anonymous visitors", () => {
  it("is kept until a publication: a write that leaves no trace shows to visitors later, to its members at once", async () => {
    const path = `/organisations/${organisation.slug}`;
    const first = await rawRequest(site.url, path);
    expect(first.status).toBe(200);
    expect(first.text).toContain(organisation.name);

    await renamed("Le Jardin des Voisins (démo)");
    const visitor = await rawRequest(site.url, path);
    expect(visitor.text).toContain(organisation.name);
    expect(visitor.text).not.toContain("Le Jardin des Voisins");
    // Signed in, or on a site that keeps nothing: the page as it is now.
    const signedIn = await rawRequest(site.url, path, { headers: { Cookie: member.cookie } });
    expect(signedIn.text).toContain("Le Jardin des Voisins (démo)");
    expect(signedIn.headers["cache-control"]).toMatch(/private/);
    expect((await rawRequest(uncached.url, path)).text).toContain("Le Jardin des Voisins (démo)");

    // A change of what is published is queued for the search index: the kept page goes at once.
    await getDb().$transaction((tx) => enqueueOrganisation(tx, organisation.id));
    const after = await rawRequest(site.url, path);
    expect(after.text).toContain("Le Jardin des Voisins (démo)");
  });

  it("shows an idea's partner accepted at once on its page (its partners are what the page lists)", async () => {
    const partnerAdmin = await createActor();
    const partner = await createOrganisationFor(partnerAdmin);
    const idea = await createPublishedIdeaFor(organisation.id, { title: "Veilleurs de palier, cache" });
    const path = `/idees/${idea.slug}`;
    const before = await rawRequest(site.url, path);
    expect(before.status).toBe(200);
    expect(before.text).not.toContain(partner.name);
    const sent = await createInterest(getDb(), {
      ideaId: idea.id,
      organisationId: partner.id,
      authorId: partnerAdmin.id,
      resources: [],
      message: "Nous pouvons prêter une salle le samedi.",
    });
    if (!sent.ok) throw new Error(sent.error.message);
    // Sent, not yet accepted: the kept page may stay as it was (a write that leaves no trace).
    await decideInterest(getDb(), { interestId: sent.interestId, ideaOrganisationId: organisation.id, accept: true });
    const after = await rawRequest(site.url, path);
    expect(after.text).toContain(partner.name);
  });

  it("shows a structure joining the groupement formed from an idea, and leaving it, at once on the idea's page", async () => {
    const partnerAdmin = await createActor();
    const partner = await createOrganisationFor(partnerAdmin);
    const idea = await createPublishedIdeaFor(organisation.id, { title: "Repas partagés, cache" });
    const { id: groupementId } = await createGroupementFromIdea(getDb(), idea.id);
    const path = `/idees/${idea.slug}`;
    const actor = { id: member.id, name: "Cheffe de file" };
    const noMail = async () => undefined;
    const invited = await inviteToGroupement(
      getDb(),
      { groupement: (await findGroupement(getDb(), groupementId))!, actor, organisationId: partner.id, link: "/espace" },
      noMail,
    );
    expect(invited).not.toHaveProperty("error");
    expect((await rawRequest(site.url, path)).text).not.toContain(partner.name);

    const memberOf = async () =>
      (await findGroupement(getDb(), groupementId))!.members.find((row) => row.organisationId === partner.id)!;
    await answerInvitation(
      getDb(),
      { groupementId, member: await memberOf(), actor: { id: partnerAdmin.id, name: "Partenaire" } },
      true,
    );
    expect((await rawRequest(site.url, path)).text).toContain(partner.name);

    await removeFromGroupement(
      getDb(),
      { groupementId, member: await memberOf(), actor: { id: partnerAdmin.id, name: "Partenaire" } },
      true,
    );
    expect((await rawRequest(site.url, path)).text).not.toContain(partner.name);
  });

  it("shows a publication in search and lists once the index has it, not only after the page's time", async () => {
    const word = `tricoteuses${crypto.randomUUID().slice(0, 6)}`;
    const pending = await createOrganisationFor(member, { status: "pending" });
    await getDb().organisation.update({ where: { id: pending.id }, data: { name: `Les ${word} du Nord (démo)` } });
    const path = `/recherche?q=${word}`;
    expect((await rawRequest(site.url, path)).text).not.toContain(`Les ${word} du Nord`);

    const ccas = await createActor({ ccas: true });
    await publishOrganisation(getDb(), {
      organisationId: pending.id,
      moderatorId: ccas.id,
      callId: (await getDb().call.findFirstOrThrow()).id,
    });
    // The server's loop pushes it to the index within seconds; the kept page follows.
    await expect
      .poll(async () => (await rawRequest(site.url, path)).text, { timeout: 40_000, interval: 250 })
      .toContain(`Les ${word} du Nord`);
  });

  it("are marked by the search outbox: a change queued moves the mark, and its push to the index again", async () => {
    const db = getDb();
    const before = await readPublicationMark(db);
    const row = await db.searchOutbox.create({ data: { entityType: "organisation", entityId: organisation.id } });
    const queued = await readPublicationMark(db);
    expect(queued).not.toBe(before);
    // Pushed (by the test here; the server's loop may push it too): only `doneAt` moves.
    await db.searchOutbox.update({ where: { id: row.id }, data: { doneAt: new Date(Date.now() + 60_000) } });
    expect(await readPublicationMark(db)).not.toBe(queued);
  });

  it("carries its own nonce each time, the same in its policy and its scripts", async () => {
    const answers = [await rawRequest(site.url, "/"), await rawRequest(site.url, "/")];
    const [first, second] = answers.map(nonces);
    expect(first!.scripts.length).toBeGreaterThan(0);
    expect(first!.scripts).toEqual([first!.policy]);
    expect(second!.scripts).toEqual([second!.policy]);
    expect(second!.policy).not.toBe(first!.policy);
  });

  it("goes compressed to a client that takes gzip, with its own nonce, and a browser runs it", async () => {
    const gzip = { headers: { "Accept-Encoding": "gzip, deflate, br" } };
    await rawRequest(site.url, "/carte", gzip);
    const kept = await rawRequest(site.url, "/carte", gzip);
    expect(kept.headers["content-encoding"]).toBe("gzip");
    const text = zlib.gunzipSync(kept.body).toString("utf8");
    const { policy, scripts } = nonces({ headers: kept.headers, text });
    expect(scripts).toEqual([policy]);
    expect(text).toContain("<h1");
    // The search API, served apart from the pages: its kept answer is the first one, compressed
    // from the cache when 1 KB or more, else as the compression middleware sends it.
    // (The first one, rendered, is compressed as a page is, gzip with its length; it went through
    // the compression middleware, in brotli to a client that took it.)
    const plainText = (answer: { headers: Record<string, unknown>; body: Buffer }) =>
      (answer.headers["content-encoding"] === "gzip"
        ? zlib.gunzipSync(answer.body)
        : answer.headers["content-encoding"] === "br"
          ? zlib.brotliDecompressSync(answer.body)
          : answer.body
      ).toString("utf8");
    const firstApi = await rawRequest(site.url, "/api/search?q=jardin", gzip);
    const keptApi = await rawRequest(site.url, "/api/search?q=jardin", gzip);
    const keptText = plainText(keptApi);
    expect(JSON.parse(keptText)).toEqual(JSON.parse(plainText(firstApi)));
    expect(JSON.parse(keptText)).toHaveProperty("hits");
    expect(keptApi.headers["content-encoding"]).toBe(Buffer.byteLength(keptText) >= 1024 ? "gzip" : undefined);
    expect(firstApi.headers["content-encoding"]).toBe(Buffer.byteLength(keptText) >= 1024 ? "gzip" : undefined);
    expect(firstApi.headers["content-length"]).toBe(String(firstApi.body.length));
    // No ETag on either: the first one's (over the plain JSON) differed from the kept one's (over gzip).
    expect([firstApi.headers.etag, keptApi.headers.etag]).toEqual([undefined, undefined]);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      for (let visit = 0; visit < 2; visit += 1) {
        const response = await page.goto(`${site.url}/carte`);
        expect(response?.status()).toBe(200);
        // Chromium takes brotli too: the compression middleware would have sent brotli; the kept gzip came.
        expect((await response!.allHeaders())["content-encoding"]).toBe("gzip");
        // The page's scripts ran under its policy: Remix took the page over.
        await hydrated(page);
      }
      await expect(page.locator("h1").textContent()).resolves.toBe("Carte des quartiers peu couverts");
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("is never one a signed-in member got", async () => {
    const path = "/carte";
    const signedIn = await rawRequest(site.url, path, { headers: { Cookie: member.cookie } });
    expect(signedIn.text).toContain("Mon espace");
    const visitor = await rawRequest(site.url, path);
    expect(visitor.text).not.toContain("Mon espace");
    expect(visitor.text).toContain("Se connecter");
  });
});
