// A population table uploaded by the CCAS: slug, population, source, year, and any extra
// indicator columns (a poverty rate, say), kept for later weighting.
import { CsvError, parseCsvText } from "./csv.server";
import { QUARTIERS } from "./taxonomy";

export type PopulationUploadRow = {
  slug: string;
  population: number;
  source: string;
  year: number;
  indicators: Record<string, string>;
};
export type PopulationUpload = { rows: PopulationUploadRow[]; errors: string[]; extraColumns: string[] };

const REQUIRED = ["slug", "population", "source", "year"] as const;

export function parsePopulationUpload(text: string): PopulationUpload {
  let lines: string[][];
  try {
    lines = parseCsvText(text);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      rows: [],
      errors: [`Le fichier n'est pas lisible : un guillemet n'est pas fermé (ligne ${error.lines}).`],
      extraColumns: [],
    };
  }
  const errors: string[] = [];
  if (lines.length === 0) return { rows: [], errors: ["Le fichier est vide."], extraColumns: [] };
  // French spreadsheets often save with semicolons: the parser tells them from commas.
  const header = lines[0]!.map((cell) => cell.toLowerCase());
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length)
    return {
      rows: [],
      errors: [`Colonnes manquantes : ${missing.join(", ")} (attendues : slug, population, source, year).`],
      extraColumns: [],
    };
  const extraColumns = header.filter((column) => !(REQUIRED as readonly string[]).includes(column));
  const rows: PopulationUploadRow[] = [];
  lines.slice(1).forEach((values, offset) => {
    const lineNumber = offset + 2;
    const get = (column: string) => values[header.indexOf(column)] ?? "";
    const slug = get("slug");
    const population = Number(get("population").replace(/\s/g, ""));
    const year = Number(get("year"));
    if (!QUARTIERS.some((quartier) => quartier.code === slug)) errors.push(`Ligne ${lineNumber} : quartier « ${slug} » inconnu.`);
    else if (rows.some((row) => row.slug === slug))
      errors.push(`Ligne ${lineNumber} : le quartier « ${slug} » apparaît deux fois.`);
    if (!Number.isInteger(population) || population <= 0)
      errors.push(`Ligne ${lineNumber} : la population doit être un nombre entier positif.`);
    if (!Number.isInteger(year) || year < 1900 || year > 2100)
      errors.push(`Ligne ${lineNumber} : l'année doit être comprise entre 1900 et 2100.`);
    if (!get("source")) errors.push(`Ligne ${lineNumber} : indiquez la source.`);
    rows.push({
      slug,
      population,
      source: get("source"),
      year,
      indicators: Object.fromEntries(extraColumns.map((column) => [column, get(column)])),
    });
  });
  const absent = QUARTIERS.filter((quartier) => !rows.some((row) => row.slug === quartier.code)).map((quartier) => quartier.code);
  if (absent.length) errors.push(`Il manque ${absent.length} quartier${absent.length > 1 ? "s" : ""} : ${absent.join(", ")}.`);
  return { rows, errors, extraColumns };
}
