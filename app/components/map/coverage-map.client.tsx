/// <reference types="leaflet.markercluster" />
// The quartiers shaded by coverage. Loaded in the browser only (Leaflet touches window).
import L from "leaflet";
import { useEffect, useState } from "react";
import { GeoJSON, MapContainer, TileLayer, useMap } from "react-leaflet";
import type { IrisCollection, QuartierCollection } from "~/domain/geo";
import { QUARTIERS } from "~/domain/taxonomy";

export type MapPoint = { type: "organisation" | "offer"; title: string; url: string; lat: number; lng: number };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Organisations and offers with a point, grouped into clusters when they crowd. */
function Markers({ points }: { points: MapPoint[] }) {
  const map = useMap();
  useEffect(() => {
    let group: L.MarkerClusterGroup | undefined;
    let cancelled = false;
    // The clustering plugin extends the global Leaflet object.
    (window as unknown as { L: typeof L }).L = L;
    void import("leaflet.markercluster").then(() => {
      if (cancelled) return;
      group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
      for (const point of points) {
        const marker = L.circleMarker([point.lat, point.lng], {
          radius: 7,
          color: "#fff",
          weight: 2,
          fillColor: point.type === "offer" ? "#b3261e" : "#1d3a8a",
          fillOpacity: 0.95,
        });
        marker.bindPopup(`<a href="${escapeHtml(point.url)}">${escapeHtml(point.title)}</a>`);
        group.addLayer(marker);
      }
      map.addLayer(group);
    });
    return () => {
      cancelled = true;
      if (group) map.removeLayer(group);
    };
  }, [map, points]);
  return null;
}

type Props = {
  points: MapPoint[];
  level: "quartiers" | "iris";
  colours: Record<string, string>;
  labels: Record<string, string>;
  selected: string | null;
  onSelect: (slug: string) => void;
  tileUrl: string | null;
  tileAttribution: string | null;
};

export default function CoverageMap({ points, level, colours, labels, selected, onSelect, tileUrl, tileAttribution }: Props) {
  const [geo, setGeo] = useState<{ level: string; data: (QuartierCollection | IrisCollection) & { attribution: string } } | null>(
    null,
  );
  useEffect(() => {
    const controller = new AbortController();
    fetch(level === "iris" ? "/geo/iris.geojson" : "/geo/quartiers.geojson", { signal: controller.signal })
      .then((response) => response.json() as Promise<(QuartierCollection | IrisCollection) & { attribution: string }>)
      .then((data) => setGeo({ level, data }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [level]);
  if (!geo || geo.level !== level) return <p className="muted small">Chargement de la carte…</p>;
  const data = geo.data;
  const slugOf = (properties: Record<string, unknown> | null | undefined) =>
    level === "iris"
      ? String(properties?.code_iris ?? "")
      : (QUARTIERS.find((quartier) => quartier.idobj === Number(properties?.idobj))?.code ?? "");
  return (
    <MapContainer
      bounds={L.geoJSON(data as unknown as GeoJSON.FeatureCollection).getBounds()}
      scrollWheelZoom={false}
      maxZoom={18}
    >
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution ?? ""} /> : null}
      <GeoJSON
        // Re-created when the shading changes, so that the styles follow the filter.
        key={level + JSON.stringify(colours) + selected}
        data={data as unknown as GeoJSON.FeatureCollection}
        attribution={data.attribution}
        style={(feature) => {
          const slug = slugOf(feature?.properties);
          return {
            color: slug === selected ? "#b3261e" : "#1d3a8a",
            weight: slug === selected ? 3 : 1,
            fillColor: colours[slug] ?? "#ccc",
            fillOpacity: 0.85,
          };
        }}
        onEachFeature={(feature, layer) => {
          const slug = slugOf(feature.properties);
          layer.bindTooltip(labels[slug] ?? slug, { sticky: true });
          layer.on("click", () => onSelect(slug));
        }}
      />
      <Markers points={points} />
    </MapContainer>
  );
}
