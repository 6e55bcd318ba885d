import type { CallStatus } from "~/domain/call";

const HEADINGS: Record<CallStatus, string> = {
  upcoming: "Appel à venir",
  open: "Candidatures ouvertes",
  closed: "Candidatures closes",
};

export function CallStatusBanner({ status, text }: { status: CallStatus; text: string }) {
  return (
    <div className={`status status-${status}`} data-testid="call-status">
      <strong>{HEADINGS[status]}</strong>
      {text}
    </div>
  );
}
