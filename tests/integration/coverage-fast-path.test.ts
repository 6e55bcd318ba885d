// The map's coverage and the CCAS dashboard count in grouped SQL (app/models/visibility-sql.server.ts,
// coverageSql in app/models/coverage.server.ts): here they are held to a straightforward count of
// the rows, read with the Prisma filters that say what is public and what the map's filters keep
// (app/domain/publication.ts, coverageWhere), on the demo data plus a seeded mix of every case —
// structures acting on the whole city or in no quartier, offers without a quartier, offers valid
// through today or expired yesterday, structures and items not published.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { countByWeek, lastWeeks } from "~/domain/dashboard";
import { assessGroupement } from "~/domain/groupement-assessment";
import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import { createRandom } from "~/domain/random";
import { IDEA_STAGES } from "~/domain/schemas/idea";
import { QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getCurrentCall } from "~/models/call.server";
import { coverageWhere, getCoverageData, type CoverageFilters } from "~/models/coverage.server";
import { getDashboard } from "~/models/dashboard.server";
import { getCallParameters, getGroupementFor, toGroupement } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";

const DAY = 86_400_000;
const now = new Date();
const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

beforeAll(async () => {
  const db = getDb();
  const random = createRandom(20_261_130);
  const call = (await getCurrentCall(db))!;
  const subAxes = await db.callSubAxis.findMany({ select: { id: true, code: true } });
  const quartiers = await db.quartier.findMany({ select: { id: true } });
  const ideas: { id: string; organisationId: string; wholeCity: boolean }[] = [];
  const codes = <T extends { code: string }>(list: readonly T[], most: number) => [
    ...new Set(Array.from({ length: random.int(0, most) }, () => random.pick(list).code)),
  ];
  for (let index = 0; index < 60; index += 1) {
    const wholeCity = random.chance(0.2);
    const organisation = await db.organisation.create({
      data: {
        slug: `rapide-${crypto.randomUUID().slice(0, 8)}`,
        name: `Structure ${index}`,
        shortDescription: "Structure du test des comptes groupés",
        description: "",
        sector: random.pick(SECTORS).code,
        kind: "association",
        wholeCity,
        status: random.pick(["published", "published", "published", "pending", "unpublished"]),
        publishedAt: new Date(now.getTime() - random.int(0, 120) * DAY),
        // Some declare no quartier; some acting on the whole city declare some all the same.
        quartiers: {
          create: [...new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(quartiers).id))].map((quartierId) => ({
            quartierId,
          })),
        },
        subAxes: {
          create: [...new Set(Array.from({ length: random.int(0, 2) }, () => random.pick(subAxes).id))].map((subAxisId) => ({
            subAxisId,
          })),
        },
        resources: {
          create: codes(RESOURCES, 2).map((resource) => ({ resource, direction: random.pick(["offers", "seeks"]) })),
        },
      },
    });
    for (let offer = random.int(0, 3); offer > 0; offer -= 1) {
      await db.offer.create({
        data: {
          organisationId: organisation.id,
          resource: random.pick(RESOURCES).code,
          title: "Offre",
          description: "",
          availability: "",
          conditions: "free",
          quartierId: random.chance(0.5) ? null : random.pick(quartiers).id,
          status: random.pick(["published", "published", "published", "pending"]),
          // Valid through today counts, expired yesterday does not.
          validUntil: random.pick([null, null, today, new Date(today.getTime() - DAY), new Date(today.getTime() + 30 * DAY)]),
          publishedAt: new Date(now.getTime() - random.int(0, 120) * DAY),
        },
      });
    }
    if (random.chance(0.6)) {
      const ideaWholeCity = random.chance(0.25);
      const idea = await db.idea.create({
        data: {
          slug: `idee-rapide-${crypto.randomUUID().slice(0, 8)}`,
          callId: call.id,
          organisationId: organisation.id,
          title: "Idée",
          summary: "",
          description: "",
          targetPublic: "",
          wholeCity: ideaWholeCity,
          stage: random.pick(IDEA_STAGES).code,
          status: random.pick(["published", "published", "pending"]),
          publishedAt: new Date(now.getTime() - random.int(0, 120) * DAY),
          codes: {
            create: [
              ...codes(subAxes, 2).map((code) => ({ kind: "subAxis", code })),
              ...codes(SECTORS, 2).map((code) => ({ kind: "sector", code })),
              ...codes(RESOURCES, 2).map((code) => ({ kind: "resource", code })),
              ...(ideaWholeCity ? [] : codes(QUARTIERS, 2)).map((code) => ({ kind: "quartier", code })),
            ],
          },
        },
      });
      ideas.push({ id: idea.id, organisationId: organisation.id, wholeCity: ideaWholeCity });
    }
  }
  // Groupements on a third of the ideas, some filed: half complete (three members, the budget
  // shared out, every commitment given), the others with a part missing.
  const organisations = await db.organisation.findMany({ where: { status: "published" }, select: { id: true } });
  for (const [index, idea] of ideas.filter(() => random.chance(0.35)).entries()) {
    const complete = index % 2 === 0;
    const others = [...new Set(Array.from({ length: complete ? 2 : random.int(0, 2) }, () => random.pick(organisations).id))];
    const members = [idea.organisationId, ...others.filter((id) => id !== idea.organisationId)];
    const budget = { budgetOperating: 60_000, budgetParticipation: 30_000, budgetEquipment: 10_000 };
    await db.groupement.create({
      data: {
        ideaId: idea.id,
        callId: call.id,
        title: `Groupement ${index}`,
        subAxes: complete ? random.pick(subAxes).code : codes(subAxes, 2).join(" "),
        addressesIsolation: complete || random.chance(0.5),
        addressesPrecarity: complete || random.chance(0.5),
        wholeCity: idea.wholeCity,
        quartiers: idea.wholeCity ? "" : complete ? random.pick(QUARTIERS).code : codes(QUARTIERS, 2).join(" "),
        startDate: "2026-03-01",
        beneficiaries: random.int(20, 300),
        ...budget,
        submittedAt: random.chance(0.25) ? new Date(now.getTime() - random.int(0, 60) * DAY) : null,
        members: {
          create: members.map((organisationId, position) => ({
            organisationId,
            isLead: position === 0,
            resources: random.pick(RESOURCES).code,
            subsidyShare: position === 0 ? 100_000 - 10_000 * (members.length - 1) : 10_000,
            commitment: complete ? (position === 0 ? "convention" : "lettre-engagement") : random.pick([null, "convention"]),
            confirmedAt: complete || random.chance(0.5) ? now : null,
          })),
        },
      },
    });
  }
});

/**
 * What the map counts, read row by row: local per quartier slug, the whole city apart, and the
 * structures in no quartier that do not act on the whole city (« sans quartier connu ») apart too.
 */
async function countRows(filters: CoverageFilters) {
  const db = getDb();
  const where = coverageWhere(filters, now);
  const slugs = { select: { quartier: { select: { slug: true } } } } as const;
  const [organisations, offers, ideas] = await Promise.all([
    where.organisation
      ? db.organisation.findMany({ where: where.organisation, select: { wholeCity: true, quartiers: slugs } })
      : [],
    where.offer
      ? db.offer.findMany({
          where: where.offer,
          select: { quartier: { select: { slug: true } }, organisation: { select: { wholeCity: true, quartiers: slugs } } },
        })
      : [],
    where.idea
      ? db.idea.findMany({
          where: where.idea,
          select: { wholeCity: true, codes: { where: { kind: "quartier" }, select: { code: true } } },
        })
      : [],
  ]);
  const local = new Map<string, { organisations: number; offers: number; ideas: number }>(
    QUARTIERS.map((quartier) => [quartier.code, { organisations: 0, offers: 0, ideas: 0 }]),
  );
  const wholeCity = { organisations: 0, offers: 0, ideas: 0 };
  const add = (key: keyof typeof wholeCity, city: boolean, places: string[]) => {
    if (city) wholeCity[key] += 1;
    else for (const place of places) if (local.has(place)) local.get(place)![key] += 1;
  };
  for (const row of organisations)
    add("organisations", row.wholeCity, row.wholeCity ? [] : row.quartiers.map((item) => item.quartier.slug));
  const unlocated = organisations.filter((row) => !row.wholeCity && row.quartiers.length === 0).length;
  for (const row of offers) {
    if (row.quartier) add("offers", false, [row.quartier.slug]);
    else
      add(
        "offers",
        row.organisation.wholeCity,
        row.organisation.quartiers.map((item) => item.quartier.slug),
      );
  }
  for (const row of ideas)
    add(
      "ideas",
      row.wholeCity,
      row.codes.map((item) => item.code),
    );
  return { local, wholeCity, unlocated };
}

describe("the map's coverage counted by the database", () => {
  const combinations: CoverageFilters[] = [
    {},
    { type: ["organisation"] },
    { type: ["offer"] },
    { type: ["idea"] },
    { type: ["organisation", "idea"] },
    { sector: ["sante", "associatif"] },
    { resource: ["locaux"] },
    { resource: ["financier", "salaries", "competences"] },
    { subAxis: ["2.1"] },
    { subAxis: ["1.1", "2.2"], sector: ["sante"] },
    { status: ["published"] },
    { status: ["looking-for-partners", "applied"] },
    { status: ["published", "draft"], resource: ["locaux"] },
    { type: ["offer"], sector: ["habitat", "sante"], resource: ["locaux", "competences"] },
    { type: ["organisation", "offer"], sector: ["associatif"], resource: ["locaux", "financier"] },
    { type: ["idea"], subAxis: ["2.1"], sector: ["associatif"], resource: ["salaries"], status: ["looking-for-partners"] },
  ];

  it.each(combinations.map((filters) => [JSON.stringify(filters), filters] as const))(
    "gives what a count of the rows gives: %s",
    async (_name, filters) => {
      const [data, rows] = await Promise.all([getCoverageData(getDb(), filters, now), countRows(filters)]);
      expect(data.wholeCity).toEqual(rows.wholeCity);
      expect(data.unlocated).toBe(rows.unlocated);
      expect(data.unlocatedStructures.plateforme).toBe(rows.unlocated);
      for (const quartier of data.quartiers)
        expect(data.supplyOf(quartier.slug), quartier.slug).toEqual(rows.local.get(quartier.slug));
    },
  );

  it("is not empty: the mix has something local and something for the whole city of each type", async () => {
    const rows = await countRows({});
    expect(rows.unlocated).toBeGreaterThan(0);
    const local = [...rows.local.values()];
    for (const key of ["organisations", "offers", "ideas"] as const) {
      expect(rows.wholeCity[key], key).toBeGreaterThan(0);
      expect(local.some((supply) => supply[key] > 0)).toBe(true);
    }
  });
});

describe("the dashboard's totals counted by the database", () => {
  it("gives what a count of the rows gives: totals, by sector and resource, by week, and the groupements' states", async () => {
    const db = getDb();
    const call = (await getCurrentCall(db))!;
    const weeks = lastWeeks(now);
    const ideaWhere = { AND: [visibleIdeaWhere(), { callId: call.id }] };
    const [dashboard, organisations, offers, ideas] = await Promise.all([
      getDashboard(db, now),
      db.organisation.findMany({ where: visibleOrganisationWhere(), select: { sector: true, publishedAt: true } }),
      db.offer.findMany({ where: visibleOfferWhere(now), select: { resource: true, publishedAt: true } }),
      db.idea.findMany({ where: ideaWhere, select: { publishedAt: true } }),
    ]);
    const countOf = (values: string[], code: string) => values.filter((value) => value === code).length;
    const byWeek = (rows: { publishedAt: Date | null }[]) =>
      countByWeek(
        weeks,
        rows.map((row) => row.publishedAt),
      );

    /** Each row's count is how many of `values` have its code. */
    const expectCounts = (rows: { code: string; count: number }[], values: string[]) => {
      for (const row of rows) expect(row.count, row.code).toBe(countOf(values, row.code));
    };
    expect(dashboard.organisations.total).toBe(organisations.length);
    expectCounts(
      dashboard.organisations.bySector,
      organisations.map((item) => item.sector),
    );
    expect(dashboard.offers.total).toBe(offers.length);
    expectCounts(
      dashboard.offers.byResource,
      offers.map((item) => item.resource),
    );
    expect(dashboard.ideas.total).toBe(ideas.length);
    expect(dashboard.weeks.map((week) => week.organisations)).toEqual(byWeek(organisations));
    expect(dashboard.weeks.map((week) => week.offers)).toEqual(byWeek(offers));
    expect(dashboard.weeks.map((week) => week.ideas)).toEqual(byWeek(ideas));
    // Groupements: the workspace's own verdict over the client's nested read.
    const parameters = await getCallParameters(db, call.id);
    // The workspace's own reading of each groupement, as its panel shows it to the CCAS.
    const ccas = {
      id: "ccas",
      email: "ccas@example.org",
      name: "CCAS",
      isCcas: true,
      ccasRole: "ccas-admin",
      emailVerifiedAt: now,
    };
    const groupements = await Promise.all(
      (await db.groupement.findMany({ where: { callId: call.id }, select: { id: true } })).map(
        async (row) => (await getGroupementFor(db, row.id, ccas))!.groupement,
      ),
    );
    const statuses = groupements.map((row) =>
      row.submittedAt ? "filed" : assessGroupement(toGroupement(row), parameters, []).conforming ? "eligible" : "draft",
    );
    // The mix has groupements in each state.
    expect(new Set(statuses)).toEqual(new Set(["draft", "eligible", "filed"]));
    expect(dashboard.groupements).toMatchObject({
      total: groupements.length,
      draft: countOf(statuses, "draft"),
      eligible: countOf(statuses, "eligible"),
      filed: countOf(statuses, "filed"),
    });
    // The mix publishes something in the 12 weeks.
    expect(dashboard.weeks.reduce((sum, week) => sum + week.organisations + week.offers + week.ideas, 0)).toBeGreaterThan(0);
  });
});
