// What is public, and how an item becomes public: the one owner of these rules for organisations,
// offers and ideas alike.
//
// - This file is pure (no I/O): the states, the transitions, the rule for edits of published
//   items, and the visibility predicate written as Prisma `where` clauses (plain data). It is
//   imported by the models, the coverage counts and `search/` (documents, counts and the database
//   fallback), so that "what is public" is written once.
// - `app/models/publication.server.ts` carries it out: one transaction per transition, pending
//   changes parsed with the item's zod schema, the moderation decision recorded and the reindex
//   queued in the same transaction.
//
// "Changes pending" is not a stored status: it is a published item whose `pendingChanges` holds
// an edit waiting for the CCAS, while the approved version stays online.
import type { Prisma } from "../generated/prisma/client";

export const PUBLICATION_STATUSES = ["draft", "pending", "published", "rejected", "unpublished"] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
export type PublicationState = PublicationStatus | "changes-pending";
export const PUBLICATION_STATES: readonly PublicationState[] = [...PUBLICATION_STATUSES, "changes-pending"];

export type PublishedType = "organisation" | "offer" | "idea";

/**
 * - `edit`: the owner saves the form; `complete` says whether the item has what publication
 *   needs (an identifier for a profile, isolation and precarity for an idea; offers always do).
 * - `publish`, `reject`: the CCAS decides on what waits in the moderation queue.
 * - `unpublish`: the CCAS after a report, or the platform when a profile has no admin left.
 */
export type PublicationAction =
  { type: "edit"; complete: boolean } | { type: "publish" } | { type: "reject" } | { type: "unpublish" };

/** What a transition does to the row. */
export type Transition =
  /** The form is written onto the row, which takes this status. */
  | { effect: "write"; status: "draft" | "pending" }
  /** The form waits in `pendingChanges`; the approved version stays online. */
  | { effect: "queue" }
  /** Pending changes (if any) are written onto the row, which becomes published. */
  | { effect: "publish" }
  /** Pending changes are dropped; the published version stays online. */
  | { effect: "drop-changes" }
  /** The row takes this status; pending changes are dropped. */
  | { effect: "set"; status: "rejected" | "unpublished" }
  /** Nothing changes, for this reason (French, shown to the person). */
  | { effect: "refuse"; reason: string };

export function stateOf(item: { status: string; pendingChanges: string | null }): PublicationState {
  if (item.status === "published" && item.pendingChanges) return "changes-pending";
  return (PUBLICATION_STATUSES as readonly string[]).includes(item.status) ? (item.status as PublicationStatus) : "draft";
}

const INCOMPLETE_EDIT_OF_PUBLISHED =
  "Ces modifications ne peuvent pas être publiées en l'état : corrigez ce qui est indiqué. La version actuelle reste en ligne.";
const NOTHING_TO_DECIDE = "Cet élément n'attend pas de décision du CCAS.";
const NOT_PUBLIC = "Cet élément n'est pas en ligne.";

/**
 * The whole lifecycle, for the three types. The one rule for edits of published items: a
 * complete edit waits for the CCAS while the approved version stays online; an incomplete one is
 * refused (it could never be approved), and nothing already queued is lost. Items not online are
 * edited in place and go (back) to the queue when complete.
 */
export function transition(state: PublicationState, action: PublicationAction): Transition {
  switch (action.type) {
    case "edit":
      if (state === "published" || state === "changes-pending") {
        return action.complete ? { effect: "queue" } : { effect: "refuse", reason: INCOMPLETE_EDIT_OF_PUBLISHED };
      }
      return { effect: "write", status: action.complete ? "pending" : "draft" };
    case "publish":
      return state === "pending" || state === "changes-pending"
        ? { effect: "publish" }
        : { effect: "refuse", reason: NOTHING_TO_DECIDE };
    case "reject":
      if (state === "pending") return { effect: "set", status: "rejected" };
      if (state === "changes-pending") return { effect: "drop-changes" };
      return { effect: "refuse", reason: NOTHING_TO_DECIDE };
    case "unpublish":
      return state === "published" || state === "changes-pending" || state === "pending"
        ? { effect: "set", status: "unpublished" }
        : { effect: "refuse", reason: NOT_PUBLIC };
  }
}

/** The state a transition leads to. */
export function stateAfter(state: PublicationState, action: PublicationAction): PublicationState {
  const result = transition(state, action);
  switch (result.effect) {
    case "write":
    case "set":
      return result.status;
    case "queue":
      return "changes-pending";
    case "publish":
    case "drop-changes":
      return "published";
    case "refuse":
      return state;
  }
}

// ——— Visibility ———

/**
 * An offer is valid through the day its `validUntil` names (dates are stored at midnight UTC):
 * it is public while `validUntil` is on or after the start of today.
 */
export function expiryCutoff(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function isOfferExpired(validUntil: Date | null, now: Date): boolean {
  return validUntil !== null && validUntil < expiryCutoff(now);
}

/** Published organisations are public. */
export function visibleOrganisationWhere(): Prisma.OrganisationWhereInput {
  return { status: "published" };
}

/**
 * A structure abandoned: created here (not a register's unclaimed profile), offline, and without
 * anyone left in it (its last administrator deleted their account, no editor remains). Nobody can
 * answer for it nor invite anyone into it, so it does not keep its SIRET from the real structure
 * created again. An editor left keeps it: the structure still has someone, who would lose it unawares.
 */
export function abandonedOrganisationWhere(): Prisma.OrganisationWhereInput {
  return { unclaimed: false, status: { not: "published" }, memberships: { none: {} } };
}

/** The structures that hold a SIRET (one establishment, one profile): approved or waiting for the CCAS, not abandoned. */
export function siretHolderWhere(siret: string): Prisma.OrganisationWhereInput {
  return { OR: [{ siret }, { pendingSiret: siret }], NOT: abandonedOrganisationWhere() };
}

/** Published offers of published organisations, not expired. */
export function visibleOfferWhere(now: Date): Prisma.OfferWhereInput {
  return {
    status: "published",
    organisation: visibleOrganisationWhere(),
    OR: [{ validUntil: null }, { validUntil: { gte: expiryCutoff(now) } }],
  };
}

/** Published ideas of published organisations. */
export function visibleIdeaWhere(): Prisma.IdeaWhereInput {
  return { status: "published", organisation: visibleOrganisationWhere() };
}

/** The status a new item starts in: in the queue when complete, a draft otherwise. */
export function createdStatus(complete: boolean): "draft" | "pending" {
  return complete ? "pending" : "draft";
}

/** Shown wherever a person waits for the CCAS. A service commitment of the CCAS: theirs to change. */
export const MODERATION_DELAY = "Le CCAS répond en général sous 5 jours ouvrés.";
