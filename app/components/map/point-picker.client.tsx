// Click on the map to place the organisation's address. Loaded in the browser only.
import type { LatLngExpression } from "leaflet";
import L from "leaflet";
import { useEffect, useState } from "react";
import { CircleMarker, GeoJSON, MapContainer, useMapEvents } from "react-leaflet";

type Point = { lat: number; lng: number } | null;

function ClickHandler({ onPick }: { onPick: (point: { lat: number; lng: number }) => void }) {
  useMapEvents({
    click: (event) => onPick({ lat: Number(event.latlng.lat.toFixed(6)), lng: Number(event.latlng.lng.toFixed(6)) }),
  });
  return null;
}

export default function PointPicker({ value, onChange }: { value: Point; onChange: (point: Point) => void }) {
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch("/geo/quartiers.geojson", { signal: controller.signal })
      .then((response) => response.json() as Promise<GeoJSON.FeatureCollection>)
      .then(setGeo)
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  if (!geo) return <p className="small muted">Chargement de la carte…</p>;
  const center: LatLngExpression = value ? [value.lat, value.lng] : [47.2184, -1.5536];
  return (
    <MapContainer bounds={L.geoJSON(geo).getBounds()} center={center} style={{ height: "18rem" }} scrollWheelZoom={false}>
      <GeoJSON
        data={geo}
        style={() => ({ color: "#1d3a8a", weight: 1, fillOpacity: 0.08 })}
        attribution="© Nantes Métropole, ODbL"
      />
      <ClickHandler onPick={onChange} />
      {value ? (
        <CircleMarker center={[value.lat, value.lng]} radius={9} pathOptions={{ color: "#b3261e", fillOpacity: 0.8 }} />
      ) : null}
    </MapContainer>
  );
}
