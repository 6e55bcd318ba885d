// The address search of the forms (GET /api/adresse) against a local stand-in for the BAN API that
// answers with documented-format answers (tests/fixtures/ban/): what is asked, what is kept, what
// a person gets when the geocoder is slow, down or asked too often.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loader } from "~/routes/api.adresse";
import { searchAddresses } from "~/utils/geocoder.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, type Actor } from "../helpers/actors";
import { startBanServer } from "../helpers/ban-server";
import { getRequest, loaderArgsFor, run } from "../helpers/requests";

// Before anything reads the configuration (it is read once per process).
const ban = await startBanServer();
process.env.GEOCODER_URL = `${ban.url}/`;

afterAll(async () => {
  delete process.env.GEOCODER_URL;
  await ban.close();
});
beforeEach(async () => {
  await resetRateLimits();
  ban.behaviour.delayMs = 0;
  ban.behaviour.status = 200;
});

type Answer = {
  suggestions: { label: string; latitude: number; longitude: number; quartier: { code: string } }[];
  message?: string;
};

let actor: Actor | undefined;

/** The loader answers with a Response: its status, headers and JSON. */
async function askJson(query: string) {
  actor ??= await createActor();
  const response = (await loader(
    loaderArgsFor(getRequest(`/api/adresse?q=${encodeURIComponent(query)}`, actor.cookie)),
  )) as Response;
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
}

describe("GET /api/adresse", () => {
  it("asks the BAN for addresses of Nantes as the documentation says, and gives each its quartier", async () => {
    const before = ban.requests.length;
    const { status, body } = await askJson("12 rue de Strasbourg");
    expect(status).toBe(200);
    expect(body.suggestions).toEqual([
      {
        label: "12 Rue de Strasbourg 44000 Nantes",
        latitude: 47.217448,
        longitude: -1.552474,
        quartier: expect.objectContaining({ code: "centre-ville", label: "Centre-ville" }),
      },
      expect.objectContaining({
        label: "12 bis Rue de Strasbourg 44000 Nantes",
        quartier: expect.objectContaining({ code: "centre-ville" }),
      }),
      expect.objectContaining({
        label: "Rue de Strasbourg 44000 Nantes",
        quartier: expect.objectContaining({ code: "centre-ville" }),
      }),
    ]);
    expect(ban.requests).toHaveLength(before + 1);
    const asked = ban.requests.at(-1)!;
    expect(asked.pathname).toBe("/search/");
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      q: "12 rue de Strasbourg",
      citycode: "44109",
      limit: "5",
      autocomplete: "1",
    });
  });

  it("finds the volunteer's association in Nantes Nord while the name is still being typed", async () => {
    const { body } = await askJson("boulevard jean in");
    expect(body.suggestions.map((suggestion) => [suggestion.label, suggestion.quartier.code])).toEqual([
      ["Boulevard Jean Ingres 44300 Nantes", "nantes-nord"],
      ["1 Boulevard Jean Ingres 44300 Nantes", "nantes-nord"],
      ["2 Boulevard Jean Ingres 44300 Nantes", "nantes-nord"],
    ]);
  });

  it("keeps only Nantes when a geocoder answers with other towns", async () => {
    const { body } = await askJson("rue de la gare");
    expect(body.suggestions.map((suggestion) => [suggestion.label, suggestion.quartier.code])).toEqual([
      ["Rue de la Gare de l'État 44200 Nantes", "ile-de-nantes"],
    ]);
  });

  it("answers an empty list when nothing matches, and does not ask below 3 characters", async () => {
    expect((await askJson("rue introuvable")).body.suggestions).toEqual([]);
    const before = ban.requests.length;
    expect(await askJson("ru")).toMatchObject({ status: 200, body: { suggestions: [] } });
    expect(ban.requests).toHaveLength(before);
  });

  it("gives up on a slow geocoder within its timeout, with a message that sends the person to the list", async () => {
    ban.behaviour.delayMs = 5000;
    // The fake answers after 5 s: a 503 (not its suggestions) shows the request was given up first.
    const { status, body } = await askJson("12 rue de strasbourg");
    expect(status).toBe(503);
    expect(body).toEqual({
      suggestions: [],
      message: "La recherche d'adresse ne répond pas : choisissez le quartier dans la liste.",
    });
  });

  it("says the same when the geocoder fails", async () => {
    ban.behaviour.status = 502;
    expect(await askJson("12 rue de strasbourg")).toMatchObject({ status: 503, body: { suggestions: [] } });
  });

  it("refuses the 61st search of a minute from one account, and says when to try again", async () => {
    for (let index = 0; index < 60; index += 1) expect((await askJson(`rue louis le nain ${index}`)).status).toBe(200);
    const refused = await askJson("rue louis le nain");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/choisissez le quartier dans la liste/);
  });

  it("is for signed-in people only", async () => {
    const response = await run(() => loader(loaderArgsFor(getRequest("/api/adresse?q=12+rue+de+strasbourg"))));
    expect(response.status).toBe(302);
  });
});

describe("searchAddresses", () => {
  it("says so when no geocoder is configured, without asking anyone", async () => {
    const before = ban.requests.length;
    expect(await searchAddresses("12 rue de strasbourg", { baseUrl: null })).toEqual({ ok: false, reason: "unconfigured" });
    expect(ban.requests).toHaveLength(before);
  });

  it("reads a documented answer into labels and positions", async () => {
    const result = await searchAddresses("rue louis le nain");
    expect(result).toEqual({
      ok: true,
      addresses: [{ label: "Rue Louis le Nain 44100 Nantes", latitude: 47.222994, longitude: -1.592031 }],
    });
  });
});
