// Claims of unclaimed register profiles (« C'est ma structure », issue 16): the claim and its proof,
// the mailed link, the CCAS's decision, and the acceptance that makes the claimant the profile's
// admin. The rules (which address proves what, when a link suffices) are app/domain/registers/claims.ts.
//
// Every write that depends on the profile being unclaimed first updates its row under that
// condition: on PostgreSQL the row stays locked until the transaction ends, so a claim made, a link
// confirmed and an acceptance on one profile take turns, and of two acceptances one finds the
// profile claimed and changes nothing.
import {
  ALREADY_CLAIMED,
  CLAIM_LINK_HOURS,
  documentKindLabel,
  hasProof,
  isOnKnownDomain,
  knownDomainsOf,
  liveClaimWhere,
  OTHER_CLAIM_ACCEPTED,
  type ClaimDocumentKind,
} from "~/domain/registers/claims";
import { REGISTER_LABELS } from "~/domain/registers/facts";
import { openRegisterEntryWhere } from "~/domain/registers/unclaimed";
import { formatDateTime, formatDay } from "~/domain/format";
import type { Prisma } from "~/generated/prisma/client";
import { isUniqueViolation, type Db, type Tx } from "~/utils/db.server";
import type { Mail } from "~/utils/mail.server";
import { getLegalInfo } from "~/utils/legal.server";
import { createToken, hashToken } from "~/utils/tokens.server";
import { enqueueIndex } from "../../search/outbox";
import { auditModeration } from "./moderation-audit.server";

const HOUR_MS = 3_600_000;

const pendingKeyOf = (userId: string, organisationId: string) => `${userId} ${organisationId}`;

/**
 * Takes the profile's row while it is unclaimed (a write that changes nothing, so that PostgreSQL
 * locks it until the transaction ends); 0 when someone claimed it.
 */
async function holdUnclaimed(tx: Tx, organisationId: string): Promise<number> {
  const { count } = await tx.organisation.updateMany({
    where: { id: organisationId, unclaimed: true },
    data: { claimedAt: null },
  });
  return count;
}

/** A person's mailed links left to expire unopened no longer hold their place. */
async function expireUnopenedLinks(tx: Tx, where: Prisma.ProfileClaimWhereInput, now: Date) {
  await tx.profileClaim.updateMany({
    where: { ...where, status: "pending", method: "email", proofConfirmedAt: null, tokenExpiresAt: { lte: now } },
    data: { status: "expired", pendingKey: null },
  });
}

/**
 * What the claim page shows for a slug: an unclaimed profile a register still lists (`open`), one
 * already claimed or published (`claimed`), or null (nothing public there).
 */
export async function getClaimTarget(db: Db, slug: string) {
  const row = await db.organisation.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      status: true,
      unclaimed: true,
      claimedAt: true,
      website: true,
      publicEmail: true,
      registerEntries: {
        where: openRegisterEntryWhere(),
        orderBy: [{ source: "asc" }, { registerId: "asc" }],
        select: { source: true, registerId: true },
      },
      // An admin, who could invite a person of the structure (an editor cannot).
      memberships: { where: { role: "admin" }, take: 1, select: { userId: true } },
    },
  });
  if (!row) return null;
  const profile = {
    id: row.id,
    slug: row.slug,
    name: row.name,
    knownDomains: knownDomainsOf(row),
    identifiers: row.registerEntries.map(
      (entry) =>
        `${entry.source === "rna" ? "Numéro RNA" : "SIRET"} ${entry.registerId} (${REGISTER_LABELS[entry.source === "rna" ? "rna" : "sirene"]})`,
    ),
  };
  if (row.unclaimed) return row.registerEntries.length > 0 ? { state: "open" as const, profile } : null;
  if (row.claimedAt !== null || row.status === "published")
    // `leftEmpty`: no admin is left in it to invite anyone.
    return { state: "claimed" as const, profile, leftEmpty: row.memberships.length === 0 };
  return null;
}

/** The person's claim of this profile still waiting, if any. */
export async function getPendingClaimOf(
  db: Db,
  { userId, organisationId }: { userId: string; organisationId: string },
  now = new Date(),
) {
  const claim = await db.profileClaim.findFirst({
    where: { userId, organisationId, ...liveClaimWhere(now) },
    select: { method: true, email: true, documentKind: true, proofConfirmedAt: true, tokenExpiresAt: true, createdAt: true },
  });
  if (!claim) return null;
  return {
    method: claim.method,
    email: claim.email,
    document: claim.method === "document" ? documentKindLabel(claim.documentKind) : null,
    linkConfirmed: claim.proofConfirmedAt !== null,
    linkValidUntil: claim.tokenExpiresAt ? formatDateTime(claim.tokenExpiresAt) : null,
    sentOn: formatDay(claim.createdAt),
  };
}

/** A person's claims still waiting, for their space: which profile, and what is awaited. */
export async function getLiveClaimsOf(db: Db, userId: string, now = new Date()) {
  const claims = await db.profileClaim.findMany({
    where: { userId, ...liveClaimWhere(now) },
    orderBy: { createdAt: "asc" },
    select: { method: true, email: true, proofConfirmedAt: true, organisation: { select: { name: true, slug: true } } },
  });
  return claims.map((claim) => ({
    organisationName: claim.organisation.name,
    slug: claim.organisation.slug,
    awaiting:
      claim.method === "email" && claim.proofConfirmedAt === null
        ? `le lien envoyé à ${claim.email} n'a pas encore été ouvert`
        : "le CCAS examine votre demande",
  }));
}

export type ClaimProof =
  | { method: "email"; email: string }
  | { method: "document"; documentKind: ClaimDocumentKind; documentFile: string; note?: string };

export type CreatedClaim =
  { ok: true; claimId: string; token: string | null; contested: boolean } | { ok: false; error: "claimed" | "pending" };

/**
 * Records a claim. An address gets a link (its token returned once, its SHA-256 kept, valid 48
 * hours); a document is the proof as it comes. One pending claim per person and profile; none on
 * a claimed profile. `contested`: someone else's claim waits too (the CCAS will decide).
 */
export async function createClaim(
  db: Db,
  { userId, organisationId, proof, now = new Date() }: { userId: string; organisationId: string; proof: ClaimProof; now?: Date },
): Promise<CreatedClaim> {
  const pendingKey = pendingKeyOf(userId, organisationId);
  try {
    return await db.$transaction(async (tx): Promise<CreatedClaim> => {
      if ((await holdUnclaimed(tx, organisationId)) === 0) return { ok: false, error: "claimed" };
      await expireUnopenedLinks(tx, { userId, organisationId }, now);
      if (await tx.profileClaim.findUnique({ where: { pendingKey }, select: { id: true } }))
        return { ok: false, error: "pending" };
      const link = proof.method === "email" ? createToken() : null;
      const claim = await tx.profileClaim.create({
        data: {
          organisationId,
          userId,
          method: proof.method,
          pendingKey,
          ...(proof.method === "email"
            ? { email: proof.email, tokenHash: link!.hash, tokenExpiresAt: new Date(now.getTime() + CLAIM_LINK_HOURS * HOUR_MS) }
            : {
                documentKind: proof.documentKind,
                documentFile: proof.documentFile,
                note: proof.note ?? "",
                proofConfirmedAt: now,
              }),
        },
        select: { id: true },
      });
      const others = await tx.profileClaim.count({ where: { organisationId, id: { not: claim.id }, ...liveClaimWhere(now) } });
      return { ok: true, claimId: claim.id, token: link?.token ?? null, contested: others > 0 };
    });
  } catch (error) {
    // The same person's claim sent twice at once: the database kept one.
    if (isUniqueViolation(error)) return { ok: false, error: "pending" };
    throw error;
  }
}

/** Why an acceptance changed nothing. */
class ClaimNotAccepted extends Error {
  constructor(readonly why: "decided" | "no-proof" | "claimed") {
    super(why);
  }
}

type Person = { id: string; name: string; email: string };
export type AcceptedClaim = {
  organisationId: string;
  organisationName: string;
  claimant: Person;
  /** The people whose claims of the profile were refused with it. */
  refused: Person[];
};

/**
 * Accepts a claim in the caller's transaction: the profile is claimed (under the condition that
 * it was not), the claimant becomes its admin, the other pending claims are refused, all of it
 * journaled and the profile queued for the search (it leaves the registers' supply).
 */
async function acceptInTransaction(tx: Tx, claimId: string, moderatorId: string | null, now: Date): Promise<AcceptedClaim> {
  const claim = await tx.profileClaim.findUnique({
    where: { id: claimId },
    select: {
      id: true,
      status: true,
      method: true,
      proofConfirmedAt: true,
      tokenExpiresAt: true,
      organisationId: true,
      organisation: { select: { name: true } },
      user: { select: { id: true, name: true, email: true } },
    },
  });
  if (!claim || claim.status !== "pending") throw new ClaimNotAccepted("decided");
  if (!hasProof(claim)) throw new ClaimNotAccepted("no-proof");
  const { organisationId } = claim;
  const taken = await tx.organisation.updateMany({
    where: { id: organisationId, unclaimed: true },
    data: { unclaimed: false, claimedAt: now },
  });
  if (taken.count !== 1) throw new ClaimNotAccepted("claimed");
  const decided = await tx.profileClaim.updateMany({
    where: { id: claimId, status: "pending" },
    data: { status: "accepted", decidedAt: now, decidedById: moderatorId, pendingKey: null },
  });
  if (decided.count !== 1) throw new ClaimNotAccepted("decided");
  await tx.membership.upsert({
    where: { userId_organisationId: { userId: claim.user.id, organisationId } },
    create: { userId: claim.user.id, organisationId, role: "admin" },
    update: { role: "admin" },
  });
  const others = await tx.profileClaim.findMany({
    where: { organisationId, status: "pending" },
    select: { id: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (others.length > 0) {
    await tx.profileClaim.updateMany({
      where: { id: { in: others.map((other) => other.id) }, status: "pending" },
      data: { status: "refused", reason: OTHER_CLAIM_ACCEPTED, decidedAt: now, decidedById: moderatorId, pendingKey: null },
    });
  }
  const proof = claim.method === "email" ? "adresse e-mail de la structure confirmée" : "document";
  await auditModeration(tx, {
    moderatorId,
    type: "organisation",
    id: organisationId,
    what: "accept-claim",
    about: `par ${claim.user.name} <${claim.user.email}>, preuve : ${proof}`,
  });
  for (const other of others) {
    await auditModeration(tx, {
      moderatorId,
      type: "organisation",
      id: organisationId,
      what: "refuse-claim",
      about: `par ${other.user.name} <${other.user.email}>`,
      reason: "une autre demande a été acceptée",
    });
  }
  await enqueueIndex(tx, [{ entityType: "organisation", entityId: organisationId }]);
  return {
    organisationId,
    organisationName: claim.organisation.name,
    claimant: claim.user,
    refused: others.map((other) => other.user),
  };
}

export type AcceptResult = ({ ok: true } & AcceptedClaim) | { ok: false; error: string };

const NOT_ACCEPTED: Record<ClaimNotAccepted["why"], string> = {
  decided: "Cette demande a déjà reçu une réponse.",
  "no-proof": "Cette demande n'a pas encore de preuve : la personne n'a pas ouvert le lien envoyé à l'adresse de la structure.",
  claimed: ALREADY_CLAIMED,
};

/** The CCAS accepts a claim (see acceptInTransaction); of two acceptances at once, one changes nothing. */
export async function acceptClaim(
  db: Db,
  { claimId, moderatorId, now = new Date() }: { claimId: string; moderatorId: string; now?: Date },
): Promise<AcceptResult> {
  try {
    return { ok: true, ...(await db.$transaction((tx) => acceptInTransaction(tx, claimId, moderatorId, now))) };
  } catch (error) {
    if (error instanceof ClaimNotAccepted) return { ok: false, error: NOT_ACCEPTED[error.why] };
    throw error;
  }
}

/**
 * The claimant withdraws their claim still waiting (a mistyped address, a wrong document): it no
 * longer holds their place, its link stops working, and its document is deleted at once. Returns
 * the document's file to delete, or null when there was no claim to withdraw.
 */
export async function withdrawClaim(
  db: Db,
  { userId, organisationId, now = new Date() }: { userId: string; organisationId: string; now?: Date },
): Promise<{ withdrawn: boolean; documentFile: string | null }> {
  return db.$transaction(async (tx) => {
    const claim = await tx.profileClaim.findUnique({
      where: { pendingKey: pendingKeyOf(userId, organisationId) },
      select: { id: true, documentFile: true },
    });
    if (!claim) return { withdrawn: false, documentFile: null };
    const { count } = await tx.profileClaim.updateMany({
      where: { id: claim.id, status: "pending" },
      data: { status: "withdrawn", pendingKey: null, tokenHash: null, documentFile: null, decidedAt: now },
    });
    return count === 1 ? { withdrawn: true, documentFile: claim.documentFile } : { withdrawn: false, documentFile: null };
  });
}

/**
 * A new link for the person's claim by address that waits for its link, still valid (the mail lost,
 * or late): the old link stops working, the new one is valid CLAIM_LINK_HOURS from now. Returns its
 * token (once) and the address to mail it to, or null when there is no such claim.
 */
export async function renewClaimLink(
  db: Db,
  { userId, organisationId, now = new Date() }: { userId: string; organisationId: string; now?: Date },
): Promise<{ token: string; email: string } | null> {
  const link = createToken();
  return db.$transaction(async (tx) => {
    const claim = await tx.profileClaim.findUnique({
      where: { pendingKey: pendingKeyOf(userId, organisationId) },
      select: { id: true, email: true },
    });
    if (!claim?.email) return null;
    const { count } = await tx.profileClaim.updateMany({
      where: { id: claim.id, status: "pending", method: "email", proofConfirmedAt: null, tokenExpiresAt: { gt: now } },
      data: { tokenHash: link.hash, tokenExpiresAt: new Date(now.getTime() + CLAIM_LINK_HOURS * HOUR_MS) },
    });
    return count === 1 ? { token: link.token, email: claim.email } : null;
  });
}

/** The CCAS refuses a pending claim, with the reason mailed to the claimant; null when already decided. */
export async function refuseClaim(
  db: Db,
  { claimId, moderatorId, reason, now = new Date() }: { claimId: string; moderatorId: string; reason: string; now?: Date },
) {
  return db.$transaction(async (tx) => {
    const claim = await tx.profileClaim.findUnique({
      where: { id: claimId },
      select: { organisationId: true, organisation: { select: { name: true } }, user: { select: { name: true, email: true } } },
    });
    if (!claim) return null;
    const { count } = await tx.profileClaim.updateMany({
      where: { id: claimId, status: "pending" },
      data: { status: "refused", reason, decidedAt: now, decidedById: moderatorId, pendingKey: null },
    });
    if (count !== 1) return null;
    await auditModeration(tx, {
      moderatorId,
      type: "organisation",
      id: claim.organisationId,
      what: "refuse-claim",
      about: `par ${claim.user.name} <${claim.user.email}>`,
      reason,
    });
    return { organisationName: claim.organisation.name, claimant: claim.user };
  });
}

/** The claim a mailed link is for, while it can still be confirmed. */
export async function findClaimByToken(db: Db, token: string, now = new Date()) {
  const claim = await db.profileClaim.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      status: true,
      proofConfirmedAt: true,
      tokenExpiresAt: true,
      organisation: { select: { name: true, unclaimed: true, website: true, publicEmail: true } },
    },
  });
  const usable =
    claim &&
    claim.status === "pending" &&
    claim.proofConfirmedAt === null &&
    claim.tokenExpiresAt !== null &&
    claim.tokenExpiresAt > now &&
    claim.organisation.unclaimed;
  return usable
    ? {
        email: claim.email!,
        organisationName: claim.organisation.name,
        // Whether confirming may accept the claim by itself (the profile names this domain as its own).
        onKnownDomain: isOnKnownDomain(claim.email!, knownDomainsOf(claim.organisation)),
      }
    : null;
}

export type ConfirmedLink =
  | { outcome: "invalid" }
  | ({ outcome: "accepted" } & AcceptedClaim)
  /** The CCAS decides: someone else claims the profile too, or the address's domain is not the profile's own. */
  | { outcome: "waiting"; why: "contested" | "unverified-domain"; organisationName: string; claimant: Person };

/**
 * Opens a claim's mailed link (once, within 48 hours): the address is proven. A claim alone on its
 * profile, by an address on a domain the profile names as its own, is then accepted; otherwise —
 * someone else's claim waits too, or the profile names no domain the address is on — it waits for
 * the CCAS.
 */
export async function confirmClaimLink(db: Db, token: string, now = new Date()): Promise<ConfirmedLink> {
  const tokenHash = hashToken(token);
  try {
    return await db.$transaction(async (tx): Promise<ConfirmedLink> => {
      const claim = await tx.profileClaim.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          email: true,
          organisationId: true,
          organisation: { select: { name: true, website: true, publicEmail: true } },
          user: { select: { id: true, name: true, email: true } },
        },
      });
      if (!claim || (await holdUnclaimed(tx, claim.organisationId)) === 0) return { outcome: "invalid" };
      const used = await tx.profileClaim.updateMany({
        where: { id: claim.id, status: "pending", proofConfirmedAt: null, tokenExpiresAt: { gt: now } },
        data: { proofConfirmedAt: now },
      });
      if (used.count !== 1) return { outcome: "invalid" };
      const others = await tx.profileClaim.count({
        where: { organisationId: claim.organisationId, id: { not: claim.id }, ...liveClaimWhere(now) },
      });
      const waiting = { outcome: "waiting" as const, organisationName: claim.organisation.name, claimant: claim.user };
      if (others > 0) return { ...waiting, why: "contested" };
      if (!isOnKnownDomain(claim.email ?? "", knownDomainsOf(claim.organisation)))
        return { ...waiting, why: "unverified-domain" };
      return { outcome: "accepted", ...(await acceptInTransaction(tx, claim.id, null, now)) };
    });
  } catch (error) {
    if (error instanceof ClaimNotAccepted) return { outcome: "invalid" };
    throw error;
  }
}

/**
 * The claims the CCAS decides, by profile: every profile with a claim whose proof is in (a
 * document, or a confirmed link), with all its claims still waiting side by side.
 */
export async function getClaimsForModeration(db: Db, now = new Date()) {
  const profiles = await db.organisation.findMany({
    where: { unclaimed: true, claims: { some: { status: "pending", proofConfirmedAt: { not: null } } } },
    orderBy: { name: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      website: true,
      publicEmail: true,
      registerEntries: {
        where: openRegisterEntryWhere(),
        select: { source: true, registerId: true, address: true, activityLabel: true },
      },
      claims: {
        where: liveClaimWhere(now),
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          method: true,
          email: true,
          documentKind: true,
          documentFile: true,
          note: true,
          proofConfirmedAt: true,
          tokenExpiresAt: true,
          status: true,
          createdAt: true,
          user: { select: { name: true, email: true, createdAt: true } },
        },
      },
    },
  });
  return profiles.map((profile) => {
    const knownDomains = knownDomainsOf(profile);
    return {
      id: profile.id,
      slug: profile.slug,
      name: profile.name,
      listed: profile.registerEntries.length > 0,
      // What the register says, to compare with the claims: its number, address and activity.
      identifiers: profile.registerEntries.map(
        (entry) =>
          `${entry.source === "rna" ? "RNA" : "SIRET"} ${entry.registerId}${entry.address ? `, ${entry.address}` : ""}${entry.activityLabel ? ` (${entry.activityLabel})` : ""}`,
      ),
      claims: profile.claims.map((claim) => ({
        id: claim.id,
        claimant: `${claim.user.name} (${claim.user.email})`,
        accountSince: formatDay(claim.user.createdAt),
        sentOn: formatDateTime(claim.createdAt),
        proof:
          claim.method === "email"
            ? claim.proofConfirmedAt
              ? `Adresse ${claim.email} confirmée le ${formatDateTime(claim.proofConfirmedAt)}`
              : `Lien envoyé à ${claim.email}, pas encore ouvert`
            : documentKindLabel(claim.documentKind),
        // An address confirmed on a domain the profile does not name: it proves the person reads it, not that it is the structure's.
        domainWarning:
          claim.method === "email" && claim.email && !isOnKnownDomain(claim.email, knownDomains)
            ? knownDomains.length > 0
              ? `Le domaine de cette adresse n'est pas celui de la fiche (${knownDomains.join(", ")}) : vérifiez qu'il appartient bien à la structure.`
              : "La fiche ne mentionne aucun site ni adresse de la structure : vérifiez que ce domaine lui appartient bien (son site, ses courriers) avant d'accepter."
            : null,
        hasDocument: claim.method === "document" && claim.documentFile !== null,
        note: claim.note,
        canAccept: hasProof(claim),
      })),
    };
  });
}

/** A claim's document for the CCAS: its stored file and the name to save it under. */
export async function getClaimDocument(db: Db, claimId: string) {
  const claim = await db.profileClaim.findUnique({
    where: { id: claimId },
    select: { documentFile: true, documentKind: true, organisation: { select: { name: true } } },
  });
  if (!claim?.documentFile) return null;
  return { file: claim.documentFile, filename: `${documentKindLabel(claim.documentKind)} - ${claim.organisation.name}.pdf` };
}

type Send = (mail: Mail) => Promise<void>;

/** The link that proves the address: sent to the structure's address, never to the account's. */
export async function mailClaimLink(
  send: Send,
  {
    to,
    link,
    organisationName,
    claimant,
  }: { to: string; link: string; organisationName: string; claimant: { name: string; email: string } },
) {
  await send({
    to,
    subject: `Confirmez votre demande pour « ${organisationName} » — Coopérons`,
    text: `Bonjour,\n\nPour confirmer que cette adresse est bien celle de la structure « ${organisationName} », ouvrez ce lien dans les ${CLAIM_LINK_HOURS} heures :\n\n${link}\n\n${claimant.name} (${claimant.email}) a demandé sur Coopérons à administrer la fiche de cette structure et a donné cette adresse comme preuve. Si vous ne connaissez pas cette demande, ignorez ce message : sans confirmation, il ne se passera rien.\n\nL'équipe Coopérons`,
  });
}

export async function mailClaimAccepted(
  send: Send,
  { to, organisationName, link }: { to: string; organisationName: string; link: string },
) {
  await send({
    to,
    subject: `Vous administrez désormais la fiche « ${organisationName} » — Coopérons`,
    text: `Bonjour,\n\nVotre demande est acceptée : vous administrez désormais la fiche de « ${organisationName} » sur Coopérons. Complétez-la (présentation, quartiers, ressources) depuis votre espace :\n\n${link}\n\nLes informations du registre public restent affichées à part et suivent ses mises à jour ; ce que vous écrivez n'est jamais remplacé par le registre.\n\nL'équipe Coopérons`,
  });
}

export async function mailClaimRefused(
  send: Send,
  { to, organisationName, reason }: { to: string; organisationName: string; reason: string },
) {
  await send({
    to,
    subject: `Votre demande pour « ${organisationName} » n'a pas été acceptée — Coopérons`,
    text: `Bonjour,\n\nVotre demande d'administrer la fiche de « ${organisationName} » sur Coopérons n'a pas été acceptée, pour le motif suivant :\n\n${reason}\n\nCe message part d'une adresse qui ne reçoit pas de réponse : pour toute question, écrivez au CCAS à ${getLegalInfo().CONTACT_EMAIL}.\n\nL'équipe Coopérons`,
  });
}
