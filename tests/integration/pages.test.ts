import { describe, expect, it } from "vitest";
import { DEMO_ORGANISATIONS } from "../../prisma/demo-organisations";
import { loader as axisLoader, meta as axisMeta } from "~/routes/axes.$code";
import { loader as homeLoader, meta as homeMeta } from "~/routes/_index";
import { loader as laureatesLoader } from "~/routes/laureats";
import { loader as quartiersLoader } from "~/routes/quartiers";
import { loader as geoLoader } from "~/routes/geo.quartiers[.]geojson";
import { loader as notFoundLoader } from "~/routes/$";
import { loader as legalLoader } from "~/routes/mentions-legales";
import { loader as rootLoader } from "~/root";
import { savePopulation } from "~/models/quartier.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { loaderArgs, thrownResponse } from "../helpers/loaders";

const metaContent = (tags: ReturnType<typeof homeMeta>, key: string) =>
  tags.find((tag) => ("property" in tag && tag.property === key) || ("name" in tag && tag.name === key)) as
    { content: string } | undefined;

describe("home page data", () => {
  it("says the call is closed, from the date", async () => {
    const data = await homeLoader();
    expect(data.call?.status).toBe("clos");
    expect(data.call?.statusText).toBe("Les candidatures sont closes depuis le 16 juillet 2025 à 18 h.");
  });

  it("carries the two axes, the calendar and the call's figures from the database", async () => {
    const { call } = await homeLoader();
    expect(call?.axes.map((axis) => axis.code)).toEqual(["1", "2"]);
    expect(call?.axes[1]?.subAxes.map((subAxis) => subAxis.code)).toEqual(["2.1", "2.2", "2.3"]);
    expect(call?.events.find((event) => event.kind === "deadline")).toMatchObject({ when: "16 juillet 2025 à 18 h", past: true });
    expect(call).toMatchObject({ yearlyEnvelope: 250_000, minLaureates: 3, maxLaureates: 5, latestStartText: "30 juin 2026" });
  });

  it("follows the data: a changed deadline changes the page", async () => {
    await getDb().call.update({ where: { slug: "nantes-isolement-2025" }, data: { deadline: new Date("2099-01-01T17:00:00Z") } });
    const { call } = await homeLoader();
    expect(call?.status).toBe("ouvert");
    expect(call?.statusText).toBe("Les candidatures sont ouvertes jusqu'au 1er janvier 2099 à 18 h.");
    await getDb().call.update({ where: { slug: "nantes-isolement-2025" }, data: { deadline: new Date("2025-07-16T16:00:00Z") } });
  });

  it("shows published demo organisations, flagged as demo", async () => {
    const { organisations } = await homeLoader();
    expect(organisations).toHaveLength(6);
    expect(organisations.every((organisation) => organisation.isDemo)).toBe(true);
  });

  it("lists a structure published after a view at the next view, and drops it once it is gone", async () => {
    const slugs = async () => (await homeLoader()).organisations.map((organisation) => organisation.slug);
    const before = await slugs();
    const organisation = await createOrganisationFor(await createActor());
    expect((await slugs())[0]).toBe(organisation.slug);
    await getDb().organisation.delete({ where: { id: organisation.id } });
    expect(await slugs()).toEqual(before);
  });

  it("shares a proper card: title, description and Open Graph tags with absolute URLs", async () => {
    const data = await homeLoader();
    const root = await rootLoader(loaderArgs("/"));
    const tags = homeMeta({ data, matches: [{ id: "root", data: root }], params: {}, location: {} } as never);
    expect(tags).toContainEqual({ title: "Appel à coopérations 2025 — isolement et précarité · Coopérons" });
    expect(metaContent(tags, "description")?.content).toMatch(/isolement social/);
    expect(metaContent(tags, "og:title")?.content).toBe("Appel à coopérations 2025 — isolement et précarité");
    expect(metaContent(tags, "og:url")?.content).toBe("http://localhost:3000/");
    expect(metaContent(tags, "og:image")?.content).toBe("http://localhost:3000/og-image.png");
  });
});

describe("the layout", () => {
  it("builds its navigation from the current call: its axes and the years of past laureates", async () => {
    const data = await rootLoader(loaderArgs("/"));
    expect(data.navigation).toEqual({ axes: ["1", "2"], laureateYears: [2024] });
    expect(data.origin).toBe("http://localhost:3000");
  });
});

describe("axis pages", () => {
  it("lists the sub-axes of axis 2 with their lines of action", async () => {
    const data = await axisLoader(loaderArgs("/axes/2", { code: "2" }));
    expect(data.axis.subAxes.map((subAxis) => subAxis.code)).toEqual(["2.1", "2.2", "2.3"]);
    expect(data.axis.subAxes[0]?.actions).toHaveLength(3);
    expect(data.otherAxes).toEqual([{ code: "1", title: "Les travailleurs pauvres, avec et au sein des entreprises" }]);
  });

  it("shows the organisations interested in the axis", async () => {
    const data = await axisLoader(loaderArgs("/axes/1", { code: "1" }));
    const expected = DEMO_ORGANISATIONS.filter((organisation) => organisation.subAxes.some((code) => code.startsWith("1.")));
    expect(data.organisations.map((organisation) => organisation.slug).sort()).toEqual(
      expected.map((organisation) => organisation.slug).sort(),
    );
  });

  it("answers 404 for an axis the call does not have", async () => {
    const response = await thrownResponse(() => axisLoader(loaderArgs("/axes/3", { code: "3" })));
    expect(response.status).toBe(404);
  });

  it("titles the page after the axis", async () => {
    const data = await axisLoader(loaderArgs("/axes/1", { code: "1" }));
    const tags = axisMeta({ data, matches: [], params: { code: "1" }, location: {} } as never);
    expect(tags[0]).toEqual({ title: "Axe 1 — Les travailleurs pauvres, avec et au sein des entreprises · Coopérons" });
  });
});

describe("quartiers", () => {
  it("lists the 11 quartiers with their reference population", async () => {
    const data = await quartiersLoader();
    expect(data.quartiers).toHaveLength(11);
    expect(data.total).toBe(314_129);
    expect(data.quartiers.find((quartier) => quartier.slug === "nantes-nord")).toMatchObject({
      name: "Nantes Nord",
      population: 26_831,
    });
    expect(data.source).toMatch(/INSEE 2018/);
    expect(data.svg.shapes).toHaveLength(11);
  });

  it("counts an organisation acting on the whole city in every quartier", async () => {
    const data = await quartiersLoader();
    const wholeCity = DEMO_ORGANISATIONS.filter((organisation) => organisation.wholeCity).length;
    for (const quartier of data.quartiers) {
      const local = DEMO_ORGANISATIONS.filter(
        (organisation) => !organisation.wholeCity && organisation.quartiers.includes(quartier.slug as never),
      ).length;
      expect(quartier.organisations, quartier.slug).toBe(local + wholeCity);
    }
  });

  it("does not count unpublished organisations", async () => {
    const db = getDb();
    await db.organisation.update({ where: { slug: "demo-coop-services-malins" }, data: { status: "pending" } });
    const data = await quartiersLoader();
    expect(data.quartiers.find((quartier) => quartier.slug === "nantes-sud")?.organisations).toBe(1);
    await db.organisation.update({ where: { slug: "demo-coop-services-malins" }, data: { status: "published" } });
  });

  it("shows a population saved from /ccas/population at once, the counts kept apart", async () => {
    const before = await quartiersLoader();
    const nord = before.quartiers.find((quartier) => quartier.slug === "nantes-nord")!;
    const indicators = new Map(
      (await getDb().quartier.findMany({ select: { slug: true, indicators: true } })).map((row) => [row.slug, row.indicators]),
    );
    const rows = before.quartiers.map((quartier) => ({
      slug: quartier.slug,
      population: quartier.slug === "nantes-nord" ? quartier.population + 1_000 : quartier.population,
      source: quartier.populationSource,
      year: quartier.populationYear,
      indicators: indicators.get(quartier.slug) ? (JSON.parse(indicators.get(quartier.slug)!) as Record<string, string>) : null,
    }));
    await savePopulation(getDb(), rows);
    try {
      const after = await quartiersLoader();
      expect(after.total).toBe(before.total + 1_000);
      expect(after.quartiers.find((quartier) => quartier.slug === "nantes-nord")).toMatchObject({
        population: nord.population + 1_000,
        organisations: nord.organisations,
      });
    } finally {
      await savePopulation(
        getDb(),
        rows.map((row) => (row.slug === "nantes-nord" ? { ...row, population: nord.population } : row)),
      );
    }
  });

  it("serves the GeoJSON with its attribution", async () => {
    const response = await geoLoader();
    expect(response.headers.get("Content-Type")).toMatch(/application\/geo\+json/);
    const body = (await response.json()) as { features: unknown[]; attribution: string };
    expect(body.features).toHaveLength(11);
    expect(body.attribution).toBe("© Nantes Métropole, ODbL");
  });
});

describe("other pages", () => {
  it("presents the 2024 laureates with what the call says", async () => {
    const { groups } = await laureatesLoader();
    expect(groups.map((group) => group.year)).toEqual([2024]);
    expect(groups[0]?.laureates).toHaveLength(5);
    expect(groups[0]?.laureates.map((laureate) => laureate.title)).toContain("Coopain : des restaurants inclusifs");
  });

  it("names the sources with figures from the database", async () => {
    const data = await legalLoader();
    expect(data.call?.title).toBe(
      "Appel à coopérations : lutter contre l'isolement social subi des personnes en situation de précarité",
    );
    expect(data.population).toMatchObject({ total: 314_129, year: 2018 });
  });

  it("answers 404 for an unknown address", async () => {
    const response = await thrownResponse(() => notFoundLoader());
    expect(response.status).toBe(404);
  });
});
