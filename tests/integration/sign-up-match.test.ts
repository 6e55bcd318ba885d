// Signing up a structure the registers already brought in (issue 16): the form proposes to claim
// the unclaimed profile rather than create its duplicate.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import { importRegister } from "~/models/register-import.server";
import { deleteUserAccount } from "~/models/user.server";
import { findTakenNumbers, type UnclaimedMatch } from "~/models/unclaimed-match.server";
import { action as editAction } from "~/routes/espace.organisations.$id._index";
import { action as createAction } from "~/routes/espace.organisations.nouvelle";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, run } from "../helpers/requests";

const FIXTURES = path.join("tests", "fixtures", "registers");
const db = () => getDb();

const FORM = {
  name: "Notre structure",
  shortDescription: "Une structure qui s'inscrit sur Coopérons.",
  description: "",
  sector: "associatif",
  kind: "association",
  rna: "",
  siret: "",
  quartiers: ["nantes-nord"],
  subAxes: ["2.1"],
  offers: ["locaux"],
  seeks: [],
};

let actor: Actor;
const importDays = new Map<string, Date>();

beforeAll(async () => {
  for (const [source, file] of [
    ["rna", "rna-waldec-2025-01.csv"],
    ["sirene", "sirene-etablissements-2025-01.csv"],
  ] as const) {
    const { importId } = await importRegister(db(), {
      source,
      input: fs.createReadStream(path.join(FIXTURES, file)),
      fileName: file,
      bytesTotal: fs.statSync(path.join(FIXTURES, file)).size,
    });
    const run = await db().registerImport.findUniqueOrThrow({ where: { id: importId } });
    importDays.set(source, run.finishedAt!);
  }
  actor = await createActor();
});
beforeEach(() => resetRateLimits());

type Answer = {
  result: { initialValue: Record<string, unknown>; error?: Record<string, string[]> };
  matches: UnclaimedMatch[];
};

async function signUp(fields: Partial<Record<keyof typeof FORM, string | string[]>>) {
  const before = await db().organisation.count();
  const response = await run(() =>
    createAction(actionArgs(formRequest("/espace/organisations/nouvelle", { ...FORM, ...fields }, actor.cookie))),
  );
  return { ...response, answer: response.data as Answer | null, created: (await db().organisation.count()) - before };
}

/** An open unclaimed profile with an entry of this register, and that entry. */
async function unclaimedOf(source: "rna" | "sirene", entryWhere: object = {}) {
  const profile = await db().organisation.findFirstOrThrow({
    where: { ...openUnclaimedOrganisationWhere(), registerEntries: { some: { source, closedAt: null, ...entryWhere } } },
    orderBy: { name: "asc" },
    include: { registerEntries: { where: { source, closedAt: null, ...entryWhere } } },
  });
  return { profile, entry: profile.registerEntries[0]! };
}

/** « 12345678901234 » as a person may type it: « 123 456 789 01234 ». */
const spaced = (siret: string) => `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;

describe("signing up a structure an import already brought in", () => {
  it("a SIRET of an unclaimed SIRENE profile, typed with spaces: no new profile, the claim proposed, the input kept", async () => {
    const { profile, entry } = await unclaimedOf("sirene");
    const { status, answer, created } = await signUp({ name: "Mon établissement", siret: spaced(entry.registerId) });
    expect(status).toBe(409);
    expect(created).toBe(0);
    expect(answer?.matches).toEqual([
      {
        slug: profile.slug,
        name: profile.name,
        register: "SIRENE",
        importedOn: importDays.get("sirene"),
        claimed: false,
        field: "siret",
      },
    ]);
    // The SIRET field says it too, where the form brings the focus.
    expect(answer?.result.error?.siret).toEqual([
      `Ce SIRET est celui de « ${profile.name} », déjà sur Coopérons : revendiquez sa fiche (« C'est ma structure », sur sa page), ou corrigez le numéro.`,
    ]);
    expect(answer?.result.initialValue).toMatchObject({ name: "Mon établissement", siret: spaced(entry.registerId) });
  });

  it("an RNA number typed in lower case with spaces, and the SIRET an association declared to the RNA", async () => {
    const { profile, entry } = await unclaimedOf("rna");
    const typed = `${entry.registerId.slice(0, 4).toLowerCase()} ${entry.registerId.slice(4)}`;
    const byRna = await signUp({ rna: typed });
    expect(byRna.status).toBe(409);
    expect(byRna.created).toBe(0);
    expect(byRna.answer?.matches[0]).toMatchObject({
      slug: profile.slug,
      register: "RNA",
      importedOn: importDays.get("rna"),
      field: "rna",
    });
    expect(byRna.answer?.result.error).toEqual({ rna: [expect.stringMatching(/^Ce numéro RNA est celui de « /)] });

    const declared = await unclaimedOf("rna", { siret: { not: null } });
    const bySiret = await signUp({ siret: declared.entry.siret! });
    expect(bySiret.status).toBe(409);
    expect(bySiret.answer?.matches[0]).toMatchObject({ slug: declared.profile.slug, field: "siret" });
    expect(bySiret.answer?.result.error).toEqual({ siret: [expect.stringMatching(/^Ce SIRET est celui de « /)] });
  });

  it("said at once, even while other fields are still to correct", async () => {
    const { profile, entry } = await unclaimedOf("sirene");
    const { status, answer, created } = await signUp({ name: "", siret: entry.registerId });
    expect(status).toBe(400);
    expect(created).toBe(0);
    expect(answer?.matches[0]).toMatchObject({ slug: profile.slug, claimed: false });
    expect(Object.keys(answer?.result.error ?? {}).sort()).toEqual(["name", "siret"]);
    // Other numbers, with the same mistake: no match, the field errors alone.
    const other = await signUp({ name: "", rna: "W449999999" });
    expect(other.status).toBe(400);
    expect(other.answer?.matches).toEqual([]);
  });

  it("an RNA number a register profile has and a SIRET a structure created here has: both fields said at once", async () => {
    const { profile, entry } = await unclaimedOf("rna");
    const first = await signUp({ name: "Une première structure", rna: "W449999981", siret: "44300123400063" });
    expect(first.status).toBe(302);
    const both = await signUp({ name: "Une seconde", rna: entry.registerId, siret: "44300123400063" });
    expect(both.status).toBe(409);
    expect(both.created).toBe(0);
    expect(both.answer?.matches[0]).toMatchObject({ slug: profile.slug, field: "rna" });
    expect(Object.keys(both.answer?.result.error ?? {}).sort()).toEqual(["rna", "siret"]);
    // The person's own structure, here: said as such.
    expect(both.answer?.result.error?.siret?.[0]).toMatch(/dont vous êtes membre/);
    // The sentence for a form's top (an edit's), both numbers in one.
    const taken = await findTakenNumbers(db(), { rna: entry.registerId, siret: "44300123400063" }, { userId: actor.id });
    expect(taken.summary).toBe("Le SIRET et le numéro RNA saisis sont déjà ceux d'autres structures sur Coopérons");
    expect((await findTakenNumbers(db(), { rna: "W449999983", siret: null }, { userId: actor.id })).summary).toBeNull();
  });

  it("the register profile the person claimed already: pointed to it in their space, by either number", async () => {
    const { profile, entry } = await unclaimedOf("sirene");
    await db().organisation.update({ where: { id: profile.id }, data: { unclaimed: false, claimedAt: new Date() } });
    await db().membership.create({ data: { userId: actor.id, organisationId: profile.id, role: "admin" } });
    const again = await signUp({ name: "Ma structure, encore", siret: entry.registerId });
    expect(again.status).toBe(409);
    expect(again.created).toBe(0);
    const answer = again.answer as Answer & { own: unknown };
    expect(answer.matches).toEqual([]);
    expect(answer.own).toEqual({ name: profile.name, id: profile.id });
    expect(answer.result.error?.siret).toEqual([
      `Ce SIRET est celui de « ${profile.name} », dont vous êtes membre : retrouvez sa fiche dans « Mon espace ».`,
    ]);
  });

  it("a register profile's SIRET with another one's RNA number: each profile offered, each field marked", async () => {
    const sirene = await unclaimedOf("sirene");
    const association = await unclaimedOf("rna");
    const both = await signUp({ name: "Deux numéros", siret: sirene.entry.registerId, rna: association.entry.registerId });
    expect(both.status).toBe(409);
    expect(both.created).toBe(0);
    expect(both.answer?.matches).toMatchObject([
      { slug: sirene.profile.slug, field: "siret", claimed: false },
      { slug: association.profile.slug, field: "rna", claimed: false },
    ]);
    expect(both.answer?.result.error).toEqual({
      siret: [
        expect.stringMatching(
          new RegExp(`^Ce SIRET est celui de « ${sirene.profile.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} »`),
        ),
      ],
      rna: [expect.stringMatching(/^Ce numéro RNA est celui de « /)],
    });
  });

  it("an edit giving a structure a register profile's RNA number: refused as on creation, nothing saved", async () => {
    const { profile, entry } = await unclaimedOf("rna");
    const created = await signUp({ name: "Une structure à modifier", rna: "W449999982" });
    expect(created.status).toBe(302);
    const mine = await db().organisation.findFirstOrThrow({ where: { name: "Une structure à modifier" } });
    const edited = await run(() =>
      editAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${mine.id}`,
            { ...FORM, intent: "save", name: "Une structure à modifier", rna: entry.registerId },
            actor.cookie,
          ),
          { id: mine.id },
        ),
      ),
    );
    expect(edited.status).toBe(409);
    const error = (edited.data as Answer).result.error;
    expect(error?.rna).toEqual([
      `Ce numéro RNA est celui de « ${profile.name} », déjà sur Coopérons : corrigez le numéro (une structure n'a qu'une fiche).`,
    ]);
    expect(error?.[""]?.[0]).toMatch(/^Le numéro RNA saisi est déjà celui d'une autre structure/);
    expect(await db().organisation.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      rna: "W449999982",
      pendingChanges: null,
    });
  });

  it("numbers no unclaimed profile has: the profile is created", async () => {
    const taken = new Set((await db().registerEntry.findMany({ select: { registerId: true } })).map((row) => row.registerId));
    const rna = ["W449999991", "W449999992", "W449999993"].find((number) => !taken.has(number))!;
    const { status, created } = await signUp({ name: "Une structure nouvelle", rna });
    expect(status).toBe(302);
    expect(created).toBe(1);
  });

  it("a profile someone claimed already, with that SIRET or RNA number: no duplicate, the person is told to ask its administrators", async () => {
    const { profile, entry } = await unclaimedOf("sirene");
    await db().organisation.update({
      where: { id: profile.id },
      data: { unclaimed: false, claimedAt: new Date(), status: "published", publishedAt: new Date() },
    });
    const bySiret = await signUp({ name: "Un autre établissement", siret: entry.registerId });
    expect(bySiret.status).toBe(409);
    expect(bySiret.created).toBe(0);
    expect(bySiret.answer?.matches[0]).toMatchObject({ slug: profile.slug, register: "SIRENE", claimed: true });
    expect(bySiret.answer?.result.error?.siret).toEqual([
      `Ce SIRET est celui de « ${profile.name} », déjà sur Coopérons : demandez à ses administrateurs de vous inviter, ou corrigez le numéro.`,
    ]);

    // Claimed and not yet published (the structure, its claimant admin, completes it): the same.
    const association = await unclaimedOf("rna");
    await db().organisation.update({
      where: { id: association.profile.id },
      data: {
        unclaimed: false,
        claimedAt: new Date(),
        memberships: { create: { userId: (await createActor()).id, role: "admin" } },
      },
    });
    const byRna = await signUp({ name: "Une association en double", rna: association.entry.registerId });
    expect(byRna.status).toBe(409);
    expect(byRna.answer?.matches[0]).toMatchObject({ slug: association.profile.slug, claimed: true });
  });

  it("a profile claimed, then left with nobody in it (its only admin deleted their account): created again, the SIRET taken over", async () => {
    const { profile, entry } = await unclaimedOf("sirene");
    const claimant = await createActor();
    await db().organisation.update({
      where: { id: profile.id },
      data: {
        unclaimed: false,
        claimedAt: new Date(),
        status: "published",
        publishedAt: new Date(),
        siret: entry.registerId,
        memberships: { create: { userId: claimant.id, role: "admin" } },
      },
    });
    expect((await signUp({ name: "La même, recréée", siret: entry.registerId })).status).toBe(409);
    await deleteUserAccount(db(), claimant.id);

    const again = await signUp({ name: "La même, recréée", siret: entry.registerId });
    expect(again.status).toBe(302);
    expect(again.created).toBe(1);
    expect(
      await db().organisation.findUniqueOrThrow({ where: { id: profile.id }, select: { siret: true, status: true } }),
    ).toEqual({
      siret: null,
      status: "unpublished",
    });
  });
});
