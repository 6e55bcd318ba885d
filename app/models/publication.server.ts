// Carries out the publication lifecycle of app/domain/publication.ts for organisations, offers and
// ideas: one transaction per transition, in which the row changes, the moderation decision is
// recorded and the reindex is queued. Each model describes its item once (a `Publishable`: how
// to write its form, how to read back its pending changes with its zod schema) and calls these
// functions; no model decides on its own what an edit of a published item does.
import { stateOf, transition, type PublicationState, type PublishedType, type Transition } from "~/domain/publication";
import type { Db, Tx } from "~/utils/db.server";
import { enqueueIndex, enqueueOrganisation } from "../../search/outbox";
import { auditModeration } from "./moderation-audit.server";

type Reader = Db | Tx;

const UNREADABLE_CHANGES =
  "Les modifications en attente ne correspondent plus au formulaire (un code de l'appel a pu changer) : refusez-les avec un motif, la structure les saisira à nouveau.";

/** How the lifecycle handles one type of item. `Pending` is what waits in `pendingChanges`. */
export type Publishable<Form, Pending = Form> = {
  type: PublishedType;
  /** Stored pending changes, parsed with the item's schema; null when absent or no longer valid. */
  parsePending: (db: Reader, json: string | null) => Promise<Pending | null>;
  /** What waits once this form is queued on top of what already waited. */
  pendingWith: (existing: Pending | null, form: Form) => Pending;
  /** Writes a form onto the row (an item not online, edited in place). */
  write: (tx: Tx, id: string, form: Form) => Promise<void>;
  /** Writes approved pending changes onto the row. */
  applyPending: (tx: Tx, id: string, pending: Pending) => Promise<void>;
};

type LifecycleRow = { status: string; pendingChanges: string | null; publishedAt: Date | null };
type LifecycleData = { status?: string; pendingChanges?: string | null; moderationReason?: string | null; publishedAt?: Date };

const lifecycleSelect = { status: true, pendingChanges: true, publishedAt: true } as const;

function readRow(tx: Tx, type: PublishedType, id: string): Promise<LifecycleRow> {
  if (type === "organisation") return tx.organisation.findUniqueOrThrow({ where: { id }, select: lifecycleSelect });
  if (type === "offer") return tx.offer.findUniqueOrThrow({ where: { id }, select: lifecycleSelect });
  return tx.idea.findUniqueOrThrow({ where: { id }, select: lifecycleSelect });
}

/**
 * The SIRET an organisation's pending changes carry (`{ form: { siret } }`), kept beside them in
 * `pendingSiret` so that a SIRET waiting for the CCAS is found by an index (unclaimed-match.server.ts).
 */
function pendingSiretOf(json: string | null): string | null {
  if (!json) return null;
  const siret = (JSON.parse(json) as { form?: { siret?: unknown } }).form?.siret;
  return typeof siret === "string" && siret !== "" ? siret : null;
}

async function updateRow(tx: Tx, type: PublishedType, id: string, data: LifecycleData) {
  if (type === "organisation")
    await tx.organisation.update({
      where: { id },
      data: data.pendingChanges === undefined ? data : { ...data, pendingSiret: pendingSiretOf(data.pendingChanges) },
    });
  else if (type === "offer") await tx.offer.update({ where: { id }, data });
  else await tx.idea.update({ where: { id }, data });
}

/** Every transition queues the item for the index; an organisation brings its offers and ideas. */
export async function queueReindex(tx: Tx, type: PublishedType, id: string) {
  if (type === "organisation") await enqueueOrganisation(tx, id);
  else await enqueueIndex(tx, [{ entityType: type, entityId: id }]);
}

/** Parses stored JSON with a schema; a value that no longer parses is treated as absent. */
export function parseStored<T>(
  schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false } },
  json: string | null,
) {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export type EditOutcome = { before: PublicationState; after: PublicationState; transition: Transition };

/**
 * Saves an owner's edit by the one rule (see `transition`). `alongside` runs in the same
 * transaction unless the edit is refused: fields the owner changes without moderation; it says
 * whether it changed any. The index is told when what the public sees may have changed: a written
 * version, or a field changed alongside — not changes that only wait for the CCAS (the public keeps
 * the approved version, and nothing is pushed to search or run through the alerts for them).
 */
export async function saveEdit<Form, Pending>(
  db: Db,
  item: Publishable<Form, Pending>,
  id: string,
  form: Form,
  { complete, alongside }: { complete: boolean; alongside?: (tx: Tx) => Promise<boolean> },
): Promise<EditOutcome> {
  return db.$transaction(async (tx) => {
    const row = await readRow(tx, item.type, id);
    const before = stateOf(row);
    const result = transition(before, { type: "edit", complete });
    if (result.effect === "refuse") return { before, after: before, transition: result };
    // The row as this transaction leaves it (no other write reaches it meanwhile: it is
    // serialised), rather than read again — one round trip fewer on PostgreSQL.
    let after = row;
    if (result.effect === "queue") {
      const pending = item.pendingWith(await item.parsePending(tx, row.pendingChanges), form);
      after = { ...row, pendingChanges: JSON.stringify(pending) };
      await updateRow(tx, item.type, id, { pendingChanges: after.pendingChanges });
    } else if (result.effect === "write") {
      await item.write(tx, id, form);
      after = { ...row, status: result.status };
      await updateRow(tx, item.type, id, { status: result.status, moderationReason: null });
    }
    const changedAlongside = (await alongside?.(tx)) ?? false;
    if (result.effect === "write" || changedAlongside) await queueReindex(tx, item.type, id);
    return { before, after: stateOf(after), transition: result };
  });
}

/**
 * Queues a change that needs no completeness check (a new logo) on a published item; an item not
 * online takes it at once, without changing its status.
 */
export async function saveSideChange<Form, Pending>(
  db: Db,
  item: Publishable<Form, Pending>,
  id: string,
  change: (existing: Pending | null) => Pending,
  applyNow: (tx: Tx) => Promise<void>,
): Promise<{ queued: boolean }> {
  return db.$transaction(async (tx) => {
    const row = await readRow(tx, item.type, id);
    if (row.status !== "published") {
      await applyNow(tx);
      return { queued: false };
    }
    const pending = change(await item.parsePending(tx, row.pendingChanges));
    await updateRow(tx, item.type, id, { pendingChanges: JSON.stringify(pending) });
    return { queued: true };
  });
}

export type Decision = { action: "publish" } | { action: "reject"; reason: string } | { action: "unpublish"; reason: string };

/**
 * A decision of the CCAS (or of the platform, with no moderator, when a profile loses its last
 * admin), recorded with the change and the reindex. Returns the transition; a refused one changes
 * nothing and records nothing.
 */
export async function decideInTransaction<Form, Pending>(
  tx: Tx,
  item: Pick<Publishable<Form, Pending>, "type"> & Partial<Publishable<Form, Pending>>,
  id: string,
  decision: Decision,
  { moderatorId, recordedReason }: { moderatorId: string | null; recordedReason?: string },
): Promise<Transition> {
  const row = await readRow(tx, item.type, id);
  const result = transition(stateOf(row), { type: decision.action });
  if (result.effect === "refuse") return result;
  const reason = decision.action === "publish" ? null : decision.reason;
  if (result.effect === "publish") {
    if (!item.parsePending || !item.applyPending) throw new Error(`Publishing an ${item.type} needs its Publishable`);
    const pending = await item.parsePending(tx, row.pendingChanges);
    // Never publish the old version as if it were the change: the CCAS refuses the change instead.
    if (row.pendingChanges && !pending) return { effect: "refuse", reason: UNREADABLE_CHANGES };
    if (pending) await item.applyPending(tx, id, pending);
    await updateRow(tx, item.type, id, {
      status: "published",
      pendingChanges: null,
      moderationReason: null,
      publishedAt: row.publishedAt ?? new Date(),
    });
  } else if (result.effect === "drop-changes") {
    await updateRow(tx, item.type, id, { pendingChanges: null, moderationReason: reason });
  } else if (result.effect === "set") {
    await updateRow(tx, item.type, id, { status: result.status, pendingChanges: null, moderationReason: reason });
  }
  await tx.moderationDecision.create({
    data: {
      entityType: item.type,
      entityId: id,
      action: decision.action,
      reason: recordedReason ?? reason,
      moderatorId,
    },
  });
  await auditModeration(tx, {
    moderatorId,
    type: item.type,
    id,
    what:
      decision.action === "publish"
        ? row.pendingChanges && row.status === "published"
          ? "publish-changes"
          : "publish"
        : result.effect === "drop-changes"
          ? "reject-changes"
          : decision.action,
    reason: recordedReason ?? reason,
  });
  await queueReindex(tx, item.type, id);
  return result;
}

export function decide<Form, Pending>(
  db: Db,
  item: Publishable<Form, Pending>,
  id: string,
  decision: Decision,
  moderatorId: string | null,
): Promise<Transition> {
  return db.$transaction((tx) => decideInTransaction(tx, item, id, decision, { moderatorId }));
}
