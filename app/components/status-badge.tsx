import { MODERATION_DELAY } from "~/domain/publication";

const LABELS: Record<string, string> = {
  draft: "Brouillon",
  pending: "En attente de validation",
  published: "Publiée",
  rejected: "Refusée",
  unpublished: "Dépubliée",
};

/** The publication status; while the CCAS has to decide, how long that usually takes. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <>
      <span className="status-badge" data-status={status}>
        {LABELS[status] ?? status}
      </span>
      {status === "pending" ? <span className="small status-delay"> {MODERATION_DELAY}</span> : null}
    </>
  );
}
