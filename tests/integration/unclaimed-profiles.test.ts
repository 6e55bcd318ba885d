// Issue 16: the profiles made from the public registers become visible — their page (register facts
// only, « Non revendiquée », no way to contact them), the search (both engines), and the map's
// `source` filter — and nobody can contact or invite them through the platform.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { visibleOrganisationWhere } from "~/domain/publication";
import { openUnclaimedOrganisationWhere, UNCLAIMED_NOT_CONTACTABLE } from "~/domain/registers/unclaimed";
import { getCoverageData } from "~/models/coverage.server";
import { importRegister } from "~/models/register-import.server";
import { loader as directoryLoader } from "~/routes/annuaire";
import { loader as coverageLoader } from "~/routes/api.coverage";
import { loader as mapLoader } from "~/routes/carte";
import { action as ideaAction, loader as ideaLoader } from "~/routes/idees.$slug";
import { action as ideaEditAction } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { action as workspaceAction } from "~/routes/groupements.$id._index";
import { action as contactAction, loader as profileLoader } from "~/routes/organisations.$slug._index";
import { loader as searchPageLoader } from "~/routes/recherche";
import { getDb } from "~/utils/db.server";
import { getSearchClient } from "~/utils/search.server";
import { searchDatabase, searchParamsFor as searchFor, type SearchParams } from "../../search/query";
import { ensureIndex, processOutbox } from "../../search/sync";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { thrownResponse } from "../helpers/loaders";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const FIXTURES = path.join("tests", "fixtures", "registers");
const db = () => getDb();

const importFile = (source: "rna" | "sirene", file: string) =>
  importRegister(db(), {
    source,
    input: fs.createReadStream(path.join(FIXTURES, file)),
    fileName: file,
    bytesTotal: fs.statSync(path.join(FIXTURES, file)).size,
  });

/** An unclaimed profile of a register (SIRENE's are placed in a quartier: the RNA gives no point), with its open entry. */
async function unclaimedIn(source: "rna" | "sirene", skip = 0) {
  return db().organisation.findFirstOrThrow({
    where: {
      ...openUnclaimedOrganisationWhere(),
      ...(source === "sirene" ? { homeQuartierId: { not: null } } : {}),
      registerEntries: { some: { source } },
    },
    orderBy: { name: "asc" },
    skip,
    include: { registerEntries: true, homeQuartier: true },
  });
}

const pushIndex = async () => {
  while ((await processOutbox(db(), getSearchClient()!)) > 0);
};

let closed: { id: string; name: string; slug: string };

beforeAll(async () => {
  await ensureIndex(db(), getSearchClient()!);
  await importFile("rna", "rna-waldec-2025-01.csv");
  await importFile("sirene", "sirene-etablissements-2025-01.csv");
  // A structure the register says was dissolved since: shown nowhere.
  const dissolved = await unclaimedIn("sirene", 1);
  await db().registerEntry.updateMany({
    where: { organisationId: dissolved.id },
    data: { closedAt: new Date(), closedReason: "closed" },
  });
  closed = dissolved;
  await db().searchOutbox.create({ data: { entityType: "organisation", entityId: dissolved.id } });
  await pushIndex();
});

const pageOf = async (slug: string) => run(() => profileLoader(loaderArgsFor(getRequest(`/organisations/${slug}`), { slug })));

describe("the page of an unclaimed profile", () => {
  it("shows the register's facts and the « Non revendiquée » badge, and nothing to contact it with", async () => {
    const profile = await unclaimedIn("sirene");
    const entry = profile.registerEntries[0]!;
    const page = await pageOf(profile.slug);
    expect(page.status).toBe(200);
    const data = page.data as Awaited<ReturnType<typeof profileLoader>>;
    if (data.kind !== "unclaimed") throw new Error("Expected the unclaimed profile's page");
    expect(data.profile.name).toBe(profile.name);
    expect(data.profile.quartier).toBe(profile.homeQuartier!.name);
    const today = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris" })
      .format(new Date())
      .toLowerCase();
    expect(data.profile.entries).toEqual([
      expect.objectContaining({
        register: "Répertoire SIRENE des établissements (Insee)",
        identifierLabel: "SIRET",
        identifier: entry.registerId,
        activity: `${entry.activityLabel} (code ${entry.activityCode})`,
        // The register's address, its postcode once.
        address: entry.address,
        registeredLabel: "Établissement créé le",
      }),
    ]);
    expect(data.profile.entries[0]!.address.split(entry.postalCode!).length).toBe(2);
    expect(data.profile.entries[0]!.importedOn?.toLowerCase()).toContain(today.split(" ").at(-1));
    // Nothing of a contact: no e-mail, phone, website, offers, nor the form's data.
    const shown = JSON.stringify(data);
    for (const word of ["publicEmail", "publicPhone", "website", "offers", "signedIn"]) expect(shown).not.toContain(word);

    const rna = await unclaimedIn("rna");
    const rnaPage = (await pageOf(rna.slug)).data as Awaited<ReturnType<typeof profileLoader>>;
    expect(rnaPage).toMatchObject({
      kind: "unclaimed",
      profile: {
        entries: [
          expect.objectContaining({ identifierLabel: "Numéro RNA", identifier: rna.rna, registeredLabel: "Déclarée le" }),
        ],
      },
    });
  });

  it("is gone once the register closed the structure", async () => {
    expect((await pageOf(closed.slug)).status).toBe(404);
  });
});

describe("nobody can contact or invite an unclaimed profile", () => {
  it("the contact form is refused (403, in French), nothing is kept", async () => {
    const profile = await unclaimedIn("rna");
    const contact = await thrownResponse(() =>
      contactAction(
        actionArgs(
          formRequest(`/organisations/${profile.slug}`, {
            name: "Dominique",
            email: "dominique@exemple.org",
            message: "Bonjour, êtes-vous ouverts le samedi ?",
          }),
          { slug: profile.slug },
        ),
      ),
    );
    expect(contact.status).toBe(403);
    expect(await contact.text()).toBe(UNCLAIMED_NOT_CONTACTABLE);
    expect(await db().contactMessage.count({ where: { organisationId: profile.id } })).toBe(0);
  });

  it("is never a suggested partner, cannot be invited to express interest nor to a groupement", async () => {
    const profile = await unclaimedIn("sirene");
    const [leadAdmin, partnerAdmin] = await Promise.all([createActor(), createActor()]);
    const [lead, partner] = await Promise.all([createOrganisationFor(leadAdmin), createOrganisationFor(partnerAdmin)]);
    // An idea the unclaimed profile would fit: its sector, its quartier.
    const idea = await db().idea.create({
      data: {
        slug: `idee-${lead.slug}`,
        organisationId: lead.id,
        callId: (await db().call.findFirstOrThrow()).id,
        title: `Veilleurs ${lead.slug}`,
        summary: "Des voisins veilleurs repèrent les habitants qui ne sortent plus.",
        description: "Chaque palier a son veilleur, qui passe une fois par semaine.",
        targetPublic: "Habitants âgés et isolés",
        addressesIsolation: true,
        addressesPrecarity: true,
        expectedStart: new Date("2026-02-01T00:00:00Z"),
        status: "published",
        codes: {
          create: [
            { kind: "subAxis", code: "2.1" },
            { kind: "sector", code: profile.sector },
            { kind: "quartier", code: profile.homeQuartier!.slug },
          ],
        },
      },
    });
    const ideaPage = await run(() =>
      ideaLoader(loaderArgsFor(getRequest(`/idees/${idea.slug}`, leadAdmin.cookie), { slug: idea.slug })),
    );
    const cards = (ideaPage.data as Awaited<ReturnType<typeof ideaLoader>>).viewer.suggestions?.cards ?? [];
    const unclaimedIds = new Set(
      (await db().organisation.findMany({ where: { unclaimed: true }, select: { id: true } })).map((row) => row.id),
    );
    expect(cards.filter((card) => unclaimedIds.has(card.id))).toEqual([]);

    const invited = await run(() =>
      ideaAction(
        actionArgs(
          formRequest(`/idees/${idea.slug}`, { intent: "suggestion-invite", organisationId: profile.id }, leadAdmin.cookie),
          {
            slug: idea.slug,
          },
        ),
      ),
    );
    expect(invited.status).toBe(400);
    expect(invited.data).toMatchObject({ suggestion: { error: "Cette structure n'a pas de fiche publiée." } });
    expect(await db().interestInvitation.count({ where: { organisationId: profile.id } })).toBe(0);

    // A groupement of the idea (one accepted partner), whose lead tries to invite the profile.
    const interest = await db().interest.create({
      data: {
        ideaId: idea.id,
        organisationId: partner.id,
        message: "Nous en sommes.",
        resources: "locaux",
        status: "accepted",
        decidedAt: new Date(),
      },
    });
    await db().candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id, interestId: interest.id } });
    const created = await run(() =>
      ideaEditAction(
        actionArgs(formRequest("/", { intent: "create-groupement" }, leadAdmin.cookie), { id: lead.id, ideaId: idea.id }),
      ),
    );
    const groupementId = created.headers.get("Location")!.split("/").pop()!;
    const invite = await run(() =>
      workspaceAction(
        actionArgs(
          formRequest(`/groupements/${groupementId}`, { intent: "invite", organisationId: profile.id }, leadAdmin.cookie),
          {
            id: groupementId,
          },
        ),
      ),
    );
    expect(invite.status).toBe(400);
    expect(invite.data).toMatchObject({ error: "Choisissez une structure publiée." });
    expect(await db().groupementMember.count({ where: { organisationId: profile.id } })).toBe(0);
  });
});

const params = (q: string, overrides: Partial<SearchParams> = {}): SearchParams => searchFor(q, { perPage: 20, ...overrides });

describe("the search", () => {
  it("finds an unclaimed profile with the badge's field, in Meilisearch and in the database fallback alike", async () => {
    const profile = await unclaimedIn("sirene");
    const page = await run(() =>
      searchPageLoader(loaderArgsFor(getRequest(`/recherche?q=${encodeURIComponent(profile.name)}&type=organisation`))),
    );
    const found = page.data as Awaited<ReturnType<typeof searchPageLoader>>;
    expect(found.result.engine).toBe("meilisearch");
    expect(found.result.hits.find((hit) => hit.id === profile.id)).toMatchObject({
      source: "registres",
      url: `/organisations/${profile.slug}`,
    });
    const fallback = await searchDatabase(db(), params(profile.name, { types: ["organisation"] }));
    expect(fallback.hits.find((hit) => hit.id === profile.id)).toMatchObject({ source: "registres" });

    // Its SIRET, typed, finds it too; a published structure is the platform's.
    const bySiret = await searchDatabase(db(), params(profile.registerEntries[0]!.registerId));
    expect(bySiret.hits.map((hit) => hit.id)).toContain(profile.id);
    const published = await db().organisation.findFirstOrThrow({ where: visibleOrganisationWhere() });
    const publishedHit = (await searchDatabase(db(), params(published.name))).hits.find((hit) => hit.id === published.id);
    expect(publishedHit?.source).toBe("plateforme");
  });

  it("shows no closed structure, in either engine; the directory lists published profiles only", async () => {
    const page = await run(() => searchPageLoader(loaderArgsFor(getRequest(`/recherche?q=${encodeURIComponent(closed.name)}`))));
    const found = page.data as Awaited<ReturnType<typeof searchPageLoader>>;
    expect(found.result.hits.map((hit) => hit.id)).not.toContain(closed.id);
    expect((await searchDatabase(db(), params(closed.name))).hits.map((hit) => hit.id)).not.toContain(closed.id);
    const index = await getSearchClient()!
      .index(process.env.MEILI_INDEX || "items")
      .search("", {
        filter: `id = "organisation-${closed.id}"`,
      });
    expect(index.hits).toEqual([]);

    // Both engines count the same register profiles.
    const meili = await getSearchClient()!
      .index(process.env.MEILI_INDEX || "items")
      .search("", {
        filter: `source = "registres"`,
        limit: 0,
      });
    const open = await db().organisation.count({ where: openUnclaimedOrganisationWhere() });
    expect(meili.estimatedTotalHits).toBe(open);
    expect((await searchDatabase(db(), params("", { sources: ["registres"] }))).total).toBe(open);

    const directory = (await directoryLoader(loaderArgsFor(getRequest("/annuaire")))) as {
      total: number;
      organisations: { slug: string }[];
    };
    const indexedPublished = await getSearchClient()!
      .index(process.env.MEILI_INDEX || "items")
      .search("", {
        filter: [`type = "organisation"`, `source = "plateforme"`],
        limit: 0,
      });
    expect(directory.total).toBe(indexedPublished.estimatedTotalHits);
    expect(directory.organisations).toHaveLength(Math.min(12, directory.total));
  });
});

type Coverage = {
  wholeCity: { organisations: number; offers: number; ideas: number; total: number };
  quartiers: {
    slug: string;
    supply: { organisations: number; offers: number; ideas: number; total: number };
    structures: { plateforme: number; registres: number };
  }[];
  source: string[];
  sourceSentence: string;
  registers: { source: string; name: string; importedOn: string }[];
  wholeCityStructures: { plateforme: number; registres: number };
  unlocated: number;
  unlocatedStructures: { plateforme: number; registres: number };
  unlocatedRegisters: { rna: number; sirene: number };
};
const coverage = async (query: string) => {
  const response = await coverageLoader(loaderArgsFor(getRequest(`/api/coverage${query}`)));
  return { status: response.status, body: (await response.json()) as Coverage & { errors?: string[] } };
};

describe("the map's `source` filter", () => {
  it("a claimed profile's draft moves nothing in the registers' counts: its register's place counts until the CCAS publishes it", async () => {
    const before = (await coverage("?source=registres")).body;
    const association = await db().organisation.findFirstOrThrow({
      where: { ...openUnclaimedOrganisationWhere(), homeQuartierId: null, registerEntries: { some: { source: "rna" } } },
    });
    // Claimed; in its draft, waiting for the CCAS, the structure says it acts on the whole city.
    await db().organisation.update({
      where: { id: association.id },
      data: { unclaimed: false, claimedAt: new Date(), status: "pending", wholeCity: true },
    });
    try {
      const after = (await coverage("?source=registres")).body;
      expect(after.wholeCityStructures.registres).toBe(before.wholeCityStructures.registres);
      expect(after.unlocatedStructures.registres).toBe(before.unlocatedStructures.registres);
      expect(after.unlocatedRegisters).toEqual(before.unlocatedRegisters);
    } finally {
      await db().organisation.update({
        where: { id: association.id },
        data: { unclaimed: true, claimedAt: null, status: association.status, wholeCity: false },
      });
    }
  });

  it("counts the platform's, the registers' or both supplies per quartier, side by side", async () => {
    // A structure that claimed its profile and published it: in both supplies, counted once.
    const claimed = await unclaimedIn("sirene", 2);
    await db().organisation.update({
      where: { id: claimed.id },
      data: { unclaimed: false, claimedAt: new Date(), status: "published", publishedAt: new Date() },
    });
    const quartiers = await db().quartier.findMany({ select: { id: true, slug: true } });
    const count = (slug: string, where: object) =>
      db().organisation.count({
        where: { AND: [where, { wholeCity: false, quartiers: { some: { quartier: { slug } } } }] },
      });
    const listed = { registerEntries: { some: { closedAt: null } } };

    const registres = await coverage("?source=registres");
    const plateforme = await coverage("?source=plateforme");
    const both = await coverage("");
    const bothNamed = await coverage("?source=plateforme&source=registres");
    expect(registres.status).toBe(200);
    expect(bothNamed.body.quartiers).toEqual(both.body.quartiers);
    expect(both.body.source).toEqual(["plateforme", "registres"]);
    expect(registres.body.source).toEqual(["registres"]);

    // The platform's figures are today's: what the model counted before registers existed.
    const before = await getCoverageData(db(), {});
    let registerTotal = 0;
    for (const { slug } of quartiers) {
      const [published, inRegisters, union] = await Promise.all([
        count(slug, visibleOrganisationWhere()),
        count(slug, listed),
        count(slug, { OR: [visibleOrganisationWhere(), listed] }),
      ]);
      registerTotal += inRegisters;
      const r = registres.body.quartiers.find((quartier) => quartier.slug === slug)!;
      const p = plateforme.body.quartiers.find((quartier) => quartier.slug === slug)!;
      const b = both.body.quartiers.find((quartier) => quartier.slug === slug)!;
      expect(r.supply, slug).toEqual({ organisations: inRegisters, offers: 0, ideas: 0, total: inRegisters });
      expect(p.supply.organisations, slug).toBe(published);
      expect(p.supply, slug).toEqual({ ...before.supplyOf(slug), total: p.supply.total });
      expect(b.supply.organisations, slug).toBe(union);
      expect(b.supply.offers, slug).toBe(p.supply.offers);
      for (const body of [r, p, b]) expect(body.structures, slug).toEqual({ plateforme: published, registres: inRegisters });
    }
    // The fixtures place structures in quartiers, and the claimed one in the registers and published.
    expect(registerTotal).toBeGreaterThan(10);
    expect(await count(claimed.homeQuartier!.slug, { AND: [visibleOrganisationWhere(), listed] })).toBeGreaterThan(0);
    expect(registres.body.wholeCity).toEqual({ organisations: 0, offers: 0, ideas: 0, total: 0 });

    // The sentence names the registers and the day of their latest import.
    const day = new Date().toISOString().slice(0, 10);
    expect(both.body.registers).toEqual([
      { source: "rna", name: "Répertoire national des associations (RNA)", importedOn: day },
      { source: "sirene", name: "Répertoire SIRENE des établissements (Insee)", importedOn: day },
    ]);
    expect(both.body.sourceSentence).toMatch(/Répertoire national des associations \(RNA\), importé le \d+/);
    expect(both.body.sourceSentence).toMatch(/comptée une fois/);

    expect(await coverage("?source=partout")).toMatchObject({
      status: 400,
      body: { errors: ["source: unknown source « partout » (plateforme, registres)"] },
    });
  });

  it("counts the registers' structures in no quartier (the RNA gives no point) apart, in the registers' total", async () => {
    const listed = { registerEntries: { some: { closedAt: null } } };
    const unlocatedWhere = { wholeCity: false, quartiers: { none: {} } };
    const [allListed, listedRna, unlocatedRna, unlocatedListed] = await Promise.all([
      db().organisation.count({ where: listed }),
      db().organisation.count({ where: { registerEntries: { some: { closedAt: null, source: "rna" } } } }),
      db().organisation.count({ where: { ...unlocatedWhere, registerEntries: { some: { closedAt: null, source: "rna" } } } }),
      db().organisation.count({ where: { ...unlocatedWhere, ...listed } }),
    ]);
    // The fixtures' RNA associations have an address and no coordinates: in no quartier.
    expect(listedRna).toBeGreaterThan(50);
    expect(unlocatedRna).toBe(listedRna);

    const registres = (await coverage("?source=registres")).body;
    expect(registres.unlocatedStructures.registres).toBe(unlocatedListed);
    expect(registres.unlocated).toBe(unlocatedListed);
    expect(registres.unlocatedRegisters).toEqual({ rna: unlocatedRna, sirene: unlocatedListed - unlocatedRna });
    // Every active structure of the registers is somewhere: a quartier, the whole city, or « sans quartier connu ».
    const inQuartiers = registres.quartiers.reduce((sum, quartier) => sum + quartier.structures.registres, 0);
    expect(inQuartiers + registres.wholeCityStructures.registres + registres.unlocatedStructures.registres).toBe(allListed);
    // Counted apart: in no quartier's coverage, nor in the whole city's.
    expect(inQuartiers).toBe(registres.quartiers.reduce((sum, quartier) => sum + quartier.supply.organisations, 0));
    expect(registres.wholeCity.organisations).toBe(registres.wholeCityStructures.registres);
    // The sentence says how many, and why.
    // The fixtures also have SIRENE establishments without a position (or one outside the quartiers).
    const unlocatedSirene = unlocatedListed - unlocatedRna;
    expect(unlocatedSirene).toBeGreaterThan(0);
    expect(registres.sourceSentence).toContain(
      `(dont ${unlocatedRna} associations du RNA sans coordonnées et ${unlocatedSirene} établissements SIRENE sans position, ` +
        "comptés à part, « sans quartier connu » : le RNA ne donne que l'adresse)",
    );
    expect((await coverage("?source=plateforme")).body.sourceSentence).not.toContain("sans coordonnées");

    // An association that claimed its profile and published it without a quartier: in both supplies, counted once.
    const association = await unclaimedIn("rna", 3);
    await db().organisation.update({
      where: { id: association.id },
      data: { unclaimed: false, claimedAt: new Date(), status: "published", publishedAt: new Date() },
    });
    const published = await db().organisation.count({ where: { ...unlocatedWhere, ...visibleOrganisationWhere() } });
    expect(published).toBeGreaterThan(0);
    const after = {
      both: (await coverage("")).body,
      plateforme: (await coverage("?source=plateforme")).body,
      registres: (await coverage("?source=registres")).body,
      // Under a filter on what structures are (the other way of counting).
      sector: (await coverage(`?source=plateforme&sector=${association.sector}`)).body,
    };
    for (const body of Object.values(after).slice(0, 3))
      expect(body.unlocatedStructures).toEqual({ plateforme: published, registres: unlocatedListed });
    expect(after.plateforme.unlocated).toBe(published);
    expect(after.registres.unlocated).toBe(unlocatedListed);
    const both = await db().organisation.count({ where: { ...unlocatedWhere, OR: [visibleOrganisationWhere(), listed] } });
    expect(after.both.unlocated).toBe(both);
    expect(after.both.unlocated).toBeLessThan(published + unlocatedListed);
    expect(after.sector.unlocatedStructures.plateforme).toBe(
      await db().organisation.count({ where: { ...unlocatedWhere, ...visibleOrganisationWhere(), sector: association.sector } }),
    );
    expect(after.sector.unlocatedStructures.plateforme).toBeGreaterThan(0);

    // /carte: the table's last row, below the quartiers, with both figures; the same sentence.
    const page = await run(() => mapLoader(loaderArgsFor(getRequest("/carte"))));
    const data = page.data as Awaited<ReturnType<typeof mapLoader>>;
    expect(data.unlocated).toBe(both);
    expect(data.unlocatedStructures).toEqual(after.both.unlocatedStructures);
    expect(data.sourceSentence).toBe(after.both.sourceSentence);
    expect(data.sourceSentence).toMatch(/associations du RNA sans coordonnées/);
  });

  it("/carte counts the chosen supply and shows both figures, without JavaScript", async () => {
    const page = await run(() => mapLoader(loaderArgsFor(getRequest("/carte?source=registres&source=inconnue"))));
    const data = page.data as Awaited<ReturnType<typeof mapLoader>>;
    expect(data.sources).toEqual(["registres"]);
    expect(data.ignored).toBe(true);
    expect(data.sourceSentence).toMatch(/^Structures comptées : toutes les structures actives des registres publics/);
    const api = (await coverage("?source=registres")).body;
    for (const row of data.rows) {
      const quartier = api.quartiers.find((item) => item.slug === row.slug)!;
      expect(row.supply.organisations, row.slug).toBe(quartier.supply.organisations);
      expect(data.structures?.[row.slug], row.slug).toEqual(quartier.structures);
    }
  });
});
