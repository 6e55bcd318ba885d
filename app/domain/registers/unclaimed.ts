// What a profile made from a register is, written once for the pages, the search and the map
// (issue 16): an *unclaimed* profile is an Organisation with `unclaimed` set. It stays a draft, so
// every "what is public" rule of app/domain/publication.ts leaves it out of published lists, counts,
// recommendations, exports and the contact form; it has no members. What shows it — its own page
// (register facts only, « Non revendiquée »), the search, the map's register supply — asks for it
// by these predicates.
import type { Prisma } from "../../generated/prisma/client";
import { visibleOrganisationWhere } from "../publication";

/** Register entries still active: the structure is listed, not dissolved, closed nor gone. */
export function openRegisterEntryWhere(): Prisma.RegisterEntryWhereInput {
  return { closedAt: null };
}

/** Unclaimed profiles whose structure some register still lists as active. */
export function openUnclaimedOrganisationWhere(): Prisma.OrganisationWhereInput {
  return { unclaimed: true, registerEntries: { some: openRegisterEntryWhere() } };
}

/**
 * Profiles claimed and not yet published (the structure's draft, or waiting for the CCAS) that a
 * register still lists: their page shows the register's facts, never the draft.
 */
export function claimedDraftOrganisationWhere(): Prisma.OrganisationWhereInput {
  return { claimedAt: { not: null }, status: { in: ["draft", "pending"] }, registerEntries: { some: openRegisterEntryWhere() } };
}

/**
 * What has a public page and is found by the search: published profiles, and unclaimed ones a
 * register still lists (a closed or dissolved structure is shown nowhere).
 */
export function listedOrganisationWhere(): Prisma.OrganisationWhereInput {
  return { OR: [visibleOrganisationWhere(), openUnclaimedOrganisationWhere()] };
}

/** The status an unclaimed profile keeps until a claim is accepted: a draft, public nowhere. */
export const UNCLAIMED_STATUS = "draft";

/** The badge of an unclaimed profile, wherever it is shown. */
export const UNCLAIMED_BADGE = "Non revendiquée";

/** Why nobody can contact or invite an unclaimed profile through the platform (the server's 4xx). */
export const UNCLAIMED_NOT_CONTACTABLE =
  "Cette structure n'a pas encore rejoint Coopérons : sa fiche ne reprend que les informations d'un registre public, et on ne peut pas la contacter ni l'inviter par la plateforme.";

/**
 * Where a structure's entry comes from: `plateforme`, a profile a structure published itself;
 * `registres`, one made from a public register (RNA, SIRENE) that nobody has claimed yet.
 */
export const SUPPLY_SOURCES = [
  { code: "plateforme", label: "Publiées sur Coopérons" },
  { code: "registres", label: "Registres publics (RNA, SIRENE)" },
] as const;
export type SupplySource = (typeof SUPPLY_SOURCES)[number]["code"];

export const sourceOf = (organisation: { unclaimed: boolean }): SupplySource =>
  organisation.unclaimed ? "registres" : "plateforme";
