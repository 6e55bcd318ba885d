// The shape of a call as data, and what pages compute from it. Pure: no I/O.
import type { RecommendationWeights } from "./recommendation";
import type { BudgetCategoryCode } from "./taxonomy";

export type CallEventKind = "publication" | "webinar" | "deadline" | "interviews" | "results" | "first-payment";
export type DatePrecision = "datetime" | "date" | "approximate";

export type CallEventData = {
  kind: CallEventKind;
  title: string;
  /** ISO 8601 with its offset, e.g. "2025-05-15T12:30:00+02:00". */
  startsAt: string;
  endsAt?: string;
  precision: DatePrecision;
  /** Wording used when the dates are approximate. */
  whenText?: string;
};

export type CallData = {
  slug: string;
  title: string;
  shortTitle: string;
  summary: string;
  organiser: string;
  audience: string;
  /** ISO 8601 instant with offset. */
  deadline: string;
  yearlyEnvelope: number;
  minLaureates: number;
  maxLaureates: number;
  durationMonths: number;
  fundingYears: number;
  /** Last day a project may start, "YYYY-MM-DD". */
  latestStart: string;
  latestStartLabel: string;
  fundingNote: string;
  minMembers: number;
  prerequisites: string[];
  axes: {
    code: string;
    title: string;
    summary: string;
    subAxes: { code: string; title: string; summary: string; actions: string[] }[];
  }[];
  events: CallEventData[];
  expenseCategories: { code: BudgetCategoryCode; label: string; description: string }[];
  documents: { label: string; description: string; perMember: boolean }[];
  faqs: { question: string; answer: string }[];
  pastLaureates: { year: number; theme: string; title: string; summary: string; carriers: string }[];
  /** Points of the partner recommendations' reasons (DOMAIN.md): the CCAS may tune them per call. */
  recommendationWeights: RecommendationWeights;
  /** The selection criteria the CCAS scores filed groupements on, each from 0 to its maxScore. */
  criteria: CallCriterionData[];
};

export type CallCriterionData = { code: string; label: string; description: string; maxScore: number };

/** All sub-axis codes of a call, in order. */
type NamedSubAxis = { code: string; title: string };

/** A sub-axis as lists, filters and tags name it: « 1.1 — Repérer l'isolement social au travail ». */
export const subAxisOption = (subAxis: NamedSubAxis) => ({ code: subAxis.code, label: `${subAxis.code} — ${subAxis.title}` });

/** Every sub-axis of these axes, in their order, as options. */
export function subAxisOptions(axes: readonly { subAxes: readonly NamedSubAxis[] }[]) {
  return axes.flatMap((axis) => axis.subAxes.map(subAxisOption));
}

export function subAxisCodes(call: Pick<CallData, "axes">): string[] {
  return call.axes.flatMap((axis) => axis.subAxes.map((subAxis) => subAxis.code));
}

export type CalendarEvent = {
  kind: string;
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  precision: string;
  whenText: string | null;
};
