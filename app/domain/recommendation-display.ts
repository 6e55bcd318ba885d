// How a suggested partner's reasons are shown: a short badge for each, and the order they come in.
// Pure: the idea's page, the groupement's workspace and « Idées qui vous cherchent » call it.
import type { RuleId } from "./eligibility";
import { reasonFixingRule, type Reason, type ReasonCode } from "./recommendation";
import { labelOf, SECTORS, type SectorCode } from "./taxonomy";

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const BADGES: Record<Exclude<ReasonCode, "fixes-sectors" | "new-sector">, string> = {
  "sought-sector": "Secteur recherché",
  "offers-resource": "Ressource recherchée",
  "same-quartier": "Même quartier",
  "whole-city": "Toute la ville",
  "same-sub-axis": "Même sous-axe",
  "economic-world": "Monde économique",
};

/**
 * The badges of a candidate's reasons, each once, in the reasons' order: « 2ᵉ secteur : santé »
 * for the sector that would turn the sectors rule to pass, « Nouveau secteur : santé » beyond it.
 */
export function reasonBadges(reasons: readonly Reason[], candidate: { sector: SectorCode }, memberSectors: number): string[] {
  const sector = lowerFirst(labelOf(SECTORS, candidate.sector));
  const rank = memberSectors + 1;
  const badges = reasons.map((reason) => {
    if (reason.code === "fixes-sectors") return `${rank === 1 ? "1er" : `${rank}ᵉ`} secteur : ${sector}`;
    if (reason.code === "new-sector") return `Nouveau secteur : ${sector}`;
    return BADGES[reason.code];
  });
  return [...new Set(badges)];
}

/** The reasons with the one that would turn a failing eligibility rule to pass first. */
export function reasonsInOrder(reasons: readonly Reason[], failingRules: readonly RuleId[] = []): Reason[] {
  const fixing = reasonFixingRule(reasons, failingRules);
  return fixing ? [fixing, ...reasons.filter((reason) => reason !== fixing)] : [...reasons];
}
