// Reads the reference population table (shared/data/geo/quartiers-population-2018.csv).
export type PopulationRow = {
  idobj: number;
  officialName: string;
  usualName: string;
  irisCount: number;
  population: number;
  areaKm2: number;
};

const HEADER = "idobj,nom_source,nom_usuel,n_iris,pop_2018_sum_iris,area_km2_approx";

export function parsePopulationCsv(text: string): PopulationRow[] {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  if (lines[0]?.trim() !== HEADER) throw new Error(`Unexpected population CSV header, expected "${HEADER}"`);
  return lines.slice(1).map((line, index) => {
    const cells = line.split(",");
    const [idobj, officialName, usualName, irisCount, population, areaKm2] = cells;
    const numbers = [idobj, irisCount, population, areaKm2].map(Number);
    if (cells.length !== 6 || numbers.some((value) => !Number.isFinite(value)) || !officialName || !usualName) {
      throw new Error(`Population CSV line ${index + 2} is malformed: ${line}`);
    }
    return {
      idobj: numbers[0]!,
      officialName,
      usualName,
      irisCount: numbers[1]!,
      population: numbers[2]!,
      areaKm2: numbers[3]!,
    };
  });
}

/**
 * The source of the population figures the seed gives each quartier: reference figures, summed
 * from the IRIS, until the CCAS uploads INSEE's own table (/ccas/population) with its source.
 */
export const REFERENCE_POPULATION_SOURCE =
  "Recensement INSEE 2018, somme des populations des IRIS de chaque quartier (chiffres de référence approximatifs)";
