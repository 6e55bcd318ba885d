import { lowerFirst, ofName } from "~/domain/format";
import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ErrorList, Notice, sectionAction, SubmitButton } from "~/components/forms";
import {
  documentLabel,
  documentFormKey,
  documentParticiple,
  MEMBER_DOCUMENT_KINDS,
  type GroupementDocumentKind,
} from "~/domain/groupement-documents";
import { ActionMessage } from "./action-message";
import type { WorkspaceActionData, WorkspaceData } from "./types";

/** Every required document and where it stands, and the uploads of the project sheet and each structure's documents. */
export function DocumentsPanel({
  groupement,
  members,
  checklist,
  lead,
  actionData,
}: Pick<WorkspaceData, "groupement" | "members" | "checklist"> & { lead: boolean; actionData: WorkspaceActionData }) {
  return (
    <section aria-labelledby="pieces">
      <h2 id="pieces">Pièces du dossier</h2>
      <ul className="checklist">
        {checklist.map((item) => (
          <li key={item.label} data-done={item.done}>
            {item.label} : <span className="rule-status">{item.state}</span>
          </li>
        ))}
      </ul>
      <div className="no-print">
        {/* A refusal that names no form (a body over the size limit that named none): above them all. */}
        {actionData?.intent === "document" ? <ActionMessage actionData={actionData} prefix="document" /> : null}
        {lead ? (
          <DocumentForm
            groupementId={groupement.id}
            organisationId=""
            kind="project-sheet"
            done={groupement.projectSheet}
            actionData={actionData}
          />
        ) : null}
        {members
          .filter((member) => member.status === "active" && member.canEdit)
          .map((member) => (
            <fieldset key={member.organisationId} className="field document-member">
              <legend>Documents {ofName(member.name)}</legend>
              {MEMBER_DOCUMENT_KINDS.map((kind) => (
                <DocumentForm
                  key={kind}
                  memberName={member.name}
                  groupementId={groupement.id}
                  organisationId={member.organisationId}
                  kind={kind}
                  done={member.documents[kind]}
                  actionData={actionData}
                />
              ))}
              <Form
                method="post"
                action={sectionAction(`deja-transmis-${member.organisationId}`)}
                id={`deja-transmis-${member.organisationId}`}
                className="actions"
              >
                <ActionMessage actionData={actionData} prefix={`already-sent-${member.organisationId}`} />
                <input type="hidden" name="organisationId" value={member.organisationId} />
                <label className="checkbox">
                  <input type="checkbox" name="accountsAlreadySent" defaultChecked={member.accountsAlreadySent} /> Comptes déjà
                  transmis au CCAS
                </label>
                <label className="checkbox">
                  <input type="checkbox" name="reportAlreadySent" defaultChecked={member.reportAlreadySent} /> Rapport déjà
                  transmis au CCAS
                </label>
                <SubmitButton name="intent" value="already-sent" className="button-secondary">
                  Enregistrer
                </SubmitButton>
              </Form>
            </fieldset>
          ))}
      </div>
    </section>
  );
}

/**
 * One PDF upload; without JavaScript too (a plain multipart form). Its address names it (`piece`),
 * so that even a body refused before it is read is answered here, and opens the page on it.
 */
function DocumentForm({
  groupementId,
  memberName,
  organisationId,
  kind,
  done,
  actionData,
}: {
  groupementId: string;
  /** The member structure whose document it is (none for the project sheet), said to screen readers. */
  memberName?: string;
  /** Empty for the project sheet, which belongs to the groupement. */
  organisationId: string;
  kind: GroupementDocumentKind;
  done: boolean;
  actionData: WorkspaceActionData;
}) {
  const key = documentFormKey(kind, organisationId);
  const id = `document-${key}`;
  const answer = actionData?.intent === `piece-${key}` ? actionData : undefined;
  // Once saved, the field is emptied (with JavaScript it kept the file's name, inviting a second send).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (answer?.notice) form.current?.reset();
  }, [answer]);
  const errorId = `${id}-erreur`;
  return (
    <Form
      ref={form}
      method="post"
      action={`?index&piece=${encodeURIComponent(key)}#envoi-${key}`}
      id={`envoi-${key}`}
      encType="multipart/form-data"
      className="document-form"
    >
      {answer?.notice ? <Notice>{answer.notice}</Notice> : null}
      <input type="hidden" name="intent" value="document" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="organisationId" value={organisationId} />
      <label htmlFor={id}>
        {`${documentLabel(kind)} (PDF)`}
        {/* Among several structures' uploads, a screen reader's list of fields tells them apart. */}
        {memberName ? <span className="visually-hidden">{`, ${memberName}`}</span> : null}{" "}
        {done ? <span className="badge">{documentParticiple(kind, "déposé")}</span> : null}
      </label>
      <div role="alert">
        <ErrorList id={errorId} errors={answer?.error ? [`Rien n'a été enregistré : ${lowerFirst(answer.error)}`] : undefined} />
      </div>
      <input
        id={id}
        type="file"
        name="file"
        accept="application/pdf"
        required
        aria-invalid={answer?.error ? true : undefined}
        aria-describedby={answer?.error ? errorId : undefined}
      />
      <SubmitButton className="button-secondary" pendingText="Envoi…">
        Envoyer le PDF
      </SubmitButton>
      {done ? (
        <a href={`/groupements/${groupementId}/documents/${kind}${organisationId ? `?membre=${organisationId}` : ""}`}>
          Télécharger
          <span className="visually-hidden">{` : ${documentLabel(kind)}${memberName ? ` ${ofName(memberName)}` : ""}`}</span>
        </a>
      ) : null}
    </Form>
  );
}
