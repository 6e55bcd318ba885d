// Uploaded files live under DATA_DIR/uploads, outside public/, and are served by routes that
// check who may see them. Their type is read from their first bytes, never from their name.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server";
import { inspectPdf } from "./pdf-content.server";

export const LOGO_MAX_BYTES = 1024 * 1024;

/**
 * Whether a form declares a body too large for a file of `maxBytes` (and the form's other fields):
 * checked before the body is read. The server hands a page that takes files a body over its limit
 * this way, declared and not sent (scripts/lib/remix-handler.ts), so that the page says its own limit.
 */
export function declaresBodyOver(request: Request, maxBytes: number): boolean {
  return Number(request.headers.get("Content-Length") ?? 0) > maxBytes + 64 * 1024;
}

const SIGNATURES: { type: string; extension: string; matches: (bytes: Uint8Array) => boolean }[] = [
  {
    type: "image/png",
    extension: "png",
    matches: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((value, index) => b[index] === value),
  },
  { type: "image/jpeg", extension: "jpg", matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: "image/webp",
    extension: "webp",
    matches: (b) => String.fromCharCode(...b.slice(0, 4)) === "RIFF" && String.fromCharCode(...b.slice(8, 12)) === "WEBP",
  },
];

export function detectImageType(bytes: Uint8Array) {
  return SIGNATURES.find((signature) => signature.matches(bytes)) ?? null;
}

function uploadsDir(kind: string) {
  const env = getEnv();
  return path.resolve(env.UPLOADS_DIR ?? path.join(env.DATA_DIR, "uploads"), kind);
}

/** Checks and stores a logo; returns its stored name and type, or a French error. */
export async function storeLogo(file: unknown): Promise<{ ok: true; file: string; type: string } | { ok: false; error: string }> {
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: "Choisissez un fichier image." };
  if (file.size > LOGO_MAX_BYTES) return { ok: false, error: "Le logo doit peser 1 Mo au maximum." };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detected = detectImageType(bytes);
  if (!detected) return { ok: false, error: "Le logo doit être une image PNG, JPEG ou WebP." };
  const name = `${crypto.randomBytes(16).toString("hex")}.${detected.extension}`;
  fs.mkdirSync(uploadsDir("logos"), { recursive: true });
  fs.writeFileSync(path.join(uploadsDir("logos"), name), bytes, { mode: 0o600 });
  return { ok: true, file: name, type: detected.type };
}

export function readLogo(name: string): Buffer | null {
  if (!/^[a-f0-9]{32}\.(png|jpg|webp)$/.test(name)) return null;
  const file = path.join(uploadsDir("logos"), name);
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

const PDF_REFUSALS = {
  unreadable:
    "Ce fichier n'est pas un PDF lisible : vérifiez qu'il s'ouvre bien, ou enregistrez-le de nouveau au format PDF, puis déposez-le.",
  encrypted: "Ce PDF est protégé par un mot de passe ou chiffré : déposez une copie sans protection.",
  active:
    "Ce PDF contient du contenu actif (JavaScript, lancement de programme ou fichier joint) : il ne peut pas être déposé. " +
    "Imprimez-le en PDF (« Imprimer » puis « Enregistrer au format PDF ») et déposez cette copie.",
};

/** Checks and stores a signed document or an attachment: a PDF of 5 MB at most, without active content. */
export async function storePdf(file: unknown): Promise<{ ok: true; file: string } | { ok: false; error: string }> {
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: "Choisissez un fichier PDF." };
  if (file.size > DOCUMENT_MAX_BYTES) return { ok: false, error: "Le document doit peser 5 Mo au maximum." };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (String.fromCharCode(...bytes.slice(0, 5)) !== "%PDF-") return { ok: false, error: "Le document doit être un fichier PDF." };
  const verdict = await inspectPdf(bytes);
  if (!verdict.ok) return { ok: false, error: PDF_REFUSALS[verdict.reason] };
  const name = `${crypto.randomBytes(16).toString("hex")}.pdf`;
  fs.mkdirSync(uploadsDir("documents"), { recursive: true });
  fs.writeFileSync(path.join(uploadsDir("documents"), name), bytes, { mode: 0o600 });
  return { ok: true, file: name };
}

export function readDocument(name: string): Buffer | null {
  if (!/^[a-f0-9]{32}\.pdf$/.test(name)) return null;
  const file = path.join(uploadsDir("documents"), name);
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

/** Deletes a stored document (a claim's proof withdrawn or past its retention); unknown names are ignored. */
export function deleteDocument(name: string): void {
  if (!/^[a-f0-9]{32}\.pdf$/.test(name)) return;
  fs.rmSync(path.join(uploadsDir("documents"), name), { force: true });
}

/**
 * Headers that make a browser save an uploaded document rather than open it in the site's origin:
 * an attachment, named in ASCII for old clients and in UTF-8 (RFC 6266) for the others.
 */
export function downloadHeaders(filename: string, type: string): Record<string, string> {
  const LIGATURES: Record<string, string> = { Œ: "OE", œ: "oe", Æ: "AE", æ: "ae", ß: "ss", "’": "'", "‘": "'" };
  const ascii =
    filename
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[ŒœÆæß’‘]/g, (char) => LIGATURES[char]!)
      .replace(/[^A-Za-z0-9 ._()'&,+-]+/g, " ")
      .replace(/\s+/g, " ")
      .trim() || "document";
  return {
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    "X-Content-Type-Options": "nosniff",
  };
}
