// GET /api/recommendations?idea=<slug> or ?groupement=<id> (optional &limit=1…50, default 10): the
// partners the engine suggests, as `npm run recommend` prints them, with each one's name and page:
// {"recommendations": [{"id", "score", "reasons": [{"code", "points", "message"}], "name", "url"}]}.
// For the project's members only: 401 signed out, 403 for anyone else, 404 when there is no such
// project. The contract is in the README.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "~/utils/zod";
import { getSuggestionAccess, getSuggestions } from "~/models/recommendation.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const QuerySchema = z
  .strictObject(
    {
      idea: z.string().min(1, "idea : le slug d'une idée est attendu").optional(),
      groupement: z.string().min(1, "groupement : l'identifiant d'un groupement est attendu").optional(),
      limit: z
        .string()
        .regex(/^\d{1,3}$/, "limit : un nombre entier est attendu")
        .transform(Number)
        .pipe(z.number().min(1, "limit : 1 au moins").max(50, "limit : 50 au plus"))
        .default(10),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `paramètre inconnu : ${issue.keys.join(", ")}` : undefined) },
  )
  .refine((query) => Boolean(query.idea) !== Boolean(query.groupement), "donnez soit idea=<slug>, soit groupement=<id>");

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user)
    return json({ message: "Connectez-vous avec le compte d'un membre du projet pour voir ses partenaires suggérés." }, 401);
  const params = new URL(request.url).searchParams;
  const repeated = [...new Set([...params.keys()].filter((key) => params.getAll(key).length > 1))];
  const query = QuerySchema.safeParse(Object.fromEntries(params));
  if (repeated.length > 0 || !query.success)
    return json(
      {
        message: "Paramètres invalides",
        errors: [
          ...repeated.map((key) => `${key} : une seule valeur est attendue`),
          ...(query.success ? [] : query.error.issues.map((issue) => issue.message)),
        ],
      },
      400,
    );
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
