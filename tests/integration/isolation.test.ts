// PostgreSQL only (vitest.config.ts): the isolation of the app's transactions (app/utils/db.server.ts).
// An interactive transaction reads, checks, then writes, and runs SERIALIZABLE from its first
// statement: the level is given with BEGIN, one round trip where the adapter took two
// (scripts/patches, @prisma/adapter-pg). A batch holds no such check and keeps the default.
import { describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server";

const LEVEL = "SELECT current_setting('transaction_isolation') AS \"level\"";

describe("the isolation of transactions on PostgreSQL", () => {
  it("is SERIALIZABLE in an interactive transaction, READ COMMITTED in a batch and outside", async () => {
    const db = createPrismaClient(process.env.DATABASE_URL!);
    try {
      const level = async (run: (sql: string) => Promise<{ level: string }[]>) => (await run(LEVEL))[0]!.level;
      expect(await db.$transaction((tx) => level((sql) => tx.$queryRawUnsafe(sql)))).toBe("serializable");
      const [batch] = await db.$transaction([db.$queryRawUnsafe<{ level: string }[]>(LEVEL)]);
      expect(batch[0]!.level).toBe("read committed");
      expect(await level((sql) => db.$queryRawUnsafe(sql))).toBe("read committed");
    } finally {
      await db.$disconnect();
    }
  });
});
