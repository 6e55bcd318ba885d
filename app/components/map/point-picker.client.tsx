// The forms' location map: the quartiers' outlines (over the tiles of TILE_URL when there are some)
// and the pin. Loaded in the browser only (`.client`, imported lazily after hydration). Its page
// must load leaflet.css (`pointFieldLinks`): without it, the site's `svg { max-width: 100% }`
// shrinks Leaflet's vector layer, which is 20 % wider than the map, and everything is drawn up to
// 64 px left of where Leaflet places it (issue 11).
import L, { type Map as LeafletMap } from "leaflet";
import { useEffect, useMemo, useState } from "react";
import {
  AttributionControl,
  CircleMarker,
  GeoJSON,
  MapContainer,
  TileLayer,
  useMap,
  useMapEvents,
  ZoomControl,
} from "react-leaflet";
import type { LatLng, QuartierCollection } from "~/domain/geo";
import { QUARTIERS_ATTRIBUTION } from "~/domain/geo";
import { QUARTIERS } from "~/domain/taxonomy";

type Props = {
  quartiers: QuartierCollection;
  value: LatLng | null;
  /** A tap, a click, or Enter on the focused map (its centre). */
  onPick: (point: LatLng) => void;
  /** The Leaflet map, for the « centre of the map » button beside it. */
  onMap: (map: LeafletMap | null) => void;
  tileUrl: string | null;
  tileAttribution: string | null;
  /** The map's accessible name, and the id of the hint that says how to use it. */
  label: string;
  hintId: string;
};

const round = (value: number) => Number(value.toFixed(6));
const centreOf = (map: LeafletMap): LatLng => {
  const centre = map.getCenter();
  return { lat: round(centre.lat), lng: round(centre.lng) };
};

function Behaviour({ value, onPick, label, hintId }: Pick<Props, "value" | "onPick" | "label" | "hintId">) {
  const map = useMap();
  useMapEvents({ click: (event) => onPick({ lat: round(event.latlng.lat), lng: round(event.latlng.lng) }) });

  // Named for screen readers; Enter or Space on the focused map places the point at its centre,
  // where a cross is drawn while the map has the keyboard's focus (arrows pan, + and − zoom).
  useEffect(() => {
    const container = map.getContainer();
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", label);
    container.setAttribute("aria-describedby", hintId);
    const onKey = (event: KeyboardEvent) => {
      if (event.target !== container || (event.key !== "Enter" && event.key !== " ")) return;
      event.preventDefault();
      onPick(centreOf(map));
    };
    container.addEventListener("keydown", onKey);
    return () => container.removeEventListener("keydown", onKey);
  }, [map, label, hintId, onPick]);

  // A point placed from elsewhere (the address search) is brought into view.
  useEffect(() => {
    if (value && !map.getBounds().contains([value.lat, value.lng])) map.panTo([value.lat, value.lng]);
  }, [map, value]);
  return null;
}

export default function PointPicker({ quartiers, value, onPick, onMap, tileUrl, tileAttribution, label, hintId }: Props) {
  const data = quartiers as unknown as GeoJSON.FeatureCollection;
  const bounds = useMemo(() => L.geoJSON(data).getBounds(), [data]);
  const [map, setMap] = useState<LeafletMap | null>(null);
  useEffect(() => {
    onMap(map);
    return () => onMap(null);
  }, [map, onMap]);

  return (
    <div className="point-map">
      <MapContainer
        zoomControl={false}
        ref={setMap}
        bounds={bounds}
        scrollWheelZoom={false}
        attributionControl={false}
        style={{ height: "18rem" }}
      >
        {/* Leaflet titles its buttons in English (« Zoom in »). */}
        <ZoomControl zoomInTitle="Zoom avant" zoomOutTitle="Zoom arrière" />
        {/* No "Leaflet" link in the credits: one Tab stop less in the middle of a form. */}
        <AttributionControl prefix={false} />
        {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution ?? ""} /> : null}
        <GeoJSON
          data={data}
          attribution={QUARTIERS_ATTRIBUTION}
          style={(feature) => ({
            color: "#1d3a8a",
            weight: 1,
            fillOpacity: tileUrl ? 0.04 : 0.08,
            // Names each outline by its quartier's code (what a test checks is under the pin).
            className: `quartier-shape quartier-${QUARTIERS.find((quartier) => quartier.idobj === Number(feature?.properties?.idobj))?.code ?? "inconnu"}`,
          })}
        />
        <Behaviour value={value} onPick={onPick} label={label} hintId={hintId} />
        {value ? (
          <CircleMarker
            center={[value.lat, value.lng]}
            radius={9}
            interactive={false}
            className="point-pin"
            pathOptions={{ color: "#b3261e", fillOpacity: 0.8 }}
          />
        ) : null}
      </MapContainer>
      <span className="point-crosshair" aria-hidden="true" />
    </div>
  );
}
