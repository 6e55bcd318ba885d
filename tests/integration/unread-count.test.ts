// The header's count of unread items (countUnread, one statement) against the per-structure counts of
// « Mon espace » (countUnreadIn, through the client): the same items, on both databases.
import { beforeAll, describe, expect, it } from "vitest";
import { countUnread, countUnreadIn } from "~/models/interest.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";

const db = () => getDb();

describe("unread items in the header", () => {
  let person: Actor;
  let mine: { id: string }[];

  beforeAll(async () => {
    person = await createActor();
    const stranger = await createActor();
    // The person administers one structure and edits another; a third is someone else's.
    const first = await createOrganisationFor(person);
    const second = await createOrganisationFor(stranger, { editors: [person] });
    const other = await createOrganisationFor(stranger);
    mine = [first, second];
    const firstIdea = await createPublishedIdeaFor(first.id);
    const otherIdea = await createPublishedIdeaFor(other.id);
    const now = new Date();
    const interest = (ideaId: string, organisationId: string, extra: object = {}) =>
      db().interest.create({ data: { ideaId, organisationId, message: "Nous pouvons aider.", resources: "locaux", ...extra } });
    // Received by the person's structure: one unread, one read.
    await interest(firstIdea.id, other.id);
    await interest(firstIdea.id, second.id, { readByIdeaAt: now });
    // Sent by the person's structures: an answer unread, an answer read, one not answered yet.
    await interest(otherIdea.id, second.id, { status: "accepted", decidedAt: now });
    await interest(otherIdea.id, first.id, { status: "declined", decidedAt: now, readBySenderAt: now });
    // Messages and invitations: unread and read to the person's structures, unread to another.
    const message = (organisationId: string, readAt: Date | null) =>
      db().contactMessage.create({
        data: { organisationId, senderName: "Dominique", senderEmail: "dominique@exemple.org", body: "Bonjour", readAt },
      });
    await message(first.id, null);
    await message(second.id, null);
    await message(second.id, now);
    await message(other.id, null);
    const invitation = (ideaId: string, organisationId: string, senderOrganisationId: string, readAt: Date | null) =>
      db().interestInvitation.create({
        data: { ideaId, organisationId, senderOrganisationId, message: "Rejoignez-nous", readAt },
      });
    await invitation(otherIdea.id, second.id, other.id, null);
    await invitation(otherIdea.id, first.id, other.id, now);
    await invitation(firstIdea.id, other.id, first.id, null);
  });

  it("counts the unread items of every structure the person belongs to, and only those", async () => {
    // 1 interest received + 1 answer + 2 messages + 1 invitation.
    expect(await countUnread(db(), person.id)).toBe(5);
    const perStructure = await Promise.all(mine.map((organisation) => countUnreadIn(db(), [organisation.id])));
    expect(perStructure).toEqual([2, 3]);
    expect(
      await countUnreadIn(
        db(),
        mine.map((organisation) => organisation.id),
      ),
    ).toBe(5);
  });

  it("is 0 for a person in no structure", async () => {
    expect(await countUnread(db(), (await createActor()).id)).toBe(0);
  });
});
