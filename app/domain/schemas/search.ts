// The search's parameters, from a URL (the /recherche page and the /api/search contract).
import { z } from "zod";
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

export const SearchQuerySchema = z.object({
  q: z.string().trim().max(200, "q: 200 characters at most").default(""),
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
    .max(500, "page: 500 at most")
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
