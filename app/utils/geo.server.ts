// The quartiers GeoJSON (a copy of shared/data/geo, kept in prisma/data/geo), read once.
import fs from "node:fs";
import path from "node:path";
import type { IrisCollection, QuartierCollection } from "~/domain/geo";

export const GEO_DIR = path.resolve("prisma", "data", "geo");

let quartiers: { collection: QuartierCollection; text: string } | undefined;

export function getQuartiersGeoJson() {
  if (!quartiers) {
    const text = fs.readFileSync(path.join(GEO_DIR, "quartiers-nantes.geojson"), "utf8");
    quartiers = { collection: JSON.parse(text) as QuartierCollection, text };
  }
  return quartiers;
}

let iris: { collection: IrisCollection; text: string } | undefined;

export function getIrisGeoJson() {
  if (!iris) {
    const text = fs.readFileSync(path.join(GEO_DIR, "iris-nantes.geojson"), "utf8");
    iris = { collection: JSON.parse(text) as IrisCollection, text };
  }
  return iris;
}
