// GET /api/adresse?q= — addresses of Nantes for the forms' address search, each with its quartier.
// The browser never calls the geocoder itself: one origin for the CSP, one place for the rate limit.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "~/utils/zod";
import { ADDRESS_QUERY_MIN, quartierOfPoint, type AddressSuggestion } from "~/domain/geo";
import { requireUser } from "~/utils/auth.server";
import { searchAddresses } from "~/utils/geocoder.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { clientIp, hitRateLimit } from "~/utils/rate-limit.server";

const QuerySchema = z.string().trim().max(200);

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = QuerySchema.safeParse(new URL(request.url).searchParams.get("q") ?? "");
  if (!query.success) return json({ message: "L'adresse est trop longue (200 caractères au maximum).", suggestions: [] }, 400);
  if (query.data.length < ADDRESS_QUERY_MIN) return json({ suggestions: [] });

  const limit = await hitRateLimit("addressSearch", [`ip:${clientIp(context)}`, `user:${user.id}`]);
  if (!limit.ok) {
    return json(
      {
        message: "Trop de recherches d'adresse d'affilée : choisissez le quartier dans la liste, ou réessayez dans une minute.",
        suggestions: [],
      },
      429,
      { "Retry-After": String(limit.retryAfterSeconds) },
    );
  }

  const result = await searchAddresses(query.data);
  if (!result.ok) {
    return result.reason === "unconfigured"
      ? json({ message: "La recherche d'adresse n'est pas proposée sur ce site.", suggestions: [] }, 404)
      : json({ message: "La recherche d'adresse ne répond pas : choisissez le quartier dans la liste.", suggestions: [] }, 503);
  }
  const quartiers = getQuartiersGeoJson().collection;
  // A BAN position can fall just outside the quartiers' outlines (the Loire's banks, the town's
  // edge): such an address would then be refused by the form, so it is not proposed.
  const suggestions: AddressSuggestion[] = result.addresses.flatMap((address) => {
    const quartier = quartierOfPoint(quartiers, { lat: address.latitude, lng: address.longitude });
    return quartier ? [{ ...address, quartier: { code: quartier.code, label: quartier.label } }] : [];
  });
  return json({ suggestions });
}
