// Where a structure or an offer is: its address (with suggestions from the national address base
// when a geocoder is configured), its quartier, and a point on a map of Nantes kept in two hidden
// inputs. The quartier list follows the point; a point outside Nantes is refused at once. Without
// JavaScript there is no map: the address text and the quartier list are the whole field.
import { useInputControl, type FieldMetadata } from "@conform-to/react";
import type { LinksFunction } from "@remix-run/node";
import { useRouteLoaderData } from "@remix-run/react";
import type { Map as LeafletMap } from "leaflet";
import leafletStyles from "leaflet/dist/leaflet.css";
import { lazy, Suspense, useCallback, useEffect, useId, useState } from "react";
import { AddressSearch } from "~/components/address-search";
import { SelectField } from "~/components/forms";
import {
  OUTSIDE_NANTES_MESSAGE,
  quartierOfPoint,
  type AddressSuggestion,
  type LatLng,
  type Quartier,
  type QuartierCollection,
} from "~/domain/geo";
import { QUARTIERS } from "~/domain/taxonomy";
import type { loader as rootLoader } from "~/root";
import pointFieldStyles from "~/styles/point-field.css";
import { useHydrated } from "~/utils/use-hydrated";

const PointPicker = lazy(() => import("~/components/map/point-picker.client"));

/** For the `links` of every route that renders a PointField: Leaflet's own styles are what make the pin land under the finger. */
export const pointFieldLinks: LinksFunction = () => [
  { rel: "stylesheet", href: leafletStyles },
  { rel: "stylesheet", href: pointFieldStyles },
];

type Meta = FieldMetadata<unknown>;
/** A hidden coordinate: what `useInputControl` takes, with the errors conform reports on it. */
type ControlMeta = Parameters<typeof useInputControl>[0] & { errors?: string[]; errorId: string };

type Props = {
  latitude: ControlMeta;
  longitude: ControlMeta;
  /** The quartier list, which follows the point. */
  quartier: { meta: Meta; label: string };
  /** The saved address text (organisations); without it, the address only helps place the point (offers). */
  address?: { meta: Meta; label: string; hint?: string };
  /** What the place is, in the map's name: « l'adresse de la structure », « le lieu de l'offre ». */
  placeName: string;
};

type Status = { tone: "info" | "problem"; text: string } | null;

function useQuartiers(enabled: boolean) {
  const [collection, setCollection] = useState<QuartierCollection | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    fetch("/geo/quartiers.geojson", { signal: controller.signal })
      .then((response) =>
        response.ok ? (response.json() as Promise<QuartierCollection>) : Promise.reject(new Error(String(response.status))),
      )
      .then(setCollection)
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, [enabled]);
  return { collection, failed };
}

const asText = (value: unknown) => (typeof value === "string" ? value : "");

export function PointField({ latitude, longitude, quartier, address, placeName }: Props) {
  const hydrated = useHydrated();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const geocoder = hydrated && Boolean(root?.publicEnv.GEOCODER);
  const { collection, failed } = useQuartiers(hydrated);
  const hintId = `${useId()}-map-hint`;

  const lat = useInputControl(latitude);
  const lng = useInputControl(longitude);
  const point: LatLng | null = lat.value && lng.value ? { lat: Number(lat.value), lng: Number(lng.value) } : null;
  const pointQuartier: Quartier | null = point && collection ? quartierOfPoint(collection, point) : null;
  const [status, setStatus] = useState<Status>(null);
  const [map, setMap] = useState<LeafletMap | null>(null);

  const selectId = quartier.meta.id;
  /** Sets the quartier list as a person would, so that the form's validation sees the change. */
  const setQuartier = useCallback(
    (code: string) => {
      const select = document.getElementById(selectId);
      if (!(select instanceof HTMLSelectElement) || select.value === code) return;
      select.value = code;
      select.dispatchEvent(new Event("input", { bubbles: true }));
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [selectId],
  );

  const setPoint = useCallback(
    (next: LatLng | null) => {
      lat.change(next ? String(next.lat) : "");
      lng.change(next ? String(next.lng) : "");
    },
    [lat, lng],
  );

  /** The one way a point is placed: refused outside Nantes, and the quartier list follows it. */
  const place = useCallback(
    (next: LatLng, found: { code: string; label: string } | null, how: string) => {
      if (!found) {
        setStatus({ tone: "problem", text: OUTSIDE_NANTES_MESSAGE });
        return;
      }
      setPoint(next);
      setQuartier(found.code);
      setStatus({ tone: "info", text: `${how} dans le quartier ${found.label}.` });
    },
    [setPoint, setQuartier],
  );

  const onPick = useCallback(
    (next: LatLng) => {
      if (collection) place(next, quartierOfPoint(collection, next), "Point placé");
    },
    [collection, place],
  );

  const onChoose = useCallback(
    (suggestion: AddressSuggestion) =>
      place({ lat: suggestion.latitude, lng: suggestion.longitude }, suggestion.quartier, "Adresse trouvée : point placé"),
    [place],
  );

  // A person who picks another quartier in the list than the point's means the list: the point goes.
  const pointCode = pointQuartier?.code ?? null;
  useEffect(() => {
    const select = document.getElementById(selectId);
    if (!(select instanceof HTMLSelectElement) || !pointCode) return;
    const onChange = (event: Event) => {
      if (!event.isTrusted || select.value === pointCode) return;
      setPoint(null);
      setStatus({ tone: "info", text: "Point retiré : il n'était pas dans ce quartier." });
    };
    select.addEventListener("change", onChange);
    return () => select.removeEventListener("change", onChange);
  }, [selectId, pointCode, setPoint]);

  // What the person last did; else what the saved point is (an edit form).
  const shown: Status =
    status ??
    (point && collection
      ? pointQuartier
        ? { tone: "info", text: `Point enregistré dans le quartier ${pointQuartier.label}.` }
        : { tone: "problem", text: "Le point enregistré est en dehors de Nantes : placez-le à nouveau, ou retirez-le." }
      : null);
  const withMap = hydrated && !failed;

  return (
    <>
      {address || geocoder ? (
        <AddressSearch
          label={address?.label ?? "Chercher l'adresse (facultatif)"}
          meta={address?.meta}
          suggest={geocoder}
          hint={
            [
              address?.hint,
              geocoder
                ? "Tapez l'adresse puis choisissez-la dans la liste proposée : le point et le quartier sont placés pour vous."
                : undefined,
            ]
              .filter(Boolean)
              .join(" ") || undefined
          }
          onChoose={onChoose}
        />
      ) : null}
      <SelectField label={quartier.label} meta={quartier.meta} options={QUARTIERS} placeholder="Non précisé" />
      {/* The two values posted; `useInputControl` keeps them in step with the map. */}
      <input type="hidden" name={latitude.name} value={asText(lat.value)} />
      <input type="hidden" name={longitude.name} value={asText(lng.value)} />
      {withMap ? (
        <div className="point-field">
          <p id={hintId} className="hint">
            {geocoder
              ? "Ou placez le point sur la carte (facultatif)"
              : "Vous pouvez aussi placer le point sur la carte (facultatif)"}{" "}
            : touchez ou cliquez à l'endroit exact. Au clavier : déplacez la carte avec les flèches (+ et − pour zoomer), puis
            appuyez sur Entrée ou sur « Placer le point au centre de la carte ».
          </p>
          <div className="map-frame">
            {collection ? (
              <Suspense fallback={<p className="small muted">Chargement de la carte…</p>}>
                <PointPicker
                  quartiers={collection}
                  value={point}
                  onPick={onPick}
                  onMap={setMap}
                  tileUrl={root?.publicEnv.TILE_URL ?? null}
                  tileAttribution={root?.publicEnv.TILE_ATTRIBUTION ?? null}
                  label={`Carte de Nantes pour placer ${placeName}`}
                  hintId={hintId}
                />
              </Suspense>
            ) : (
              <p className="small muted">Chargement de la carte…</p>
            )}
          </div>
          <p className="point-actions">
            <button
              type="button"
              className="button-secondary"
              disabled={!map}
              onClick={() => {
                if (!map) return;
                const centre = map.getCenter();
                onPick({ lat: Number(centre.lat.toFixed(6)), lng: Number(centre.lng.toFixed(6)) });
              }}
            >
              Placer le point au centre de la carte
            </button>
            {point ? (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setPoint(null);
                  setStatus({ tone: "info", text: "Point retiré. Le quartier choisi dans la liste reste." });
                }}
              >
                Retirer le point
              </button>
            ) : null}
          </p>
        </div>
      ) : null}
      {hydrated ? (
        <p className={shown?.tone === "problem" ? "point-status point-problem" : "point-status"} role="status">
          {shown?.text}
        </p>
      ) : null}
      <ul id={latitude.errorId} className="field-errors">
        {latitude.errors?.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    </>
  );
}
