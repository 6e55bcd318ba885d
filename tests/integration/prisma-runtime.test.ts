// Prisma's client runtime is patched (scripts/patches, applied by `npm ci`'s postinstall): a model's
// fields by name, and its relations, are made once rather than at each findUnique, findFirst,
// create, update, upsert or delete; and the clients report errors in Prisma's « minimal » format,
// so that no query captures a stack trace in case it fails. Reads and writes answer as before,
// and a failed query still says why.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb, isUniqueViolation } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "../helpers/actors";

const require = createRequire(import.meta.url);

describe("Prisma's client (patched runtime)", () => {
  it("is the patched build, for require and for import", () => {
    const runtime = path.dirname(require.resolve("@prisma/client/runtime/client"));
    for (const file of ["client.js", "client.mjs"]) {
      const source = fs.readFileSync(path.join(runtime, file), "utf8");
      expect(source).toContain("function __coopFields(m)");
      expect(source).toContain("__coopRelationsOf.set(m,k)");
    }
  });

  it("reads one row of a model and of another the same, call after call", async () => {
    const db = getDb();
    const person = await createActor();
    const organisation = await createOrganisationFor(person);
    for (let time = 0; time < 3; time += 1) {
      const found = await db.organisation.findFirst({ where: { id: organisation.id }, select: { id: true, name: true } });
      expect(found).toEqual({ id: organisation.id, name: organisation.name });
      const user = await db.user.findUnique({ where: { id: person.id }, select: { email: true } });
      expect(user).toEqual({ email: person.email });
      const membership = await db.membership.findUnique({
        where: { userId_organisationId: { userId: person.id, organisationId: organisation.id } },
        select: { role: true },
      });
      expect(membership).toEqual({ role: "admin" });
    }
    expect(await db.organisation.findFirst({ where: { id: "nulle-part" } })).toBeNull();
  });

  it("writes and reports a failed write with its reason", async () => {
    const db = getDb();
    const person = await createActor();
    const updated = await db.user.update({ where: { id: person.id }, data: { name: "Nom changé" }, select: { name: true } });
    expect(updated).toEqual({ name: "Nom changé" });
    const other = await createActor();
    const error = await db.user
      .update({ where: { id: other.id }, data: { email: person.email } })
      .catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    expect((error as Error).message).toMatch(/Unique constraint failed/);
    await expect(db.user.update({ where: { id: "personne" }, data: { name: "x" } })).rejects.toThrow(/not found|No record/i);
  });
});
