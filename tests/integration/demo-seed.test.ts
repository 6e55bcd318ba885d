// The demo a newcomer meets (`npm start` on an empty database seeds it), written into a fresh
// SQLite database: its counts and variety, its « démo » marks, what the public sees of it, its three
// groupements as the workspace judges them, and `npm run db:seed -- --scale N` for benchmarks.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { assessGroupement } from "~/domain/groupement-assessment";
import { checkEligibility } from "~/domain/eligibility";
import { toEligibilityInput } from "~/domain/groupement";
import { isOfferExpired, visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import { IDEA_STAGES } from "~/domain/schemas/idea";
import { KINDS, QUARTIERS, SECTORS } from "~/domain/taxonomy";
import { getChecklist } from "~/models/groupement-documents.server";
import { getCallParameters, getGroupementFor, toGroupement } from "~/models/groupement.server";
import { createPrismaClient } from "~/utils/db.server";
import { parseEnv } from "~/utils/env.server";
import { migrate } from "../../scripts/lib/prepare";
import { allDocuments } from "../../search/documents";
import { seed, seedScale } from "../../prisma/seed";

const run = promisify(execFile);
let blank: string;

/** A new, migrated, empty database (a copy of one migrated once for this file). */
function freshDatabase() {
  const file = path.join(inject("scratchDir"), `demo-${crypto.randomUUID()}.db`);
  fs.copyFileSync(blank, file);
  return { url: `file:${file}`, db: createPrismaClient(`file:${file}`) };
}

beforeAll(() => {
  blank = path.join(inject("scratchDir"), `demo-blank-${crypto.randomUUID()}.db`);
  migrate(parseEnv({ ...process.env, DATABASE_URL: `file:${blank}` }));
});

const CCAS = {
  id: "ccas-demo-test",
  email: "ccas@exemple.org",
  name: "CCAS",
  isCcas: true,
  ccasRole: "ccas-reviewer",
  emailVerifiedAt: null,
};

describe("the full demo in a fresh database", () => {
  it("holds 80 published structures of every sector, kind and quartier, some acting on the whole city", async () => {
    const { db } = freshDatabase();
    await seed(db, { demo: "full" });
    const organisations = await db.organisation.findMany({
      select: {
        sector: true,
        kind: true,
        wholeCity: true,
        status: true,
        quartiers: { select: { quartier: { select: { slug: true } } } },
      },
    });
    expect(organisations).toHaveLength(80);
    expect(organisations.every((organisation) => organisation.status === "published")).toBe(true);
    expect(new Set(organisations.map((organisation) => organisation.sector))).toEqual(
      new Set(SECTORS.map((sector) => sector.code)),
    );
    expect(new Set(organisations.map((organisation) => organisation.kind))).toEqual(new Set(KINDS.map((kind) => kind.code)));
    const local = organisations.filter((organisation) => !organisation.wholeCity);
    expect(new Set(local.flatMap((organisation) => organisation.quartiers.map(({ quartier }) => quartier.slug)))).toEqual(
      new Set(QUARTIERS.map((quartier) => quartier.code)),
    );
    const wholeCity = organisations.filter((organisation) => organisation.wholeCity);
    expect(wholeCity.length).toBeGreaterThanOrEqual(5);
    expect(wholeCity.every((organisation) => organisation.quartiers.length === 0)).toBe(true);
    await db.$disconnect();
  });

  it("holds 40 offers with places and days (some expired) and 15 ideas at every stage and sub-axis", async () => {
    const { db } = freshDatabase();
    const now = new Date();
    await seed(db, { demo: "full", today: now });
    const offers = await db.offer.findMany({ select: { validUntil: true, quartierId: true, availability: true, slots: true } });
    expect(offers).toHaveLength(40);
    expect(offers.filter((offer) => isOfferExpired(offer.validUntil, now)).length).toBeGreaterThanOrEqual(5);
    expect(offers.some((offer) => offer.validUntil === null)).toBe(true);
    expect(offers.some((offer) => offer.validUntil !== null && !isOfferExpired(offer.validUntil, now))).toBe(true);
    expect(offers.filter((offer) => offer.quartierId !== null).length).toBeGreaterThan(25);
    expect(offers.every((offer) => offer.slots.length > 0 && offer.availability !== "")).toBe(true);

    const ideas = await db.idea.findMany({
      select: { stage: true, status: true, codes: { select: { kind: true, code: true } } },
    });
    expect(ideas).toHaveLength(15);
    expect(new Set(ideas.map((idea) => idea.stage))).toEqual(new Set(IDEA_STAGES.map((stage) => stage.code)));
    const subAxes = await db.callSubAxis.findMany({ select: { code: true } });
    const codes = (kind: string) =>
      new Set(ideas.flatMap((idea) => idea.codes.filter((code) => code.kind === kind).map((code) => code.code)));
    expect(codes("subAxis")).toEqual(new Set(subAxes.map((subAxis) => subAxis.code)));
    // What recommendations read: the sectors and resources the ideas seek.
    expect(codes("sector").size).toBeGreaterThanOrEqual(6);
    expect(codes("resource").size).toBe(5);
    // The one draft stays a draft: only ideas past that stage reach the CCAS.
    expect(ideas.filter((idea) => idea.status === "draft").map((idea) => idea.stage)).toEqual(["draft"]);
    await db.$disconnect();
  });

  it("marks every structure as a demo, and every offer, idea and groupement « (démo) », in the database and in search", async () => {
    const { db } = freshDatabase();
    await seed(db, { demo: "full" });
    const organisations = await db.organisation.findMany({ select: { name: true, isDemo: true } });
    expect(organisations.every((organisation) => organisation.isDemo && organisation.name.endsWith(" (démo)"))).toBe(true);
    const titles = [
      ...(await db.offer.findMany({ select: { title: true } })),
      ...(await db.idea.findMany({ select: { title: true } })),
      ...(await db.groupement.findMany({ select: { title: true } })),
    ].map((item) => item.title);
    expect(titles.filter((title) => !title.endsWith(" (démo)"))).toEqual([]);
    const documents = [];
    for await (const batch of allDocuments(db)) documents.push(...batch);
    expect(documents.length).toBeGreaterThan(100);
    expect(documents.filter((document) => !document.isDemo)).toEqual([]);
    await db.$disconnect();
  });

  it("shows the public everything it published, except the offers that expired", async () => {
    const { db } = freshDatabase();
    const now = new Date();
    await seed(db, { demo: "full", today: now });
    const published = { status: "published" };
    expect(await db.organisation.count({ where: visibleOrganisationWhere() })).toBe(
      await db.organisation.count({ where: published }),
    );
    expect(await db.idea.count({ where: visibleIdeaWhere() })).toBe(14);
    expect(await db.idea.count({ where: visibleIdeaWhere() })).toBe(await db.idea.count({ where: published }));
    const offers = await db.offer.findMany({ where: published, select: { id: true, validUntil: true } });
    const visible = new Set(
      (await db.offer.findMany({ where: visibleOfferWhere(now), select: { id: true } })).map((offer) => offer.id),
    );
    for (const offer of offers) expect(visible.has(offer.id)).toBe(!isOfferExpired(offer.validUntil, now));
    expect(visible.size).toBeLessThan(offers.length);
    const documents = [];
    for await (const batch of allDocuments(db)) documents.push(...batch);
    expect(documents.filter((document) => document.type === "offer")).toHaveLength(visible.size);
    await db.$disconnect();
  });

  it("holds a draft groupement that fails a rule, one that passes every rule, and one filed with the CCAS", async () => {
    const { db } = freshDatabase();
    await seed(db, { demo: "full" });
    const rows = await db.groupement.findMany({ select: { id: true, callId: true } });
    expect(rows).toHaveLength(3);
    const call = await getCallParameters(db, rows[0]!.callId);
    const judged = [];
    for (const row of rows) {
      const found = await getGroupementFor(db, row.id, CCAS);
      const groupement = found!.groupement;
      const assessment = assessGroupement(toGroupement(groupement), call, getChecklist(groupement));
      judged.push({
        title: groupement.title,
        filed: groupement.submittedAt !== null,
        eligible: checkEligibility(toEligibilityInput(toGroupement(groupement)), call).eligible,
        failing: assessment.rules.filter((rule) => rule.status !== "pass").map((rule) => rule.id),
        members: groupement.members,
      });
      // Members are the demo's published structures, with one lead.
      expect(groupement.members.filter((member) => member.isLead)).toHaveLength(1);
      const memberRows = await db.organisation.findMany({
        where: { id: { in: groupement.members.map((member) => member.organisationId) } },
        select: { status: true, isDemo: true },
      });
      expect(memberRows.every((organisation) => organisation.status === "published" && organisation.isDemo)).toBe(true);
    }
    const draft = judged.filter((item) => !item.filed && !item.eligible);
    const eligible = judged.filter((item) => !item.filed && item.failing.length === 0);
    const filed = judged.filter((item) => item.filed);
    expect([draft.length, eligible.length, filed.length]).toEqual([1, 1, 1]);
    expect(draft[0]!.failing).toEqual(expect.arrayContaining(["members.sectors", "members.commitment"]));
    expect(draft[0]!.members.some((member) => member.status === "invited")).toBe(true);
    expect(filed[0]!.failing).toEqual([]);
    expect(filed[0]!.members.every((member) => member.confirmedAt !== null)).toBe(true);
    await db.$disconnect();
  });

  it("is the same demo every time, and a second seed adds nothing", async () => {
    const first = freshDatabase();
    const second = freshDatabase();
    await seed(first.db, { demo: "full" });
    await seed(second.db, { demo: "full" });
    const names = async (db: typeof first.db) => ({
      organisations: await db.organisation.findMany({
        orderBy: { slug: "asc" },
        select: { slug: true, name: true, latitude: true },
      }),
      offers: (await db.offer.findMany({ select: { title: true } })).map((offer) => offer.title).sort(),
      ideas: await db.idea.findMany({ orderBy: { slug: "asc" }, select: { slug: true, title: true, stage: true } }),
    });
    const before = await names(first.db);
    expect(await names(second.db)).toEqual(before);
    await seed(first.db, { demo: "full" });
    expect(await names(first.db)).toEqual(before);
    expect(await first.db.groupement.count()).toBe(3);
    await first.db.$disconnect();
    await second.db.$disconnect();
  });
});

describe("npm run db:seed -- --scale N", () => {
  it("adds N more fictitious published structures with offers each time", async () => {
    const { db } = freshDatabase();
    await seed(db, { demo: "full" });
    const offersBefore = await db.offer.count();
    expect(await seedScale(db, 30, { batchSize: 12 })).toMatchObject({ organisations: 30 });
    expect(await db.organisation.count()).toBe(110);
    await seedScale(db, 30);
    expect(await db.organisation.count({ where: { status: "published", isDemo: true, name: { endsWith: " (démo)" } } })).toBe(
      140,
    );
    expect(await db.offer.count()).toBeGreaterThan(offersBefore + 15);
    await db.$disconnect();
  });

  it("says how many it added and that the search index needs a rebuild; a wrong number changes nothing", async () => {
    const { url, db } = freshDatabase();
    const tsx = path.resolve("node_modules/.bin/tsx");
    const env = { ...process.env, DATABASE_URL: url };
    const refused = await run(tsx, ["scripts/db-seed.ts", "--scale", "beaucoup"], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 2 });
    expect("stderr" in refused && refused.stderr).toContain("--scale expects a number of organisations");
    expect(await db.call.count()).toBe(0);

    const { stdout } = await run(tsx, ["scripts/db-seed.ts", "--scale", "12"], { env });
    expect(stdout).toMatch(/Added 12 fictitious organisations and \d+ offers in [\d.]+ s\./);
    expect(stdout).toContain("npm run search:reindex");
    expect(await db.organisation.count()).toBe(92);
    await db.$disconnect();
  });
});
