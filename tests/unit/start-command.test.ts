// What `npm start` sets before node starts, which the benches give the site they measure.
import { describe, expect, it } from "vitest";
import { leadingAssignments, startEnvironment } from "../../scripts/lib/start-command";

describe("the start command's environment", () => {
  it("reads the assignments before the command, and only those", () => {
    expect(leadingAssignments("MALLOC_ARENA_MAX=2 node scripts/start.mjs")).toEqual({ MALLOC_ARENA_MAX: "2" });
    expect(leadingAssignments("  A=1 B_2=x node --flag C=3")).toEqual({ A: "1", B_2: "x" });
    expect(leadingAssignments("node scripts/start.mjs")).toEqual({});
    expect(leadingAssignments("EMPTY= node x")).toEqual({ EMPTY: "" });
    // What only a shell reads is refused, not misread.
    expect(() => leadingAssignments(`A="1 2" node x`)).toThrow(/plain value/);
    expect(() => leadingAssignments("A=$HOME node x")).toThrow(/plain value/);
    expect(() => leadingAssignments("A='x' node x")).toThrow(/plain value/);
  });

  it("is npm start's: two malloc arenas for the site's threads", () => {
    expect(startEnvironment()).toEqual({ MALLOC_ARENA_MAX: "2" });
  });
});
