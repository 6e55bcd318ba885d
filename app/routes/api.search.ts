import type { LoaderFunctionArgs } from "@remix-run/node";
import { readSearchApi } from "~/utils/search-ahead.server";
import { aheadIn, search } from "~/utils/search.server";

/** GET /api/search — the contract is in the README. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { params, errors } = readSearchApi(new URL(request.url).searchParams);
  if (!params) return Response.json({ message: "Invalid search parameters", errors }, { status: 400 });
  // Started while this request waited its turn, when the server could.
  const result = await search(params, await aheadIn(context));
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
