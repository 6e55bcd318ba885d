// The publication lifecycle, one table for the three types: every state × every action, carried
// out by the real model functions against the database, checking what the owner, the CCAS, the
// public and the search index would see afterwards.
import { describe, expect, it } from "vitest";
import type { PublicationState } from "~/domain/publication";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getModerationQueue } from "~/models/moderation.server";
import {
  createIdea,
  ideaPublication,
  publishIdea,
  rejectIdea,
  setIdeaStage,
  StageRefused,
  updateIdea,
} from "~/models/idea.server";
import { createOffer, offerPublication, publishOffer, rejectOffer, updateOffer } from "~/models/offer.server";
import {
  getOrganisationForEdit,
  organisationPublication,
  publishOrganisation,
  rejectOrganisation,
  updateOrganisation,
} from "~/models/organisation.server";
import { decide, type Publishable } from "~/models/publication.server";
import type { IdeaInput } from "~/domain/schemas/idea";
import type { OfferInput } from "~/domain/schemas/offer";
import { getDb } from "~/utils/db.server";
import { buildDocuments, type EntityType } from "../../search/documents";
import { action } from "~/routes/ccas.moderation";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { actionArgs, formRequest, run } from "../helpers/requests";

const db = () => getDb();

type Action = "edit" | "edit-incomplete" | "publish" | "reject" | "unpublish";
const ACTIONS: Action[] = ["edit", "edit-incomplete", "publish", "reject", "unpublish"];
const STATES: PublicationState[] = ["draft", "pending", "published", "changes-pending", "rejected", "unpublished"];

// What each action leads to, from each state. The same for organisations, offers and ideas.
const EXPECTED: Record<PublicationState, Record<Action, PublicationState>> = {
  draft: { edit: "pending", "edit-incomplete": "draft", publish: "draft", reject: "draft", unpublish: "draft" },
  pending: { edit: "pending", "edit-incomplete": "draft", publish: "published", reject: "rejected", unpublish: "unpublished" },
  published: {
    edit: "changes-pending",
    "edit-incomplete": "published",
    publish: "published",
    reject: "published",
    unpublish: "unpublished",
  },
  "changes-pending": {
    edit: "changes-pending",
    "edit-incomplete": "changes-pending",
    publish: "published",
    reject: "published",
    unpublish: "unpublished",
  },
  rejected: { edit: "pending", "edit-incomplete": "draft", publish: "rejected", reject: "rejected", unpublish: "rejected" },
  unpublished: {
    edit: "pending",
    "edit-incomplete": "draft",
    publish: "unpublished",
    reject: "unpublished",
    unpublish: "unpublished",
  },
};

/** Actions that change nothing (refused) leave no decision and no reindex behind. */
const REFUSED = new Set(
  STATES.flatMap((state) =>
    ACTIONS.filter((action) => {
      const after = EXPECTED[state][action];
      if (action === "edit-incomplete") return state === "published" || state === "changes-pending";
      if (action === "edit") return false;
      return after === state && !(state === "changes-pending" && action === "reject");
    }).map((action) => `${state}:${action}`),
  ),
);

type Row = { status: string; pendingChanges: string | null; title: string };

type Subject = {
  type: EntityType;
  /** Creates one item in the "pending" state and returns its id. */
  create: (organisationId: string, title: string) => Promise<string>;
  edit: (id: string, title: string, complete: boolean) => Promise<unknown>;
  publish: (id: string, moderatorId: string) => Promise<unknown>;
  reject: (id: string, moderatorId: string) => Promise<unknown>;
  item: Publishable<never, unknown>;
  read: (id: string) => Promise<Row>;
};

const OFFER: OfferInput = {
  resource: "locaux",
  title: "Salle du samedi",
  description: "Une salle de 40 m² au rez-de-chaussée.",
  availability: "Le samedi matin",
  slots: ["weekends"],
  conditions: "free",
};

async function ideaInput(title: string, complete: boolean): Promise<IdeaInput> {
  return {
    title,
    summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
    description: "Avec un bailleur et une pharmacie.",
    subAxes: [(await getCurrentCallSubAxes(db())).subAxes[0]!.code],
    addressesIsolation: true,
    addressesPrecarity: complete,
    targetPublic: "Locataires isolés",
    tags: [],
    wholeCity: true,
    quartiers: [],
    sectorsSought: [],
    resourcesSought: [],
    stage: "looking-for-partners",
  };
}

const SUBJECTS: Subject[] = [
  {
    type: "organisation",
    create: async (organisationId, title) => {
      await db().organisation.update({ where: { id: organisationId }, data: { name: title } });
      return organisationId;
    },
    edit: async (id, title, complete) => {
      const { form } = (await getOrganisationForEdit(db(), id))!;
      const { callId } = await getCurrentCallSubAxes(db());
      return updateOrganisation(db(), {
        organisationId: id,
        callId,
        input: { ...form, name: title, wholeCity: true, rna: complete ? "W443001234" : undefined, siret: undefined },
      });
    },
    publish: async (id, moderatorId) => {
      const { callId } = await getCurrentCallSubAxes(db());
      return publishOrganisation(db(), { organisationId: id, moderatorId, callId });
    },
    reject: (id, moderatorId) => rejectOrganisation(db(), { organisationId: id, moderatorId, reason: "Incomplet." }),
    item: organisationPublication() as unknown as Publishable<never, unknown>,
    read: async (id) => {
      const row = await db().organisation.findUniqueOrThrow({
        where: { id },
        select: { status: true, pendingChanges: true, name: true },
      });
      return { status: row.status, pendingChanges: row.pendingChanges, title: row.name };
    },
  },
  {
    type: "offer",
    create: async (organisationId, title) => (await createOffer(db(), organisationId, { ...OFFER, title })).id,
    // An offer's form is all it needs: an "incomplete" offer cannot be submitted, so it is
    // checked as a complete edit that the schema would have refused before reaching the model.
    edit: (id, title) => updateOffer(db(), id, { ...OFFER, title }),
    publish: (offerId, moderatorId) => publishOffer(db(), { offerId, moderatorId }),
    reject: (offerId, moderatorId) => rejectOffer(db(), { offerId, moderatorId, reason: "Incomplet." }),
    item: offerPublication as unknown as Publishable<never, unknown>,
    read: (id) => db().offer.findUniqueOrThrow({ where: { id }, select: { status: true, pendingChanges: true, title: true } }),
  },
  {
    type: "idea",
    create: async (organisationId, title) => {
      const { callId } = await getCurrentCallSubAxes(db());
      return (await createIdea(db(), { organisationId, callId, input: await ideaInput(title, true) })).id;
    },
    edit: async (id, title, complete) => updateIdea(db(), id, await ideaInput(title, complete)),
    publish: (ideaId, moderatorId) => publishIdea(db(), { ideaId, moderatorId }),
    reject: (ideaId, moderatorId) => rejectIdea(db(), { ideaId, moderatorId, reason: "Incomplet." }),
    item: ideaPublication as unknown as Publishable<never, unknown>,
    read: (id) => db().idea.findUniqueOrThrow({ where: { id }, select: { status: true, pendingChanges: true, title: true } }),
  },
];

const stateOfRow = (row: Row): PublicationState =>
  row.status === "published" && row.pendingChanges ? "changes-pending" : (row.status as PublicationState);

/** An item of `subject` brought into `state` through the lifecycle itself (or, for a draft, its owner's edit). */
async function itemIn(subject: Subject, state: PublicationState, moderatorId: string) {
  const admin = await createActor();
  const organisation = await createOrganisationFor(admin, { status: subject.type === "organisation" ? "pending" : "published" });
  const id = await subject.create(organisation.id, "Version approuvée");
  const publish = () => subject.publish(id, moderatorId);
  // An offer is never incomplete, so never a draft in practice; the lifecycle still treats one alike.
  if (state === "draft" && subject.type === "offer") await db().offer.update({ where: { id }, data: { status: "draft" } });
  else if (state === "draft") await subject.edit(id, "Version approuvée", false);
  if (state === "published" || state === "changes-pending" || state === "unpublished") await publish();
  if (state === "changes-pending") await subject.edit(id, "Version modifiée", true);
  if (state === "rejected") await subject.reject(id, moderatorId);
  if (state === "unpublished") await decide(db(), subject.item, id, { action: "unpublish", reason: "Signalé." }, moderatorId);
  expect(stateOfRow(await subject.read(id))).toBe(state);
  return id;
}

async function act(subject: Subject, action: Action, id: string, moderatorId: string) {
  if (action === "edit") return subject.edit(id, "Nouvelle version", true);
  if (action === "edit-incomplete") return subject.edit(id, "Nouvelle version", subject.type === "offer");
  if (action === "publish") return subject.publish(id, moderatorId);
  if (action === "reject") return subject.reject(id, moderatorId);
  return decide(db(), subject.item, id, { action: "unpublish", reason: "Signalé." }, moderatorId);
}

describe("the publication lifecycle, the same for organisations, offers and ideas", () => {
  for (const subject of SUBJECTS) {
    for (const state of STATES) {
      it(`${subject.type}: from « ${state} », each action leads where the table says`, async () => {
        const ccas = await createActor({ ccas: true });
        for (const action of ACTIONS) {
          if (subject.type === "offer" && action === "edit-incomplete") continue;
          const id = await itemIn(subject, state, ccas.id);
          const [outboxBefore, decisionsBefore] = await Promise.all([
            db().searchOutbox.count({ where: { entityId: id } }),
            db().moderationDecision.count({ where: { entityId: id } }),
          ]);
          await act(subject, action, id, ccas.id);
          const row = await subject.read(id);
          const after = stateOfRow(row);
          const where = `${subject.type} ${state} → ${action}`;
          expect(after, where).toBe(EXPECTED[state][action]);

          // What the public (and so the index) sees: the approved version while changes wait.
          const { upserts } = await buildDocuments(db(), [{ entityType: subject.type, entityId: id }]);
          const visible = after === "published" || after === "changes-pending";
          expect(upserts.length, `${where}: visible`).toBe(visible ? 1 : 0);
          if (visible) {
            const approvedTitle =
              (state === "pending" || state === "changes-pending") && action === "publish"
                ? state === "pending"
                  ? "Version approuvée"
                  : "Version modifiée"
                : "Version approuvée";
            expect(upserts[0]!.title, `${where}: public title`).toBe(approvedTitle);
          }

          // Every transition that may change what the public sees queues a reindex: not a refused
          // one (it changes and records nothing), nor changes that only wait for the CCAS.
          const refused = REFUSED.has(`${state}:${action}`);
          const waitsOnly = after === "changes-pending" && action.startsWith("edit");
          const outboxAfter = await db().searchOutbox.count({ where: { entityId: id } });
          expect(outboxAfter > outboxBefore, `${where}: reindex queued`).toBe(!refused && !waitsOnly);
          if (action === "publish" || action === "reject" || action === "unpublish") {
            const decisionsAfter = await db().moderationDecision.count({ where: { entityId: id } });
            expect(decisionsAfter - decisionsBefore, `${where}: decision recorded`).toBe(refused ? 0 : 1);
          }
        }
      });
    }
  }
});

describe("the CCAS's queue says what an edit changes", () => {
  for (const subject of SUBJECTS) {
    it(`${subject.type}: the changed fields only, by their names`, async () => {
      const ccas = await createActor({ ccas: true });
      const id = await itemIn(subject, "changes-pending", ccas.id);
      const queue = await getModerationQueue(db());
      const items = subject.type === "organisation" ? queue.organisations : subject.type === "offer" ? queue.offers : queue.ideas;
      const title = { before: "Version approuvée", after: "Version modifiée" };
      expect(items.find((item) => item.id === id)).toMatchObject({
        kind: "changes",
        // The organisation's edit of this table also makes it act on the whole city.
        changes:
          subject.type === "organisation"
            ? [
                { name: "Nom de la structure", ...title },
                { name: "Toute la ville", before: "non", after: "oui" },
              ]
            : [{ name: subject.type === "idea" ? "Titre du projet" : "Titre", ...title }],
      });
    });

    it(`${subject.type}: changes that no longer read as the form are said so, not shown as a new item, and cannot be published`, async () => {
      const ccas = await createActor({ ccas: true });
      const id = await itemIn(subject, "published", ccas.id);
      const table = subject.type === "organisation" ? db().organisation : subject.type === "offer" ? db().offer : db().idea;
      const unreadable = subject.type === "organisation" ? '{"form":{"name":1}}' : '{"title":1}';
      await (table.update as (args: object) => Promise<unknown>)({ where: { id }, data: { pendingChanges: unreadable } });
      const queue = await getModerationQueue(db());
      const items = subject.type === "organisation" ? queue.organisations : subject.type === "offer" ? queue.offers : queue.ideas;
      expect(items.find((item) => item.id === id)).toMatchObject({ kind: "unreadable", changes: [] });
      const published = await run(() =>
        action(
          actionArgs(formRequest("/ccas/moderation", { intent: "publish", entityType: subject.type, entityId: id }, ccas.cookie)),
        ),
      );
      expect(published.status).toBe(409);
      expect(
        await (table.findUnique as (args: object) => Promise<{ pendingChanges: string | null }>)({ where: { id } }),
      ).toMatchObject({
        pendingChanges: unreadable,
      });
    });
  }
});

describe("an idea's stage, moved with an edit of the published idea", () => {
  it("reaches the public and the index at once, while the other changes wait; an unchanged stage queues nothing", async () => {
    const ccas = await createActor({ ccas: true });
    const idea = SUBJECTS.find((subject) => subject.type === "idea")!;
    const id = await itemIn(idea, "published", ccas.id);
    const outbox = () => db().searchOutbox.count({ where: { entityId: id } });
    const before = await outbox();

    await updateIdea(db(), id, { ...(await ideaInput("Nouveau titre", true)), stage: "looking-for-partners" });
    expect(await outbox()).toBe(before);

    await updateIdea(db(), id, { ...(await ideaInput("Nouveau titre", true)), stage: "groupement-formed" });
    expect(await outbox()).toBe(before + 1);
    const { upserts } = await buildDocuments(db(), [{ entityType: "idea", entityId: id }]);
    expect(upserts[0]).toMatchObject({ title: "Version approuvée" });
    expect(await db().idea.findUniqueOrThrow({ where: { id }, select: { stage: true } })).toEqual({ stage: "groupement-formed" });
  });

  it("is refused by the model itself, whatever calls it: the whole edit, nothing written or queued", async () => {
    const ccas = await createActor({ ccas: true });
    const idea = SUBJECTS.find((subject) => subject.type === "idea")!;
    const id = await itemIn(idea, "published", ccas.id);
    const outbox = () => db().searchOutbox.count({ where: { entityId: id } });
    const before = { row: await db().idea.findUniqueOrThrow({ where: { id } }), queued: await outbox() };

    const laureate = { ...(await ideaInput("Lauréat d'office", true)), stage: "laureate" as const };
    await expect(updateIdea(db(), id, laureate)).rejects.toThrow(/^« Lauréat » : seul le CCAS désigne les lauréats/);
    await expect(updateIdea(db(), id, laureate)).rejects.toBeInstanceOf(StageRefused);
    await expect(setIdeaStage(db(), id, "applied")).rejects.toThrow(/^« Candidature déposée » : formez d'abord le groupement/);
    const { organisationId, callId } = before.row;
    await expect(createIdea(db(), { organisationId, callId, input: laureate })).rejects.toBeInstanceOf(StageRefused);
    expect(await db().idea.findUniqueOrThrow({ where: { id } })).toEqual(before.row);
    expect(await outbox()).toBe(before.queued);
    expect(await db().idea.count({ where: { title: "Lauréat d'office" } })).toBe(0);
  });
});

describe("a decision that no longer applies", () => {
  it("is refused with a message when two CCAS staff publish the same item", async () => {
    const [admin, first, second] = await Promise.all([createActor(), createActor({ ccas: true }), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin, { status: "pending" });
    const publish = (cookie: string) =>
      run(() =>
        action(
          actionArgs(
            formRequest("/ccas/moderation", { intent: "publish", entityType: "organisation", entityId: organisation.id }, cookie),
          ),
        ),
      );
    expect(await publish(first.cookie)).toMatchObject({
      status: 200,
      data: { notice: "Publié. Ses administrateurs en sont informés, selon leur choix de notification." },
    });
    expect(await publish(second.cookie)).toMatchObject({
      status: 409,
      data: { error: "Cet élément n'attend pas de décision du CCAS." },
    });
    expect(await db().moderationDecision.count({ where: { entityId: organisation.id, action: "publish" } })).toBe(1);
  });
});
