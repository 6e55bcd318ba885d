// A call as its public pages present it (the home page) and as the CCAS previews a draft: one
// mapping from the stored call to what app/components/call-presentation.tsx shows, so that the
// preview cannot drift from the page it previews. Pure: dates are worded in Paris time.
import { describeEventDate, isPast } from "./calendar";
import type { CalendarEvent } from "./call";
import { formatDateTime, formatDay } from "./format";

export type CallPresentationSource = {
  slug: string;
  title: string;
  shortTitle: string;
  summary: string;
  organiser: string;
  audience: string;
  deadline: Date;
  yearlyEnvelope: number;
  minLaureates: number;
  maxLaureates: number;
  durationMonths: number;
  fundingYears: number;
  latestStart: Date;
  fundingNote: string;
  axes: readonly {
    code: string;
    title: string;
    summary: string;
    subAxes: readonly { code: string; title: string; summary: string; actions?: readonly { text: string }[] }[];
  }[];
  events: readonly CalendarEvent[];
  prerequisites: readonly { text: string }[];
  expenseCategories: readonly { code: string; label: string; description: string }[];
  documents: readonly { label: string; description: string; perMember: boolean }[];
  faqs: readonly { question: string; answer: string }[];
};

export function presentCall(call: CallPresentationSource, now: Date) {
  return {
    slug: call.slug,
    title: call.title,
    shortTitle: call.shortTitle,
    summary: call.summary,
    organiser: call.organiser,
    audience: call.audience,
    deadlineText: formatDateTime(call.deadline),
    yearlyEnvelope: call.yearlyEnvelope,
    minLaureates: call.minLaureates,
    maxLaureates: call.maxLaureates,
    durationMonths: call.durationMonths,
    fundingYears: call.fundingYears,
    latestStartText: formatDay(call.latestStart),
    fundingNote: call.fundingNote,
    axes: call.axes.map((axis) => ({
      code: axis.code,
      title: axis.title,
      summary: axis.summary,
      subAxes: axis.subAxes.map((subAxis) => ({
        code: subAxis.code,
        title: subAxis.title,
        summary: subAxis.summary,
        actions: subAxis.actions?.map((action) => action.text) ?? [],
      })),
    })),
    events: call.events.map((event) => ({
      kind: event.kind,
      title: event.title,
      when: describeEventDate(event),
      past: isPast(event, now),
    })),
    prerequisites: call.prerequisites.map((item) => item.text),
    expenseCategories: call.expenseCategories.map((item) => ({ ...item })),
    documents: call.documents.map((item) => ({ ...item })),
    faqs: call.faqs.map((item) => ({ ...item })),
  };
}
export type CallPresentationData = ReturnType<typeof presentCall>;

const COUNT_WORDS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"];

/** « L'axe », « Les deux axes », « Les trois axes »…: the heading of a call's axes, from their number. */
export function axesHeading(count: number): { heading: string; among: string } {
  if (count === 1) return { heading: "L'axe", among: "de l'axe" };
  const word = COUNT_WORDS[count];
  if (!word) return { heading: "Les axes", among: "de l'un des axes" };
  return { heading: `Les ${word} axes`, among: `de l'un des ${word} axes` };
}
