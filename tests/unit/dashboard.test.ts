import { describe, expect, it } from "vitest";
import { countByWeek, formatDuration, lastWeeks, median, parisMidnight } from "~/domain/dashboard";

describe("the dashboard's weeks", () => {
  it("start on Monday at midnight in Paris, on either side of a change of time", () => {
    // Wednesday 1 April 2026; summer time began on Sunday 29 March.
    const weeks = lastWeeks(new Date("2026-04-01T10:00:00Z"));
    expect(weeks).toHaveLength(12);
    expect(weeks[11]).toMatchObject({ monday: "2026-03-30", current: true, label: "sem. du 30 mars" });
    expect(weeks[11]!.start.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(weeks[10]!.start.toISOString()).toBe("2026-03-22T23:00:00.000Z");
    expect(weeks[0]!.monday).toBe("2026-01-12");
    // Each week ends where the next begins: nothing falls between two weeks.
    for (let index = 0; index < 11; index += 1) expect(weeks[index]!.end).toEqual(weeks[index + 1]!.start);
  });

  it("ends the week on Sunday at midnight in Paris time, not UTC", () => {
    // Sunday 5 July 2026, 23:30 in Paris (21:30 UTC): still the week of Monday 29 June.
    expect(lastWeeks(new Date("2026-07-05T21:30:00Z"))[11]!.monday).toBe("2026-06-29");
    // Monday 6 July 2026, 00:30 in Paris (Sunday 22:30 UTC): a new week.
    expect(lastWeeks(new Date("2026-07-05T22:30:00Z"))[11]!.monday).toBe("2026-07-06");
    expect(parisMidnight("2026-12-07").toISOString()).toBe("2026-12-06T23:00:00.000Z");
  });

  it("counts dates in their week and leaves out those outside the 12 weeks", () => {
    const weeks = lastWeeks(new Date("2026-04-01T10:00:00Z"));
    const counts = countByWeek(weeks, [
      new Date("2026-03-29T21:59:59Z"), // Sunday 23:59 in Paris: week 10
      new Date("2026-03-29T22:00:00Z"), // Monday 00:00: week 11
      new Date("2026-01-11T22:59:59Z"), // before the first week
      null,
    ]);
    expect(counts[10]).toBe(1);
    expect(counts[11]).toBe(1);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(2);
  });
});

describe("median and durations", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeNull();
    expect(median([10, 2, 4])).toBe(4);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });

  it("writes a duration in minutes, hours or days", () => {
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(4 * 3_600_000)).toBe("4 h");
    expect(formatDuration(84 * 3_600_000)).toBe("3,5 jours");
  });
});
