// Wording of the call's calendar and status, computed from the date rather than written in.
import type { CalendarEvent, CallStatus } from "./call";
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

export function describeStatus(status: CallStatus, call: { deadline: Date; publishedAt: Date | null }): string {
  switch (status) {
    case "upcoming":
      return call.publishedAt ? `L'appel sera publié le ${formatDay(call.publishedAt)}.` : "L'appel n'est pas encore publié.";
    case "open":
      return `Les candidatures sont ouvertes jusqu'au ${formatDateTime(call.deadline)}.`;
    case "closed":
      return `Les candidatures sont closes depuis le ${formatDateTime(call.deadline)}.`;
  }
}
