import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { ActionMessage } from "./action-message";
import type { WorkspaceActionData, WorkspaceData, WorkspaceMember } from "./types";

/** For the admins of an invited structure: join or decline, at the top of the page. */
export function InvitationAnswers({ members, actionData }: { members: WorkspaceMember[]; actionData: WorkspaceActionData }) {
  return (
    <>
      <ActionMessage actionData={actionData} prefix="accept-invitation" />
      <ActionMessage actionData={actionData} prefix="decline-invitation" />
      {members
        .filter((member) => member.canRespond)
        .map((member) => (
          <Form method="post" key={member.organisationId} className="notice notice-warning">
            <p>{member.name} est invitée à rejoindre ce groupement.</p>
            <input type="hidden" name="organisationId" value={member.organisationId} />
            <div className="actions">
              <SubmitButton name="intent" value="accept-invitation">
                Rejoindre le groupement
              </SubmitButton>
              <SubmitButton name="intent" value="decline-invitation" className="button-secondary">
                Décliner
              </SubmitButton>
            </div>
          </Form>
        ))}
    </>
  );
}

/** For the lead: invite a published structure that is not in the groupement yet. */
export function InviteForm({
  invitable,
  actionData,
}: {
  invitable: WorkspaceData["invitable"];
  actionData: WorkspaceActionData;
}) {
  return (
    <Form method="post" className="stack no-print">
      <ActionMessage actionData={actionData} prefix="invite" />
      <div className="field">
        <label htmlFor="inviter">Inviter une structure publiée</label>
        <select id="inviter" name="organisationId" defaultValue="">
          <option value="">Choisir…</option>
          {invitable.map((organisation) => (
            <option key={organisation.code} value={organisation.code}>
              {organisation.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <SubmitButton name="intent" value="invite" className="button-secondary">
          Inviter
        </SubmitButton>
      </div>
    </Form>
  );
}
