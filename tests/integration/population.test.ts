import { describe, expect, it } from "vitest";
import { parsePopulationUpload } from "~/domain/population-upload";
import { QUARTIERS } from "~/domain/taxonomy";
import { action } from "~/routes/ccas.population";
import { loader as coverageLoader } from "~/routes/api.coverage";
import { getDb } from "~/utils/db.server";
import { createActor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const csv = (population = (index: number) => 10_000 + index, extra = true) =>
  [
    `slug;population;source;year${extra ? ";taux_pauvrete" : ""}`,
    ...QUARTIERS.map(
      (quartier, index) => `${quartier.code};${population(index)};"INSEE, recensement 2021";2021${extra ? `;${10 + index}` : ""}`,
    ),
  ].join("\n");

describe("population upload", () => {
  it("reads semicolons, quotes and extra columns", () => {
    const upload = parsePopulationUpload(csv());
    expect(upload.errors).toEqual([]);
    expect(upload.extraColumns).toEqual(["taux_pauvrete"]);
    expect(upload.rows[0]).toEqual({
      slug: "centre-ville",
      population: 10_000,
      source: "INSEE, recensement 2021",
      year: 2021,
      indicators: { taux_pauvrete: "10" },
    });
  });

  it("says what is wrong, line by line", () => {
    const upload = parsePopulationUpload("slug,population,source,year\natlantide,-4,,1800");
    expect(upload.errors).toEqual([
      "Ligne 2 : quartier « atlantide » inconnu.",
      "Ligne 2 : la population doit être un nombre entier positif.",
      "Ligne 2 : l'année doit être comprise entre 1900 et 2100.",
      "Ligne 2 : indiquez la source.",
      expect.stringMatching(/^Il manque 11 quartiers/),
    ]);
    expect(parsePopulationUpload("a,b").errors[0]).toMatch(/Colonnes manquantes/);
  });

  it("previews without saving, then saves in one go, and the map uses the new figures", async () => {
    const ccas = await createActor({ ccas: true });
    const before = await getDb().quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } });
    const preview = await run(() =>
      action(actionArgs(formRequest("/ccas/population", { intent: "preview", csv: csv() }, ccas.cookie))),
    );
    expect(preview.status).toBe(200);
    expect((await getDb().quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } })).population).toBe(before.population);

    const saved = await run(() =>
      action(actionArgs(formRequest("/ccas/population", { intent: "save", csv: csv() }, ccas.cookie))),
    );
    expect(saved.status).toBe(302);
    const after = await getDb().quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } });
    expect(after).toMatchObject({ population: 10_007, populationYear: 2021, populationSource: "INSEE, recensement 2021" });
    expect(JSON.parse(after.indicators!)).toEqual({ taux_pauvrete: "17" });
    const response = await coverageLoader(loaderArgsFor(getRequest("/api/coverage")));
    const body = (await response.json()) as { populationSource: string; quartiers: { slug: string; population: number }[] };
    expect(body.quartiers.find((quartier) => quartier.slug === "nantes-nord")?.population).toBe(10_007);
    expect(body.populationSource).toBe("INSEE, recensement 2021 (2021)");
  });

  it("refuses a table with errors and changes nothing", async () => {
    const ccas = await createActor({ ccas: true });
    const before = await getDb().quartier.findMany({ select: { population: true } });
    const refused = await run(() =>
      action(
        actionArgs(
          formRequest("/ccas/population", { intent: "save", csv: csv((index) => (index === 3 ? -1 : 5000)) }, ccas.cookie),
        ),
      ),
    );
    expect(refused.status).toBe(400);
    expect(await getDb().quartier.findMany({ select: { population: true } })).toEqual(before);
  });
});
