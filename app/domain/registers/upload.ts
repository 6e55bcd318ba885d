// The CCAS's upload of a register file at /ccas/registres: where it is sent, how big it may be, and
// the form's fields (shared by the page's checks in the browser and the action).
import * as z from "~/utils/zod";
import { formatDateTime } from "../format";
import { codeOf } from "../schemas/fields";
import { REGISTER_LABELS, REGISTER_SOURCES, type RegisterSource } from "./facts";

export const REGISTER_UPLOAD_PATH = "/ccas/registres";

/**
 * The largest register file the page takes. The RNA Waldec export of a département is a few hundred
 * MB; 2 GB leaves room. Larger files (the national SIRENE stock, several GB) go through
 * `npm run -s import:sirene` on the server. The body is streamed to disk, never held in memory
 * (scripts/lib/remix-handler.ts gives this path its own limit).
 */
export const REGISTER_UPLOAD_MAX_BYTES = 2 * 1024 * 1024 * 1024;

export const REGISTER_CHOICES = REGISTER_SOURCES.map((code) => ({ code, label: REGISTER_LABELS[code] }));

export const RegisterUploadSchema = z.object({
  register: codeOf(REGISTER_CHOICES, "Registre"),
  /** An extract (one département's lines…): structures absent from it are not closed. */
  extract: z.boolean().default(false),
});

export const REGISTER_UPLOAD_MESSAGES = {
  noFile: "Choisissez le fichier du registre (CSV).",
  tooLarge: "Le fichier dépasse 2 Go : importez-le sur le serveur avec la commande npm run -s import:rna ou import:sirene.",
  interrupted: "L'envoi du fichier a été interrompu : envoyez-le de nouveau.",
  serverStopped:
    "Import interrompu par l'arrêt du serveur : rien n'a été fermé. Envoyez de nouveau le fichier pour le reprendre.",
  unexpected:
    "L'import s'est arrêté sur une erreur inattendue du serveur : rien n'a été fermé. Relancez-le ; si l'erreur revient, prévenez l'équipe technique.",
};

/** The run going on, as the page shows it and a refused upload names it. */
export type RunningImport = {
  id: string;
  source: RegisterSource;
  fileName: string;
  startedAt: Date;
  /** The CCAS member's name; null for the command run on the server. */
  startedBy: string | null;
  bytesRead: number;
  bytesTotal: number | null;
  read: number;
  kept: number;
  created: number;
  updated: number;
  unchanged: number;
  closed: number;
};

/** Why a second upload is refused while a run goes on: who started it, and when. */
export function runningImportRefusal(run: Pick<RunningImport, "source" | "fileName" | "startedAt" | "startedBy">): string {
  const who = run.startedBy ?? "la commande d'import sur le serveur";
  return `Un import est déjà en cours (${REGISTER_LABELS[run.source]}, fichier « ${run.fileName} »), lancé par ${who} le ${formatDateTime(run.startedAt)}. Un seul import à la fois : attendez qu'il se termine, puis envoyez de nouveau votre fichier.`;
}
