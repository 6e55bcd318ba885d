// The filters of a public list (/annuaire, /idees) in its address: one select per filter, and a page.
import * as z from "~/utils/zod";

type Choices = readonly { code: string }[];

export type ListFilters<K extends string> = Record<K, string | undefined> & { page: number };

const PageSchema = z.coerce.number().int().min(1).catch(1);

/**
 * Reads the filters from the address: each one a code of its list, and the page a whole number
 * from 1. Unknown values are ignored rather than refused, so that a stale shared link still works;
 * of a repeated key the last value counts. The filters keep the order of `lists`, which is the
 * order of the parameters in the list's links.
 */
export function parseListFilters<K extends string>(params: URLSearchParams, lists: Record<K, Choices>): ListFilters<K> {
  const last = (key: string) => params.getAll(key).at(-1);
  const filters = Object.fromEntries(
    Object.entries<Choices>(lists).map(([key, list]) => {
      const value = last(key);
      return [key, value && list.some((item) => item.code === value) ? value : undefined];
    }),
  ) as Record<K, string | undefined>;
  return { ...filters, page: PageSchema.parse(last("page")) };
}

/**
 * The filters as parseListFilters reads them, and whether it dropped a value the address gave (a
 * sub-axis of another call, a link typed by hand): the list says so, as the search does.
 */
export function readListFilters<K extends string>(params: URLSearchParams, lists: Record<K, Choices>) {
  const filters = parseListFilters(params, lists);
  const ignored = (Object.keys(lists) as K[]).some((key) => Boolean(params.getAll(key).at(-1)) && filters[key] === undefined);
  return { filters, ignored };
}

/** What a list says when it ignored a value of its address (the search's words). */
export const IGNORED_FILTERS = "Certains filtres de l'adresse n'existent pas et ont été ignorés.";

/** The filters that are set, in order (the page is not a filter). */
export function activeFilters(filters: Record<string, string | number | undefined>): [string, string][] {
  return Object.entries(filters)
    .filter(([key, value]) => key !== "page" && value !== undefined && value !== "")
    .map(([key, value]): [string, string] => [key, String(value)]);
}

const codes = (value: string | undefined) => (value ? [value] : []);

/** The filters the lists share with the search, as its facets: a set filter narrows to its code. */
export function searchFacetsOf(filters: Partial<Record<"sector" | "quartier" | "subAxis" | "resource", string>>) {
  return {
    sectors: codes(filters.sector),
    quartiers: codes(filters.quartier),
    subAxes: codes(filters.subAxis),
    resources: codes(filters.resource),
  };
}
