import { ofName } from "~/domain/format";
import { Form } from "@remix-run/react";
import { sectionAction, SubmitButton } from "~/components/forms";
import {
  documentLabel,
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
        <ActionMessage actionData={actionData} prefix="document" />
        {lead ? (
          <DocumentForm groupementId={groupement.id} organisationId="" kind="project-sheet" done={groupement.projectSheet} />
        ) : null}
        {members
          .filter((member) => member.status === "active" && member.canEdit)
          .map((member) => (
            <fieldset key={member.organisationId} className="field">
              <legend>Documents {ofName(member.name)}</legend>
              {MEMBER_DOCUMENT_KINDS.map((kind) => (
                <DocumentForm
                  key={kind}
                  groupementId={groupement.id}
                  organisationId={member.organisationId}
                  kind={kind}
                  done={member.documents[kind]}
                />
              ))}
              <Form method="post" action={sectionAction("pieces")} className="actions">
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

/** One PDF upload; without JavaScript too (a plain multipart form). */
function DocumentForm({
  groupementId,
  organisationId,
  kind,
  done,
}: {
  groupementId: string;
  /** Empty for the project sheet, which belongs to the groupement. */
  organisationId: string;
  kind: GroupementDocumentKind;
  done: boolean;
}) {
  const id = `document-${kind}-${organisationId || "projet"}`;
  return (
    <Form method="post" action={sectionAction("pieces")} encType="multipart/form-data" className="document-form">
      <input type="hidden" name="intent" value="document" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="organisationId" value={organisationId} />
      <label htmlFor={id}>
        {`${documentLabel(kind)} (PDF)`} {done ? <span className="badge">{documentParticiple(kind, "déposé")}</span> : null}
      </label>
      <input id={id} type="file" name="file" accept="application/pdf" required />
      <SubmitButton className="button-secondary" pendingText="Envoi…">
        Envoyer le PDF
      </SubmitButton>
      {done ? (
        <a href={`/groupements/${groupementId}/documents/${kind}${organisationId ? `?membre=${organisationId}` : ""}`}>
          Télécharger<span className="visually-hidden"> : {documentLabel(kind)}</span>
        </a>
      ) : null}
    </Form>
  );
}
