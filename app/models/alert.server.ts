// Alerts: new public items brought to the people they concern. The search sync loop queues an item
// once the index holds it visible (search/alerts.ts); a run then
// - finds the saved searches whose results hold it (the index answers, with each search's query),
// - for a new idea, finds the people whose organisation the engine would suggest to it,
// - records one delivery per person and item — a unique key, so never twice, whatever found it, in
//   whichever run — with the notification that carries it,
// - and mails at once those who chose it; the daily digest (notification.server.ts) takes the rest.
// Every alert mail has a signed one-click unsubscribe link and the RFC 8058 headers.
import { randomUUID } from "node:crypto";
import type { Meilisearch } from "meilisearch";
import { visibleOrganisationWhere } from "~/domain/publication";
import { parseSavedQuery, quotedName } from "~/domain/saved-search";
import { isUniqueViolation, type Db } from "~/utils/db.server";
import type { Mail } from "~/utils/mail.server";
import { toSearchParams } from "~/utils/search.server";
import { signToken, verifyToken } from "~/utils/signed-tokens.server";
import { siteOrigin } from "~/utils/url.server";
import { matchingSearches } from "../../search/alerts";
import { buildDocuments, type EntityRef, type EntityType, type SearchDocument } from "../../search/documents";
import { sendClaimed } from "./claimed-mail.server";
import { recommendIdeaTo } from "./recommendation.server";
import { reasonsForPartner } from "~/domain/recommendation-display";
import type { SectorCode } from "~/domain/taxonomy";

type Send = (mail: Mail) => Promise<void>;

/** A claim older than this is taken to be a run that died, and its work is taken over. */
const CLAIM_STALE_MS = 10 * 60_000;
/** An item whose alerts failed this many times is left (the failure is logged each time). */
const MAX_ATTEMPTS = 5;
/** How long handled alert work stays in the table. */
const DONE_KEPT_MS = 7 * 24 * 60 * 60_000;
/**
 * An idea is new to the people its engine would suggest for this long after its first publication:
 * long enough for a search outage, short enough that an old idea edited is not news.
 */
const IDEA_NEW_FOR_MS = 7 * 24 * 60 * 60_000;

// ——— Unsubscribe links ———

/** What a link unsubscribes from: one saved search, the idea alerts, or every alert (a digest). */
export type UnsubscribeScope = { kind: "search"; savedSearchId: string } | { kind: "ideas" } | { kind: "all" };

const UNSUBSCRIBE = "unsubscribe-alerts";

const scopeText = (scope: UnsubscribeScope) => (scope.kind === "search" ? `search:${scope.savedSearchId}` : scope.kind);

export function unsubscribeToken(userId: string, scope: UnsubscribeScope): string {
  return signToken(UNSUBSCRIBE, `${userId} ${scopeText(scope)}`);
}

/** Who and what a link is for, or null when it was not signed by this site. */
export function readUnsubscribeToken(token: string | null | undefined): { userId: string; scope: UnsubscribeScope } | null {
  const payload = verifyToken(UNSUBSCRIBE, token);
  const match = payload ? /^(\S+) (all|ideas|search:(\S+))$/.exec(payload) : null;
  if (!match) return null;
  const [, userId, kind, savedSearchId] = match;
  const scope: UnsubscribeScope = savedSearchId
    ? { kind: "search", savedSearchId }
    : { kind: kind === "ideas" ? "ideas" : "all" };
  return { userId: userId!, scope };
}

export const unsubscribeUrl = (userId: string, scope: UnsubscribeScope) =>
  `${siteOrigin()}/alertes/desabonnement?token=${unsubscribeToken(userId, scope)}`;

/** RFC 2369 and RFC 8058: mail clients show « Se désabonner » and POST to the link, without a session. */
export const unsubscribeHeaders = (url: string) => ({
  "List-Unsubscribe": `<${url}>`,
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
});

export type UnsubscribeTarget = {
  /** What the link stops, in French: « les alertes de la recherche « Offres · Locaux » ». */
  what: string;
  /** Already stopped (a second click, or paused meanwhile). */
  done: boolean;
};

/** What a valid link would stop; null when its person or saved search no longer exists. */
export async function describeUnsubscribe(
  db: Db,
  { userId, scope }: { userId: string; scope: UnsubscribeScope },
): Promise<UnsubscribeTarget | null> {
  if (scope.kind === "search") {
    const search = await db.savedSearch.findFirst({
      where: { id: scope.savedSearchId, userId },
      select: { name: true, paused: true },
    });
    return search ? { what: `les alertes de votre recherche ${quotedName(search.name)}`, done: search.paused } : null;
  }
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      alertSetting: { select: { ideaAlerts: true } },
      _count: { select: { savedSearches: { where: { paused: false } } } },
    },
  });
  if (!user) return null;
  const ideasOff = user.alertSetting?.ideaAlerts === false;
  if (scope.kind === "ideas") return { what: "les alertes de nouvelles idées qui cherchent vos structures", done: ideasOff };
  return {
    what: "toutes vos alertes (recherches enregistrées et nouvelles idées)",
    done: ideasOff && user._count.savedSearches === 0,
  };
}

/** Stops what the link names: its saved search paused, or the idea alerts off, or both for every search. */
export async function unsubscribe(db: Db, { userId, scope }: { userId: string; scope: UnsubscribeScope }) {
  if (scope.kind === "search") {
    await db.savedSearch.updateMany({ where: { id: scope.savedSearchId, userId }, data: { paused: true } });
    return;
  }
  await db.$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) return;
    await tx.alertSetting.upsert({ where: { userId }, create: { userId, ideaAlerts: false }, update: { ideaAlerts: false } });
    if (scope.kind === "all") await tx.savedSearch.updateMany({ where: { userId }, data: { paused: true } });
  });
}

// ——— Finding who an item concerns ———

type Item = {
  ref: EntityRef;
  organisationId: string;
  organisationName: string;
  title: string;
  path: string;
  /** When it became public: the later of its own first publication and its organisation's. */
  visibleSince: Date;
};

/** The later of these dates; null when one is unknown. */
const latest = (...dates: (Date | null)[]) => {
  const known = dates.filter((date): date is Date => date !== null);
  return known.length === dates.length ? new Date(Math.max(...known.map(Number))) : null;
};

/** The item's facts for its alerts; null when it never went through publication (no date to go by). */
async function itemFacts(db: Db, ref: EntityRef, title: string, path: string): Promise<Item | null> {
  const organisation = { select: { id: true, name: true, publishedAt: true } } as const;
  const row =
    ref.entityType === "organisation"
      ? await db.organisation
          .findUnique({ where: { id: ref.entityId }, select: { id: true, name: true, publishedAt: true } })
          .then((found) => found && { publishedAt: found.publishedAt, organisation: found })
      : ref.entityType === "offer"
        ? await db.offer.findUnique({ where: { id: ref.entityId }, select: { publishedAt: true, organisation } })
        : await db.idea.findUnique({ where: { id: ref.entityId }, select: { publishedAt: true, organisation } });
  if (!row) return null;
  const visibleSince = latest(row.publishedAt, row.organisation.publishedAt);
  if (!visibleSince) return null;
  return { ref, organisationId: row.organisation.id, organisationName: row.organisation.name, title, path, visibleSince };
}

type Recipient = { id: string; notificationMode: string };
type Delivery = {
  user: Recipient;
  reason: "search" | "recommendation";
  savedSearchId: string | null;
  subject: string;
  body: string;
};

/** Nouvelle structure, offre, idée: all feminine in French, which the sentences rely on. */
const NEW_ITEM: Record<EntityType, string> = {
  organisation: "Nouvelle structure",
  offer: "Nouvelle offre",
  idea: "Nouvelle idée",
};

/** Records one alert; false when this person already had this item (another search, run or reason). */
async function deliver(db: Db, item: Item, delivery: Delivery): Promise<boolean> {
  const link = `${siteOrigin()}${item.path}`;
  try {
    await db.$transaction(async (tx) => {
      // Someone who chose no mail finds their alerts on /compte/alertes: no notification waits.
      const notification =
        delivery.user.notificationMode === "none"
          ? null
          : await tx.notification.create({
              data: { userId: delivery.user.id, subject: delivery.subject, body: delivery.body, link },
              select: { id: true },
            });
      await tx.alertDelivery.create({
        data: {
          userId: delivery.user.id,
          entityType: item.ref.entityType,
          entityId: item.ref.entityId,
          savedSearchId: delivery.savedSearchId,
          reason: delivery.reason,
          title: item.title,
          url: item.path,
          notificationId: notification?.id ?? null,
        },
      });
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

const notYetAlerted = (ref: EntityRef) => ({ alerts: { none: { entityType: ref.entityType, entityId: ref.entityId } } });

/** Each person whose saved search holds the item in its results, once, by their oldest such search. */
async function searchDeliveries(db: Db, meili: Meilisearch, item: Item, document: SearchDocument, now: Date) {
  const searches = await db.savedSearch.findMany({
    where: {
      paused: false,
      // Published before the search was saved (or resumed): the person could already see it.
      activeSince: { lte: item.visibleSince },
      // Nobody is alerted of their own organisation's items.
      user: { ...notYetAlerted(item.ref), memberships: { none: { organisationId: item.organisationId } } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, query: true, user: { select: { id: true, notificationMode: true } } },
  });
  if (searches.length === 0) return [];
  const matched = await matchingSearches(
    meili,
    document,
    searches.map((search) => ({
      key: search,
      params: toSearchParams({ ...parseSavedQuery(search.query), page: 1, perPage: 1, sort: "relevance" }),
    })),
  );
  await db.savedSearch.updateMany({ where: { id: { in: searches.map((search) => search.id) } }, data: { lastRunAt: now } });
  const seen = new Set<string>();
  const offerOf = item.ref.entityType === "offer" ? ` (${item.organisationName})` : "";
  return matched.flatMap((search): Delivery[] => {
    if (seen.has(search.user.id)) return [];
    seen.add(search.user.id);
    // One mail per person, naming every search of theirs it matches: stopping one of them (the
    // mail's one-click link) does not stop the others, and the mail says so.
    const others = matched.filter((other) => other.user.id === search.user.id && other.id !== search.id);
    const also =
      others.length === 0
        ? ""
        : ` Elle correspond aussi à ${others.length === 1 ? "votre recherche" : "vos recherches"} ${others
            .map((other) => quotedName(other.name))
            .join(", ")}.`;
    return [
      {
        user: search.user,
        reason: "search",
        savedSearchId: search.id,
        subject: `${NEW_ITEM[item.ref.entityType]} : ${item.title}${offerOf}`,
        body: `« ${item.title} »${offerOf} correspond à votre recherche enregistrée ${quotedName(search.name)}.${also}`,
      },
    ];
  });
}

/**
 * For a new idea: the members of the organisations the engine would suggest to it (as « Idées qui
 * vous cherchent » would show it to them), each once, by their organisation that scores best.
 */
async function recommendationDeliveries(db: Db, item: Item, already: ReadonlySet<string>, now: Date): Promise<Delivery[]> {
  if (item.ref.entityType !== "idea" || now.getTime() - item.visibleSince.getTime() > IDEA_NEW_FOR_MS) return [];
  const memberships = await db.membership.findMany({
    where: {
      organisationId: { not: item.organisationId },
      organisation: visibleOrganisationWhere(),
      // Members who joined after the idea was published could already see it.
      createdAt: { lte: item.visibleSince },
      user: {
        ...notYetAlerted(item.ref),
        OR: [{ alertSetting: { is: null } }, { alertSetting: { is: { ideaAlerts: true } } }],
      },
    },
    select: {
      organisation: { select: { id: true, name: true, sector: true } },
      user: { select: { id: true, notificationMode: true } },
    },
  });
  const people = memberships.filter((membership) => !already.has(membership.user.id));
  if (people.length === 0) return [];
  const recommended = await recommendIdeaTo(db, item.ref.entityId, [...new Set(people.map((row) => row.organisation.id))], {
    now,
  });
  const best = new Map<string, { recipient: Recipient; organisation: string; score: number; reasons: string }>();
  for (const membership of people) {
    const recommendation = recommended.get(membership.organisation.id);
    if (!recommendation) continue;
    const current = best.get(membership.user.id);
    if (current && current.score >= recommendation.score) continue;
    best.set(membership.user.id, {
      recipient: membership.user,
      organisation: membership.organisation.name,
      score: recommendation.score,
      // Said to the partner, not to the project (« comme votre projet » was the project's side).
      reasons: reasonsForPartner(recommendation.reasons, { sector: membership.organisation.sector as SectorCode }).join(" "),
    });
  }
  return [...best.values()].map((found) => ({
    user: found.recipient,
    reason: "recommendation",
    savedSearchId: null,
    subject: `Une idée cherche des partenaires comme ${found.organisation} : ${item.title}`,
    body: `Votre structure ${found.organisation} serait suggérée comme partenaire de l'idée « ${item.title} ». ${found.reasons}`,
  }));
}

/** The alerts of one item the index just took in; returns how many people it reached. */
async function alertsFor(db: Db, meili: Meilisearch, ref: EntityRef, now: Date): Promise<number> {
  const { upserts } = await buildDocuments(db, [ref]);
  const document = upserts[0];
  // No longer public: no alert (the index drops it too).
  if (!document) return 0;
  const item = await itemFacts(db, ref, document.title, document.url);
  if (!item) return 0;
  const bySearch = await searchDeliveries(db, meili, item, document, now);
  const byRecommendation = await recommendationDeliveries(db, item, new Set(bySearch.map((delivery) => delivery.user.id)), now);
  let count = 0;
  for (const delivery of [...bySearch, ...byRecommendation]) if (await deliver(db, item, delivery)) count += 1;
  return count;
}

// ——— Runs ———

/**
 * Computes the alerts of the items queued by the sync loop, a batch at a time. Rows are claimed in
 * one statement, so two runs at the same moment never take the same row; a run that dies leaves
 * its claim, taken over after 10 minutes. Returns the items handled and the alerts recorded.
 */
export async function processAlertWork(
  db: Db,
  meili: Meilisearch,
  { now = new Date(), batchSize = 50 }: { now?: Date; batchSize?: number } = {},
): Promise<{ items: number; alerts: number }> {
  const claimable = { doneAt: null, OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - CLAIM_STALE_MS) } }] };
  const due = await db.alertWork.findMany({ where: claimable, orderBy: { id: "asc" }, take: batchSize, select: { id: true } });
  if (due.length === 0) return { items: 0, alerts: 0 };
  const claimId = randomUUID();
  await db.alertWork.updateMany({
    where: { id: { in: due.map((row) => row.id) }, ...claimable },
    data: { claimedAt: now, claimId },
  });
  const claimed = await db.alertWork.findMany({
    where: { claimId },
    orderBy: { id: "asc" },
    select: { id: true, entityType: true, entityId: true, attempts: true },
  });
  let alerts = 0;
  const handled = new Set<string>();
  for (const [position, row] of claimed.entries()) {
    const ref = { entityType: row.entityType as EntityType, entityId: row.entityId };
    try {
      // The same item queued twice in one batch is looked at once.
      const key = `${ref.entityType}-${ref.entityId}`;
      if (!handled.has(key)) alerts += await alertsFor(db, meili, ref, now);
      handled.add(key);
      await db.alertWork.update({ where: { id: row.id }, data: { doneAt: new Date() } });
    } catch (error) {
      // This row counts a failure; it and the rest of the batch are given back for the next run.
      await db.alertWork.update({
        where: { id: row.id },
        data: {
          claimedAt: null,
          claimId: null,
          attempts: row.attempts + 1,
          doneAt: row.attempts + 1 >= MAX_ATTEMPTS ? new Date() : null,
        },
      });
      const rest = claimed.slice(position + 1).map((other) => other.id);
      await db.alertWork.updateMany({ where: { id: { in: rest }, claimId }, data: { claimedAt: null, claimId: null } });
      throw error;
    }
  }
  return { items: claimed.length, alerts };
}

/** The alert mail of one notification: the item, where to manage alerts, and how to stop them. */
function alertMail(
  user: { id: string; email: string; name: string },
  notification: { subject: string; body: string; link: string },
  scope: UnsubscribeScope,
): Mail {
  const stop = unsubscribeUrl(user.id, scope);
  return {
    to: user.email,
    subject: notification.subject,
    text: [
      `Bonjour ${user.name},`,
      "",
      notification.body,
      "",
      notification.link,
      "",
      `Gérer vos alertes : ${siteOrigin()}/compte/alertes`,
      `Ne plus recevoir ces alertes, en un clic : ${stop}`,
      "",
      "L'équipe Coopérons",
    ].join("\n"),
    headers: unsubscribeHeaders(stop),
  };
}

/**
 * Mails at once the alerts of people who chose « un e-mail à chaque fois » and that are not mailed
 * yet. Each notification is claimed before its mail goes (as notifyUsers does) and given back if the
 * mail fails, so it is mailed once, here or in a digest, never both.
 */
export async function sendDueAlerts(db: Db, send: Send, now = new Date()): Promise<number> {
  const due = await db.alertDelivery.findMany({
    where: { notification: { is: { mailedAt: null } }, user: { notificationMode: "immediate" } },
    orderBy: { createdAt: "asc" },
    take: 500,
    select: {
      reason: true,
      savedSearchId: true,
      notification: { select: { id: true, subject: true, body: true, link: true } },
      user: { select: { id: true, email: true, name: true } },
    },
  });
  let sent = 0;
  for (const alert of due) {
    const notification = alert.notification!;
    const { count } = await db.notification.updateMany({
      where: { id: notification.id, mailedAt: null },
      data: { mailedAt: now },
    });
    if (count === 0) continue;
    const scope: UnsubscribeScope =
      alert.reason === "recommendation"
        ? { kind: "ideas" }
        : alert.savedSearchId
          ? { kind: "search", savedSearchId: alert.savedSearchId }
          : { kind: "all" };
    // An address the relay refuses: left for the next run, the others' alerts go on.
    if ((await sendClaimed(db, [notification.id], now, () => send(alertMail(alert.user, notification, scope)))) === "refused")
      continue;
    sent += 1;
  }
  return sent;
}

/**
 * For the daily digest: when some of these notifications are alerts, the line that stops every
 * alert and the headers that let mail clients do it; null otherwise.
 */
export async function digestUnsubscribe(
  db: Db,
  userId: string,
  notificationIds: string[],
): Promise<{ line: string; headers: Record<string, string> } | null> {
  const alerts = await db.alertDelivery.count({ where: { userId, notificationId: { in: notificationIds } } });
  if (alerts === 0) return null;
  const url = unsubscribeUrl(userId, { kind: "all" });
  return { line: `Ne plus recevoir d'alertes, en un clic : ${url}`, headers: unsubscribeHeaders(url) };
}

/**
 * What a scheduler runs (`npm run -s alerts:run`) and the sync loop after each indexed batch: the
 * alerts of every queued item, then the mails due at once. Safe to run twice at the same time.
 */
export async function runAlerts(
  db: Db,
  meili: Meilisearch,
  send: Send,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ items: number; alerts: number; mailed: number }> {
  let items = 0;
  let alerts = 0;
  for (;;) {
    const batch = await processAlertWork(db, meili, { now });
    if (batch.items === 0) break;
    items += batch.items;
    alerts += batch.alerts;
  }
  const mailed = await sendDueAlerts(db, send, now);
  // Done work is kept a week (to look into a report of a missed alert), then dropped.
  await db.alertWork.deleteMany({ where: { doneAt: { lt: new Date(now.getTime() - DONE_KEPT_MS) } } });
  return { items, alerts, mailed };
}
