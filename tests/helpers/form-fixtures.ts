// Forms' values as a structure fills them in, for the schemas' tests.

/** A structure's form, the fewest fields it needs (as parsed values, not form text). */
export const ORGANISATION_FIELDS = {
  name: "Atlantique Conseil",
  shortDescription: "Une salle de réunion le samedi.",
  sector: "economique",
  kind: "entreprise",
  wholeCity: true,
};
