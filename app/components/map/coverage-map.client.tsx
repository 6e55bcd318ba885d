// The quartiers shaded by coverage. Loaded in the browser only (Leaflet touches window).
import L from "leaflet";
import { useEffect, useState } from "react";
import { GeoJSON, MapContainer, TileLayer } from "react-leaflet";
import type { QuartierCollection } from "~/domain/geo";
import { QUARTIERS } from "~/domain/taxonomy";

type Props = {
  colours: Record<string, string>;
  labels: Record<string, string>;
  selected: string | null;
  onSelect: (slug: string) => void;
  tileUrl: string | null;
  tileAttribution: string | null;
};

export default function CoverageMap({ colours, labels, selected, onSelect, tileUrl, tileAttribution }: Props) {
  const [geo, setGeo] = useState<(QuartierCollection & { attribution: string }) | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch("/geo/quartiers.geojson", { signal: controller.signal })
      .then((response) => response.json() as Promise<QuartierCollection & { attribution: string }>)
      .then(setGeo)
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  if (!geo) return <p className="muted small">Chargement de la carte…</p>;
  const slugOf = (idobj: unknown) => QUARTIERS.find((quartier) => quartier.idobj === Number(idobj))?.code ?? "";
  return (
    <MapContainer bounds={L.geoJSON(geo as unknown as GeoJSON.FeatureCollection).getBounds()} scrollWheelZoom={false}>
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution ?? ""} /> : null}
      <GeoJSON
        // Re-created when the shading changes, so that the styles follow the filter.
        key={JSON.stringify(colours) + selected}
        data={geo as unknown as GeoJSON.FeatureCollection}
        attribution={geo.attribution}
        style={(feature) => {
          const slug = slugOf(feature?.properties?.idobj);
          return {
            color: slug === selected ? "#b3261e" : "#1d3a8a",
            weight: slug === selected ? 3 : 1,
            fillColor: colours[slug] ?? "#ccc",
            fillOpacity: 0.85,
          };
        }}
        onEachFeature={(feature, layer) => {
          const slug = slugOf(feature.properties?.idobj);
          layer.bindTooltip(labels[slug] ?? slug, { sticky: true });
          layer.on("click", () => onSelect(slug));
        }}
      />
    </MapContainer>
  );
}
