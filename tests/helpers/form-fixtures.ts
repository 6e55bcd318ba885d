// Forms' values as a structure fills them in, for the schemas' tests.

/** A structure's form, the fewest fields it needs (as parsed values, not form text). */
export const ORGANISATION_FIELDS = {
  name: "Atlantique Conseil",
  shortDescription: "Une salle de réunion le samedi.",
  sector: "economique",
  kind: "entreprise",
  wholeCity: true,
};

/** An offer's form as a structure sends it (premises on Saturday mornings, Île de Nantes). */
export const OFFER_FORM = {
  resource: "locaux",
  title: "Salle du samedi matin",
  description: "Une salle de 40 m² au rez-de-chaussée, accessible en fauteuil.",
  availability: "Le samedi de 9 h à 12 h",
  slots: ["weekends"],
  capacity: "20 personnes",
  conditions: "free",
  quartier: "ile-de-nantes",
  latitude: "47.2045",
  longitude: "-1.5527",
};
