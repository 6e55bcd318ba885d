import type { LoaderFunctionArgs } from "@remix-run/node";
import { computeCoverage, COVERAGE_FORMULA } from "~/domain/coverage";
import { describeSources, parseSupplySources } from "~/domain/coverage-source";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getCoverageData, getRegisterDates, parseCoverageQuery } from "~/models/coverage.server";
import { getDb } from "~/utils/db.server";

/**
 * GET /api/coverage?type=&subAxis=&sector=&resource=&status=&source= — the contract is in the
 * README. `source` (plateforme, registres; both when left out) is added: the fields before it keep
 * their meaning, for the sources chosen, and the new ones come beside them. So do `unlocated` (the
 * chosen supplies' structures in no quartier, not acting on the whole city: counted apart, in no
 * quartier's coverage), `unlocatedStructures` (both supplies' side by side) and `unlocatedRegisters`
 * (the registers' by register: the RNA gives no coordinates).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const db = getDb();
  // The call's sub-axes are read only when one is asked for.
  const subAxes = params.has("subAxis") ? (await getCurrentCallSubAxes(db)).subAxes.map((subAxis) => subAxis.code) : [];
  const parsed = parseCoverageQuery(params, subAxes);
  const sources = parseSupplySources(params);
  if (!parsed.success || !sources.success) {
    return Response.json(
      {
        message: "Invalid coverage parameters",
        errors: [
          ...(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)),
          ...(sources.success ? [] : sources.errors),
        ],
      },
      { status: 400 },
    );
  }
  const [
    { quartiers, supplyOf, wholeCity, structuresOf, wholeCityStructures, unlocated, unlocatedStructures, unlocatedRegisters },
    registers,
  ] = await Promise.all([getCoverageData(db, { ...parsed.data, source: sources.sources }), getRegisterDates(db)]);
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
        structures: structuresOf(slug),
      })),
      source: sources.sources,
      sourceSentence: describeSources(sources.sources, registers, unlocatedRegisters),
      registers: registers.map((register) => ({
        source: register.source,
        name: register.name,
        importedOn: new Date(register.importedOn).toISOString().slice(0, 10),
      })),
      wholeCityStructures,
      unlocated,
      unlocatedStructures,
      unlocatedRegisters,
    },
    // Asked again by the browser each time (no-cache); the server keeps it for visitors while nothing
    // published changed (scripts/lib/page-cache.ts).
    { headers: { "Cache-Control": "no-cache" } },
  );
}
