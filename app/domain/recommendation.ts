// Partner recommendations: which organisations would make a project (an idea or a groupement)
// eligible and stronger, and why, in French sentences a volunteer understands. Pure: the pages,
// the API, the alerts, the command line and the tests all call recommendPartners. Reason codes,
// their conditions and the order are a contract (DOMAIN.md, "Partner recommendations"); the points
// are data of the call (RecommendationWeights), never written in the rules.
import { isEconomicWorld, MIN_DISTINCT_SECTORS, type RuleId } from "./eligibility";
import { labelOf, QUARTIERS, SECTORS, type KindCode, type QuartierSlug, type ResourceCode, type SectorCode } from "./taxonomy";

/** In the order reasons are listed: the one that fixes a failing eligibility rule comes first. */
export const REASON_CODES = [
  "fixes-sectors",
  "new-sector",
  "sought-sector",
  "offers-resource",
  "same-quartier",
  "whole-city",
  "same-sub-axis",
  "economic-world",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Points per reason, and how many distinct resources and shared sub-axes count at most. */
export type RecommendationWeights = {
  fixesSectors: number;
  newSector: number;
  soughtSector: number;
  offersResource: number;
  offersResourceMax: number;
  sameQuartier: number;
  wholeCity: number;
  sameSubAxis: number;
  sameSubAxisMax: number;
  economicWorld: number;
};

export type Territory = { wholeCity: boolean; quartiers: readonly QuartierSlug[] };

export type RecommendationProject = {
  members: readonly { id: string; sector: SectorCode; kind: KindCode }[];
  seekSectors: readonly SectorCode[];
  seekResources: readonly ResourceCode[];
  subAxes: readonly string[];
  territory: Territory;
};

export type RecommendationOffer = {
  resource: ResourceCode;
  /** Empty: where its organisation is active. */
  quartiers: readonly QuartierSlug[];
  /** "YYYY-MM-DD", last day included; null when it has no end date. */
  validUntil: string | null;
};

export type RecommendationCandidate = {
  id: string;
  name: string;
  sector: SectorCode;
  kind: KindCode;
  territory: Territory;
  subAxes: readonly string[];
  /** The resources its profile says it offers: offers with no end date, where it is active. */
  resources: readonly ResourceCode[];
  /** Its published resource offers. */
  offers: readonly RecommendationOffer[];
};

export type Reason = { code: ReasonCode; points: number; message: string };
export type Recommendation = { id: string; name: string; score: number; reasons: Reason[] };

export type RecommendationContext = {
  weights: RecommendationWeights;
  /** "YYYY-MM-DD" in Europe/Paris: an offer valid until today still counts. */
  today: string;
  /** Sub-axis code → title, to name a shared sub-axis in words. */
  subAxisTitles?: Readonly<Record<string, string>>;
};

/** The eligibility rule each reason would turn from fail to pass (the workspace shows it first). */
export const RULE_FIXED_BY_REASON: Readonly<Partial<Record<ReasonCode, RuleId>>> = { "fixes-sectors": "members.sectors" };

/** Among a candidate's reasons, the one that would turn one of the failing rules to pass. */
export function reasonFixingRule(reasons: readonly Reason[], failingRules: readonly RuleId[]): Reason | undefined {
  return reasons.find((reason) => {
    const rule = RULE_FIXED_BY_REASON[reason.code];
    return rule !== undefined && failingRules.includes(rule);
  });
}

const RESOURCE_WORDS: Record<ResourceCode, string> = {
  locaux: "des locaux",
  salaries: "des salariés mis à disposition",
  competences: "du mécénat de compétences",
  financier: "du mécénat financier",
  logistique: "de la logistique",
};

/** "à Nantes Nord", "sur l'Île de Nantes": how French says "in" before each quartier's name. */
const QUARTIER_PREPOSITIONS: Record<QuartierSlug, string> = {
  "centre-ville": "au ",
  "bellevue-chantenay-sainte-anne": "à ",
  "dervallieres-zola": "aux ",
  "hauts-paves-saint-felix": "aux ",
  "malakoff-saint-donatien": "à ",
  "ile-de-nantes": "sur l'",
  "breil-barberie": "au ",
  "nantes-nord": "à ",
  "nantes-erdre": "à ",
  "doulon-bottiere": "à ",
  "nantes-sud": "à ",
};

const inQuartier = (slug: QuartierSlug) => `${QUARTIER_PREPOSITIONS[slug]}${labelOf(QUARTIERS, slug)}`;

/** "à Nantes Nord et à Nantes Sud"; beyond three, the rest counted. Quartiers in the official order. */
function inQuartiers(slugs: ReadonlySet<QuartierSlug>): string {
  const places = QUARTIERS.filter((quartier) => slugs.has(quartier.code)).map((quartier) => inQuartier(quartier.code));
  const shown = places.length > 3 ? [...places.slice(0, 2), `dans ${places.length - 2} autres quartiers`] : places;
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} et ${shown.at(-1)}`;
}

const sectorWord = (sector: SectorCode) => {
  const label = labelOf(SECTORS, sector);
  return label.charAt(0).toLowerCase() + label.slice(1);
};

const ordinal = (rank: number) => (rank === 1 ? "1er" : `${rank}ᵉ`);

const unique = <T>(values: readonly T[]) => [...new Set(values)];

/** Where an offer is: its quartiers, or where its organisation is active when it names none. */
function placeOf(offer: Pick<RecommendationOffer, "quartiers">, candidate: RecommendationCandidate): Territory {
  return offer.quartiers.length > 0 ? { wholeCity: false, quartiers: offer.quartiers } : candidate.territory;
}

/** Two territories meet when either is the whole city or they share a quartier. */
function meets(project: PreparedProject, place: Territory): boolean {
  return project.wholeCity || place.wholeCity || place.quartiers.some((quartier) => project.quartiers.has(quartier));
}

type PreparedProject = {
  memberIds: ReadonlySet<string>;
  sectors: ReadonlySet<SectorCode>;
  seekSectors: ReadonlySet<SectorCode>;
  seekResources: readonly ResourceCode[];
  subAxes: readonly string[];
  wholeCity: boolean;
  quartiers: ReadonlySet<QuartierSlug>;
  hasEconomicWorld: boolean;
};

function prepare(project: RecommendationProject): PreparedProject {
  return {
    memberIds: new Set(project.members.map((member) => member.id)),
    sectors: new Set(project.members.map((member) => member.sector)),
    seekSectors: new Set(project.seekSectors),
    seekResources: unique(project.seekResources),
    subAxes: unique(project.subAxes),
    wholeCity: project.territory.wholeCity,
    quartiers: new Set(project.territory.quartiers),
    hasEconomicWorld: project.members.some(isEconomicWorld),
  };
}

/** "Propose des locaux à Nantes Nord": the places of the offers that meet the project, in its terms. */
function resourceMessage(resource: ResourceCode, places: readonly Territory[], project: PreparedProject): string {
  const what = `Propose ${RESOURCE_WORDS[resource]}`;
  const anyWholeCity = places.some((place) => place.wholeCity);
  const local = new Set(
    places
      .filter((place) => !place.wholeCity)
      .flatMap((place) => (project.wholeCity ? place.quartiers : place.quartiers.filter((q) => project.quartiers.has(q)))),
  );
  // Within the project's quartiers, the precise place says more than "the whole city".
  if (local.size > 0 && !(project.wholeCity && anyWholeCity)) return `${what} ${inQuartiers(local)}`;
  if (anyWholeCity) return `${what} dans toute la ville`;
  // A whole-city project meets an offer whose organisation names no quartier: no place to say.
  return what;
}

/** Every reason the candidate gets, in REASON_CODES order; a reason worth 0 points is not given. */
function reasonsFor(project: PreparedProject, candidate: RecommendationCandidate, context: RecommendationContext): Reason[] {
  const { weights } = context;
  const reasons: Reason[] = [];
  const add = (code: ReasonCode, points: number, message: string) => {
    if (points > 0) reasons.push({ code, points, message });
  };

  if (!project.sectors.has(candidate.sector)) {
    const rank = project.sectors.size + 1;
    const sector = sectorWord(candidate.sector);
    if (project.sectors.size < MIN_DISTINCT_SECTORS) {
      add(
        "fixes-sectors",
        weights.fixesSectors,
        rank >= MIN_DISTINCT_SECTORS
          ? `Ajouterait un ${ordinal(rank)} secteur (${sector}) : la règle des secteurs serait respectée`
          : `Apporterait un ${ordinal(rank)} secteur (${sector}) : l'appel en demande au moins ${MIN_DISTINCT_SECTORS}`,
      );
    } else {
      add(
        "new-sector",
        weights.newSector,
        `Ajouterait un ${ordinal(rank)} secteur (${sector}) : une coopération plus large, que l'appel apprécie`,
      );
    }
  }

  if (project.seekSectors.has(candidate.sector)) {
    add("sought-sector", weights.soughtSector, `Vient du secteur que vous recherchez : ${sectorWord(candidate.sector)}`);
  }

  let resourcesCounted = 0;
  for (const resource of project.seekResources) {
    if (resourcesCounted >= weights.offersResourceMax) break;
    const places = [
      ...candidate.resources.filter((offered) => offered === resource).map(() => candidate.territory),
      ...candidate.offers
        .filter((offer) => offer.resource === resource && (offer.validUntil === null || offer.validUntil >= context.today))
        .map((offer) => placeOf(offer, candidate)),
    ].filter((place) => meets(project, place));
    if (places.length === 0) continue;
    resourcesCounted += 1;
    add("offers-resource", weights.offersResource, resourceMessage(resource, places, project));
  }

  if (!project.wholeCity && !candidate.territory.wholeCity) {
    const shared = new Set(candidate.territory.quartiers.filter((quartier) => project.quartiers.has(quartier)));
    if (shared.size > 0) add("same-quartier", weights.sameQuartier, `Agit ${inQuartiers(shared)}, comme votre projet`);
  }

  if (candidate.territory.wholeCity) add("whole-city", weights.wholeCity, "Agit dans toute la ville de Nantes");

  const candidateSubAxes = new Set(candidate.subAxes);
  const shared = project.subAxes.filter((code) => candidateSubAxes.has(code)).slice(0, weights.sameSubAxisMax);
  for (const code of shared) {
    const title = context.subAxisTitles?.[code];
    add("same-sub-axis", weights.sameSubAxis, `Agit aussi sur le sous-axe ${code}${title ? ` : ${title}` : ""}`);
  }

  if (!project.hasEconomicWorld && isEconomicWorld(candidate)) {
    add(
      "economic-world",
      weights.economicWorld,
      "Vient du monde économique (entreprise, ESS, syndic…), qu'aucun de vos membres ne représente : l'appel y porte une attention particulière",
    );
  }
  return reasons;
}

const nameCollator = new Intl.Collator("fr", { sensitivity: "base" });

/** Score descending; then name (French collation, case and accents ignored); then id. */
export function compareRecommendations(a: Recommendation, b: Recommendation): number {
  return b.score - a.score || nameCollator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The candidates worth suggesting to the project, best first, each with its score (the sum of its
 * reasons' points) and its reasons. The project's own members and candidates with no reason are
 * left out.
 */
export function recommendPartners(
  project: RecommendationProject,
  candidates: readonly RecommendationCandidate[],
  context: RecommendationContext,
): Recommendation[] {
  const prepared = prepare(project);
  const recommendations: Recommendation[] = [];
  for (const candidate of candidates) {
    if (prepared.memberIds.has(candidate.id)) continue;
    const reasons = reasonsFor(prepared, candidate, context);
    if (reasons.length === 0) continue;
    const score = reasons.reduce((sum, reason) => sum + reason.points, 0);
    recommendations.push({ id: candidate.id, name: candidate.name, score, reasons });
  }
  return recommendations.sort(compareRecommendations);
}
