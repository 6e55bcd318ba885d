import type { PublicCallStatus } from "~/domain/call-status";

const HEADINGS: Record<PublicCallStatus, string> = {
  "a-venir": "Appel à venir",
  ouvert: "Candidatures ouvertes",
  clos: "Candidatures closes",
  resultats: "Résultats publiés",
};

/** The CSS class of each status (the colours: open green, coming amber, closed red). */
const CLASSES: Record<PublicCallStatus, string> = {
  "a-venir": "status-upcoming",
  ouvert: "status-open",
  clos: "status-closed",
  resultats: "status-closed",
};

export function CallStatusBanner({ status, text }: { status: PublicCallStatus; text: string }) {
  return (
    <div className={`status ${CLASSES[status]}`} data-testid="call-status" data-status={status}>
      <strong>{HEADINGS[status]}</strong>
      {text}
    </div>
  );
}

export type CallLaureate = {
  id: string;
  title: string;
  members: { name: string; isLead: boolean }[];
  subAxes: { code: string; label: string }[];
};

/** The groupements a call retained, as published with its results. */
export function CallLaureates({
  laureates,
  headingId,
  level,
}: {
  laureates: CallLaureate[];
  headingId: string;
  /** The level of each project's heading, under the section's. */
  level: 3 | 4;
}) {
  const Heading = level === 3 ? "h3" : "h4";
  if (laureates.length === 0) return <p>Aucun projet retenu n'est présenté pour cet appel.</p>;
  return (
    <ul className="cards" aria-labelledby={headingId}>
      {laureates.map((laureate) => (
        <li key={laureate.id} className="card">
          <Heading className="card-title">{laureate.title}</Heading>
          <p className="small">
            <strong>Porté par :</strong>{" "}
            {laureate.members.map((member) => (member.isLead ? `${member.name} (chef de file)` : member.name)).join(", ")}.
          </p>
          {laureate.subAxes.length > 0 ? (
            <ul className="tags tags-labels" aria-label="Sous-axes">
              {laureate.subAxes.map((subAxis) => (
                <li key={subAxis.code} className="badge">
                  {subAxis.code} — {subAxis.label}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
