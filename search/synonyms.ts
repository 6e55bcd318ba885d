// Domain synonyms, kept as data: the words people type for the same thing.
export const SYNONYMS: string[][] = [
  ["ccas", "centre communal d'action sociale"],
  ["asso", "association"],
  ["bailleur", "logement social", "bailleur social", "hlm"],
  ["local", "locaux", "salle", "lieu"],
  ["mecenat de competences", "competences", "benevolat de competences"],
  ["salaries", "personnel", "temps salarie"],
  ["isolement", "solitude", "repli"],
  ["precarite", "pauvrete"],
  ["personnes agees", "seniors", "aines"],
  ["soir", "soiree", "nuit"],
  ["week-end", "weekend", "samedi", "dimanche"],
  ["pharmacie", "officine"],
  ["ess", "economie sociale et solidaire"],
];
