// The groupement's workspace, one panel per concern. Every panel's props are cut from the route's
// loader data (./types), so the page shows exactly what the loader sends.
import { Link } from "@remix-run/react";
import { useState } from "react";
import { Notice } from "~/components/forms";
import type { EligibilityResult } from "~/domain/eligibility";
import { DocumentsPanel } from "./documents-panel";
import { EligibilityPanel, previewEligibility } from "./eligibility-panel";
import { ChangeLog, FilingPanel } from "./filing-panel";
import { InvitationAnswers } from "./invitations";
import { MembersPanel } from "./members-panel";
import { BudgetPanel, ProjectPanel } from "./project-panel";
import type { WorkspaceActionData, WorkspaceData } from "./types";

export function GroupementWorkspace({
  groupement,
  members,
  access,
  callParameters,
  subAxes,
  invitable,
  eligibility,
  checklist,
  actionData,
}: WorkspaceData & { actionData: WorkspaceActionData }) {
  // A preview belongs to the server data it was computed from: fresh data (after any save) replaces it.
  const [draft, setDraft] = useState<{ from: EligibilityResult; result: EligibilityResult } | null>(null);
  const preview = draft?.from === eligibility ? draft.result : null;
  const refresh = () => {
    setDraft({
      from: eligibility,
      result: previewEligibility(
        { project: groupement.project, budget: groupement.budget, members },
        callParameters,
        document.getElementById("project") as HTMLFormElement | null,
        document.getElementById("budget") as HTMLFormElement | null,
      ),
    });
  };

  return (
    <div className="container page workspace">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › Groupement
      </p>
      <h1>{groupement.title}</h1>
      <p className="lead">{groupement.callTitle}</p>
      <p className="actions no-print">
        <a href={`/groupements/${groupement.id}/dossier.pdf`} className="button-secondary">
          Dossier PDF
        </a>
        <a href={`/groupements/${groupement.id}/dossier.docx`} className="button-secondary">
          Dossier Word (DOCX)
        </a>
        <Link to={`/idees/${groupement.ideaSlug}`}>Page publique de l'idée</Link>
      </p>
      {groupement.submittedAt ? (
        <Notice tone="info">
          Dossier déposé le {groupement.submittedAt}. Toute modification est enregistrée dans l'historique.
        </Notice>
      ) : null}
      {access.isCcas && !access.lead ? (
        <Notice tone="info">Vous consultez ce groupement en tant qu'agent du CCAS (lecture seule).</Notice>
      ) : null}
      <InvitationAnswers members={members} actionData={actionData} />

      <EligibilityPanel result={preview ?? eligibility} preview={preview !== null} />
      <MembersPanel members={members} access={access} budget={groupement.budget} invitable={invitable} actionData={actionData} />
      <ProjectPanel
        project={groupement.project}
        subAxes={subAxes}
        subAxisCodes={callParameters.subAxes}
        lead={access.lead}
        actionData={actionData}
        onChange={refresh}
      />
      <BudgetPanel budget={groupement.budget} lead={access.lead} actionData={actionData} onChange={refresh} />
      <DocumentsPanel
        groupement={groupement}
        members={members}
        checklist={checklist}
        lead={access.lead}
        actionData={actionData}
      />
      {access.lead && !groupement.submittedAt ? <FilingPanel actionData={actionData} /> : null}
      <ChangeLog changes={groupement.changes} />
    </div>
  );
}
