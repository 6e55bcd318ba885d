import type { LoaderFunctionArgs } from "@remix-run/node";
import { SearchQuerySchema, searchParamsObject } from "~/domain/schemas/search";
import { search, toSearchParams } from "~/utils/search.server";

/** GET /api/search — the contract is in the README. */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = SearchQuerySchema.safeParse(searchParamsObject(new URL(request.url).searchParams));
  if (!parsed.success) {
    return Response.json(
      { message: "Invalid search parameters", errors: parsed.error.issues.map((issue) => issue.message) },
      { status: 400 },
    );
  }
  const result = await search(toSearchParams(parsed.data));
  return Response.json(
    {
      total: result.total,
      page: result.page,
      hits: result.hits.map(({ type, id, title, url, snippet, quartiers, subAxes }) => ({
        type,
        id,
        title,
        url,
        snippet,
        quartiers,
        subAxes,
      })),
      facets: result.facets,
      engine: result.engine,
    },
    // Asked again by the browser each time (no-cache); the server keeps it for visitors while nothing
    // published changed (scripts/lib/page-cache.ts).
    { headers: { "Cache-Control": "no-cache" } },
  );
}
