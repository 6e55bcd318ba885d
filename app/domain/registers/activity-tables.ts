// The tables that say which register activities the platform keeps and what they become: the RNA's
// social-object codes and SIRENE's NAF codes → sector, kind and sub-axes. They are data, kept in
// prisma/data/registers/*.csv for the CCAS to review (see the README there); this module reads
// and checks them.
import { parseCsvText } from "../csv.server";
import { isCode, KINDS, SECTORS } from "../taxonomy";

export type ActivityRow = {
  code: string;
  label: string;
  keep: boolean;
  sector: string;
  kind: string;
  subAxes: string[];
};
export type ActivityTable = ReadonlyMap<string, ActivityRow>;

export const ACTIVITY_TABLE_COLUMNS = ["code", "libelle", "garder", "secteur", "nature", "sous_axes", "commentaire"] as const;

/** A table's rows by code, and what is wrong with it (line by line, in French). */
export function parseActivityTable(text: string): { table: ActivityTable; errors: string[] } {
  const [header = [], ...rows] = parseCsvText(text);
  const errors: string[] = [];
  const missing = ACTIVITY_TABLE_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) return { table: new Map(), errors: [`Colonnes manquantes : ${missing.join(", ")}.`] };
  const table = new Map<string, ActivityRow>();
  rows.forEach((cells, index) => {
    const line = index + 2;
    const get = (column: (typeof ACTIVITY_TABLE_COLUMNS)[number]) => cells[header.indexOf(column)] ?? "";
    const row: ActivityRow = {
      code: get("code"),
      label: get("libelle"),
      keep: get("garder").toLowerCase() === "oui",
      sector: get("secteur"),
      kind: get("nature"),
      subAxes: get("sous_axes").split(/\s+/).filter(Boolean),
    };
    if (!row.code) errors.push(`Ligne ${line} : le code est vide.`);
    else if (table.has(row.code)) errors.push(`Ligne ${line} : le code ${row.code} apparaît deux fois.`);
    if (!["oui", "non"].includes(get("garder").toLowerCase())) errors.push(`Ligne ${line} : garder vaut « oui » ou « non ».`);
    if (!isCode(SECTORS, row.sector)) errors.push(`Ligne ${line} : secteur « ${row.sector} » inconnu.`);
    if (!isCode(KINDS, row.kind)) errors.push(`Ligne ${line} : nature « ${row.kind} » inconnue.`);
    for (const code of row.subAxes) {
      if (!/^\d+\.\d+$/.test(code)) errors.push(`Ligne ${line} : sous-axe « ${code} » mal écrit (comme 2.1).`);
    }
    if (row.code) table.set(row.code, row);
  });
  return { table, errors };
}

/** The theme of a Waldec social-object code: its first three digits then 000 (019004 → 019000). */
export const rnaTheme = (code: string) => `${code.slice(0, 3)}000`;

/** The RNA's "miscellaneous" theme: the second social object says more when there is one. */
const RNA_MISCELLANEOUS = "050000";

/**
 * The row of an association's social objects: the first one's exact code, else its theme; the
 * second one instead when the first is missing or miscellaneous. Null when the table has neither.
 */
export function rnaActivity(table: ActivityTable, first: string, second: string): { code: string; row: ActivityRow | null } {
  const valid = (code: string) => /^\d{6}$/.test(code) && code !== "000000";
  const candidates = [first, second].filter(valid);
  const preferred = candidates.find((code) => rnaTheme(code) !== RNA_MISCELLANEOUS) ?? candidates[0];
  if (!preferred) return { code: "", row: null };
  return { code: preferred, row: table.get(preferred) ?? table.get(rnaTheme(preferred)) ?? null };
}

/** A NAF code as SIRENE writes it (86.21Z); some files drop the dot (8621Z). */
export function normaliseNaf(code: string): string {
  const compact = code.trim().toUpperCase().replace(".", "");
  return /^\d{4}[A-Z]$/.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : code.trim().toUpperCase();
}
