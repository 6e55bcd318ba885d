// The words people type, kept as data. Meilisearch normalises case and accents on both sides, so
// words are written as French is written.
import type { KindCode, ResourceCode, SectorCode } from "../app/domain/taxonomy";

/** Words that mean the same thing here: a query with any of them also finds the others. */
export const SYNONYMS: string[][] = [
  ["ccas", "centre communal d'action sociale"],
  ["asso", "association"],
  ["bailleur", "logement social", "bailleur social", "hlm"],
  ["local", "locaux", "salle", "lieu"],
  ["mécénat de compétences", "compétences", "bénévolat de compétences"],
  ["salariés", "personnel", "temps salarié"],
  ["bénévole", "bénévoles", "bénévolat", "volontaire", "volontaires"],
  ["isolement", "solitude", "repli", "isolé", "isolée", "isolés", "isolées"],
  ["précarité", "pauvreté", "précaires"],
  ["personnes âgées", "seniors", "aînés", "âgés", "âgées", "retraités"],
  ["soir", "soirée", "nuit"],
  ["week-end", "weekend", "samedi", "dimanche"],
  ["pharmacie", "officine"],
  ["ess", "économie sociale et solidaire"],
  ["emploi", "travail"],
  ["culture", "culturel", "culturelle"],
  ["numérique", "informatique", "ordinateur", "internet", "tablette"],
  ["épicerie", "épicerie solidaire", "aide alimentaire", "courses"],
  ["jardin", "potager", "jardinage"],
  ["transport", "véhicule", "camionnette", "utilitaire"],
];

/**
 * Narrower words that lead to a broader one, and not back: « infirmier » finds the health sector,
 * but « santé » does not bring every text that mentions a pharmacy before the health structures.
 */
export const BROADER: Record<string, string[]> = {
  soins: ["santé"],
  soin: ["santé"],
  infirmier: ["santé"],
  infirmière: ["santé"],
  médecin: ["santé"],
  docteur: ["santé"],
  médical: ["santé"],
  pharmacie: ["santé"],
  pharmacien: ["santé"],
  hôpital: ["santé"],
  logement: ["habitat"],
  bailleur: ["habitat"],
  hlm: ["habitat"],
  insertion: ["emploi", "formation"],
  formation: ["emploi"],
  bibliothèque: ["culture"],
  médiathèque: ["culture"],
  musée: ["culture"],
  théâtre: ["culture"],
  // A meal is cooked and shared: the kitchens and the food aid, not the repair shops it is one typo from.
  repas: ["cuisine", "aide alimentaire"],
};

/**
 * Words found as typed, never through a typo: each is one letter from another word of the site
 * (« repas » found « réparation », the probe saw a repair service answer a search for meals).
 */
export const EXACT_WORDS = ["repas"];

/**
 * Words that carry no meaning in a query here: French articles and prepositions, and « partenaire »,
 * since everything on the site is about partners (« partenaire santé » means « santé »).
 */
export const STOP_WORDS = [
  "le",
  "la",
  "les",
  "l",
  "de",
  "du",
  "des",
  "d",
  "un",
  "une",
  "et",
  "à",
  "au",
  "aux",
  "en",
  "pour",
  "par",
  "sur",
  "avec",
  "chez",
  "dans",
  "partenaire",
  "partenaires",
];

/**
 * The words that name each code, indexed with its label so that a person who types them finds the
 * items carrying the code (the database fallback, which has no synonyms, finds them too).
 */
export const SECTOR_WORDS: Record<SectorCode, string[]> = {
  associatif: ["association"],
  economique: ["entreprise", "commerce", "commerçant"],
  habitat: ["logement", "bailleur", "HLM", "syndic", "copropriété"],
  "emploi-formation": ["emploi", "formation", "insertion"],
  sante: ["santé", "soins", "médecin", "infirmier", "infirmière", "pharmacie", "centre de santé"],
  academique: ["université", "recherche", "étudiants", "école"],
  culturel: ["culture", "bibliothèque", "médiathèque", "théâtre", "musée", "spectacle"],
};

export const KIND_WORDS: Record<KindCode, string[]> = {
  association: [],
  ess: ["économie sociale et solidaire", "coopérative", "SCIC", "SCOP"],
  entreprise: ["société", "commerce"],
  fondation: [],
  "bailleur-social": ["HLM", "logement social"],
  "bailleur-prive": ["propriétaire"],
  syndic: ["copropriété"],
  "etablissement-public-ville": ["service public", "mairie"],
  "autre-public": ["service public"],
  autre: [],
};

export const RESOURCE_WORDS: Record<ResourceCode, string[]> = {
  locaux: ["local", "salle", "espace"],
  salaries: ["salariés", "personnel"],
  competences: ["compétences", "savoir-faire"],
  financier: ["financement", "don"],
  logistique: ["transport", "matériel", "stockage", "véhicule"],
};
