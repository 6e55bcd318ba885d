// Seeds the calls (from app/domain/calls), the 11 quartiers (from prisma/data/geo, a copy of
// shared/data/geo) and, on request, fictitious demo data: the small fixture of the tests
// (./demo-organisations) or the full demo a newcomer meets (./demo-city); and, for benchmarks,
// any number of organisations drawn like the full demo's.
// Idempotent: running it again updates the calls and quartiers and leaves existing items alone.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { formatDay } from "../app/domain/format";
import { CALLS } from "../app/domain/calls/nantes-isolement-2025";
import type { CallData } from "../app/domain/call";
import type { QuartierCollection } from "../app/domain/geo";
import { recommendationWeightColumns } from "../app/models/call.server";
import { QUARTIERS } from "../app/domain/taxonomy";
import { parsePopulationCsv, REFERENCE_POPULATION_SOURCE } from "../app/domain/population";
import { Prisma, type PrismaClient } from "../app/generated/prisma/client";
import {
  generateDemoCity,
  generateScaleOrganisations,
  type GeneratedIdea,
  type GeneratedOffer,
  type GeneratedOrganisation,
} from "./demo-city";
import { DEMO_IDEAS, DEMO_OFFERS, DEMO_ORGANISATIONS } from "./demo-organisations";

export const GEO_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "data", "geo");

async function seedCall(db: PrismaClient, call: CallData) {
  const publication = call.events.find((event) => event.kind === "publication");
  const fields = {
    title: call.title,
    shortTitle: call.shortTitle,
    summary: call.summary,
    organiser: call.organiser,
    audience: call.audience,
    publishedAt: publication ? new Date(publication.startsAt) : null,
    deadline: new Date(call.deadline),
    yearlyEnvelope: call.yearlyEnvelope,
    minLaureates: call.minLaureates,
    maxLaureates: call.maxLaureates,
    durationMonths: call.durationMonths,
    fundingYears: call.fundingYears,
    latestStart: new Date(`${call.latestStart}T00:00:00Z`),
    latestStartLabel: call.latestStartLabel,
    fundingNote: call.fundingNote,
    minMembers: call.minMembers,
    draft: false,
    ...recommendationWeightColumns(call.recommendationWeights),
  };
  await db.$transaction(async (tx) => {
    const { id: callId } = await tx.call.upsert({
      where: { slug: call.slug },
      create: { slug: call.slug, ...fields },
      update: fields,
    });
    // Children are replaced as a whole, except sub-axes, which organisations point to.
    await tx.callEvent.deleteMany({ where: { callId } });
    await tx.callExpenseCategory.deleteMany({ where: { callId } });
    await tx.callDocument.deleteMany({ where: { callId } });
    await tx.callFaq.deleteMany({ where: { callId } });
    await tx.callPrerequisite.deleteMany({ where: { callId } });
    await tx.pastLaureate.deleteMany({ where: { callId } });
    await tx.callCriterion.deleteMany({ where: { callId } });
    await tx.callEvent.createMany({
      data: call.events.map((event, position) => ({
        callId,
        position,
        kind: event.kind,
        title: event.title,
        startsAt: new Date(event.startsAt),
        endsAt: event.endsAt ? new Date(event.endsAt) : null,
        precision: event.precision,
        whenText: event.whenText ?? null,
      })),
    });
    await tx.callExpenseCategory.createMany({
      data: call.expenseCategories.map((item, position) => ({ callId, position, ...item })),
    });
    await tx.callDocument.createMany({ data: call.documents.map((item, position) => ({ callId, position, ...item })) });
    await tx.callFaq.createMany({ data: call.faqs.map((item, position) => ({ callId, position, ...item })) });
    await tx.callPrerequisite.createMany({ data: call.prerequisites.map((text, position) => ({ callId, position, text })) });
    await tx.pastLaureate.createMany({ data: call.pastLaureates.map((item, position) => ({ callId, position, ...item })) });
    await tx.callCriterion.createMany({ data: call.criteria.map((item, position) => ({ callId, position, ...item })) });

    for (const [axisPosition, axis] of call.axes.entries()) {
      const axisFields = { title: axis.title, summary: axis.summary, position: axisPosition };
      const { id: axisId } = await tx.callAxis.upsert({
        where: { callId_code: { callId, code: axis.code } },
        create: { callId, code: axis.code, ...axisFields },
        update: axisFields,
      });
      for (const [position, subAxis] of axis.subAxes.entries()) {
        const subFields = { title: subAxis.title, summary: subAxis.summary, position };
        const { id: subAxisId } = await tx.callSubAxis.upsert({
          where: { axisId_code: { axisId, code: subAxis.code } },
          create: { axisId, code: subAxis.code, ...subFields },
          update: subFields,
        });
        await tx.callSubAxisAction.deleteMany({ where: { subAxisId } });
        await tx.callSubAxisAction.createMany({
          data: subAxis.actions.map((text, index) => ({ subAxisId, text, position: index })),
        });
      }
    }
  });
}

async function seedQuartiers(db: PrismaClient) {
  const csv = fs.readFileSync(path.join(GEO_DIR, "quartiers-population-2018.csv"), "utf8");
  const rows = parsePopulationCsv(csv);
  await db.$transaction(
    QUARTIERS.map((quartier) => {
      const row = rows.find((candidate) => candidate.idobj === quartier.idobj);
      if (!row) throw new Error(`No population row for quartier ${quartier.code} (idobj ${quartier.idobj})`);
      const fields = {
        idobj: quartier.idobj,
        name: quartier.label,
        officialName: row.officialName,
        population: row.population,
        populationYear: 2018,
        populationSource: REFERENCE_POPULATION_SOURCE,
        areaKm2: row.areaKm2,
        irisCount: row.irisCount,
      };
      return db.quartier.upsert({ where: { slug: quartier.code }, create: { slug: quartier.code, ...fields }, update: fields });
    }),
  );
}

async function seedDemoOrganisations(db: PrismaClient, callSlug: string) {
  const subAxes = await db.callSubAxis.findMany({
    where: { axis: { call: { slug: callSlug } } },
    select: { id: true, code: true },
  });
  const quartiers = await db.quartier.findMany({ select: { id: true, slug: true } });
  const idOf = <T extends { id: string }>(list: T[], match: (item: T) => boolean, what: string) => {
    const found = list.find(match);
    if (!found) throw new Error(`Demo data refers to an unknown ${what}`);
    return found.id;
  };
  await db.$transaction(async (tx) => {
    for (const organisation of DEMO_ORGANISATIONS) {
      const exists = await tx.organisation.findUnique({ where: { slug: organisation.slug }, select: { id: true } });
      if (exists) continue;
      await tx.organisation.create({
        data: {
          slug: organisation.slug,
          name: organisation.name,
          shortDescription: organisation.shortDescription,
          description: organisation.description,
          sector: organisation.sector,
          kind: organisation.kind,
          wholeCity: organisation.wholeCity,
          status: "published",
          isDemo: true,
          quartiers: {
            create: organisation.quartiers.map((slug) => ({
              quartierId: idOf(quartiers, (q) => q.slug === slug, `quartier ${slug}`),
            })),
          },
          subAxes: {
            create: organisation.subAxes.map((code) => ({
              subAxisId: idOf(subAxes, (s) => s.code === code, `sub-axis ${code}`),
            })),
          },
          resources: {
            create: [
              ...organisation.offers.map((resource) => ({ resource, direction: "offers" })),
              ...organisation.seeks.map((resource) => ({ resource, direction: "seeks" })),
            ],
          },
        },
      });
    }
  });
}

async function seedDemoIdeas(db: PrismaClient, callSlug: string) {
  const call = await db.call.findUniqueOrThrow({ where: { slug: callSlug }, select: { id: true } });
  for (const idea of DEMO_IDEAS) {
    if (await db.idea.findUnique({ where: { slug: idea.slug }, select: { id: true } })) continue;
    const organisation = await db.organisation.findUniqueOrThrow({ where: { slug: idea.organisation }, select: { id: true } });
    await db.idea.create({
      data: {
        slug: idea.slug,
        callId: call.id,
        organisationId: organisation.id,
        title: idea.title,
        summary: idea.summary,
        description: idea.description,
        targetPublic: idea.targetPublic,
        wholeCity: idea.wholeCity,
        addressesIsolation: true,
        addressesPrecarity: true,
        stage: "looking-for-partners",
        status: "published",
        publishedAt: new Date(),
        codes: { create: idea.codes },
      },
    });
  }
}

/** Published demo offers, each added once (by its organisation and title). */
async function seedDemoOffers(db: PrismaClient) {
  for (const offer of DEMO_OFFERS) {
    const organisation = await db.organisation.findUniqueOrThrow({ where: { slug: offer.organisation }, select: { id: true } });
    if (await db.offer.findFirst({ where: { organisationId: organisation.id, title: offer.title }, select: { id: true } }))
      continue;
    const quartier = offer.quartier
      ? await db.quartier.findUniqueOrThrow({ where: { slug: offer.quartier }, select: { id: true } })
      : null;
    await db.offer.create({
      data: {
        organisationId: organisation.id,
        resource: offer.resource,
        title: offer.title,
        description: offer.description,
        quartierId: quartier?.id ?? null,
        availability: offer.availability,
        capacity: offer.capacity,
        conditions: offer.conditions,
        status: "published",
        publishedAt: new Date(),
        slots: { create: offer.slots.map((slot) => ({ slot })) },
      },
    });
  }
}

// ——— The full demo, and more of the same for benchmarks ———

type Tx = Prisma.TransactionClient;

/** Ids of the quartiers by slug, and of the call's sub-axes by code. */
type References = { callId: string; quartierId: Map<string, string>; subAxisId: Map<string, string> };

async function readReferences(db: PrismaClient | Tx, callSlug: string): Promise<References> {
  const call = await db.call.findUniqueOrThrow({ where: { slug: callSlug }, select: { id: true } });
  const [quartiers, subAxes] = await Promise.all([
    db.quartier.findMany({ select: { id: true, slug: true } }),
    db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { id: true, code: true } }),
  ]);
  return {
    callId: call.id,
    quartierId: new Map(quartiers.map((quartier) => [quartier.slug, quartier.id])),
    subAxisId: new Map(subAxes.map((subAxis) => [subAxis.code, subAxis.id])),
  };
}

function idOf(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Demo data refers to an unknown ${what} ${key}`);
  return id;
}

export function readQuartierShapes(): QuartierCollection {
  return JSON.parse(fs.readFileSync(path.join(GEO_DIR, "quartiers-nantes.geojson"), "utf8")) as QuartierCollection;
}

/**
 * Rows of one table in multi-row INSERTs, a few hundred at a time, through the same client and
 * driver adapter (so dates and booleans are stored as Prisma stores them). Why not createMany: its
 * query engine spends about 1 ms of CPU per organisation row, 80 s for `--scale 50000`; this takes
 * a sixth of that. The columns are the first row's keys: every row names the same ones, and any
 * column left out takes its database default.
 */
async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.floor(8000 / columns.length);
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES `);
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows
      .slice(start, start + perStatement)
      .map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column] ?? null))})`);
    await tx.$executeRaw`${head}${Prisma.join(values)}`;
  }
}

/** Prisma fills these itself on create; a row inserted as such names them. */
type Stamped = { id: string; createdAt: Date; updatedAt: Date };

/** Published demo organisations, in a few statements whatever their number. Returns their ids by slug. */
async function writeOrganisations(tx: Tx, refs: References, organisations: GeneratedOrganisation[]) {
  const now = new Date();
  const ids = new Map(organisations.map((organisation) => [organisation.slug, crypto.randomUUID()]));
  const idFor = (organisation: GeneratedOrganisation) => ids.get(organisation.slug)!;
  await insertRows(
    tx,
    "Organisation",
    organisations.map((organisation): Prisma.OrganisationCreateManyInput & Stamped => ({
      id: idFor(organisation),
      slug: organisation.slug,
      name: organisation.name,
      shortDescription: organisation.shortDescription,
      description: organisation.description,
      sector: organisation.sector,
      kind: organisation.kind,
      wholeCity: organisation.wholeCity,
      latitude: organisation.latitude,
      longitude: organisation.longitude,
      homeQuartierId: idOf(refs.quartierId, organisation.homeQuartier, "quartier"),
      status: "published",
      publishedAt: organisation.publishedAt,
      isDemo: true,
      createdAt: organisation.publishedAt,
      updatedAt: now,
    })),
  );
  await insertRows(
    tx,
    "OrganisationQuartier",
    organisations.flatMap((organisation) =>
      organisation.quartiers.map((slug): Prisma.OrganisationQuartierCreateManyInput => ({
        organisationId: idFor(organisation),
        quartierId: idOf(refs.quartierId, slug, "quartier"),
      })),
    ),
  );
  await insertRows(
    tx,
    "OrganisationSubAxis",
    organisations.flatMap((organisation) =>
      organisation.subAxes.map((code): Prisma.OrganisationSubAxisCreateManyInput => ({
        organisationId: idFor(organisation),
        subAxisId: idOf(refs.subAxisId, code, "sub-axis"),
      })),
    ),
  );
  await insertRows(
    tx,
    "OrganisationResource",
    organisations.flatMap((organisation) =>
      (["offers", "seeks"] as const).flatMap((direction) =>
        organisation[direction].map((resource): Prisma.OrganisationResourceCreateManyInput => ({
          organisationId: idFor(organisation),
          resource,
          direction,
        })),
      ),
    ),
  );
  return ids;
}

async function writeOffers(tx: Tx, refs: References, organisationIds: Map<string, string>, offers: GeneratedOffer[]) {
  const now = new Date();
  const rows = offers.map((offer) => ({ id: crypto.randomUUID(), offer }));
  await insertRows(
    tx,
    "Offer",
    rows.map(({ id, offer }): Prisma.OfferCreateManyInput & Stamped => ({
      id,
      organisationId: idOf(organisationIds, offer.organisation, "organisation"),
      resource: offer.resource,
      title: offer.title,
      description: offer.description,
      quartierId: offer.quartier ? idOf(refs.quartierId, offer.quartier, "quartier") : null,
      latitude: offer.latitude,
      longitude: offer.longitude,
      availability: offer.availability,
      capacity: offer.capacity,
      conditions: offer.conditions,
      validFrom: offer.validFrom,
      validUntil: offer.validUntil,
      status: "published",
      publishedAt: offer.publishedAt,
      createdAt: offer.publishedAt,
      updatedAt: now,
    })),
  );
  await insertRows(
    tx,
    "OfferSlot",
    rows.flatMap(({ id, offer }) => offer.slots.map((slot): Prisma.OfferSlotCreateManyInput => ({ offerId: id, slot }))),
  );
}

/** An idea, and its groupement as the workspace would hold it: members joined through an accepted interest. */
async function writeIdea(tx: Tx, refs: References, organisationIds: Map<string, string>, idea: GeneratedIdea) {
  const organisationId = (slug: string) => idOf(organisationIds, slug, "organisation");
  const { id: ideaId } = await tx.idea.create({
    data: {
      slug: idea.slug,
      callId: refs.callId,
      organisationId: organisationId(idea.organisation),
      title: idea.title,
      summary: idea.summary,
      description: idea.description,
      targetPublic: idea.targetPublic,
      wholeCity: idea.wholeCity,
      addressesIsolation: true,
      addressesPrecarity: true,
      expectedStart: idea.expectedStart,
      stage: idea.stage,
      status: idea.status,
      publishedAt: idea.publishedAt,
      createdAt: idea.publishedAt ?? undefined,
      codes: {
        create: [
          ...idea.subAxes.map((code) => ({ kind: "subAxis", code })),
          ...idea.quartiers.map((code) => ({ kind: "quartier", code })),
          ...idea.tags.map((code) => ({ kind: "tag", code })),
          ...idea.sectorsSought.map((code) => ({ kind: "sector", code })),
          ...idea.resourcesSought.map((code) => ({ kind: "resource", code })),
        ],
      },
    },
    select: { id: true },
  });
  const groupement = idea.groupement;
  if (!groupement) return;
  // The partners answered the idea, and the groupement was formed, a few days after it was
  // published (never later than now).
  const joinedAt = new Date(Math.min((idea.publishedAt ?? new Date()).getTime() + 3 * 86_400_000, Date.now()));
  for (const member of groupement.members.filter((item) => !item.isLead && item.status === "active")) {
    const interest = await tx.interest.create({
      data: {
        ideaId,
        organisationId: organisationId(member.organisation),
        message: "Message fictif de démonstration : notre structure aimerait rejoindre le projet.",
        resources: member.resources.join(" "),
        status: "accepted",
        readByIdeaAt: joinedAt,
        readBySenderAt: joinedAt,
        decidedAt: joinedAt,
        createdAt: joinedAt,
      },
      select: { id: true },
    });
    await tx.candidateMember.create({
      data: { ideaId, organisationId: organisationId(member.organisation), interestId: interest.id, createdAt: joinedAt },
    });
  }
  const submittedAt = groupement.submittedOn ? new Date(`${groupement.submittedOn}T12:00:00Z`) : null;
  await tx.groupement.create({
    data: {
      ideaId,
      callId: refs.callId,
      title: groupement.title,
      subAxes: groupement.subAxes.join(" "),
      addressesIsolation: true,
      addressesPrecarity: true,
      wholeCity: groupement.wholeCity,
      quartiers: groupement.quartiers.join(" "),
      startDate: groupement.startDate,
      cooperation: groupement.cooperation,
      cooperationJustification: groupement.cooperationJustification,
      beneficiaries: groupement.beneficiaries,
      replicability: groupement.replicability,
      budgetOperating: groupement.budget.operating,
      budgetParticipation: groupement.budget.participation,
      budgetEquipment: groupement.budget.equipment,
      submittedAt,
      createdAt: joinedAt,
      members: {
        create: groupement.members.map((member, index) => ({
          organisationId: organisationId(member.organisation),
          isLead: member.isLead,
          status: member.status,
          role: member.role,
          resources: member.resources.join(" "),
          resourceDescription: member.resourceDescription,
          valuedAmount: member.valuedAmount,
          subsidyShare: member.subsidyShare,
          commitment: member.commitment,
          accountsAlreadySent: member.accountsAlreadySent,
          reportAlreadySent: member.reportAlreadySent,
          confirmedAt: member.confirmedByName ? (submittedAt ?? joinedAt) : null,
          confirmedByName: member.confirmedByName,
          // Members in the order they joined: the lead first.
          createdAt: new Date(joinedAt.getTime() + index * 60_000),
        })),
      },
      changes: submittedAt
        ? {
            create: {
              userName: "Équipe de démonstration",
              summary: `Dossier marqué « déposé » le ${formatDay(submittedAt)}`,
              createdAt: submittedAt,
            },
          }
        : undefined,
    },
  });
}

/**
 * The full demo (./demo-city), written in one transaction: it is either wholly there or not at all,
 * so a second run that finds any of its organisations leaves it alone.
 */
async function seedDemoCity(db: PrismaClient, callSlug: string, today: Date) {
  const city = generateDemoCity(readQuartierShapes(), today);
  const slugs = city.organisations.map((organisation) => organisation.slug);
  if ((await db.organisation.count({ where: { slug: { in: slugs } } })) > 0) return;
  await db.$transaction(
    async (tx) => {
      const refs = await readReferences(tx, callSlug);
      const ids = await writeOrganisations(tx, refs, city.organisations);
      await writeOffers(tx, refs, ids, city.offers);
      for (const idea of city.ideas) await writeIdea(tx, refs, ids, idea);
    },
    { timeout: 60_000 },
  );
}

const SCALE_STATE_KEY = "demoScaleNext";

/**
 * `count` more fictitious published organisations (with offers, some expired), drawn like the full
 * demo's, in batches of a few statements each. Numbered on from the last run (kept in AppState), so
 * running it twice adds twice as many. Nothing is queued for the search index: reindex after.
 */
export async function seedScale(
  db: PrismaClient,
  count: number,
  { today = new Date(), batchSize = 5000 }: { today?: Date; batchSize?: number } = {},
): Promise<{ organisations: number; offers: number }> {
  const refs = await readReferences(db, CALLS[0]!.slug);
  const shapes = readQuartierShapes();
  let offers = 0;
  for (let done = 0; done < count; done += batchSize) {
    const size = Math.min(batchSize, count - done);
    await db.$transaction(
      async (tx) => {
        const state = await tx.appState.findUnique({ where: { key: SCALE_STATE_KEY } });
        const start = Number(state?.value ?? 0);
        const batch = generateScaleOrganisations(shapes, { start, count: size, today });
        const ids = await writeOrganisations(tx, refs, batch.organisations);
        await writeOffers(tx, refs, ids, batch.offers);
        offers += batch.offers.length;
        const next = String(start + size);
        await tx.appState.upsert({
          where: { key: SCALE_STATE_KEY },
          create: { key: SCALE_STATE_KEY, value: next },
          update: { value: next },
        });
      },
      { timeout: 600_000 },
    );
  }
  return { organisations: count, offers };
}

/**
 * `demo`: false for none; true for the small fixture the tests' template database holds (their
 * names and counts are what many tests check); "full" for the demo `npm start` shows a newcomer.
 */
export async function seed(db: PrismaClient, { demo, today = new Date() }: { demo: boolean | "full"; today?: Date }) {
  for (const call of CALLS) await seedCall(db, call);
  await seedQuartiers(db);
  if (demo === "full") {
    await seedDemoCity(db, CALLS[0]!.slug, today);
  } else if (demo) {
    for (const call of CALLS) await seedDemoOrganisations(db, call.slug);
    await seedDemoIdeas(db, CALLS[0]!.slug);
    await seedDemoOffers(db);
  }
}

/** A database that has never been seeded has no call. */
export async function isEmpty(db: PrismaClient): Promise<boolean> {
  return (await db.call.count()) === 0;
}
