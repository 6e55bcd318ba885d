import { describe, expect, it } from "vitest";
import { describeEventDate, describeStatus, isPast } from "~/domain/calendar";
import { subAxisCodes } from "~/domain/call";
import { CALLS, DEFAULT_CALL_SLUG, nantesIsolement2025 as call } from "~/domain/calls/nantes-isolement-2025";
import { BUDGET_CATEGORIES } from "~/domain/taxonomy";

const deadline = new Date(call.deadline);
const publishedAt = new Date("2025-04-30T00:00:00+02:00");

describe("the 2025 call as data", () => {
  it("has the call's sub-axis codes, in order", () => {
    expect(subAxisCodes(call)).toEqual(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]);
  });

  it("closes on 16 July 2025 at 18:00 Paris time", () => {
    expect(deadline.toISOString()).toBe("2025-07-16T16:00:00.000Z");
  });

  it("holds the call's parameters", () => {
    expect(call).toMatchObject({
      slug: "nantes-isolement-2025",
      yearlyEnvelope: 250_000,
      minLaureates: 3,
      maxLaureates: 5,
      durationMonths: 24,
      fundingYears: 2,
      latestStart: "2026-06-30",
      minMembers: 2,
    });
    expect(DEFAULT_CALL_SLUG).toBe("nantes-isolement-2025");
    expect(CALLS.map((item) => item.slug)).toEqual(["nantes-isolement-2025"]);
  });

  it("lists its calendar in chronological order, with both webinars", () => {
    const starts = call.events.map((event) => new Date(event.startsAt).getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(call.events.filter((event) => event.kind === "webinar")).toHaveLength(2);
    expect(call.events.find((event) => event.kind === "deadline")?.startsAt).toBe(call.deadline);
  });

  it("uses the budget category codes of DOMAIN.md", () => {
    expect(call.expenseCategories.map((category) => category.code)).toEqual(BUDGET_CATEGORIES.map((category) => category.code));
  });

  it("presents five 2024 laureates", () => {
    expect(call.pastLaureates.filter((laureate) => laureate.year === 2024)).toHaveLength(5);
  });
});

describe("calendar wording", () => {
  it("says applications closed, with the date computed from the deadline", () => {
    expect(describeStatus("clos", { deadline, publishedAt })).toBe(
      "Les candidatures sont closes depuis le 16 juillet 2025 à 18 h.",
    );
    expect(describeStatus("ouvert", { deadline, publishedAt })).toBe(
      "Les candidatures sont ouvertes jusqu'au 16 juillet 2025 à 18 h.",
    );
    expect(describeStatus("a-venir", { deadline, publishedAt })).toBe(
      "Les candidatures ouvriront le 30 avril 2025. Date limite de dépôt : 16 juillet 2025 à 18 h.",
    );
    expect(describeStatus("resultats", { deadline, publishedAt, resultsPublishedAt: new Date("2025-11-04T09:00:00Z") })).toBe(
      "Les candidatures sont closes depuis le 16 juillet 2025 à 18 h. Les résultats ont été publiés le 4 novembre 2025.",
    );
  });

  const eventOf = (kind: string) => {
    const event = call.events.find((item) => item.kind === kind)!;
    return {
      ...event,
      startsAt: new Date(event.startsAt),
      endsAt: event.endsAt ? new Date(event.endsAt) : null,
      whenText: event.whenText ?? null,
    };
  };

  it("describes each kind of date", () => {
    expect(describeEventDate(eventOf("publication"))).toBe("30 avril 2025");
    expect(describeEventDate(eventOf("webinar"))).toBe("15 mai 2025, de 12 h 30 à 13 h 30");
    expect(describeEventDate(eventOf("deadline"))).toBe("16 juillet 2025 à 18 h");
    expect(describeEventDate(eventOf("interviews"))).toBe("18 et 19 septembre 2025");
    expect(describeEventDate(eventOf("results"))).toBe("courant octobre / début novembre 2025");
  });

  it("marks an event past once it has ended", () => {
    const webinar = eventOf("webinar");
    expect(isPast(webinar, new Date("2025-05-15T11:00:00Z"))).toBe(false);
    expect(isPast(webinar, new Date("2025-05-15T11:31:00Z"))).toBe(true);
  });
});
