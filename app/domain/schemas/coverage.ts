// The map's filters are the search's own (./search.ts): one definition, so that a filter means the
// same on /carte, /api/coverage, /recherche and /api/search. `quartier` is not one of them: the map
// counts by quartier, and on /carte `quartier` names the area whose panel is open.
import type * as z from "~/utils/zod";
import { COVERAGE_FILTERS } from "../coverage";
import { readSearchPageQuery, SearchQuerySchema, searchParamsObject } from "./search";

export const CoverageQuerySchema = SearchQuerySchema.pick({
  type: true,
  subAxis: true,
  sector: true,
  resource: true,
  status: true,
});

export type CoverageQuery = z.output<typeof CoverageQuerySchema>;

const isFilter = (key: string) => (COVERAGE_FILTERS as readonly string[]).includes(key);

/** The filters' parameters of an address; the page's own (niveau, quartier, tri) and any other left out. */
function filterParams(params: URLSearchParams): URLSearchParams {
  return new URLSearchParams([...params].filter(([key]) => isFilter(key)));
}

export const UNKNOWN_SUB_AXIS = "subAxis: unknown sub-axis";
const SUB_AXIS_SHAPE = /^\d+\.\d+$/;

/**
 * /api/coverage: a value the search refuses is refused (400, the search's messages), and so is a
 * sub-axis the current call does not have (`subAxes`: its codes).
 */
export function parseCoverageQuery(params: URLSearchParams, subAxes: readonly string[]) {
  return CoverageQuerySchema.superRefine((query, context) => {
    query.subAxis.forEach((code, index) => {
      // A code of the wrong shape already has the search's message: one message per value.
      if (SUB_AXIS_SHAPE.test(code) && !subAxes.includes(code)) {
        context.addIssue({ code: "custom", path: ["subAxis", index], message: UNKNOWN_SUB_AXIS });
      }
    });
  }).safeParse(searchParamsObject(filterParams(params)));
}

/**
 * /carte: as /recherche does, the values the API would refuse (a stale shared link, a mistyped
 * address) are dropped, the others kept, and `ignored` says that something was dropped.
 */
export function readCoveragePageQuery(
  params: URLSearchParams,
  subAxes: readonly string[],
): { filters: CoverageQuery; ignored: boolean } {
  const { query, ignored } = readSearchPageQuery(filterParams(params), subAxes);
  // A value given twice is one box ticked.
  const once = (values: string[]) => [...new Set(values)];
  return {
    filters: {
      type: once(query.type),
      subAxis: once(query.subAxis),
      sector: once(query.sector),
      resource: once(query.resource),
      status: once(query.status),
    },
    ignored,
  };
}
