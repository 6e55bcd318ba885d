// Server only (.server): csv-parse needs Node's Buffer, and /ccas/population crashed in the browser with
// « Buffer is not defined » while it was in the page's bundle.
// Reading CSV: one parser (csv-parse) for the CCAS's uploads and the register imports, so that
// quotes, doubled quotes and line breaks inside quoted fields are read the same everywhere.
import { parse } from "csv-parse/sync";

export { CsvError } from "csv-parse/sync";

/** The options every CSV read shares: a byte-order mark dropped, rows of any length kept. */
export const CSV_OPTIONS = {
  bom: true,
  relax_column_count: true,
  skip_empty_lines: true,
} as const;

/**
 * The separator of a file from its first line: French spreadsheets and the RNA save with
 * semicolons, SIRENE and most tools with commas. Quoted text is not counted.
 */
export function detectDelimiter(firstLine: string): ";" | "," {
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  const count = (char: string) => unquoted.split(char).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

/**
 * The rows of a CSV text (header included), each cell trimmed; blank lines are skipped. Throws
 * csv-parse's CsvError on a quote left open.
 */
export function parseCsvText(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const rows = parse(body, {
    ...CSV_OPTIONS,
    delimiter: detectDelimiter(firstLine),
    trim: true,
    relax_quotes: true,
  }) as string[][];
  return rows.filter((row) => row.some((cell) => cell !== ""));
}
