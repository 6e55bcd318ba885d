const LABELS: Record<string, string> = {
  draft: "Brouillon",
  pending: "En attente de validation",
  published: "Publiée",
  rejected: "Refusée",
  unpublished: "Dépubliée",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="status-badge" data-status={status}>
      {LABELS[status] ?? status}
    </span>
  );
}
