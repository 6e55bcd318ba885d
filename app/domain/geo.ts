// Minimal GeoJSON handling for the quartiers: types, a projection to SVG paths so that the
// map is drawn on the server too (readable without JavaScript, before Leaflet loads), and the one
// rule that says which quartier a point is in (forms, models, the CCAS's list of misplaced points).
import { QUARTIERS } from "./taxonomy";

export type Position = [number, number] | number[];
export type PolygonGeometry = { type: "Polygon"; coordinates: Position[][] };
export type MultiPolygonGeometry = { type: "MultiPolygon"; coordinates: Position[][][] };
export type QuartierFeature = {
  type: "Feature";
  properties: { idobj: string | number; nom: string; nom_usuel: string; [key: string]: unknown };
  geometry: PolygonGeometry | MultiPolygonGeometry;
};
export type QuartierCollection = { type: "FeatureCollection"; features: QuartierFeature[] };

export const QUARTIERS_ATTRIBUTION = "© Nantes Métropole, ODbL";

function polygonsOf(geometry: PolygonGeometry | MultiPolygonGeometry): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

export type SvgShape = { idobj: number; name: string; d: string; labelX: number; labelY: number };

/**
 * Projects the features into an SVG of the given width. Equirectangular with the longitude scaled
 * by cos(latitude): at the scale of a city the distortion is invisible.
 */
export function toSvgShapes(collection: QuartierCollection, width = 600): { viewBox: string; shapes: SvgShape[] } {
  const points = collection.features.flatMap((feature) => polygonsOf(feature.geometry).flat(2));
  const lons = points.map((point) => point[0]!);
  const lats = points.map((point) => point[1]!);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = width / ((maxLon - minLon) * kx);
  const height = Math.ceil((maxLat - minLat) * scale);
  const project = (point: Position) => [
    ((point[0]! - minLon) * kx * scale).toFixed(1),
    ((maxLat - point[1]!) * scale).toFixed(1),
  ];

  const shapes = collection.features.map((feature) => {
    const polygons = polygonsOf(feature.geometry);
    const d = polygons
      .map((rings) => rings.map((ring) => `M${ring.map((point) => project(point).join(" ")).join("L")}Z`).join(""))
      .join("");
    // Label at the centre of the outer ring's bounding box: good enough for these compact shapes.
    const outer = polygons[0]?.[0] ?? [];
    const xs = outer.map((point) => Number(project(point)[0]));
    const ys = outer.map((point) => Number(project(point)[1]));
    return {
      idobj: Number(feature.properties.idobj),
      name: feature.properties.nom_usuel,
      d,
      labelX: Math.round((Math.min(...xs) + Math.max(...xs)) / 2),
      labelY: Math.round((Math.min(...ys) + Math.max(...ys)) / 2),
    };
  });
  return { viewBox: `0 0 ${width} ${height}`, shapes };
}

function insideRing(ring: Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = [ring[i]![0]!, ring[i]![1]!];
    const [xj, yj] = [ring[j]![0]!, ring[j]![1]!];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The idobj of the quartier containing the point (outer ring in, holes out), or null outside Nantes. */
export function quartierAtPoint(collection: QuartierCollection, lon: number, lat: number): number | null {
  for (const feature of collection.features) {
    const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const [outer, ...holes] of polygons) {
      if (outer && insideRing(outer, lon, lat) && !holes.some((hole) => insideRing(hole, lon, lat)))
        return Number(feature.properties.idobj);
    }
  }
  return null;
}

export type Quartier = (typeof QUARTIERS)[number];
export type LatLng = { lat: number; lng: number };

/** Said wherever a point is refused: in the browser as soon as it is placed, and by the server. */
export const OUTSIDE_NANTES_MESSAGE =
  "Ce point est en dehors de Nantes : placez-le sur une adresse de Nantes, ou retirez-le et choisissez le quartier dans la liste.";

/** The quartier holding the point, or null when the point is outside Nantes. */
export function quartierOfPoint(collection: QuartierCollection, point: LatLng): Quartier | null {
  const idobj = quartierAtPoint(collection, point.lng, point.lat);
  return QUARTIERS.find((quartier) => quartier.idobj === idobj) ?? null;
}

/**
 * The quartier of a place: the point's when there is a point in Nantes, else the one chosen in the
 * list (without JavaScript, or without a point). The point wins: it is what the person placed.
 */
export function quartierOfPlace(
  collection: QuartierCollection,
  place: { latitude?: number | null; longitude?: number | null; chosen?: string | null },
): string | null {
  if (typeof place.latitude === "number" && typeof place.longitude === "number") {
    const found = quartierOfPoint(collection, { lat: place.latitude, lng: place.longitude });
    if (found) return found.code;
  }
  return place.chosen ?? null;
}

/** An address proposed by the address search (GET /api/adresse), with the quartier that holds it. */
export type AddressSuggestion = { label: string; latitude: number; longitude: number; quartier: { code: string; label: string } };
/** The address search starts at this many characters: the geocoder answers nothing useful below. */
export const ADDRESS_QUERY_MIN = 3;

export type SavedPointProblem = { kind: "outside" } | { kind: "other-quartier"; pointQuartier: Quartier };

/**
 * What is wrong with a point already saved: outside Nantes, or in another quartier than the one
 * saved with it. Null when the point is right, or when there is no point.
 */
export function savedPointProblem(
  collection: QuartierCollection,
  saved: { latitude: number | null; longitude: number | null; quartier: string | null },
): SavedPointProblem | null {
  if (saved.latitude === null || saved.longitude === null) return null;
  const found = quartierOfPoint(collection, { lat: saved.latitude, lng: saved.longitude });
  if (!found) return { kind: "outside" };
  return saved.quartier === found.code ? null : { kind: "other-quartier", pointQuartier: found };
}

export type IrisFeature = {
  type: "Feature";
  properties: { code_iris: string; nom_iris: string; quartier: string; quartier_idobj: string; pop_2018: number };
  geometry: PolygonGeometry | MultiPolygonGeometry;
};
export type IrisCollection = { type: "FeatureCollection"; features: IrisFeature[] };

export const IRIS_ATTRIBUTION = "IGN – INSEE";

/** The IRIS containing the point, or null. */
export function irisAtPoint(collection: IrisCollection, lon: number, lat: number): string | null {
  for (const feature of collection.features) {
    const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const [outer, ...holes] of polygons) {
      if (outer && insideRing(outer, lon, lat) && !holes.some((hole) => insideRing(hole, lon, lat)))
        return feature.properties.code_iris;
    }
  }
  return null;
}
