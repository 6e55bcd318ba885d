// The shape of the data exports (the CCAS's at /ccas/exports, the open data at /donnees): typed
// columns, each with its French header and its entry in the data dictionary, and how one value is
// written in a CSV for Excel and in JSON. A row is computed once per item (models/exports.server.ts)
// and written by both formats, so the CSV and the JSON of a file always say the same thing. Pure.
import { localDay } from "./format";

export type ColumnType = "text" | "integer" | "decimal" | "boolean" | "date" | "list";

/** What the data dictionary says of each type. */
export const COLUMN_TYPE_LABELS = {
  text: "Texte",
  integer: "Nombre entier",
  decimal: "Nombre décimal",
  boolean: "Oui / non",
  date: "Date",
  list: "Liste",
} as const satisfies Record<ColumnType, string>;

export type Column = {
  /** The JSON key. */
  key: string;
  /** The CSV header, in French. */
  header: string;
  type: ColumnType;
  /** One sentence for the data dictionary. */
  meaning: string;
  /** An example value, as the CSV writes it. */
  example: string;
};

/**
 * A cell: text, number, yes/no, a calendar day written `YYYY-MM-DD` (type `date`), a list of texts,
 * or null when the item has no value.
 */
export type CellValue = string | number | boolean | readonly string[] | null;
export type ExportRow = Record<string, CellValue>;

/** Items in a list cell of the CSV. A list is an array in the JSON. */
export const LIST_SEPARATOR = " | ";

/** The day of an instant (a publication, a creation) in Europe/Paris, as `YYYY-MM-DD`. */
export function dayOfInstant(date: Date | null): string | null {
  return date ? localDay(date) : null;
}

/** A calendar day stored at midnight UTC (an offer's end, an idea's start), as `YYYY-MM-DD`. */
export function dayOfCalendarDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/** `2026-11-30` → `30/11/2026`. */
export function frenchDay(isoDay: string): string {
  const [year, month, day] = isoDay.split("-");
  return `${day}/${month}/${year}`;
}

/**
 * A value as the CSV writer receives it: a number stays a number (the writer's `cast.number` puts a
 * decimal comma, and a negative number is not mistaken for a formula); everything else is a string,
 * or null for an empty cell.
 */
export function csvValue(column: Pick<Column, "type">, value: CellValue): string | number | null {
  if (value === null) return null;
  switch (column.type) {
    case "boolean":
      return value === true ? "oui" : "non";
    case "date":
      return typeof value === "string" ? frenchDay(value) : null;
    case "list":
      return Array.isArray(value) ? value.join(LIST_SEPARATOR) : String(value);
    case "integer":
    case "decimal":
      return typeof value === "number" ? value : Number(value);
    case "text":
      return String(value);
  }
}

/** A number as French Excel reads it: decimal comma, no thousands separator. */
export function csvNumber(value: number): string {
  return String(value).replace(".", ",");
}

/** The options of the CSV writer: what Excel in French opens without an import wizard. */
export const CSV_FORMAT = {
  /** Excel reads UTF-8 only after a byte order mark. */
  bom: true,
  /** French Excel's list separator. */
  delimiter: ";",
  /** CRLF, as RFC 4180 and Excel on Windows write it. */
  record_delimiter: "\r\n",
  /**
   * A text holding a line break is quoted, whatever the break: csv-stringify quotes only the
   * record delimiter itself (CRLF), and a paragraph typed in a form is stored with a bare LF —
   * unquoted, each paragraph began a new row.
   */
  quoted_match: /[\r\n]/,
  /**
   * A text starting with = + - @ (or a tab or carriage return) is written after an apostrophe, so
   * that Excel never runs someone's description as a formula (OWASP « CSV injection »). The JSON
   * keeps the text as it is.
   */
  escape_formulas: true,
} as const;

/** `cooperons-organisations-2026-11-30.csv`: the day of the export in Europe/Paris. */
export function exportFileName(base: string, extension: string, now: Date): string {
  return `cooperons-${base}-${localDay(now)}.${extension}`;
}
