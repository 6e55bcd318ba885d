// The national address base's search (BAN, https://api-adresse.data.gouv.fr, documented at
// https://adresse.data.gouv.fr/api-doc/adresse): one module for this outside service.
// Addresses of Nantes only, a short timeout, and nothing thrown at a page: a geocoder that is slow
// or down leaves the person with the quartier list, as without a geocoder.
import * as z from "~/utils/zod";
import { getEnv } from "./env.server";

/** INSEE code of Nantes: the BAN filter, checked again on each answer. */
export const NANTES_CITYCODE = "44109";
export const GEOCODER_TIMEOUT_MS = 2500;
const LIMIT = 5;

// The GeoCodeJSON answer, reduced to what is read; other properties are let through unchecked.
const BanFeature = z.object({
  geometry: z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    label: z.string().min(1),
    score: z.number().optional(),
    type: z.string().optional(),
    citycode: z.string().optional(),
  }),
});
const BanAnswer = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()) });

export type Address = { label: string; latitude: number; longitude: number };

export type AddressSearch = { ok: true; addresses: Address[] } | { ok: false; reason: "unconfigured" | "unavailable" };

/** The geocoder's base URL from GEOCODER_URL, without a trailing slash; null when none is set. */
export function geocoderUrl(): string | null {
  return getEnv().GEOCODER_URL?.replace(/\/+$/, "") ?? null;
}

/**
 * Addresses of Nantes matching what the person typed so far (`autocomplete=1`), best first. A
 * feature of another town (a geocoder that ignores `citycode`) or of an unexpected shape is left
 * out rather than failing the whole answer.
 */
export async function searchAddresses(
  query: string,
  { baseUrl = geocoderUrl(), timeoutMs = GEOCODER_TIMEOUT_MS }: { baseUrl?: string | null; timeoutMs?: number } = {},
): Promise<AddressSearch> {
  if (!baseUrl) return { ok: false, reason: "unconfigured" };
  const url = new URL(`${baseUrl}/search/`);
  url.search = new URLSearchParams({ q: query, citycode: NANTES_CITYCODE, limit: String(LIMIT), autocomplete: "1" }).toString();
  let body: unknown;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: "application/json" } });
    if (!response.ok) {
      console.warn(`Geocoder answered ${response.status} for ${url.pathname}`);
      return { ok: false, reason: "unavailable" };
    }
    body = await response.json();
  } catch (error) {
    console.warn("Geocoder did not answer", error instanceof Error ? error.message : error);
    return { ok: false, reason: "unavailable" };
  }
  const answer = BanAnswer.safeParse(body);
  if (!answer.success) {
    console.warn("Geocoder answer is not a FeatureCollection");
    return { ok: false, reason: "unavailable" };
  }
  const addresses = answer.data.features.flatMap((raw) => {
    const feature = BanFeature.safeParse(raw);
    if (!feature.success || feature.data.properties.citycode !== NANTES_CITYCODE) return [];
    const [longitude, latitude] = feature.data.geometry.coordinates;
    return [{ label: feature.data.properties.label, latitude, longitude }];
  });
  return { ok: true, addresses: addresses.slice(0, LIMIT) };
}
