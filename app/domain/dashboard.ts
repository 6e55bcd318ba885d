// The CCAS dashboard's calendar and small sums, pure so that they can be tested without a database:
// weeks run Monday to Sunday in the call's time zone (Europe/Paris), whatever the server's.
import { localDay, TIME_ZONE } from "./format";

/** How many weeks the evolution charts show, the current one last. */
export const DASHBOARD_WEEKS = 12;

const hourFormat = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: TIME_ZONE,
});
const shortDayFormat = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "short", timeZone: TIME_ZONE });

/** The instant a calendar day ("YYYY-MM-DD") starts in Europe/Paris (UTC+1 or UTC+2; midnight always exists there). */
export function parisMidnight(day: string): Date {
  const utc = Date.parse(`${day}T00:00:00Z`);
  for (const hours of [1, 2]) {
    const candidate = new Date(utc - hours * 3_600_000);
    if (localDay(candidate) === day && hourFormat.format(candidate) === "00:00") return candidate;
  }
  throw new Error(`No midnight found in ${TIME_ZONE} for ${day}`);
}

/** "YYYY-MM-DD" plus `days` calendar days. */
function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export type Week = {
  /** Monday, "YYYY-MM-DD" in Europe/Paris. */
  monday: string;
  start: Date;
  /** The next Monday's start: the week is [start, end). */
  end: Date;
  /** « sem. du 3 nov. » */
  label: string;
  current: boolean;
};

/** The last `count` weeks, oldest first, the week of `now` (still running) last. */
export function lastWeeks(now: Date, count = DASHBOARD_WEEKS): Week[] {
  const today = localDay(now);
  // 0 = Monday … 6 = Sunday.
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
  const thisMonday = addDays(today, -weekday);
  return Array.from({ length: count }, (_unused, index) => {
    const monday = addDays(thisMonday, (index - count + 1) * 7);
    const start = parisMidnight(monday);
    return {
      monday,
      start,
      end: parisMidnight(addDays(monday, 7)),
      label: `sem. du ${shortDayFormat.format(start)}`,
      current: index === count - 1,
    };
  });
}

/** How many of `dates` fall in each week (dates outside every week are not counted). */
export function countByWeek(weeks: readonly Week[], dates: readonly (Date | null)[]): number[] {
  const counts = weeks.map(() => 0);
  for (const date of dates) {
    if (!date) continue;
    const time = date.getTime();
    const index = weeks.findIndex((week) => time >= week.start.getTime() && time < week.end.getTime());
    if (index >= 0) counts[index]! += 1;
  }
  return counts;
}

/** The median of the values, the mean of the two middle ones for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A duration as a person reads it: « 45 min », « 5 h », « 3,5 jours ». */
export function formatDuration(milliseconds: number): string {
  const minutes = Math.round(milliseconds / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = milliseconds / 3_600_000;
  if (hours < 48) return `${Math.round(hours)} h`;
  const days = Math.round((hours / 24) * 10) / 10;
  return `${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(days)} jours`;
}

/** « 12 % » of a part in a whole; « — » when the whole is 0. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part * 100) / whole)} %` : "—";
}
