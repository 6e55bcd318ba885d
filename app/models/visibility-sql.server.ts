// The SQL form of app/domain/publication.ts's rule of what is public (visible*Where), for the counts
// the database groups in raw SQL (the CCAS dashboard, the map's coverage): reading the rows through
// the client cost seconds at 50,000 organisations. Portable SQL (SQLite and PostgreSQL alike):
// identifiers quoted as Prisma names them, values bound, booleans read as conditions.
// tests/integration/coverage-fast-path.test.ts holds both forms to the same counts.
import { expiryCutoff } from "~/domain/publication";
import { Prisma } from "~/generated/prisma/client";

const PUBLISHED = "published";

/** A table's alias in a query, as the conditions below name its columns. */
const column = (alias: string, name: string) => Prisma.raw(`${alias}."${name}"`);

/** Published organisations are public (`o`: the organisation). */
export function visibleOrganisationSql(o = "o"): Prisma.Sql {
  return Prisma.sql`${column(o, "status")} = ${PUBLISHED}`;
}

/** Published offers of published organisations, not expired (`f`: the offer joined to its organisation `o`). */
export function visibleOfferSql(now: Date, f = "f", o = "o"): Prisma.Sql {
  return Prisma.sql`${column(f, "status")} = ${PUBLISHED} AND ${visibleOrganisationSql(o)}
    AND (${column(f, "validUntil")} IS NULL OR ${column(f, "validUntil")} >= ${expiryCutoff(now)})`;
}

/**
 * visibleOfferSql without joining the organisation: its organisation is not among the few that are
 * not public (an offer always has one). Counted from an index of the offers alone, where the join
 * read 25,000 organisations' rows.
 */
export function visibleOfferAloneSql(now: Date, f = "f"): Prisma.Sql {
  return Prisma.sql`${column(f, "status")} = ${PUBLISHED}
    AND (${column(f, "validUntil")} IS NULL OR ${column(f, "validUntil")} >= ${expiryCutoff(now)})
    AND ${column(f, "organisationId")} NOT IN (SELECT x."id" FROM "Organisation" x WHERE NOT (${visibleOrganisationSql("x")}))`;
}

/** Published ideas of published organisations (`i`: the idea joined to its organisation `o`). */
export function visibleIdeaSql(i = "i", o = "o"): Prisma.Sql {
  return Prisma.sql`${column(i, "status")} = ${PUBLISHED} AND ${visibleOrganisationSql(o)}`;
}

/** `a AND b AND …` (TRUE for none). */
export function allOf(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`1 = 1`;
}

/** `expression IN (…values)`; the callers pass at least one value. */
export function isIn(expression: Prisma.Sql, values: readonly string[]): Prisma.Sql {
  return Prisma.sql`${expression} IN (${Prisma.join(values)})`;
}

/** A count as a number: PostgreSQL's COUNT and SUM are bigints, and SUM is NULL when no row matched. */
export const toCount = (value: unknown): number => Number(value ?? 0);

/** A date column as raw SQL gives it: a Date on PostgreSQL, its ISO text on SQLite. */
export const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
