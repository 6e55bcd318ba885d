import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CALLS } from "~/domain/calls/nantes-isolement-2025";
import { subAxisCodes } from "~/domain/call";
import { detectDelimiter, parseCsvText } from "~/domain/csv.server";
import type { IrisCollection, QuartierCollection } from "~/domain/geo";
import { parsePopulationUpload } from "~/domain/population-upload";
import { normaliseNaf, parseActivityTable, rnaActivity } from "~/domain/registers/activity-tables";
import { canonicalFacts, registerDay, type RowOutcome } from "~/domain/registers/facts";
import { createLocator, lambert93ToWgs84, wgs84ToLambert93 } from "~/domain/registers/lambert";
import { readCsvRecords, type CsvEncoding, type CsvReadInfo } from "~/domain/registers/read-csv";
import { REJECTION_REASONS } from "~/domain/registers/reasons";
import { createRnaReader, RNA_COLUMNS } from "~/domain/registers/rna";
import { createSireneReader, SIRENE_COLUMNS } from "~/domain/registers/sirene";
import { QUARTIERS } from "~/domain/taxonomy";

const GEO = path.join("prisma", "data", "geo");
const quartiers = JSON.parse(fs.readFileSync(path.join(GEO, "quartiers-nantes.geojson"), "utf8")) as QuartierCollection;
const iris = JSON.parse(fs.readFileSync(path.join(GEO, "iris-nantes.geojson"), "utf8")) as IrisCollection;
const locate = createLocator(quartiers, iris);
const tableText = (file: string) => fs.readFileSync(path.join("prisma", "data", "registers", file), "utf8");
const rnaTable = parseActivityTable(tableText("rna-objets-sociaux.csv")).table;
const nafTable = parseActivityTable(tableText("sirene-naf.csv")).table;

/** Byte chunks of a text, cut every `size` bytes (through multi-byte characters too). */
async function* chunks(bytes: Uint8Array, size: number) {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const cp1252 = (text: string) =>
  Uint8Array.from([...text].map((char) => ({ œ: 0x9c, "’": 0x92, "€": 0x80, é: 0xe9, È: 0xc8 })[char] ?? char.charCodeAt(0)));

describe("CSV reading", () => {
  it("tells semicolons from commas by the first line, quoted text aside", () => {
    expect(detectDelimiter("id;titre;objet")).toBe(";");
    expect(detectDelimiter("siren,nic,siret")).toBe(",");
    expect(detectDelimiter('"a;b;c",d,e')).toBe(",");
  });

  it("reads a quoted field holding a line break, a separator and doubled quotes", () => {
    expect(parseCsvText('a;b\n"1;\nsuite";"dit ""oui"""\n\n')).toEqual([
      ["a", "b"],
      ["1;\nsuite", 'dit "oui"'],
    ]);
  });

  it("the population upload reads a source written on two lines", () => {
    const text = [
      "slug;population;source;year",
      ...QUARTIERS.map((quartier, index) => `${quartier.code};${1000 + index};"INSEE,\nrecensement";2021`),
    ].join("\r\n");
    const upload = parsePopulationUpload(text);
    expect(upload.errors).toEqual([]);
    expect(upload.rows).toHaveLength(11);
    expect(upload.rows[0]).toMatchObject({ slug: "centre-ville", population: 1000, source: "INSEE,\nrecensement", year: 2021 });
  });

  it("the population upload says a quote was left open instead of failing", () => {
    expect(parsePopulationUpload('slug,population,source,year\ncentre-ville,1,"INSEE,2021').errors).toEqual([
      "Le fichier n'est pas lisible : un guillemet n'est pas fermé (ligne 2).",
    ]);
  });
});

describe("encodings", () => {
  /** The cells of a one-column CSV read from `bytes` cut every `size` bytes, and the encoding found. */
  async function read(bytes: Uint8Array, size: number, encoding: CsvEncoding = "auto") {
    const info: CsvReadInfo = { encoding: null, delimiter: null };
    const records = await collect(readCsvRecords(chunks(bytes, size), { encoding }, info));
    return { cells: records.slice(1).map((record) => record[0]), encoding: info.encoding };
  }

  it("reads Windows-1252's œ, ’ and € where ISO-8859-1 has control characters", async () => {
    expect(await read(cp1252("nom\nCœur d’îlot 5 €\n"), 4, "windows-1252")).toEqual({
      cells: ["Cœur d’îlot 5 €"],
      encoding: "windows-1252",
    });
  });

  it("auto: UTF-8 when the first bytes beyond ASCII are UTF-8, even cut in the middle of a character", async () => {
    const text = `${"a".repeat(10)}Élan du cœur « chez Léa »`;
    expect(await read(new TextEncoder().encode(`nom\n${text}\n`), 11)).toEqual({ cells: [text], encoding: "utf-8" });
  });

  it("auto: Windows-1252 when the first bytes beyond ASCII are not UTF-8, after pure ASCII chunks", async () => {
    const text = `${"x".repeat(50)}Cœur d’îlot`;
    expect(await read(cp1252(`nom\n${text}\n`), 16)).toEqual({ cells: [text], encoding: "windows-1252" });
  });

  it("auto: Windows-1252 when its first « é » ends a chunk, where UTF-8 would start a character", async () => {
    // "nom\n" and ten x: the é is the 15th byte, the last of the first chunk.
    const text = `${"x".repeat(10)}é à la suite`;
    expect(await read(cp1252(`nom\n${text}\n`), 15)).toEqual({ cells: [text], encoding: "windows-1252" });
    // And when it ends the file.
    expect(await read(cp1252("nom\nCafé"), 8)).toEqual({ cells: ["Café"], encoding: "windows-1252" });
  });

  it("a file said to be UTF-8 that is not fails instead of reading « � »", async () => {
    await expect(read(cp1252("nom\nCœur\n"), 2, "utf-8")).rejects.toThrow(TypeError);
  });

  it("streams records across chunk boundaries, a quoted line break included", async () => {
    const text = '\uFEFFid;titre;objet\r\nW1;"Les Amis";"aider;\r\nà domicile"\r\nW2;Autre;x\r\n';
    const info = { encoding: null, delimiter: null };
    const records = await collect(readCsvRecords(chunks(new TextEncoder().encode(text), 5), {}, info));
    expect(records).toEqual([
      ["id", "titre", "objet"],
      ["W1", "Les Amis", "aider;\r\nà domicile"],
      ["W2", "Autre", "x"],
    ]);
    expect(info).toEqual({ encoding: "utf-8", delimiter: ";" });
  });
});

describe("Lambert-93", () => {
  it("the projection's origin is 3° E, 46.5° N", () => {
    expect(lambert93ToWgs84(700_000, 6_600_000)).toEqual({ lat: 46.5, lng: 3 });
  });

  it("known places of Nantes fall in their quartier", () => {
    const places = [
      { x: 355_857.1, y: 6_689_440.0, quartier: "centre-ville" }, // Château des ducs
      { x: 354_662.8, y: 6_688_452.0, quartier: "ile-de-nantes" }, // Parc des Chantiers
      { x: 357_977.9, y: 6_693_768.4, quartier: "nantes-erdre" }, // La Beaujoire
      { x: 352_892.4, y: 6_688_387.8, quartier: "bellevue-chantenay-sainte-anne" }, // Butte Sainte-Anne
      { x: 356_462.4, y: 6_687_179.8, quartier: "nantes-sud" }, // Pirmil
      { x: 355_560.5, y: 6_692_572.4, quartier: "nantes-nord" }, // Campus du Tertre
    ];
    for (const place of places) {
      const point = lambert93ToWgs84(place.x, place.y)!;
      expect(locate(point).quartier).toBe(place.quartier);
      expect(locate(point).iris).toMatch(/^44109\d{4}$/);
    }
  });

  it("the Château des ducs is where a map says it is, and back", () => {
    const point = lambert93ToWgs84(355_857.1, 6_689_440.0)!;
    expect(point.lat).toBeCloseTo(47.216, 4);
    expect(point.lng).toBeCloseTo(-1.5497, 4);
    const back = wgs84ToLambert93(point);
    expect(back.x).toBeCloseTo(355_857.1, 0);
  });

  it("coordinates missing or outside France give no point; outside Nantes, no quartier", () => {
    expect(lambert93ToWgs84(Number.NaN, 6_689_440)).toBeNull();
    expect(lambert93ToWgs84(0, 0)).toBeNull();
    expect(locate(lambert93ToWgs84(651_000, 6_862_000)!)).toEqual({ quartier: null, iris: null }); // Paris
  });
});

describe("mapping tables", () => {
  const codes = new Set(CALLS.flatMap((call) => subAxisCodes(call)));

  it.each([
    ["rna-objets-sociaux.csv", rnaTable],
    ["sirene-naf.csv", nafTable],
  ])("%s is valid and names only sub-axes of the call", (file, table) => {
    expect(parseActivityTable(tableText(file)).errors).toEqual([]);
    expect(table.size).toBeGreaterThan(20);
    for (const row of table.values()) for (const code of row.subAxes) expect(codes).toContain(code);
  });

  it("says what is wrong with a table, line by line", () => {
    const { errors } = parseActivityTable(
      "code;libelle;garder;secteur;nature;sous_axes;commentaire\n1;x;peut-être;sport;club;2-1;\n1;y;oui;sante;autre;;",
    );
    expect(errors).toEqual([
      "Ligne 2 : garder vaut « oui » ou « non ».",
      "Ligne 2 : secteur « sport » inconnu.",
      "Ligne 2 : nature « club » inconnue.",
      "Ligne 2 : sous-axe « 2-1 » mal écrit (comme 2.1).",
      "Ligne 3 : le code 1 apparaît deux fois.",
    ]);
  });

  it("an RNA code falls back to its theme, and « divers » to the second social object", () => {
    expect(rnaActivity(rnaTable, "019004", "")).toMatchObject({ code: "019004", row: { label: "Interventions sociales" } });
    expect(rnaActivity(rnaTable, "050000", "017020")).toMatchObject({ code: "017020", row: { sector: "sante" } });
    expect(rnaActivity(rnaTable, "", "")).toEqual({ code: "", row: null });
    expect(normaliseNaf("8621Z")).toBe("86.21Z");
    expect(normaliseNaf("86.21z")).toBe("86.21Z");
  });

  it("register dates are days; the register's empty dates are null", () => {
    expect(registerDay("2024-11-04 10:12:33")).toEqual(new Date("2024-11-04T00:00:00Z"));
    expect(registerDay("2024-10-21T09:14:52")).toEqual(new Date("2024-10-21T00:00:00Z"));
    expect(registerDay("0001-01-01")).toBeNull();
    expect(registerDay("")).toBeNull();
  });
});

const rnaCells = (values: Partial<Record<(typeof RNA_COLUMNS)[number], string>>) =>
  RNA_COLUMNS.map((column) => values[column] ?? "");
const activeRna = { id: "W442000037", titre: "LES AMIS", adrs_codeinsee: "44109", position: "A", objet_social1: "019000" };

describe("RNA rows", () => {
  const reader = createRnaReader([...RNA_COLUMNS], rnaTable);
  const read = (values: Partial<Record<(typeof RNA_COLUMNS)[number], string>>): RowOutcome =>
    "read" in reader ? reader.read(rnaCells(values)) : { kind: "rejected", reason: "malformed", registerId: null };

  it("names the missing columns of a file that is not a Waldec export", () => {
    expect(createRnaReader(["id", "titre"], rnaTable)).toMatchObject({
      missing: expect.arrayContaining(["position", "adrs_codeinsee"]),
    });
  });

  it("keeps an active association of Nantes with its register facts", () => {
    const outcome = read({
      ...activeRna,
      siret: "99900012300011",
      adrs_numvoie: "12",
      adrs_repetition: "B",
      adrs_typevoie: "RUE",
      adrs_libvoie: "DES OLIVETTES",
      adrs_codepostal: "44000",
      adrs_libcommune: "Nantes",
      date_creat: "2001-02-03",
      maj_time: "2024-11-04 10:12:33",
    });
    expect(outcome).toEqual({
      kind: "kept",
      facts: {
        source: "rna",
        registerId: "W442000037",
        name: "LES AMIS",
        address: "12B RUE DES OLIVETTES, 44000 Nantes",
        postalCode: "44000",
        communeCode: "44109",
        activityCode: "019000",
        activityLabel: "Interventions sociales",
        sector: "associatif",
        kind: "association",
        subAxes: ["2.1", "2.2"],
        siret: "99900012300011",
        latitude: null,
        longitude: null,
        quartier: null,
        irisCode: null,
        registeredOn: new Date("2001-02-03T00:00:00Z"),
        registerUpdatedAt: new Date("2024-11-04T00:00:00Z"),
      },
    });
  });

  it.each([
    [{ ...activeRna, adrs_codeinsee: "44162", position: "D" }, "outside-nantes", null],
    [{ ...activeRna, position: "D" }, "dissolved", "W442000037"],
    [{ ...activeRna, date_disso: "2023-06-30" }, "dissolved", "W442000037"],
    [{ ...activeRna, position: "S" }, "deleted", "W442000037"],
    [{ ...activeRna, position: "X" }, "not-active", "W442000037"],
    [{ ...activeRna, id: "W44X" }, "invalid-id", null],
    [{ ...activeRna, titre: "" }, "no-name", "W442000037"],
  ] as const)("sets aside %o as %s", (values, reason, registerId) => {
    expect(read(values)).toEqual({ kind: "rejected", reason, registerId });
  });

  it("a second row of the same association, and a row of another width, are set aside", () => {
    const fresh = createRnaReader([...RNA_COLUMNS], rnaTable);
    if (!("read" in fresh)) throw new Error("reader expected");
    expect(fresh.read(rnaCells(activeRna)).kind).toBe("kept");
    expect(fresh.read(rnaCells(activeRna))).toMatchObject({ reason: "duplicate" });
    expect(fresh.read(["W442000038", "x"])).toMatchObject({ reason: "malformed" });
  });
});

const sireneCells = (values: Partial<Record<(typeof SIRENE_COLUMNS)[number], string>>) =>
  SIRENE_COLUMNS.map((column) => values[column] ?? "");
const activeSirene = {
  siret: "99900012300011",
  statutDiffusionEtablissement: "O",
  codeCommuneEtablissement: "44109",
  etatAdministratifEtablissement: "A",
  activitePrincipaleEtablissement: "47.73Z",
  enseigne1Etablissement: "PHARMACIE DU CHATEAU",
  coordonneeLambertAbscisseEtablissement: "355857.1",
  coordonneeLambertOrdonneeEtablissement: "6689440.0",
};

describe("SIRENE rows", () => {
  const reader = createSireneReader([...SIRENE_COLUMNS], nafTable, locate);
  const read = (values: Partial<Record<(typeof SIRENE_COLUMNS)[number], string>>): RowOutcome =>
    "read" in reader ? reader.read(sireneCells(values)) : { kind: "rejected", reason: "malformed", registerId: null };

  it("keeps a public, active establishment of Nantes in a kept activity, placed in its quartier and IRIS", () => {
    const outcome = read({
      ...activeSirene,
      numeroVoieEtablissement: "3",
      typeVoieEtablissement: "PL",
      libelleVoieEtablissement: "DU CHATEAU",
    });
    expect(outcome).toMatchObject({
      kind: "kept",
      facts: {
        source: "sirene",
        registerId: "99900012300011",
        name: "PHARMACIE DU CHATEAU",
        address: "3 PL DU CHATEAU",
        activityCode: "47.73Z",
        sector: "sante",
        kind: "entreprise",
        subAxes: ["2.1"],
        quartier: "centre-ville",
        irisCode: expect.stringMatching(/^441090\d{3}$/),
      },
    });
  });

  it.each([
    [{ ...activeSirene, codeCommuneEtablissement: "44162", statutDiffusionEtablissement: "P" }, "outside-nantes", null],
    [{ ...activeSirene, statutDiffusionEtablissement: "P", enseigne1Etablissement: "[ND]" }, "not-diffusible", "99900012300011"],
    [{ ...activeSirene, statutDiffusionEtablissement: "N" }, "not-diffusible", "99900012300011"],
    [{ ...activeSirene, statutDiffusionEtablissement: "" }, "not-diffusible", "99900012300011"],
    [
      { ...activeSirene, statutDiffusionEtablissement: "P", etatAdministratifEtablissement: "F" },
      "not-diffusible",
      "99900012300011",
    ],
    [{ ...activeSirene, etatAdministratifEtablissement: "F" }, "closed", "99900012300011"],
    [{ ...activeSirene, activitePrincipaleEtablissement: "62.01Z" }, "activity-not-kept", "99900012300011"],
    [{ ...activeSirene, activitePrincipaleEtablissement: "68.20A" }, "activity-not-kept", "99900012300011"],
    [{ ...activeSirene, siret: "99900012300012" }, "invalid-id", null],
    [{ ...activeSirene, enseigne1Etablissement: "", denominationUsuelleEtablissement: "[ND]" }, "no-name", "99900012300011"],
  ] as const)("sets aside %o as %s", (values, reason, registerId) => {
    expect(read(values)).toEqual({ kind: "rejected", reason, registerId });
  });

  it("an establishment without coordinates is kept, unplaced", () => {
    expect(
      read({
        ...activeSirene,
        siret: "99900045600023",
        coordonneeLambertAbscisseEtablissement: "",
        coordonneeLambertOrdonneeEtablissement: "",
      }),
    ).toMatchObject({ kind: "kept", facts: { latitude: null, quartier: null, irisCode: null } });
  });

  it("the same facts give the same canonical text; a changed address another", () => {
    const a = read({ ...activeSirene, siret: "99900078900035" });
    const b = createSireneReader([...SIRENE_COLUMNS], nafTable, locate);
    if (a.kind !== "kept" || !("read" in b)) throw new Error("kept expected");
    const again = b.read(sireneCells({ ...activeSirene, siret: "99900078900035" }));
    const moved = createSireneReader([...SIRENE_COLUMNS], nafTable, locate);
    if (again.kind !== "kept" || !("read" in moved)) throw new Error("kept expected");
    const other = moved.read(sireneCells({ ...activeSirene, siret: "99900078900035", libelleVoieEtablissement: "AUTRE" }));
    if (other.kind !== "kept") throw new Error("kept expected");
    expect(canonicalFacts(again.facts)).toBe(canonicalFacts(a.facts));
    expect(canonicalFacts(other.facts)).not.toBe(canonicalFacts(a.facts));
  });
});

describe("the fixtures, read without a database", () => {
  async function reasons(file: string, source: "rna" | "sirene") {
    const counts: Record<string, number> = {};
    let reader: ((cells: string[]) => RowOutcome) | null = null;
    for await (const cells of readCsvRecords(fs.createReadStream(path.join("tests", "fixtures", "registers", file)))) {
      if (!reader) {
        const made = source === "rna" ? createRnaReader(cells, rnaTable) : createSireneReader(cells, nafTable, locate);
        if (!("read" in made)) throw new Error(`missing ${made.missing.join(", ")}`);
        reader = made.read;
        continue;
      }
      const outcome = reader(cells);
      const key = outcome.kind === "kept" ? "kept" : outcome.reason;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  it("the RNA file (Windows-1252, `;`) has every kind of row", async () => {
    expect(await reasons("rna-waldec-2025-01.csv", "rna")).toEqual({
      kept: 120,
      "outside-nantes": 50,
      dissolved: 12,
      deleted: 3,
      "invalid-id": 3,
      "no-name": 2,
      duplicate: 2,
      malformed: 2,
    });
  });

  it("the SIRENE file (UTF-8, `,`) has every kind of row", async () => {
    expect(await reasons("sirene-etablissements-2025-01.csv", "sirene")).toEqual({
      kept: 90,
      "outside-nantes": 120,
      "not-diffusible": 12,
      closed: 10,
      "activity-not-kept": 25,
      "invalid-id": 3,
      "no-name": 4,
      duplicate: 2,
      malformed: 2,
    });
  });

  it("every reason code is documented once", () => {
    const codes = REJECTION_REASONS.map((reason) => reason.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
