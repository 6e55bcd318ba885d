// The activity of a lively call for the benchmarks' big datasets (bench:dashboard, bench:load), on
// top of prisma/seed.ts's seedScale organisations and offers: one idea per 25 organisations, three
// interests per idea (most answered), a groupement for one idea in seven, a fifth of them filed.
// Written by multi-row INSERTs through the client and its driver adapter, on SQLite or PostgreSQL.
import crypto from "node:crypto";
import type { Random } from "../../app/domain/random";
import { QUARTIERS, RESOURCES, SECTORS } from "../../app/domain/taxonomy";
import { Prisma } from "../../app/generated/prisma/client";
import type { Db } from "../../app/utils/db.server";

const DAY = 86_400_000;

/** Multi-row INSERTs through the client and its driver adapter (dates stored as Prisma stores them). */
export async function insertRows(db: Db, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.floor(8000 / columns.length);
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES `);
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows
      .slice(start, start + perStatement)
      .map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column] ?? null))})`);
    await db.$executeRaw`${head}${Prisma.join(values)}`;
  }
}

/**
 * Ideas, interests and groupements of the latest call over the published organisations already
 * written (`organisations`: how many the dataset was asked for, one idea per 25 of them). The
 * same `random` seed draws the same activity.
 */
export async function seedCallActivity(
  db: Db,
  { organisations: count, now, random }: { organisations: number; now: number; random: Random },
) {
  const call = await db.call.findFirstOrThrow({
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true },
  });
  const subAxes = (await db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { code: true } })).map(
    (row) => row.code,
  );
  const organisations = await db.organisation.findMany({
    where: { status: "published" },
    select: { id: true, sector: true, kind: true },
  });
  const ageDays = () => random.int(0, 200);

  // Ideas: one per 25 organisations, each with its sub-axes, quartiers, sought sectors and resources.
  const ideas = Array.from({ length: Math.floor(count / 25) }, (_unused, index) => {
    const publishedAt = new Date(now - ageDays() * DAY - random.int(0, 23) * 3_600_000);
    const wholeCity = random.chance(0.1);
    return {
      id: crypto.randomUUID(),
      slug: `idee-bench-${index}`,
      callId: call.id,
      organisationId: random.pick(organisations).id,
      title: `Idée ${index}`,
      summary: "Idée fictive du banc d'essai",
      description: "",
      targetPublic: "",
      wholeCity,
      addressesIsolation: true,
      addressesPrecarity: true,
      stage: "looking-for-partners",
      status: random.chance(0.85) ? "published" : "pending",
      publishedAt,
      createdAt: publishedAt,
      updatedAt: publishedAt,
    };
  });
  await insertRows(db, "Idea", ideas);
  const distinct = <T>(items: T[]) => [...new Set(items)];
  await insertRows(
    db,
    "IdeaCode",
    ideas.flatMap((idea) => [
      ...distinct([random.pick(subAxes), random.pick(subAxes)]).map((code) => ({ ideaId: idea.id, kind: "subAxis", code })),
      ...(idea.wholeCity ? [] : distinct([random.pick(QUARTIERS).code, random.pick(QUARTIERS).code])).map((code) => ({
        ideaId: idea.id,
        kind: "quartier",
        code,
      })),
      { ideaId: idea.id, kind: "sector", code: random.pick(SECTORS).code },
      { ideaId: idea.id, kind: "resource", code: random.pick(RESOURCES).code },
    ]),
  );

  // Interests: three per idea, three in four answered within a few days.
  const interests = ideas.flatMap((idea) =>
    Array.from({ length: 3 }, () => {
      const createdAt = new Date(idea.publishedAt.getTime() + random.int(1, 20) * 3_600_000);
      const answered = random.chance(0.75);
      return {
        id: crypto.randomUUID(),
        ideaId: idea.id,
        organisationId: random.pick(organisations).id,
        message: "Intérêt fictif",
        resources: random.pick(RESOURCES).code,
        status: answered ? (random.chance(0.6) ? "accepted" : "declined") : "pending",
        decidedAt: answered ? new Date(createdAt.getTime() + random.int(1, 240) * 3_600_000) : null,
        createdAt,
      };
    }),
  );
  await insertRows(db, "Interest", interests);

  // Groupements: one idea in seven, a fifth of them filed; two to four members from different sectors.
  const groupements = ideas
    .filter(() => random.chance(1 / 7))
    .map((idea, index) => {
      const filed = random.chance(0.2);
      const quartiers = idea.wholeCity ? [] : distinct([random.pick(QUARTIERS).code, random.pick(QUARTIERS).code]);
      return {
        id: crypto.randomUUID(),
        ideaId: idea.id,
        callId: call.id,
        title: `Groupement ${index}`,
        subAxes: distinct([random.pick(subAxes), random.pick(subAxes)]).join(" "),
        addressesIsolation: true,
        addressesPrecarity: true,
        wholeCity: idea.wholeCity,
        quartiers: quartiers.join(" "),
        startDate: "2026-03-01",
        cooperation: "new",
        beneficiaries: random.int(20, 300),
        budgetOperating: 60_000,
        budgetParticipation: 30_000,
        budgetEquipment: random.chance(0.7) ? 10_000 : 0,
        submittedAt: filed ? new Date(now - random.int(0, 80) * DAY) : null,
        createdAt: idea.publishedAt,
        updatedAt: idea.publishedAt,
        lead: idea.organisationId,
      };
    });
  await insertRows(
    db,
    "Groupement",
    groupements.map(({ lead: _lead, ...row }) => row),
  );
  await insertRows(
    db,
    "GroupementMember",
    groupements.flatMap((groupement) => {
      const others = distinct(Array.from({ length: random.int(1, 3) }, () => random.pick(organisations).id)).filter(
        (id) => id !== groupement.lead,
      );
      const members = [groupement.lead, ...others];
      const share = Math.floor(
        (groupement.budgetOperating + groupement.budgetParticipation + groupement.budgetEquipment) / members.length,
      );
      return members.map((organisationId, index) => ({
        groupementId: groupement.id,
        organisationId,
        isLead: index === 0,
        status: "active",
        resources: random.pick(RESOURCES).code,
        subsidyShare: share,
        commitment: random.chance(0.8) ? "convention" : null,
        createdAt: groupement.createdAt,
      }));
    }),
  );
  return { ideas, interests, groupements };
}
