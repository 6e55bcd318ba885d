// What an edit of a published profile, idea or offer changes, as the CCAS reads it before approving:
// the fields whose value differs between the approved version and the one waiting, by the names the
// forms give them (their labels, without « (facultatif) »), with both values as the forms show them. Each list names every field of its form
// (TypeScript checks it), in the form's order.
import { formatDay } from "./format";
import { IDEA_STAGES, TARGET_TAGS, type IdeaInput } from "./schemas/idea";
import { OFFER_CONDITIONS, OFFER_SLOTS, type OfferInput } from "./schemas/offer";
import type { OrganisationInput } from "./schemas/organisation";
import { KINDS, QUARTIERS, RESOURCES, SECTORS } from "./taxonomy";

type Options = readonly { code: string; label: string }[];

export const ORGANISATION_FIELD_NAMES: Record<keyof OrganisationInput, string> = {
  name: "Nom de la structure",
  shortDescription: "Présentation courte",
  description: "Description",
  sector: "Secteur",
  kind: "Nature juridique",
  siret: "SIRET",
  rna: "Numéro RNA",
  website: "Site internet",
  publicEmail: "E-mail public",
  publicPhone: "Téléphone public",
  address: "Adresse",
  latitude: "Position sur la carte",
  longitude: "Position sur la carte",
  homeQuartier: "Quartier de l'adresse",
  wholeCity: "Toute la ville",
  quartiers: "Quartiers où la structure agit",
  subAxes: "Sous-axes",
  offers: "Ressources que vous pouvez apporter",
  seeks: "Ressources que vous recherchez",
};

export const IDEA_FIELD_NAMES: Record<keyof IdeaInput, string> = {
  title: "Titre du projet",
  summary: "Résumé",
  description: "Description",
  subAxes: "Sous-axes",
  addressesIsolation: "Isolement social",
  addressesPrecarity: "Précarité",
  targetPublic: "Public visé",
  tags: "Publics concernés",
  wholeCity: "Toute la ville",
  quartiers: "Quartiers visés",
  sectorsSought: "Secteurs des partenaires recherchés",
  resourcesSought: "Ressources recherchées",
  expectedStart: "Démarrage envisagé",
  stage: "Étape",
};

export const OFFER_FIELD_NAMES: Record<keyof OfferInput, string> = {
  resource: "Type de ressource",
  title: "Titre",
  description: "Description",
  quartier: "Quartier",
  latitude: "Position sur la carte",
  longitude: "Position sur la carte",
  availability: "Disponibilités",
  slots: "Créneaux",
  capacity: "Capacité",
  conditions: "Conditions",
  validFrom: "Dates de validité",
  validUntil: "Dates de validité",
};

/** The fields whose values are codes, with the labels the forms show. */
export const ORGANISATION_FIELD_OPTIONS: Partial<Record<keyof OrganisationInput, Options>> = {
  sector: SECTORS,
  kind: KINDS,
  homeQuartier: QUARTIERS,
  quartiers: QUARTIERS,
  offers: RESOURCES,
  seeks: RESOURCES,
};

export const IDEA_FIELD_OPTIONS: Partial<Record<keyof IdeaInput, Options>> = {
  tags: TARGET_TAGS,
  quartiers: QUARTIERS,
  sectorsSought: SECTORS,
  resourcesSought: RESOURCES,
  stage: IDEA_STAGES,
};

export const OFFER_FIELD_OPTIONS: Partial<Record<keyof OfferInput, Options>> = {
  resource: RESOURCES,
  quartier: QUARTIERS,
  slots: OFFER_SLOTS,
  conditions: OFFER_CONDITIONS,
};

/** A value as a person reads it; "" for nothing. */
function shown(value: unknown, options?: Options): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    // In the form's order (a list read back from the database comes in its own).
    const rank = (item: unknown) => options?.findIndex((option) => option.code === item) ?? -1;
    const ordered = options ? [...value].sort((a, b) => rank(a) - rank(b)) : value;
    return ordered.map((item) => shown(item, options)).join(", ");
  }
  if (value instanceof Date) return formatDay(value);
  if (typeof value === "boolean") return value ? "oui" : "non";
  // Whole: a change at the end of a long text must show.
  const text = String(value);
  return options?.find((option) => option.code === text)?.label ?? text;
}

/** A text longer than this shows around what changed only. */
const LONG_TEXT = 300;
/** Characters kept on each side of what changed in a long text. */
const CONTEXT = 80;

/**
 * Two versions of a long text cut to what differs between them, with some context on each side
 * (« … »): a change in the last words of a long description showed as two near-equal pages.
 */
function aroundChange(before: string, after: string): [string, string] {
  if (Math.max(before.length, after.length) <= LONG_TEXT) return [before, after];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  // Cut between words.
  const from = start > CONTEXT ? before.lastIndexOf(" ", start - CONTEXT) + 1 : 0;
  const cut = (text: string) => {
    const space = text.indexOf(" ", text.length - end + CONTEXT);
    const until = space < 0 ? text.length : space;
    return `${from > 0 ? "…" : ""}${text.slice(from, until)}${until < text.length ? "…" : ""}`;
  };
  return [cut(before), cut(after)];
}

/** A period's two dates as a sentence: « du … au … », « à partir du … », « jusqu'au … ». */
function period(from: string, until: string): string {
  if (from && until) return `du ${from} au ${until}`;
  return from ? `à partir du ${from}` : `jusqu'au ${until}`;
}

/** A changed field: its name, and its values online and waiting ("" for nothing). */
export type FieldChange = { name: string; before: string; after: string };

/** A value as compared: nothing, an empty text and an empty list alike; lists in any order; dates by their instant. */
function comparable(value: unknown): string {
  if (value === undefined || value === null || value === "") return "";
  // A text sent without JavaScript has CRLF line breaks, with JavaScript LF: the same text.
  if (typeof value === "string") return JSON.stringify(value.replace(/\r\n?/g, "\n"));
  if (Array.isArray(value)) return value.length === 0 ? "" : JSON.stringify(value.map(comparable).sort());
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/**
 * The fields that differ, each name once, in the form's order, with both values. Fields sharing a
 * name (a point's latitude and longitude, a period's two dates) are one change, their values joined.
 */
export function changedFields<T extends object>(
  approved: T,
  waiting: T,
  names: Record<keyof T, string>,
  options: Partial<Record<keyof T, Options>> = {},
): FieldChange[] {
  const byName = new Map<string, (keyof T)[]>();
  for (const key of Object.keys(names) as (keyof T)[]) byName.set(names[key], [...(byName.get(names[key]) ?? []), key]);
  const changes: FieldChange[] = [];
  for (const [name, keys] of byName) {
    if (keys.every((key) => comparable(approved[key]) === comparable(waiting[key]))) continue;
    const dates = keys.length === 2 && keys.every((key) => approved[key] instanceof Date || waiting[key] instanceof Date);
    const values = (version: T) => {
      const parts = keys.map((key) => shown(version[key], options[key]));
      if (parts.every((part) => part === "")) return "";
      return dates ? period(parts[0]!, parts[1]!) : parts.map((part) => part || "…").join(", ");
    };
    const [before, after] =
      keys.length === 1 && typeof approved[keys[0]!] === "string" && typeof waiting[keys[0]!] === "string" && !options[keys[0]!]
        ? aroundChange(values(approved), values(waiting))
        : [values(approved), values(waiting)];
    changes.push({ name, before, after });
  }
  return changes;
}

/**
 * Every field a new item would publish, with its value, in the form's order (empty ones left
 * out): the changes from nothing to it, read as its content.
 */
export function contentOf<T extends object>(
  item: T,
  names: Record<keyof T, string>,
  options: Partial<Record<keyof T, Options>> = {},
): { name: string; value: string }[] {
  return changedFields({} as T, item, names, options)
    .filter((change) => change.after !== "")
    .map((change) => ({ name: change.name, value: change.after }));
}
