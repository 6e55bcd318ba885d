// The query plans kept per shape (app/utils/prisma-plans.server.ts): which texts become
// placeholders, and what is done with a compiler that does not keep them as plain texts. The
// compilers here are small stand-ins that write their input into the plan the way Prisma's does
// (tests/integration/prisma-plans.test.ts runs Prisma's own, on both databases).
import { describe, expect, it } from "vitest";
import { keepQueryPlans, parameterize, queryPlanCounts } from "~/utils/prisma-plans.server";

const param = (index: number) => ({ $type: "Param", value: `cooperons_p${index}` });

describe("parameterize", () => {
  it("replaces the texts compared in a filter, in order, wherever a query takes arguments", () => {
    const { shape, values } = parameterize({
      modelName: "Organisation",
      action: "findMany",
      query: {
        arguments: {
          where: { slug: "aide-a", OR: [{ status: "published" }, { id: { equals: "o-1", not: "o-2" } }], take: 3 },
        },
        selection: { ideas: { arguments: { where: { stage: "draft" } }, selection: { $scalars: true } } },
      },
    });
    expect(values).toEqual(["aide-a", "published", "o-1", "o-2", "draft"]);
    expect(shape).toEqual({
      modelName: "Organisation",
      action: "findMany",
      query: {
        arguments: {
          where: { slug: param(0), OR: [{ status: param(1) }, { id: { equals: param(2), not: param(3) } }], take: 3 },
        },
        selection: { ideas: { arguments: { where: { stage: param(4) } }, selection: { $scalars: true } } },
      },
    });
  });

  it("keeps in the shape what the compiler reworks or is not a compared text or date", () => {
    const where = {
      name: { contains: "jardin" },
      email: { equals: "A@B.FR", mode: "insensitive" },
      slug: { startsWith: "a", endsWith: "z" },
      position: { in: [1, 2] },
      deletedAt: null,
      score: { gte: 2 },
      wholeCity: true,
      other: { $type: "FieldRef", value: { _ref: "slug", _container: "Organisation" } },
    };
    const { shape, values } = parameterize({ action: "findMany", query: { arguments: { where }, selection: {} } });
    expect(values).toEqual([]);
    expect(shape).toEqual({ action: "findMany", query: { arguments: { where }, selection: {} } });
  });

  it("replaces each text of a list, and dates by their text", () => {
    const at = (value: string) => ({ $type: "DateTime", value });
    const { shape, values } = parameterize({
      action: "findMany",
      query: {
        arguments: {
          where: {
            id: { in: ["a", "b"], notIn: [] },
            createdAt: { gte: at("2026-12-02T00:00:00.000Z") },
            seenAt: at("2026-12-01T10:00:00.000Z"),
          },
        },
        selection: {},
      },
    });
    expect(values).toEqual(["a", "b", "2026-12-02T00:00:00.000Z", "2026-12-01T10:00:00.000Z"]);
    expect(shape).toEqual({
      action: "findMany",
      query: {
        arguments: { where: { id: { in: [param(0), param(1)], notIn: [] }, createdAt: { gte: param(2) }, seenAt: param(3) } },
        selection: {},
      },
    });
  });

  it("leaves the data a creation writes as it is", () => {
    const query = { action: "createOne", query: { arguments: { data: { name: "Une structure" } }, selection: {} } };
    expect(parameterize(query)).toEqual({ shape: query, values: [] });
  });

  it("replaces the texts and dates an update writes to its own columns, after its filter's, not a nested write", () => {
    const at = { $type: "DateTime", value: "2026-12-04T10:00:00.000Z" };
    const nested = { deleteMany: {}, create: [{ kind: "quartier", code: "nantes-nord" }] };
    const query = {
      action: "updateOne",
      query: {
        arguments: {
          where: { id: "o1" },
          data: { pendingChanges: '{"name":"Nouveau nom"}', reviewedAt: at, verified: true, logoFile: null, codes: nested },
        },
        selection: { codes: { arguments: { where: { kind: "quartier" } }, selection: {} } },
      },
    };
    const { shape, values } = parameterize(query);
    expect(values).toEqual(["o1", '{"name":"Nouveau nom"}', "2026-12-04T10:00:00.000Z", "quartier"]);
    expect((shape as { query: { arguments: { data: unknown } } }).query.arguments.data).toEqual({
      pendingChanges: { $type: "Param", value: "cooperons_p1" },
      reviewedAt: { $type: "Param", value: "cooperons_p2" },
      verified: true,
      logoFile: null,
      codes: nested,
    });
  });
});

/**
 * A compiler writing its input's texts into the plan: a placeholder as Prisma writes one
 * (`prisma__type: "param"`, of the type `placeholderType` says), a text as itself, counted.
 */
function standIn(placeholderType: (name: string) => string = () => "String", transform = (text: string) => text) {
  const runs: string[] = [];
  class Compiler {
    compile(query: string): unknown {
      runs.push(query);
      const texts: unknown[] = [];
      const visit = (node: unknown): void => {
        if (typeof node === "string") texts.push(transform(node));
        else if (Array.isArray(node)) node.forEach(visit);
        else if (node && typeof node === "object") {
          const record = node as Record<string, unknown>;
          if (record.$type === "Param") {
            const name = String(record.value);
            texts.push({ prisma__type: "param", prisma__value: { name, type: placeholderType(name) } });
          } else Object.entries(record).forEach(([key, value]) => (key === "action" ? texts.push(value) : visit(value)));
        }
      };
      visit(JSON.parse(query));
      return {
        type: "query",
        args: texts,
        parent: { prisma__type: "param", prisma__value: { name: "@parent$id", type: "String" } },
      };
    }
  }
  return { Compiler, runs };
}

const bySlug = (slug: string) =>
  JSON.stringify({ modelName: "Organisation", action: "findUnique", query: { arguments: { where: { slug } }, selection: {} } });

describe("keepQueryPlans", () => {
  it("compiles a shape once and gives each query its own texts, the compiler's own placeholders left", () => {
    const { Compiler, runs } = standIn();
    keepQueryPlans(Compiler);
    const compiler = new Compiler();
    const first = compiler.compile(bySlug("aide-a"));
    const second = compiler.compile(bySlug("jardin-b"));
    expect(runs).toHaveLength(1);
    const parent = { prisma__type: "param", prisma__value: { name: "@parent$id", type: "String" } };
    expect(first).toEqual({ type: "query", args: ["Organisation", "findUnique", "aide-a"], parent });
    expect(second).toEqual({ type: "query", args: ["Organisation", "findUnique", "jardin-b"], parent });
    expect(queryPlanCounts(Compiler)).toEqual({ shapes: 1, compiled: 1, given: 2 });
  });

  it("gives each query a plan of its own: changing one leaves the kept one as it was", () => {
    const { Compiler } = standIn();
    keepQueryPlans(Compiler);
    const compiler = new Compiler();
    const first = compiler.compile(bySlug("aide-a")) as { args: string[] };
    first.args[2] = "changed by the executor";
    expect(compiler.compile(bySlug("jardin-b"))).toMatchObject({ args: ["Organisation", "findUnique", "jardin-b"] });
  });

  it("compiles as is, every time, a shape whose placeholders do not come back as plain texts or dates", () => {
    const { Compiler, runs } = standIn(() => "Enum");
    keepQueryPlans(Compiler);
    const compiler = new Compiler();
    expect(compiler.compile(bySlug("aide-a"))).toMatchObject({ args: ["Organisation", "findUnique", "aide-a"] });
    expect(compiler.compile(bySlug("jardin-b"))).toMatchObject({ args: ["Organisation", "findUnique", "jardin-b"] });
    // The shape once (its placeholders refused), then each query as it came.
    expect(runs).toEqual([expect.stringContaining("cooperons_p0"), bySlug("aide-a"), bySlug("jardin-b")]);
  });

  it("with the check on, refuses a kept plan that differs from the compiler's own", () => {
    // A compiler that rewrites the texts it is given: its placeholder is not the text it stands for.
    const { Compiler } = standIn(undefined, (text) => text.toUpperCase());
    keepQueryPlans(Compiler, { check: true });
    const compiler = new Compiler();
    expect(() => compiler.compile(bySlug("aide-a"))).toThrow(/A kept query plan differs from the compiler's/);
  });

  it("keeps a bounded number of shapes, the least recently used going first", () => {
    const { Compiler, runs } = standIn();
    keepQueryPlans(Compiler, { maxPlans: 2 });
    const compiler = new Compiler();
    const take = (take: number) =>
      JSON.stringify({ action: "findMany", query: { arguments: { where: { slug: "a" }, take }, selection: {} } });
    compiler.compile(take(1));
    compiler.compile(take(2));
    compiler.compile(take(1));
    compiler.compile(take(3)); // take(2) goes
    expect(runs).toHaveLength(3);
    compiler.compile(take(1));
    expect(runs).toHaveLength(3);
    compiler.compile(take(2));
    expect(runs).toHaveLength(4);
    expect(queryPlanCounts(Compiler)?.shapes).toBe(2);
  });

  it("leaves raw SQL, creations and upserts (whose plan depends on their texts) to the compiler", () => {
    const { Compiler, runs } = standIn();
    keepQueryPlans(Compiler);
    const compiler = new Compiler();
    const raw = JSON.stringify({ action: "queryRaw", query: { arguments: { query: "SELECT ?", parameters: '["a"]' } } });
    const upsert = (key: string) =>
      JSON.stringify({
        modelName: "AppState",
        action: "upsertOne",
        query: { arguments: { where: { key }, create: { key, value: "1" }, update: { value: "1" } }, selection: {} },
      });
    for (const query of [raw, raw, upsert("a"), upsert("a"), upsert("b")]) compiler.compile(query);
    expect(runs).toEqual([raw, raw, upsert("a"), upsert("a"), upsert("b")]);
    expect(queryPlanCounts(Compiler)).toEqual({ shapes: 0, compiled: 5, given: 0 });
  });
});
