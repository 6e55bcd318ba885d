// What looks unfinished in a draft call (app/domain/call-readiness.ts), on its edit page and on
// its publish page: what blocks the publication first, then what to check, each with a link to
// the form that fixes it.
import { Link } from "@remix-run/react";
import type { ReadinessIssue } from "~/domain/call-readiness";

const PART_LABELS: Record<ReadinessIssue["part"], string> = {
  general: "Informations générales",
  axes: "Axes et sous-axes",
  calendar: "Calendrier",
  parameters: "Enveloppe, lauréats, durée",
  documents: "Documents à fournir",
  prerequisites: "Prérequis",
  faqs: "Questions fréquentes",
};

function IssueList({ issues, editPath }: { issues: ReadinessIssue[]; editPath: string }) {
  return (
    <ul>
      {issues.map((issue, index) => (
        <li key={index}>
          {issue.message} <Link to={`${editPath}#${issue.part}`}>Modifier : {PART_LABELS[issue.part].toLowerCase()}</Link>
        </li>
      ))}
    </ul>
  );
}

export function CallReadiness({
  issues,
  editPath,
  level = 2,
}: {
  issues: ReadinessIssue[];
  editPath: string;
  /** The level of its two headings, under the page's. */
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  const blocking = issues.filter((issue) => issue.blocking);
  const warnings = issues.filter((issue) => !issue.blocking);
  if (issues.length === 0)
    return <p data-testid="call-readiness">Rien ne semble inachevé : les dates sont à venir et dans l'ordre.</p>;
  return (
    <div data-testid="call-readiness" className="stack">
      {blocking.length > 0 ? (
        <div className="notice notice-warning">
          <Heading>À corriger avant de publier</Heading>
          <IssueList issues={blocking} editPath={editPath} />
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div className="notice notice-info">
          <Heading>À vérifier</Heading>
          <p>Ces points n'empêchent pas la publication, mais ressemblent à des restes de l'appel copié.</p>
          <IssueList issues={warnings} editPath={editPath} />
        </div>
      ) : null}
    </div>
  );
}
