// The search's parameters, from a URL (the /recherche page and the /api/search contract).
import * as z from "~/utils/zod";
import { QUARTIERS, RESOURCES, SECTORS } from "../taxonomy";
import { IDEA_STAGES } from "./idea";

export const SEARCH_TYPES = [
  { code: "organisation", label: "Structures" },
  { code: "offer", label: "Offres de ressources" },
  { code: "idea", label: "Idées de projets" },
] as const;

export const SEARCH_SORTS = [
  { code: "relevance", label: "Pertinence" },
  { code: "title", label: "Ordre alphabétique" },
  { code: "updated", label: "Les plus récents" },
] as const;

const many = <T extends z.ZodTypeAny>(item: T) => z.array(item).default([]);
const codes = (list: readonly { code: string }[], name: string) =>
  many(z.string().refine((value) => list.some((item) => item.code === value), `${name}: unknown value`));

/** The longest query the search takes; /recherche cuts a longer one, /api/search refuses it. */
export const QUERY_MAX_LENGTH = 200;

/**
 * Private-use characters and noncharacters: nobody types them, and the engine's highlight markers
 * are among them, so a query never carries them.
 */
export function removeUntypeable(text: string): string {
  return text.replace(/[\p{Co}\p{Noncharacter_Code_Point}]/gu, "");
}

/** The last page a search pages through. */
const SEARCH_PAGE_MAX = 500;

export const SearchQuerySchema = z.object({
  q: z
    .string()
    .transform(removeUntypeable)
    .pipe(z.string().trim().max(QUERY_MAX_LENGTH, `q: ${QUERY_MAX_LENGTH} characters at most`))
    .default(""),
  type: codes(SEARCH_TYPES, "type"),
  subAxis: many(z.string().regex(/^\d+\.\d+$/, "subAxis: a code such as 2.1 is expected")),
  quartier: codes(QUARTIERS, "quartier"),
  sector: codes(SECTORS, "sector"),
  resource: codes(RESOURCES, "resource"),
  status: codes([{ code: "published" }, ...IDEA_STAGES], "status"),
  page: z.coerce
    .number({ message: "page: a number is expected" })
    .int("page: a whole number is expected")
    .min(1, "page: 1 or more")
    .max(SEARCH_PAGE_MAX, `page: ${SEARCH_PAGE_MAX} at most`)
    .default(1),
  perPage: z.coerce
    .number({ message: "perPage: a number is expected" })
    .int()
    .min(1, "perPage: 1 or more")
    .max(50, "perPage: 50 at most")
    .default(20),
  sort: z.enum(["relevance", "title", "updated"], { message: "sort: relevance, title or updated" }).default("relevance"),
});

/** URLSearchParams → the object the schema reads: repeated keys become arrays. */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const repeatable = new Set(["type", "subAxis", "quartier", "sector", "resource", "status"]);
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    if (value === "") continue;
    if (repeatable.has(key)) result[key] = [...((result[key] as string[] | undefined) ?? []), value];
    else result[key] = value;
  }
  return result;
}

export type SearchQuery = z.output<typeof SearchQuerySchema>;

/**
 * How /recherche reads its address: where /api/search answers 400, the page drops the values it
 * does not know (a stale shared link, a mistyped address) and cuts a query that is too long, and
 * says which it did. Given the current call's sub-axis codes, a sub-axis it does not have
 * (`subAxis=3.1`) is dropped too: it matched nothing, an active filter with no box to untick.
 */
export function readSearchPageQuery(
  params: URLSearchParams,
  subAxes?: readonly string[],
): {
  query: SearchQuery;
  ignored: boolean;
  shortened: boolean;
  /** A page past the last one the search pages through (`?page=99999`): the page says it does not exist. */
  pageAsked?: number;
} {
  const raw = searchParamsObject(params);
  let shortened = false;
  let pageAsked: number | undefined;
  if (typeof raw.page === "string" && /^\d{1,15}$/.test(raw.page) && Number(raw.page) > SEARCH_PAGE_MAX) {
    pageAsked = Number(raw.page);
    raw.page = String(SEARCH_PAGE_MAX);
  }
  if (typeof raw.q === "string") {
    const q = removeUntypeable(raw.q).trim();
    shortened = q.length > QUERY_MAX_LENGTH;
    // Cut on a whole character: never half of a surrogate pair.
    raw.q = shortened ? q.slice(0, QUERY_MAX_LENGTH).replace(/[\uD800-\uDBFF]$/, "") : q;
  }
  const { query, ignored } = readValid(raw);
  const subAxis = subAxes ? query.subAxis.filter((code) => subAxes.includes(code)) : query.subAxis;
  return { query: { ...query, subAxis }, ignored: ignored || subAxis.length < query.subAxis.length, shortened, pageAsked };
}

/** The values the schema takes, the others dropped; `ignored` when some were. */
function readValid(raw: Record<string, string | string[]>): { query: SearchQuery; ignored: boolean } {
  const parsed = SearchQuerySchema.safeParse(raw);
  if (parsed.success) return { query: parsed.data, ignored: false };
  const refused = new Map<string, Set<number> | "all">();
  for (const [key, index] of parsed.error.issues.map((issue) => issue.path)) {
    if (typeof key !== "string") continue;
    const previous = refused.get(key);
    if (typeof index !== "number") refused.set(key, "all");
    else if (previous !== "all") refused.set(key, new Set([...(previous ?? []), index]));
  }
  const kept = Object.fromEntries(
    Object.entries(raw).flatMap(([key, value]): [string, string | string[]][] => {
      const indexes = refused.get(key);
      if (indexes === undefined) return [[key, value]];
      if (indexes === "all" || !Array.isArray(value)) return [];
      return [[key, value.filter((_, index) => !indexes.has(index))]];
    }),
  );
  const retried = SearchQuerySchema.safeParse(kept);
  return { query: retried.success ? retried.data : SearchQuerySchema.parse({}), ignored: true };
}
