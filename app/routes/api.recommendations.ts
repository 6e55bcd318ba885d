// GET /api/recommendations?idea=<slug> or ?groupement=<id> (optional &limit=1…50, default 10): the
// partners the engine suggests, as `npm run recommend` prints them, with each one's name and page:
// {"recommendations": [{"id", "score", "reasons": [{"code", "points", "message"}], "name", "url"}]}.
// For the project's members only: 401 signed out, 403 for anyone else, 404 when there is no such
// project. The contract is in the README.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getSuggestionAccess, getSuggestions } from "~/models/recommendation.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const QuerySchema = z
  .strictObject(
    {
      idea: z.string().min(1, "idea: a slug is expected").optional(),
      groupement: z.string().min(1, "groupement: an id is expected").optional(),
      limit: z.coerce
        .number({ message: "limit: a whole number is expected" })
        .int("limit: a whole number is expected")
        .min(1, "limit: at least 1")
        .max(50, "limit: at most 50")
        .default(10),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown parameter: ${issue.keys.join(", ")}` : undefined) },
  )
  .refine((query) => Boolean(query.idea) !== Boolean(query.groupement), "give either idea=<slug> or groupement=<id>");

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user)
    return json({ message: "Connectez-vous avec le compte d'un membre du projet pour voir ses partenaires suggérés." }, 401);
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success)
    return json({ message: "Invalid parameters", errors: query.error.issues.map((issue) => issue.message) }, 400);
  const db = getDb();
  const { idea, groupement, limit } = query.data;
  const access = await getSuggestionAccess(db, user.id, idea ? { ideaSlug: idea } : { groupementId: groupement! });
  if (access === "missing") return json({ message: idea ? "Idée introuvable." : "Groupement introuvable." }, 404);
  if (access === "forbidden") return json({ message: "Seuls les membres du projet voient ses partenaires suggérés." }, 403);
  const suggestions = await getSuggestions(db, access.target, { limit });
  return json({
    recommendations: (suggestions?.suggestions ?? []).map(({ id, score, reasons, name, url }) => ({
      id,
      score,
      reasons: reasons.map(({ code, points, message }) => ({ code, points, message })),
      name,
      url,
    })),
  });
}
