// The CCAS's exports (/ccas/exports) and the open data (/donnees): the CSV opened with a real
// parser (BOM, `;`, CRLF, quotes, accents, line breaks inside a field, JJ/MM/AAAA) equals the
// database; the JSON says what the CSV says; who may download what; and the open data never
// carries an unpublished item or a private field.
import crypto from "node:crypto";
import { Writable } from "node:stream";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { LIST_SEPARATOR, type Column, type ExportRow } from "~/domain/exports";
import { visibleIdeaWhere, visibleOfferWhere, visibleOrganisationWhere } from "~/domain/publication";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { CCAS_EXPORTS, PUBLIC_EXPORTS, type ExportFile } from "~/models/exports.server";
import { loader as ccasFileLoader } from "~/routes/ccas.exports.$file";
import { loader as ccasPageLoader } from "~/routes/ccas.exports";
import { loader as publicFileLoader } from "~/routes/donnees.$file";
import { loader as publicPageLoader } from "~/routes/donnees._index";
import { getDb } from "~/utils/db.server";
import { csvStream } from "~/utils/export-stream.server";
import { writeBody } from "../../scripts/lib/remix-handler";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { getRequest, loaderArgsFor, run } from "../helpers/requests";

const db = () => getDb();
const tag = crypto.randomUUID().slice(0, 6);

// A structure whose texts test every quoting rule at once.
const TRICKY = {
  name: `Café « L'Écluse » ; "chez Zoé" ${tag}`,
  shortDescription: '=HYPERLINK("https://exemple.invalid";"cliquez")',
  description:
    'Première ligne ; avec un point-virgule.\nDeuxième ligne, « guillemets » et "doubles".\r\nTroisième : àéèêëîïôöùûüç œ.',
  siret: "12345678900012",
  publicEmail: `zoe.martin.${tag}@exemple.org`,
  publicPhone: "06 12 34 56 78",
  address: "3 rue de l'Écluse",
  latitude: 47.2279,
  longitude: -1.5852,
  publishedAt: new Date("2025-05-15T22:30:00Z"), // 16/05/2025 in Paris
};

type Fixture = {
  ccasAdmin: Actor;
  reviewer: Actor;
  member: Actor;
  tricky: { id: string };
  pendingOrganisation: { id: string; name: string };
  draftOrganisation: { id: string; name: string };
  publishedOffer: { id: string };
  expiredOffer: { id: string; title: string };
  pendingOffer: { id: string; title: string };
  hiddenOrganisationOffer: { id: string; title: string };
  publishedIdea: { id: string };
  pendingIdea: { id: string; title: string };
  groupementId: string;
  interestId: string;
};
let f: Fixture;

beforeAll(async () => {
  const [ccasAdmin, reviewer, member, other] = await Promise.all([
    createActor({ ccas: true }),
    createActor({ ccasRole: "ccas-reviewer" }),
    createActor(),
    createActor(),
  ]);
  const [quartiers, subAxes, call] = await Promise.all([
    db().quartier.findMany({ where: { slug: { in: ["dervallieres-zola", "nantes-nord"] } }, orderBy: { idobj: "asc" } }),
    db().callSubAxis.findMany({ where: { code: { in: ["2.1", "2.3"] } }, select: { id: true, code: true } }),
    db().call.findFirstOrThrow({ where: { draft: false }, orderBy: { publishedAt: "desc" } }),
  ]);
  const base = await createOrganisationFor(member);
  const tricky = await db().organisation.update({
    where: { id: base.id },
    data: {
      ...TRICKY,
      homeQuartierId: quartiers[0]!.id,
      verifiedAt: new Date(),
      quartiers: { create: quartiers.map((quartier) => ({ quartierId: quartier.id })) },
      subAxes: { create: subAxes.map((subAxis) => ({ subAxisId: subAxis.id })) },
      resources: {
        create: [
          { resource: "locaux", direction: "offers" },
          { resource: "financier", direction: "seeks" },
        ],
      },
    },
  });
  const pendingOrganisation = await createOrganisationFor(other, { status: "pending" });
  await db().organisation.update({
    where: { id: pendingOrganisation.id },
    data: { latitude: 47.25, longitude: -1.55, publicEmail: `pending.${tag}@exemple.org` },
  });
  const draftOrganisation = await createOrganisationFor(other, { status: "draft" });
  const unpublished = await createOrganisationFor(other, { status: "unpublished" });

  const offer = (organisationId: string, title: string, data: Record<string, unknown> = {}) =>
    db().offer.create({
      data: {
        organisationId,
        resource: "locaux",
        title: `${title} ${tag}`,
        description: "Une salle\nau rez-de-chaussée.",
        availability: "Le samedi",
        conditions: "free",
        status: "published",
        publishedAt: new Date("2025-06-01T10:00:00Z"),
        ...data,
      },
    });
  const [publishedOffer, expiredOffer, pendingOffer, hiddenOrganisationOffer] = await Promise.all([
    offer(tricky.id, "Salle du samedi", {
      latitude: 47.2485,
      longitude: -1.5602,
      quartierId: quartiers[1]!.id,
      validFrom: new Date("2025-09-01T00:00:00Z"),
      validUntil: new Date("2099-06-30T00:00:00Z"),
      slots: { create: [{ slot: "weekends" }, { slot: "evenings" }] },
    }),
    offer(tricky.id, "Offre expirée", { validUntil: new Date("2020-01-31T00:00:00Z") }),
    offer(tricky.id, "Offre en attente", { status: "pending", publishedAt: null }),
    offer(unpublished.id, "Offre d'une structure dépubliée"),
  ]);

  const idea = (organisationId: string, title: string, status: string) =>
    db().idea.create({
      data: {
        slug: `idee-${crypto.randomUUID().slice(0, 8)}`,
        callId: call.id,
        organisationId,
        title: `${title} ${tag}`,
        summary: "Un résumé ; court.",
        description: "Ligne 1\nLigne 2",
        addressesIsolation: true,
        addressesPrecarity: true,
        targetPublic: "Voisins isolés",
        expectedStart: new Date("2026-03-01T00:00:00Z"),
        status,
        publishedAt: status === "published" ? new Date("2025-06-02T10:00:00Z") : null,
        codes: {
          create: [
            { kind: "subAxis", code: "2.1" },
            { kind: "quartier", code: "nantes-nord" },
            { kind: "sector", code: "sante" },
            { kind: "tag", code: "elderly" },
          ],
        },
      },
    });
  const [publishedIdea, pendingIdea] = await Promise.all([
    idea(tricky.id, "Visites du soir", "published"),
    idea(tricky.id, "Idée en attente", "pending"),
  ]);
  const interest = await db().interest.create({
    data: {
      ideaId: publishedIdea.id,
      organisationId: pendingOrganisation.id,
      message: `Message privé ${tag}`,
      resources: "locaux logistique",
      status: "accepted",
      createdAt: new Date("2025-06-03T08:00:00Z"),
      decidedAt: new Date("2025-06-04T20:00:00Z"),
    },
  });
  const groupement = await createGroupementFromIdea(db(), publishedIdea.id);
  await db().groupementNote.create({ data: { groupementId: groupement.id, authorId: ccasAdmin.id, body: `Note privée ${tag}` } });

  f = {
    ccasAdmin,
    reviewer,
    member,
    tricky,
    pendingOrganisation,
    draftOrganisation,
    publishedOffer,
    expiredOffer,
    pendingOffer,
    hiddenOrganisationOffer,
    publishedIdea,
    pendingIdea,
    groupementId: groupement.id,
    interestId: interest.id,
  };
});

async function download(kind: "ccas" | "public", file: string, cookie?: string) {
  const path = kind === "ccas" ? `/ccas/exports/${file}` : `/donnees/${file}`;
  const args = loaderArgsFor(getRequest(path, cookie), { file });
  const response = kind === "ccas" ? await ccasFileLoader(args) : await publicFileLoader(args);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { response, bytes, text: bytes.toString("utf8") };
}

/** The CSV as Excel reads it: BOM, `;`, CRLF records, quoted fields. */
function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, delimiter: ";", record_delimiter: "\r\n", relax_column_count: false });
}

/** A JSON value written as the CSV writes it (the test's own reading of the format). */
function asCsv(column: Column, value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "boolean") text = value ? "oui" : "non";
  else if (typeof value === "number") return String(value).replace(".", ",");
  else if (Array.isArray(value)) text = value.join(LIST_SEPARATOR);
  else if (column.type === "date") text = String(value).split("-").reverse().join("/");
  else text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function byId(rows: string[][], header: string[], idHeader = "Identifiant") {
  const index = header.indexOf(idHeader);
  return new Map(rows.map((row) => [row[index]!, Object.fromEntries(header.map((name, i) => [name, row[i]!]))]));
}

describe("who may download", () => {
  const files = ["organisations.csv", "interets.json", "carte.geojson"];

  it("sends the anonymous to the log-in page and refuses a structure's member", async () => {
    for (const file of files) {
      const anonymous = await run(() => ccasFileLoader(loaderArgsFor(getRequest(`/ccas/exports/${file}`), { file })));
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toBe(`/connexion?redirectTo=${encodeURIComponent(`/ccas/exports/${file}`)}`);
      const member = await run(() =>
        ccasFileLoader(loaderArgsFor(getRequest(`/ccas/exports/${file}`, f.member.cookie), { file })),
      );
      expect(member.status).toBe(403);
    }
    expect((await run(() => ccasPageLoader(loaderArgsFor(getRequest("/ccas/exports"))))).status).toBe(302);
    expect((await run(() => ccasPageLoader(loaderArgsFor(getRequest("/ccas/exports", f.member.cookie))))).status).toBe(403);
  });

  it("lets every CCAS staff member download, reviewers included, with a dated attachment", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    for (const actor of [f.ccasAdmin, f.reviewer]) {
      const page = await run(() => ccasPageLoader(loaderArgsFor(getRequest("/ccas/exports", actor.cookie))));
      expect(page.status).toBe(200);
      for (const file of files) {
        const { response } = await download("ccas", file, actor.cookie);
        expect(response.status).toBe(200);
        const [base, extension] = file.split(".");
        expect(response.headers.get("Content-Disposition")).toBe(
          `attachment; filename="cooperons-${base}-${today}.${extension}"`,
        );
        expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      }
    }
    expect(
      (
        await run(() =>
          ccasFileLoader(loaderArgsFor(getRequest("/ccas/exports/users.csv", f.ccasAdmin.cookie), { file: "users.csv" })),
        )
      ).status,
    ).toBe(404);
  });

  it("gives the open data to anyone, and nothing else under /donnees", async () => {
    const { response } = await download("public", "organisations.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    for (const file of ["groupements.csv", "interets.json", "carte.geojson", "organisations.xlsx"]) {
      expect((await run(() => publicFileLoader(loaderArgsFor(getRequest(`/donnees/${file}`), { file })))).status).toBe(404);
    }
  });
});

describe("the CSV for Excel", () => {
  it("starts with a BOM, separates with `;`, ends lines with CRLF and has French headers", async () => {
    const { bytes, text } = await download("ccas", "organisations.csv", f.ccasAdmin.cookie);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const firstLine = text.slice(1, text.indexOf("\r\n"));
    expect(firstLine.startsWith("Identifiant;Nom;Fiche;État;Démo;Code secteur;Secteur")).toBe(true);
    // Every line break outside a quoted field is CRLF: the strict parser reads the file whole.
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(CCAS_EXPORTS[0]!.columns.map((column) => column.header));
    expect(rows.length).toBeGreaterThan(2);
  });

  it("equals the database: quotes, accents, line breaks, formulas neutralised, days and decimals in French", async () => {
    const { text } = await download("ccas", "organisations.csv", f.ccasAdmin.cookie);
    const [header, ...rows] = parseCsv(text);
    const rowsById = byId(rows, header!);
    const tricky = rowsById.get(f.tricky.id)!;
    expect(tricky["Nom"]).toBe(TRICKY.name);
    expect(tricky["Description"]).toBe(TRICKY.description);
    expect(tricky["Description courte"]).toBe(`'${TRICKY.shortDescription}`);
    expect(tricky["Publiée le"]).toBe("16/05/2025");
    expect(tricky["Latitude"]).toBe("47,2279");
    expect(tricky["Longitude"]).toBe("-1,5852");
    expect(tricky["SIRET"]).toBe(TRICKY.siret);
    expect(tricky["E-mail public"]).toBe(TRICKY.publicEmail);
    expect(tricky["Quartier d'implantation"]).toBe("Dervallières - Zola");
    expect(tricky["Quartiers d'action"]).toBe("Dervallières - Zola | Nantes Nord");
    expect(tricky["Sous-axes"]).toBe("2.1 | 2.3");
    expect(tricky["Ressources proposées"]).toBe("Locaux");
    expect(tricky["Vérifiée par le CCAS"]).toBe("oui");
    expect(tricky["État"]).toBe("publié");

    // Every structure the CCAS moderates, and only those, each as the database has it.
    const stored = await db().organisation.findMany({
      where: { status: { not: "draft" } },
      select: { id: true, name: true, sector: true, siret: true, status: true, publishedAt: true },
    });
    expect([...rowsById.keys()].sort()).toEqual(stored.map((row) => row.id).sort());
    const parisDay = (date: Date) =>
      new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" }).format(
        date,
      );
    for (const row of stored) {
      const line = rowsById.get(row.id)!;
      expect(line["Nom"]!.replace(/^'/, "")).toBe(row.name);
      expect(line["Code secteur"]).toBe(row.sector);
      expect(line["SIRET"]).toBe(row.siret ?? "");
      expect(line["Publiée le"]).toBe(row.publishedAt ? parisDay(row.publishedAt) : "");
    }
    expect(rowsById.has(f.pendingOrganisation.id)).toBe(true);
    expect(rowsById.get(f.pendingOrganisation.id)!["État"]).toBe("en attente de validation");
    expect(rowsById.has(f.draftOrganisation.id)).toBe(false);
  });

  it("lists offers with their dates, slots and expiry", async () => {
    const { text } = await download("ccas", "offres.csv", f.ccasAdmin.cookie);
    const [header, ...rows] = parseCsv(text);
    const offers = byId(rows, header!);
    const offer = offers.get(f.publishedOffer.id)!;
    expect(offer["Valable du"]).toBe("01/09/2025");
    expect(offer["Valable jusqu'au"]).toBe("30/06/2099");
    expect(offer["Créneaux"]).toBe("En soirée | Le week-end");
    expect(offer["Description"]).toBe("Une salle\nau rez-de-chaussée.");
    // Quoted, though it holds no `;` nor `"`: a reader ending rows at any line break (LibreOffice,
    // Python's csv, most scripts) reads the same rows, where each paragraph began a new one.
    expect(text).toContain('"Une salle\nau rez-de-chaussée."');
    const lenient = parse(text, { bom: true, delimiter: ";", record_delimiter: ["\r\n", "\n"] }) as string[][];
    expect(lenient).toEqual([header, ...rows]);
    expect(offer["Structure"]).toBe(TRICKY.name);
    expect(offer["Quartier"]).toBe("Nantes Nord");
    expect(offers.get(f.expiredOffer.id)!["Expirée"]).toBe("oui");
    expect(offers.get(f.pendingOffer.id)!["État"]).toBe("en attente de validation");
    expect(offer["Expirée"]).toBe("non");
  });

  it("gives each groupement its eligibility as the workspace's panel computes it, and its members", async () => {
    const { text } = await download("ccas", "groupements.csv", f.ccasAdmin.cookie);
    const [header, ...rows] = parseCsv(text);
    const groupement = byId(rows, header!).get(f.groupementId)!;
    expect(groupement["Statut"]).toBe("brouillon");
    expect(groupement["Conforme aux règles"]).toBe("non");
    expect(groupement["Chef de file"]).toBe(TRICKY.name);
    expect(groupement["Nombre de membres"]).toBe("1");
    // One member, one sector: the call's rules say so, with what to change.
    expect(groupement["Règles bloquantes"]).toMatch(/^members\.count : .+ \| members\.sectors : /);
    expect(groupement["Règles à compléter"]).toContain("budget.envelope");
    expect(groupement["Dossier complet"]).toBe("non");
    expect(groupement["Démarrage"]).toBe("01/03/2026");
    expect(text).not.toContain(`Note privée ${tag}`);

    const members = await download("ccas", "groupements-membres.csv", f.ccasAdmin.cookie);
    const [memberHeader, ...memberRows] = parseCsv(members.text);
    const lead = memberRows
      .map((row) => Object.fromEntries(memberHeader!.map((name, i) => [name, row[i]!])))
      .filter((row) => row["Identifiant du groupement"] === f.groupementId);
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({ Structure: TRICKY.name, "Chef de file": "oui", Statut: "membre", Secteur: "Associatif" });
  });

  it("lists interests with their answer's delay, and never the messages", async () => {
    const { text } = await download("ccas", "interets.csv", f.ccasAdmin.cookie);
    const [header, ...rows] = parseCsv(text);
    const interest = byId(rows, header!).get(f.interestId)!;
    expect(interest).toMatchObject({
      Statut: "acceptée",
      "Envoyée le": "03/06/2025",
      "Répondue le": "04/06/2025",
      "Délai de réponse (jours)": "1,5",
      "Ressources proposées": "Locaux | Logistique",
      "Structure porteuse": TRICKY.name,
    });
    expect(text).not.toContain(`Message privé ${tag}`);
  });
});

describe("the JSON", () => {
  const cases: [string, "ccas" | "public", ExportFile][] = [
    ...CCAS_EXPORTS.map((file): [string, "ccas", ExportFile] => [file.name, "ccas", file]),
    ...PUBLIC_EXPORTS.map((file): [string, "public", ExportFile] => [file.name, "public", file]),
  ];
  it.each(cases)("%s (%s): says what the CSV says", async (_name, kind, file) => {
    const cookie = kind === "ccas" ? f.ccasAdmin.cookie : undefined;
    const csv = await download(kind, `${file.name}.csv`, cookie);
    const json = await download(kind, `${file.name}.json`, cookie);
    expect(json.response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const items = JSON.parse(json.text) as Record<string, unknown>[];
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toEqual(file.columns.map((column) => column.header));
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((item) => Object.keys(item))).toEqual(items.map(() => file.columns.map((column) => column.key)));
    expect(items.map((item) => file.columns.map((column) => asCsv(column, item[column.key])))).toEqual(rows);
  });

  it("keeps texts, dates and lists as they are", async () => {
    const { text } = await download("ccas", "organisations.json", f.ccasAdmin.cookie);
    const tricky = (JSON.parse(text) as Record<string, unknown>[]).find((item) => item.id === f.tricky.id)!;
    expect(tricky).toMatchObject({
      nom: TRICKY.name,
      description_courte: TRICKY.shortDescription,
      description: TRICKY.description,
      publiee_le: "2025-05-16",
      latitude: TRICKY.latitude,
      toute_la_ville: false,
      quartiers_action: ["Dervallières - Zola", "Nantes Nord"],
    });
  });
});

describe("the map's GeoJSON", () => {
  it("has the moderated structures and offers that have a point, at [longitude, latitude]", async () => {
    const { response, text } = await download("ccas", "carte.geojson", f.ccasAdmin.cookie);
    expect(response.headers.get("Content-Type")).toBe("application/geo+json; charset=utf-8");
    const collection = JSON.parse(text) as {
      type: string;
      features: { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(collection.type).toBe("FeatureCollection");
    const feature = (id: string) => collection.features.find((item) => item.properties.id === id);
    expect(feature(f.tricky.id)?.geometry).toEqual({ type: "Point", coordinates: [TRICKY.longitude, TRICKY.latitude] });
    expect(feature(f.tricky.id)?.properties).toMatchObject({ objet: "organisation", nom: TRICKY.name, type: "Association" });
    expect(feature(f.publishedOffer.id)?.properties).toMatchObject({ objet: "offre", ressource: "Locaux" });
    expect(feature(f.pendingOrganisation.id)?.properties.etat).toBe("en attente de validation");
    expect(feature(f.expiredOffer.id)).toBeUndefined(); // no point
    const stored = await db().organisation.count({
      where: { status: { not: "draft" }, latitude: { not: null }, longitude: { not: null } },
    });
    expect(collection.features.filter((item) => item.properties.objet === "organisation")).toHaveLength(stored);
  });
});

describe("the open data", () => {
  it("has exactly the public items, by the visibility rule", async () => {
    const now = new Date();
    const expected = {
      organisations: await db().organisation.findMany({ where: visibleOrganisationWhere(), select: { id: true } }),
      offres: await db().offer.findMany({ where: visibleOfferWhere(now), select: { id: true } }),
      idees: await db().idea.findMany({ where: visibleIdeaWhere(), select: { id: true } }),
    };
    for (const [name, items] of Object.entries(expected)) {
      const { text } = await download("public", `${name}.csv`);
      const [header, ...rows] = parseCsv(text);
      expect([...byId(rows, header!).keys()].sort()).toEqual(items.map((item) => item.id).sort());
    }
    const organisations = (await download("public", "organisations.csv")).text;
    expect(organisations).toContain(f.tricky.id);
    expect(organisations).not.toContain(f.pendingOrganisation.id);
    expect(organisations).not.toContain(f.draftOrganisation.id);
    const offers = (await download("public", "offres.csv")).text;
    expect(offers).toContain(f.publishedOffer.id);
    for (const hidden of [f.expiredOffer, f.pendingOffer, f.hiddenOrganisationOffer]) expect(offers).not.toContain(hidden.id);
    const ideas = (await download("public", "idees.json")).text;
    expect(ideas).toContain(f.publishedIdea.id);
    expect(ideas).not.toContain(f.pendingIdea.id);
  });

  it("carries no private field: no state, identifiers, e-mail, phone, moderation or counts", async () => {
    const allowed = {
      organisations: [
        "Identifiant",
        "Nom",
        "Fiche",
        "Démo",
        "Code secteur",
        "Secteur",
        "Code type de structure",
        "Type de structure",
        "Description courte",
        "Description",
        "Site web",
        "Adresse",
        "Quartier d'implantation",
        "Agit sur toute la ville",
        "Quartiers d'action",
        "Sous-axes",
        "Ressources proposées",
        "Ressources recherchées",
        "Latitude",
        "Longitude",
        "Vérifiée par le CCAS",
        "Publiée le",
      ],
      offres: [
        "Identifiant",
        "Titre",
        "Structure",
        "Identifiant de la structure",
        "Fiche",
        "Démo",
        "Code ressource",
        "Ressource",
        "Description",
        "Quartier",
        "Latitude",
        "Longitude",
        "Disponibilités",
        "Créneaux",
        "Capacité",
        "Conditions",
        "Valable du",
        "Valable jusqu'au",
        "Publiée le",
      ],
      idees: [
        "Identifiant",
        "Titre",
        "Page",
        "Structure porteuse",
        "Identifiant de la structure",
        "Démo",
        "Appel",
        "Résumé",
        "Description",
        "Agit sur l'isolement",
        "Agit sur la précarité",
        "Public visé",
        "Publics",
        "Toute la ville",
        "Quartiers",
        "Sous-axes",
        "Secteurs recherchés",
        "Ressources recherchées",
        "Démarrage envisagé",
        "Étape",
        "Publiée le",
      ],
    };
    for (const [name, headers] of Object.entries(allowed)) {
      const { text } = await download("public", `${name}.csv`);
      expect(parseCsv(text)[0]).toEqual(headers);
      const json = (await download("public", `${name}.json`)).text;
      for (const secret of [
        TRICKY.publicEmail,
        TRICKY.publicPhone,
        TRICKY.siret,
        f.member.email,
        "@exemple.org",
        "passwordHash",
      ]) {
        expect(text).not.toContain(secret);
        expect(json).not.toContain(secret);
      }
    }
  });

  it("has a page with the licence, the files and their data dictionary", async () => {
    const page = await publicPageLoader(loaderArgsFor(getRequest("/donnees")));
    expect(page.files.map((file) => file.links.map((link) => link.href))).toEqual([
      ["/donnees/organisations.csv", "/donnees/organisations.json"],
      ["/donnees/offres.csv", "/donnees/offres.json"],
      ["/donnees/idees.csv", "/donnees/idees.json"],
    ]);
    const organisations = page.files[0]!;
    expect(organisations.count).toBe(await db().organisation.count({ where: visibleOrganisationWhere() }));
    for (const column of organisations.columns) {
      expect(column.meaning.length).toBeGreaterThan(10);
      expect(column.example).not.toBe("");
    }
  });

  it("counts a structure published since the last view (the counts are kept between views)", async () => {
    const before = (await publicPageLoader(loaderArgsFor(getRequest("/donnees")))).files[0]!.count;
    expect((await publicPageLoader(loaderArgsFor(getRequest("/donnees")))).files[0]!.count).toBe(before);
    const admin = await createActor({ email: `donnees-${tag}@exemple.org` });
    const added = await createOrganisationFor(admin);
    expect((await publicPageLoader(loaderArgsFor(getRequest("/donnees")))).files[0]!.count).toBe(before + 1);
    await db().organisation.update({ where: { id: added.id }, data: { status: "pending" } });
    expect((await publicPageLoader(loaderArgsFor(getRequest("/donnees")))).files[0]!.count).toBe(before);
  });
});

describe("reading in pages", () => {
  it.each([...CCAS_EXPORTS, ...PUBLIC_EXPORTS].map((file): [string, ExportFile] => [file.name, file]))(
    "%s: pages of 2 rows give the rows of one read, each once",
    async (_name, file) => {
      const now = new Date();
      const read = async (size: number) => {
        const pages: number[] = [];
        const ids: unknown[] = [];
        for await (const page of file.pages(db(), now, size)) {
          pages.push(page.length);
          ids.push(...page.map((row) => JSON.stringify(row)));
        }
        return { pages, ids };
      };
      const [small, whole] = await Promise.all([read(2), read(100_000)]);
      expect(small.ids).toEqual(whole.ids);
      expect(small.ids.length).toBe(await file.count(db(), now));
      // One row per item read, except the members' file (a page of groupements gives all their members).
      if (file.name !== "groupements-membres") expect(small.pages.length).toBe(Math.ceil(small.ids.length / 2));
    },
  );
});

describe("streaming to a slow client", () => {
  it("reads the next rows only as the client takes the file, then sends it whole", async () => {
    const PAGES = 2000;
    let pagesRead = 0;
    async function* pages(): AsyncGenerator<ExportRow[]> {
      for (let page = 0; page < PAGES; page += 1) {
        pagesRead += 1;
        yield Array.from({ length: 10 }, (_unused, row) => ({
          id: `${page}-${row}`,
          texte: "Une ligne ; « longue ».\n".repeat(20),
        }));
      }
    }
    const columns: Column[] = [
      { key: "id", header: "Identifiant", type: "text", meaning: "", example: "" },
      { key: "texte", header: "Texte", type: "text", meaning: "", example: "" },
    ];
    // A client that takes nothing until released: its socket's buffer fills after 1 KB.
    const held: (() => void)[] = [];
    let released = false;
    let received = 0;
    const client = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (released) callback();
        else held.push(callback);
      },
    });
    const sent = writeBody(csvStream(columns, pages()), client);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // A few pages fill the buffers between the database and the socket; the rest waits.
    expect(pagesRead).toBeLessThan(100);
    released = true;
    for (const callback of held.splice(0)) callback();
    await sent;
    expect(pagesRead).toBe(PAGES);
    expect(received).toBeGreaterThan(PAGES * 10 * 500);
  });
});
