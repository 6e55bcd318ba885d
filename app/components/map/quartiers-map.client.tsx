// Leaflet touches `window` when imported: this module is only ever loaded in the browser
// (`.client` suffix, lazily imported after hydration).
import L from "leaflet";
import { useEffect, useState } from "react";
import { GeoJSON, MapContainer, TileLayer, ZoomControl } from "react-leaflet";
import { plural } from "~/domain/format";
import type { QuartierCollection, QuartierFeature } from "~/domain/geo";

export type QuartierInfo = { idobj: number; name: string; population: string; organisations: number };

type Props = {
  quartiers: QuartierInfo[];
  tileUrl: string | null;
  tileAttribution: string | null;
  onError: () => void;
};

type GeoResponse = QuartierCollection & { attribution: string };

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export default function QuartiersMap({ quartiers, tileUrl, tileAttribution, onError }: Props) {
  const [geo, setGeo] = useState<GeoResponse | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch("/geo/quartiers.geojson", { signal: controller.signal })
      .then((response) =>
        response.ok ? (response.json() as Promise<GeoResponse>) : Promise.reject(new Error(String(response.status))),
      )
      .then(setGeo)
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          console.warn("Quartiers GeoJSON could not be loaded", error);
          onError();
        }
      });
    return () => controller.abort();
  }, [onError]);

  if (!geo)
    return (
      <p className="muted small" role="status">
        Chargement de la carte…
      </p>
    );

  const bounds = L.geoJSON(geo as unknown as GeoJSON.FeatureCollection).getBounds();
  const infoOf = (feature: QuartierFeature) => quartiers.find((quartier) => quartier.idobj === Number(feature.properties.idobj));

  return (
    <MapContainer zoomControl={false} bounds={bounds} scrollWheelZoom={false} attributionControl data-testid="leaflet-map">
      {/* Leaflet titles its buttons in English (« Zoom in »). */}
      <ZoomControl zoomInTitle="Zoom avant" zoomOutTitle="Zoom arrière" />
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution ?? ""} /> : null}
      <GeoJSON
        data={geo as unknown as GeoJSON.FeatureCollection}
        // The contours are credited under the map (« Contours : … »), with or without JavaScript: not twice.
        style={() => ({ color: "#1d3a8a", weight: 1.5, fillColor: "#7f9bd6", fillOpacity: 0.35 })}
        onEachFeature={(feature, layer) => {
          const info = infoOf(feature as unknown as QuartierFeature);
          const name = escapeHtml(info?.name ?? String(feature.properties?.nom_usuel ?? ""));
          const details = info
            ? `<br>${escapeHtml(info.population)} habitants<br>${plural(info.organisations, "structure active", { many: "structures actives" })}`
            : "";
          layer.bindTooltip(`<strong>${name}</strong>${details}`, { sticky: true });
        }}
      />
    </MapContainer>
  );
}
