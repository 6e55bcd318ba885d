// The documents of a groupement's application file: where each one is stored, what is still
// missing, and recording an upload. Their names come from ~/domain/groupement-documents.
import { ofName } from "~/domain/format";
import {
  documentState,
  documentLabel,
  MEMBER_DOCUMENT_KINDS,
  memberDocumentLabel,
  type MemberDocumentKind,
} from "~/domain/groupement-documents";
import type { DossierItem } from "~/domain/groupement-assessment";
import { COMMITMENTS, labelOf } from "~/domain/taxonomy";
import type { Db } from "~/utils/db.server";
import {
  changeGroupement,
  memberKey,
  type Actor,
  type GroupementMemberRecord,
  type GroupementRecord,
  type MemberChange,
} from "./groupement.server";

/** The column of a member row that holds each member document (a private upload's file name). */
const MEMBER_DOCUMENT_FILES = {
  commitment: "commitmentFile",
  accounts: "accountsFile",
  report: "reportFile",
} as const satisfies Record<MemberDocumentKind, keyof GroupementMemberRecord>;

/** The stored file of a document, or null when it has not been uploaded (or the member is not one). */
export function getDocumentFile(groupement: GroupementRecord, kind: string, organisationId: string | null): string | null {
  if (kind === "project-sheet") return groupement.projectSheetFile;
  const member = groupement.members.find((item) => item.organisationId === organisationId);
  const memberKind = MEMBER_DOCUMENT_KINDS.find((item) => item === kind);
  return member && memberKind ? member[MEMBER_DOCUMENT_FILES[memberKind]] : null;
}

/** Which of a member's documents have been uploaded. */
export function getMemberDocuments(member: GroupementMemberRecord): Record<MemberDocumentKind, boolean> {
  const has = (kind: MemberDocumentKind) => Boolean(member[MEMBER_DOCUMENT_FILES[kind]]);
  return { commitment: has("commitment"), accounts: has("accounts"), report: has("report") };
}

/**
 * Every required document of the application and where it stands: the project sheet, then each
 * active structure's documents. A commitment counts once it is both chosen and signed; accounts and
 * the report also count when the structure already sent them to the CCAS. The panel, the dossier's
 * completeness and the application file all read this one list.
 */
export function getChecklist(groupement: GroupementRecord): DossierItem[] {
  const items: DossierItem[] = [
    {
      label: documentLabel("project-sheet"),
      ...(groupement.projectSheetFile
        ? { done: true, state: documentState("project-sheet", "déposé") }
        : { done: false, state: documentState("project-sheet", "manquant") }),
    },
  ];
  for (const member of groupement.members.filter((item) => item.status === "active")) {
    const commitment = member.commitment ? labelOf(COMMITMENTS, member.commitment) : null;
    const states: Record<MemberDocumentKind, Pick<DossierItem, "done" | "state">> = {
      commitment:
        commitment && member.commitmentFile
          ? { done: true, state: `${documentState("commitment", "déposé")} (${commitment.toLowerCase()})` }
          : member.commitmentFile
            ? { done: false, state: "PDF déposé, forme de l'engagement à choisir" }
            : {
                done: false,
                state: commitment
                  ? `${documentState("commitment", "manquant")} (${commitment.toLowerCase()} à signer et déposer)`
                  : documentState("commitment", "manquant"),
              },
      accounts: alreadySentOr("accounts", member.accountsFile, member.accountsAlreadySent),
      report: alreadySentOr("report", member.reportFile, member.reportAlreadySent),
    };
    for (const kind of MEMBER_DOCUMENT_KINDS)
      items.push({ label: memberDocumentLabel(member.organisation.name, kind), ...states[kind] });
  }
  return items;
}

function alreadySentOr(kind: MemberDocumentKind, file: string | null, alreadySent: boolean): Pick<DossierItem, "done" | "state"> {
  if (file) return { done: true, state: documentState(kind, "déposé") };
  return alreadySent ? { done: true, state: "Déjà transmis au CCAS" } : { done: false, state: documentState(kind, "manquant") };
}

/** Records an uploaded PDF (already stored by ~/utils/uploads.server) as the project sheet or a member's document. */
export async function recordGroupementDocument(
  db: Db,
  {
    groupementId,
    actor,
    document,
    file,
  }: {
    groupementId: string;
    actor: Actor;
    document: { kind: "project-sheet" } | { kind: MemberDocumentKind; member: GroupementMemberRecord };
    file: string;
  },
) {
  const of = document.kind === "project-sheet" ? "" : ` (${document.member.organisation.name})`;
  await changeGroupement(db, groupementId, actor, `Document déposé : ${documentLabel(document.kind)}${of}`, async (tx) => {
    if (document.kind === "project-sheet") {
      await tx.groupement.update({ where: { id: groupementId }, data: { projectSheetFile: file } });
    } else {
      await tx.groupementMember.update({
        where: memberKey(groupementId, document.member.organisationId),
        data: { [MEMBER_DOCUMENT_FILES[document.kind]]: file },
      });
    }
  });
}

/** The structure's accounts or report already reached the CCAS by other means: they count as provided. */
export async function setDocumentsAlreadySent(
  db: Db,
  { groupementId, member, actor }: MemberChange,
  sent: { accounts: boolean; report: boolean },
) {
  await changeGroupement(
    db,
    groupementId,
    actor,
    `Pièces ${ofName(member.organisation.name)} marquées comme transmises`,
    async (tx) => {
      await tx.groupementMember.update({
        where: memberKey(groupementId, member.organisationId),
        data: { accountsAlreadySent: sent.accounts, reportAlreadySent: sent.report },
      });
    },
  );
}
