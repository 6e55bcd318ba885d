import { beforeAll, describe, expect, it } from "vitest";
import { loader as coverageLoader } from "~/routes/api.coverage";
import { loader as searchLoader } from "~/routes/api.search";
import { getDb } from "~/utils/db.server";
import { getSearchClient } from "~/utils/search.server";
import { ensureIndex } from "../../search/sync";
import { getRequest, loaderArgsFor } from "../helpers/requests";

type Coverage = {
  formula: string;
  populationSource: string;
  quartiers: {
    slug: string;
    name: string;
    population: number;
    supply: { organisations: number; offers: number; ideas: number; total: number };
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

describe("/api/coverage", () => {
  it("gives the 11 quartiers with the formula and the population's source", async () => {
    const { body } = await get<Coverage>(coverageLoader, "/api/coverage");
    expect(body.quartiers).toHaveLength(11);
    expect(body.formula).toMatch(/pour 10 000 habitants/);
    expect(body.populationSource).toMatch(/INSEE 2018/);
    for (const quartier of body.quartiers) {
      expect(quartier.supply.total).toBe(quartier.supply.organisations + quartier.supply.offers + quartier.supply.ideas);
      expect(quartier.coverage).toBe(Math.round((quartier.supply.total / quartier.population) * 10_000 * 100) / 100);
    }
  });

  it("counts in each quartier exactly the organisations the search returns for it", async () => {
    const { body } = await get<Coverage>(coverageLoader, "/api/coverage?type=organisation");
    for (const quartier of body.quartiers) {
      const search = await get<{ total: number }>(
        searchLoader,
        `/api/search?type=organisation&quartier=${quartier.slug}&perPage=1`,
      );
      expect(quartier.supply.organisations, quartier.slug).toBe(search.body.total);
      expect(quartier.supply.offers + quartier.supply.ideas).toBe(0);
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
