// The map's counts read aside (app/utils/read-aside.server.ts): on SQLite on a thread of their own
// with a read-only connection, on PostgreSQL by the client itself. Either way they give the rows
// the client gives, see what was just committed, and report a faulty statement.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { createPrismaClient, getDb } from "~/utils/db.server";
import { isPostgresUrl } from "~/utils/database-url";
import { readAside, readNow, sqliteReadingThreads } from "~/utils/read-aside.server";
import { createActor, createOrganisationFor } from "../helpers/actors";

const onPostgres = isPostgresUrl(process.env.DATABASE_URL ?? "");

/** Rows with their counts as numbers (the thread gives numbers, Prisma on SQLite bigints). */
const plain = (rows: Record<string, unknown>[]) =>
  rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value])),
  );

describe("reading aside", () => {
  it("gives the rows the client gives, with parameters of each kind, on a thread on SQLite only", async () => {
    const db = getDb();
    const since = new Date(Date.now() - 3_600_000);
    const query = Prisma.sql`SELECT o."status" AS "status", COUNT(*) AS "count" FROM "Organisation" o
      WHERE o."wholeCity" = ${false} AND o."createdAt" >= ${since} AND o."status" <> ${"nothing"}
      GROUP BY o."status" ORDER BY o."status"`;
    const threads = sqliteReadingThreads();
    await createOrganisationFor(await createActor());
    const aside = await readAside<Record<string, unknown>>(db, query);
    expect(plain(aside)).toEqual(plain(await db.$queryRaw<Record<string, unknown>[]>(query)));
    expect(plain(aside)).toEqual(expect.arrayContaining([{ status: "published", count: expect.any(Number) }]));
    expect(sqliteReadingThreads()).toBe(onPostgres ? threads : Math.max(threads, 1));
  });

  it("is one for the process: another copy of the module reads on the thread the client was registered for", async () => {
    // `npm start` holds two copies of the app's modules: its own bundle's, which creates the
    // client, and the Remix build's, which asks for the map's counts.
    vi.resetModules();
    const copy = await import("~/utils/read-aside.server");
    expect(copy.readAside).not.toBe(readAside);
    const [row] = await copy.readAside<{ count: unknown }>(getDb(), Prisma.sql`SELECT COUNT(*) AS "count" FROM "Quartier"`);
    // The thread gives numbers; Prisma's client gives the count as a bigint.
    expect(typeof row!.count).toBe(onPostgres ? "bigint" : "number");
  });

  it("sees a write as soon as it is committed", async () => {
    const db = getDb();
    const count = async () =>
      Number((await readAside<{ count: unknown }>(db, Prisma.sql`SELECT COUNT(*) AS "count" FROM "Organisation"`))[0]!.count);
    const before = await count();
    await createOrganisationFor(await createActor());
    expect(await count()).toBe(before + 1);
  });

  it("reports a faulty statement, and reads again afterwards", async () => {
    const db = getDb();
    await expect(readAside(db, Prisma.sql`SELECT "nothing" FROM "NoSuchTable"`)).rejects.toThrow(/NoSuchTable/);
    const [row] = await readAside<{ count: unknown }>(db, Prisma.sql`SELECT COUNT(*) AS "count" FROM "Quartier"`);
    expect(Number(row!.count)).toBeGreaterThan(0);
  });

  it("lets a script end once it has read (the thread holds the process only while it reads)", async () => {
    const app = path.resolve("app");
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "read-aside-")), "script.mts");
    fs.writeFileSync(
      script,
      `import { Prisma } from "${app}/generated/prisma/client";
      import { createPrismaClient } from "${app}/utils/db.server";
      import { readAside } from "${app}/utils/read-aside.server";
      const db = createPrismaClient(process.env.DATABASE_URL ?? "");
      const [row] = await readAside<{ count: unknown }>(db, Prisma.sql\`SELECT COUNT(*) AS "count" FROM "Quartier"\`);
      console.log("quartiers", Number(row!.count));`,
    );
    const { stdout } = await promisify(execFile)("npx", ["tsx", "--tsconfig", path.resolve("tsconfig.json"), script], {
      env: process.env,
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^quartiers \d+$/m);
  });
});

describe("reading now (small reads on the server's thread)", () => {
  it("gives the rows the client gives, with parameters of each kind, and sees a write once committed", async () => {
    const db = getDb();
    const since = new Date(Date.now() - 3_600_000);
    const query = Prisma.sql`SELECT o."status" AS "status", COUNT(*) AS "count" FROM "Organisation" o
      WHERE o."wholeCity" = ${false} AND o."createdAt" >= ${since} AND o."status" <> ${"nothing"}
      GROUP BY o."status" ORDER BY o."status"`;
    const published = async () =>
      Number(plain(await readNow<Record<string, unknown>>(db, query)).find((row) => row.status === "published")?.count ?? 0);
    const before = await published();
    await createOrganisationFor(await createActor());
    expect(await published()).toBe(before + 1);
    expect(plain(await readNow<Record<string, unknown>>(db, query))).toEqual(
      plain(await db.$queryRaw<Record<string, unknown>[]>(query)),
    );
  });

  it("reads a transaction's own writes through the transaction, not beside it", async () => {
    const db = getDb();
    const count = Prisma.sql`SELECT COUNT(*) AS "count" FROM "AppState" a WHERE a."key" = ${"test-de-lecture"}`;
    await expect(
      db.$transaction(async (tx) => {
        await tx.appState.create({ data: { key: "test-de-lecture", value: "écrit dans la transaction" } });
        // The transaction sees its row; a reader beside it (the client) does not, until the commit.
        expect(Number((await readNow<{ count: unknown }>(tx, count))[0]!.count)).toBe(1);
        expect(Number((await readNow<{ count: unknown }>(db, count))[0]!.count)).toBe(0);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(Number((await readNow<{ count: unknown }>(db, count))[0]!.count)).toBe(0);
  });

  it("reports a faulty statement, and reads again afterwards", async () => {
    const db = getDb();
    await expect(readNow(db, Prisma.sql`SELECT "nothing" FROM "NoSuchTable"`)).rejects.toThrow(/NoSuchTable/);
    const [row] = await readNow<{ count: unknown }>(db, Prisma.sql`SELECT COUNT(*) AS "count" FROM "Quartier"`);
    expect(Number(row!.count)).toBeGreaterThan(0);
  });

  it("gives the values the client gives: a date in UTC whatever the zone of the process, a count, a date and a text with U+0000 as parameters", async () => {
    const db = getDb();
    const organisation = await createOrganisationFor(await createActor());
    const query = Prisma.sql`SELECT o."createdAt" AS "at", o."name" AS "name", COUNT(*) OVER () AS "count"
      FROM "Organisation" o
      WHERE o."id" = ${organisation.id} AND o."createdAt" <= ${new Date(Date.now() + 60_000)} AND o."name" <> ${"a\u0000b"}`;
    const zone = process.env.TZ;
    // pg reads a `timestamp` in the process's zone: an hour or two off in Nantes.
    process.env.TZ = "Europe/Paris";
    try {
      const [now] = await readNow<{ at: Date | string; name: string; count: unknown }>(db, query);
      const [client] = await db.$queryRaw<{ at: Date | string; name: string; count: unknown }[]>(query);
      expect(new Date(now!.at).getTime()).toBe(organisation.createdAt.getTime());
      expect(now!.name).toBe(organisation.name);
      expect(Number(now!.count)).toBe(1);
      // On PostgreSQL the very values of the client (dates as dates, the count a bigint); SQLite's
      // connection gives its text and numbers (read them with toDate and Number).
      if (onPostgres) {
        expect(now).toEqual(client);
        // A `date` too: midnight UTC, as Prisma gives it.
        const day = Prisma.sql`SELECT CAST(${"2026-06-15"} AS DATE) AS "day"`;
        expect(await readNow(db, day)).toEqual(await db.$queryRaw(day));
        expect((await readNow<{ day: Date }>(db, day))[0]!.day.toISOString()).toBe("2026-06-15T00:00:00.000Z");
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("reads after its client was closed, and closing it closes what it opened", async () => {
    const url = process.env.DATABASE_URL!;
    const count = Prisma.sql`SELECT COUNT(*) AS "count" FROM "Quartier"`;
    const quartiers = Number((await readNow<{ count: unknown }>(getDb(), count))[0]!.count);
    // Only readNow used it, then closed: nothing left open (the test's time bound says if not).
    const alone = createPrismaClient(url);
    expect(Number((await readNow<{ count: unknown }>(alone, count))[0]!.count)).toBe(quartiers);
    await alone.$disconnect();
    // Prisma used it too; closed, then read again: Prisma opens a connection of its own.
    const client = createPrismaClient(url);
    await client.quartier.count();
    await client.$disconnect();
    expect(Number((await readNow<{ count: unknown }>(client, count))[0]!.count)).toBe(quartiers);
    await client.$disconnect();
  });
});
