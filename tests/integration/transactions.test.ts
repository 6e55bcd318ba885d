// Interactive transactions read, check, then write. On SQLite they run one at a time; on
// PostgreSQL (TEST_DATABASE=postgres) they run side by side, SERIALIZABLE, and one that conflicts
// is run again (app/utils/db.server.ts). Either way each sees the writes of those before it, and
// the conflicts leave no connection behind.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server";

const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("transactions at the same moment", () => {
  it("each see the previous one's write: ten increments count ten", async () => {
    const db = createPrismaClient(process.env.DATABASE_URL!);
    const key = `counter-${crypto.randomUUID()}`;
    try {
      await db.appState.create({ data: { key, value: "0" } });
      await Promise.all(
        Array.from({ length: 10 }, () =>
          db.$transaction(async (tx) => {
            const { value } = await tx.appState.findUniqueOrThrow({ where: { key } });
            await pause();
            await tx.appState.update({ where: { key }, data: { value: String(Number(value) + 1) } });
          }),
        ),
      );
      expect((await db.appState.findUniqueOrThrow({ where: { key } })).value).toBe("10");
    } finally {
      await db.$disconnect();
    }
  });

  it("a check then a write: the second is told, and closing the client afterwards ends", async () => {
    const db = createPrismaClient(process.env.DATABASE_URL!);
    try {
      for (let round = 0; round < 5; round += 1) {
        const prefix = `claim-${crypto.randomUUID()}-`;
        const claim = () =>
          db.$transaction(async (tx) => {
            if (await tx.appState.count({ where: { key: { startsWith: prefix } } })) return "told";
            await pause();
            await tx.appState.create({ data: { key: `${prefix}${crypto.randomUUID()}`, value: "claimed" } });
            return "claimed";
          });
        expect((await Promise.all([claim(), claim(), claim()])).sort()).toEqual(["claimed", "told", "told"]);
        expect(await db.appState.count({ where: { key: { startsWith: prefix } } })).toBe(1);
      }
    } finally {
      // Resolves only once every connection is back in the pool (the test's time bound says if not).
      await db.$disconnect();
    }
  });
});
