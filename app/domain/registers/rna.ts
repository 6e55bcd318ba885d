// The RNA's "Waldec" export (répertoire national des associations, ministère de l'Intérieur,
// data.gouv.fr): `;`-separated, historically ISO-8859-1 / Windows-1252, one association a row.
// Kept: associations whose seat is in Nantes (adrs_codeinsee 44109), in position A (active) and
// without a dissolution date, whose social object the table keeps.
import { isValidRna, isValidSiret, normaliseRna } from "../identifiers";
import { rnaActivity, type ActivityTable } from "./activity-tables";
import { cell, columnsOf, NANTES_INSEE, registerDay, type RowReader } from "./facts";

/** The columns of the Waldec export, in its published order. */
export const RNA_COLUMNS = [
  "id",
  "id_ex",
  "siret",
  "rup_mi",
  "gestion",
  "date_creat",
  "date_decla",
  "date_publi",
  "date_disso",
  "nature",
  "groupement",
  "titre",
  "titre_court",
  "objet",
  "objet_social1",
  "objet_social2",
  "adrs_complement",
  "adrs_numvoie",
  "adrs_repetition",
  "adrs_typevoie",
  "adrs_libvoie",
  "adrs_distrib",
  "adrs_codeinsee",
  "adrs_codepostal",
  "adrs_libcommune",
  "adrg_declarant",
  "adrg_complemid",
  "adrg_complemgeo",
  "adrg_libvoie",
  "adrg_distrib",
  "adrg_codepostal",
  "adrg_achemine",
  "adrg_pays",
  "dir_civilite",
  "siteweb",
  "publiweb",
  "observation",
  "position",
  "maj_time",
] as const;

/** The columns the import reads: a file without one of them is not a Waldec export. */
export const RNA_REQUIRED = [
  "id",
  "siret",
  "date_creat",
  "date_disso",
  "titre",
  "objet_social1",
  "objet_social2",
  "adrs_numvoie",
  "adrs_typevoie",
  "adrs_libvoie",
  "adrs_codeinsee",
  "adrs_codepostal",
  "adrs_libcommune",
  "position",
  "maj_time",
] as const;

/** A reader of a Waldec file's rows, or the columns its header lacks. */
export function createRnaReader(header: string[], table: ActivityTable): { missing: string[] } | { read: RowReader } {
  const { index, missing } = columnsOf(header, RNA_REQUIRED);
  if (missing.length) return { missing };
  const optional = columnsOf(header, ["adrs_complement", "adrs_repetition", "adrs_distrib"] as const).index;
  const width = header.length;
  const seen = new Set<string>();
  const read: RowReader = (cells) => {
    if (cells.length !== width) return { kind: "rejected", reason: "malformed", registerId: null };
    const get = (name: (typeof RNA_REQUIRED)[number]) => cell(cells[index[name]]);
    const getOptional = (name: keyof typeof optional) => (optional[name] < 0 ? "" : cell(cells[optional[name]]));
    const communeCode = get("adrs_codeinsee");
    if (communeCode !== NANTES_INSEE) return { kind: "rejected", reason: "outside-nantes", registerId: null };
    const rawId = normaliseRna(get("id"));
    const registerId = isValidRna(rawId) ? rawId : null;
    const position = get("position").toUpperCase();
    if (position === "D" || registerDay(get("date_disso"))) return { kind: "rejected", reason: "dissolved", registerId };
    if (position === "S") return { kind: "rejected", reason: "deleted", registerId };
    if (position !== "A") return { kind: "rejected", reason: "not-active", registerId };
    const activity = rnaActivity(table, get("objet_social1"), get("objet_social2"));
    if (activity.row && !activity.row.keep) return { kind: "rejected", reason: "activity-not-kept", registerId };
    if (!registerId) return { kind: "rejected", reason: "invalid-id", registerId: null };
    const name = get("titre");
    if (!name) return { kind: "rejected", reason: "no-name", registerId };
    if (seen.has(registerId)) return { kind: "rejected", reason: "duplicate", registerId };
    seen.add(registerId);
    const street = [[get("adrs_numvoie"), getOptional("adrs_repetition")].join(""), get("adrs_typevoie"), get("adrs_libvoie")]
      .filter(Boolean)
      .join(" ");
    const postalCode = get("adrs_codepostal") || null;
    const siret = get("siret").replace(/\s/g, "");
    return {
      kind: "kept",
      facts: {
        source: "rna",
        registerId,
        name,
        address: [
          getOptional("adrs_complement"),
          street,
          getOptional("adrs_distrib"),
          [postalCode, get("adrs_libcommune")].filter(Boolean).join(" "),
        ]
          .filter(Boolean)
          .join(", "),
        postalCode,
        communeCode,
        activityCode: activity.code,
        activityLabel: activity.row?.label ?? "",
        sector: activity.row?.sector ?? "associatif",
        kind: "association",
        subAxes: activity.row?.subAxes ?? [],
        siret: isValidSiret(siret) ? siret : null,
        latitude: null,
        longitude: null,
        quartier: null,
        irisCode: null,
        registeredOn: registerDay(get("date_creat")),
        registerUpdatedAt: registerDay(get("maj_time")),
      },
    };
  };
  return { read };
}
