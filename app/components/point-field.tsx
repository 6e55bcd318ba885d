import { useInputControl } from "@conform-to/react";
import { lazy, Suspense } from "react";
import { useHydrated } from "~/utils/use-hydrated";

const PointPicker = lazy(() => import("~/components/map/point-picker.client"));

/**
 * A point placed by clicking a map of Nantes, kept in two hidden inputs. Without JavaScript there
 * is no map: the form's quartier list stands in for it.
 */
type ControlMeta = Parameters<typeof useInputControl>[0] & { errors?: string[] };

export function PointField({ latitude, longitude, hint }: { latitude: ControlMeta; longitude: ControlMeta; hint: string }) {
  const hydrated = useHydrated();
  const lat = useInputControl(latitude);
  const lng = useInputControl(longitude);
  const point = lat.value && lng.value ? { lat: Number(lat.value), lng: Number(lng.value) } : null;
  const set = (next: { lat: number; lng: number } | null) => {
    lat.change(next ? String(next.lat) : "");
    lng.change(next ? String(next.lng) : "");
  };
  return (
    <>
      <p className="hint">{hint}</p>
      <input type="hidden" name={latitude.name} value={typeof lat.value === "string" ? lat.value : ""} />
      <input type="hidden" name={longitude.name} value={typeof lng.value === "string" ? lng.value : ""} />
      {hydrated ? (
        <div className="map-frame">
          <Suspense fallback={<p className="small muted">Chargement de la carte…</p>}>
            <PointPicker value={point} onChange={set} />
          </Suspense>
        </div>
      ) : null}
      {point ? (
        <p className="small" role="status">
          Point placé ({point.lat.toFixed(5)}, {point.lng.toFixed(5)}).{" "}
          <button type="button" className="link-button" onClick={() => set(null)}>
            Retirer le point
          </button>
        </p>
      ) : null}
      <ul className="field-errors">
        {latitude.errors?.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    </>
  );
}
