// PostgreSQL only (vitest.config.ts): the site's statements are named (app/utils/db.server.ts,
// NamingClient), so that each connection parses and plans a statement once and then runs it
// prepared — Prisma's and readNow's alike. A column whose type a migration changes under a running
// instance fails one statement, never every later one.
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { createPrismaClient, createPrismaClientFromEnv, DEFAULT_POOL_SIZE, NAMED_FROM_RUN } from "~/utils/db.server";
import { parseEnv } from "~/utils/env.server";
import { readNow } from "~/utils/read-aside.server";

type Prepared = { name: string; statement: string; runs: number };
const PREPARED = `SELECT p."name", p."statement", (p."generic_plans" + p."custom_plans")::int AS "runs"
  FROM pg_prepared_statements p WHERE p."statement" LIKE $1 AND p."statement" NOT LIKE '%pg_prepared_statements%'`;

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("the statements of the site on PostgreSQL", () => {
  it("are prepared once per connection: Prisma's, run again with other values, use the same statement", async () => {
    const prepared = await db.$transaction(async (tx) => {
      for (const slug of ["une", "deux", "trois", "quatre", "cinq", "six"])
        await tx.organisation.findMany({ where: { slug }, select: { id: true, name: true } });
      return tx.$queryRawUnsafe<Prepared[]>(PREPARED, '%FROM "public"."Organisation"%"slug"%');
    });
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^cooperons_\d+$/);
    // Named from its third run, then one statement parsed once: without the name each run was a
    // statement of its own.
    expect(prepared[0]!.runs).toBe(6 - NAMED_FROM_RUN + 1);
  });

  it("are prepared for readNow too, statements without parameters included", async () => {
    // A text of its own to this test, run one after the other: on whichever connection of the pool
    // the check runs, it ran the statement by its name (the pool hands back one of the last released).
    const marker = `marque_${Date.now()}`;
    const query = Prisma.sql([`SELECT COUNT(*)::int AS "count", '${marker}' AS "marker" FROM "Call"`]);
    for (let run = 0; run < NAMED_FROM_RUN + 7; run += 1)
      expect(await readNow<{ marker: string }>(db, query)).toEqual([expect.objectContaining({ marker })]);
    const prepared = await readNow<Prepared>(db, Prisma.sql([PREPARED.replace("$1", `'%${marker}%'`)]));
    expect(prepared).toEqual([
      { name: expect.stringMatching(/^cooperons_\d+$/), statement: query.text, runs: expect.any(Number) },
    ]);
    expect(prepared[0]!.runs).toBeGreaterThan(0);
  });

  it("read a row and its relations in one statement (relationJoins), where Prisma sent one per relation", async () => {
    const prepared = await db.$transaction(async (tx) => {
      for (let run = 0; run < NAMED_FROM_RUN; run += 1)
        await tx.idea.findFirst({
          where: { slug: "aucune-idee-de-ce-nom" },
          select: { id: true, organisation: { select: { name: true } }, codes: { select: { kind: true, code: true } } },
        });
      // This connection's statements that read ideas (it may hold other tests' statements).
      return tx.$queryRawUnsafe<Prepared[]>(PREPARED, '%"public"."Idea"%');
    });
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.statement).toMatch(/FROM "public"\."Idea"/);
    expect(prepared[0]!.statement).toMatch(/"public"\."Organisation"/);
    expect(prepared[0]!.statement).toMatch(/"public"\."IdeaCode"/);
  });

  it("leave commands unnamed: a transaction's BEGIN and COMMIT are not kept prepared", async () => {
    const prepared = await db.$transaction(async (tx) => {
      await tx.call.count();
      return tx.$queryRawUnsafe<Prepared[]>(`SELECT p."name", p."statement", 0 AS "runs" FROM pg_prepared_statements p`);
    });
    expect(prepared.map((row) => row.statement)).not.toContainEqual(expect.stringMatching(/^\s*(BEGIN|COMMIT|ROLLBACK)/));
    expect(prepared.length).toBeGreaterThan(0);
  });

  it("survive a schema change: a column added, or a column's type changed, is read at once, in a transaction and outside", async () => {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "zz_prepared"`);
    await db.$executeRawUnsafe(`CREATE TABLE "zz_prepared" ("a" integer, "b" integer)`);
    await db.$executeRawUnsafe(`INSERT INTO "zz_prepared" ("a", "b") VALUES (1, 2)`);
    try {
      const query = Prisma.sql([`SELECT "a" FROM "zz_prepared"`]);
      const statement = Prisma.sql([
        `SELECT COUNT(*)::int AS "n" FROM pg_prepared_statements WHERE "statement" = '${query.text}'`,
      ]);
      // In a transaction (its connection kept for it) and outside (the pool's), until prepared.
      const inTransaction = () => db.$transaction((tx) => readNow(tx, query));
      for (let run = 0; run < NAMED_FROM_RUN; run += 1) {
        expect(await inTransaction()).toEqual([{ a: 1 }]);
        expect(await readNow(db, query)).toEqual([{ a: 1 }]);
      }
      expect(await readNow<{ n: number }>(db, statement)).toEqual([{ n: 1 }]);
      await db.$executeRawUnsafe(`ALTER TABLE "zz_prepared" ADD COLUMN "c" text`);
      expect(await inTransaction()).toEqual([{ a: 1 }]);
      expect(await readNow(db, query)).toEqual([{ a: 1 }]);

      // PostgreSQL refuses the statement prepared for an integer: it is prepared anew under
      // another name and sent again (a transaction, run again), and nobody sees the refusal.
      await db.$executeRawUnsafe(`ALTER TABLE "zz_prepared" ALTER COLUMN "a" TYPE text`);
      for (let run = 0; run < 3; run += 1) {
        expect(await inTransaction()).toEqual([{ a: "1" }]);
        expect(await readNow(db, query)).toEqual([{ a: "1" }]);
      }
      await db.$executeRawUnsafe(`ALTER TABLE "zz_prepared" ALTER COLUMN "a" TYPE integer USING "a"::integer`);
      expect(await readNow(db, query)).toEqual([{ a: 1 }]);
      expect(await inTransaction()).toEqual([{ a: 1 }]);
    } finally {
      await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "zz_prepared"`);
    }
  });
});

describe("the connections one process holds on PostgreSQL", () => {
  /** The backends serving `client` while `count` statements of a twentieth of a second are sent at once. */
  async function backendsFor(client: ReturnType<typeof createPrismaClient>, count: number) {
    const query = Prisma.sql`SELECT pg_backend_pid() AS "pid", pg_sleep(0.05)::text AS "slept"`;
    const rows = await Promise.all(Array.from({ length: count }, () => readNow<{ pid: number }>(client, query)));
    return new Set(rows.map(([row]) => row!.pid)).size;
  }

  it(`are ${DEFAULT_POOL_SIZE} at the most by default, however many statements wait`, async () => {
    expect(await backendsFor(db, 12)).toBe(DEFAULT_POOL_SIZE);
  });

  it("are as many as DATABASE_POOL_SIZE says, Prisma's and readNow's alike", async () => {
    // As the site (getDb) and the commands open it.
    const small = createPrismaClientFromEnv(parseEnv({ DATABASE_URL: process.env.DATABASE_URL!, DATABASE_POOL_SIZE: "2" }));
    try {
      expect(await backendsFor(small, 12)).toBe(2);
      // Prisma's queries and transactions share the same connections and still all run.
      const counts = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          index % 2 ? small.call.count() : small.$transaction((tx) => tx.organisation.count()),
        ),
      );
      expect(counts.every((count) => count >= 0)).toBe(true);
    } finally {
      await small.$disconnect();
    }
  });
});
