import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { ActionMessage } from "./action-message";
import type { WorkspaceActionData, WorkspaceGroupement } from "./types";

/** For the lead, until the application is filed: the day it was handed to the CCAS. */
export function FilingPanel({ actionData }: { actionData: WorkspaceActionData }) {
  return (
    <section aria-labelledby="depot" className="no-print">
      <h2 id="depot">Dépôt</h2>
      <ActionMessage actionData={actionData} prefix="submit" />
      <Form method="post" className="actions">
        <label htmlFor="date-depot">Date du dépôt auprès du CCAS</label>
        <input id="date-depot" type="date" name="date" required defaultValue={new Date().toISOString().slice(0, 10)} />
        <SubmitButton name="intent" value="submit" className="button-secondary">
          Marquer le dossier « déposé »
        </SubmitButton>
      </Form>
    </section>
  );
}

/** The changes made after filing: who, when, what. */
export function ChangeLog({ changes }: { changes: WorkspaceGroupement["changes"] }) {
  if (changes.length === 0) return null;
  return (
    <section aria-labelledby="historique">
      <h2 id="historique">Historique des modifications</h2>
      <ul>
        {changes.map((change) => (
          <li key={change.id}>
            {change.when} — {change.who} : {change.summary}
          </li>
        ))}
      </ul>
    </section>
  );
}
