import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/utils/db.server";

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
