// The groupement's workspace, one panel per concern. Every panel's props are cut from the route's
// loader data (./types), so the page shows exactly what the loader sends.
import { Link } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Notice } from "~/components/forms";
import { PartnerSuggestions } from "~/components/partner-suggestions";
import type { Assessment } from "~/domain/groupement-assessment";
import { ActionMessage } from "./action-message";
import { CcasQuestions, DecisionNotice } from "./ccas-questions";
import { DocumentsPanel } from "./documents-panel";
import { EligibilityPanel, notCounted, previewAssessment } from "./eligibility-panel";
import { ChangeLog, FilingPanel } from "./filing-panel";
import { InvitationAnswers } from "./invitations";
import { MembersPanel } from "./members-panel";
import { BudgetPanel, ProjectPanel } from "./project-panel";
import type { WorkspaceActionData, WorkspaceData } from "./types";

type EditedForm = "project" | "budget";
/** How long typing must pause before the verdict is announced: once, not at every keystroke. */
const ANNOUNCE_AFTER_MS = 900;

export function GroupementWorkspace({
  groupement,
  members,
  access,
  callParameters,
  subAxes,
  invitable,
  assessment,
  checklist,
  suggestions,
  questions,
  decision,
  actionData,
}: WorkspaceData & { actionData: WorkspaceActionData }) {
  // A preview belongs to the server data it was computed from: fresh data (after any save) replaces
  // it. Compared by content: data loaded again unchanged (a revalidation) keeps what is being typed.
  const basis = JSON.stringify(assessment);
  const [draft, setDraft] = useState<{ from: string; result: Assessment; ignored: string[] } | null>(null);
  const preview = draft?.from === basis ? draft : null;
  // The short verdict announced next to the form being edited, once typing has paused.
  const [spoken, setSpoken] = useState<{ from: string; form: EditedForm; text: string } | null>(null);
  const announcement = spoken?.from === basis ? spoken : null;
  const pause = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(pause.current), []);
  const refresh = (form: EditedForm) => {
    const { assessment: result, ignored } = previewAssessment(
      { project: groupement.project, budget: groupement.budget, members },
      callParameters,
      checklist,
      document.getElementById("project") as HTMLFormElement | null,
      document.getElementById("budget") as HTMLFormElement | null,
      groupement.submittedAt,
    );
    setDraft({ from: basis, result, ignored });
    clearTimeout(pause.current);
    const text = `Aperçu : ${result.short.toLowerCase()}.${ignored.length > 0 ? ` ${notCounted(ignored)}` : ""}`;
    pause.current = setTimeout(() => setSpoken({ from: basis, form, text }), ANNOUNCE_AFTER_MS);
  };
  const spokenFor = (form: EditedForm) => (announcement?.form === form ? announcement.text : "");

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
        {groupement.ideaPublic ? <Link to={`/idees/${groupement.ideaSlug}`}>Page publique de l'idée</Link> : null}
      </p>
      {groupement.filing.closed && !groupement.submittedAt ? (
        // Said at the top: the filing panel that says it too is far below (13,000 px on a phone).
        <Notice tone="warning" confirmation={false}>
          Les candidatures à cet appel sont closes depuis le {groupement.filing.deadline} : ce dossier ne peut plus être déposé
          pour cet appel. Vous pouvez continuer à préparer le projet et son groupement.
        </Notice>
      ) : null}
      {groupement.submittedAt ? <ActionMessage actionData={actionData} prefix="submit" /> : null}
      {groupement.submittedAt ? (
        <Notice tone="info">
          Dossier déposé le {groupement.submittedAt}. Toute modification est enregistrée dans l'historique.
        </Notice>
      ) : null}
      {access.isCcas && !access.lead ? (
        <Notice tone="info">Vous consultez ce groupement en tant qu'agent du CCAS (lecture seule).</Notice>
      ) : null}
      <ActionMessage actionData={actionData} prefix="changed" />
      <InvitationAnswers members={members} actionData={actionData} />
      <DecisionNotice decision={decision} />
      <CcasQuestions questions={questions} lead={access.lead} actionData={actionData} />

      <EligibilityPanel assessment={preview?.result ?? assessment} preview={preview !== null} ignored={preview?.ignored} />
      <MembersPanel members={members} access={access} budget={groupement.budget} invitable={invitable} actionData={actionData} />
      {suggestions ? (
        <PartnerSuggestions
          panel={suggestions}
          actionData={actionData?.intent.startsWith("suggestion-") ? actionData : undefined}
          hiddenHref={`/groupements/${groupement.id}?masquees=1#suggestions-masquees`}
          shownHref={`/groupements/${groupement.id}#partenaires-suggeres`}
          intro="Des structures publiées qui renforceraient le groupement tel qu'il est aujourd'hui, les plus pertinentes d'abord : en tête des raisons, celle qui ferait passer une règle de l'appel. Seuls les membres du groupement voient cette liste."
        />
      ) : null}
      <ProjectPanel
        project={groupement.project}
        projectKey={groupement.projectKey}
        subAxes={subAxes}
        subAxisCodes={callParameters.subAxes}
        lead={access.lead}
        actionData={actionData}
        onChange={() => refresh("project")}
        liveVerdict={spokenFor("project")}
      />
      <BudgetPanel
        budget={groupement.budget}
        budgetKey={groupement.budgetKey}
        lead={access.lead}
        actionData={actionData}
        onChange={() => refresh("budget")}
        liveVerdict={spokenFor("budget")}
      />
      <DocumentsPanel
        groupement={groupement}
        members={members}
        checklist={checklist}
        lead={access.lead}
        actionData={actionData}
      />
      {access.lead && !groupement.submittedAt ? <FilingPanel actionData={actionData} filing={groupement.filing} /> : null}
      <ChangeLog changes={groupement.changes} />
    </div>
  );
}
