// @prisma/adapter-better-sqlite3 is patched (scripts/patches, applied by `npm ci`'s postinstall):
// each SQL text is prepared once per connection and its parameters given to each run, where the
// adapter prepared and bound a new statement for every query. A kept statement must answer each
// query with that query's own parameters, and writes must still write.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const text = { scalarType: "string", arity: "scalar" } as const;
const int = { scalarType: "int", arity: "scalar" } as const;

async function connect() {
  const adapter = await new PrismaBetterSQLite3({ url: ":memory:" }).connect();
  await adapter.executeRaw({
    sql: 'CREATE TABLE "Item" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL)',
    args: [],
    argTypes: [],
  });
  return adapter;
}

describe("SQLite statements (patched adapter)", () => {
  it("is the patched adapter, in both of its builds", () => {
    const dist = path.dirname(require.resolve("@prisma/adapter-better-sqlite3"));
    for (const build of ["index.mjs", "index.js"]) {
      const source = fs.readFileSync(path.join(dist, build), "utf8");
      expect(source).toContain("function preparedStatement(client, sql)");
      expect(source).not.toContain("this.client.prepare(query.sql).bind(args)");
    }
  });

  it("answers the same SQL with each query's own parameters, and writes through it", async () => {
    const adapter = await connect();
    const insert = 'INSERT INTO "Item" ("id", "name") VALUES (?, ?)';
    for (const [id, name] of [
      [1, "Ludothèque"],
      [2, "Épicerie solidaire"],
      [3, "Café des voisins"],
    ] as const)
      expect(await adapter.executeRaw({ sql: insert, args: [id, name], argTypes: [int, text] })).toBe(1);
    const byId = (id: number) =>
      adapter.queryRaw({ sql: 'SELECT "id", "name" FROM "Item" WHERE "id" = ?', args: [id], argTypes: [int] });
    expect((await byId(2)).rows).toEqual([["2", "Épicerie solidaire"]]);
    expect((await byId(1)).rows).toEqual([["1", "Ludothèque"]]);
    expect((await byId(9)).rows).toEqual([]);
    // (Integers come back as text, as the adapter always gave them.)
    expect((await byId(3)).columnNames).toEqual(["id", "name"]);
    // A write sent as a query (Prisma does for some): it writes, and answers no rows.
    const rename = 'UPDATE "Item" SET "name" = ? WHERE "id" = ?';
    expect((await adapter.queryRaw({ sql: rename, args: ["Ludothèque du quartier", 1], argTypes: [text, int] })).rows).toEqual(
      [],
    );
    expect((await byId(1)).rows).toEqual([["1", "Ludothèque du quartier"]]);
    await adapter.dispose();
  });

  it("keeps answering past the 500 statements it keeps", async () => {
    const adapter = await connect();
    await adapter.executeRaw({ sql: 'INSERT INTO "Item" ("id", "name") VALUES (1, ?)', args: ["Ludothèque"], argTypes: [text] });
    for (let index = 0; index < 600; index += 1) {
      const { rows } = await adapter.queryRaw({ sql: `SELECT "name", ${index} AS "n" FROM "Item"`, args: [], argTypes: [] });
      expect(rows).toEqual([["Ludothèque", String(index)]]);
    }
    const { rows } = await adapter.queryRaw({ sql: 'SELECT "name", 0 AS "n" FROM "Item"', args: [], argTypes: [] });
    expect(rows).toEqual([["Ludothèque", "0"]]);
    await adapter.dispose();
  });
});
