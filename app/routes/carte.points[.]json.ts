import type { LoaderFunctionArgs } from "@remix-run/node";
import { readSupplySources } from "~/domain/coverage-source";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getMapPointsWithJson, readCoveragePageQuery } from "~/models/coverage.server";
import { getDb } from "~/utils/db.server";

/**
 * GET /carte/points.json?<the map's filters> — the markers the map draws, fetched by the browser
 * once its map is shown: thousands of points at 50,000 organisations, which the page's own data
 * (and the HTML of a phone without the map) need not carry. Public data, the same for everyone;
 * a wrong filter value is dropped, as on /carte.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const db = getDb();
  const subAxes = params.has("subAxis") ? (await getCurrentCallSubAxes(db)).subAxes.map((subAxis) => subAxis.code) : [];
  const { filters } = readCoveragePageQuery(params, subAxes);
  const { sources } = readSupplySources(params);
  const { json } = await getMapPointsWithJson(db, { ...filters, source: sources });
  return new Response(json, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" },
  });
}
