import { beforeAll, describe, expect, it } from "vitest";
import { loader as coverageLoader } from "~/routes/api.coverage";
import { loader as searchLoader } from "~/routes/api.search";
import { getDb } from "~/utils/db.server";
import { getSearchClient } from "~/utils/search.server";
import { createOffer, publishOffer } from "~/models/offer.server";
import { ensureIndex, processOutbox } from "../../search/sync";
import { createActor } from "../helpers/actors";
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
