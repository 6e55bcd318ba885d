// Links that work without logging in and are never stored (the unsubscribe link of an alert mail):
// the link carries what it is for, signed with HMAC-SHA256. The secret is SIGNING_SECRET, or one
// generated once into DATA_DIR (like the local Meilisearch's master key), so that links stay valid
// across restarts. Several instances need the same SIGNING_SECRET.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server";

const SECRET_FILE = "signing-secret";

const globalForSecret = globalThis as typeof globalThis & { __signingSecret?: { source: string; secret: string } };

function readOrCreateSecret(dataDir: string): string {
  const file = path.resolve(dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      // `wx`: two processes starting together keep the first one's secret.
      fs.writeFileSync(file, `${crypto.randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}

function secret(): string {
  // Read at call time: tests and the start script set the environment after this module loads.
  const fromEnv = process.env.SIGNING_SECRET?.trim() || getEnv().SIGNING_SECRET;
  const source = fromEnv ? "env" : path.resolve(process.env.DATA_DIR || getEnv().DATA_DIR, SECRET_FILE);
  if (globalForSecret.__signingSecret?.source !== source) {
    globalForSecret.__signingSecret = { source, secret: fromEnv ?? readOrCreateSecret(path.dirname(source)) };
  }
  return globalForSecret.__signingSecret.secret;
}

/** One key per purpose: a token signed for one use is refused by every other. */
const mac = (purpose: string, payload: string) => crypto.createHmac("sha256", secret()).update(`${purpose}\n${payload}`).digest();

export function signToken(purpose: string, payload: string): string {
  return `${Buffer.from(payload).toString("base64url")}.${mac(purpose, payload).toString("base64url")}`;
}

/** The payload of a token signed for this purpose (at most `maxLength` long), or null for anything else. */
export function verifyToken(purpose: string, token: string | null | undefined, maxLength = 500): string | null {
  if (typeof token !== "string" || token.length > maxLength) return null;
  const [encoded, signature, ...rest] = token.split(".");
  if (!encoded || !signature || rest.length > 0) return null;
  const payload = Buffer.from(encoded, "base64url").toString("utf8");
  const given = Buffer.from(signature, "base64url");
  const expected = mac(purpose, payload);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? payload : null;
}
