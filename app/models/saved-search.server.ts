// A person's saved searches (app/domain/saved-search.ts) and alert choices. Every function takes
// the person's id: a saved search of someone else is, for them, no saved search at all.
import { nameSavedSearch, parseSavedQuery, SAVED_SEARCHES_MAX, savedQueryKey, type SavedQuery } from "~/domain/saved-search";
import { isUniqueViolation, type Db } from "~/utils/db.server";
import { documentId, filterVisible, type EntityType } from "../../search/documents";

/** An alert as « Mes alertes » lists it: `public` false once its item is no longer shown (withdrawn, unpublished). */
export type ListedAlert = { title: string; url: string; createdAt: Date; public: boolean };

type AlertRow = { title: string; url: string; createdAt: Date; entityType: string; entityId: string };

/** Whether each alert's item is still public, read at once for all of them. */
async function markPublic(db: Db, alerts: AlertRow[]): Promise<(row: AlertRow) => ListedAlert> {
  const refs = alerts.map((alert) => ({ entityType: alert.entityType as EntityType, entityId: alert.entityId }));
  const visible = refs.length ? await filterVisible(db, refs) : new Set<string>();
  return ({ title, url, createdAt, entityType, entityId }) => ({
    title,
    url,
    createdAt,
    public: visible.has(documentId({ entityType: entityType as EntityType, entityId })),
  });
}

export type SavedSearchItem = {
  id: string;
  name: string;
  query: SavedQuery;
  paused: boolean;
  createdAt: Date;
  lastRunAt: Date | null;
  alertCount: number;
  recent: ListedAlert[];
};

/** The person's saved searches, newest first, each with its latest alerts. */
export async function getSavedSearches(db: Db, userId: string): Promise<SavedSearchItem[]> {
  const rows = await db.savedSearch.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      query: true,
      paused: true,
      createdAt: true,
      lastRunAt: true,
      _count: { select: { alerts: true } },
      alerts: {
        orderBy: { createdAt: "desc" },
        take: 5,
        select: { title: true, url: true, createdAt: true, entityType: true, entityId: true },
      },
    },
  });
  const listed = await markPublic(
    db,
    rows.flatMap((row) => row.alerts),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    query: parseSavedQuery(row.query),
    paused: row.paused,
    createdAt: row.createdAt,
    lastRunAt: row.lastRunAt,
    alertCount: row._count.alerts,
    recent: row.alerts.map(listed),
  }));
}

export function getSavedSearch(db: Db, userId: string, id: string) {
  return db.savedSearch.findFirst({ where: { id, userId }, select: { id: true, name: true, paused: true } });
}

/** The person's saved search of exactly this filter set, if they saved it. */
export function findSavedSearchOf(db: Db, userId: string, query: SavedQuery) {
  return db.savedSearch.findUnique({
    where: { userId_queryKey: { userId, queryKey: savedQueryKey(query) } },
    select: { id: true, name: true },
  });
}

export type SaveOutcome = { status: "created" | "exists"; id: string; name: string } | { status: "too-many" };

/**
 * Saves a filter set under a name made from it. The same filter set saved again is the one already
 * there (held by a unique key, so two clicks at once make one).
 */
export async function saveSearch(
  db: Db,
  userId: string,
  query: SavedQuery,
  subAxisTitles: Readonly<Record<string, string>> = {},
): Promise<SaveOutcome> {
  const queryKey = savedQueryKey(query);
  const existing = () =>
    db.savedSearch.findUnique({ where: { userId_queryKey: { userId, queryKey } }, select: { id: true, name: true } });
  const found = await existing();
  if (found) return { status: "exists", ...found };
  if ((await db.savedSearch.count({ where: { userId } })) >= SAVED_SEARCHES_MAX) return { status: "too-many" };
  const name = nameSavedSearch(query, subAxisTitles);
  try {
    const created = await db.savedSearch.create({ data: { userId, name, query: queryKey, queryKey }, select: { id: true } });
    return { status: "created", id: created.id, name };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const again = await existing();
    if (!again) throw error;
    return { status: "exists", ...again };
  }
}

/** Each returns whether the person has such a saved search (false: nothing changed). */
export async function renameSavedSearch(db: Db, userId: string, id: string, name: string): Promise<boolean> {
  const { count } = await db.savedSearch.updateMany({ where: { id, userId }, data: { name } });
  return count > 0;
}

/** Paused, it gets nothing; resumed, it hears of what is published from then on, not of what it missed. */
export async function setSavedSearchPaused(db: Db, userId: string, id: string, paused: boolean): Promise<boolean> {
  const { count } = await db.savedSearch.updateMany({
    where: { id, userId },
    data: paused ? { paused: true } : { paused: false, activeSince: new Date() },
  });
  return count > 0;
}

export async function deleteSavedSearch(db: Db, userId: string, id: string): Promise<boolean> {
  const { count } = await db.savedSearch.deleteMany({ where: { id, userId } });
  return count > 0;
}

/** Alerts of new ideas that would suggest one of the person's organisations: on unless turned off. */
export async function getIdeaAlerts(db: Db, userId: string): Promise<boolean> {
  const setting = await db.alertSetting.findUnique({ where: { userId }, select: { ideaAlerts: true } });
  return setting?.ideaAlerts ?? true;
}

/** How many of the ideas signalled to the person (« Idées qui cherchent vos structures ») are listed. */
export const IDEA_ALERTS_SHOWN = 10;

/**
 * The latest ideas signalled to the person because one of their structures would be suggested to
 * them, newest first: listed on /compte/alertes, the one place they show to someone who chose no mail.
 */
export async function getRecentIdeaAlerts(db: Db, userId: string): Promise<ListedAlert[]> {
  const rows = await db.alertDelivery.findMany({
    where: { userId, reason: "recommendation" },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: IDEA_ALERTS_SHOWN,
    select: { title: true, url: true, createdAt: true, entityType: true, entityId: true },
  });
  return rows.map(await markPublic(db, rows));
}

export async function setIdeaAlerts(db: Db, userId: string, ideaAlerts: boolean) {
  await db.alertSetting.upsert({ where: { userId }, create: { userId, ideaAlerts }, update: { ideaAlerts } });
}
