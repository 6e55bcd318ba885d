// Where a call stands in time, and which call the public sees as "the" call. Pure: no I/O.
//
// Every instant is stored in UTC; the call's hours are Paris hours (the 2025 deadline is 16 July
// 2025 at 18:00 in Nantes, 16:00 UTC). The helpers below turn a Paris date and time typed in a
// form into that instant and back, so no page, form or test does time-zone arithmetic of its own.
import { formatDateTime, formatDay, localDay, TIME_ZONE } from "./format";

/** `brouillon` is never shown to the public; the four others are the statuses of /api/calls. */
export type CallStatus = "brouillon" | "a-venir" | "ouvert" | "clos" | "resultats";
export type PublicCallStatus = Exclude<CallStatus, "brouillon">;
export const PUBLIC_CALL_STATUSES = ["a-venir", "ouvert", "clos", "resultats"] as const satisfies readonly PublicCallStatus[];

export type CallTimes = {
  draft: boolean;
  /** Null: published with no announced date (treated as already published). */
  publishedAt: Date | null;
  deadline: Date;
  resultsPublishedAt: Date | null;
};

/**
 * The deadline is an instant: applications are taken strictly before it (17:59:59.999 Paris on
 * the deadline day is in time, 18:00:00 is not). The one comparison the status and the filing
 * of a groupement both use.
 */
export function isPastDeadline(call: Pick<CallTimes, "deadline">, now: Date): boolean {
  return now.getTime() >= call.deadline.getTime();
}

/**
 * Why a groupement can no longer be marked « déposé » at `now`, or null while it still can: the
 * deadline has passed. With the day typed as the filing day, also why that day cannot be it: after
 * the deadline's day in Paris, after today (a filing not made yet), or before the groupement
 * existed (`createdAt`) — the probe recorded a filing two years back on a groupement made that day.
 */
export function filingRefusal(
  call: Pick<CallTimes, "deadline">,
  now: Date,
  day?: string,
  createdAt?: Date,
): { field: "date" | null; message: string } | null {
  const deadline = formatDateTime(call.deadline);
  if (isPastDeadline(call, now))
    return {
      field: null,
      message: `La date limite de dépôt de cet appel (${deadline}) est passée : le dossier ne peut plus être marqué comme déposé.`,
    };
  if (day === undefined) return null;
  if (day > localDay(call.deadline))
    return { field: "date", message: `Le dépôt ne peut pas dater d'après la date limite de l'appel (${deadline}).` };
  if (day > localDay(now))
    return { field: "date", message: "Le dépôt ne peut pas dater d'après aujourd'hui : indiquez le jour où il a été fait." };
  if (createdAt && day < localDay(createdAt))
    return {
      field: "date",
      message: `Le dépôt ne peut pas dater d'avant la création du groupement (le ${formatDay(createdAt)}).`,
    };
  return null;
}

/** The days the filing form offers (Paris): from the groupement's creation to today, not past the deadline's day. */
export function filingDays(call: Pick<CallTimes, "deadline">, now: Date, createdAt: Date): { min: string; max: string } {
  const deadlineDay = localDay(call.deadline);
  const today = localDay(now);
  return { min: localDay(createdAt), max: today < deadlineDay ? today : deadlineDay };
}

/** Where a call stands at `now`. */
export function callStatus(call: CallTimes, now: Date): CallStatus {
  return call.draft ? "brouillon" : publicCallStatus(call, now);
}

/** Where a call that is not a draft stands at `now`. */
export function publicCallStatus(call: Omit<CallTimes, "draft">, now: Date): PublicCallStatus {
  if (call.publishedAt && now.getTime() < call.publishedAt.getTime()) return "a-venir";
  if (call.resultsPublishedAt && now.getTime() >= call.resultsPublishedAt.getTime()) return "resultats";
  return isPastDeadline(call, now) ? "clos" : "ouvert";
}

/**
 * The instant a call is public from, stored as its `publishedAt`: its calendar's publication date
 * while that is still ahead (the call is « à venir » until then); else the moment it was made
 * public — `alreadyPublic` when it was already, `now` when it is being published. A publication
 * date behind us never goes in: a copy of last year's call published today would claim to have
 * been public for a year (/ccas/appels showed the 2025 date for a call published in 2026).
 */
export function publicationInstant(calendarDate: Date | null | undefined, now: Date, alreadyPublic?: Date | null): Date {
  if (calendarDate && calendarDate.getTime() > now.getTime()) return calendarDate;
  if (alreadyPublic && alreadyPublic.getTime() <= now.getTime()) return alreadyPublic;
  return now;
}

/**
 * Which of a call's laureates the public sees at `now`: the platform's decisions once the CCAS
 * published the results; the laureates it entered by hand (announced outside the platform, as the
 * 2025 call's were) once the call is closed — entering them is announcing them, and a call has
 * laureates only after its deadline (the CCAS enters them from then on: mayEnterLaureates).
 */
export function laureatesArePublic(
  call: Pick<CallTimes, "deadline" | "resultsPublishedAt">,
  now: Date,
): { decisions: boolean; entered: boolean } {
  return {
    decisions: call.resultsPublishedAt !== null && call.resultsPublishedAt.getTime() <= now.getTime(),
    entered: isPastDeadline(call, now),
  };
}

/** Whether the CCAS may enter a call's laureates at `now`: a published call whose deadline passed. */
export function mayEnterLaureates(call: Pick<CallTimes, "draft" | "deadline">, now: Date): boolean {
  return !call.draft && isPastDeadline(call, now);
}

/** Open or coming: a call people can still prepare for. */
export function isOpenOrComing(status: CallStatus): boolean {
  return status === "ouvert" || status === "a-venir";
}

type Orderable = CallTimes & { createdAt: Date };

const time = (date: Date | null) => date?.getTime() ?? Number.NEGATIVE_INFINITY;

/**
 * The call the public sees as current at `now`: the one open now (the most recently published if
 * several are), else the next one to be published, else the one whose deadline passed last.
 * Drafts never. Null when there is no public call.
 */
export function pickCurrentCall<T extends Orderable>(calls: readonly T[], now: Date): T | null {
  const visible = calls.filter((call) => !call.draft);
  const byStatus = (wanted: (status: CallStatus) => boolean) => visible.filter((call) => wanted(callStatus(call, now)));
  const latestFirst = (a: T, b: T) => time(b.publishedAt) - time(a.publishedAt) || b.createdAt.getTime() - a.createdAt.getTime();
  const open = byStatus((status) => status === "ouvert").sort(latestFirst);
  if (open[0]) return open[0];
  const coming = byStatus((status) => status === "a-venir").sort(
    (a, b) => time(a.publishedAt) - time(b.publishedAt) || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  if (coming[0]) return coming[0];
  const closed = byStatus((status) => status === "clos" || status === "resultats").sort(
    (a, b) => b.deadline.getTime() - a.deadline.getTime() || latestFirst(a, b),
  );
  return closed[0] ?? null;
}

/** Public calls, the current one first, then the others by publication date, latest first. */
export function orderPublicCalls<T extends Orderable>(calls: readonly T[], now: Date): T[] {
  const current = pickCurrentCall(calls, now);
  const others = calls
    .filter((call) => !call.draft && call !== current)
    .sort((a, b) => time(b.publishedAt) - time(a.publishedAt) || b.createdAt.getTime() - a.createdAt.getTime());
  return current ? [current, ...others] : others;
}

/**
 * The call closed most recently at `now` other than `except` (the home page shows it under the
 * open or coming one, with its laureates once the results are out).
 */
export function pickLastClosedCall<T extends Orderable>(calls: readonly T[], now: Date, except?: T | null): T | null {
  const closed = calls
    .filter((call) => call !== except && !call.draft)
    .filter((call) => ["clos", "resultats"].includes(callStatus(call, now)))
    .sort((a, b) => b.deadline.getTime() - a.deadline.getTime());
  return closed[0] ?? null;
}

// --- Paris wall-clock time <-> instants -------------------------------------------------------

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function parisParts(instant: Date) {
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Milliseconds of a UTC date and time; unlike Date.UTC, the years 0–99 stay themselves (not 1900–1999). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second);
  return date.getTime();
}

/** Paris's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function parisOffset(instantMs: number): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const parts = parisParts(new Date(whole));
  return utcMs(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second) - whole;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** How a Paris date and time maps to instants: once, never (spring forward) or twice (fall back). */
export type ParisLocalKind = "exact" | "gap" | "overlap";

function resolveParisLocal(date: string, time: string): { instant: Date; kind: ParisLocalKind } {
  const day = DATE.exec(date);
  const clock = TIME.exec(time);
  if (!day || !clock) throw new RangeError(`Expected "YYYY-MM-DD" and "HH:MM", got "${date}" "${time}"`);
  const [year, month, dayOfMonth, hour, minute] = [day[1], day[2], day[3], clock[1], clock[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = utcMs(year, month, dayOfMonth, hour, minute);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== dayOfMonth ||
    hour > 23 ||
    minute > 59
  )
    throw new RangeError(`No such date or time: "${date}" "${time}"`);
  // The offsets in force a few hours either side: Paris changes offset at most once in that span.
  const before = parisOffset(wall - 6 * 3600_000);
  const after = parisOffset(wall + 6 * 3600_000);
  const fits = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => parisOffset(instant) === wall - instant)
    .sort((a, b) => a - b);
  if (fits.length === 2) return { instant: new Date(fits[0]!), kind: "overlap" };
  if (fits.length === 1) return { instant: new Date(fits[0]!), kind: "exact" };
  // Skipped by the clocks: read with the offset in force before the change, as clocks do (02:30 → 03:30).
  return { instant: new Date(wall - before), kind: "gap" };
}

/**
 * The instant of a date and time on Paris clocks: `parisLocalToInstant("2025-07-16", "18:00")` is
 * 2025-07-16T16:00:00.000Z. Throws a RangeError on a malformed or non-existent date or time.
 *
 * Daylight-saving changes (last Sundays of March and October):
 * - a time the clocks skip (02:00–02:59 on the spring day) is read with the winter offset, so it
 *   lands the same length of time after 02:00 winter time: 02:30 becomes 03:30 summer time;
 * - a time the clocks show twice (02:00–02:59 on the autumn day) is the first of the two (summer
 *   time), the earlier instant: a deadline typed then never ends up later than the person meant.
 * `parisLocalKind` says which case applies, for a form that wants to warn.
 */
export function parisLocalToInstant(date: string, time: string): Date {
  return resolveParisLocal(date, time).instant;
}

export function parisLocalKind(date: string, time: string): ParisLocalKind {
  return resolveParisLocal(date, time).kind;
}

/**
 * The date and time Paris clocks show at an instant, as a form's date and time fields want them
 * (minutes; seconds dropped). The two instants of an autumn overlap both read "02:30".
 */
export function instantToParisLocal(instant: Date): { date: string; time: string } {
  const parts = parisParts(instant);
  const pad = (value: number, length = 2) => String(value).padStart(length, "0");
  return {
    date: `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`,
    time: `${pad(parts.hour)}:${pad(parts.minute)}`,
  };
}
