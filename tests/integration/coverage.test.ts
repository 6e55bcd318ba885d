import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as coverageLoader } from "~/routes/api.coverage";
import { loader as searchLoader } from "~/routes/api.search";
import { loader as mapLoader } from "~/routes/carte";
import { getDb } from "~/utils/db.server";
import { getSearchClient } from "~/utils/search.server";
import { irisAtPoint, quartierAtPoint } from "~/domain/geo";
import { QUARTIERS, SECTORS } from "~/domain/taxonomy";
import { getPointsIn, type MapPoint } from "~/models/coverage.server";
import { createOffer, publishOffer } from "~/models/offer.server";
import { getIrisGeoJson, getQuartiersGeoJson } from "~/utils/geo.server";
import { enqueueIndex } from "../../search/outbox";
import { ensureIndex, processOutbox } from "../../search/sync";
import { createActor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { getRequest, loaderArgsFor } from "../helpers/requests";

type Counts = { organisations: number; offers: number; ideas: number; total: number };
type Coverage = {
  formula: string;
  populationSource: string;
  cityPopulation: number;
  wholeCity: Counts;
  quartiers: {
    slug: string;
    name: string;
    population: number;
    supply: Counts;
    coverage: number;
  }[];
};
const get = async <T>(loader: typeof coverageLoader, path: string) => {
  const response = await loader(loaderArgsFor(getRequest(path)));
  return { status: response.status, body: (await response.json()) as T };
};

beforeAll(async () => {
  await ensureIndex(getDb(), getSearchClient()!);
});

const searchTotal = async (type: string, quartier: string) =>
  (await get<{ total: number }>(searchLoader, `/api/search?type=${type}&quartier=${quartier}&perPage=1`)).body.total;

describe("/api/coverage", () => {
  it("gives the 11 quartiers' local supply, the whole city's supply once, and the formula that adds them", async () => {
    const { body } = await get<Coverage>(coverageLoader, "/api/coverage");
    expect(body.quartiers).toHaveLength(11);
    expect(body.formula).toMatch(/pour 10 000 habitants du quartier/);
    expect(body.formula).toMatch(/toute la ville pour 10 000 habitants de Nantes/);
    expect(body.populationSource).toMatch(/INSEE 2018/);
    expect(body.cityPopulation).toBe(body.quartiers.reduce((sum, quartier) => sum + quartier.population, 0));
    expect(body.cityPopulation).toBeGreaterThan(300_000);
    expect(body.wholeCity.total).toBe(body.wholeCity.organisations + body.wholeCity.offers + body.wholeCity.ideas);
    // The demo data has organisations acting on the whole city: the test means something.
    expect(body.wholeCity.organisations).toBeGreaterThan(0);
    for (const quartier of body.quartiers) {
      expect(quartier.supply.total).toBe(quartier.supply.organisations + quartier.supply.offers + quartier.supply.ideas);
      expect(quartier.coverage, quartier.slug).toBe(
        Math.round(
          ((quartier.supply.total * 10_000) / quartier.population + (body.wholeCity.total * 10_000) / body.cityPopulation) * 100,
        ) / 100,
      );
    }
  });

  it("keeps the search filters' meaning: local + whole city = what the search finds in the quartier, for each type", async () => {
    // Offers without a quartier are where their organisation is active: one of an organisation
    // active in some quartiers, one of an organisation acting on the whole city.
    const ccas = await createActor({ ccas: true });
    for (const where of [{ wholeCity: false, quartiers: { some: {} } }, { wholeCity: true }]) {
      const organisation = await getDb().organisation.findFirstOrThrow({ where: { status: "published", ...where } });
      const offer = await createOffer(getDb(), organisation.id, {
        resource: "locaux",
        title: "Salle sans quartier précisé",
        description: "Une salle prêtée le samedi.",
        availability: "Le samedi",
        slots: [],
        conditions: "free",
      });
      await publishOffer(getDb(), { offerId: offer.id, moderatorId: ccas.id });
    }
    while ((await processOutbox(getDb(), getSearchClient()!)) > 0);
    const offers = (await get<Coverage>(coverageLoader, "/api/coverage?type=offer")).body;
    expect(offers.wholeCity.offers).toBeGreaterThan(0);

    for (const [type, key] of [
      ["organisation", "organisations"],
      ["offer", "offers"],
      ["idea", "ideas"],
    ] as const) {
      const { body } = await get<Coverage>(coverageLoader, `/api/coverage?type=${type}`);
      expect(body.wholeCity.total).toBe(body.wholeCity[key]);
      for (const quartier of body.quartiers) {
        expect(quartier.supply[key] + body.wholeCity[key], `${type} in ${quartier.slug}`).toBe(
          await searchTotal(type, quartier.slug),
        );
        expect(quartier.supply.total).toBe(quartier.supply[key]);
      }
    }
  });

  it("counts a structure acting on the whole city once, in the whole city, and in no quartier", async () => {
    // Structures only: its offers without a quartier would follow it to the whole city too.
    const before = (await get<Coverage>(coverageLoader, "/api/coverage?type=organisation")).body;
    const organisation = await getDb().organisation.findFirstOrThrow({
      where: { status: "published", wholeCity: false, quartiers: { some: {} } },
      include: { quartiers: { select: { quartier: { select: { slug: true } } } } },
    });
    await getDb().organisation.update({ where: { id: organisation.id }, data: { wholeCity: true } });
    try {
      const after = (await get<Coverage>(coverageLoader, "/api/coverage?type=organisation")).body;
      expect(after.wholeCity.organisations).toBe(before.wholeCity.organisations + 1);
      const itsQuartiers = organisation.quartiers.map(({ quartier }) => quartier.slug);
      for (const quartier of after.quartiers) {
        const previous = before.quartiers.find((item) => item.slug === quartier.slug)!;
        const lost = itsQuartiers.includes(quartier.slug) ? 1 : 0;
        expect(quartier.supply.organisations, quartier.slug).toBe(previous.supply.organisations - lost);
        // The whole-city part grows by the same amount everywhere.
        const part = (body: Coverage) => (body.wholeCity.total * 10_000) / body.cityPopulation;
        expect(quartier.coverage).toBeCloseTo(
          previous.coverage - (lost * 10_000) / quartier.population + part(after) - part(before),
          1,
        );
      }
    } finally {
      await getDb().organisation.update({ where: { id: organisation.id }, data: { wholeCity: false } });
    }
  });

  it("restricts to a sub-axis", async () => {
    const all = await get<Coverage>(coverageLoader, "/api/coverage");
    const restricted = await get<Coverage>(coverageLoader, "/api/coverage?subAxis=1.1");
    const total = (body: Coverage) => body.quartiers.reduce((sum, quartier) => sum + quartier.supply.total, 0);
    expect(total(restricted.body)).toBeLessThan(total(all.body));
    expect(total(restricted.body)).toBeGreaterThan(0);
  });

  it("answers 400 to an unknown type or sub-axis", async () => {
    expect((await get(coverageLoader, "/api/coverage?type=personne")).status).toBe(400);
    expect((await get(coverageLoader, "/api/coverage?subAxis=9.9")).status).toBe(400);
  });
});

describe("the search's filters on the map", () => {
  type Search = { total: number; facets: { type: Record<string, number> } };
  const TYPES = [
    ["organisation", "organisations"],
    ["offer", "offers"],
    ["idea", "ideas"],
  ] as const;

  // Items that each filter sorts apart, beside the demo's: sectors, offered and sought resources,
  // sub-axes, stages; in quartiers, on the whole city, without a quartier; and what is not shown.
  beforeAll(async () => {
    const db = getDb();
    const call = await db.call.findFirstOrThrow({ where: { slug: "nantes-isolement-2025" } });
    const subAxis = async (code: string) =>
      (await db.callSubAxis.findFirstOrThrow({ where: { code, axis: { callId: call.id } } })).id;
    const quartier = async (slug: string) => (await db.quartier.findUniqueOrThrow({ where: { slug } })).id;
    const organisation = async (data: {
      sector: string;
      offers: string[];
      subAxes: string[];
      quartiers: string[];
      wholeCity?: boolean;
      status?: string;
    }) => {
      const slug = `filtre-${crypto.randomUUID().slice(0, 8)}`;
      return db.organisation.create({
        data: {
          slug,
          name: `Structure ${slug}`,
          shortDescription: "Une structure pour les filtres de la carte.",
          description: "",
          sector: data.sector,
          kind: "association",
          wholeCity: data.wholeCity ?? false,
          status: data.status ?? "published",
          quartiers: { create: await Promise.all(data.quartiers.map(async (slug) => ({ quartierId: await quartier(slug) }))) },
          subAxes: { create: await Promise.all(data.subAxes.map(async (code) => ({ subAxisId: await subAxis(code) }))) },
          resources: { create: data.offers.map((resource) => ({ resource, direction: "offers" })) },
        },
      });
    };
    const health = await organisation({
      sector: "sante",
      offers: ["locaux"],
      subAxes: ["2.1"],
      quartiers: ["nantes-nord", "doulon-bottiere"],
    });
    const landlord = await organisation({
      sector: "habitat",
      offers: ["financier"],
      subAxes: ["1.1"],
      quartiers: [],
      wholeCity: true,
    });
    const association = await organisation({
      sector: "associatif",
      offers: ["locaux", "logistique"],
      subAxes: ["2.1", "1.1"],
      quartiers: ["centre-ville"],
    });
    await organisation({ sector: "sante", offers: [], subAxes: ["2.2"], quartiers: ["nantes-nord"] });
    await organisation({ sector: "sante", offers: ["locaux"], subAxes: ["2.1"], quartiers: ["nantes-nord"], status: "pending" });
    const offer = async (organisationId: string, resource: string, where: string | null, validUntil: Date | null = null) =>
      db.offer.create({
        data: {
          organisationId,
          resource,
          title: `Offre ${resource}`,
          description: "Pour les filtres de la carte.",
          availability: "Le samedi",
          conditions: "free",
          quartierId: where ? await quartier(where) : null,
          validUntil,
          status: "published",
        },
      });
    const offers = [
      await offer(health.id, "locaux", "ile-de-nantes"),
      await offer(health.id, "financier", null),
      await offer(landlord.id, "locaux", null),
      await offer(association.id, "logistique", "nantes-sud", new Date("2020-01-01")),
      await offer(association.id, "salaries", "malakoff-saint-donatien"),
    ];
    const idea = async (organisationId: string, stage: string, codes: [kind: string, code: string][], wholeCity = false) =>
      db.idea.create({
        data: {
          slug: `idee-filtre-${crypto.randomUUID().slice(0, 8)}`,
          callId: call.id,
          organisationId,
          title: "Une idée pour les filtres de la carte",
          summary: "Résumé",
          description: "Description",
          targetPublic: "Personnes isolées",
          wholeCity,
          addressesIsolation: true,
          addressesPrecarity: true,
          stage,
          status: "published",
          codes: { create: codes.map(([kind, code]) => ({ kind, code })) },
        },
      });
    const ideas = [
      await idea(health.id, "looking-for-partners", [
        ["subAxis", "2.1"],
        ["sector", "sante"],
        ["sector", "habitat"],
        ["resource", "locaux"],
        ["quartier", "nantes-nord"],
      ]),
      await idea(
        association.id,
        "applied",
        [
          ["subAxis", "1.1"],
          ["sector", "associatif"],
          ["resource", "financier"],
        ],
        true,
      ),
      await idea(association.id, "draft", [
        ["subAxis", "2.2"],
        ["sector", "sante"],
        ["resource", "logistique"],
        ["quartier", "doulon-bottiere"],
        ["quartier", "centre-ville"],
      ]),
    ];
    const organisations = await db.organisation.findMany({ where: { slug: { startsWith: "filtre-" } }, select: { id: true } });
    await enqueueIndex(db, [
      ...organisations.map((row) => ({ entityType: "organisation" as const, entityId: row.id })),
      ...offers.map((row) => ({ entityType: "offer" as const, entityId: row.id })),
      ...ideas.map((row) => ({ entityType: "idea" as const, entityId: row.id })),
    ]);
    while ((await processOutbox(db, getSearchClient()!)) > 0);
  });

  // Several values of one filter (ORed), and filters together (ANDed).
  const COMBINATIONS = [
    "",
    "sector=sante&sector=habitat",
    "resource=locaux&resource=financier",
    "subAxis=2.1&subAxis=1.1",
    "type=offer&type=idea&sector=sante",
    "type=organisation&sector=sante&resource=locaux",
    "subAxis=2.1&sector=associatif&sector=sante&resource=locaux",
    "status=published&status=looking-for-partners&sector=sante",
    "status=applied&status=draft&resource=financier&resource=logistique",
    "type=idea&type=organisation&subAxis=2.2&sector=sante",
    "type=offer&resource=locaux&resource=salaries&sector=sante&sector=associatif&sector=habitat",
  ];

  it.each(COMBINATIONS)("counts in each quartier what /api/search finds there: %s", async (filters) => {
    const coverage = await get<Coverage>(coverageLoader, `/api/coverage?${filters}`);
    expect(coverage.status).toBe(200);
    const { quartiers, wholeCity } = coverage.body;
    const withoutType = new URLSearchParams(filters);
    withoutType.delete("type");
    const types = new URLSearchParams(filters).getAll("type");
    for (const quartier of quartiers) {
      const found = await get<Search>(searchLoader, `/api/search?${filters}&quartier=${quartier.slug}&perPage=1`);
      expect(quartier.supply.total + wholeCity.total, quartier.slug).toBe(found.body.total);
      // Type by type: the search's type counts, under every other filter.
      const byType = await get<Search>(searchLoader, `/api/search?${withoutType}&quartier=${quartier.slug}&perPage=1`);
      for (const [type, key] of TYPES) {
        const expected = types.length === 0 || types.includes(type) ? (byType.body.facets.type[type] ?? 0) : 0;
        expect(quartier.supply[key] + wholeCity[key], `${type} in ${quartier.slug}`).toBe(expected);
      }
    }
  });

  it("narrows the counts: each combination finds something, fewer than without filters", async () => {
    const sum = (body: Coverage) =>
      body.quartiers.reduce((total, quartier) => total + quartier.supply.total, body.wholeCity.total);
    const all = sum((await get<Coverage>(coverageLoader, "/api/coverage")).body);
    for (const filters of COMBINATIONS.slice(1)) {
      const found = sum((await get<Coverage>(coverageLoader, `/api/coverage?${filters}`)).body);
      expect(found, filters).toBeGreaterThan(0);
      expect(found, filters).toBeLessThan(all);
    }
    // Of the four health structures, one is not shown and one offers nothing: two are counted, in Nantes Nord both.
    const health = (await get<Coverage>(coverageLoader, "/api/coverage?type=organisation&sector=sante&resource=locaux")).body;
    const nord = health.quartiers.find((quartier) => quartier.slug === "nantes-nord")!;
    expect(nord.supply.organisations).toBeGreaterThanOrEqual(1);
  });

  it("shows the same figures in the page's table as the API, with the same filters", async () => {
    for (const filters of [COMBINATIONS[1]!, COMBINATIONS[6]!, COMBINATIONS[10]!]) {
      const api = (await get<Coverage>(coverageLoader, `/api/coverage?${filters}`)).body;
      const page = await mapLoader(loaderArgsFor(getRequest(`/carte?${filters}&tri=name`)));
      expect(page.ignored).toBe(false);
      expect(page.wholeCity).toEqual(api.wholeCity);
      for (const quartier of api.quartiers) {
        const row = page.rows.find((item) => item.slug === quartier.slug)!;
        expect({ supply: row.supply, coverage: row.coverage }, `${filters} ${quartier.slug}`).toEqual({
          supply: quartier.supply,
          coverage: quartier.coverage,
        });
      }
    }
  });

  it("lists in a quartier's or an IRIS's panel exactly the markers whose point is in it, in their order", async () => {
    // Markers on a grid over Nantes and around it (some in no quartier).
    const points: MapPoint[] = [];
    for (let row = 0; row < 15; row += 1)
      for (let column = 0; column < 15; column += 1)
        points.push({
          type: "organisation",
          title: `Point ${row}-${column}`,
          url: `/organisations/point-${row}-${column}`,
          lat: 47.17 + row * 0.01,
          lng: -1.65 + column * 0.015,
          wholeCity: false,
        });
    const quartiers = getQuartiersGeoJson().collection;
    let placed = 0;
    for (const quartier of QUARTIERS) {
      const expected = points.filter((point) => quartierAtPoint(quartiers, point.lng, point.lat) === quartier.idobj);
      expect(getPointsIn(points, "quartiers", quartier.code)).toEqual(expected);
      placed += expected.length;
    }
    expect(placed).toBeGreaterThan(0);
    const iris = getIrisGeoJson().collection;
    const codes = [...new Set(points.map((point) => irisAtPoint(iris, point.lng, point.lat)))].filter((code) => code !== null);
    for (const code of codes.slice(0, 10))
      expect(getPointsIn(points, "iris", code)).toEqual(
        points.filter((point) => irisAtPoint(iris, point.lng, point.lat) === code),
      );
    expect(getPointsIn(points, "quartiers", "nulle-part")).toEqual([]);
  });

  it("lists in the panel what the search finds there, and links to the same search", async () => {
    const page = await mapLoader(
      loaderArgsFor(getRequest("/carte?type=organisation&sector=sante&resource=locaux&quartier=nantes-nord")),
    );
    expect(page.panel?.searchLink).toBe("/recherche?type=organisation&sector=sante&resource=locaux&quartier=nantes-nord");
    expect(page.panel?.items.organisations.length).toBeGreaterThan(0);
    expect(page.panel?.items.offers).toEqual([]);
    expect(page.panel?.items.ideas).toEqual([]);
  });

  it("places by IRIS only what the filters keep", async () => {
    const health = await getDb().organisation.findFirstOrThrow({
      where: { slug: { startsWith: "filtre-" }, sector: "sante", status: "published", resources: { some: {} } },
    });
    await getDb().organisation.update({ where: { id: health.id }, data: { latitude: 47.2561, longitude: -1.5613 } });
    const total = async (filters: string) =>
      (await mapLoader(loaderArgsFor(getRequest(`/carte?niveau=iris&type=organisation&${filters}`)))).rows.reduce(
        (sum, iris) => sum + iris.supply.organisations,
        0,
      );
    try {
      expect(await total("sector=sante&resource=locaux")).toBe(1);
      expect(await total("sector=habitat&sector=culturel")).toBe(0);
    } finally {
      await getDb().organisation.update({ where: { id: health.id }, data: { latitude: null, longitude: null } });
    }
  });

  it("answers an unknown value as /api/search does: 400 and the same messages", async () => {
    for (const filters of [
      "type=personne",
      "sector=inconnu",
      "sector=sante&sector=__proto__",
      "resource=constructor",
      "status=toString",
      "subAxis=__proto__",
      "type=offer&resource=hasOwnProperty",
    ]) {
      const coverage = await get<{ message: string; errors: string[] }>(coverageLoader, `/api/coverage?${filters}`);
      const search = await get<{ message: string; errors: string[] }>(searchLoader, `/api/search?${filters}`);
      expect([coverage.status, search.status], filters).toEqual([400, 400]);
      expect(coverage.body.message).toBe("Invalid coverage parameters");
      expect(coverage.body.errors, filters).toEqual(search.body.errors);
    }
    expect((await get<{ errors: string[] }>(coverageLoader, "/api/coverage?subAxis=2.1&subAxis=9.9")).body.errors).toEqual([
      "subAxis: unknown sub-axis",
    ]);
  });

  it("on the page, drops the unknown values, keeps the others, and says so", async () => {
    const page = await mapLoader(
      loaderArgsFor(
        getRequest("/carte?sector=sante&sector=__proto__&type=constructor&subAxis=9.9&resource=locaux&quartier=nantes-nord"),
      ),
    );
    expect(page.ignored).toBe(true);
    expect(page.filters).toEqual({ type: [], subAxis: [], sector: ["sante"], resource: ["locaux"], status: [] });
    const kept = (await get<Coverage>(coverageLoader, "/api/coverage?sector=sante&resource=locaux")).body;
    expect(page.rows.map((row) => row.supply)).toEqual(kept.quartiers.map((quartier) => quartier.supply));
    expect(page.panel?.searchLink).toBe("/recherche?sector=sante&resource=locaux&quartier=nantes-nord");
  });
});

describe("the map's filters through the real site", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const fetchText = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, text: await response.text() };
  };

  it("keeps the filters in a form that works without JavaScript, ticked from the address", async () => {
    const { status, text } = await fetchText("/carte?sector=sante&sector=habitat&resource=locaux&quartier=nantes-nord&tri=name");
    expect(status).toBe(200);
    expect(text).toMatch(/<form method="get" action="\/carte"[^>]*aria-label="Filtrer la carte"/);
    expect(text).toMatch(/<input type="checkbox" name="sector" checked="" value="sante"\/>/);
    expect(text).toMatch(/<input type="checkbox" name="sector" checked="" value="habitat"\/>/);
    expect(text).toMatch(/<input type="checkbox" name="resource" checked="" value="locaux"\/>/);
    expect(text).toMatch(/<input type="checkbox" name="sector" value="culturel"\/>/);
    expect(text).toContain('<input type="hidden" name="quartier" value="nantes-nord"/>');
    expect(text).toContain('<input type="hidden" name="tri" value="name"/>');
    expect(text).toContain("Filtres appliqués : Secteur : Santé ou Habitat et immobilier ; Ressource : Locaux.");
    expect(text).not.toContain("ont été ignorés");
  });

  it("says that offers have no sub-axis when one is chosen, and links to the map without it", async () => {
    const offersOnly = await fetchText("/carte?type=offer&subAxis=2.1&sector=sante");
    expect(offersOnly.status).toBe(200);
    expect(offersOnly.text).toContain(
      "Les offres de ressources ne sont pas classées par sous-axe : avec un sous-axe choisi, elles ne sont pas comptées, et la carte n&#x27;en montre aucune.",
    );
    expect(offersOnly.text).toContain('href="/carte?type=offer&amp;sector=sante">Voir la carte sans filtre de sous-axe</a>');
    // Nothing counted: no quartier is said to lack what the filters cannot count.
    expect(offersOnly.text).toContain("Avec ces filtres, rien n&#x27;est compté");
    expect(offersOnly.text).not.toContain("n&#x27;a d&#x27;offre locale");
    const everything = await fetchText("/carte?subAxis=2.1");
    expect(everything.text).toContain("avec un sous-axe choisi, elles ne sont pas comptées.");
    expect(everything.text).not.toContain("rien n&#x27;est compté");
    for (const path of ["/carte?type=organisation&subAxis=2.1", "/carte?type=offer"])
      expect((await fetchText(path)).text, path).not.toContain("ne sont pas classées par sous-axe");
  });

  it("writes « 0 publiée » in the singular, as French does", async () => {
    const counts = await getDb().organisation.groupBy({
      by: ["sector"],
      where: { status: "published", wholeCity: true },
      _count: { _all: true },
    });
    const some = new Map(counts.map((row) => [row.sector, row._count._all]));
    const none = SECTORS.find((sector) => !some.has(sector.code))!;
    expect(none, "a sector without a published structure acting on the whole city").toBeDefined();
    const { text } = await fetchText(`/carte?sector=${none.code}`);
    expect(text.replaceAll("<!-- -->", "")).toMatch(/Ce qui agit sur toute la ville : [0-9]+ structures? \(0 publiée, /);
  });

  it("ignores an unknown value and says so; Object.prototype names never make a server error", async () => {
    const { status, text } = await fetchText("/carte?sector=__proto__&sector=sante&type=constructor");
    expect(status).toBe(200);
    expect(text).toContain("Certains filtres de l&#x27;adresse n&#x27;existent pas et ont été ignorés.");
    expect(text).not.toContain("__proto__");
    expect(text).toMatch(/<input type="checkbox" name="sector" checked="" value="sante"\/>/);

    const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
    const failures: string[] = [];
    for (const route of ["/carte", "/carte?niveau=iris", "/api/coverage"]) {
      const separator = route.includes("?") ? "&" : "?";
      const addresses = [
        ...["type", "subAxis", "sector", "resource", "status", "quartier", "tri"].flatMap((parameter) =>
          NAMES.map((name) => `${route}${separator}${parameter}=${name}`),
        ),
        `${route}${separator}${NAMES.map((name) => `${name}=1`).join("&")}`,
      ];
      for (const address of addresses) {
        const { status, text: body } = await fetchText(address);
        const api = route.startsWith("/api");
        if (!(api ? [200, 400] : [200]).includes(status)) failures.push(`${address} → ${status}`);
        if (!api && !body.includes("</html>")) failures.push(`${address} → no page`);
        if (api && status === 400 && !("message" in (JSON.parse(body) as object))) failures.push(`${address} → ${body}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe("coverage by IRIS", () => {
  it("leaves out a structure acting on the whole city, even with a point", async () => {
    const { getIrisCoverage } = await import("~/models/coverage.server");
    const organisation = await getDb().organisation.findFirstOrThrow({ where: { status: "published", wholeCity: false } });
    await getDb().organisation.update({ where: { id: organisation.id }, data: { latitude: 47.2561, longitude: -1.5613 } });
    const total = async () => (await getIrisCoverage(getDb(), {})).reduce((sum, iris) => sum + iris.supply.organisations, 0);
    const local = await total();
    await getDb().organisation.update({ where: { id: organisation.id }, data: { wholeCity: true } });
    try {
      expect(await total()).toBe(local - 1);
    } finally {
      await getDb().organisation.update({
        where: { id: organisation.id },
        data: { wholeCity: false, latitude: organisation.latitude, longitude: organisation.longitude },
      });
    }
  });

  it("places what has a point in its IRIS, against the IRIS's population", async () => {
    const { getIrisCoverage } = await import("~/models/coverage.server");
    const before = await getIrisCoverage(getDb(), {});
    expect(before).toHaveLength(97);
    const organisation = await getDb().organisation.findFirstOrThrow({ where: { status: "published" } });
    // A point in Nantes Nord.
    await getDb().organisation.update({ where: { id: organisation.id }, data: { latitude: 47.2561, longitude: -1.5613 } });
    const after = await getIrisCoverage(getDb(), {});
    const changed = after.filter((iris, index) => iris.supply.organisations !== before[index]!.supply.organisations);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.name).toContain("(Nantes Nord)");
    expect(changed[0]!.population).toBeGreaterThan(0);
  });
});
