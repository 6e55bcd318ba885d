// Reference lists of DOMAIN.md. The codes are a contract shared with tests and outside checks:
// never rename them. Labels are the French wording shown to people.

export type Option<Code extends string = string> = {
  readonly code: Code;
  readonly label: string;
  readonly description?: string;
};

export const SECTORS = [
  {
    code: "associatif",
    label: "Associatif",
    description: "Associations de solidarité, d'animation sociale et culturelle, de lutte contre l'isolement, d'aide à domicile…",
  },
  {
    code: "economique",
    label: "Économique",
    description: "Structures de l'ESS, réseaux d'entreprises, fondations, entreprises, commerces, bars et restaurants…",
  },
  {
    code: "habitat",
    label: "Habitat et immobilier",
    description: "Bailleurs sociaux, bailleurs privés, syndics de copropriété…",
  },
  {
    code: "emploi-formation",
    label: "Emploi et formation",
    description: "Insertion par l'activité économique, organismes de formation, comités d'entreprise, syndicats…",
  },
  { code: "sante", label: "Santé", description: "Médecins, pharmacies, centres de santé…" },
  { code: "academique", label: "Académique", description: "Université, établissements scolaires…" },
  { code: "culturel", label: "Culturel", description: "Bibliothèques municipales, établissements culturels…" },
] as const satisfies readonly Option[];

export const KINDS = [
  { code: "association", label: "Association" },
  {
    code: "ess",
    label: "Structure de l'ESS",
    description: "Coopérative, SCIC, SCOP, entreprise de l'économie sociale et solidaire",
  },
  { code: "entreprise", label: "Entreprise", description: "Toute entreprise hors économie sociale et solidaire" },
  { code: "fondation", label: "Fondation" },
  { code: "bailleur-social", label: "Bailleur social" },
  { code: "bailleur-prive", label: "Bailleur privé" },
  { code: "syndic", label: "Syndic de copropriété" },
  {
    code: "etablissement-public-ville",
    label: "Établissement public de la Ville de Nantes",
    description: "Bibliothèques, services du CCAS…",
  },
  { code: "autre-public", label: "Autre organisme public", description: "Université, établissement scolaire, hôpital…" },
  { code: "autre", label: "Autre" },
] as const satisfies readonly Option[];

export const RESOURCES = [
  { code: "locaux", label: "Locaux", description: "Une salle, un local, un espace mis à disposition" },
  { code: "salaries", label: "Salariés mis à disposition", description: "Du temps de salariés consacré au projet" },
  { code: "competences", label: "Mécénat de compétences", description: "Un savoir-faire apporté gracieusement" },
  { code: "financier", label: "Mécénat financier", description: "Une contribution en argent" },
  { code: "logistique", label: "Logistique", description: "Transport, matériel, stockage…" },
] as const satisfies readonly Option[];

export const BUDGET_CATEGORIES = [
  { code: "operating", label: "Fonctionnement" },
  { code: "participation", label: "Accompagnement et participation" },
  { code: "equipment", label: "Équipement, investissement et logistique" },
] as const satisfies readonly Option[];

export const COMMITMENTS = [
  { code: "convention", label: "Convention" },
  { code: "lettre-engagement", label: "Lettre d'engagement" },
] as const satisfies readonly Option[];

export const COOPERATIONS = [
  { code: "new", label: "Coopération nouvelle" },
  { code: "reinforced", label: "Coopération renforcée" },
  { code: "existing", label: "Coopération existante, sans renforcement" },
] as const satisfies readonly Option[];

/** The 11 official quartiers; `idobj` is the id in the Nantes Métropole open-data dataset. */
export const QUARTIERS = [
  { code: "centre-ville", idobj: 1, label: "Centre-ville" },
  { code: "bellevue-chantenay-sainte-anne", idobj: 2, label: "Bellevue - Chantenay - Sainte-Anne" },
  { code: "dervallieres-zola", idobj: 3, label: "Dervallières - Zola" },
  { code: "hauts-paves-saint-felix", idobj: 4, label: "Hauts-Pavés - Saint-Félix" },
  { code: "malakoff-saint-donatien", idobj: 5, label: "Malakoff - Saint-Donatien" },
  { code: "ile-de-nantes", idobj: 6, label: "Île de Nantes" },
  { code: "breil-barberie", idobj: 7, label: "Breil - Barberie" },
  { code: "nantes-nord", idobj: 8, label: "Nantes Nord" },
  { code: "nantes-erdre", idobj: 9, label: "Nantes Erdre" },
  { code: "doulon-bottiere", idobj: 10, label: "Doulon - Bottière" },
  { code: "nantes-sud", idobj: 11, label: "Nantes Sud" },
] as const satisfies readonly (Option & { idobj: number })[];

export type SectorCode = (typeof SECTORS)[number]["code"];
export type KindCode = (typeof KINDS)[number]["code"];
export type ResourceCode = (typeof RESOURCES)[number]["code"];
export type BudgetCategoryCode = (typeof BUDGET_CATEGORIES)[number]["code"];
export type CommitmentCode = (typeof COMMITMENTS)[number]["code"];
export type CooperationCode = (typeof COOPERATIONS)[number]["code"];
export type QuartierSlug = (typeof QUARTIERS)[number]["code"];

export const codesOf = <T extends readonly Option[]>(list: T) =>
  list.map((item) => item.code) as unknown as [T[number]["code"], ...T[number]["code"][]];

/** The French label of a code, or the code itself when unknown (never throws in a page). */
export function labelOf(list: readonly Option[], code: string): string {
  return list.find((item) => item.code === code)?.label ?? code;
}

export function isCode<T extends readonly Option[]>(list: T, value: unknown): value is T[number]["code"] {
  return typeof value === "string" && list.some((item) => item.code === value);
}

/** Derived from the call: companies outside the ESS and City bodies cannot receive the subsidy. */
export function mayReceiveSubsidy(kind: KindCode): boolean {
  return kind !== "entreprise" && kind !== "etablissement-public-ville";
}

/** Derived from the call: a public body of the City of Nantes cannot lead a groupement. */
export function mayLead(kind: KindCode): boolean {
  return kind !== "etablissement-public-ville";
}

const QUARTIER_RANK = new Map<string, number>(QUARTIERS.map((quartier, index) => [quartier.code, index]));

/** Quartiers in the taxonomy's order (DOMAIN.md's), the same on every list and card; unknown slugs last. */
export function inQuartierOrder<T>(items: readonly T[], slugOf: (item: T) => string): T[] {
  const rank = (item: T) => QUARTIER_RANK.get(slugOf(item)) ?? QUARTIERS.length;
  return [...items].sort((a, b) => rank(a) - rank(b));
}
