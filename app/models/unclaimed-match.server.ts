// Signing up a structure the registers already brought in (issue 16): a new profile whose SIRET or
// RNA number is an unclaimed profile's would be its duplicate. The person is offered to claim that
// profile instead (/organisations/{slug}/revendiquer), and the new one is not created.
import { isValidSiret, normaliseRna, normaliseSiret } from "~/domain/identifiers";
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
): Promise<UnclaimedMatch | null> {
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
        {
          OR: [
            openUnclaimedOrganisationWhere(),
            { claimedAt: { not: null }, registerEntries: { some: openRegisterEntryWhere() } },
          ],
        },
        {
          OR: [...(siret ? [{ siret }] : []), ...(rna ? [{ rna }] : []), { registerEntries: { some: openMatchingEntry } }],
        },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: {
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
    slug: profile.slug,
    name: profile.name,
    register: entry?.source === "sirene" ? REGISTER_SHORT_NAMES.sirene : REGISTER_SHORT_NAMES.rna,
    importedOn: run ? (run.finishedAt ?? run.startedAt) : null,
    claimed: !profile.unclaimed,
    field: bySiret ? "siret" : "rna",
  };
}

/**
 * A structure created here with the SIRET typed. Its name and page only once published: a profile
 * waiting for the CCAS (or refused) is not public, and the person typing its SIRET may be anyone.
 */
export type SameSiret = { published: { name: string; slug: string } | null };

/**
 * A structure already on the site with this SIRET — one establishment — that no register profile
 * stands for (`findUnclaimedMatch` says those): a second profile would be its duplicate, and its
 * administrators can invite the person instead. The SIRET only: the establishments of one
 * association share its RNA number, each with a SIRET of its own. `except`: the structure being edited.
 */
export async function findSameSiret(
  db: Db,
  siret: string | null,
  { except }: { except?: string } = {},
): Promise<SameSiret | null> {
  if (!siret || !isValidSiret(siret)) return null;
  const found = await db.organisation.findFirst({
    where: { siret: normaliseSiret(siret), ...(except ? { id: { not: except } } : {}) },
    orderBy: { createdAt: "asc" },
    select: { name: true, slug: true, status: true },
  });
  if (!found) return null;
  return { published: found.status === "published" ? { name: found.name, slug: found.slug } : null };
}
