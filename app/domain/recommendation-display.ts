// How a suggested partner's reasons are shown: a short badge for each, and the order they come in.
// Pure: the idea's page, the groupement's workspace and « Idées qui vous cherchent » call it.
import { lowerFirst } from "./format";
import type { RuleId } from "./eligibility";
import { reasonFixingRule, type Reason, type ReasonCode } from "./recommendation";
import { labelOf, SECTORS, type SectorCode } from "./taxonomy";

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

/** A sentence's first letter in upper case. */
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The reasons told to the suggested partner itself (an alert mail): the engine's sentences speak
 * to the project (« comme votre projet », « le secteur que vous recherchez »); these say the same
 * from the partner's side.
 */
export function reasonsForPartner(reasons: readonly Reason[], candidate: { sector: SectorCode }): string[] {
  const sector = lowerFirst(labelOf(SECTORS, candidate.sector));
  const sentences = reasons.map((reason) => {
    switch (reason.code) {
      case "fixes-sectors":
        return `Votre secteur (${sector}) lui manque : l'appel demande des partenaires d'au moins deux secteurs.`;
      case "new-sector":
        return `Votre secteur (${sector}) élargirait sa coopération, ce que l'appel apprécie.`;
      case "sought-sector":
        return `Elle cherche des partenaires de votre secteur (${sector}).`;
      case "offers-resource":
        // « Propose des locaux à Nantes Nord »: what the project looks for.
        return `${reason.message.replace(/^Propose /, "Vous proposez ")}, ce qu'elle recherche.`;
      case "same-quartier":
        // « Agit à Nantes Nord, comme votre projet »
        return `${reason.message.replace(/^Agit /, "Vous agissez ").replace(/, comme votre projet$/, "")}, comme elle.`;
      case "whole-city":
        return "Vous agissez dans toute la ville de Nantes.";
      case "same-sub-axis":
        return `${reason.message.replace(/^Agit aussi /, "Vous agissez aussi ")}, comme elle.`;
      case "economic-world":
        return "Vous venez du monde économique, qu'aucun de ses membres ne représente : l'appel y porte une attention particulière.";
    }
  });
  return [...new Set(sentences.map(upperFirst))];
}
