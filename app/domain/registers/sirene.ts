// SIRENE's stock of establishments (Insee, StockEtablissement): `,`-separated UTF-8, one
// establishment a row, tens of millions of rows. Kept: establishments of Nantes
// (codeCommuneEtablissement 44109) that are public (statutDiffusionEtablissement O: never an
// individual entrepreneur who refused publication), active (etatAdministratifEtablissement A),
// and whose NAF code the table keeps.
import { isValidSiret } from "../identifiers";
import { normaliseNaf, type ActivityTable } from "./activity-tables";
import { cell, columnsOf, NANTES_INSEE, registerDay, type RowReader } from "./facts";
import { lambert93ToWgs84, type Locator } from "./lambert";

/** The columns of StockEtablissement, in Insee's order (files from 2025 add the NAF 2025 code at the end). */
export const SIRENE_COLUMNS = [
  "siren",
  "nic",
  "siret",
  "statutDiffusionEtablissement",
  "dateCreationEtablissement",
  "trancheEffectifsEtablissement",
  "anneeEffectifsEtablissement",
  "activitePrincipaleRegistreMetiersEtablissement",
  "dateDernierTraitementEtablissement",
  "etablissementSiege",
  "nombrePeriodesEtablissement",
  "complementAdresseEtablissement",
  "numeroVoieEtablissement",
  "indiceRepetitionEtablissement",
  "dernierNumeroVoieEtablissement",
  "indiceRepetitionDernierNumeroVoieEtablissement",
  "typeVoieEtablissement",
  "libelleVoieEtablissement",
  "codePostalEtablissement",
  "libelleCommuneEtablissement",
  "libelleCommuneEtrangerEtablissement",
  "distributionSpecialeEtablissement",
  "codeCommuneEtablissement",
  "codeCedexEtablissement",
  "libelleCedexEtablissement",
  "codePaysEtrangerEtablissement",
  "libellePaysEtrangerEtablissement",
  "identifiantAdresseEtablissement",
  "coordonneeLambertAbscisseEtablissement",
  "coordonneeLambertOrdonneeEtablissement",
  "complementAdresse2Etablissement",
  "numeroVoie2Etablissement",
  "indiceRepetition2Etablissement",
  "typeVoie2Etablissement",
  "libelleVoie2Etablissement",
  "codePostal2Etablissement",
  "libelleCommune2Etablissement",
  "libelleCommuneEtranger2Etablissement",
  "distributionSpeciale2Etablissement",
  "codeCommune2Etablissement",
  "codeCedex2Etablissement",
  "libelleCedex2Etablissement",
  "codePaysEtranger2Etablissement",
  "libellePaysEtranger2Etablissement",
  "dateDebut",
  "etatAdministratifEtablissement",
  "enseigne1Etablissement",
  "enseigne2Etablissement",
  "enseigne3Etablissement",
  "denominationUsuelleEtablissement",
  "activitePrincipaleEtablissement",
  "nomenclatureActivitePrincipaleEtablissement",
  "caractereEmployeurEtablissement",
] as const;

/** The columns the import reads: a file without one of them is not a StockEtablissement. */
export const SIRENE_REQUIRED = [
  "siret",
  "statutDiffusionEtablissement",
  "dateCreationEtablissement",
  "dateDernierTraitementEtablissement",
  "complementAdresseEtablissement",
  "numeroVoieEtablissement",
  "indiceRepetitionEtablissement",
  "typeVoieEtablissement",
  "libelleVoieEtablissement",
  "codePostalEtablissement",
  "libelleCommuneEtablissement",
  "codeCommuneEtablissement",
  "coordonneeLambertAbscisseEtablissement",
  "coordonneeLambertOrdonneeEtablissement",
  "etatAdministratifEtablissement",
  "enseigne1Etablissement",
  "denominationUsuelleEtablissement",
  "activitePrincipaleEtablissement",
] as const;

/** A coordinate as SIRENE writes it ("355123.4", sometimes with a comma), or NaN. */
const coordinate = (value: string) => (value ? Number(value.replace(",", ".")) : Number.NaN);

/** A reader of a StockEtablissement file's rows, or the columns its header lacks. */
export function createSireneReader(
  header: string[],
  table: ActivityTable,
  locate: Locator,
): { missing: string[] } | { read: RowReader } {
  const { index, missing } = columnsOf(header, SIRENE_REQUIRED);
  if (missing.length) return { missing };
  const width = header.length;
  const seen = new Set<string>();
  const read: RowReader = (cells) => {
    if (cells.length !== width) return { kind: "rejected", reason: "malformed", registerId: null };
    const get = (name: (typeof SIRENE_REQUIRED)[number]) => cell(cells[index[name]]);
    // Most of the country's rows stop here: one comparison, no other cell read.
    if (cells[index.codeCommuneEtablissement] !== NANTES_INSEE)
      return { kind: "rejected", reason: "outside-nantes", registerId: null };
    const siret = get("siret");
    const registerId = isValidSiret(siret) ? siret : null;
    if (get("statutDiffusionEtablissement") !== "O") return { kind: "rejected", reason: "not-diffusible", registerId };
    if (get("etatAdministratifEtablissement") !== "A") return { kind: "rejected", reason: "closed", registerId };
    const naf = normaliseNaf(get("activitePrincipaleEtablissement"));
    const activity = table.get(naf);
    if (!activity?.keep) return { kind: "rejected", reason: "activity-not-kept", registerId };
    if (!registerId) return { kind: "rejected", reason: "invalid-id", registerId: null };
    const name = get("enseigne1Etablissement") || get("denominationUsuelleEtablissement");
    if (!name) return { kind: "rejected", reason: "no-name", registerId };
    if (seen.has(registerId)) return { kind: "rejected", reason: "duplicate", registerId };
    seen.add(registerId);
    const point = lambert93ToWgs84(
      coordinate(get("coordonneeLambertAbscisseEtablissement")),
      coordinate(get("coordonneeLambertOrdonneeEtablissement")),
    );
    const place = point ? locate(point) : { quartier: null, iris: null };
    const street = [
      [get("numeroVoieEtablissement"), get("indiceRepetitionEtablissement")].join(""),
      get("typeVoieEtablissement"),
      get("libelleVoieEtablissement"),
    ]
      .filter(Boolean)
      .join(" ");
    const postalCode = get("codePostalEtablissement") || null;
    return {
      kind: "kept",
      facts: {
        source: "sirene",
        registerId,
        name,
        address: [
          get("complementAdresseEtablissement"),
          street,
          [postalCode, get("libelleCommuneEtablissement")].filter(Boolean).join(" "),
        ]
          .filter(Boolean)
          .join(", "),
        postalCode,
        communeCode: NANTES_INSEE,
        activityCode: naf,
        activityLabel: activity.label,
        sector: activity.sector,
        kind: activity.kind,
        subAxes: activity.subAxes,
        siret: registerId,
        latitude: point?.lat ?? null,
        longitude: point?.lng ?? null,
        quartier: place.quartier,
        irisCode: place.iris,
        registeredOn: registerDay(get("dateCreationEtablissement")),
        registerUpdatedAt: registerDay(get("dateDernierTraitementEtablissement")),
      },
    };
  };
  return { read };
}
