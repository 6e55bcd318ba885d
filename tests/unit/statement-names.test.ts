// Which statements the PostgreSQL connections prepare (app/utils/db.server.ts, statementName):
// queries by their text, a bounded number of them, never commands.
import { describe, expect, it } from "vitest";
import { MAX_NAMED_STATEMENTS, statementName } from "~/utils/db.server";

describe("statementName", () => {
  it("gives a text the same name each time, and another text another name", () => {
    const first = statementName(`SELECT "id" FROM "Organisation" WHERE "slug" = $1`);
    expect(first).toMatch(/^cooperons_\d+$/);
    expect(statementName(`SELECT "id" FROM "Organisation" WHERE "slug" = $1`)).toBe(first);
    expect(statementName(`SELECT "id" FROM "Idea" WHERE "slug" = $1`)).not.toBe(first);
    for (const text of [
      "INSERT INTO x VALUES ($1)",
      "update x set a = 1",
      "DELETE FROM x",
      "  WITH a AS (SELECT 1) SELECT * FROM a",
    ])
      expect(statementName(text)).toMatch(/^cooperons_\d+$/);
  });

  it("names no command: transactions, settings, maintenance", () => {
    for (const text of [
      "BEGIN",
      "BEGIN ISOLATION LEVEL SERIALIZABLE",
      "COMMIT",
      "ROLLBACK",
      "SET search_path = public",
      "VACUUM ANALYZE",
      "SELECTION",
    ])
      expect(statementName(text)).toBeUndefined();
  });

  it(`names ${MAX_NAMED_STATEMENTS} texts at the most, those already named keeping their name`, () => {
    const kept = statementName(`SELECT 'kept'`);
    const names = Array.from({ length: MAX_NAMED_STATEMENTS + 10 }, (_unused, index) => statementName(`SELECT ${index}`));
    expect(names.filter(Boolean).length).toBeLessThan(MAX_NAMED_STATEMENTS);
    expect(names.at(-1)).toBeUndefined();
    expect(new Set(names.filter(Boolean)).size).toBe(names.filter(Boolean).length);
    expect(statementName(`SELECT 'kept'`)).toBe(kept);
    expect(statementName(`SELECT 'new'`)).toBeUndefined();
  });
});
