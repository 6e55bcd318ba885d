// The documents of a groupement's application file and their French names: one list read by the
// upload forms, the checklist, the change log and the upload action. Pure, safe in the browser.
// (The call's own page describes the documents in its words, from the call's data.)
import type { Option } from "./taxonomy";

export const GROUPEMENT_DOCUMENTS = [
  // `agrees`: the ending a participle takes after the label (« Comptes annuels enregistrés »).
  { code: "project-sheet", label: "Fiche descriptive du projet", perMember: false, agrees: "e" },
  { code: "commitment", label: "Convention ou lettre d'engagement signée", perMember: true, agrees: "e" },
  { code: "accounts", label: "Comptes annuels", perMember: true, agrees: "s" },
  { code: "report", label: "Rapport d'activité 2024", perMember: true, agrees: "" },
] as const satisfies readonly (Option & { perMember: boolean; agrees: "" | "e" | "s" | "es" })[];

/** « Comptes annuels enregistrés », « Fiche descriptive du projet déposée »: the participle agreed with the document. */
export function documentParticiple(kind: GroupementDocumentKind, participle: "enregistré" | "déposé" | "manquant"): string {
  return `${participle}${GROUPEMENT_DOCUMENTS.find((document) => document.code === kind)!.agrees}`;
}

/** The same, starting a sentence or a cell: « Déposée », « Manquants ». */
export function documentState(kind: GroupementDocumentKind, participle: "déposé" | "manquant"): string {
  const word = documentParticiple(kind, participle);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export type GroupementDocumentKind = (typeof GROUPEMENT_DOCUMENTS)[number]["code"];
/** The documents each member structure provides. */
export type MemberDocumentKind = Extract<(typeof GROUPEMENT_DOCUMENTS)[number], { perMember: true }>["code"];

export const MEMBER_DOCUMENT_KINDS = ["commitment", "accounts", "report"] as const satisfies readonly MemberDocumentKind[];

export function isGroupementDocumentKind(value: unknown): value is GroupementDocumentKind {
  return GROUPEMENT_DOCUMENTS.some((document) => document.code === value);
}

export function isMemberDocumentKind(value: GroupementDocumentKind): value is MemberDocumentKind {
  return GROUPEMENT_DOCUMENTS.some((document) => document.code === value && document.perMember);
}

/** "Comptes annuels" */
export function documentLabel(kind: GroupementDocumentKind): string {
  return GROUPEMENT_DOCUMENTS.find((document) => document.code === kind)!.label;
}

/** "Café Exemple : comptes annuels", as the checklist names a member's document. */
export function memberDocumentLabel(memberName: string, kind: MemberDocumentKind): string {
  const label = documentLabel(kind);
  return `${memberName} : ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

/** "Comptes annuels - Café Exemple.pdf": the name a downloaded document is saved under. */
export function documentFileName(kind: GroupementDocumentKind, memberName?: string | null): string {
  const name = memberName ? `${documentLabel(kind)} - ${memberName}` : documentLabel(kind);
  // No path or control characters in a file name, whatever a structure is called.
  return `${name.replace(/[\p{Cc}/\\:*?"<>|]+/gu, " ").trim()}.pdf`;
}

/** Names one upload form of the workspace, in its action's address and in the answer to it (`piece-…`). */
export function documentFormKey(kind: GroupementDocumentKind, organisationId: string): string {
  return `${kind}-${organisationId || "projet"}`;
}
