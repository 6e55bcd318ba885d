// What is public, seen from every place that shows it: the map, the search index, /recherche and
// /api/search. Each test here reproduces a bug where one place disagreed with the others.
import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getIrisCoverage, getMapPoints } from "~/models/coverage.server";
import { createIdea, publishIdea, updateIdea } from "~/models/idea.server";
import { createOffer, publishOffer } from "~/models/offer.server";
import type { IdeaInput } from "~/domain/schemas/idea";
import { loader as apiLoader } from "~/routes/api.search";
import { loader as searchLoader } from "~/routes/recherche";
import { getDb } from "~/utils/db.server";
import { getSearchClient } from "~/utils/search.server";
import { enqueueExpiredOffers } from "../../search/outbox";
import { INDEX_NAME } from "../../search/settings";
import { ensureIndex, processOutbox } from "../../search/sync";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { getRequest, loaderArgsFor } from "../helpers/requests";

const db = () => getDb();
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  await ensureIndex(db(), getSearchClient()!);
});

/** Pushes the whole outbox to Meilisearch, as the sync loop does. */
async function drainOutbox() {
  while ((await processOutbox(db(), getSearchClient()!)) > 0);
}

async function indexed(type: string, id: string) {
  const result = await getSearchClient()!
    .index(INDEX_NAME)
    .search("", { filter: [`type = "${type}"`], limit: 1000 });
  return result.hits.some((hit) => hit.entityId === id);
}

async function apiTitles(q: string) {
  const response = await apiLoader(loaderArgsFor(getRequest(`/api/search?q=${encodeURIComponent(q)}`)));
  return ((await response.json()) as { hits: { title: string }[] }).hits.map((hit) => hit.title);
}

async function pageTitles(q: string) {
  const page = await searchLoader(loaderArgsFor(getRequest(`/recherche?q=${encodeURIComponent(q)}`)));
  return page.result.hits.map((hit) => hit.title);
}

/** A published offer in the Centre-ville (a point on the map), valid until `validUntil`. */
async function publishedOffer(title: string, validUntil: Date | undefined) {
  const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const organisation = await createOrganisationFor(admin);
  const offer = await createOffer(db(), organisation.id, {
    resource: "locaux",
    title,
    description: "Une salle au rez-de-chaussée.",
    availability: "Le samedi",
    slots: [],
    conditions: "free",
    latitude: 47.2139,
    longitude: -1.5566,
    validUntil,
  });
  await publishOffer(db(), { offerId: offer.id, moderatorId: ccas.id });
  return offer.id;
}

describe("an offer whose validity has ended", () => {
  it("is on the map while valid, and leaves the points and the IRIS counts once expired", async () => {
    const valid = await publishedOffer("Salle encore valable", new Date(Date.now() + 10 * DAY));
    await publishedOffer("Salle périmée", new Date(Date.now() - 2 * DAY));
    const titles = (await getMapPoints(db(), { type: ["offer"] })).map((point) => point.title);
    expect(titles).toContain("Salle encore valable");
    expect(titles).not.toContain("Salle périmée");

    const offersByIris = async () =>
      (await getIrisCoverage(db(), { type: ["offer"] })).reduce((sum, iris) => sum + iris.supply.offers, 0);
    const before = await offersByIris();
    await db().offer.update({ where: { id: valid }, data: { validUntil: new Date(Date.now() - 2 * DAY) } });
    expect(await offersByIris()).toBe(before - 1);
  });

  it("is valid through the day it names, and gone the day after", async () => {
    const today = new Date();
    const midnight = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
    await publishedOffer("Salle du dernier jour", midnight);
    await publishedOffer("Salle d'hier", new Date(midnight.getTime() - DAY));
    const titles = (await getMapPoints(db(), { type: ["offer"] })).map((point) => point.title);
    expect(titles).toContain("Salle du dernier jour");
    expect(titles).not.toContain("Salle d'hier");
  });

  it("disappears from /recherche and /api/search at once, and from the index through the outbox", async () => {
    const id = await publishedOffer("Salle Quetzalcoatl", new Date(Date.now() + 10 * DAY));
    await drainOutbox();
    expect(await indexed("offer", id)).toBe(true);
    expect(await pageTitles("quetzalcoatl")).toEqual(["Salle Quetzalcoatl"]);

    // Time passes: the validity ends without any write, so nothing is in the outbox yet.
    await db().offer.update({ where: { id }, data: { validUntil: new Date(Date.now() - 2 * DAY) } });
    await db().searchOutbox.updateMany({ where: { doneAt: null }, data: { doneAt: new Date() } });
    expect(await indexed("offer", id)).toBe(true);
    // The pages re-check the database, as /annuaire does.
    expect(await pageTitles("quetzalcoatl")).toEqual([]);
    expect(await apiTitles("quetzalcoatl")).toEqual([]);

    // The sync loop's expiry check (last run three days ago) queues it, and the index forgets it.
    await db().appState.upsert({
      where: { key: "offerExpiryCheckedUntil" },
      create: { key: "offerExpiryCheckedUntil", value: new Date(Date.now() - 3 * DAY).toISOString() },
      update: { value: new Date(Date.now() - 3 * DAY).toISOString() },
    });
    expect(await enqueueExpiredOffers(db())).toBeGreaterThanOrEqual(1);
    expect(await enqueueExpiredOffers(db())).toBe(0);
    await drainOutbox();
    expect(await indexed("offer", id)).toBe(false);
  });
});

describe("a published idea whose owner moves its stage in the edit form", () => {
  it("shows the new stage in search, while the text change waits for the CCAS", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin);
    const input: IdeaInput = {
      title: "Idée Xylophone",
      summary: "Un résumé.",
      description: "Une description.",
      subAxes: [(await getCurrentCallSubAxes(db())).subAxes[0]!.code],
      addressesIsolation: true,
      addressesPrecarity: true,
      targetPublic: "Voisins",
      tags: [],
      wholeCity: true,
      quartiers: [],
      sectorsSought: [],
      resourcesSought: [],
      stage: "looking-for-partners",
    };
    const { id } = await createIdea(db(), {
      organisationId: organisation.id,
      callId: (await getCurrentCallSubAxes(db())).callId,
      input,
    });
    await publishIdea(db(), { ideaId: id, moderatorId: ccas.id });
    await drainOutbox();

    await updateIdea(db(), id, { ...input, title: "Idée Xylophone modifiée", stage: "groupement-formed" });
    await drainOutbox();
    const result = await getSearchClient()!
      .index(INDEX_NAME)
      .search("xylophone", { filter: ['type = "idea"'] });
    expect(result.hits.map((hit) => [hit.title, hit.status])).toEqual([["Idée Xylophone", "groupement-formed"]]);
  });
});
