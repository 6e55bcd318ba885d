import { Prisma } from "~/generated/prisma/client";
import { readNow } from "~/utils/read-aside.server";
import { createdStatus, visibleIdeaWhere } from "~/domain/publication";
import { createIdeaSchema, ideaPublicationProblems, type IdeaInput } from "~/domain/schemas/idea";
import { uniqueSlug } from "~/domain/slug";
import { stageRefusal, type StageFacts } from "~/domain/idea-stage";
import { visibleOrganisationSql } from "~/models/visibility-sql.server";
import type { Db, Tx } from "~/utils/db.server";
import { getKnownSubAxisCodes } from "./call.server";
import { decide, parseStored, queueReindex, saveEdit, type Publishable } from "./publication.server";

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

/** Ideas in the publication lifecycle: what waits is the validated form. */
export const ideaPublication: Publishable<IdeaInput> = {
  type: "idea",
  parsePending: async (db, json) => (json ? parseStored(createIdeaSchema(await getKnownSubAxisCodes(db)), json) : null),
  pendingWith: (_existing, form) => form,
  write: writeIdea,
  applyPending: writeIdea,
};

const isComplete = (input: IdeaInput) => ideaPublicationProblems(input).length === 0;

/**
 * A stage the structure may not give its idea now (stageRefusal): nothing is written; `reason`
 * goes beside the stage's field. « Candidature déposée » and « Lauréat » say something of the call
 * in public and follow what the platform knows, read in the same transaction as the write.
 */
export class StageRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Whether the idea's stage moves to `stage`; throws StageRefused when it may not. */
async function stageMoves(tx: Tx, ideaId: string, stage: string): Promise<boolean> {
  const idea = await tx.idea.findUniqueOrThrow({ where: { id: ideaId }, select: { stage: true, status: true } });
  if (idea.stage === stage) return false;
  const refusal = stageRefusal(stage, (await getStageFacts(tx, { id: ideaId, status: idea.status })).facts);
  if (refusal) throw new StageRefused(refusal);
  return true;
}

/** A new idea (no groupement yet, so neither « Candidature déposée » nor « Lauréat »: StageRefused). */
export async function createIdea(
  db: Db,
  { organisationId, callId, input }: { organisationId: string; callId: string; input: IdeaInput },
) {
  const refusal = stageRefusal(input.stage, { groupement: null });
  if (refusal) throw new StageRefused(refusal);
  return db.$transaction(async (tx) =>
    tx.idea.create({
      data: {
        slug: await uniqueSlug(input.title, async (slug) =>
          Boolean(await tx.idea.findUnique({ where: { slug }, select: { id: true } })),
        ),
        organisationId,
        callId,
        stage: input.stage,
        status: createdStatus(isComplete(input)),
        ...scalarData(input),
        codes: { create: codeRows(input) },
      },
      select: { id: true, status: true },
    }),
  );
}

/**
 * Saves an edit by the lifecycle's one rule for all items (app/domain/publication.ts). The stage
 * is the lead's to move without moderation: it changes at once, unless the edit is refused — or
 * the stage is (StageRefused: the whole edit is, nothing written).
 */
export function updateIdea(db: Db, ideaId: string, input: IdeaInput) {
  return saveEdit(db, ideaPublication, ideaId, input, {
    complete: isComplete(input),
    // The stage moves at once, without moderation (and only when it does move).
    alongside: async (tx) => {
      if (!(await stageMoves(tx, ideaId, input.stage))) return false;
      await tx.idea.update({ where: { id: ideaId }, data: { stage: input.stage } });
      return true;
    },
  });
}

/**
 * The groupement formed from the idea, if any, and what the stages « Brouillon », « Candidature
 * déposée » and « Lauréat » rest on (app/domain/idea-stage.ts): one read, the idea being in hand.
 */
export async function getStageFacts(
  db: Db | Tx,
  idea: { id: string; status: string },
): Promise<{ groupementId: string | null; facts: StageFacts }> {
  const groupement = await db.groupement.findUnique({
    where: { ideaId: idea.id },
    select: { id: true, submittedAt: true, decision: true, call: { select: { resultsPublishedAt: true } } },
  });
  return {
    groupementId: groupement?.id ?? null,
    facts: {
      published: idea.status === "published",
      groupement: groupement
        ? {
            submitted: groupement.submittedAt !== null,
            retained: groupement.decision === "retenu" && groupement.call.resultsPublishedAt !== null,
          }
        : null,
    },
  };
}

/**
 * The stage is the lead's to move (looking for partners → groupement formed → …), without
 * moderation; written and queued only when it moves; StageRefused when it may not.
 */
export async function setIdeaStage(db: Db, ideaId: string, stage: string) {
  await db.$transaction(async (tx) => {
    if (!(await stageMoves(tx, ideaId, stage))) return;
    await tx.idea.update({ where: { id: ideaId }, data: { stage } });
    await queueReindex(tx, "idea", ideaId);
  });
}

export function publishIdea(db: Db, { ideaId, moderatorId }: { ideaId: string; moderatorId: string }) {
  return decide(db, ideaPublication, ideaId, { action: "publish" }, moderatorId);
}

export function rejectIdea(db: Db, { ideaId, moderatorId, reason }: { ideaId: string; moderatorId: string; reason: string }) {
  return decide(db, ideaPublication, ideaId, { action: "reject", reason }, moderatorId);
}

function codesOf(codes: { kind: string; code: string }[], kind: string) {
  return codes.filter((item) => item.kind === kind).map((item) => item.code);
}

/** What the edit form, and the moderation queue's comparison, read of an idea. */
export const IDEA_EDIT_FIELDS = {
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
} as const satisfies Prisma.IdeaSelect;

type IdeaEditRow = Prisma.IdeaGetPayload<{ select: typeof IDEA_EDIT_FIELDS }>;

/** The approved (online) version of an idea, as its form reads it. */
export function approvedIdeaInput(idea: IdeaEditRow): IdeaInput {
  return {
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
}

export async function getIdeaForEdit(db: Db, ideaId: string) {
  const idea = await db.idea.findUnique({ where: { id: ideaId }, select: IDEA_EDIT_FIELDS });
  if (!idea) return null;
  const approved = approvedIdeaInput(idea);
  const pending = await ideaPublication.parsePending(db, idea.pendingChanges);
  return { idea, form: pending ? { ...pending, stage: approved.stage } : approved, approved };
}

export function getOrganisationIdeas(db: Db, organisationId: string) {
  return db.idea.findMany({
    where: { organisationId },
    orderBy: { createdAt: "desc" },
    select: { id: true, slug: true, title: true, stage: true, status: true, pendingChanges: true, moderationReason: true },
  });
}

// ——— Public ———

/** Published ideas by id, in the order given (the search engine's order). */
export async function getPublicIdeasByIds(db: Db, ids: string[]) {
  const ideas = await db.idea.findMany({
    where: { id: { in: ids }, ...visibleIdeaWhere() },
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
    where: { slug, ...visibleIdeaWhere() },
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
    joined: await getEngagedOrganisations(db, idea.id, idea.organisationId),
  };
}

/**
 * The published structures engaged beside an idea's own, each once, in order: the partners it
 * accepted, then those that joined the groupement formed from it (active members). One statement,
 * where Prisma's nested reads took five — three of them `IN (NULL)` for an idea with no candidate
 * nor groupement, most of them.
 */
async function getEngagedOrganisations(db: Db, ideaId: string, leadId: string) {
  const rows = await readNow<{ name: string; slug: string }>(
    db,
    Prisma.sql`SELECT o."name", o."slug", 0 AS "part", c."createdAt" AS "at"
      FROM "CandidateMember" c JOIN "Organisation" o ON o."id" = c."organisationId"
      WHERE c."ideaId" = ${ideaId} AND ${visibleOrganisationSql("o")}
    UNION ALL
    SELECT o."name", o."slug", 1 AS "part", m."createdAt" AS "at"
      FROM "GroupementMember" m
      JOIN "Groupement" g ON g."id" = m."groupementId"
      JOIN "Organisation" o ON o."id" = m."organisationId"
      WHERE g."ideaId" = ${ideaId} AND m."status" = 'active' AND m."organisationId" <> ${leadId} AND ${visibleOrganisationSql("o")}
    ORDER BY "part", "at"`,
  );
  // Once each: a partner accepted on the idea is often also in its groupement.
  const seen = new Set<string>();
  return rows.flatMap(({ name, slug }) => (seen.has(slug) ? [] : (seen.add(slug), [{ name, slug }])));
}

/** The published ideas of a published structure, newest first: on its public page. */
export function getOrganisationPublicIdeas(db: Db, organisationId: string) {
  return db.idea.findMany({
    where: { organisationId, status: "published" },
    orderBy: { publishedAt: "desc" },
    select: { id: true, slug: true, title: true, summary: true, stage: true },
  });
}

/** A published idea's id, structure and title — what acting on it needs (one statement, where the page reads five). */
export function getPublishedIdeaRef(db: Db, slug: string) {
  return db.idea.findFirst({
    where: { slug, ...visibleIdeaWhere() },
    select: { id: true, organisationId: true, title: true },
  });
}

/**
 * The published idea a person came from (`?idee=<slug>`) to create their structure's fiche, which
 * they need to propose to join it: the way back to it, said on the way.
 */
export async function getIdeaToJoin(db: Db, url: URL): Promise<{ slug: string; title: string } | null> {
  const slug = url.searchParams.get("idee");
  if (!slug || slug.length > 200) return null;
  const idea = await getPublishedIdeaRef(db, slug);
  return idea ? { slug, title: idea.title } : null;
}

/** The groupement formed from an idea, if any. */
export async function getIdeaGroupementId(db: Db, ideaId: string): Promise<string | null> {
  const groupement = await db.groupement.findUnique({ where: { ideaId }, select: { id: true } });
  return groupement?.id ?? null;
}
