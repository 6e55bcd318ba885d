import { Prisma } from "~/generated/prisma/client";
import { readNow } from "~/utils/read-aside.server";
import { proposalsClosed } from "~/domain/idea-stage";
import type { Db, Tx } from "~/utils/db.server";
import { enqueueIndex } from "../../search/outbox";

export type InterestError = { field?: "organisationId" | "message"; message: string };

/** An interest as a person sends it: in an idea, on behalf of a structure, with resources and a message. */
type NewInterest = { ideaId: string; organisationId: string; authorId: string; resources: string[]; message: string };

/**
 * What deciding on a new interest needs, in one statement (each is a round trip on PostgreSQL,
 * where four reads one after the other made the transaction's most of its time): the idea, the
 * sending structure, whether it already joined, whether one of its proposals waits, and the id of
 * that proposal when it is this very one (same person, message and resources). Nulls for an idea
 * or a structure that does not exist; counts as numbers or bigints depending on the database.
 */
async function readProposalState(tx: Tx, { ideaId, organisationId, authorId, resources, message }: NewInterest) {
  const [state] = await readNow<{
    ideaOrganisationId: string | null;
    ideaStage: string | null;
    ideaStatus: string | null;
    organisationStatus: string | null;
    organisationName: string | null;
    joined: number | bigint;
    pending: number | bigint;
    sameId: string | null;
  }>(
    tx,
    Prisma.sql`SELECT i."organisationId" AS "ideaOrganisationId", i."stage" AS "ideaStage", i."status" AS "ideaStatus",
      o."status" AS "organisationStatus", o."name" AS "organisationName",
      (SELECT COUNT(*) FROM "CandidateMember" c WHERE c."ideaId" = ${ideaId} AND c."organisationId" = ${organisationId}) AS "joined",
      (SELECT COUNT(*) FROM "Interest" p
        WHERE p."ideaId" = ${ideaId} AND p."organisationId" = ${organisationId} AND p."status" = 'pending') AS "pending",
      (SELECT p."id" FROM "Interest" p
        WHERE p."ideaId" = ${ideaId} AND p."organisationId" = ${organisationId} AND p."status" = 'pending'
          AND p."authorId" = ${authorId} AND p."message" = ${message} AND p."resources" = ${resources.join(" ")}
        ORDER BY p."id" LIMIT 1) AS "sameId"
    FROM (SELECT 1 AS "one") x
    LEFT JOIN "Idea" i ON i."id" = ${ideaId}
    LEFT JOIN "Organisation" o ON o."id" = ${organisationId}`,
  );
  return state!;
}

/**
 * Records an organisation's interest in an idea. Refused: on one's own idea, on an idea closed to
 * proposals (proposalsClosed) or unpublished, from an unpublished organisation, or when one is already pending — unless it
 * is the same proposal by the same person, sent again (`again`: nothing written). Gives the
 * organisation's name, for the notification.
 */
export async function createInterest(
  db: Db,
  sent: NewInterest,
): Promise<{ ok: true; interestId: string; organisationName: string; again: boolean } | { ok: false; error: InterestError }> {
  return db.$transaction(async (tx) => {
    const { ideaId, organisationId, authorId, resources, message } = sent;
    const state = await readProposalState(tx, sent);
    if (state.ideaStatus !== "published") return { ok: false as const, error: { message: "Cette idée n'est pas publiée." } };
    const closed = proposalsClosed(state.ideaStage ?? "");
    if (closed) return { ok: false as const, error: { message: closed } };
    if (state.ideaOrganisationId === organisationId)
      return {
        ok: false as const,
        error: { field: "organisationId" as const, message: "C'est l'idée de votre propre structure." },
      };
    if (state.organisationStatus !== "published" || state.organisationName === null) {
      return {
        ok: false as const,
        error: { field: "organisationId" as const, message: "Votre structure doit être publiée pour manifester son intérêt." },
      };
    }
    const organisationName = state.organisationName;
    if (Number(state.joined) > 0) {
      return {
        ok: false as const,
        error: {
          field: "organisationId" as const,
          message: `${organisationName} fait déjà partie des partenaires de cette idée.`,
        },
      };
    }
    if (Number(state.pending) > 0) {
      // The same person sending the same proposal again (a reload that re-sends the form, a second
      // Enter before the page changed): it was sent, nothing more to do.
      if (state.sameId) return { ok: true as const, interestId: state.sameId, organisationName, again: true };
      return {
        ok: false as const,
        error: {
          field: "organisationId" as const,
          // Named: after a reload that sends the form again, the field may offer another structure.
          message: `${organisationName} a déjà une proposition de participation en attente de réponse pour cette idée.`,
        },
      };
    }
    const interest = await tx.interest.create({
      data: { ideaId, organisationId, authorId, resources: resources.join(" "), message },
      select: { id: true },
    });
    return { ok: true as const, interestId: interest.id, organisationName, again: false };
  });
}

/** Accepts (the organisation becomes a candidate member) or declines a pending interest. */
export async function decideInterest(
  db: Db,
  {
    interestId,
    ideaOrganisationId,
    accept,
    reason,
  }: { interestId: string; ideaOrganisationId: string; accept: boolean; reason?: string },
) {
  return db.$transaction(async (tx) => {
    const interest = await tx.interest.findUnique({
      where: { id: interestId },
      select: {
        id: true,
        status: true,
        ideaId: true,
        organisationId: true,
        idea: { select: { organisationId: true, title: true, slug: true } },
      },
    });
    if (!interest || interest.idea.organisationId !== ideaOrganisationId) return null;
    if (interest.status !== "pending") return { interest, changed: false };
    await tx.interest.update({
      where: { id: interestId },
      data: {
        status: accept ? "accepted" : "declined",
        declineReason: accept ? null : (reason ?? null),
        decidedAt: new Date(),
        readByIdeaAt: new Date(),
      },
    });
    if (accept) {
      await tx.candidateMember.upsert({
        where: { ideaId_organisationId: { ideaId: interest.ideaId, organisationId: interest.organisationId } },
        create: { ideaId: interest.ideaId, organisationId: interest.organisationId, interestId },
        update: {},
      });
      // The idea's public page lists its partners: a row in the outbox moves the mark of the pages
      // kept for visitors (scripts/lib/page-cache.ts), which show the new partner at once.
      await enqueueIndex(tx, [{ entityType: "idea", entityId: interest.ideaId }]);
    }
    return { interest, changed: true };
  });
}

export async function getInbox(db: Db, organisationId: string) {
  const [received, sent, messages] = await Promise.all([
    db.interest.findMany({
      where: { idea: { organisationId } },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        message: true,
        resources: true,
        status: true,
        declineReason: true,
        readByIdeaAt: true,
        createdAt: true,
        idea: { select: { title: true, slug: true } },
        organisation: { select: { name: true, slug: true } },
      },
    }),
    db.interest.findMany({
      where: { organisationId },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        message: true,
        status: true,
        declineReason: true,
        readBySenderAt: true,
        decidedAt: true,
        createdAt: true,
        idea: { select: { title: true, slug: true, organisation: { select: { name: true } } } },
      },
    }),
    db.contactMessage.findMany({
      where: { organisationId },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { id: true, senderName: true, senderEmail: true, body: true, readAt: true, createdAt: true },
    }),
  ]);
  return { received, sent, messages };
}

/** Marks everything in an organisation's inbox as read (a POST: reading a page changes nothing). */
export async function markInboxRead(db: Db, organisationId: string) {
  const now = new Date();
  await db.$transaction([
    db.interest.updateMany({ where: { idea: { organisationId }, readByIdeaAt: null }, data: { readByIdeaAt: now } }),
    db.interest.updateMany({
      where: { organisationId, decidedAt: { not: null }, readBySenderAt: null },
      data: { readBySenderAt: now },
    }),
    db.contactMessage.updateMany({ where: { organisationId, readAt: null }, data: { readAt: now } }),
    db.interestInvitation.updateMany({ where: { organisationId, readAt: null }, data: { readAt: now } }),
  ]);
}

/** Unread items in the inboxes of these organisations. */
/**
 * Where these structures stand with an idea: those whose proposal waits for the idea's answer
 * (since when), and those already among its partners — neither may propose again: createInterest
 * refuses them, and the idea's page offers them no form.
 */
export async function getProposalStates(db: Db | Tx, ideaId: string, organisationIds: string[]) {
  if (organisationIds.length === 0) return { waiting: new Map<string, Date>(), joined: new Set<string>() };
  const [pending, candidates] = await Promise.all([
    db.interest.findMany({
      where: { ideaId, organisationId: { in: organisationIds }, status: "pending" },
      select: { organisationId: true, createdAt: true },
    }),
    db.candidateMember.findMany({
      where: { ideaId, organisationId: { in: organisationIds } },
      select: { organisationId: true },
    }),
  ]);
  return {
    waiting: new Map(pending.map((interest) => [interest.organisationId, interest.createdAt])),
    joined: new Set(candidates.map((candidate) => candidate.organisationId)),
  };
}

export async function countUnreadIn(db: Db, organisationIds: string[]): Promise<number> {
  if (organisationIds.length === 0) return 0;
  const [received, answered, messages, invitations] = await Promise.all([
    db.interest.count({ where: { idea: { organisationId: { in: organisationIds } }, readByIdeaAt: null } }),
    db.interest.count({ where: { organisationId: { in: organisationIds }, decidedAt: { not: null }, readBySenderAt: null } }),
    db.contactMessage.count({ where: { organisationId: { in: organisationIds }, readAt: null } }),
    db.interestInvitation.count({ where: { organisationId: { in: organisationIds }, readAt: null } }),
  ]);
  return received + answered + messages + invitations;
}

/**
 * Unread items across the organisations a person belongs to, for the header of every signed-in
 * page: what countUnreadIn counts, in one statement (five through the client). Portable SQL,
 * identifiers as Prisma names them; tests/integration/unread-count.test.ts holds both forms to the
 * same counts.
 */
export async function countUnread(db: Db, userId: string): Promise<number> {
  const mine = Prisma.sql`SELECT m."organisationId" FROM "Membership" m WHERE m."userId" = ${userId}`;
  const [row] = await readNow<{ unread: number | bigint }>(
    db,
    Prisma.sql`SELECT
    (SELECT COUNT(*) FROM "Interest" i JOIN "Idea" d ON d."id" = i."ideaId"
      WHERE d."organisationId" IN (${mine}) AND i."readByIdeaAt" IS NULL)
    + (SELECT COUNT(*) FROM "Interest" i
      WHERE i."organisationId" IN (${mine}) AND i."decidedAt" IS NOT NULL AND i."readBySenderAt" IS NULL)
    + (SELECT COUNT(*) FROM "ContactMessage" c WHERE c."organisationId" IN (${mine}) AND c."readAt" IS NULL)
    + (SELECT COUNT(*) FROM "InterestInvitation" v WHERE v."organisationId" IN (${mine}) AND v."readAt" IS NULL)
    AS "unread"`,
  );
  return Number(row?.unread ?? 0);
}

/**
 * The resources each accepted partner offered with its interest in an idea (codes, space-separated,
 * as stored), by organisation: its groupement starts from them. A later accepted interest wins.
 */
export async function getOfferedResources(db: Db | Tx, ideaId: string): Promise<Map<string, string>> {
  const accepted = await db.interest.findMany({
    where: { ideaId, status: "accepted" },
    orderBy: [{ decidedAt: "asc" }, { createdAt: "asc" }],
    select: { organisationId: true, resources: true },
  });
  return new Map(accepted.map((interest) => [interest.organisationId, interest.resources]));
}
