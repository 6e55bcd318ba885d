// Wording of the call's calendar and status, computed from the date rather than written in.
import type { CalendarEvent } from "./call";
import type { PublicCallStatus } from "./call-status";
import { formatDateTime, formatDay, formatRange } from "./format";

export function describeEventDate(event: CalendarEvent): string {
  if (event.precision === "approximate" && event.whenText) return event.whenText;
  const precision = event.precision === "datetime" ? "datetime" : "date";
  if (event.endsAt) return formatRange(event.startsAt, event.endsAt, precision);
  return precision === "datetime" ? formatDateTime(event.startsAt) : formatDay(event.startsAt);
}

/** An event is past once its end (or its start, when it has no end) is behind us. */
export function isPast(event: CalendarEvent, now: Date): boolean {
  return (event.endsAt ?? event.startsAt).getTime() < now.getTime();
}

/** One sentence on where the call stands; a closed call is said closed, never counted down. */
export function describeStatus(
  status: PublicCallStatus,
  call: { deadline: Date; publishedAt: Date | null; resultsPublishedAt?: Date | null },
): string {
  switch (status) {
    case "a-venir":
      return call.publishedAt
        ? // « ouvrira », not « sera publié »: the CCAS has published it (its staff page says so), it opens then.
          `Les candidatures ouvriront le ${formatDay(call.publishedAt)}. Date limite de dépôt : ${formatDateTime(call.deadline)}.`
        : "L'appel n'est pas encore publié.";
    case "ouvert":
      return `Les candidatures sont ouvertes jusqu'au ${formatDateTime(call.deadline)}.`;
    case "clos":
      return `Les candidatures sont closes depuis le ${formatDateTime(call.deadline)}.`;
    case "resultats":
      return call.resultsPublishedAt
        ? `Les candidatures sont closes depuis le ${formatDateTime(call.deadline)}. Les résultats ont été publiés le ${formatDay(call.resultsPublishedAt)}.`
        : `Les candidatures sont closes depuis le ${formatDateTime(call.deadline)}. Les résultats sont publiés.`;
  }
}
