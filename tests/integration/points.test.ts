// Points on the forms' map: a point outside Nantes is refused by the server (the box around the
// city lets Saint-Herblain through; the quartiers' outlines do not), the quartier follows the
// point, and the points saved before this was so are listed for the CCAS to fix (/ccas/points).
import { beforeEach, describe, expect, it } from "vitest";
import { OUTSIDE_NANTES_MESSAGE } from "~/domain/geo";
import { action as pointsAction, loader as pointsLoader } from "~/routes/ccas.points";
import { action as editAction } from "~/routes/espace.organisations.$id._index";
import { action as offerAction } from "~/routes/espace.organisations.$id.offres.$offerId";
import { action as newOfferAction } from "~/routes/espace.organisations.$id.offres.nouvelle";
import { action as createAction } from "~/routes/espace.organisations.nouvelle";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

beforeEach(() => resetRateLimits());
const db = () => getDb();

// Inside the box the schema checks (47.15–47.32 N, 1.66–1.46 W), outside every quartier.
const SAINT_HERBLAIN = { latitude: "47.2200", longitude: "-1.6300" };
const REZE = { latitude: "47.1900", longitude: "-1.5500" };
// Place Royale, Centre-ville; Boulevard Jean Ingres, Nantes Nord.
const CENTRE_VILLE = { latitude: "47.2152", longitude: "-1.5590" };
const NANTES_NORD = { latitude: "47.2560", longitude: "-1.5640" };

const ORGANISATION = {
  name: "Atlantique Conseil",
  shortDescription: "Une salle de réunion prêtée le samedi aux associations du quartier.",
  sector: "economique",
  kind: "entreprise",
  wholeCity: "on",
};

const OFFER = {
  resource: "locaux",
  title: "Salle de réunion le samedi",
  description: "Une salle de 30 m² au premier étage, avec ascenseur.",
  availability: "Le samedi de 9 h à 12 h",
  conditions: "free",
};

type Reply = { result?: { error?: Record<string, string[] | null> } };
const latitudeErrors = (data: unknown) => (data as Reply).result?.error?.latitude ?? [];

describe("a point outside Nantes", () => {
  it("is refused by the server when a structure is created or edited, with the form's message", async () => {
    const actor = await createActor();
    const created = await run(() =>
      createAction(
        actionArgs(formRequest("/espace/organisations/nouvelle", { ...ORGANISATION, ...SAINT_HERBLAIN }, actor.cookie)),
      ),
    );
    expect(created.status).toBe(400);
    expect(latitudeErrors(created.data)).toEqual([OUTSIDE_NANTES_MESSAGE]);
    expect(await db().organisation.count({ where: { name: ORGANISATION.name } })).toBe(0);

    const organisation = await createOrganisationFor(actor);
    const edited = await run(() =>
      editAction(
        actionArgs(
          formRequest(`/espace/organisations/${organisation.id}`, { intent: "save", ...ORGANISATION, ...REZE }, actor.cookie),
          { id: organisation.id },
        ),
      ),
    );
    expect(edited.status).toBe(400);
    expect(latitudeErrors(edited.data)).toEqual([OUTSIDE_NANTES_MESSAGE]);
  });

  it("is refused for an offer too, new or edited", async () => {
    const actor = await createActor();
    const organisation = await createOrganisationFor(actor);
    const created = await run(() =>
      newOfferAction(
        actionArgs(
          formRequest(`/espace/organisations/${organisation.id}/offres/nouvelle`, { ...OFFER, ...SAINT_HERBLAIN }, actor.cookie),
          { id: organisation.id },
        ),
      ),
    );
    expect(created.status).toBe(400);
    expect(latitudeErrors(created.data)).toEqual([OUTSIDE_NANTES_MESSAGE]);

    const offer = await db().offer.create({ data: { organisationId: organisation.id, ...OFFER, status: "draft" } });
    const edited = await run(() =>
      offerAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${organisation.id}/offres/${offer.id}`,
            { intent: "save", ...OFFER, ...REZE },
            actor.cookie,
          ),
          { id: organisation.id, offerId: offer.id },
        ),
      ),
    );
    expect(edited.status).toBe(400);
    expect(latitudeErrors(edited.data)).toEqual([OUTSIDE_NANTES_MESSAGE]);
  });
});

describe("a point in Nantes", () => {
  it("gives its quartier to the structure, whatever the list said", async () => {
    const actor = await createActor();
    const created = await run(() =>
      createAction(
        actionArgs(
          formRequest(
            "/espace/organisations/nouvelle",
            { ...ORGANISATION, ...CENTRE_VILLE, homeQuartier: "dervallieres-zola" },
            actor.cookie,
          ),
        ),
      ),
    );
    expect(created.status).toBe(302);
    const organisation = await db().organisation.findFirstOrThrow({
      where: { name: ORGANISATION.name },
      select: { latitude: true, longitude: true, homeQuartier: { select: { slug: true } } },
    });
    expect(organisation).toEqual({ latitude: 47.2152, longitude: -1.559, homeQuartier: { slug: "centre-ville" } });
  });

  it("gives its quartier to an offer the same way", async () => {
    const actor = await createActor();
    const organisation = await createOrganisationFor(actor);
    const created = await run(() =>
      newOfferAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${organisation.id}/offres/nouvelle`,
            { ...OFFER, ...NANTES_NORD, quartier: "nantes-sud" },
            actor.cookie,
          ),
          { id: organisation.id },
        ),
      ),
    );
    expect(created.status).toBe(302);
    const offer = await db().offer.findFirstOrThrow({
      where: { organisationId: organisation.id },
      select: { quartier: { select: { slug: true } } },
    });
    expect(offer.quartier?.slug).toBe("nantes-nord");
  });
});

describe("/ccas/points", () => {
  async function misplaced() {
    const actor = await createActor();
    const [outside, wrong, right] = await Promise.all([
      createOrganisationFor(actor),
      createOrganisationFor(actor),
      createOrganisationFor(actor),
    ]);
    const quartier = (slug: string) => db().quartier.findUniqueOrThrow({ where: { slug } });
    const [dervallieres, centre] = await Promise.all([quartier("dervallieres-zola"), quartier("centre-ville")]);
    // Saved before the form refused such points: the volunteer's association outside Nantes, the
    // company placed in the Centre-ville but saved in Dervallières - Zola.
    await db().organisation.update({
      where: { id: outside.id },
      data: { latitude: 47.22, longitude: -1.63, homeQuartierId: null },
    });
    await db().organisation.update({
      where: { id: wrong.id },
      data: { latitude: 47.2152, longitude: -1.559, homeQuartierId: dervallieres.id },
    });
    await db().organisation.update({
      where: { id: right.id },
      data: { latitude: 47.2152, longitude: -1.559, homeQuartierId: centre.id },
    });
    const offer = await db().offer.create({
      data: { organisationId: right.id, ...OFFER, status: "published", latitude: 47.19, longitude: -1.55, quartierId: centre.id },
    });
    return { outside, wrong, right, offer };
  }

  const listed = async (cookie: string) =>
    (await pointsLoader(loaderArgsFor(getRequest("/ccas/points", cookie)))) as Awaited<ReturnType<typeof pointsLoader>>;

  it("lists the structures and offers whose point is outside Nantes or in another quartier, and only them", async () => {
    const ccas = await createActor({ ccas: true });
    const { outside, wrong, right, offer } = await misplaced();
    const { organisations, offers } = await listed(ccas.cookie);
    const problemOf = (id: string) => organisations.find((item) => item.id === id)?.problem;
    expect(problemOf(outside.id)).toEqual({ kind: "outside" });
    expect(problemOf(wrong.id)).toMatchObject({ kind: "other-quartier", pointQuartier: { code: "centre-ville" } });
    expect(organisations.find((item) => item.id === wrong.id)?.savedQuartier).toBe("Dervallières - Zola");
    expect(problemOf(right.id)).toBeUndefined();
    expect(offers.find((item) => item.id === offer.id)).toMatchObject({
      problem: { kind: "outside" },
      organisation: { slug: right.slug },
    });
  });

  it("fixes a point in one click: the quartier of a point in Nantes, no point outside; the index follows", async () => {
    const ccas = await createActor({ ccas: true });
    const { outside, wrong } = await misplaced();
    const fix = (type: string, id: string) =>
      run(() => pointsAction(actionArgs(formRequest("/ccas/points", { intent: "fix", type, id }, ccas.cookie))));

    expect(await fix("organisation", wrong.id)).toMatchObject({ status: 302 });
    const fixed = await db().organisation.findUniqueOrThrow({
      where: { id: wrong.id },
      select: { latitude: true, homeQuartier: { select: { slug: true } } },
    });
    expect(fixed).toEqual({ latitude: 47.2152, homeQuartier: { slug: "centre-ville" } });
    expect(await db().searchOutbox.count({ where: { entityType: "organisation", entityId: wrong.id } })).toBeGreaterThan(0);

    expect(await fix("organisation", outside.id)).toMatchObject({ status: 302 });
    expect(
      await db().organisation.findUniqueOrThrow({ where: { id: outside.id }, select: { latitude: true, longitude: true } }),
    ).toEqual({
      latitude: null,
      longitude: null,
    });

    const { organisations } = await listed(ccas.cookie);
    expect(organisations.map((item) => item.id)).not.toContain(wrong.id);
    expect(organisations.map((item) => item.id)).not.toContain(outside.id);
    // A second click on a stale page says the list has moved on.
    expect(await fix("organisation", wrong.id)).toMatchObject({ status: 409 });
  });
});
