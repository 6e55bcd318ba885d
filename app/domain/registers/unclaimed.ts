// What a profile made from a register is, written once for the pages, the search and the map to
// come (issue 16): an *unclaimed* profile is an Organisation with `unclaimed` set. It stays a draft,
// so every "what is public" rule of app/domain/publication.ts leaves it out of published lists,
// counts, recommendations, exports and the contact form; it has no members. What will show it
// (the search, the map's register layer) asks for it by these predicates.
import type { Prisma } from "../../generated/prisma/client";

/** Register entries still active: the structure is listed, not dissolved, closed nor gone. */
export function openRegisterEntryWhere(): Prisma.RegisterEntryWhereInput {
  return { closedAt: null };
}

/** Unclaimed profiles whose structure some register still lists as active. */
export function openUnclaimedOrganisationWhere(): Prisma.OrganisationWhereInput {
  return { unclaimed: true, registerEntries: { some: openRegisterEntryWhere() } };
}

/** The status an unclaimed profile keeps until a claim is accepted: a draft, public nowhere. */
export const UNCLAIMED_STATUS = "draft";
