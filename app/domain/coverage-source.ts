// The map's `source` filter (issue 16): which supply of structures the coverage counts —
// `plateforme`, the profiles structures published on Coopérons (with their offers and ideas);
// `registres`, every structure a public register (RNA, SIRENE) lists as active in the quartier,
// claimed or not. Both when none is named: what a CCAS agent looks for on a map of under-served
// areas is the city's offer, not only the platform's reach; the table shows both figures anyway.
// Pure, without zod, for the page's bundle.
import { formatDay, plural } from "./format";
import { SUPPLY_SOURCES, type SupplySource } from "./registers/unclaimed";

export { SUPPLY_SOURCES, type SupplySource };

export const ALL_SOURCES: SupplySource[] = SUPPLY_SOURCES.map((source) => source.code);
const isSource = (value: string): value is SupplySource => (ALL_SOURCES as string[]).includes(value);

/** /carte: the sources of the address, once each, in the usual order; an unknown value is dropped and said. */
export function readSupplySources(params: URLSearchParams): { sources: SupplySource[]; ignored: boolean } {
  const values = params.getAll("source");
  const known = ALL_SOURCES.filter((source) => values.includes(source));
  return { sources: known.length ? known : ALL_SOURCES, ignored: values.some((value) => !isSource(value)) };
}

/** /api/coverage: an unknown value is refused (400), with a message per value. */
export function parseSupplySources(
  params: URLSearchParams,
): { success: true; sources: SupplySource[] } | { success: false; errors: string[] } {
  const values = params.getAll("source");
  const errors = values
    .filter((value) => !isSource(value))
    .map((value) => `source: unknown source « ${value} » (plateforme, registres)`);
  if (errors.length) return { success: false, errors };
  const known = ALL_SOURCES.filter((source) => values.includes(source));
  return { success: true, sources: known.length ? known : ALL_SOURCES };
}

/** Both sources counted, the default: the address need not name them. */
export const countsBoth = (sources: readonly SupplySource[]) => ALL_SOURCES.every((source) => sources.includes(source));

export type RegisterDate = { source: "rna" | "sirene"; name: string; importedOn: Date | string };

/** The registers' structures in no quartier, by register (one the RNA lists is the RNA's). */
export type UnlocatedByRegister = Record<RegisterDate["source"], number>;

/**
 * What the registers list in no quartier, said in the sentence: the RNA gives an address but no
 * point, and a SIRENE establishment may have none either. Not geocoded: counted apart.
 */
function describeUnlocated({ rna, sirene }: UnlocatedByRegister): string {
  const parts = [
    ...(rna ? [`${plural(rna, "association", { many: "associations" })} du RNA sans coordonnées`] : []),
    ...(sirene ? [`${plural(sirene, "établissement SIRENE", { many: "établissements SIRENE" })} sans position`] : []),
  ];
  if (!parts.length) return "";
  const why = rna ? " : le RNA ne donne que l'adresse" : "";
  // « comptées » for associations alone, « comptés » as soon as an établissement is among them.
  const counted = `compté${sirene ? "" : "e"}${rna + sirene > 1 ? "s" : ""}`;
  return ` (dont ${parts.join(" et ")}, ${counted} à part, « sans quartier connu »${why})`;
}

/**
 * The sentence that says which structures are counted: the platform's, and the registers' with
 * the date of their latest import (a register never imported says so), and how many of theirs are
 * in no quartier (counted apart).
 */
export function describeSources(
  sources: readonly SupplySource[],
  registers: readonly RegisterDate[],
  unlocated: UnlocatedByRegister = { rna: 0, sirene: 0 },
): string {
  const registerWords = registers.length
    ? registers.map((register) => `${register.name}, importé le ${formatDay(new Date(register.importedOn))}`).join(" ; ")
    : "aucun registre importé pour l'instant";
  const platform = "les structures publiées sur Coopérons, avec leurs offres et leurs idées";
  const fromRegisters = `toutes les structures actives des registres publics (${registerWords}), revendiquées ou non${describeUnlocated(unlocated)}`;
  if (countsBoth(sources))
    return `Structures comptées : ${platform}, et ${fromRegisters} — une structure présente des deux côtés est comptée une fois.`;
  if (sources.includes("registres")) return `Structures comptées : ${fromRegisters} ; ni offres ni idées.`;
  return `Structures comptées : ${platform} (pas les registres publics : ${registerWords}).`;
}
