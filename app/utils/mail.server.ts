// Outgoing mail. With SMTP_URL, nodemailer sends it; without, each mail is written under
// DATA_DIR/mails (listed at /dev/mails in development) so that nothing is lost locally.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "./env.server";

/** `headers`: extra header lines, such as List-Unsubscribe on alert mails. */
export type Mail = { to: string | string[]; subject: string; text: string; replyTo?: string; headers?: Record<string, string> };
export type StoredMail = Mail & { id: string; from: string; date: string };

const globalForMail = globalThis as typeof globalThis & { __mailTransport?: { url: string; transport: Transporter } };

function getTransport(url: string): Transporter {
  if (globalForMail.__mailTransport?.url !== url) {
    globalForMail.__mailTransport = { url, transport: nodemailer.createTransport(url) };
  }
  return globalForMail.__mailTransport.transport;
}

export function mailDir() {
  return path.resolve(getEnv().DATA_DIR, "mails");
}

/** How long what is known of the relay holds before /healthz has it checked again. */
const RELAY_CHECK_MS = 5 * 60_000;
/** What the last mail, or check, of this process said of the relay at SMTP_URL. */
let relay: { url: string; ok: boolean; at: number } | null = null;
let checking: Promise<void> | null = null;

/** Read at call time: tests point SMTP_URL at the server they start. */
const smtpUrlOf = (env: ReturnType<typeof getEnv>) => process.env.SMTP_URL || env.SMTP_URL;

/** A refusal about the recipients (by the relay, or an address nodemailer will not send to): says nothing of the relay. */
export function isRecipientRefusal(error: unknown): boolean {
  const { code, command } = (error ?? {}) as { code?: string; command?: string };
  return code === "EENVELOPE" && (command === "RCPT TO" || command === "API");
}

/**
 * What /healthz says of mail: `files` without SMTP_URL (written under DATA_DIR/mails); else what
 * the last mail or check of this process found — `ok`, or `failing` (the relay could not be
 * reached, refused the connection, the log-in or the sender) — checked again in the background
 * (a connection and its log-in, never a mail) when older than 5 minutes; `unchecked` until the
 * first check ends, just after a start. Never waited for: a slow relay does not slow the health
 * check. A page that sent a mail cannot say it failed (a sign-up answers the same whatever
 * happens, so as not to tell who is registered): the operator learns it here, and from the log.
 */
export function getMailStatus(): "ok" | "failing" | "files" | "unchecked" {
  const url = smtpUrlOf(getEnv());
  if (!url) return "files";
  const known = relay?.url === url ? relay : null;
  if ((!known || Date.now() - known.at > RELAY_CHECK_MS) && !checking) {
    checking = getTransport(url)
      .verify()
      .then(
        () => void (relay = { url, ok: true, at: Date.now() }),
        () => void (relay = { url, ok: false, at: Date.now() }),
      )
      .finally(() => (checking = null));
  }
  return known ? (known.ok ? "ok" : "failing") : "unchecked";
}

export async function sendMail(message: Mail): Promise<void> {
  const env = getEnv();
  // A subject is one line, as the SMTP transport would make it: what is stored reads the same.
  const mail = { ...message, subject: message.subject.replace(/\s*[\r\n]+\s*/g, " ") };
  const smtpUrl = smtpUrlOf(env);
  if (smtpUrl) {
    try {
      await getTransport(smtpUrl).sendMail({ from: env.MAIL_FROM, ...mail });
    } catch (error) {
      if (!isRecipientRefusal(error)) relay = { url: smtpUrl, ok: false, at: Date.now() };
      throw error;
    }
    relay = { url: smtpUrl, ok: true, at: Date.now() };
    return;
  }
  const stored: StoredMail = {
    id: `${Date.now()}-${crypto.randomBytes(4).toString("hex")}`,
    from: env.MAIL_FROM,
    date: new Date().toISOString(),
    ...mail,
  };
  fs.mkdirSync(mailDir(), { recursive: true });
  fs.writeFileSync(path.join(mailDir(), `${stored.id}.json`), JSON.stringify(stored, null, 2), { mode: 0o600 });
}

export function listStoredMails(limit = 50): StoredMail[] {
  if (!fs.existsSync(mailDir())) return [];
  return fs
    .readdirSync(mailDir())
    .filter((name) => name.endsWith(".json"))
    .sort()
    .reverse()
    .slice(0, limit)
    .map((name) => JSON.parse(fs.readFileSync(path.join(mailDir(), name), "utf8")) as StoredMail);
}
