// The searches a request may start while it waits its turn (scripts/lib/admission.ts), read from its
// address exactly as the pages' loaders read them: the search page and the search API. The server
// calls `searchAheadFor` through the build's entry (entry.server.tsx); the loader then asks `search`
// with the same parameters and the started search, which it takes only when they match.
import { readSearchPageQuery, SearchQuerySchema, searchParamsObject } from "~/domain/schemas/search";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getDb } from "./db.server";
import { searchAhead, toSearchParams, type SearchAhead } from "./search.server";

/** The search page's query: the call's sub-axes (another one is dropped), what was dropped or cut, and the search. */
export async function readSearchPage(searchParams: URLSearchParams) {
  const { subAxes } = await getCurrentCallSubAxes(getDb());
  const read = readSearchPageQuery(
    searchParams,
    subAxes.map((subAxis) => subAxis.code),
  );
  return { subAxes, ...read, params: toSearchParams({ ...read.query, perPage: 10 }) };
}

/** The search API's query, or the reasons it is refused. */
export function readSearchApi(searchParams: URLSearchParams) {
  const parsed = SearchQuerySchema.safeParse(searchParamsObject(searchParams));
  return parsed.success
    ? { params: toSearchParams(parsed.data), errors: null }
    : { params: null, errors: parsed.error.issues.map((issue) => issue.message) };
}

/**
 * The search a request for `url` will make, started now; null at once for any other address (most
 * requests that wait: no promise made for them).
 */
export function searchAheadFor(url: URL): Promise<SearchAhead | null> | null {
  const page = url.pathname.replace(/\.data$/, "");
  if (page === "/recherche") return readSearchPage(url.searchParams).then(({ params }) => searchAhead(params));
  if (page === "/api/search") {
    const { params } = readSearchApi(url.searchParams);
    return Promise.resolve(params && searchAhead(params));
  }
  return null;
}
