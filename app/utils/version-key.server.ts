// A short key of what a form was filled from: sent back with the form, it tells whether what is
// saved changed meanwhile (another tab, another person) without sending the whole of it.
import crypto from "node:crypto";

const hash = (value: unknown, length: number) =>
  crypto.createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, length);

export function versionKey(value: unknown): string {
  return hash(value, 22);
}

/**
 * A key per field (`title:Ab3dE9xQ.startDate:…`), so that two keys also tell which fields
 * differ. Field names are identifiers; a hash has neither `.` nor `:`.
 */
export function fieldsKey(value: Record<string, unknown>): string {
  return Object.keys(value)
    .sort()
    .map((field) => `${field}:${hash(value[field], 8)}`)
    .join(".");
}

/** The fields whose keys differ between two fieldsKey; null when `seen` is not one (a tampered form). */
export function changedFields(seen: string, saved: string): string[] | null {
  const parse = (key: string) => {
    const entries = key.split(".").map((part) => part.split(":"));
    return entries.every((entry) => entry.length === 2) ? new Map(entries as Array<[string, string]>) : null;
  };
  const [before, now] = [parse(seen), parse(saved)];
  if (!before || !now) return null;
  return [...now].filter(([field, key]) => before.get(field) !== key).map(([field]) => field);
}
