import { quartierAtPoint } from "~/domain/geo";
import type { OrganisationInput } from "~/domain/schemas/organisation";
import { publicationProblems } from "~/domain/schemas/organisation";
import { slugify } from "~/domain/slug";
import { QUARTIERS } from "~/domain/taxonomy";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/utils/db.server";
import { enqueueOrganisation } from "../../search/outbox";

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
    where: { status: "published" },
    orderBy: [{ createdAt: "desc" }, { name: "asc" }],
    take,
    select: listItemSelect,
  });
  return rows.map(toListItem);
}

/** Published organisations interested in at least one of the given sub-axes. */
export async function getPublishedOrganisationsForSubAxes(db: Db, subAxisIds: string[]) {
  const rows = await db.organisation.findMany({
    where: { status: "published", subAxes: { some: { subAxisId: { in: subAxisIds } } } },
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
    quartiers: row.quartiers.map(({ quartier }) => quartier),
    subAxes: row.subAxes.map(({ subAxis }) => subAxis.code).sort(),
  };
}

export type OrganisationListItem = ReturnType<typeof toListItem>;

// ——— Back office ———

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type PendingOrganisationChanges = { form?: OrganisationInput; logo?: { file: string; type: string } };

export function parsePendingChanges(json: string | null): PendingOrganisationChanges | null {
  return json ? (JSON.parse(json) as PendingOrganisationChanges) : null;
}

/** The quartier of the address: from the point when there is one, else the one picked in the list. */
function homeQuartierSlug(input: OrganisationInput): string | null {
  if (input.latitude !== undefined && input.longitude !== undefined) {
    const idobj = quartierAtPoint(getQuartiersGeoJson().collection, input.longitude, input.latitude);
    const found = QUARTIERS.find((quartier) => quartier.idobj === idobj);
    if (found) return found.code;
  }
  return input.homeQuartier ?? null;
}

/** Writes the form's fields and relations onto an organisation row. */
async function writeOrganisationFields(tx: Tx, organisationId: string, input: OrganisationInput, callId: string) {
  const [quartiers, subAxes] = await Promise.all([
    tx.quartier.findMany({ select: { id: true, slug: true } }),
    tx.callSubAxis.findMany({ where: { axis: { callId } }, select: { id: true, code: true } }),
  ]);
  const quartierId = (slug: string | null) => quartiers.find((quartier) => quartier.slug === slug)?.id ?? null;
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
        create: input.wholeCity ? [] : input.quartiers.map((slug) => ({ quartierId: quartierId(slug)! })),
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

async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  for (let attempt = 0; ; attempt += 1) {
    const slug = attempt === 0 ? base : `${base}-${attempt + 1}`;
    if (!(await tx.organisation.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

/**
 * Creates an organisation whose creator is its admin. It goes straight to the CCAS queue when it
 * has what publication needs, and stays a draft otherwise.
 */
export async function createOrganisation(
  db: Db,
  { userId, input, callId }: { userId: string; input: OrganisationInput; callId: string },
) {
  const status =
    publicationProblems({ kind: input.kind, siret: input.siret ?? null, rna: input.rna ?? null }).length === 0
      ? "pending"
      : "draft";
  return db.$transaction(async (tx) => {
    const organisation = await tx.organisation.create({
      data: {
        slug: await uniqueSlug(tx, input.name),
        name: input.name,
        shortDescription: input.shortDescription,
        description: input.description ?? "",
        sector: input.sector,
        kind: input.kind,
        status,
        memberships: { create: { userId, role: "admin" } },
      },
      select: { id: true, status: true },
    });
    await writeOrganisationFields(tx, organisation.id, input, callId);
    return organisation;
  });
}

/**
 * Saves an edit. An organisation not yet published is edited in place (and queued when complete);
 * a published one keeps showing its approved version while the change waits for the CCAS.
 */
export async function updateOrganisation(
  db: Db,
  { organisationId, input, callId }: { organisationId: string; input: OrganisationInput; callId: string },
) {
  return db.$transaction(async (tx) => {
    const current = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { status: true, pendingChanges: true },
    });
    const complete = publicationProblems({ kind: input.kind, siret: input.siret ?? null, rna: input.rna ?? null }).length === 0;
    if (current.status === "published") {
      const pending = parsePendingChanges(current.pendingChanges) ?? {};
      await tx.organisation.update({
        where: { id: organisationId },
        data: { pendingChanges: JSON.stringify({ ...pending, form: input }) },
      });
      return { status: "published" as const, queued: true };
    }
    await writeOrganisationFields(tx, organisationId, input, callId);
    const status = complete ? "pending" : "draft";
    await tx.organisation.update({ where: { id: organisationId }, data: { status, moderationReason: null } });
    return { status, queued: complete };
  });
}

/** A new logo: applied at once before publication, queued for the CCAS after. */
export async function setOrganisationLogo(db: Db, organisationId: string, logo: { file: string; type: string }) {
  return db.$transaction(async (tx) => {
    const current = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { status: true, pendingChanges: true },
    });
    if (current.status === "published") {
      const pending = parsePendingChanges(current.pendingChanges) ?? {};
      await tx.organisation.update({
        where: { id: organisationId },
        data: { pendingChanges: JSON.stringify({ ...pending, logo }) },
      });
      return { queued: true };
    }
    await tx.organisation.update({ where: { id: organisationId }, data: { logoFile: logo.file, logoType: logo.type } });
    return { queued: false };
  });
}

/** Publishes an organisation, applying its pending changes if it has any. */
export async function publishOrganisation(
  db: Db,
  { organisationId, moderatorId, callId }: { organisationId: string; moderatorId: string; callId: string },
) {
  await db.$transaction(async (tx) => {
    const current = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { pendingChanges: true, publishedAt: true },
    });
    const pending = parsePendingChanges(current.pendingChanges);
    if (pending?.form) await writeOrganisationFields(tx, organisationId, pending.form, callId);
    await tx.organisation.update({
      where: { id: organisationId },
      data: {
        status: "published",
        pendingChanges: null,
        moderationReason: null,
        publishedAt: current.publishedAt ?? new Date(),
        ...(pending?.logo ? { logoFile: pending.logo.file, logoType: pending.logo.type } : {}),
      },
    });
    await tx.moderationDecision.create({
      data: { entityType: "organisation", entityId: organisationId, action: "publish", moderatorId },
    });
    await enqueueOrganisation(tx, organisationId);
  });
}

/** Refuses a new profile, or only the pending changes of a published one (which stays online). */
export async function rejectOrganisation(
  db: Db,
  { organisationId, moderatorId, reason }: { organisationId: string; moderatorId: string; reason: string },
) {
  await db.$transaction(async (tx) => {
    const current = await tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { status: true } });
    await tx.organisation.update({
      where: { id: organisationId },
      data:
        current.status === "published"
          ? { pendingChanges: null, moderationReason: reason }
          : { status: "rejected", moderationReason: reason },
    });
    await tx.moderationDecision.create({
      data: { entityType: "organisation", entityId: organisationId, action: "reject", reason, moderatorId },
    });
    await enqueueOrganisation(tx, organisationId);
  });
}

export async function verifyOrganisation(
  db: Db,
  { organisationId, moderatorId }: { organisationId: string; moderatorId: string },
) {
  await db.$transaction([
    db.organisation.update({ where: { id: organisationId }, data: { verifiedAt: new Date() } }),
    db.moderationDecision.create({
      data: { entityType: "organisation", entityId: organisationId, action: "verify", moderatorId },
    }),
  ]);
}

export function getAdminEmails(db: Db, organisationId: string) {
  return db.membership
    .findMany({ where: { organisationId, role: "admin" }, select: { user: { select: { email: true } } } })
    .then((rows) => rows.map((row) => row.user.email));
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

/** Everything the edit form needs, with the pending version when there is one. */
export async function getOrganisationForEdit(db: Db, organisationId: string) {
  const organisation = await db.organisation.findUnique({
    where: { id: organisationId },
    select: {
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
      logoFile: true,
      homeQuartier: { select: { slug: true } },
      quartiers: { select: { quartier: { select: { slug: true } } } },
      subAxes: { select: { subAxis: { select: { code: true } } } },
      resources: { select: { resource: true, direction: true } },
    },
  });
  if (!organisation) return null;
  const pending = parsePendingChanges(organisation.pendingChanges);
  const approved: OrganisationInput = {
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
  return {
    organisation,
    form: pending?.form ?? approved,
    hasPendingChanges: Boolean(pending),
    pendingLogo: pending?.logo ?? null,
  };
}

// ——— Public pages ———

export async function getPublishedOrganisation(db: Db, slug: string) {
  return db.organisation.findFirst({
    where: { slug, status: "published" },
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
      homeQuartier: { select: { name: true } },
      quartiers: { select: { quartier: { select: { slug: true, name: true } } } },
      subAxes: { select: { subAxis: { select: { code: true, title: true } } } },
      resources: { select: { resource: true, direction: true } },
    },
  });
}

/** Published organisations by id, in the order given (the search engine's order). */
export async function getPublishedOrganisationListItemsByIds(db: Db, ids: string[]) {
  const rows = await db.organisation.findMany({
    where: { id: { in: ids }, status: "published" },
    select: { ...listItemSelect, id: true },
  });
  const byId = new Map(rows.map((row) => [row.id, toListItem(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
