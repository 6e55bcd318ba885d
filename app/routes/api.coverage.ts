import type { LoaderFunctionArgs } from "@remix-run/node";
import { computeCoverage, COVERAGE_FORMULA } from "~/domain/coverage";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getCoverageData, parseCoverageQuery } from "~/models/coverage.server";
import { getDb } from "~/utils/db.server";

/** GET /api/coverage?type=&subAxis=&sector=&resource=&status= — the contract is in the README. */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const db = getDb();
  // The call's sub-axes are read only when one is asked for.
  const subAxes = params.has("subAxis") ? (await getCurrentCallSubAxes(db)).subAxes.map((subAxis) => subAxis.code) : [];
  const parsed = parseCoverageQuery(params, subAxes);
  if (!parsed.success) {
    return Response.json(
      { message: "Invalid coverage parameters", errors: parsed.error.issues.map((issue) => issue.message) },
      { status: 400 },
    );
  }
  const { quartiers, supplyOf, wholeCity } = await getCoverageData(db, parsed.data);
  const coverage = computeCoverage(quartiers, supplyOf, wholeCity);
  const first = quartiers[0];
  return Response.json(
    {
      formula: COVERAGE_FORMULA,
      populationSource: first ? `${first.populationSource} (${first.populationYear})` : "",
      cityPopulation: coverage.cityPopulation,
      wholeCity: coverage.wholeCity,
      quartiers: coverage.rows.map(({ slug, name, population, supply, coverage }) => ({
        slug,
        name,
        population,
        supply,
        coverage,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
