// `npx tsx scripts/make-register-fixtures.ts`: writes the register fixtures of tests/fixtures/registers
// (fictitious structures in the real layouts: the RNA's Waldec export in Windows-1252 with `;`, and
// SIRENE's StockEtablissement in UTF-8 with `,`), a first file and a newer one of each. Same seed,
// same files. The counts each file should give are in the tests (tests/integration/register-import.test.ts).
import fs from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { quartierOfPoint, type QuartierCollection } from "../app/domain/geo";
import { luhnCheckDigit } from "../app/domain/identifiers";
import { createRandom, type Random } from "../app/domain/random";
import { encodeWindows1252 } from "../app/domain/registers/read-csv";
import { RNA_COLUMNS } from "../app/domain/registers/rna";
import { SIRENE_COLUMNS } from "../app/domain/registers/sirene";
import { wgs84ToLambert93 } from "../app/domain/registers/lambert";
import { QUARTIERS } from "../app/domain/taxonomy";

const OUT = path.join("tests", "fixtures", "registers");
const quartiers = JSON.parse(
  fs.readFileSync(path.join("prisma", "data", "geo", "quartiers-nantes.geojson"), "utf8"),
) as QuartierCollection;

// ——— Shared helpers ———

/** 13 random digits and the one that makes them pass Luhn's check, as SIRETs do. */
export function makeSiret(random: Random): string {
  const digits = Array.from({ length: 13 }, () => random.int(0, 9));
  digits[0] = random.int(1, 9);
  return `${digits.join("")}${luhnCheckDigit(digits.join(""))}`;
}

const FIRST = ["Les Amis", "Collectif", "Entraide", "Maison", "Atelier", "Réseau", "Cercle", "Compagnie", "Comité", "Union"];
const SECOND = [
  "des Voisins du Tilleul",
  "du Quai des Lilas",
  "de la Butte aux Hirondelles",
  "des Jardins Partagés de l'Aubépine",
  "du Café des Rencontres",
  "des Lucioles",
  "du Pont des Saules",
  "de l'Œil Ouvert",
  "des Aînés Curieux",
  "du Square des Tisserands",
  "des Mots d’Encre",
  "de la Clé des Champs",
];
const STREETS = ["DES TILLEULS", "DU CORMIER", "DE LA VERRIERE", "DES ROSIERS", "DU PRE GAUCHET", "DES AMANDIERS", "DU HALAGE"];
const fictitiousName = (random: Random, index: number) => `${random.pick(FIRST)} ${random.pick(SECOND)} ${index}`;

// ——— RNA (Waldec) ———

type RnaRow = Record<(typeof RNA_COLUMNS)[number], string>;

const RNA_OBJECTS = [
  "019000",
  "019004",
  "020000",
  "021000",
  "009000",
  "006030",
  "011000",
  "014000",
  "017000",
  "032000",
  "030000",
  "003000",
];

function rnaRow(random: Random, index: number, overrides: Partial<RnaRow> = {}): RnaRow {
  const numero = String(random.int(1, 180));
  const row = Object.fromEntries(RNA_COLUMNS.map((column) => [column, ""])) as RnaRow;
  Object.assign(row, {
    id: `W44${String(2_000_000 + index * 37).padStart(7, "0")}`,
    gestion: "442P",
    date_creat: `${random.int(1990, 2023)}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
    date_decla: "2024-01-15",
    date_publi: "2024-02-03",
    nature: "D",
    groupement: "S",
    titre: fictitiousName(random, index).toUpperCase(),
    titre_court: "",
    objet: "favoriser les rencontres entre habitants, rompre l'isolement des personnes âgées",
    objet_social1: random.pick(RNA_OBJECTS),
    objet_social2: "",
    adrs_numvoie: numero,
    adrs_typevoie: random.pick(["RUE", "AV", "BD", "ALL"]),
    adrs_libvoie: random.pick(STREETS),
    adrs_codeinsee: "44109",
    adrs_codepostal: random.pick(["44000", "44100", "44200", "44300"]),
    adrs_libcommune: "Nantes",
    adrg_achemine: "NANTES",
    adrg_pays: "FRANCE",
    dir_civilite: "PM",
    publiweb: "0",
    position: "A",
    maj_time: "2024-11-04 10:12:33",
  });
  return Object.assign(row, overrides);
}

/** The first file: every reason once or more, kept rows of several social objects and encodings' traps. */
function rnaFirst(random: Random) {
  const kept = Array.from({ length: 120 }, (_, index) => rnaRow(random, index + 1));
  // Register text that only Windows-1252 holds (œ, ’), a `;` and a line break inside quotes.
  kept[0]!.titre = "CŒUR D’ÎLOTS – VOISINS SOLIDAIRES";
  kept[1]!.objet = "aider les personnes isolées; les accompagner\nà domicile et dans le quartier";
  kept[2]!.objet_social1 = "050000";
  kept[2]!.objet_social2 = "020000";
  kept[3]!.objet_social1 = "";
  kept[4]!.siret = makeSiret(random);
  const outside = Array.from({ length: 50 }, (_, index) =>
    rnaRow(random, 1000 + index, {
      adrs_codeinsee: random.pick(["44162", "44190", "44035", "75056", "49007"]),
      adrs_libcommune: "Ailleurs",
      // Outside Nantes wins over every other reason.
      position: index % 5 === 0 ? "D" : "A",
    }),
  );
  const dissolved = [
    ...Array.from({ length: 8 }, (_, index) => rnaRow(random, 2000 + index, { position: "D", date_disso: "2023-06-30" })),
    ...Array.from({ length: 4 }, (_, index) => rnaRow(random, 2100 + index, { date_disso: "2022-03-01" })),
  ];
  const deleted = Array.from({ length: 3 }, (_, index) => rnaRow(random, 2200 + index, { position: "S" }));
  const invalid = ["W44X123", "12345", ""].map((id, index) => rnaRow(random, 2300 + index, { id }));
  const noName = Array.from({ length: 2 }, (_, index) => rnaRow(random, 2400 + index, { titre: "" }));
  const duplicates = [{ ...kept[10]! }, { ...kept[11]! }];
  return { kept, outside, dissolved, deleted, invalid, noName, duplicates };
}

function writeRna(file: string, rows: RnaRow[], malformed: number) {
  const body = stringify(
    rows.map((row) => RNA_COLUMNS.map((column) => row[column])),
    { delimiter: ";", header: false, record_delimiter: "windows" },
  );
  const broken = Array.from({ length: malformed }, (_, index) => `W44990000${index};;;illisible\r\n`).join("");
  const text = `${RNA_COLUMNS.join(";")}\r\n${body}${broken}`;
  fs.writeFileSync(path.join(OUT, file), encodeWindows1252(text));
}

// ——— SIRENE (StockEtablissement) ———

type SireneRow = Record<(typeof SIRENE_COLUMNS)[number], string>;
const KEPT_NAF = ["86.21Z", "47.73Z", "88.99B", "88.10A", "91.01Z", "85.59A", "94.99Z", "87.10A", "90.01Z", "68.32A"];
const OTHER_NAF = ["62.01Z", "68.20A", "56.30Z", "47.11B", "45.20A"];

/** Known places, as a person of Nantes would name them, and the quartier they are in. */
export const LANDMARKS = [
  { name: "Château des ducs", lat: 47.216, lng: -1.5497, quartier: "centre-ville" },
  { name: "Parc des Chantiers", lat: 47.2065, lng: -1.5647, quartier: "ile-de-nantes" },
  { name: "Stade de la Beaujoire", lat: 47.256, lng: -1.525, quartier: "nantes-erdre" },
  { name: "Butte Sainte-Anne", lat: 47.205, lng: -1.588, quartier: "bellevue-chantenay-sainte-anne" },
  { name: "Pirmil", lat: 47.196, lng: -1.54, quartier: "nantes-sud" },
  { name: "Doulon", lat: 47.227, lng: -1.513, quartier: "doulon-bottiere" },
  { name: "Campus du Tertre", lat: 47.244, lng: -1.556, quartier: "nantes-nord" },
] as const;

/** A random point inside a quartier's polygon. */
function pointIn(random: Random, slug: string) {
  const idobj = QUARTIERS.find((quartier) => quartier.code === slug)!.idobj;
  const feature = quartiers.features.find((item) => Number(item.properties.idobj) === idobj)!;
  const ring = (feature.geometry.type === "Polygon" ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0]![0])!;
  const lngs = ring.map((point) => point[0]!);
  const lats = ring.map((point) => point[1]!);
  for (;;) {
    const point = {
      lng: Math.min(...lngs) + random.next() * (Math.max(...lngs) - Math.min(...lngs)),
      lat: Math.min(...lats) + random.next() * (Math.max(...lats) - Math.min(...lats)),
    };
    if (quartierOfPoint(quartiers, point)?.code === slug) return point;
  }
}

function sireneRow(random: Random, index: number, overrides: Partial<SireneRow> = {}): SireneRow {
  const siret = makeSiret(random);
  const row = Object.fromEntries(SIRENE_COLUMNS.map((column) => [column, ""])) as SireneRow;
  const named = random.chance(0.5);
  Object.assign(row, {
    siren: siret.slice(0, 9),
    nic: siret.slice(9),
    siret,
    statutDiffusionEtablissement: "O",
    dateCreationEtablissement: `${random.int(1995, 2023)}-0${random.int(1, 9)}-0${random.int(1, 9)}`,
    trancheEffectifsEtablissement: random.pick(["NN", "01", "02", "11"]),
    anneeEffectifsEtablissement: "2022",
    dateDernierTraitementEtablissement: "2024-10-21T09:14:52",
    etablissementSiege: random.chance(0.5) ? "true" : "false",
    nombrePeriodesEtablissement: String(random.int(1, 4)),
    numeroVoieEtablissement: String(random.int(1, 120)),
    typeVoieEtablissement: random.pick(["RUE", "AV", "BD", "PL"]),
    libelleVoieEtablissement: random.pick(STREETS),
    codePostalEtablissement: random.pick(["44000", "44100", "44200", "44300"]),
    libelleCommuneEtablissement: "NANTES",
    codeCommuneEtablissement: "44109",
    identifiantAdresseEtablissement: `44109_${random.int(1000, 9999)}_${String(random.int(1, 120)).padStart(5, "0")}`,
    dateDebut: "2020-01-01",
    etatAdministratifEtablissement: "A",
    enseigne1Etablissement: named ? fictitiousName(random, index) : "",
    denominationUsuelleEtablissement: named ? "" : fictitiousName(random, index),
    activitePrincipaleEtablissement: random.pick(KEPT_NAF),
    nomenclatureActivitePrincipaleEtablissement: "NAFv2",
    caractereEmployeurEtablissement: random.pick(["O", "N"]),
  });
  return Object.assign(row, overrides);
}

const lambert = (point: { lat: number; lng: number }) => {
  const { x, y } = wgs84ToLambert93(point);
  return { coordonneeLambertAbscisseEtablissement: x.toFixed(1), coordonneeLambertOrdonneeEtablissement: y.toFixed(1) };
};

function sireneFirst(random: Random) {
  const placed = QUARTIERS.flatMap((quartier, q) =>
    Array.from({ length: 7 }, (_, index) => sireneRow(random, q * 10 + index, lambert(pointIn(random, quartier.code)))),
  );
  const landmarks = LANDMARKS.slice(0, 5).map((landmark, index) =>
    sireneRow(random, 200 + index, { enseigne1Etablissement: `Maison de santé ${landmark.name}`, ...lambert(landmark) }),
  );
  const unplaced = Array.from({ length: 8 }, (_, index) => sireneRow(random, 300 + index));
  const kept = [...placed, ...landmarks, ...unplaced];
  kept[0]!.enseigne1Etablissement = "Pharmacie du Cœur, « chez Léa »";
  kept[0]!.denominationUsuelleEtablissement = "";
  const outside = Array.from({ length: 120 }, (_, index) =>
    sireneRow(random, 1000 + index, {
      codeCommuneEtablissement: random.pick(["44162", "44190", "75056", "69123", "35238"]),
      libelleCommuneEtablissement: "AILLEURS",
      statutDiffusionEtablissement: index % 10 === 0 ? "P" : "O",
      etatAdministratifEtablissement: index % 7 === 0 ? "F" : "A",
    }),
  );
  // Partly diffusible: Insee masks what the person did not want published.
  const notDiffusible = Array.from({ length: 12 }, (_, index) =>
    sireneRow(random, 2000 + index, {
      statutDiffusionEtablissement: "P",
      enseigne1Etablissement: "[ND]",
      denominationUsuelleEtablissement: "[ND]",
      numeroVoieEtablissement: "[ND]",
      libelleVoieEtablissement: "[ND]",
      coordonneeLambertAbscisseEtablissement: "[ND]",
      coordonneeLambertOrdonneeEtablissement: "[ND]",
    }),
  );
  const closed = Array.from({ length: 10 }, (_, index) =>
    sireneRow(random, 2100 + index, { etatAdministratifEtablissement: "F" }),
  );
  const otherActivity = Array.from({ length: 25 }, (_, index) =>
    sireneRow(random, 2200 + index, { activitePrincipaleEtablissement: OTHER_NAF[index % OTHER_NAF.length]! }),
  );
  const invalid = Array.from({ length: 3 }, (_, index) => {
    const row = sireneRow(random, 2300 + index);
    const last = Number(row.siret.at(-1));
    return { ...row, siret: `${row.siret.slice(0, 13)}${(last + 1) % 10}` };
  });
  const noName = Array.from({ length: 4 }, (_, index) =>
    sireneRow(random, 2400 + index, { enseigne1Etablissement: "", denominationUsuelleEtablissement: "" }),
  );
  return { kept, outside, notDiffusible, closed, otherActivity, invalid, noName };
}

function writeSirene(file: string, rows: SireneRow[], malformed: number) {
  const body = stringify(
    rows.map((row) => SIRENE_COLUMNS.map((column) => row[column])),
    { delimiter: ",", header: false },
  );
  const broken = Array.from({ length: malformed }, (_, index) => `99999999${index},illisible,44109\n`).join("");
  fs.writeFileSync(path.join(OUT, file), `${SIRENE_COLUMNS.join(",")}\n${body}${broken}`, "utf8");
}

// ——— The files ———

fs.mkdirSync(OUT, { recursive: true });

{
  const random = createRandom(16_2025);
  const first = rnaFirst(random);
  const { kept, outside, dissolved, deleted, invalid, noName, duplicates } = first;
  writeRna("rna-waldec-2025-01.csv", [...kept, ...outside, ...dissolved, ...deleted, ...invalid, ...noName, ...duplicates], 2);

  // Six months later: 100 unchanged, 8 moved (new address, new update date), 7 dissolved, 5 gone, 6 new.
  const unchanged = kept.slice(0, 100);
  const moved = kept
    .slice(100, 108)
    .map((row) => ({ ...row, adrs_numvoie: "7", adrs_libvoie: "DU NOUVEAU SIEGE", maj_time: "2025-05-20 08:00:00" }));
  const nowDissolved = kept
    .slice(108, 115)
    .map((row) => ({ ...row, position: "D", date_disso: "2025-04-01", maj_time: "2025-04-02 09:00:00" }));
  const created = Array.from({ length: 6 }, (_, index) => rnaRow(random, 500 + index));
  writeRna(
    "rna-waldec-2025-06.csv",
    [
      ...unchanged,
      ...moved,
      ...nowDissolved,
      ...created,
      ...outside,
      ...dissolved,
      ...deleted,
      ...invalid,
      ...noName,
      ...duplicates,
    ],
    2,
  );
}

{
  const random = createRandom(44_109);
  const { kept, outside, notDiffusible, closed, otherActivity, invalid, noName } = sireneFirst(random);
  // Landmarks come first in the newer file's unchanged rows: the tests look their quartiers up.
  const reordered = [...kept.slice(77, 82), ...kept.slice(0, 77), ...kept.slice(82)];
  const duplicates = [{ ...reordered[20]! }, { ...reordered[21]! }];
  writeSirene(
    "sirene-etablissements-2025-01.csv",
    [...reordered, ...outside, ...notDiffusible, ...closed, ...otherActivity, ...invalid, ...noName, ...duplicates],
    2,
  );

  // Later: 70 unchanged, 6 moved to another quartier, 5 closed, 4 no longer public, 5 gone, 8 new.
  const unchanged = reordered.slice(0, 70);
  const moved = reordered.slice(70, 76).map((row, index) => ({
    ...row,
    numeroVoieEtablissement: "1",
    libelleVoieEtablissement: "DU DEMENAGEMENT",
    dateDernierTraitementEtablissement: "2025-05-02T11:00:00",
    ...lambert(LANDMARKS[5 + (index % 2)]!),
  }));
  const nowClosed = reordered.slice(76, 81).map((row) => ({ ...row, etatAdministratifEtablissement: "F" }));
  const nowHidden = reordered.slice(81, 85).map((row) => ({
    ...row,
    statutDiffusionEtablissement: "P",
    enseigne1Etablissement: "[ND]",
    denominationUsuelleEtablissement: "[ND]",
  }));
  const created = Array.from({ length: 8 }, (_, index) =>
    sireneRow(random, 600 + index, lambert(pointIn(random, "nantes-nord"))),
  );
  writeSirene(
    "sirene-etablissements-2025-06.csv",
    [
      ...unchanged,
      ...moved,
      ...nowClosed,
      ...nowHidden,
      ...created,
      ...outside,
      ...notDiffusible,
      ...closed,
      ...otherActivity,
      ...invalid,
      ...noName,
      ...duplicates,
    ],
    2,
  );
}

console.log(`Fixtures written to ${OUT}`);
