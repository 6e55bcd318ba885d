// Seeds the calls (from app/domain/calls), the 11 quartiers (from prisma/data/geo, a copy of
// shared/data/geo) and, on request, fictitious demo organisations, their ideas and offers.
// Idempotent: running it again updates the calls and quartiers and leaves existing items alone.
import fs from "node:fs";
import path from "node:path";
import { CALLS } from "../app/domain/calls/nantes-isolement-2025";
import type { CallData } from "../app/domain/call";
import { recommendationWeightColumns } from "../app/models/call.server";
import { QUARTIERS } from "../app/domain/taxonomy";
import { parsePopulationCsv } from "../app/domain/population";
import type { PrismaClient } from "../app/generated/prisma/client";
import { DEMO_IDEAS, DEMO_OFFERS, DEMO_ORGANISATIONS } from "./demo-organisations";

export const GEO_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "data", "geo");

export const POPULATION_SOURCE =
  "Recensement INSEE 2018, somme des populations des IRIS de chaque quartier (chiffres de référence approximatifs)";

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
        populationSource: POPULATION_SOURCE,
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

export async function seed(db: PrismaClient, { demo }: { demo: boolean }) {
  for (const call of CALLS) await seedCall(db, call);
  await seedQuartiers(db);
  if (demo) {
    for (const call of CALLS) await seedDemoOrganisations(db, call.slug);
    await seedDemoIdeas(db, CALLS[0]!.slug);
    await seedDemoOffers(db);
  }
}

/** A database that has never been seeded has no call. */
export async function isEmpty(db: PrismaClient): Promise<boolean> {
  return (await db.call.count()) === 0;
}
