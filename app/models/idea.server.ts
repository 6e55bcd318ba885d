import type { Prisma } from "~/generated/prisma/client";
import { ideaPublicationProblems, type IdeaInput } from "~/domain/schemas/idea";
import { slugify } from "~/domain/slug";
import type { Db } from "~/utils/db.server";
import { enqueueIndex } from "../../search/outbox";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const CODE_KINDS = {
  subAxes: "subAxis",
  quartiers: "quartier",
  tags: "tag",
  sectorsSought: "sector",
  resourcesSought: "resource",
} as const;

function codeRows(input: IdeaInput) {
  return (Object.keys(CODE_KINDS) as (keyof typeof CODE_KINDS)[]).flatMap((field) =>
    (field === "quartiers" && input.wholeCity ? [] : input[field]).map((code) => ({ kind: CODE_KINDS[field], code })),
  );
}

function scalarData(input: IdeaInput) {
  return {
    title: input.title,
    summary: input.summary,
    description: input.description,
    addressesIsolation: input.addressesIsolation,
    addressesPrecarity: input.addressesPrecarity,
    targetPublic: input.targetPublic,
    wholeCity: input.wholeCity,
    expectedStart: input.expectedStart ?? null,
  };
}

async function writeIdea(tx: Tx, ideaId: string, input: IdeaInput) {
  await tx.idea.update({
    where: { id: ideaId },
    data: { ...scalarData(input), codes: { deleteMany: {}, create: codeRows(input) } },
  });
}

function reviveIdeaInput(json: string): IdeaInput {
  const raw = JSON.parse(json) as IdeaInput & { expectedStart?: string };
  return { ...raw, expectedStart: raw.expectedStart ? new Date(raw.expectedStart) : undefined };
}

async function uniqueSlug(tx: Tx, title: string) {
  const base = slugify(title);
  for (let attempt = 0; ; attempt += 1) {
    const slug = attempt === 0 ? base : `${base}-${attempt + 1}`;
    if (!(await tx.idea.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

export async function createIdea(
  db: Db,
  { organisationId, callId, input }: { organisationId: string; callId: string; input: IdeaInput },
) {
  const status = ideaPublicationProblems(input).length === 0 ? "pending" : "draft";
  return db.$transaction(async (tx) =>
    tx.idea.create({
      data: {
        slug: await uniqueSlug(tx, input.title),
        organisationId,
        callId,
        stage: input.stage,
        status,
        ...scalarData(input),
        codes: { create: codeRows(input) },
      },
      select: { id: true, status: true },
    }),
  );
}

/** Same moderation as profiles: a published idea keeps its approved text while a change waits. */
export async function updateIdea(db: Db, ideaId: string, input: IdeaInput) {
  return db.$transaction(async (tx) => {
    const current = await tx.idea.findUniqueOrThrow({ where: { id: ideaId }, select: { status: true } });
    const complete = ideaPublicationProblems(input).length === 0;
    if (current.status === "published") {
      if (!complete) return { status: "published" as const, queued: false, refused: true };
      await tx.idea.update({ where: { id: ideaId }, data: { pendingChanges: JSON.stringify(input), stage: input.stage } });
      return { status: "published" as const, queued: true, refused: false };
    }
    await writeIdea(tx, ideaId, input);
    const status = complete ? "pending" : "draft";
    await tx.idea.update({ where: { id: ideaId }, data: { status, stage: input.stage, moderationReason: null } });
    return { status, queued: complete, refused: false };
  });
}

/** The stage is the lead's to move (looking for partners → groupement formed → …), without moderation. */
export async function setIdeaStage(db: Db, ideaId: string, stage: string) {
  await db.$transaction(async (tx) => {
    await tx.idea.update({ where: { id: ideaId }, data: { stage } });
    await enqueueIndex(tx, [{ entityType: "idea", entityId: ideaId }]);
  });
}

export async function publishIdea(db: Db, { ideaId, moderatorId }: { ideaId: string; moderatorId: string }) {
  await db.$transaction(async (tx) => {
    const current = await tx.idea.findUniqueOrThrow({
      where: { id: ideaId },
      select: { pendingChanges: true, publishedAt: true },
    });
    if (current.pendingChanges) await writeIdea(tx, ideaId, reviveIdeaInput(current.pendingChanges));
    await tx.idea.update({
      where: { id: ideaId },
      data: { status: "published", pendingChanges: null, moderationReason: null, publishedAt: current.publishedAt ?? new Date() },
    });
    await tx.moderationDecision.create({ data: { entityType: "idea", entityId: ideaId, action: "publish", moderatorId } });
    await enqueueIndex(tx, [{ entityType: "idea", entityId: ideaId }]);
  });
}

export async function rejectIdea(
  db: Db,
  { ideaId, moderatorId, reason }: { ideaId: string; moderatorId: string; reason: string },
) {
  await db.$transaction(async (tx) => {
    const current = await tx.idea.findUniqueOrThrow({ where: { id: ideaId }, select: { status: true } });
    await tx.idea.update({
      where: { id: ideaId },
      data:
        current.status === "published"
          ? { pendingChanges: null, moderationReason: reason }
          : { status: "rejected", moderationReason: reason },
    });
    await tx.moderationDecision.create({ data: { entityType: "idea", entityId: ideaId, action: "reject", reason, moderatorId } });
    await enqueueIndex(tx, [{ entityType: "idea", entityId: ideaId }]);
  });
}

function codesOf(codes: { kind: string; code: string }[], kind: string) {
  return codes.filter((item) => item.kind === kind).map((item) => item.code);
}

export async function getIdeaForEdit(db: Db, ideaId: string) {
  const idea = await db.idea.findUnique({
    where: { id: ideaId },
    select: {
      id: true,
      slug: true,
      organisationId: true,
      title: true,
      summary: true,
      description: true,
      addressesIsolation: true,
      addressesPrecarity: true,
      targetPublic: true,
      wholeCity: true,
      expectedStart: true,
      stage: true,
      status: true,
      pendingChanges: true,
      moderationReason: true,
      codes: { select: { kind: true, code: true } },
    },
  });
  if (!idea) return null;
  const approved: IdeaInput = {
    title: idea.title,
    summary: idea.summary,
    description: idea.description,
    subAxes: codesOf(idea.codes, "subAxis"),
    addressesIsolation: idea.addressesIsolation,
    addressesPrecarity: idea.addressesPrecarity,
    targetPublic: idea.targetPublic,
    tags: codesOf(idea.codes, "tag") as IdeaInput["tags"],
    wholeCity: idea.wholeCity,
    quartiers: codesOf(idea.codes, "quartier") as IdeaInput["quartiers"],
    sectorsSought: codesOf(idea.codes, "sector") as IdeaInput["sectorsSought"],
    resourcesSought: codesOf(idea.codes, "resource") as IdeaInput["resourcesSought"],
    expectedStart: idea.expectedStart ?? undefined,
    stage: idea.stage as IdeaInput["stage"],
  };
  return { idea, form: idea.pendingChanges ? { ...reviveIdeaInput(idea.pendingChanges), stage: approved.stage } : approved };
}

export function getOrganisationIdeas(db: Db, organisationId: string) {
  return db.idea.findMany({
    where: { organisationId },
    orderBy: { createdAt: "desc" },
    select: { id: true, slug: true, title: true, stage: true, status: true, pendingChanges: true, moderationReason: true },
  });
}

// ——— Public ———

/** What the public sees: published ideas of published organisations. */
const publicIdea = { status: "published", organisation: { status: "published" } } as const satisfies Prisma.IdeaWhereInput;

/** Published ideas by id, in the order given (the search engine's order). */
export async function getPublicIdeasByIds(db: Db, ids: string[]) {
  const ideas = await db.idea.findMany({
    where: { id: { in: ids }, ...publicIdea },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      stage: true,
      wholeCity: true,
      organisation: { select: { name: true, slug: true, isDemo: true } },
      codes: { select: { kind: true, code: true } },
    },
  });
  const byId = new Map(
    ideas.map(({ codes, ...idea }) => [
      idea.id,
      {
        ...idea,
        subAxes: codesOf(codes, "subAxis").sort(),
        quartiers: codesOf(codes, "quartier"),
        sectorsSought: codesOf(codes, "sector"),
        resourcesSought: codesOf(codes, "resource"),
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getPublishedIdea(db: Db, slug: string) {
  const idea = await db.idea.findFirst({
    where: { slug, ...publicIdea },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      description: true,
      targetPublic: true,
      wholeCity: true,
      expectedStart: true,
      stage: true,
      organisationId: true,
      organisation: { select: { name: true, slug: true, isDemo: true } },
      codes: { select: { kind: true, code: true } },
      candidates: {
        orderBy: { createdAt: "asc" },
        select: { organisation: { select: { name: true, slug: true, status: true } } },
      },
    },
  });
  if (!idea) return null;
  const { codes, ...rest } = idea;
  return {
    ...rest,
    subAxes: codesOf(codes, "subAxis").sort(),
    quartiers: codesOf(codes, "quartier"),
    tags: codesOf(codes, "tag"),
    sectorsSought: codesOf(codes, "sector"),
    resourcesSought: codesOf(codes, "resource"),
    joined: rest.candidates
      .filter(({ organisation }) => organisation.status === "published")
      .map(({ organisation }) => organisation),
  };
}
