// Prisma's plans kept per shape (app/utils/prisma-plans.server.ts) on the real compiler and the
// real database (this file runs on both): each query of a kept shape reads its own rows — by a
// key, a compound key, a relation, inside a transaction — and the compiler runs once for the
// shape. The suites run with PRISMA_PLAN_CHECK=1: each plan given here is also compared with the
// compiler's own.
import { QueryCompiler as PostgresQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";
import { QueryCompiler as SqliteQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.sqlite.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { queryPlanCounts } from "~/utils/prisma-plans.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";

type Organisation = Awaited<ReturnType<typeof createOrganisationFor>>;
let first: { actor: Actor; organisation: Organisation };
let second: { actor: Actor; organisation: Organisation };

beforeAll(async () => {
  const make = async () => {
    const actor = await createActor();
    return { actor, organisation: await createOrganisationFor(actor) };
  };
  first = await make();
  second = await make();
});

/** The compiler's runs so far, on whichever database the suite runs. */
const compiled = () =>
  (queryPlanCounts(SqliteQueryCompiler)?.compiled ?? 0) + (queryPlanCounts(PostgresQueryCompiler)?.compiled ?? 0);

/** The compiler's runs while `read` runs. */
async function runsOf<T>(read: () => Promise<T>): Promise<{ value: T; runs: number }> {
  const before = compiled();
  const value = await read();
  return { value, runs: compiled() - before };
}

describe("query plans kept per shape", () => {
  it("read each structure by its own address, the compiler run for the first only", async () => {
    const bySlug = (slug: string) => getDb().organisation.findUnique({ where: { slug }, select: { id: true, name: true } });
    await bySlug("pas-une-structure-connue");
    const a = await runsOf(() => bySlug(first.organisation.slug));
    const b = await runsOf(() => bySlug(second.organisation.slug));
    expect(a.value).toEqual({ id: first.organisation.id, name: first.organisation.name });
    expect(b.value).toEqual({ id: second.organisation.id, name: second.organisation.name });
    expect([a.runs, b.runs]).toEqual([0, 0]);
    expect(await bySlug("pas-une-structure-connue")).toBeNull();
  });

  it("read by a compound key and through a relation", async () => {
    const membership = (actor: Actor, organisation: Organisation) =>
      getDb().membership.findUnique({
        where: { userId_organisationId: { userId: actor.id, organisationId: organisation.id } },
        select: { organisationId: true },
      });
    expect(await membership(first.actor, first.organisation)).toEqual({ organisationId: first.organisation.id });
    expect(await membership(second.actor, second.organisation)).toEqual({ organisationId: second.organisation.id });
    expect(await membership(first.actor, second.organisation)).toBeNull();

    const ofMember = (actor: Actor) =>
      getDb().organisation.findMany({
        where: { memberships: { some: { user: { email: actor.email } } } },
        select: { id: true, memberships: { where: { userId: actor.id }, select: { userId: true } } },
      });
    expect(await ofMember(first.actor)).toEqual([{ id: first.organisation.id, memberships: [{ userId: first.actor.id }] }]);
    const again = await runsOf(() => ofMember(second.actor));
    expect(again.value).toEqual([{ id: second.organisation.id, memberships: [{ userId: second.actor.id }] }]);
    expect(again.runs).toBe(0);
  });

  it("write each structure its own name inside one transaction, the compiler run for the first only", async () => {
    const rename = (organisation: Organisation, name: string) =>
      getDb().organisation.update({ where: { id: organisation.id }, data: { name }, select: { id: true } });
    await rename(first.organisation, first.organisation.name);
    const written = await runsOf(() =>
      getDb().$transaction(async (tx) => {
        for (const { organisation } of [first, second])
          await tx.organisation.update({
            where: { id: organisation.id },
            data: { name: `Renommée ${organisation.slug}` },
            select: { id: true },
          });
      }),
    );
    expect(written.runs).toBe(0);
    const names = await getDb().organisation.findMany({
      where: { id: { in: [first.organisation.id, second.organisation.id] } },
      select: { id: true, name: true },
      orderBy: { id: "asc" },
    });
    expect(names).toEqual(
      [first.organisation, second.organisation]
        .map(({ id, slug }) => ({ id, name: `Renommée ${slug}` }))
        .sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
  });

  it("read by a list of keys and by dates, each query its own", async () => {
    const among = (ids: string[], since: Date) =>
      getDb().organisation.findMany({ where: { id: { in: ids }, createdAt: { gte: since } }, select: { id: true } });
    const hourAgo = new Date(Date.now() - 3_600_000);
    expect(await among([first.organisation.id], hourAgo)).toEqual([{ id: first.organisation.id }]);
    const other = await runsOf(() => among([second.organisation.id], hourAgo));
    expect(other.value).toEqual([{ id: second.organisation.id }]);
    expect(other.runs).toBe(0);
    expect(await among([first.organisation.id], new Date(Date.now() + 3_600_000))).toEqual([]);
  });

  it("match a text within another as the compiler writes it, not as a kept placeholder", async () => {
    const containing = (text: string) =>
      getDb().organisation.findMany({ where: { name: { contains: text } }, select: { id: true } });
    expect(await containing(first.organisation.slug)).toEqual([{ id: first.organisation.id }]);
    expect(await containing(second.organisation.slug)).toEqual([{ id: second.organisation.id }]);
  });
});
