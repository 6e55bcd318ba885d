// Texts as a form may send them reach either database: a U+0000 (no person types it, a broken
// client or a prober sends it) is stored without it on PostgreSQL, whose text cannot hold it,
// instead of failing the request; SQLite stores what was sent.
import crypto from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "~/utils/db.server";

describe("a text holding U+0000", () => {
  it("is stored, and found by the same text", async () => {
    const key = `nul-${crypto.randomUUID()}\u0000`;
    await getDb().appState.create({ data: { key, value: "avant\u0000après" } });
    const stored = await getDb().$transaction((tx) => tx.appState.findUniqueOrThrow({ where: { key } }));
    const expected = inject("testDatabase") === "postgres" ? "avantaprès" : "avant\u0000après";
    expect(stored.value).toBe(expected);
  });
});
