/// <reference types="leaflet.markercluster" />
// The quartiers (or IRIS) shaded by coverage. Loaded in the browser only (Leaflet touches window).
// Keyboard and screen reader users get the same figures and the same panel from the table under
// the map, so the shapes and markers are drawings here, not Tab stops: 97 unnamed IRIS stops would
// be worse than one table. The map itself stays a single Tab stop (arrows pan, +/- zoom).
import L from "leaflet";
import { useEffect, useState } from "react";
import { GeoJSON, MapContainer, TileLayer, useMap, ZoomControl } from "react-leaflet";
import { markerPopupHtml, POINT_COLOURS, type MapPoint } from "~/domain/coverage";
import type { IrisCollection, QuartierCollection } from "~/domain/geo";
import { QUARTIERS } from "~/domain/taxonomy";

/** The markers of the map's filters, fetched once the map is shown (null while they come). */
function usePoints(url: string): MapPoint[] | null {
  const [loaded, setLoaded] = useState<{ url: string; points: MapPoint[] } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch(url, { signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<MapPoint[]>) : []))
      .then((points) => setLoaded({ url, points }))
      // Without its markers the map still shades the quartiers, and the table has every figure.
      .catch(() => {});
    return () => controller.abort();
  }, [url]);
  return loaded?.url === url ? loaded.points : null;
}

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
      // Cluster icons are markers, which Leaflet makes Tab stops named only by a number.
      L.MarkerCluster.mergeOptions({ keyboard: false });
      group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
      for (const point of points) {
        const register = point.type === "register";
        const marker = L.circleMarker([point.lat, point.lng], {
          radius: 7,
          color: register ? POINT_COLOURS.register : "#fff",
          weight: register ? 3 : 2,
          fillColor: register ? "#fff" : POINT_COLOURS[point.type],
          fillOpacity: 0.95,
        });
        marker.bindPopup(markerPopupHtml(point));
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

/** Names the map's one Tab stop and points it to the table. */
function Describe({ describedBy }: { describedBy: string }) {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", "Carte de la couverture");
    container.setAttribute("aria-describedby", describedBy);
  }, [map, describedBy]);
  return null;
}

type Props = {
  /** Where the markers of the map's filters are (/carte/points.json?…). */
  pointsUrl: string;
  level: "quartiers" | "iris";
  colours: Record<string, string>;
  labels: Record<string, string>;
  selected: string | null;
  onSelect: (slug: string) => void;
  /** The id of the text that tells keyboard users where the same figures are. */
  describedBy: string;
  tileUrl: string | null;
  tileAttribution: string | null;
};

export default function CoverageMap({
  pointsUrl,
  level,
  colours,
  labels,
  selected,
  onSelect,
  describedBy,
  tileUrl,
  tileAttribution,
}: Props) {
  const points = usePoints(pointsUrl);
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
      zoomControl={false}
      maxZoom={18}
    >
      <ZoomControl zoomInTitle="Zoom avant" zoomOutTitle="Zoom arrière" />
      <Describe describedBy={describedBy} />
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution ?? ""} /> : null}
      <GeoJSON
        // Re-created when the shading changes, so that the styles follow the filter.
        key={level + JSON.stringify(colours) + selected}
        data={data as unknown as GeoJSON.FeatureCollection}
        // The contours are credited under the map (« Contours : … »), with or without JavaScript: not twice.
        style={(feature) => {
          const slug = slugOf(feature?.properties);
          return {
            color: slug === selected ? "#111" : "#5a5a5a",
            weight: slug === selected ? 4 : 1,
            fillColor: colours[slug] ?? "#ccc",
            fillOpacity: 0.85,
          };
        }}
        onEachFeature={(feature, layer) => {
          const slug = slugOf(feature.properties);
          layer.bindTooltip(labels[slug] ?? slug, { sticky: true });
          layer.on("click", () => onSelect(slug));
          // Chromium makes an SVG shape with focus listeners (Leaflet's tooltip adds them) a Tab
          // stop with no name: out of the Tab order and of the accessibility tree; the table has it.
          layer.on("add", () => {
            const element = (layer as L.Path).getElement();
            element?.setAttribute("tabindex", "-1");
            element?.setAttribute("aria-hidden", "true");
            element?.setAttribute("data-slug", slug);
          });
        }}
      />
      {points ? <Markers points={points} /> : null}
    </MapContainer>
  );
}
