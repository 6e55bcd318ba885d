import { describe, expect, it } from "vitest";
import {
  callStatus,
  instantToParisLocal,
  isPastDeadline,
  orderPublicCalls,
  parisLocalKind,
  parisLocalToInstant,
  pickCurrentCall,
  pickLastClosedCall,
  type CallTimes,
} from "~/domain/call-status";
import { formatDateTime } from "~/domain/format";

const paris = parisLocalToInstant;

/** The 2025 call: published 30 April 2025, deadline 16 July 2025 at 18:00 Paris. */
const call2025: CallTimes = {
  draft: false,
  publishedAt: paris("2025-04-30", "00:00"),
  deadline: paris("2025-07-16", "18:00"),
  resultsPublishedAt: null,
};

describe("callStatus", () => {
  it("takes the 2025 deadline as 18:00 Paris, 16:00 UTC", () => {
    expect(call2025.deadline.toISOString()).toBe("2025-07-16T16:00:00.000Z");
    expect(formatDateTime(call2025.deadline)).toBe("16 juillet 2025 à 18 h");
  });

  it("is open at 17:59 Paris on the deadline day and closed at 18:01", () => {
    expect(callStatus(call2025, paris("2025-07-16", "17:59"))).toBe("ouvert");
    expect(callStatus(call2025, paris("2025-07-16", "18:01"))).toBe("clos");
  });

  it("closes at the deadline instant itself, not a millisecond later", () => {
    expect(callStatus(call2025, new Date(call2025.deadline.getTime() - 1))).toBe("ouvert");
    expect(callStatus(call2025, call2025.deadline)).toBe("clos");
    expect(isPastDeadline(call2025, call2025.deadline)).toBe(true);
    expect(isPastDeadline(call2025, new Date(call2025.deadline.getTime() - 1))).toBe(false);
  });

  it("is still closed today (30 November 2026), with no results published", () => {
    expect(callStatus(call2025, new Date("2026-11-30T08:00:00Z"))).toBe("clos");
  });

  it("is coming before its publication, open with no announced publication date", () => {
    expect(callStatus(call2025, paris("2025-04-29", "23:59"))).toBe("a-venir");
    expect(callStatus(call2025, paris("2025-04-30", "00:00"))).toBe("ouvert");
    expect(callStatus({ ...call2025, publishedAt: null }, paris("2025-01-01", "12:00"))).toBe("ouvert");
  });

  it("shows results once they are published, not before", () => {
    const withResults = { ...call2025, resultsPublishedAt: paris("2025-11-04", "10:00") };
    expect(callStatus(withResults, paris("2025-11-04", "09:59"))).toBe("clos");
    expect(callStatus(withResults, paris("2025-11-04", "10:00"))).toBe("resultats");
  });

  it("keeps a draft a draft whatever its dates", () => {
    for (const now of ["2025-01-01", "2025-05-01", "2026-01-01"]) {
      expect(callStatus({ ...call2025, draft: true }, paris(now, "12:00"))).toBe("brouillon");
    }
  });

  it("puts a summer-time deadline (29 March 2027, after the spring change) at 16:00 UTC, a winter one (31 October 2026) at 17:00 UTC", () => {
    // Published in winter, closing in summer: the offset of the deadline is the one in force that day.
    const spring = { ...call2025, publishedAt: paris("2027-01-15", "09:00"), deadline: paris("2027-03-29", "18:00") };
    expect(spring.publishedAt.toISOString()).toBe("2027-01-15T08:00:00.000Z");
    expect(spring.deadline.toISOString()).toBe("2027-03-29T16:00:00.000Z");
    expect(callStatus(spring, paris("2027-03-29", "17:59"))).toBe("ouvert");
    expect(callStatus(spring, paris("2027-03-29", "18:01"))).toBe("clos");
    // 17:30 UTC is 19:30 Paris that day: closed, although it would be 18:30 under the winter offset.
    expect(callStatus(spring, new Date("2027-03-29T16:30:00Z"))).toBe("clos");
    expect(formatDateTime(spring.deadline)).toBe("29 mars 2027 à 18 h");

    // Published in summer, closing in winter.
    const autumn = { ...call2025, publishedAt: paris("2026-09-01", "09:00"), deadline: paris("2026-10-31", "18:00") };
    expect(autumn.publishedAt.toISOString()).toBe("2026-09-01T07:00:00.000Z");
    expect(autumn.deadline.toISOString()).toBe("2026-10-31T17:00:00.000Z");
    expect(callStatus(autumn, paris("2026-10-31", "17:59"))).toBe("ouvert");
    expect(callStatus(autumn, paris("2026-10-31", "18:01"))).toBe("clos");
    // 16:30 UTC is 17:30 Paris in winter: still open, although it would be 18:30 under the summer offset.
    expect(callStatus(autumn, new Date("2026-10-31T16:30:00Z"))).toBe("ouvert");
    expect(formatDateTime(autumn.deadline)).toBe("31 octobre 2026 à 18 h");
  });

  it("closes at 18:00 Paris on the very days the clocks change", () => {
    const springDay = { ...call2025, deadline: paris("2026-03-29", "18:00") };
    expect(springDay.deadline.toISOString()).toBe("2026-03-29T16:00:00.000Z");
    expect(callStatus(springDay, paris("2026-03-29", "17:59"))).toBe("ouvert");
    expect(callStatus(springDay, paris("2026-03-29", "18:01"))).toBe("clos");
    const autumnDay = { ...call2025, deadline: paris("2026-10-25", "18:00") };
    expect(autumnDay.deadline.toISOString()).toBe("2026-10-25T17:00:00.000Z");
    expect(callStatus(autumnDay, paris("2026-10-25", "17:59"))).toBe("ouvert");
    expect(callStatus(autumnDay, paris("2026-10-25", "18:01"))).toBe("clos");
  });
});

describe("Paris date and time of a form <-> instant", () => {
  it("round-trips ordinary times in both seasons", () => {
    for (const [date, time] of [
      ["2025-07-16", "18:00"],
      ["2026-01-05", "09:30"],
      ["2026-12-31", "23:59"],
      ["2027-01-01", "00:00"],
      ["2024-02-29", "12:00"],
    ] as const) {
      expect(instantToParisLocal(parisLocalToInstant(date, time))).toEqual({ date, time });
      expect(parisLocalKind(date, time)).toBe("exact");
    }
    expect(instantToParisLocal(new Date("2025-07-16T16:00:00Z"))).toEqual({ date: "2025-07-16", time: "18:00" });
    // Midnight UTC is already the next day in Paris.
    expect(instantToParisLocal(new Date("2025-12-31T23:30:00Z"))).toEqual({ date: "2026-01-01", time: "00:30" });
  });

  it("reads a time the spring change skips with the winter offset (02:30 becomes 03:30 summer time)", () => {
    expect(parisLocalKind("2026-03-29", "02:30")).toBe("gap");
    expect(parisLocalToInstant("2026-03-29", "02:30").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(instantToParisLocal(parisLocalToInstant("2026-03-29", "02:30"))).toEqual({ date: "2026-03-29", time: "03:30" });
    // The minutes either side of the gap are exact.
    expect(parisLocalToInstant("2026-03-29", "01:59").toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(parisLocalToInstant("2026-03-29", "03:00").toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("takes the first of the two times the autumn change shows twice (summer time, the earlier instant)", () => {
    expect(parisLocalKind("2026-10-25", "02:30")).toBe("overlap");
    expect(parisLocalToInstant("2026-10-25", "02:30").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    // Both instants read 02:30 on Paris clocks.
    expect(instantToParisLocal(new Date("2026-10-25T00:30:00Z"))).toEqual({ date: "2026-10-25", time: "02:30" });
    expect(instantToParisLocal(new Date("2026-10-25T01:30:00Z"))).toEqual({ date: "2026-10-25", time: "02:30" });
    expect(parisLocalToInstant("2026-10-25", "03:00").toISOString()).toBe("2026-10-25T02:00:00.000Z");
    expect(parisLocalToInstant("2026-10-25", "01:59").toISOString()).toBe("2026-10-24T23:59:00.000Z");
  });

  it("reads the years before 100 as themselves, not as 1900–1999", () => {
    expect(parisLocalToInstant("0001-01-01", "12:00").getUTCFullYear()).toBe(1);
    expect(parisLocalToInstant("0099-06-30", "12:00").getUTCFullYear()).toBe(99);
  });

  it("refuses what is not a date and a time", () => {
    for (const [date, time] of [
      ["2025-02-30", "12:00"],
      ["2025-13-01", "12:00"],
      ["16/07/2025", "18:00"],
      ["2025-07-16", "24:00"],
      ["2025-07-16", "18:60"],
      ["2025-07-16", "18h"],
    ] as const) {
      expect(() => parisLocalToInstant(date, time), `${date} ${time}`).toThrow(RangeError);
    }
  });
});

describe("the current call", () => {
  const make = (slug: string, published: string, deadline: string, extra: Partial<CallTimes> = {}) => ({
    slug,
    draft: false,
    publishedAt: paris(published, "09:00"),
    deadline: paris(deadline, "18:00"),
    resultsPublishedAt: null,
    createdAt: paris(published, "08:00"),
    ...extra,
  });
  const closed2025 = make("2025", "2025-04-30", "2025-07-16");
  const open2026 = make("2026", "2026-10-01", "2027-01-20");
  const coming2027 = make("2027", "2027-03-01", "2027-06-15");
  const draft2028 = make("2028", "2026-01-01", "2099-01-01", { draft: true });
  const now = new Date("2026-11-30T08:00:00Z");
  const slugs = (calls: { slug: string }[]) => calls.map((call) => call.slug);

  it("is the open one, else the next coming one, else the last closed one; never a draft", () => {
    expect(pickCurrentCall([closed2025, open2026, coming2027, draft2028], now)?.slug).toBe("2026");
    expect(pickCurrentCall([closed2025, coming2027, draft2028], now)?.slug).toBe("2027");
    expect(pickCurrentCall([closed2025, draft2028], now)?.slug).toBe("2025");
    expect(pickCurrentCall([draft2028], now)).toBeNull();
    expect(pickCurrentCall([], now)).toBeNull();
  });

  it("takes the nearest coming call and the latest closed one", () => {
    const coming2026 = make("2026b", "2027-01-05", "2027-02-15");
    expect(pickCurrentCall([coming2027, coming2026], now)?.slug).toBe("2026b");
    const closed2024 = make("2024", "2024-04-30", "2024-07-16");
    expect(pickCurrentCall([closed2024, closed2025], now)?.slug).toBe("2025");
  });

  it("orders the public calls: the current first, then by publication date, latest first", () => {
    const closed2024 = make("2024", "2024-04-30", "2024-07-16");
    expect(slugs(orderPublicCalls([closed2024, closed2025, open2026, coming2027, draft2028], now))).toEqual([
      "2026",
      "2027",
      "2025",
      "2024",
    ]);
    expect(slugs(orderPublicCalls([closed2024, coming2027, closed2025], now))).toEqual(["2027", "2025", "2024"]);
  });

  it("names the last closed call besides the current one", () => {
    expect(pickLastClosedCall([closed2025, open2026, draft2028], now, open2026)?.slug).toBe("2025");
    expect(pickLastClosedCall([closed2025], now, closed2025)).toBeNull();
  });
});
