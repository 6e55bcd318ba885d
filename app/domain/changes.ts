// What an edit of a published profile, idea or offer changes, as the CCAS reads it before approving:
// the fields whose value differs between the approved version and the one waiting, by the names the
// forms give them. Each list names every field of its form (TypeScript checks it), in the form's order.
import type { IdeaInput } from "./schemas/idea";
import type { OfferInput } from "./schemas/offer";
import type { OrganisationInput } from "./schemas/organisation";

export const ORGANISATION_FIELD_NAMES: Record<keyof OrganisationInput, string> = {
  name: "Nom",
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
  quartiers: "Quartiers",
  subAxes: "Sous-axes",
  offers: "Ressources offertes",
  seeks: "Ressources recherchées",
};

export const IDEA_FIELD_NAMES: Record<keyof IdeaInput, string> = {
  title: "Titre",
  summary: "Résumé",
  description: "Description",
  subAxes: "Sous-axes",
  addressesIsolation: "Isolement social",
  addressesPrecarity: "Précarité",
  targetPublic: "Public visé",
  tags: "Mots-clés",
  wholeCity: "Toute la ville",
  quartiers: "Quartiers",
  sectorsSought: "Secteurs recherchés",
  resourcesSought: "Ressources recherchées",
  expectedStart: "Démarrage prévu",
  stage: "Étape",
};

export const OFFER_FIELD_NAMES: Record<keyof OfferInput, string> = {
  resource: "Ressource",
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

/** A value as compared: nothing, an empty text and an empty list alike; lists in any order; dates by their instant. */
function comparable(value: unknown): string {
  if (value === undefined || value === null || value === "") return "";
  if (Array.isArray(value)) return value.length === 0 ? "" : JSON.stringify(value.map(comparable).sort());
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** The names of the fields that differ, each once, in the form's order. */
export function changedFieldNames<T extends object>(approved: T, waiting: T, names: Record<keyof T, string>): string[] {
  const changed = new Set<string>();
  for (const key of Object.keys(names) as (keyof T)[])
    if (comparable(approved[key]) !== comparable(waiting[key])) changed.add(names[key]);
  return [...changed];
}
