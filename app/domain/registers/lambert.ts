// Where a SIRENE establishment is: its Lambert-93 coordinates (EPSG:2154, metres) turned into
// WGS84 with proj4, then the quartier and IRIS holding the point (the app's one point-in-polygon
// rule, app/domain/geo.ts).
import proj4 from "proj4";
import { irisAtPoint, quartierOfPoint, type IrisCollection, type LatLng, type QuartierCollection } from "../geo";

/** EPSG:2154, RGF93 / Lambert-93, as the IGN defines it (RGF93 ≈ WGS84 at the metre). */
export const LAMBERT_93 =
  "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs";

const converter = proj4(LAMBERT_93, "EPSG:4326");

// Metropolitan France's extent in Lambert-93, with a margin: anything else is a typo in the file.
const BOUNDS = { minX: 50_000, maxX: 1_300_000, minY: 6_000_000, maxY: 7_200_000 };

/** The WGS84 point of Lambert-93 coordinates, or null when they are missing or outside France. */
export function lambert93ToWgs84(x: number, y: number): LatLng | null {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  if (x < BOUNDS.minX || x > BOUNDS.maxX || y < BOUNDS.minY || y > BOUNDS.maxY) return null;
  const [lng, lat] = converter.forward([x, y]);
  return { lat: Number(lat!.toFixed(6)), lng: Number(lng!.toFixed(6)) };
}

/** The Lambert-93 coordinates of a WGS84 point (for fixtures and tests). */
export function wgs84ToLambert93(point: LatLng): { x: number; y: number } {
  const [x, y] = converter.inverse([point.lng, point.lat]);
  return { x: x!, y: y! };
}

export type Place = { quartier: string | null; iris: string | null };
export type Locator = (point: LatLng) => Place;

/** Quartier slug and IRIS code of a point in Nantes; nulls outside. */
export function createLocator(quartiers: QuartierCollection, iris: IrisCollection): Locator {
  return (point) => {
    const quartier = quartierOfPoint(quartiers, point);
    return { quartier: quartier?.code ?? null, iris: quartier ? irisAtPoint(iris, point.lng, point.lat) : null };
  };
}
