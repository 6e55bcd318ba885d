// The whole way through the real site (`npm start`): a search saved with the page's form, an offer
// published, the server's own sync loop indexing it and mailing the alert, and the mail's one-click
// unsubscribe working without a session — from the page's button and as mail clients POST it
// (RFC 8058: no cookie, no Origin).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelOf, QUARTIERS } from "~/domain/taxonomy";
import { readUnsubscribeToken, unsubscribeUrl } from "~/models/alert.server";
import { createOffer, publishOffer } from "~/models/offer.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { rawRequest } from "../helpers/raw-http";
import { startSmtp, type TestSmtp } from "../helpers/smtp";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

let smtp: TestSmtp;
let site: AppServer;
let reader: Actor;

beforeAll(async () => {
  smtp = await startSmtp();
  site = await startAppServer({ SMTP_URL: smtp.url });
  reader = await createActor();
});

afterAll(async () => {
  await site?.stop();
  await smtp?.close();
});

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function savedSearch(fields: Record<string, string>) {
  const response = await rawRequest(site.url, "/compte/alertes", {
    method: "POST",
    headers: { ...FORM, Cookie: reader.cookie, Origin: site.url },
    body: new URLSearchParams({ intent: "create", ...fields }).toString(),
  });
  expect(response.status).toBe(302);
  const id = /enregistree=([^&#]+)/.exec(String(response.headers.location))![1]!;
  return getDb().savedSearch.findUniqueOrThrow({ where: { id } });
}

describe("an alert mail through the real site", () => {
  let link: string;
  let searchId: string;

  it("arrives once the server indexed the new offer, with the List-Unsubscribe headers", async () => {
    const search = await savedSearch({ type: "offer", resource: "locaux", quartier: "malakoff-saint-donatien" });
    searchId = search.id;
    expect(search.name).toBe(`Offres · Locaux · ${labelOf(QUARTIERS, "malakoff-saint-donatien")}`);
    const [owner, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(owner);
    const offer = await createOffer(getDb(), organisation.id, {
      resource: "locaux",
      title: "Salle Malakoff du dimanche",
      description: "Une grande salle au pied des tours.",
      availability: "Le dimanche",
      slots: [],
      conditions: "free",
      quartier: "malakoff-saint-donatien",
    });
    await publishOffer(getDb(), { offerId: offer.id, moderatorId: ccas.id });

    const mail = await smtp.waitFor(reader.email, /Nouvelle offre : Salle Malakoff du dimanche/, 30_000);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const header = /^<(.+)>$/.exec(mail.headers["list-unsubscribe"] ?? "");
    expect(header?.[1]).toMatch(new RegExp(`^${site.url}/alertes/desabonnement\\?token=`));
    link = header![1]!;
    expect(mail.text).toContain(link);
  });

  it("opened without logging in, shows what it stops and changes nothing", async () => {
    const page = await rawRequest(site.url, pathOf(link));
    expect(page.status).toBe(200);
    expect(page.text).toContain("Ne plus recevoir les alertes de votre recherche « ");
    expect(page.text).toContain("Me désabonner");
    expect((await getDb().savedSearch.findUniqueOrThrow({ where: { id: searchId } })).paused).toBe(false);
  });

  it("refuses a link that is not this site's, in French, and changes nothing", async () => {
    const token = new URL(link).searchParams.get("token")!;
    const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    for (const bad of ["nimportequoi", forged, `${token}x`]) {
      const page = await rawRequest(site.url, `/alertes/desabonnement?token=${encodeURIComponent(bad)}`);
      expect(page.status).toBe(400);
      expect(page.text).toContain("Ce lien de désabonnement n&#x27;est pas valide");
      const posted = await rawRequest(site.url, `/alertes/desabonnement?token=${encodeURIComponent(bad)}`, {
        method: "POST",
        headers: FORM,
        body: "List-Unsubscribe=One-Click",
      });
      expect(posted.status).toBe(400);
    }
    // A token for another person's search, made by someone who does not know the secret, is refused too.
    expect(readUnsubscribeToken(token.replace(/^[^.]+/, Buffer.from(`someone search:${searchId}`).toString("base64url")))).toBe(
      null,
    );
    expect((await getDb().savedSearch.findUniqueOrThrow({ where: { id: searchId } })).paused).toBe(false);
  });

  it("unsubscribes in one POST as a mail client sends it: no session, no Origin", async () => {
    const posted = await rawRequest(site.url, pathOf(link), {
      method: "POST",
      headers: FORM,
      body: "List-Unsubscribe=One-Click",
    });
    expect(posted.status).toBe(200);
    expect(posted.text).toContain("C&#x27;est fait : vous ne recevrez plus les alertes de votre recherche");
    expect((await getDb().savedSearch.findUniqueOrThrow({ where: { id: searchId } })).paused).toBe(true);
    // Again: already done, still fine.
    const again = await rawRequest(site.url, pathOf(link));
    expect(again.status).toBe(200);
    expect(again.text).toContain("Vous ne recevez déjà plus les alertes de votre recherche");
  });

  it("from a digest, stops every alert: each search paused and the idea alerts off", async () => {
    const other = await savedSearch({ type: "idea" });
    const all = unsubscribeUrl(reader.id, { kind: "all" });
    const page = await rawRequest(site.url, pathOf(all));
    expect(page.text).toContain("toutes vos alertes");
    // The page's own button: its form posts to the link, with the token in a field as well.
    const posted = await rawRequest(site.url, pathOf(all), {
      method: "POST",
      headers: { ...FORM, Origin: site.url },
      body: new URLSearchParams({ token: new URL(all).searchParams.get("token")! }).toString(),
    });
    expect(posted.status).toBe(200);
    expect(posted.text).toContain("C&#x27;est fait : vous ne recevrez plus toutes vos alertes");
    expect((await getDb().savedSearch.findUniqueOrThrow({ where: { id: other.id } })).paused).toBe(true);
    expect((await getDb().alertSetting.findUniqueOrThrow({ where: { userId: reader.id } })).ideaAlerts).toBe(false);
  });
});
