import * as z from "~/utils/zod";
import { readNow } from "~/utils/read-aside.server";
import { quartierOfPlace } from "~/domain/geo";
import { normaliseSiret } from "~/domain/identifiers";
import { abandonedOrganisationWhere, createdStatus, siretHolderWhere, visibleOrganisationWhere } from "~/domain/publication";
import {
  claimedDraftOrganisationWhere,
  openRegisterEntryWhere,
  openUnclaimedOrganisationWhere,
} from "~/domain/registers/unclaimed";
import { createOrganisationSchema, publicationProblems, type OrganisationInput } from "~/domain/schemas/organisation";
import { uniqueSlug } from "~/domain/slug";
import { inQuartierOrder } from "~/domain/taxonomy";
import { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/utils/db.server";
import { getQuartierNames } from "~/models/quartier.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { keptFigures } from "./figures-cache.server";
import { getCurrentCallSubAxes, getKnownSubAxisCodes } from "./call.server";
import { auditModeration } from "./moderation-audit.server";
import { decide, parseStored, saveEdit, saveSideChange, type Publishable } from "./publication.server";

const listItemSelect = {
  slug: true,
  name: true,
  shortDescription: true,
  sector: true,
  kind: true,
  wholeCity: true,
  isDemo: true,
  quartiers: { select: { quartier: { select: { slug: true, name: true } } } },
  subAxes: { select: { subAxis: { select: { code: true } } } },
} as const satisfies Prisma.OrganisationSelect;

/** Published organisations, newest first. */
export async function getPublishedOrganisationListItems(db: Db, { take = 6 }: { take?: number } = {}) {
  const rows = await db.organisation.findMany({
    where: visibleOrganisationWhere(),
    orderBy: [{ createdAt: "desc" }, { name: "asc" }],
    take,
    select: listItemSelect,
  });
  return rows.map(toListItem);
}

/**
 * The newest published structures, as the home page lists them: kept until a structure is written
 * (figures-cache.server.ts), as every view of the home page asks for the same six.
 */
export function getNewestOrganisationListItems(db: Db, take = 6) {
  return keptFigures(db, `newest-organisations:${take}`, () => getPublishedOrganisationListItems(db, { take }), ["organisation"]);
}

/** Published organisations interested in at least one of the given sub-axes. */
export async function getPublishedOrganisationsForSubAxes(db: Db, subAxisIds: string[]) {
  const rows = await db.organisation.findMany({
    where: { ...visibleOrganisationWhere(), subAxes: { some: { subAxisId: { in: subAxisIds } } } },
    orderBy: { name: "asc" },
    select: listItemSelect,
  });
  return rows.map(toListItem);
}

type ListRow = Prisma.OrganisationGetPayload<{ select: typeof listItemSelect }>;

function toListItem(row: ListRow) {
  return {
    slug: row.slug,
    name: row.name,
    shortDescription: row.shortDescription,
    sector: row.sector,
    kind: row.kind,
    wholeCity: row.wholeCity,
    isDemo: row.isDemo,
    quartiers: inQuartierOrder(
      row.quartiers.map(({ quartier }) => quartier),
      (quartier) => quartier.slug,
    ),
    subAxes: row.subAxes.map(({ subAxis }) => subAxis.code).sort(),
  };
}

export type OrganisationListItem = ReturnType<typeof toListItem>;

// ——— Back office ———

const LogoSchema = z.object({ file: z.string().min(1), type: z.string().min(1) });
type Logo = z.output<typeof LogoSchema>;

export type PendingOrganisationChanges = { form?: OrganisationInput; logo?: Logo };

async function pendingSchema(db: Db | Tx) {
  return z.object({
    form: createOrganisationSchema(await getKnownSubAxisCodes(db)).optional(),
    logo: LogoSchema.optional(),
  });
}

/** The quartier of the address: from the point when there is one, else the one picked in the list. */
export function homeQuartierSlug(input: OrganisationInput): string | null {
  return quartierOfPlace(getQuartiersGeoJson().collection, { ...input, chosen: input.homeQuartier });
}

/** Writes the form's fields and relations onto an organisation row. */
async function writeOrganisationFields(tx: Tx, organisationId: string, input: OrganisationInput, callId: string) {
  const [quartiers, subAxes] = await Promise.all([
    tx.quartier.findMany({ select: { id: true, slug: true } }),
    tx.callSubAxis.findMany({ where: { axis: { callId } }, select: { id: true, code: true } }),
  ]);
  const quartierId = (slug: string | null) => quartiers.find((quartier) => quartier.slug === slug)?.id ?? null;
  const home = homeQuartierSlug(input);
  // No quartier ticked: the structure acts where its address is (the form says so).
  const acting = input.quartiers.length > 0 ? input.quartiers : home ? [home] : [];
  await tx.organisation.update({
    where: { id: organisationId },
    data: {
      name: input.name,
      shortDescription: input.shortDescription,
      description: input.description ?? "",
      sector: input.sector,
      kind: input.kind,
      siret: input.siret ?? null,
      rna: input.rna ?? null,
      website: input.website ?? null,
      publicEmail: input.publicEmail ?? null,
      publicPhone: input.publicPhone ?? null,
      address: input.address ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      homeQuartierId: quartierId(homeQuartierSlug(input)),
      wholeCity: input.wholeCity,
      quartiers: {
        deleteMany: {},
        create: input.wholeCity ? [] : acting.map((slug) => ({ quartierId: quartierId(slug)! })),
      },
      subAxes: {
        deleteMany: {},
        create: subAxes.filter((subAxis) => input.subAxes.includes(subAxis.code)).map((subAxis) => ({ subAxisId: subAxis.id })),
      },
      resources: {
        deleteMany: {},
        create: [
          ...input.offers.map((resource) => ({ resource, direction: "offers" })),
          ...input.seeks.map((resource) => ({ resource, direction: "seeks" })),
        ],
      },
    },
  });
}

async function writeLogo(tx: Tx, organisationId: string, logo: Logo) {
  await tx.organisation.update({ where: { id: organisationId }, data: { logoFile: logo.file, logoType: logo.type } });
}

/** Organisations in the publication lifecycle; their sub-axes are those of `callId` (the current call by default). */
export function organisationPublication(callId?: string): Publishable<OrganisationInput, PendingOrganisationChanges> {
  const call = async (tx: Tx) => callId ?? (await getCurrentCallSubAxes(tx)).callId;
  return {
    type: "organisation",
    parsePending: async (db, json) => (json ? parseStored(await pendingSchema(db), json) : null),
    pendingWith: (existing, form) => ({ ...existing, form }),
    write: async (tx, id, form) => writeOrganisationFields(tx, id, form, await call(tx)),
    applyPending: async (tx, id, pending) => {
      if (pending.form) await writeOrganisationFields(tx, id, pending.form, await call(tx));
      if (pending.logo) await writeLogo(tx, id, pending.logo);
    },
  };
}

const isComplete = (input: OrganisationInput) =>
  publicationProblems({ kind: input.kind, siret: input.siret ?? null, rna: input.rna ?? null }).length === 0;

/**
 * Another structure took this SIRET (approved, or in changes waiting for the CCAS) between the
 * form's check (findTakenNumbers) and the creation: two people sending one structure at once.
 */
export class SiretTaken extends Error {
  constructor() {
    super("Another structure has this SIRET");
  }
}

/**
 * Creates an organisation whose creator is its admin. It goes straight to the CCAS queue when it
 * has what publication needs, and stays a draft otherwise. Its SIRET is checked again in the
 * transaction that writes it (SiretTaken): one structure per establishment, even sent twice at once.
 */
export async function createOrganisation(
  db: Db,
  { userId, input, callId }: { userId: string; input: OrganisationInput; callId: string },
) {
  return db.$transaction(async (tx) => {
    if (input.siret) await refuseTakenSiret(tx, input.siret);
    const organisation = await tx.organisation.create({
      data: {
        slug: await uniqueSlug(input.name, async (slug) =>
          Boolean(await tx.organisation.findUnique({ where: { slug }, select: { id: true } })),
        ),
        name: input.name,
        shortDescription: input.shortDescription,
        description: input.description ?? "",
        sector: input.sector,
        kind: input.kind,
        status: createdStatus(isComplete(input)),
        memberships: { create: { userId, role: "admin" } },
      },
      select: { id: true, status: true },
    });
    await writeOrganisationFields(tx, organisation.id, input, callId);
    return organisation;
  });
}

/**
 * Saves an edit by the lifecycle's one rule for all items (app/domain/publication.ts). A SIRET the
 * structure did not have (`newSiret`) is checked again in the edit's transaction, as on creation
 * (SiretTaken): two structures given one establishment at once, only the first keeps it.
 */
export function updateOrganisation(
  db: Db,
  {
    organisationId,
    input,
    callId,
    newSiret = null,
  }: { organisationId: string; input: OrganisationInput; callId: string; newSiret?: string | null },
) {
  return saveEdit(db, organisationPublication(callId), organisationId, input, {
    complete: isComplete(input),
    alongside: async (tx) => {
      if (newSiret) await refuseTakenSiret(tx, newSiret, organisationId);
      return false;
    },
  });
}

/**
 * Throws SiretTaken when another structure has this SIRET, approved or in changes waiting for the
 * CCAS; a structure abandoned (nobody left in it: abandonedOrganisationWhere) gives it up to the
 * one saved here.
 */
async function refuseTakenSiret(tx: Tx, typed: string, except?: string) {
  const siret = normaliseSiret(typed);
  const others = except ? { id: { not: except } } : {};
  const taken = await tx.organisation.findFirst({ where: { ...siretHolderWhere(siret), ...others }, select: { id: true } });
  if (taken) throw new SiretTaken();
  const abandoned = abandonedOrganisationWhere();
  await tx.organisation.updateMany({ where: { AND: [abandoned, { siret }, others] }, data: { siret: null } });
  await tx.organisation.updateMany({
    where: { AND: [abandoned, { pendingSiret: siret }, others] },
    data: { pendingSiret: null },
  });
}

/** A new logo: applied at once before publication, queued for the CCAS after. */
export function setOrganisationLogo(db: Db, organisationId: string, logo: Logo) {
  return saveSideChange(
    db,
    organisationPublication(),
    organisationId,
    (existing) => ({ ...existing, logo }),
    (tx) => writeLogo(tx, organisationId, logo),
  );
}

/** Publishes an organisation, applying its pending changes if it has any. */
export function publishOrganisation(
  db: Db,
  { organisationId, moderatorId, callId }: { organisationId: string; moderatorId: string; callId: string },
) {
  return decide(db, organisationPublication(callId), organisationId, { action: "publish" }, moderatorId);
}

/** Refuses a new profile, or only the pending changes of a published one (which stays online). */
export function rejectOrganisation(
  db: Db,
  { organisationId, moderatorId, reason }: { organisationId: string; moderatorId: string; reason: string },
) {
  return decide(db, organisationPublication(), organisationId, { action: "reject", reason }, moderatorId);
}

export async function verifyOrganisation(
  db: Db,
  { organisationId, moderatorId }: { organisationId: string; moderatorId: string },
) {
  // Its status after it: a fiche still waiting still waits (« vérifiée » is not a publication).
  return db.$transaction(async (tx) => {
    const { status } = await tx.organisation.update({
      where: { id: organisationId },
      data: { verifiedAt: new Date() },
      select: { status: true },
    });
    await tx.moderationDecision.create({
      data: { entityType: "organisation", entityId: organisationId, action: "verify", moderatorId },
    });
    await auditModeration(tx, { moderatorId, type: "organisation", id: organisationId, what: "verify" });
    return { status };
  });
}

/** The administrators of a structure: whom its moderation mails greet, each by name. */
export function getAdmins(db: Db, organisationId: string) {
  return db.membership
    .findMany({
      where: { organisationId, role: "admin" },
      orderBy: { createdAt: "asc" },
      select: { user: { select: { name: true, email: true } } },
    })
    .then((rows) => rows.map((row) => row.user));
}

export function getAdminEmails(db: Db, organisationId: string) {
  return getAdmins(db, organisationId).then((admins) => admins.map((admin) => admin.email));
}

export function getMyOrganisations(db: Db, userId: string) {
  return db.membership.findMany({
    where: { userId },
    orderBy: { organisation: { name: "asc" } },
    select: {
      role: true,
      organisation: {
        select: {
          id: true,
          slug: true,
          name: true,
          status: true,
          pendingChanges: true,
          moderationReason: true,
          verifiedAt: true,
        },
      },
    },
  });
}

/** An organisation's own columns as its profile, its moderation and the CCAS's exports read them. */
export const ORGANISATION_PROFILE_FIELDS = {
  id: true,
  slug: true,
  name: true,
  shortDescription: true,
  description: true,
  sector: true,
  kind: true,
  siret: true,
  rna: true,
  website: true,
  publicEmail: true,
  publicPhone: true,
  address: true,
  latitude: true,
  longitude: true,
  wholeCity: true,
  status: true,
  pendingChanges: true,
  moderationReason: true,
  verifiedAt: true,
} as const satisfies Prisma.OrganisationSelect;

/** What the edit form, and the moderation queue's comparison, read of a structure. */
export const ORGANISATION_EDIT_FIELDS = {
  ...ORGANISATION_PROFILE_FIELDS,
  logoFile: true,
  homeQuartier: { select: { slug: true } },
  quartiers: { select: { quartier: { select: { slug: true } } } },
  subAxes: { select: { subAxis: { select: { code: true } } } },
  resources: { select: { resource: true, direction: true } },
} as const satisfies Prisma.OrganisationSelect;

type OrganisationEditRow = Prisma.OrganisationGetPayload<{ select: typeof ORGANISATION_EDIT_FIELDS }>;

/** The approved (online) version of a structure, as its form reads it. */
export function approvedOrganisationInput(organisation: OrganisationEditRow): OrganisationInput {
  return {
    name: organisation.name,
    shortDescription: organisation.shortDescription,
    description: organisation.description || undefined,
    sector: organisation.sector as OrganisationInput["sector"],
    kind: organisation.kind as OrganisationInput["kind"],
    siret: organisation.siret ?? undefined,
    rna: organisation.rna ?? undefined,
    website: organisation.website ?? undefined,
    publicEmail: organisation.publicEmail ?? undefined,
    publicPhone: organisation.publicPhone ?? undefined,
    address: organisation.address ?? undefined,
    latitude: organisation.latitude ?? undefined,
    longitude: organisation.longitude ?? undefined,
    homeQuartier: (organisation.homeQuartier?.slug as OrganisationInput["homeQuartier"]) ?? undefined,
    wholeCity: organisation.wholeCity,
    quartiers: organisation.quartiers.map(({ quartier }) => quartier.slug as OrganisationInput["quartiers"][number]),
    subAxes: organisation.subAxes.map(({ subAxis }) => subAxis.code),
    offers: organisation.resources
      .filter((item) => item.direction === "offers")
      .map((item) => item.resource as OrganisationInput["offers"][number]),
    seeks: organisation.resources
      .filter((item) => item.direction === "seeks")
      .map((item) => item.resource as OrganisationInput["seeks"][number]),
  };
}

/** Everything the edit form needs, with the pending version when there is one. */
export async function getOrganisationForEdit(db: Db, organisationId: string) {
  const organisation = await db.organisation.findUnique({ where: { id: organisationId }, select: ORGANISATION_EDIT_FIELDS });
  if (!organisation) return null;
  const pending = await organisationPublication().parsePending(db, organisation.pendingChanges);
  const approved = approvedOrganisationInput(organisation);
  return {
    organisation,
    form: pending?.form ?? approved,
    approved,
    hasPendingChanges: Boolean(pending),
    pendingLogo: pending?.logo ?? null,
  };
}

// ——— Public pages ———

/**
 * A structure's quartiers, sub-axes (code and title) and resources offered or sought, for its public
 * page: one statement (portable SQL), where Prisma's nested reads took four. Sub-axes and resources
 * in the order of their codes. tests/integration/organisations.test.ts holds it to Prisma's read.
 */
export async function getOrganisationLinks(db: Db, organisationId: string) {
  const rows = await readNow<{ kind: string; code: string; label: string }>(
    db,
    Prisma.sql`SELECT 'quartier' AS "kind", q."quartierId" AS "code", '' AS "label"
      FROM "OrganisationQuartier" q WHERE q."organisationId" = ${organisationId}
    UNION ALL
    SELECT 'subAxis' AS "kind", s."code" AS "code", s."title" AS "label"
      FROM "OrganisationSubAxis" x JOIN "CallSubAxis" s ON s."id" = x."subAxisId" WHERE x."organisationId" = ${organisationId}
    UNION ALL
    SELECT r."direction" AS "kind", r."resource" AS "code", '' AS "label"
      FROM "OrganisationResource" r WHERE r."organisationId" = ${organisationId}
    ORDER BY "kind", "code"`,
  );
  return {
    quartiers: rows.filter((row) => row.kind === "quartier").map((row) => ({ quartierId: row.code })),
    subAxes: rows.filter((row) => row.kind === "subAxis").map((row) => ({ subAxis: { code: row.code, title: row.label } })),
    resources: rows
      .filter((row) => row.kind !== "quartier" && row.kind !== "subAxis")
      .map((row) => ({ resource: row.code, direction: row.kind })),
  };
}

/**
 * A published structure's own row, by its slug: what its page reads first, the rest of the page
 * (withPublicLinks, its offers and ideas) then read at once from its id.
 */
export function getPublishedOrganisationRow(db: Db, slug: string) {
  return db.organisation.findFirst({
    where: { slug, ...visibleOrganisationWhere() },
    select: {
      id: true,
      slug: true,
      name: true,
      shortDescription: true,
      description: true,
      sector: true,
      kind: true,
      website: true,
      publicEmail: true,
      publicPhone: true,
      address: true,
      wholeCity: true,
      isDemo: true,
      verifiedAt: true,
      logoFile: true,
      homeQuartierId: true,
    },
  });
}

type PublishedOrganisationRow = NonNullable<Awaited<ReturnType<typeof getPublishedOrganisationRow>>>;

export async function getPublishedOrganisation(db: Db, slug: string) {
  const organisation = await getPublishedOrganisationRow(db, slug);
  return organisation && withPublicLinks(db, organisation);
}

/** The row with its quartiers (named, in the city's order), sub-axes and resources. */
export async function withPublicLinks(db: Db, organisation: PublishedOrganisationRow) {
  const { quartiers, subAxes, resources } = await getOrganisationLinks(db, organisation.id);
  // The quartiers' names from the kept directory: two statements fewer per view.
  const { homeQuartierId, ...rest } = organisation;
  const names = await getQuartierNames(db, [
    ...(homeQuartierId ? [homeQuartierId] : []),
    ...quartiers.map((row) => row.quartierId),
  ]);
  const home = homeQuartierId ? names.get(homeQuartierId) : undefined;
  return {
    ...rest,
    subAxes,
    resources,
    homeQuartier: home ? { name: home.name } : null,
    quartiers: inQuartierOrder(
      quartiers.flatMap(({ quartierId }) => {
        const quartier = names.get(quartierId);
        return quartier ? [{ quartier }] : [];
      }),
      ({ quartier }) => quartier.slug,
    ),
  };
}

/**
 * A profile a register still lists and whose page shows only its register facts (the open
 * entries, each with the date of the last import that listed it): an unclaimed one, or one claimed
 * whose structure has not published its own profile yet (`claimed`: its page stays, and says the
 * structure is completing it — or, `leftEmpty`, that nobody is left to). Null for anything else.
 */
export async function getUnclaimedOrganisation(db: Db, slug: string, { claimedToo = false } = {}) {
  const organisation = await db.organisation.findFirst({
    where: {
      slug,
      ...(claimedToo
        ? { OR: [openUnclaimedOrganisationWhere(), claimedDraftOrganisationWhere()] }
        : openUnclaimedOrganisationWhere()),
    },
    select: {
      id: true,
      slug: true,
      name: true,
      unclaimed: true,
      homeQuartier: { select: { name: true } },
      // Claimed, then left with nobody in it (its last member deleted their account): nobody completes it.
      memberships: { take: 1, select: { userId: true } },
      registerEntries: {
        where: openRegisterEntryWhere(),
        orderBy: [{ source: "asc" }, { registerId: "asc" }],
        select: {
          source: true,
          registerId: true,
          name: true,
          quartier: { select: { name: true } },
          address: true,
          postalCode: true,
          activityCode: true,
          activityLabel: true,
          siret: true,
          registeredOn: true,
          registerUpdatedAt: true,
          lastImportId: true,
        },
      },
    },
  });
  if (!organisation) return null;
  const importIds = organisation.registerEntries.flatMap((entry) => (entry.lastImportId ? [entry.lastImportId] : []));
  const imports = await db.registerImport.findMany({
    where: { id: { in: importIds } },
    select: { id: true, startedAt: true, finishedAt: true },
  });
  const importedOn = new Map(imports.map((run) => [run.id, run.finishedAt ?? run.startedAt]));
  const { memberships, ...profile } = organisation;
  return {
    ...profile,
    /** Claimed, and nobody is left in it to complete its profile. */
    leftEmpty: !organisation.unclaimed && memberships.length === 0,
    registerEntries: organisation.registerEntries.map(({ lastImportId, ...entry }) => ({
      ...entry,
      importedOn: lastImportId ? (importedOn.get(lastImportId) ?? null) : null,
    })),
  };
}

/** Published organisations by id, in the order given (the search engine's order). */
export async function getPublishedOrganisationListItemsByIds(db: Db, ids: string[]) {
  const rows = await db.organisation.findMany({
    where: { id: { in: ids }, ...visibleOrganisationWhere() },
    select: { ...listItemSelect, id: true },
  });
  const byId = new Map(rows.map((row) => [row.id, toListItem(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A message from the public contact form, kept in the organisation's inbox. */
export function saveContactMessage(
  db: Db,
  {
    organisationId,
    senderName,
    senderEmail,
    body,
  }: { organisationId: string; senderName: string; senderEmail: string; body: string },
) {
  return db.contactMessage.create({ data: { organisationId, senderName, senderEmail, body }, select: { id: true } });
}
