import crypto from "node:crypto";

/** A random token for a link or a cookie, and the hash that is stored in its place. */
export function createToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
