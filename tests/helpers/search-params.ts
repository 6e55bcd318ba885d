// A search as the engine is asked it: the words, no filter, the first page, unless said.
import type { SearchParams } from "../../search/query";

export const searchFor = (q: string, overrides: Partial<SearchParams> = {}): SearchParams => ({
  q,
  types: [],
  subAxes: [],
  quartiers: [],
  sectors: [],
  resources: [],
  statuses: [],
  page: 1,
  perPage: 10,
  sort: "relevance",
  ...overrides,
});
