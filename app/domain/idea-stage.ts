// Which stages a structure may give its own idea. A published idea is no « Brouillon » (that stage
// keeps an idea for its structure). « Candidature déposée » and « Lauréat » say
// something of the CCAS's call in public: they follow what the platform knows — the groupement
// formed from the idea marked its application as filed, the CCAS published a decision retaining
// it — and are never the structure's word alone (a probe made its idea « Lauréat » in one click).
import { IDEA_STAGES } from "./schemas/idea";

/**
 * What the platform knows of the idea: whether it is published, and of its groupement, if one was
 * formed from it.
 */
export type StageFacts = { published?: boolean; groupement: { submitted: boolean; retained: boolean } | null };

/** Why the structure may not give this stage to its idea now, or null when it may. */
export function stageRefusal(stage: string, facts: StageFacts): string | null {
  // « Brouillon » keeps an idea from going to the CCAS: a published idea at that stage said so in
  // public (both of its page's forms offered it).
  if (stage === "draft" && facts.published)
    return "« Brouillon » : une idée publiée ne redevient pas un brouillon. Pour qu'elle ne reçoive plus de propositions, choisissez « Archivé ».";
  if (stage === "applied" && !facts.groupement?.submitted)
    return facts.groupement
      ? "« Candidature déposée » : marquez d'abord le dossier comme déposé, sur la page du groupement formé à partir de cette idée."
      : "« Candidature déposée » : formez d'abord le groupement à partir de cette idée, puis marquez son dossier comme déposé sur sa page.";
  if (stage === "laureate" && !facts.groupement?.retained)
    return "« Lauréat » : seul le CCAS désigne les lauréats ; l'étape est possible une fois ses résultats publiés, si le groupement est retenu.";
  return null;
}

/** The stages to offer: those the structure may give, and the idea's own (kept as it is). */
export function stagesOffered(facts: StageFacts, current?: string) {
  return IDEA_STAGES.filter((stage) => stage.code === current || stageRefusal(stage.code, facts) === null);
}

/**
 * Why an idea at this stage receives no more proposals to join it, or null when it does. Archived,
 * it is over; once its application is filed (« Candidature déposée ») or retained (« Lauréat »),
 * its partners are the ones the CCAS has in hand (a probe was offered « Rejoindre ce projet » on a
 * laureate). The page says it in place of the form; createInterest refuses with it.
 */
export function proposalsClosed(stage: string): string | null {
  if (stage === "archived") return "Cette idée est archivée : elle ne reçoit plus de propositions de participation.";
  if (stage === "applied")
    return "La candidature de ce projet est déposée auprès du CCAS : il ne reçoit plus de propositions de participation.";
  if (stage === "laureate") return "Ce projet est lauréat de l'appel : il ne reçoit plus de propositions de participation.";
  return null;
}
