import { Form, Link } from "@remix-run/react";
import { Notice, sectionAction, SubmitButton } from "~/components/forms";
import { ofName } from "~/domain/format";
import { ActionMessage } from "./action-message";
import type { InvitationData, WorkspaceActionData, WorkspaceData, WorkspaceMember } from "./types";

/**
 * The page of a groupement for the people of a structure invited that has not answered yet: the
 * project's title, its lead and the invitation, with the answer for the structure's admins. The
 * workspace (members, project, budget, documents, exports, history) opens once it accepts.
 */
export function InvitationPage({
  groupement,
  invitations,
  actionData,
}: Omit<InvitationData, "view"> & { actionData: WorkspaceActionData }) {
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › Invitation à un groupement
      </p>
      <h1>{groupement.title}</h1>
      <p className="lead">{groupement.callTitle}</p>
      {groupement.closedSince ? (
        <Notice tone="info" confirmation={false}>
          Les candidatures à cet appel sont closes depuis le {groupement.closedSince} : ce groupement ne peut plus déposer son
          dossier pour cet appel. En le rejoignant, votre structure peut continuer à préparer le projet avec lui.
        </Notice>
      ) : null}
      <ActionMessage actionData={actionData} prefix="accept-invitation" />
      <ActionMessage actionData={actionData} prefix="decline-invitation" />
      {invitations.map((invitation) => (
        <Form method="post" key={invitation.organisationId} className="notice notice-warning">
          <p>
            {groupement.leadName
              ? `${groupement.leadName}, chef de file du groupement « ${groupement.title} »,`
              : "Le chef de file"}{" "}
            invite votre structure {invitation.name} à le rejoindre (invitation du {invitation.invitedOn}).
          </p>
          <p>
            L'espace de travail du groupement (membres, projet, budget, pièces du dossier) vous sera ouvert dès que votre
            structure aura accepté.
          </p>
          {invitation.canRespond ? (
            <>
              <input type="hidden" name="organisationId" value={invitation.organisationId} />
              <div className="actions">
                <SubmitButton name="intent" value="accept-invitation">
                  Rejoindre le groupement
                </SubmitButton>
                <SubmitButton name="intent" value="decline-invitation" className="button-secondary">
                  Décliner
                </SubmitButton>
              </div>
            </>
          ) : (
            <p>Seuls les administrateurs {ofName(invitation.name)} peuvent accepter ou décliner cette invitation.</p>
          )}
        </Form>
      ))}
    </div>
  );
}

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
    // Sent to its own place (not the top of « Membres », a long table above it): without JavaScript
    // the page comes back with its message at the top of the screen.
    <Form method="post" action={sectionAction("inviter-une-structure")} id="inviter-une-structure" className="stack no-print">
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
