import type { LoaderFunctionArgs } from "@remix-run/node";
import { PUBLIC_EXPORTS } from "~/models/exports.server";
import { getDb } from "~/utils/db.server";
import { exportResponse, findExport } from "~/utils/export-stream.server";

/**
 * The open data at stable addresses (/donnees/organisations.csv, /donnees/offres.json…): what is
 * public now, for anyone. A shared cache may keep it a few minutes.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = findExport(PUBLIC_EXPORTS, params.file ?? "");
  if (!found) throw new Response("Ce fichier n'existe pas", { status: 404 });
  return exportResponse(getDb(), found, { now: new Date(), cacheControl: "public, max-age=300" });
}
