// Which statements the PostgreSQL connections prepare (app/utils/db.server.ts, statementName):
// queries by their text, from their third run, a bounded number of them, never commands; and
// which failure says a prepared statement went stale, in any language of the server's messages.
import { describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import {
  isStaleStatement,
  isStaleStatementFailure,
  MAX_NAMED_STATEMENTS,
  NAMED_FROM_RUN,
  statementName,
} from "~/utils/db.server";

/** The name a text gets once it has run often enough. */
function nameOf(text: string): string | undefined {
  let name: string | undefined;
  for (let run = 0; run < NAMED_FROM_RUN; run += 1) name = statementName(text);
  return name;
}

describe("statementName", () => {
  it("names a text from its third run, then gives it the same name each time; another text another name", () => {
    const text = `SELECT "id" FROM "Organisation" WHERE "slug" = $1`;
    expect(NAMED_FROM_RUN).toBe(3);
    expect(statementName(text)).toBeUndefined();
    expect(statementName(text)).toBeUndefined();
    const name = statementName(text);
    expect(name).toMatch(/^cooperons_\d+$/);
    expect(statementName(text)).toBe(name);
    expect(nameOf(`SELECT "id" FROM "Idea" WHERE "slug" = $1`)).not.toBe(name);
    for (const other of [
      "INSERT INTO x VALUES ($1)",
      "update x set a = 1",
      "DELETE FROM x",
      "  WITH a AS (SELECT 1) SELECT * FROM a",
    ])
      expect(nameOf(other)).toMatch(/^cooperons_\d+$/);
  });

  it("names no command, nor several statements in one text (a prepared statement holds one)", () => {
    for (const text of [
      "BEGIN",
      "BEGIN ISOLATION LEVEL SERIALIZABLE",
      "COMMIT",
      "ROLLBACK",
      "SET search_path = public",
      "VACUUM ANALYZE",
      "SELECTION",
      `UPDATE "a" SET "b" = 1; UPDATE "c" SET "d" = 2`,
    ])
      expect(nameOf(text)).toBeUndefined();
  });

  it(`names ${MAX_NAMED_STATEMENTS} texts at the most, those already named keeping their name`, () => {
    const kept = nameOf(`SELECT 'kept'`);
    const names = Array.from({ length: MAX_NAMED_STATEMENTS + 10 }, (_unused, index) => nameOf(`SELECT ${index}`));
    expect(names.filter(Boolean).length).toBeLessThan(MAX_NAMED_STATEMENTS);
    expect(names.at(-1)).toBeUndefined();
    expect(new Set(names.filter(Boolean)).size).toBe(names.filter(Boolean).length);
    expect(statementName(`SELECT 'kept'`)).toBe(kept);
    expect(nameOf(`SELECT 'new'`)).toBeUndefined();
  });
});

describe("isStaleStatement", () => {
  it("knows PostgreSQL's refusal by its code and routine, whatever the language of its message", () => {
    const routine = "RevalidateCachedQuery";
    expect(isStaleStatement({ code: "0A000", routine, message: "cached plan must not change result type" })).toBe(true);
    expect(
      isStaleStatement({ code: "0A000", routine, message: "le plan en cache ne doit pas modifier le type de résultat" }),
    ).toBe(true);
    // The same code raised elsewhere (a feature the server lacks), another error, none.
    expect(isStaleStatement({ code: "0A000", routine: "transformSelectStmt", message: "not supported" })).toBe(false);
    expect(isStaleStatement({ code: "23505", routine, message: "duplicate key" })).toBe(false);
    expect(isStaleStatement(null)).toBe(false);
  });
});

describe("isStaleStatementFailure", () => {
  const adapterError = (originalCode: string) =>
    Object.assign(new Error("driver"), { name: "DriverAdapterError", cause: { originalCode, kind: "postgres" } });
  it("knows the refusal through Prisma: a raw query's P2010, or the adapter's own error; not other failures", () => {
    const raw = (originalCode: string) =>
      new Prisma.PrismaClientKnownRequestError("Raw query failed.", {
        code: "P2010",
        clientVersion: "6.19.3",
        meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode } } },
      });
    expect(isStaleStatementFailure(raw("0A000"))).toBe(true);
    expect(isStaleStatementFailure(adapterError("0A000"))).toBe(true);
    expect(isStaleStatementFailure(raw("40001"))).toBe(false);
    expect(isStaleStatementFailure(adapterError("23505"))).toBe(false);
    expect(
      isStaleStatementFailure(new Prisma.PrismaClientKnownRequestError("Unique", { code: "P2002", clientVersion: "6.19.3" })),
    ).toBe(false);
    expect(isStaleStatementFailure(new Error("0A000"))).toBe(false);
  });
});
