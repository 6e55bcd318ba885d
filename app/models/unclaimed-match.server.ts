// The numbers of a structure (SIRET, RNA) that another structure has, on creation and on edit.
// Signing up a structure the registers already brought in (issue 16): a new profile whose SIRET or
// RNA number is an unclaimed profile's would be its duplicate. The person is offered to claim that
// profile instead (/organisations/{slug}/revendiquer), and the new one is not created.
import { isValidSiret, normaliseRna, normaliseSiret } from "~/domain/identifiers";
import { abandonedOrganisationWhere, siretHolderWhere } from "~/domain/publication";
import type { RegisterSource } from "~/domain/registers/facts";
import { openRegisterEntryWhere, openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/utils/db.server";

/** The register's short name, as the sign-up form names it. */
const REGISTER_SHORT_NAMES: Record<RegisterSource, string> = { rna: "RNA", sirene: "SIRENE" };

export type UnclaimedMatch = {
  slug: string;
  name: string;
  /** « RNA » or « SIRENE »: the register the matching entry comes from. */
  register: string;
  /** When that register's file was imported (its last run listing the structure). */
  importedOn: Date | null;
  /** Someone claimed it already and administers it: ask them to be invited, not claim it. */
  claimed: boolean;
  /** The number typed that is the profile's: the field the form marks (the SIRET when both are). */
  field: "siret" | "rna";
};

/**
 * The register profile (listed: a register still has it open) whose own numbers, or one of whose
 * register entries, carry this SIRET or RNA number: unclaimed (claim it), or claimed already (its
 * administrators can invite the person) — a second profile would be a duplicate either way.
 * Numbers are compared normalised (no spaces, upper-case W), as the form and the imports store them.
 */
export async function findUnclaimedMatch(
  db: Db,
  numbers: { siret?: string | null; rna?: string | null },
  { except }: { except?: string } = {},
): Promise<(UnclaimedMatch & { id: string }) | null> {
  const siret = numbers.siret ? normaliseSiret(numbers.siret) : null;
  const rna = numbers.rna ? normaliseRna(numbers.rna) : null;
  const entryMatches: Prisma.RegisterEntryWhereInput[] = [
    ...(siret ? [{ siret }, { source: "sirene", registerId: siret }] : []),
    ...(rna ? [{ source: "rna", registerId: rna }] : []),
  ];
  if (entryMatches.length === 0) return null;
  const openMatchingEntry: Prisma.RegisterEntryWhereInput = { AND: [openRegisterEntryWhere(), { OR: entryMatches }] };
  const profile = await db.organisation.findFirst({
    where: {
      AND: [
        ...(except ? [{ id: { not: except } }] : []),
        {
          OR: [
            openUnclaimedOrganisationWhere(),
            // Claimed: its administrators invite — unless nobody is left in it (abandoned).
            { claimedAt: { not: null }, registerEntries: { some: openRegisterEntryWhere() }, NOT: abandonedOrganisationWhere() },
          ],
        },
        {
          OR: [...(siret ? [{ siret }] : []), ...(rna ? [{ rna }] : []), { registerEntries: { some: openMatchingEntry } }],
        },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      unclaimed: true,
      siret: true,
      registerEntries: {
        where: openRegisterEntryWhere(),
        orderBy: { source: "asc" },
        select: { source: true, registerId: true, siret: true, lastImportId: true },
      },
    },
  });
  if (!profile) return null;
  const matches = (entry: (typeof profile.registerEntries)[number]) =>
    (siret !== null && (entry.siret === siret || (entry.source === "sirene" && entry.registerId === siret))) ||
    (rna !== null && entry.source === "rna" && entry.registerId === rna);
  const entry = profile.registerEntries.find(matches) ?? profile.registerEntries[0];
  const bySiret =
    siret !== null &&
    (profile.siret === siret ||
      profile.registerEntries.some((one) => one.siret === siret || (one.source === "sirene" && one.registerId === siret)));
  const run = entry?.lastImportId
    ? await db.registerImport.findUnique({ where: { id: entry.lastImportId }, select: { startedAt: true, finishedAt: true } })
    : null;
  return {
    id: profile.id,
    slug: profile.slug,
    name: profile.name,
    register: entry?.source === "sirene" ? REGISTER_SHORT_NAMES.sirene : REGISTER_SHORT_NAMES.rna,
    importedOn: run ? (run.finishedAt ?? run.startedAt) : null,
    claimed: !profile.unclaimed,
    field: bySiret ? "siret" : "rna",
  };
}

/**
 * A structure created here with the SIRET typed (or waiting for the CCAS to approve it in an edit).
 * Its name and page only once published: a profile waiting for the CCAS, or refused, is not public,
 * and the person typing its SIRET may be anyone.
 */
export type SameSiret = {
  published: { name: string; slug: string } | null;
  /** Not published: waiting for the CCAS (« pending »), or refused, withdrawn or a draft. */
  waiting: boolean;
};

/** The person's own structure (they are a member): pointed to in their space. */
export type OwnStructure = { name: string; id: string };

/**
 * A structure already on the site with this SIRET — one establishment — either in its approved
 * version or in changes waiting for the CCAS: a second profile would be its duplicate, and its
 * administrators can invite the person instead. The SIRET only: the establishments of one
 * association share its RNA number, each with a SIRET of its own. `except`: the structure being
 * edited, and any the register match already names. `mine` when the person is one of its members.
 */
export async function findSameSiret(
  db: Db,
  siret: string | null,
  { except = [], userId }: { except?: string[]; userId: string },
): Promise<(SameSiret & { mine: OwnStructure | null }) | null> {
  if (!siret || !isValidSiret(siret)) return null;
  const number = normaliseSiret(siret);
  const found = await db.organisation.findFirst({
    where: {
      ...siretHolderWhere(number),
      ...(except.length > 0 ? { id: { notIn: except } } : {}),
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      slug: true,
      status: true,
      siret: true,
      memberships: { where: { userId }, select: { userId: true } },
    },
  });
  if (!found) return null;
  // Only in changes the CCAS has not approved: neither named nor linked (its page shows another SIRET).
  const approved = found.siret === number;
  return {
    published: approved && found.status === "published" ? { name: found.name, slug: found.slug } : null,
    waiting: !approved || found.status === "pending",
    mine: found.memberships.length > 0 ? { name: found.name, id: found.id } : null,
  };
}

/**
 * What a structure's numbers meet: register profiles to claim or be invited to (one per number at
 * most), a structure created here with the SIRET, or the person's own structure.
 */
export type TakenNumbers = { matches: UnclaimedMatch[]; sameSiret: SameSiret | null; own: OwnStructure | null };

/**
 * The checks of a structure's SIRET and RNA number, on creation and on edit (`except`: the
 * structure edited): each number that is already another structure's, and the field errors that
 * say so beside each — the form brings the focus to the first (with JavaScript) and the page's box
 * explains. Each number is looked up on its own and both are said at once, so that correcting one
 * does not meet the other.
 */
export async function findTakenNumbers(
  db: Db,
  numbers: { siret: string | null; rna: string | null },
  { userId, except }: { userId: string; except?: string },
): Promise<TakenNumbers & { fieldErrors: Record<string, string[]> | null; summary: string | null }> {
  const [bySiret, byRna] = await Promise.all([
    numbers.siret ? findUnclaimedMatch(db, { siret: numbers.siret }, { except }) : null,
    numbers.rna ? findUnclaimedMatch(db, { rna: numbers.rna }, { except }) : null,
  ]);
  // One profile met by both numbers is one match, both fields marked.
  const profiles = [bySiret, byRna].filter(
    (found, index, all) => found !== null && all.findIndex((other) => other?.id === found.id) === index,
  );
  const ownIds = new Set(
    profiles.length > 0
      ? (
          await db.membership.findMany({
            where: { userId, organisationId: { in: profiles.map((found) => found!.id) } },
            select: { organisationId: true },
          })
        ).map((membership) => membership.organisationId)
      : [],
  );
  const same = bySiret
    ? null
    : await findSameSiret(db, numbers.siret, { userId, except: [except, byRna?.id].filter((id) => id !== undefined) });

  const fieldErrors: Record<string, string[]> = {};
  let own: OwnStructure | null = null;
  for (const [field, found] of [
    ["siret", bySiret],
    ["rna", byRna],
  ] as const) {
    if (!found) continue;
    if (ownIds.has(found.id)) {
      own ??= { name: found.name, id: found.id };
      fieldErrors[field] = [ownFieldError(NUMBER_NAMES[field], found.name)];
    } else {
      fieldErrors[field] = [matchFieldError({ ...found, field }, except !== undefined)];
    }
  }
  if (same?.mine) {
    own ??= same.mine;
    fieldErrors.siret = [ownFieldError(NUMBER_NAMES.siret, same.mine.name)];
  }
  const sameSiret = same && !same.mine ? { published: same.published, waiting: same.waiting } : null;
  if (sameSiret) fieldErrors.siret = [sameSiretFieldError(sameSiret, except !== undefined)];
  const matches = profiles.filter((found) => !ownIds.has(found!.id)).map((found) => (({ id: _id, ...rest }) => rest)(found!));
  const taken = Object.keys(fieldErrors);
  // In one sentence, for the top of a form whose fields are far below.
  const summary =
    taken.length === 0
      ? null
      : taken.length > 1
        ? "Le SIRET et le numéro RNA saisis sont déjà ceux d'autres structures sur Coopérons"
        : fieldErrors.siret
          ? "Le SIRET saisi est déjà celui d'une autre structure sur Coopérons"
          : "Le numéro RNA saisi est déjà celui d'une autre structure sur Coopérons";
  return { matches, sameSiret, own, fieldErrors: taken.length > 0 ? fieldErrors : null, summary };
}

const NUMBER_NAMES = { siret: "Ce SIRET", rna: "Ce numéro RNA" } as const;

/** On an edit, what to do is to correct the number: the structure edited is the person's already. */
const ON_EDIT = "corrigez le numéro (une structure n'a qu'une fiche).";

/** The error beside the number a register profile has: what it is, and what to do. */
function matchFieldError(match: UnclaimedMatch, editing: boolean): string {
  const number = NUMBER_NAMES[match.field];
  if (editing) return `${number} est celui de « ${match.name} », déjà sur Coopérons : ${ON_EDIT}`;
  return match.claimed
    ? `${number} est celui de « ${match.name} », déjà sur Coopérons : demandez à ses administrateurs de vous inviter, ou corrigez le numéro.`
    : `${number} est celui de « ${match.name} », déjà sur Coopérons : revendiquez sa fiche (« C'est ma structure », sur sa page), ou corrigez le numéro.`;
}

/** The error beside a number of the person's own structure. */
function ownFieldError(number: string, name: string): string {
  return `${number} est celui de « ${name} », dont vous êtes membre : retrouvez sa fiche dans « Mon espace ».`;
}

/** The error beside a SIRET a structure created here has. */
function sameSiretFieldError(found: SameSiret, editing: boolean): string {
  const whose = found.published
    ? `de « ${found.published.name} »`
    : found.waiting
      ? "d'une fiche en attente de validation"
      : "d'une fiche non publiée";
  if (editing) return `Ce SIRET est déjà celui ${whose} sur Coopérons : ${ON_EDIT}`;
  return `Ce SIRET est déjà celui ${whose} sur Coopérons : demandez à ses administrateurs de vous inviter, ou corrigez le numéro.`;
}
