import { QUARTIERS_ATTRIBUTION } from "~/domain/geo";
import { getQuartiersGeoJson } from "~/utils/geo.server";

let body: string | undefined;

/** The 11 quartiers' polygons, with their licence and attribution as foreign members. */
export async function loader() {
  body ??= JSON.stringify({
    ...getQuartiersGeoJson().collection,
    attribution: QUARTIERS_ATTRIBUTION,
    license: "ODbL 1.0",
    source: "Nantes Métropole, jeu de données 244400404_quartiers-communes-nantes-metropole",
  });
  return new Response(body, {
    headers: { "Content-Type": "application/geo+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
