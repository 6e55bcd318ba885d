// Saved searches: a person's filter set of /recherche or of the map, kept to hear of new items that
// match. Pure. The filter set is the search's own schema (schemas/search.ts) without the page's
// paging and order, so that /recherche, /carte, /api/search and the alerts read one definition.
import * as z from "~/utils/zod";
import { requiredLine } from "./schemas/fields";
import { IDEA_STAGES } from "./schemas/idea";
import { SearchQuerySchema, type SearchQuery } from "./schemas/search";
import { labelOf, QUARTIERS, RESOURCES, SECTORS } from "./taxonomy";

export const SavedQuerySchema = SearchQuerySchema.pick({
  q: true,
  type: true,
  subAxis: true,
  quartier: true,
  sector: true,
  resource: true,
  status: true,
});
export type SavedQuery = z.output<typeof SavedQuerySchema>;

const FILTERS = ["type", "subAxis", "quartier", "sector", "resource", "status"] as const;

/** The same filters in one order: values sorted, each once. Two saves of one search are one. */
export function normaliseSavedQuery(query: Pick<SearchQuery, keyof SavedQuery>): SavedQuery {
  const sorted = <T extends string>(values: readonly T[]) => [...new Set(values)].sort();
  return {
    q: query.q.trim(),
    type: sorted(query.type),
    subAxis: sorted(query.subAxis),
    quartier: sorted(query.quartier),
    sector: sorted(query.sector),
    resource: sorted(query.resource),
    status: sorted(query.status),
  };
}

/** What is stored and compared: the normalised filter set as JSON, keys in a fixed order. */
export function savedQueryKey(query: SavedQuery): string {
  const normal = normaliseSavedQuery(query);
  return JSON.stringify({ q: normal.q, ...Object.fromEntries(FILTERS.map((name) => [name, normal[name]])) });
}

/** A stored filter set read back; one that no longer parses (a code the call dropped) keeps what still does. */
export function parseSavedQuery(json: string): SavedQuery {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const parsed = SavedQuerySchema.safeParse(raw);
  if (parsed.success) return normaliseSavedQuery(parsed.data);
  const object = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const kept = Object.fromEntries(
    Object.entries(object).filter(([key, value]) => SavedQuerySchema.shape[key as keyof SavedQuery]?.safeParse(value).success),
  );
  return normaliseSavedQuery(SavedQuerySchema.parse(kept));
}

/** The search's address: /recherche (or the map) with these filters. */
export function savedSearchParams(query: SavedQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const name of FILTERS) for (const value of query[name]) params.append(name, value);
  return params;
}

const TYPE_NAMES: Record<string, string> = { organisation: "Structures", offer: "Offres", idea: "Idées" };

export const SAVED_SEARCH_NAME_MAX = 80;

/**
 * A name made from the filters, in French: « Offres · Locaux · Nantes Nord ». Several values of one
 * filter read « Locaux ou Logistique »; the words typed come last, between “ ” (what goes between
 * « » inside a quotation), shortened rather than the name cut, so that their quote closes.
 */
export function nameSavedSearch(query: SavedQuery, subAxisTitles: Readonly<Record<string, string>> = {}): string {
  const either = (labels: string[]) => labels.join(" ou ");
  const parts = [
    either(query.type.map((code) => TYPE_NAMES[code] ?? code)),
    either(query.resource.map((code) => labelOf(RESOURCES, code))),
    either(query.sector.map((code) => labelOf(SECTORS, code))),
    either(query.subAxis.map((code) => (subAxisTitles[code] ? `${code} ${subAxisTitles[code]}` : `Sous-axe ${code}`))),
    either(query.quartier.map((code) => labelOf(QUARTIERS, code))),
    either(query.status.map((code) => (code === "published" ? "Publiées" : labelOf(IDEA_STAGES, code)))),
  ].filter(Boolean);
  const filters = parts.join(" · ");
  // The words without quotation marks of their own (they are put between “ ”).
  const words = query.q
    .replace(/[«»“”"]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!words) return cut(filters || "Toutes les nouveautés");
  const before = filters ? `${filters} · ` : "";
  // Room for the words between their quotes; the filters alone too long, the words go.
  const room = SAVED_SEARCH_NAME_MAX - before.length - 2;
  if (room < 4) return cut(filters);
  const shown = words.length > room ? `${words.slice(0, room - 1).trimEnd()}…` : words;
  return `${before}“${shown}”`;
}

const cut = (name: string) =>
  name.length > SAVED_SEARCH_NAME_MAX ? `${name.slice(0, SAVED_SEARCH_NAME_MAX - 1).trimEnd()}…` : name;

/**
 * A saved search's name between guillemets, for a sentence: « Offres · Locaux ». Quotation marks
 * inside become “ ” (the words typed, in names made before they were); a name that is all one
 * quotation is quoted once: the words alone, “jardin”, read « jardin ».
 */
export function quotedName(name: string): string {
  const text = name.trim();
  if (/^«[^«»]*»$/.test(text)) return text;
  if (/^“[^“”]*”$/.test(text)) return `« ${text.slice(1, -1).trim()} »`;
  return `« ${text.replace(/«\s*/g, "“").replace(/\s*»/g, "”")} »`;
}

/** At most this many saved searches per person: each new item is checked against every one. */
export const SAVED_SEARCHES_MAX = 50;

const savedSearchId = z
  .string({ message: "Cette recherche enregistrée est introuvable." })
  .min(1, "Cette recherche enregistrée est introuvable.");

export const RenameSavedSearchSchema = z.object({
  intent: z.literal("rename"),
  id: savedSearchId,
  name: requiredLine("Nom de la recherche", SAVED_SEARCH_NAME_MAX),
});

export const SavedSearchActionSchema = z.object({
  intent: z.enum(["pause", "resume", "delete"]),
  id: savedSearchId,
});

export const IdeaAlertsSchema = z.object({
  intent: z.literal("idea-alerts"),
  ideaAlerts: z.enum(["on", "off"], { message: "Choisissez oui ou non." }),
});
