// What a person types, and what must come first: French queries against the real Meilisearch,
// over the demo data of prisma/seed.ts. Each case names the items a person expects at the top.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { getSearchClient, search } from "~/utils/search.server";
import { searchDatabase, searchParamsFor as searchFor, type SearchParams } from "../../search/query";
import { ensureIndex } from "../../search/sync";

const PHARMACY = "Pharmacie de l'Exemple";
const LANDLORD = "Logis Partagé (démo)";
const LANDLORD_ROOM = "Local commun en pied d'immeuble (démo)";
const CAFE = "Café du Quai Imaginaire";
const NEIGHBOURS = "Les Voisins Veilleurs";
const COOP = "Coop Services Malins";
const COOP_VAN = "Prêt d'un utilitaire avec chauffeur (démo)";
const THEATRE = "Compagnie Théâtre à Domicile";
const JOBS = "Atelier Tremplin (démo)";
const LAB = "Laboratoire Lien Social (démo)";
const GROCERY = "Épicerie Solidaire de la Chézine (démo)";
const GARDEN = "Jardins Partagés des Dervallières (démo)";
const DIGITAL = "Connexions Solidaires (démo)";
const LANDING_IDEA = "Veilleurs de palier (démo)";
const SUNDAY_IDEA = "Le théâtre du dimanche soir (démo)";

/** `first`: the first result is this item (or one of these); `top`: all of these within the first `within`. */
type Case = { q: string; type?: SearchParams["types"][number]; first?: string | string[]; top?: string[]; within?: number };

const CASES: Case[] = [
  // Health: the sector's name and the words for it find the health structure, not incidental mentions.
  { q: "santé", first: PHARMACY },
  { q: "sante", first: PHARMACY },
  { q: "partenaire santé", first: PHARMACY },
  { q: "un partenaire de santé", first: PHARMACY },
  { q: "soins", first: PHARMACY },
  { q: "infirmier", first: PHARMACY },
  { q: "infirmière", first: PHARMACY },
  // The idea that seeks a health partner for people at home has both words: it may come first.
  { q: "infirmiere à domicile", top: [PHARMACY, LANDING_IDEA], within: 2 },
  { q: "médecin", first: PHARMACY },
  { q: "pharmacie", first: PHARMACY },
  { q: "pharmacei", first: PHARMACY },
  // Premises: a room, a place, the resource's name.
  { q: "salle", top: [CAFE, LANDLORD_ROOM], within: 3 },
  { q: "salle samedi", first: CAFE },
  { q: "local à Nantes Nord", first: LANDLORD_ROOM },
  { q: "salle nantes nord", top: [LANDLORD_ROOM, LANDLORD], within: 2 },
  { q: "locaux", type: "organisation", top: [CAFE, LANDLORD], within: 2 },
  { q: "prêt de salle gratuit", first: LANDLORD_ROOM },
  // Housing.
  { q: "hlm", first: LANDLORD },
  { q: "bailleur social", first: LANDLORD },
  { q: "logement", first: LANDLORD },
  { q: "gardien d'immeuble", first: LANDLORD },
  // Volunteers and visits.
  { q: "bénévoles", top: [NEIGHBOURS], within: 2 },
  { q: "benevolat", top: [NEIGHBOURS], within: 3 },
  { q: "visites aux personnes isolées", top: [NEIGHBOURS, LANDING_IDEA], within: 2 },
  { q: "personnes âgées", first: LANDING_IDEA },
  { q: "seniors", first: LANDING_IDEA },
  // Food, gardens, digital.
  { q: "épicerie", first: GROCERY },
  { q: "epicerie solidaire", first: GROCERY },
  { q: "aide alimentaire", first: GROCERY },
  { q: "epiceri", first: GROCERY },
  { q: "jardin", first: GARDEN },
  { q: "potager", first: GARDEN },
  { q: "jardn partagé", first: GARDEN },
  { q: "numérique", first: DIGITAL },
  { q: "ordinateur", first: DIGITAL },
  { q: "démarches en ligne", first: DIGITAL },
  // Work, training, culture, research.
  { q: "emploi", first: JOBS },
  { q: "insertion", first: JOBS },
  { q: "formation", first: JOBS },
  { q: "accès aux droits", first: JOBS },
  { q: "horaires décalés", top: [JOBS, SUNDAY_IDEA], within: 3 },
  { q: "culture", first: THEATRE },
  { q: "theatre", top: [THEATRE, SUNDAY_IDEA], within: 2 },
  { q: "théâtre dimanche soir", first: SUNDAY_IDEA },
  { q: "université", first: LAB },
  { q: "isolment", top: [LAB], within: 3 },
  // Repairs and transport.
  { q: "réparation vélo", first: COOP },
  { q: "electromenager", first: COOP },
  { q: "camionnette", first: COOP_VAN },
  { q: "transport de matériel", first: COOP_VAN, top: [COOP], within: 3 },
  { q: "scic", first: COOP },
  // Places: a quartier's name brings what is there before what acts everywhere.
  { q: "café île de nantes", first: CAFE },
  { q: "doulon bottiere", first: PHARMACY },
  { q: "malakoff", first: JOBS },
  { q: "dervallieres", first: [GARDEN, LANDLORD] },
  { q: "nantes nord", first: [NEIGHBOURS, LANDLORD, LANDLORD_ROOM, LANDING_IDEA] },
];

const params = (q: string, type?: Case["type"]): SearchParams => searchFor(q, { types: type ? [type] : [] });

function check(titles: string[], { q, first, top, within = 3 }: Case) {
  if (first !== undefined) {
    const wanted = Array.isArray(first) ? first : [first];
    expect(wanted, `« ${q} » gave ${JSON.stringify(titles.slice(0, 5))}`).toContain(titles[0]);
  }
  for (const title of top ?? []) {
    expect(titles.slice(0, within), `« ${q} » gave ${JSON.stringify(titles.slice(0, 5))}`).toContain(title);
  }
}

beforeAll(async () => {
  await ensureIndex(getDb(), getSearchClient()!);
});

describe("what a person types finds what they mean (Meilisearch)", () => {
  it("has at least 30 queries, each expecting something", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(CASES.every((item) => item.first !== undefined || (item.top?.length ?? 0) > 0)).toBe(true);
  });

  it.each(CASES)("« $q »", async (item) => {
    const result = await search(params(item.q, item.type));
    expect(result.engine).toBe("meilisearch");
    check(
      result.hits.map((hit) => hit.title),
      item,
    );
  });

  it("finds a kitchen for « repas », not the repair service one typo away (« répar… »)", async () => {
    const meals = await search(params("repas"));
    expect(meals.hits.map((hit) => hit.title)).toContain(LANDLORD_ROOM);
    expect(meals.hits.map((hit) => hit.title)).not.toContain(COOP);
    // The repair service is still found for what it does, typo included.
    for (const q of ["réparation", "reparation", "réparaton"]) {
      expect(
        (await search(params(q))).hits.map((hit) => hit.title),
        q,
      ).toContain(COOP);
    }
  });

  it("brings the health structure, not a typo on « Sainte-Anne », first for « santé »", async () => {
    const result = await search(params("santé", "organisation"));
    expect(result.hits[0]?.title).toBe(PHARMACY);
    // Organisations that only match through « Sainte-Anne » (one typo away) may follow, never lead.
    const sectors = await getDb().organisation.findMany({
      where: { name: { in: result.hits.map((hit) => hit.title) } },
      select: { name: true, sector: true },
    });
    expect(sectors.find((row) => row.name === result.hits[0]?.title)?.sector).toBe("sante");
  });
});

describe("the database fallback ranks comparably", () => {
  const fallback = [
    { q: "partenaire santé", first: PHARMACY },
    { q: "infirmier", first: PHARMACY },
    { q: "soins", first: PHARMACY },
    { q: "local à Nantes Nord", first: LANDLORD_ROOM },
    { q: "jardin", first: GARDEN },
    { q: "épicerie solidaire bellevue", first: GROCERY },
    { q: "hlm", first: LANDLORD },
  ] satisfies Case[];

  it.each(fallback)("« $q »", async (item) => {
    const result = await searchDatabase(getDb(), params(item.q));
    check(
      result.hits.map((hit) => hit.title),
      item,
    );
  });

  // The same on SQLite and PostgreSQL (this file runs in both passes): the words are compared
  // without case nor accents, whatever the database's own collation.
  it("finds the same items whatever the case and the accents typed", async () => {
    const titlesOf = async (q: string) => (await searchDatabase(getDb(), params(q))).hits.map((hit) => hit.title);
    const grocery = await titlesOf("épicerie solidaire");
    expect(grocery[0]).toBe(GROCERY);
    for (const q of ["EPICERIE SOLIDAIRE", "Épicerie Solidaire", "epicerie solidaire", "ÉPICÉRIE solidaire"]) {
      expect(await titlesOf(q), q).toEqual(grocery);
    }
    const theatre = await titlesOf("théâtre");
    expect(theatre).toEqual(expect.arrayContaining([THEATRE, SUNDAY_IDEA]));
    for (const q of ["THEATRE", "Théatre", "theâtre", "THÉÂTRE"]) expect(await titlesOf(q), q).toEqual(theatre);
    // « Chézine » is written with an accent; typed without, or in capitals, it finds the grocery.
    expect((await titlesOf("CHEZINE"))[0]).toBe(GROCERY);
  });

  it("ignores a word found nowhere and, like Meilisearch, drops the commonest word first", async () => {
    for (const result of [
      await searchDatabase(getDb(), params("zzzz épicerie bellevue")),
      await search(params("zzzz épicerie bellevue")),
    ]) {
      expect(result.hits[0]?.title, result.engine).toBe(GROCERY);
      // The landlord is in Bellevue too, but has nothing of the rarer word « épicerie ».
      expect(
        result.hits.map((hit) => hit.title),
        result.engine,
      ).not.toContain(LANDLORD);
    }
  });
});
