// The map's coverage and the dashboard's totals are kept a short while (figures-cache.server.ts):
// a person who publishes something sees it counted on the next view, and a write that leaves no
// trace (a quartier row written apart from its structure) is counted within the stated age.
import { afterEach, describe, expect, it, vi } from "vitest";
import { getCoverageData } from "~/models/coverage.server";
import { getDashboard } from "~/models/dashboard.server";
import { FIGURES_MAX_AGE_MS } from "~/models/figures-cache.server";
import { getIdeaForEdit, setIdeaStage, updateIdea } from "~/models/idea.server";
import { createOffer, publishOffer } from "~/models/offer.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "../helpers/actors";

const localOffers = async () => {
  const { quartiers, supplyOf } = await getCoverageData(getDb(), { type: ["offer"] });
  return new Map(quartiers.map((quartier) => [quartier.slug, supplyOf(quartier.slug).offers]));
};

afterEach(() => {
  vi.useRealTimers();
});

describe("figures kept a short while", () => {
  it("counts an offer on the map as soon as the CCAS publishes it", async () => {
    const db = getDb();
    const ccas = await createActor({ ccas: true });
    const organisation = await db.organisation.findFirstOrThrow({ where: { status: "published" } });
    const before = await localOffers();
    expect(await localOffers()).toEqual(before);

    const offer = await createOffer(db, organisation.id, {
      resource: "locaux",
      title: "Salle du mardi",
      description: "Une salle prêtée le mardi.",
      availability: "Le mardi",
      slots: [],
      conditions: "free",
      quartier: "nantes-nord",
    });
    // Waiting for the CCAS: not public, not counted.
    expect(await localOffers()).toEqual(before);
    await publishOffer(db, { offerId: offer.id, moderatorId: ccas.id });
    const after = await localOffers();
    expect(after.get("nantes-nord")).toBe(before.get("nantes-nord")! + 1);
  });

  it("counts a structure on the dashboard as soon as it is published", async () => {
    const before = await getDashboard(getDb());
    await createOrganisationFor(await createActor());
    const after = await getDashboard(getDb());
    expect(after.organisations.total).toBe(before.organisations.total + 1);
    expect(after.weeks.at(-1)!.organisations).toBe(before.weeks.at(-1)!.organisations + 1);
  });

  it("an idea's published change recounts the ideas only, an edit waiting for the CCAS none; a structure written recounts the structures", async () => {
    const db = getDb();
    const centre = async () => (await getCoverageData(db, {})).supplyOf("centre-ville");
    const before = await centre();
    // Writes that leave no trace: what a recount would see.
    const centreId = (await db.quartier.findUniqueOrThrow({ where: { slug: "centre-ville" } })).id;
    const organisation = await db.organisation.findFirstOrThrow({
      where: { status: "published", wholeCity: false, quartiers: { none: { quartierId: centreId } } },
    });
    await db.organisationQuartier.create({ data: { organisationId: organisation.id, quartierId: centreId } });
    const idea = await db.idea.findFirstOrThrow({
      where: { status: "published", wholeCity: false, codes: { none: { kind: "quartier", code: "centre-ville" } } },
    });
    await db.ideaCode.create({ data: { ideaId: idea.id, kind: "quartier", code: "centre-ville" } });
    expect(await centre()).toEqual(before);

    // An idea's edit that waits for the CCAS (most of a call's writes): nothing published moved,
    // the ideas stay kept (they were counted again after each one: 6–9 ms at 50,000 structures).
    const other = await db.idea.findFirstOrThrow({ where: { id: { not: idea.id }, status: "published" } });
    const { form } = (await getIdeaForEdit(db, other.id))!;
    const saved = await updateIdea(db, other.id, { ...form, description: `${form.description} (modifiée)` });
    expect(saved.after).toBe("changes-pending");
    expect(await centre()).toEqual(before);

    // A change of what is published (queued for the search index): the ideas are counted again, the structures kept.
    await setIdeaStage(db, other.id, other.stage === "archived" ? "looking-for-partners" : "archived");
    const afterIdea = await centre();
    expect(afterIdea.ideas).toBe(before.ideas + 1);
    expect(afterIdea.organisations).toBe(before.organisations);

    // A structure written: the structures are counted again.
    await db.organisation.update({ where: { id: organisation.id }, data: { shortDescription: "Présentation mise à jour" } });
    const afterStructure = await centre();
    expect(afterStructure.organisations).toBe(before.organisations + 1);
  });

  it("counts a write that leaves no trace at the latest once the kept figures are too old", async () => {
    const db = getDb();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const count = async () => (await getCoverageData(db, { type: ["organisation"] })).supplyOf("centre-ville").organisations;
    const before = await count();
    // A quartier row written apart: the structure's own row is not touched.
    const centre = await db.quartier.findUniqueOrThrow({ where: { slug: "centre-ville" } });
    const organisation = await db.organisation.findFirstOrThrow({
      where: { status: "published", wholeCity: false, quartiers: { none: { quartierId: centre.id } } },
    });
    await db.organisationQuartier.create({ data: { organisationId: organisation.id, quartierId: centre.id } });
    expect(await count()).toBe(before);
    vi.setSystemTime(Date.now() + FIGURES_MAX_AGE_MS);
    expect(await count()).toBe(before + 1);
  });
});
