// Why an import sets a row of a register file aside. The codes are a contract: the commands'
// `--json` summary and the CCAS's page count rows by them. Checked in this order, the first that
// applies is the row's reason.
export const REJECTION_REASONS = [
  { code: "malformed", label: "Ligne illisible (nombre de colonnes différent de l'en-tête)" },
  { code: "outside-nantes", label: "Hors de Nantes (code commune INSEE différent de 44109)" },
  { code: "not-diffusible", label: "Non diffusible (statutDiffusionEtablissement différent de O)" },
  { code: "dissolved", label: "Association dissoute (position D ou date de dissolution)" },
  { code: "deleted", label: "Association supprimée du répertoire (position S)" },
  { code: "not-active", label: "Position inconnue du répertoire (ni A, ni D, ni S)" },
  { code: "closed", label: "Établissement fermé (etatAdministratifEtablissement F)" },
  { code: "activity-not-kept", label: "Activité hors de la table des activités retenues" },
  { code: "invalid-id", label: "Identifiant invalide (numéro RNA ou SIRET)" },
  { code: "no-name", label: "Sans nom (ni titre, ni enseigne, ni dénomination usuelle)" },
  { code: "duplicate", label: "Identifiant déjà lu plus haut dans le même fichier" },
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number]["code"];

/** Rows whose structure the register says has ended: an entry imported earlier is closed. */
export const ENDING_REASONS: readonly RejectionReason[] = ["dissolved", "deleted", "not-active", "closed"];
