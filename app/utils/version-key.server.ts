// A short key of what a form was filled from: sent back with the form, it tells whether what is
// saved changed meanwhile (another tab, another person) without sending the whole of it.
import crypto from "node:crypto";

export function versionKey(value: unknown): string {
  return crypto.createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 22);
}
