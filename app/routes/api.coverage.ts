import type { LoaderFunctionArgs } from "@remix-run/node";
import { computeCoverage, COVERAGE_FORMULA } from "~/domain/coverage";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getCoverageData, parseCoverageQuery } from "~/models/coverage.server";
import { getDb } from "~/utils/db.server";

/** GET /api/coverage?subAxis=&type= — the contract is in the README. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseCoverageQuery(url);
  const db = getDb();
  if (
    parsed.success &&
    parsed.data.subAxis &&
    !(await getCurrentCallSubAxes(db)).subAxes.some((subAxis) => subAxis.code === parsed.data.subAxis)
  ) {
    return Response.json({ message: "Invalid coverage parameters", errors: ["subAxis: unknown sub-axis"] }, { status: 400 });
  }
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
