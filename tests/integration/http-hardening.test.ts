// What the server accepts from anyone on the network, tried as an attacker would against the real
// site (`npm start`): where a log-in may send the browser, which host the links in mails name, how
// big a request may be and of which type, which cookies break a page, whose address the limits
// count, and what caches may keep.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, PASSWORD, type Actor } from "../helpers/actors";
import { runStart, startAppServer, type AppServer } from "../helpers/app-server";
import { makePng } from "../helpers/images";
import { getFreePort } from "../helpers/net";
import { multipart, piecesOf, rawRequest } from "../helpers/raw-http";
import { linkIn, startSmtp, type TestSmtp } from "../helpers/smtp";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

let smtp: TestSmtp;
/** As in production: NODE_ENV=production, PUBLIC_URL its own address, no proxy trusted. */
let site: AppServer;
/** `npm start` with no configuration (no NODE_ENV, no PUBLIC_URL), behind one trusted proxy. */
let proxied: AppServer;
let member: Actor;
let organisationId: string;
let groupementId: string;

beforeAll(async () => {
  smtp = await startSmtp();
  [site, proxied] = await Promise.all([
    startAppServer({ SMTP_URL: smtp.url }),
    startAppServer({ SMTP_URL: smtp.url, NODE_ENV: undefined, PUBLIC_URL: undefined, TRUST_PROXY: "1" }),
  ]);
  const db = getDb();
  member = await createActor();
  organisationId = (await createOrganisationFor(member)).id;
  const idea = await db.idea.findFirstOrThrow({ where: { status: "published" }, select: { id: true, organisationId: true } });
  await db.membership.create({ data: { userId: member.id, organisationId: idea.organisationId, role: "admin" } });
  groupementId = (await createGroupementFromIdea(db, idea.id)).id;
});

afterAll(async () => {
  await Promise.all([site?.stop(), proxied?.stop()]);
  await smtp?.close();
});

describe("the redirection after log-in", () => {
  it.each(["/\t/127.0.0.1:3999/stolen", "/\n/x", "//evil.example/", "/\\evil.example"])(
    "stays on the site for redirectTo=%j",
    async (redirectTo) => {
      const actor = await createActor();
      const response = await rawRequest(site.url, "/connexion", {
        method: "POST",
        headers: FORM,
        body: form({ email: actor.email, password: PASSWORD, redirectTo }),
      });
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe("/espace");
    },
  );

  it("still follows a path on the site", async () => {
    const actor = await createActor();
    const response = await rawRequest(site.url, "/connexion", {
      method: "POST",
      headers: FORM,
      body: form({ email: actor.email, password: PASSWORD, redirectTo: "/compte?onglet=securite" }),
    });
    expect(response.headers.location).toBe("/compte?onglet=securite");
  });
});

describe("links in mails and pages", () => {
  const resetLink = async (server: AppServer, headers: Record<string, string>) => {
    const actor = await createActor();
    const response = await rawRequest(server.url, "/mot-de-passe-oublie", {
      method: "POST",
      headers: { ...FORM, ...headers },
      body: form({ email: actor.email }),
    });
    expect(response.status).toBe(200);
    return linkIn(await smtp.waitFor(actor.email, /Réinitialiser/));
  };

  it("name the configured PUBLIC_URL whatever Host or X-Forwarded-Host the request gives", async () => {
    expect(await resetLink(site, { Host: "evil.example" })).toMatch(new RegExp(`^${site.url}/nouveau-mot-de-passe\\?token=`));
    expect(await resetLink(site, { "X-Forwarded-Host": "evil.example" })).toMatch(
      new RegExp(`^${site.url}/nouveau-mot-de-passe\\?token=`),
    );
  });

  it("name localhost and the configured port without PUBLIC_URL, even from a trusted proxy", async () => {
    const origin = `http://localhost:${new URL(proxied.url).port}`;
    expect(await resetLink(proxied, { Host: "evil.example" })).toMatch(new RegExp(`^${origin}/nouveau-mot-de-passe\\?token=`));
    expect(await resetLink(proxied, { "X-Forwarded-Host": "evil.example" })).toMatch(
      new RegExp(`^${origin}/nouveau-mot-de-passe\\?token=`),
    );
  });

  it("give shared pages their card and canonical link on this site", async () => {
    const page = await rawRequest(site.url, "/quartiers", {
      headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example" },
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<meta property="og:url" content="${site.url}/quartiers"/>`);
    expect(page.text).toContain(`<link rel="canonical" href="${site.url}/quartiers"/>`);
    expect(page.text).not.toContain("evil.example");
  });

  it("are refused by a start in production without PUBLIC_URL", async () => {
    const { code, output } = await runStart({ PORT: String(await getFreePort()), PUBLIC_URL: undefined });
    expect(code).toBe(1);
    expect(output).toContain("PUBLIC_URL is required with NODE_ENV=production");
  });
});

describe("request bodies", () => {
  const fiveMegabytes = new TextEncoder().encode("x".repeat(5 * 1024 * 1024));

  it("refuses a 5 MB form field with a short 413, before reading it", async () => {
    const response = await rawRequest(site.url, "/connexion", {
      method: "POST",
      headers: FORM,
      body: `email=a%40exemple.org&password=x&notes=${"x".repeat(5 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(response.text).toContain("La requête est trop volumineuse");
    expect(response.text.length).toBeLessThan(2000);
  });

  it("refuses the same field sent in chunks, without a Content-Length", async () => {
    const response = await rawRequest(site.url, "/connexion", { method: "POST", headers: FORM, chunks: piecesOf(fiveMegabytes) });
    expect(response.status).toBe(413);
    expect(response.text).toContain("La requête est trop volumineuse");
    // The site keeps serving.
    expect((await rawRequest(site.url, "/healthz")).status).toBe(200);
  });

  it("gives a page without a file a form's limit, multipart or not: no 5 MB « e-mail » sent back", async () => {
    for (const pathname of ["/connexion", "/inscription", "/mot-de-passe-oublie"]) {
      const form = await multipart({ email: `${"x".repeat(4.9 * 1024 * 1024)}@exemple.org`, password: "x" });
      for (const chunked of [false, true]) {
        const response = await rawRequest(site.url, pathname, {
          method: "POST",
          headers: { "Content-Type": form.type },
          ...(chunked ? { chunks: piecesOf(form.bytes) } : { body: form.bytes }),
        });
        expect(response.status, `${pathname} chunked: ${chunked}`).toBe(413);
        expect(response.text).toContain("La requête est trop volumineuse");
        expect(response.text.length).toBeLessThan(2000);
      }
    }
    // A form of ordinary size sent as multipart is still read (and answered with its own message).
    const small = await multipart({ email: "personne@exemple.org", password: "un mauvais mot de passe" });
    const response = await rawRequest(site.url, "/connexion", {
      method: "POST",
      headers: { "Content-Type": small.type },
      body: small.bytes,
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain("personne@exemple.org");
  });

  it("answers a file over the largest upload limit on the page it was sent from, in its words, and stores nothing", async () => {
    const pdf = await multipart({
      intent: "document",
      kind: "project-sheet",
      file: new File([new Uint8Array(6 * 1024 * 1024).fill(0x25)], "fiche.pdf", { type: "application/pdf" }),
    });
    for (const chunked of [false, true]) {
      const document = await rawRequest(site.url, `/groupements/${groupementId}?index&piece=project-sheet-projet`, {
        method: "POST",
        headers: { "Content-Type": pdf.type, Cookie: member.cookie },
        ...(chunked ? { chunks: piecesOf(pdf.bytes) } : { body: pdf.bytes }),
      });
      // The workspace itself, its upload saying why (a scanned PDF of 6 MB got a bare page before).
      expect(document.status, `chunked: ${chunked}`).toBe(400);
      expect(document.text).toContain("Rien n&#x27;a été enregistré : le document doit peser 5 Mo au maximum.");
      expect(document.text).toMatch(/<title>Erreur : [^<]+<\/title>/);
    }

    const png = makePng();
    const logo = await multipart({
      intent: "logo",
      logo: new File([new Uint8Array(png), new Uint8Array(6 * 1024 * 1024)], "logo.png", { type: "image/png" }),
    });
    const logoResponse = await rawRequest(site.url, `/espace/organisations/${organisationId}`, {
      method: "POST",
      headers: { "Content-Type": logo.type, Cookie: member.cookie },
      chunks: piecesOf(logo.bytes),
    });
    expect(logoResponse.status).toBe(400);
    expect(logoResponse.text).toContain("Le logo doit peser 1 Mo au maximum.");

    const db = getDb();
    expect((await db.groupement.findUniqueOrThrow({ where: { id: groupementId } })).projectSheetFile).toBeNull();
    expect((await db.organisation.findUniqueOrThrow({ where: { id: organisationId } })).logoFile).toBeNull();
  });

  it("says the population table's own limit, with the table's page, for a file over it", async () => {
    const ccas = await createActor({ ccas: true });
    const table = await multipart({
      intent: "preview",
      file: new File([new TextEncoder().encode("quartier;population\n"), new Uint8Array(300_000).fill(0x41)], "population.csv", {
        type: "text/csv",
      }),
    });
    const response = await rawRequest(site.url, "/ccas/population", {
      method: "POST",
      headers: { "Content-Type": table.type, Cookie: ccas.cookie },
      chunks: piecesOf(table.bytes),
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain("Le fichier est trop gros (200 Ko au maximum).");
  });

  it("lets a route say its own limit, in French, for a chunked file under the server's", async () => {
    const pdf = await multipart({
      intent: "document",
      kind: "project-sheet",
      file: new File([new TextEncoder().encode("%PDF-1.4\n"), new Uint8Array(5 * 1024 * 1024)], "fiche.pdf", {
        type: "application/pdf",
      }),
    });
    const document = await rawRequest(site.url, `/groupements/${groupementId}`, {
      method: "POST",
      headers: { "Content-Type": pdf.type, Cookie: member.cookie },
      chunks: piecesOf(pdf.bytes),
    });
    expect(document.status).toBe(400);
    expect(document.text).toContain("Le document doit peser 5 Mo au maximum.");

    const logo = await multipart({
      intent: "logo",
      logo: new File([new Uint8Array(makePng()), new Uint8Array(1536 * 1024)], "logo.png", { type: "image/png" }),
    });
    const logoResponse = await rawRequest(site.url, `/espace/organisations/${organisationId}`, {
      method: "POST",
      headers: { "Content-Type": logo.type, Cookie: member.cookie },
      chunks: piecesOf(logo.bytes),
    });
    expect(logoResponse.status).toBe(400);
    expect(logoResponse.text).toContain("Le logo doit peser 1 Mo au maximum.");
  });
  it("still takes an upload within the limits, with or without a Content-Length", async () => {
    const draft = await createOrganisationFor(member, { status: "draft" });
    for (const chunked of [false, true]) {
      const logo = await multipart({
        intent: "logo",
        logo: new File([new Uint8Array(makePng())], "logo.png", { type: "image/png" }),
      });
      const response = await rawRequest(site.url, `/espace/organisations/${draft.id}`, {
        method: "POST",
        headers: { "Content-Type": logo.type, Cookie: member.cookie },
        ...(chunked ? { chunks: piecesOf(logo.bytes) } : { body: logo.bytes }),
      });
      expect(response.status).toBe(200);
      expect(response.text).toContain("Logo enregistré.");
    }
    expect((await getDb().organisation.findUniqueOrThrow({ where: { id: draft.id } })).logoFile).toMatch(/\.png$/);
  });
});

describe("forms sent back with their errors", () => {
  const unknownField = "INCONNU-".repeat(6400);

  it.each([
    ["/connexion", { email: "pas-une-adresse", password: "x" }],
    ["/inscription", { name: "Alex", email: "pas-une-adresse", password: "court" }],
  ])("%s keeps what was typed and drops a 50 KB field it does not know", async (path, fields) => {
    const response = await rawRequest(site.url, path, {
      method: "POST",
      headers: FORM,
      body: form({ ...fields, signature: unknownField }),
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain("pas-une-adresse");
    expect(response.text).not.toContain("INCONNU-INCONNU");
  });
});

describe("what a POST must be", () => {
  it.each([
    ["application/json", '{"email":"a@exemple.org"}'],
    ["text/plain", "email=a@exemple.org"],
    ["application/xml", "<email>a@exemple.org</email>"],
    ["n'importe quoi", "email=a"],
    [undefined, "email=a"],
  ])("answers Content-Type %j with 415 and a French message", async (type, body) => {
    const response = await rawRequest(site.url, "/connexion", {
      method: "POST",
      headers: type ? { "Content-Type": type } : {},
      body,
    });
    expect(response.status).toBe(415);
    expect(response.text).toContain("ce type d'envoi n'est pas pris en charge");
  });

  it("answers a broken multipart body with 400, not 500", async () => {
    const response = await rawRequest(site.url, "/connexion", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=abc" },
      body: "--abc\r\nce n'est pas un formulaire",
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain("Le formulaire envoyé est illisible");
  });

  it.each<Record<string, string>>([{ Origin: "https://evil.example" }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }])(
    "refuses a form from another site (%j) with 403",
    async (headers) => {
      const actor = await createActor();
      const response = await rawRequest(site.url, "/connexion", {
        method: "POST",
        headers: { ...FORM, ...headers },
        body: form({ email: actor.email, password: PASSWORD }),
      });
      expect(response.status).toBe(403);
      expect(response.text).toContain("envoyé depuis un autre site");
      expect(response.headers["set-cookie"]).toBeUndefined();
    },
  );

  it.each([
    ["no Origin (curl, an older browser)", () => ({})],
    ["this site's Origin", () => ({ Origin: site.url })],
    ["Sec-Fetch-Site: same-origin", () => ({ "Sec-Fetch-Site": "same-origin" })],
    // A proxy that passes on another Host, or an X-Forwarded-Host of its own: the Origin decides.
    ["this site's Origin and another Host", () => ({ Origin: site.url, Host: "interne.exemple:8080" })],
    ["this site's Origin and another X-Forwarded-Host", () => ({ Origin: site.url, "X-Forwarded-Host": "interne.exemple" })],
  ])("accepts a form with %s", async (_, headers: () => Record<string, string>) => {
    const actor = await createActor();
    const response = await rawRequest(site.url, "/connexion", {
      method: "POST",
      headers: { ...FORM, ...headers() },
      body: form({ email: actor.email, password: PASSWORD }),
    });
    expect(response.status).toBe(302);
    expect(response.headers["set-cookie"]?.[0]).toMatch(/^cooperons_session=/);
  });
});

describe("a malformed session cookie", () => {
  it.each(["%", "%E0%A4%A", "%%%", "\u00e9", "a=b=c", ""])(
    "is no session, not an error (cooperons_session=%j)",
    async (value) => {
      const home = await rawRequest(site.url, "/", { headers: { Cookie: `cooperons_session=${value}` } });
      expect(home.status).toBe(200);
      expect(home.text).toContain("Se connecter");
      const account = await rawRequest(site.url, "/compte", { headers: { Cookie: `cooperons_session=${value}` } });
      expect(account.status).toBe(302);
      expect(account.headers.location).toMatch(/^\/connexion/);
    },
  );
});

describe("the client address the limits count", () => {
  const signUps = (server: AppServer) =>
    Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const response = await rawRequest(server.url, "/inscription", {
          method: "POST",
          headers: { ...FORM, "X-Forwarded-For": `198.51.100.${index + 1}` },
          body: form({ name: "Alex", email: `${crypto.randomUUID()}@exemple.org`, password: PASSWORD }),
        });
        return response.status;
      }),
    );

  it("ignores X-Forwarded-For when no proxy is trusted: the sixth sign-up in an hour waits", async () => {
    expect((await signUps(site)).sort()).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("reads it from a proxy TRUST_PROXY names: six visitors sign up", async () => {
    expect(await signUps(proxied)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});

describe("caching", () => {
  it("keeps no copy of what depends on the session", async () => {
    const paths = [
      "/",
      "/compte",
      "/espace",
      `/espace/organisations/${organisationId}/messagerie`,
      `/groupements/${groupementId}`,
      "/compte.data",
      `/groupements/${groupementId}.data`,
    ];
    for (const path of paths) {
      const response = await rawRequest(site.url, path, { headers: { Cookie: member.cookie } });
      expect([path, response.status, response.headers["cache-control"]]).toEqual([path, 200, "private, no-store"]);
    }
    const actor = await createActor();
    const login = await rawRequest(site.url, "/connexion", {
      method: "POST",
      headers: FORM,
      body: form({ email: actor.email, password: PASSWORD }),
    });
    expect(login.headers["set-cookie"]?.[0]).toMatch(/^cooperons_session=/);
    expect(login.headers["cache-control"]).toBe("private, no-store");
  });

  it("asks for HTTPS only when a trusted proxy says the request came over it", async () => {
    const hsts = "max-age=31536000; includeSubDomains";
    const https = { "X-Forwarded-Proto": "https" };
    expect((await rawRequest(proxied.url, "/", { headers: https })).headers["strict-transport-security"]).toBe(hsts);
    expect((await rawRequest(proxied.url, "/")).headers["strict-transport-security"]).toBeUndefined();
    // Without TRUST_PROXY, the header is anyone's to send.
    expect((await rawRequest(site.url, "/", { headers: https })).headers["strict-transport-security"]).toBeUndefined();
  });
});
