import { IRIS_ATTRIBUTION } from "~/domain/geo";
import { getIrisGeoJson } from "~/utils/geo.server";

let body: string | undefined;

/** The 97 IRIS of Nantes, with their licence and attribution as foreign members. */
export async function loader() {
  body ??= JSON.stringify({
    ...getIrisGeoJson().collection,
    attribution: IRIS_ATTRIBUTION,
    license: "Licence Ouverte 2.0",
    source: "IGN, CONTOURS-IRIS",
  });
  return new Response(body, {
    headers: { "Content-Type": "application/geo+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
