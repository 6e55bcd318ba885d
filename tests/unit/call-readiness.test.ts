// Before a call is published (what blocks it, what to check), when it counts as public, the French
// counts and notices that go with it, and how the presentation names its axes.
import { describe, expect, it } from "vitest";
import type { CalendarEvent } from "~/domain/call";
import { checkCallReadiness, publicationRefusal, publishedNotice, type ReadinessInput } from "~/domain/call-readiness";
import { axesHeading } from "~/domain/call-presentation";
import { laureatesArePublic, mayEnterLaureates, parisLocalToInstant, publicationInstant } from "~/domain/call-status";
import { plural } from "~/domain/format";

const paris = parisLocalToInstant;
const NOW = paris("2026-11-30", "10:00");

const event = (kind: string, title: string, day: string, extra: Partial<CalendarEvent> = {}): CalendarEvent => ({
  kind,
  title,
  startsAt: paris(day, "00:00"),
  endsAt: null,
  precision: "date",
  whenText: null,
  ...extra,
});

/** A 2027 call in order: published in January, deadline in March, results in June. */
const ready: ReadinessInput = {
  slug: "nantes-isolement-2027",
  title: "Appel à coopérations 2027",
  shortTitle: "Appel 2027",
  deadline: paris("2027-03-15", "18:00"),
  latestStart: new Date("2027-12-31T00:00:00Z"),
  latestStartLabel: "au plus tard fin 2027",
  subAxisCount: 6,
  events: [
    event("publication", "Publication", "2027-01-10"),
    event("webinar", "Webinaire", "2027-02-01"),
    event("deadline", "Date limite", "2027-03-15", { startsAt: paris("2027-03-15", "18:00"), precision: "datetime" }),
    event("interviews", "Auditions", "2027-04-10"),
    event("results", "Résultats", "2027-06-01", { precision: "approximate", whenText: "courant juin 2027" }),
  ],
};
const messages = (input: ReadinessInput, blocking: boolean) =>
  checkCallReadiness(input, NOW)
    .filter((issue) => issue.blocking === blocking)
    .map((issue) => issue.message);

describe("checkCallReadiness", () => {
  it("finds nothing in a call whose dates are ahead and in order", () => {
    expect(checkCallReadiness(ready, NOW)).toEqual([]);
    expect(publicationRefusal([])).toBeNull();
  });

  it("blocks a call without any sub-axis, in the axes' part of the edit page", () => {
    expect(checkCallReadiness({ ...ready, subAxisCount: 0 }, NOW)).toEqual([
      {
        blocking: true,
        part: "axes",
        message: "Un appel sans sous-axe ne peut pas être publié : ajoutez-en au moins un.",
      },
    ]);
    expect(checkCallReadiness({ ...ready, subAxisCount: 1 }, NOW)).toEqual([]);
  });

  it("warns of last year's years left in the documents, prerequisites and questions a copy carries over", () => {
    const copied = {
      ...ready,
      documents: [{ label: "Rapport d'activité 2024", description: "Le dernier approuvé." }],
      prerequisites: [{ text: "Commencer le projet au premier semestre 2026." }, { text: "Agir à Nantes en 2027." }],
      faqs: [{ question: "Peut-on candidater seul ?", answer: "Non, comme en 2025 et en 2025." }],
    };
    expect(messages(copied, false)).toEqual([
      "Un document à fournir parle de 2024, avant l'appel (2027) : « Rapport d'activité 2024 Le dernier approuvé. ». À vérifier.",
      "Un prérequis parle de 2026, avant l'appel (2027) : « Commencer le projet au premier semestre 2026. ». À vérifier.",
      "Une question fréquente parle de 2025, avant l'appel (2027) : « Peut-on candidater seul ? Non, comme en 2025 et en 2025. ». À vérifier.",
    ]);
    expect(checkCallReadiness(copied, NOW).map((issue) => issue.part)).toEqual(["documents", "prerequisites", "faqs"]);
  });

  it("blocks a deadline already past, at the minute, in Paris time", () => {
    const closing = { ...ready, deadline: paris("2026-11-30", "11:00"), latestStart: new Date("2027-12-31T00:00:00Z") };
    const events = ready.events.filter((item) => item.kind === "publication" || item.kind === "webinar");
    const input = { ...closing, events: events.map((item) => ({ ...item, startsAt: paris("2026-11-01", "00:00") })) };
    expect(messages(input, true)).toEqual([]);
    expect(messages({ ...input, deadline: paris("2026-11-30", "10:00") }, true)).toEqual([
      "La date limite de dépôt (30 novembre 2026 à 10 h) est passée : un appel déjà clos ne peut pas être publié. Choisissez une date limite à venir dans le calendrier.",
    ]);
  });

  it("blocks a calendar out of order and a latest start before the deadline", () => {
    const input: ReadinessInput = {
      ...ready,
      latestStart: new Date("2027-03-01T00:00:00Z"),
      latestStartLabel: "au plus tard en mars 2027",
      events: ready.events.map((item) =>
        item.kind === "publication"
          ? { ...item, startsAt: paris("2027-04-01", "00:00") }
          : item.kind === "interviews"
            ? { ...item, startsAt: paris("2027-07-01", "00:00") }
            : item,
      ),
    };
    expect(messages(input, true)).toEqual([
      "Calendrier dans le désordre : « Publication » (1er avril 2027) doit venir avant « Date limite » (15 mars 2027 à 18 h).",
      "Calendrier dans le désordre : « Publication » (1er avril 2027) doit venir avant « Webinaire » (1er février 2027).",
      "Calendrier dans le désordre : « Auditions » (1er juillet 2027) doit venir avant « Résultats » (courant juin 2027).",
      "Le démarrage au plus tard (1er mars 2027) vient avant la date limite de dépôt (15 mars 2027 à 18 h) : aucun projet ne pourrait le respecter.",
    ]);
    // Each issue on its own line, under the refusal.
    expect(publicationRefusal(checkCallReadiness(input, NOW))).toEqual(messages(input, true));
  });

  it("lets a publication date behind us pass, while the deadline is ahead", () => {
    const input = {
      ...ready,
      events: ready.events.map((item) =>
        item.kind === "publication" ? { ...item, startsAt: paris("2026-11-02", "00:00") } : item,
      ),
    };
    expect(checkCallReadiness(input, NOW)).toEqual([]);
  });

  it("warns of what a copy keeps: « (copie) », « -copie », last year's year, past dates, stale dates in words", () => {
    const copy: ReadinessInput = {
      ...ready,
      slug: "nantes-isolement-2025-copie-2",
      title: "Appel à coopérations (copie)",
      shortTitle: "Appel à coopérations 2025 (copie)",
      latestStartLabel: "au plus tard au premier semestre 2026",
      events: [
        ...ready.events.filter((item) => item.kind !== "results"),
        event("webinar", "Webinaire de rentrée", "2026-09-15"),
        event("results", "Résultats", "2027-06-01", { precision: "approximate", whenText: "courant juin 2026" }),
      ],
    };
    expect(messages(copy, true)).toEqual([
      "Calendrier dans le désordre : « Publication » (10 janvier 2027) doit venir avant « Webinaire de rentrée » (15 septembre 2026).",
    ]);
    expect(messages(copy, false)).toEqual([
      "« Webinaire de rentrée » (15 septembre 2026) est une date déjà passée.",
      "La date en toutes lettres de « Résultats » (« courant juin 2026 ») parle de 2026, sa date est en 2027.",
      "Le démarrage au plus tard en toutes lettres (« au plus tard au premier semestre 2026 ») ne parle pas de 2027, l'année de sa date (31 décembre 2027).",
      "Le titre se termine encore par « (copie) » : « Appel à coopérations (copie) ».",
      "Le titre court se termine encore par « (copie) » : « Appel à coopérations 2025 (copie) ».",
      "L'adresse de l'appel se termine encore par « -copie » (/nantes-isolement-2025-copie-2) : elle ne pourra plus changer une fois l'appel publié.",
      "Le titre court parle encore de 2025 : « Appel à coopérations 2025 (copie) ».",
      "L'adresse de l'appel parle encore de 2025 : « nantes-isolement-2025-copie-2 ».",
    ]);
  });

  it("warns of a publication day and a latest start already behind us, as copied from last year", () => {
    const copied: ReadinessInput = {
      ...ready,
      deadline: paris("2025-07-16", "18:00"),
      latestStart: new Date("2026-06-30T00:00:00Z"),
      latestStartLabel: "30 juin 2026",
      events: [
        event("publication", "Publication de l'appel", "2025-04-30"),
        event("deadline", "Date limite", "2025-07-16", { startsAt: paris("2025-07-16", "18:00"), precision: "datetime" }),
      ],
    };
    expect(messages(copied, false)).toEqual(
      expect.arrayContaining([
        "« Publication de l'appel » (30 avril 2025) est une date déjà passée : l'appel ouvrira dès sa publication, mais son calendrier affichera cette date.",
        "Le démarrage au plus tard (30 juin 2026) est une date déjà passée : aucun projet ne pourrait le respecter.",
      ]),
    );
    // Once the deadline is moved ahead, the latest start before it blocks, and is said once.
    const moved = { ...copied, deadline: paris("2027-03-15", "18:00") };
    expect(messages(moved, true).filter((message) => message.includes("démarrage au plus tard"))).toHaveLength(1);
    expect(messages(moved, false).filter((message) => message.includes("démarrage au plus tard"))).toEqual([]);
  });

  it("does not call a call published in December for the next year stale", () => {
    const december = {
      ...ready,
      title: "Appel 2026-2027",
      slug: "appel-2026-2027",
      events: ready.events.map((item) =>
        item.kind === "publication" ? { ...item, startsAt: paris("2026-12-10", "00:00") } : item,
      ),
    };
    expect(checkCallReadiness(december, NOW)).toEqual([]);
  });
});

describe("publicationInstant", () => {
  it("keeps a publication date ahead, and never stores one behind us", () => {
    const ahead = paris("2027-01-10", "00:00");
    expect(publicationInstant(ahead, NOW)).toEqual(ahead);
    expect(publicationInstant(paris("2025-04-30", "00:00"), NOW)).toEqual(NOW);
    expect(publicationInstant(null, NOW)).toEqual(NOW);
    // Already public: it stays public from when it was.
    const was = paris("2026-11-02", "09:00");
    expect(publicationInstant(paris("2025-04-30", "00:00"), NOW, was)).toEqual(was);
    expect(publicationInstant(ahead, NOW, was)).toEqual(ahead);
  });
});

describe("laureates in time", () => {
  it("shows entered laureates once the call is closed, the platform's decisions once the results are out", () => {
    const open = { draft: false, deadline: paris("2026-12-01", "18:00"), resultsPublishedAt: null };
    const closed = { ...open, deadline: paris("2026-11-30", "09:59") };
    expect(laureatesArePublic(open, NOW)).toEqual({ decisions: false, entered: false });
    expect(laureatesArePublic(closed, NOW)).toEqual({ decisions: false, entered: true });
    expect(laureatesArePublic({ ...closed, resultsPublishedAt: NOW }, NOW)).toEqual({ decisions: true, entered: true });
    expect(mayEnterLaureates(open, NOW)).toBe(false);
    expect(mayEnterLaureates(closed, NOW)).toBe(true);
    expect(mayEnterLaureates({ ...closed, draft: true }, NOW)).toBe(false);
  });
});

describe("French counts", () => {
  it("writes 0 and 1 in the singular, « aucune » when given, and groups thousands", () => {
    expect(plural(0, "personne", { none: "aucune personne" })).toBe("aucune personne");
    expect(plural(0, "personne")).toBe("0 personne");
    expect(plural(1, "personne")).toBe("1 personne");
    expect(plural(2, "personne")).toBe("2 personnes");
    expect(plural(2, "travail", { many: "travaux" })).toBe("2 travaux");
    expect(plural(1200, "personne")).toBe("1\u202f200 personnes");
  });

  it("says how many people a publication told, in agreement", () => {
    expect(publishedNotice(0)).toBe(
      "L'appel est publié. Aucune personne n'avait d'idée ou de groupement d'un autre appel à y rattacher.",
    );
    expect(publishedNotice(1)).toMatch(
      /^L'appel est publié\. 1 personne portant une idée .+ en est informée : un message dans son espace/,
    );
    expect(publishedNotice(3)).toMatch(
      /^L'appel est publié\. 3 personnes portant une idée .+ en sont informées : un message dans leur espace/,
    );
    // Published ahead of its day: it says what the site shows until then, as the home page does.
    expect(publishedNotice(0, { comingUntil: new Date("2027-01-10T08:00:00Z") })).toBe(
      "L'appel est publié : le site l'annonce « à venir » jusqu'au 10 janvier 2027, jour de son ouverture. Aucune personne n'avait d'idée ou de groupement d'un autre appel à y rattacher.",
    );
  });

  it("names a call's axes by their number", () => {
    expect(axesHeading(1)).toEqual({ heading: "L'axe", among: "de l'axe" });
    expect(axesHeading(2)).toEqual({ heading: "Les deux axes", among: "de l'un des deux axes" });
    expect(axesHeading(3).heading).toBe("Les trois axes");
    expect(axesHeading(12).heading).toBe("Les axes");
  });
});
