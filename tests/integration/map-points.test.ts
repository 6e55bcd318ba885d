// The map's markers: fetched by the browser at /carte/points.json under the page's filters (not
// carried in /carte's own data), register structures as a layer of their own, and kept between
// views until something is written.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { visibleOfferWhere } from "~/domain/publication";
import { openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import { importRegister } from "~/models/register-import.server";
import { loader as mapLoader } from "~/routes/carte";
import { loader as pointsLoader } from "~/routes/carte.points[.]json";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { getRequest, loaderArgsFor, run } from "../helpers/requests";

const FIXTURES = path.join("tests", "fixtures", "registers");
const db = () => getDb();

type Point = { type: "organisation" | "offer" | "register"; title: string; url: string; lat: number; lng: number };

async function points(query: string) {
  const response = await pointsLoader(loaderArgsFor(getRequest(`/carte/points.json${query}`)));
  return { response, body: (await response.json()) as Point[] };
}

const mapPage = async (query: string) =>
  (await run(() => mapLoader(loaderArgsFor(getRequest(`/carte${query}`))))).data as Awaited<ReturnType<typeof mapLoader>>;

beforeAll(async () => {
  const file = "sirene-etablissements-2025-01.csv";
  await importRegister(db(), {
    source: "sirene",
    input: fs.createReadStream(path.join(FIXTURES, file)),
    fileName: file,
    bytesTotal: fs.statSync(path.join(FIXTURES, file)).size,
  });
  // A published structure of the platform with a point, and an offer of its own placed apart.
  const placed = await createOrganisationFor(await createActor());
  await db().organisation.update({
    where: { id: placed.id },
    data: { sector: "sante", latitude: 47.2488, longitude: -1.5502 },
  });
  await db().offer.create({
    data: {
      organisationId: placed.id,
      resource: "locaux",
      title: "Salle placée sur la carte",
      description: "",
      availability: "",
      conditions: "free",
      status: "published",
      latitude: 47.2056,
      longitude: -1.5397,
    },
  });
});

describe("/carte/points.json", () => {
  it("gives the markers of the map's filters, register structures as their own layer", async () => {
    const { response, body } = await points("");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=60");
    const placedUnclaimed = await db().organisation.findMany({
      where: { ...openUnclaimedOrganisationWhere(), latitude: { not: null }, longitude: { not: null } },
      select: { name: true, slug: true, latitude: true },
    });
    // The fixture places register structures in Nantes: the layer has something to show.
    expect(placedUnclaimed.length).toBeGreaterThan(5);
    const registers = body.filter((point) => point.type === "register");
    expect(registers.map((point) => point.url).sort()).toEqual(
      placedUnclaimed.map((organisation) => `/organisations/${organisation.slug}`).sort(),
    );
    // The platform's published structures and offers are there too, as before.
    expect(body.some((point) => point.type === "organisation")).toBe(true);
    expect(body.some((point) => point.type === "offer")).toBe(true);

    // The platform's supply alone: no register marker; the registers' alone: nothing else.
    const platform = (await points("?source=plateforme")).body;
    expect(platform.filter((point) => point.type === "register")).toEqual([]);
    expect(platform.length).toBe(body.length - registers.length);
    const onlyRegisters = (await points("?source=registres")).body;
    expect(onlyRegisters.length).toBe(registers.length);
    expect(onlyRegisters.every((point) => point.type === "register")).toBe(true);
  });

  it("follows the filters and drops an unknown value, as /carte does", async () => {
    const offers = (await points("?type=offer")).body;
    expect(offers.map((point) => point.title)).toContain("Salle placée sur la carte");
    expect(offers.every((point) => point.type === "offer")).toBe(true);
    const health = (await points("?type=organisation&sector=sante&source=plateforme")).body;
    const published = await db().organisation.count({
      where: { status: "published", sector: "sante", latitude: { not: null }, longitude: { not: null } },
    });
    expect(health.length).toBe(published);
    expect((await points("?type=organisation&sector=sante&sector=__proto__&source=plateforme")).body).toEqual(health);
  });

  it("places each visible offer under the filters, whole city when neither it nor its structure has a quartier", async () => {
    const wide = await createOrganisationFor(await createActor());
    await db().organisation.update({ where: { id: wide.id }, data: { sector: "sante", wholeCity: true } });
    const offer = (title: string, extra: object = {}) =>
      db().offer.create({
        data: {
          organisationId: wide.id,
          resource: "locaux",
          title,
          description: "",
          availability: "",
          conditions: "free",
          status: "published",
          latitude: 47.21,
          longitude: -1.55,
          ...extra,
        },
      });
    await offer("Salle de toute la ville");
    await offer("Salle d'hier", { validUntil: new Date(Date.now() - 3 * 86_400_000) });
    await offer("Salle en attente", { status: "pending" });
    await offer("Salle sans point", { latitude: null, longitude: null });
    const shown = (await points("?type=offer&resource=locaux&sector=sante")).body;
    const visible = await db().offer.findMany({
      where: {
        AND: [visibleOfferWhere(new Date()), { resource: "locaux", organisation: { sector: "sante" } }],
        latitude: { not: null },
        longitude: { not: null },
      },
      select: {
        title: true,
        latitude: true,
        longitude: true,
        quartierId: true,
        organisation: { select: { slug: true, wholeCity: true } },
      },
    });
    const sorted = (list: object[]) => list.map((item) => JSON.stringify(item)).sort();
    expect(sorted(shown)).toEqual(
      sorted(
        visible.map((row) => ({
          type: "offer",
          title: row.title,
          url: `/organisations/${row.organisation.slug}`,
          lat: row.latitude,
          lng: row.longitude,
          wholeCity: row.quartierId === null && row.organisation.wholeCity,
        })),
      ),
    );
    expect(shown).toContainEqual(expect.objectContaining({ title: "Salle de toute la ville", wholeCity: true }));
    expect(shown).toContainEqual(expect.objectContaining({ title: "Salle placée sur la carte", wholeCity: false }));
    const titles = shown.map((point) => point.title);
    for (const hidden of ["Salle d'hier", "Salle en attente", "Salle sans point"]) expect(titles).not.toContain(hidden);
  });

  it("is what /carte names for its map, and the page no longer carries the markers", async () => {
    const page = await mapPage("?type=organisation&sector=sante&source=plateforme&niveau=iris");
    expect(page.pointsUrl).toBe("/carte/points.json?type=organisation&sector=sante&source=plateforme");
    expect("points" in page).toBe(false);
    expect((await mapPage("")).pointsUrl).toBe("/carte/points.json?");
  });

  it("shows at the next view a structure placed since (kept markers follow a write)", async () => {
    const before = (await points("?type=organisation&source=plateforme")).body;
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    await db().organisation.update({
      where: { id: organisation.id },
      data: { status: "published", publishedAt: new Date(), latitude: 47.2186, longitude: -1.5536 },
    });
    const after = (await points("?type=organisation&source=plateforme")).body;
    expect(after.length).toBe(before.length + 1);
    expect(after.map((point) => point.url)).toContain(`/organisations/${organisation.slug}`);
  });
});
