// What an import keeps of a register row, whichever the register: the facts of one structure.
import type { RejectionReason } from "./reasons";

export type RegisterSource = "rna" | "sirene";
export const REGISTER_SOURCES: readonly RegisterSource[] = ["rna", "sirene"];
export const REGISTER_LABELS: Record<RegisterSource, string> = {
  rna: "Répertoire national des associations (RNA)",
  sirene: "Répertoire SIRENE des établissements (Insee)",
};

/** INSEE code of the commune of Nantes: the only one kept. */
export const NANTES_INSEE = "44109";

export type RegisterFacts = {
  source: RegisterSource;
  registerId: string;
  name: string;
  address: string;
  postalCode: string | null;
  communeCode: string;
  activityCode: string;
  activityLabel: string;
  sector: string;
  kind: string;
  subAxes: string[];
  siret: string | null;
  latitude: number | null;
  longitude: number | null;
  quartier: string | null;
  irisCode: string | null;
  registeredOn: Date | null;
  registerUpdatedAt: Date | null;
};

/** A row kept (its facts), or set aside for a reason; `registerId` names it when the file does. */
export type RowOutcome =
  { kind: "kept"; facts: RegisterFacts } | { kind: "rejected"; reason: RejectionReason; registerId: string | null };

/** A reader of one file's rows, built from its header; it remembers the identifiers it has seen. */
export type RowReader = (cells: string[]) => RowOutcome;

/** A register's cell without its placeholders: empty, "null", or SIRENE's "[ND]" (not diffusible). */
export function cell(value: string | undefined): string {
  const text = (value ?? "").trim();
  return text === "[ND]" || text.toLowerCase() === "null" ? "" : text;
}

/** The day of a register date (2024-03-05, 2024-03-05 14:07:21, 2024-03-05T14:07:21), or null. */
export function registerDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match || match[1] === "0001" || match[1] === "0000") return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The position of each named column in a header, and the ones missing. */
export function columnsOf<Name extends string>(header: string[], names: readonly Name[]) {
  const trimmed = header.map((name) => name.trim());
  const index = {} as Record<Name, number>;
  const missing: Name[] = [];
  for (const name of names) {
    index[name] = trimmed.indexOf(name);
    if (index[name] < 0) missing.push(name);
  }
  return { index, missing };
}

/**
 * The facts as one string, in a fixed order: an import that finds the same string for an entry
 * changes nothing (it is hashed into RegisterEntry.fingerprint).
 */
export function canonicalFacts(facts: RegisterFacts): string {
  return JSON.stringify([
    facts.name,
    facts.address,
    facts.postalCode,
    facts.communeCode,
    facts.activityCode,
    facts.activityLabel,
    facts.sector,
    facts.kind,
    facts.subAxes,
    facts.siret,
    facts.latitude,
    facts.longitude,
    facts.quartier,
    facts.irisCode,
    facts.registeredOn?.toISOString() ?? null,
    facts.registerUpdatedAt?.toISOString() ?? null,
  ]);
}
