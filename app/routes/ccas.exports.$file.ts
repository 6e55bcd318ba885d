import type { LoaderFunctionArgs } from "@remix-run/node";
import { CCAS_EXPORTS, MAP_EXPORT } from "~/models/exports.server";
import { requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { downloadResponse, exportResponse, findExport, geoJsonStream } from "~/utils/export-stream.server";

/** /ccas/exports/organisations.csv, …/organisations.json, …/carte.geojson: any CCAS staff member. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCcas(request);
  const db = getDb();
  const now = new Date();
  const cacheControl = "private, no-store";
  if (params.file === `${MAP_EXPORT.name}.geojson`) {
    return downloadResponse(geoJsonStream(db, now), { base: MAP_EXPORT.name, extension: "geojson", now, cacheControl });
  }
  const found = findExport(CCAS_EXPORTS, params.file ?? "");
  if (!found) throw new Response("Ce fichier n'existe pas", { status: 404 });
  return exportResponse(db, found, { now, cacheControl });
}
