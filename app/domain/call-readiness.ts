// Before a draft is published: what looks unfinished in it, most often what a copy of last year's
// call still carries (its dates, « (copie) » in the title, « -copie » in the address, last year's
// year in the texts). Blocking issues refuse the publication (a call already closed, a calendar out
// of order); the others are warnings the CCAS may publish past. Pure: the edit page, the publish
// page and publishCall all call this one function.
import { describeEventDate } from "./calendar";
import type { CalendarEvent } from "./call";
import { isPastDeadline } from "./call-status";
import { formatDateTime, formatDay, localDay, plural } from "./format";

export type ReadinessIssue = {
  /** A blocking issue refuses the publication; a warning only asks to check. */
  blocking: boolean;
  /** The edit page's section where it is fixed (its anchor). */
  part: "general" | "axes" | "calendar" | "parameters" | "documents" | "prerequisites" | "faqs";
  message: string;
};

export type ReadinessInput = {
  slug: string;
  title: string;
  shortTitle: string;
  deadline: Date;
  /** A calendar day (stored at UTC midnight). */
  latestStart: Date;
  latestStartLabel: string;
  events: readonly CalendarEvent[];
  /** How many sub-axes its axes have: ideas and groupements are tagged with them. */
  subAxisCount: number;
  /** The lists a copy carries over, checked for last year's years. */
  documents?: readonly { label: string; description: string }[];
  prerequisites?: readonly { text: string }[];
  faqs?: readonly { question: string; answer: string }[];
};

const COPY_TITLE = /\(copie\)\s*$/i;
const COPY_SLUG = /-copie(-\d+)?$/;

/**
 * The calendar's order, by kind of step: each pair says `before` comes before `after`. Webinars
 * come before the deadline, the interviews and the results after it, the first payment last.
 */
const ORDER: readonly { before: string; after: string; strict: boolean }[] = [
  { before: "publication", after: "deadline", strict: true },
  { before: "webinar", after: "deadline", strict: true },
  { before: "publication", after: "webinar", strict: false },
  { before: "deadline", after: "interviews", strict: true },
  { before: "deadline", after: "results", strict: true },
  { before: "interviews", after: "results", strict: false },
  { before: "results", after: "first-payment", strict: false },
  { before: "deadline", after: "first-payment", strict: true },
];

const yearOf = (date: Date) => Number(localDay(date).slice(0, 4));
const yearsIn = (text: string) => [...text.matchAll(/\b(20\d{2})\b/g)].map((match) => Number(match[1]));
const quote = (text: string) => `« ${text} »`;

/** The call's steps, its deadline as it is applied (the calendar's deadline step is saved into it). */
function stepsOf(call: Pick<ReadinessInput, "deadline" | "events">): CalendarEvent[] {
  const deadlineEvent: CalendarEvent = {
    kind: "deadline",
    title: call.events.find((event) => event.kind === "deadline")?.title ?? "Date limite de dépôt",
    startsAt: call.deadline,
    endsAt: null,
    precision: "datetime",
    whenText: null,
  };
  return [...call.events.filter((event) => event.kind !== "deadline"), deadlineEvent];
}

/** A publication day further behind than this is a copy's, not a few days' delay. */
const STALE_PUBLICATION_MS = 31 * 86_400_000;

const step = (event: CalendarEvent) => `${quote(event.title)} (${describeEventDate(event)})`;

/**
 * What no call may have, published or not: steps out of order, and a latest start before the
 * deadline. Checked before a publication, and on every change to a published call's calendar.
 */
export function calendarOrderIssues(call: Pick<ReadinessInput, "deadline" | "events" | "latestStart">): ReadinessIssue[] {
  const issues: ReadinessIssue[] = [];
  const events = stepsOf(call);
  for (const rule of ORDER) {
    for (const before of events.filter((event) => event.kind === rule.before))
      for (const after of events.filter((event) => event.kind === rule.after)) {
        const gap = after.startsAt.getTime() - before.startsAt.getTime();
        if (gap > 0 || (gap === 0 && !rule.strict)) continue;
        issues.push({
          blocking: true,
          part: "calendar",
          message: `Calendrier dans le désordre : ${step(before)} doit venir avant ${step(after)}.`,
        });
      }
  }
  if (localDay(call.latestStart) < localDay(call.deadline))
    issues.push({
      blocking: true,
      part: "parameters",
      message: `Le démarrage au plus tard (${formatDay(call.latestStart)}) vient avant la date limite de dépôt (${formatDateTime(call.deadline)}) : aucun projet ne pourrait le respecter.`,
    });
  return issues;
}

/** What to check before publishing `call` at `now`, blocking issues first. */
export function checkCallReadiness(call: ReadinessInput, now: Date): ReadinessIssue[] {
  const issues: ReadinessIssue[] = [];
  const deadlineText = formatDateTime(call.deadline);

  if (call.subAxisCount === 0)
    issues.push({
      blocking: true,
      part: "axes",
      message: "Un appel sans sous-axe ne peut pas être publié : ajoutez-en au moins un.",
    });

  if (isPastDeadline(call, now))
    issues.push({
      blocking: true,
      part: "calendar",
      message: `La date limite de dépôt (${deadlineText}) est passée : un appel déjà clos ne peut pas être publié. Choisissez une date limite à venir dans le calendrier.`,
    });

  issues.push(...calendarOrderIssues(call));

  // Warnings: dates already behind us. The publication may be, by a few days (the call then opens
  // at once); more than a month behind, it is a copy's, and the calendar would show it.
  for (const event of call.events) {
    if (event.kind === "deadline") continue;
    const behind = now.getTime() - (event.endsAt ?? event.startsAt).getTime();
    if (behind > (event.kind === "publication" ? STALE_PUBLICATION_MS : 0))
      issues.push({
        blocking: false,
        part: "calendar",
        message:
          event.kind === "publication"
            ? `${step(event)} est une date déjà passée : l'appel ouvrira dès sa publication, mais son calendrier affichera cette date.`
            : `${step(event)} est une date déjà passée.`,
      });
  }
  // A latest start behind us: said at once, before the deadline is moved past it (which then blocks).
  if (localDay(call.latestStart) < localDay(now) && localDay(call.latestStart) >= localDay(call.deadline))
    issues.push({
      blocking: false,
      part: "parameters",
      message: `Le démarrage au plus tard (${formatDay(call.latestStart)}) est une date déjà passée : aucun projet ne pourrait le respecter.`,
    });
  for (const event of call.events) {
    if (!event.whenText) continue;
    const span = [yearOf(event.startsAt), yearOf(event.endsAt ?? event.startsAt)];
    const stale = yearsIn(event.whenText).filter((year) => year < span[0]! || year > span[1]!);
    if (stale.length > 0)
      issues.push({
        blocking: false,
        part: "calendar",
        message: `La date en toutes lettres de ${quote(event.title)} (${quote(event.whenText)}) parle de ${stale.join(", ")}, sa date est en ${span[0] === span[1] ? span[0] : `${span[0]}–${span[1]}`}.`,
      });
  }
  const latestStartYear = yearOf(call.latestStart);
  if (yearsIn(call.latestStartLabel).some((year) => year !== latestStartYear))
    issues.push({
      blocking: false,
      part: "parameters",
      message: `Le démarrage au plus tard en toutes lettres (${quote(call.latestStartLabel)}) ne parle pas de ${latestStartYear}, l'année de sa date (${formatDay(call.latestStart)}).`,
    });

  // Warnings: what still says « copy », or a year before the call's.
  if (COPY_TITLE.test(call.title))
    issues.push({
      blocking: false,
      part: "general",
      message: `Le titre se termine encore par « (copie) » : ${quote(call.title)}.`,
    });
  if (COPY_TITLE.test(call.shortTitle))
    issues.push({
      blocking: false,
      part: "general",
      message: `Le titre court se termine encore par « (copie) » : ${quote(call.shortTitle)}.`,
    });
  if (COPY_SLUG.test(call.slug))
    issues.push({
      blocking: false,
      part: "general",
      message: `L'adresse de l'appel se termine encore par « -copie » (/${call.slug}) : elle ne pourra plus changer une fois l'appel publié.`,
    });
  // The call's years: from when it becomes public (now, if its publication date is behind us) to
  // its deadline. A year before both is last year's.
  const publication = call.events.find((event) => event.kind === "publication")?.startsAt;
  const opens = publication && publication.getTime() > now.getTime() ? publication : now;
  const firstYear = Math.min(yearOf(opens), yearOf(call.deadline));
  for (const [label, text] of [
    ["Le titre", call.title],
    ["Le titre court", call.shortTitle],
    ["L'adresse de l'appel", call.slug],
  ] as const) {
    const old = yearsIn(text).filter((year) => year < firstYear);
    if (old.length > 0)
      issues.push({
        blocking: false,
        part: "general",
        message: `${label} parle encore de ${old.join(", ")} : ${quote(text)}.`,
      });
  }
  const listTexts: (readonly [ReadinessIssue["part"], string, string])[] = [
    ...(call.documents ?? []).map((item) => ["documents", "Un document à fournir", `${item.label} ${item.description}`] as const),
    ...(call.prerequisites ?? []).map((item) => ["prerequisites", "Un prérequis", item.text] as const),
    ...(call.faqs ?? []).map((item) => ["faqs", "Une question fréquente", `${item.question} ${item.answer}`] as const),
  ];
  for (const [part, label, text] of listTexts) {
    const old = [...new Set(yearsIn(text).filter((year) => year < firstYear))];
    if (old.length > 0)
      issues.push({
        blocking: false,
        part,
        message: `${label} parle de ${old.join(", ")}, avant l'appel (${firstYear}) : ${quote(excerpt(text))}. À vérifier.`,
      });
  }
  return [...issues.filter((issue) => issue.blocking), ...issues.filter((issue) => !issue.blocking)];
}

/** A text's first 120 characters, on a word. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= 120) return flat;
  return `${flat.slice(0, 120).replace(/\s+\S*$/, "")}…`;
}

/** The refusal said above the issues that block a publication. */
export const PUBLICATION_REFUSED = "L'appel ne peut pas être publié :";

/**
 * The issues that refuse a publication, in French, one per line under PUBLICATION_REFUSED (glued
 * into one sentence they ran together: « …avant « Date limite ». Calendrier dans le désordre… »);
 * null when it may go.
 */
export function publicationRefusal(issues: readonly ReadinessIssue[]): string[] | null {
  const blocking = issues.filter((issue) => issue.blocking);
  return blocking.length === 0 ? null : blocking.map((issue) => issue.message);
}

/**
 * What the edit page says right after a publication, with the number of people publishCall told
 * (the leads of ideas and open groupements of the other calls), as the server recorded it.
 */
export function publishedNotice(told: number, { comingUntil }: { comingUntil?: Date | null } = {}): string {
  const who = plural(told, "personne", { none: "Aucune personne" });
  // Published ahead of its publication day, the site shows it « à venir » until then (« L'appel
  // ouvriront le … »): « L'appel est publié » alone read as a contradiction of the home page.
  const done = comingUntil
    ? `L'appel est publié : le site l'annonce « à venir » jusqu'au ${formatDay(comingUntil)}, jour de son ouverture.`
    : "L'appel est publié.";
  if (told === 0) return `${done} ${who} n'avait d'idée ou de groupement d'un autre appel à y rattacher.`;
  return told === 1
    ? `${done} ${who} portant une idée ou un groupement d'un autre appel en est informée : un message dans son espace, et un e-mail selon ses préférences.`
    : `${done} ${who} portant une idée ou un groupement d'un autre appel en sont informées : un message dans leur espace, et un e-mail selon leurs préférences.`;
}
