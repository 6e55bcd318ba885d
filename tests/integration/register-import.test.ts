import { execFile, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { visibleOrganisationWhere } from "~/domain/publication";
import { openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import { importRegister, RegisterImportError } from "~/models/register-import.server";
import { action as contactAction } from "~/routes/organisations.$slug._index";
import { loader as directoryLoader } from "~/routes/annuaire";
import { getDb } from "~/utils/db.server";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const FIXTURES = path.join("tests", "fixtures", "registers");
const RNA_FIRST = path.join(FIXTURES, "rna-waldec-2025-01.csv");
const RNA_NEWER = path.join(FIXTURES, "rna-waldec-2025-06.csv");
const SIRENE_FIRST = path.join(FIXTURES, "sirene-etablissements-2025-01.csv");
const SIRENE_NEWER = path.join(FIXTURES, "sirene-etablissements-2025-06.csv");

const db = () => getDb();

// The tests of this file share one database: each starts from the seeded one, without register data.
beforeEach(async () => {
  await db().registerEntry.deleteMany();
  await db().organisation.deleteMany({
    where: { OR: [{ unclaimed: true }, { claimedAt: { not: null } }, { slug: { startsWith: "test-registre-" } }] },
  });
  await db().registerImport.deleteMany();
  await db().appState.deleteMany({ where: { key: "registerImport.running" } });
});
const importFile = (source: "rna" | "sirene", file: string) =>
  importRegister(db(), {
    source,
    input: fs.createReadStream(file),
    fileName: path.basename(file),
    bytesTotal: fs.statSync(file).size,
  });

/** The SIRETs of a fixture's rows that match a test (the files are the truth the tests read). */
function sireneRows(file: string) {
  const [header, ...lines] = fs.readFileSync(file, "utf8").trim().split("\n");
  const columns = header!.split(",");
  return lines
    .map((line) => line.split(","))
    .filter((cells) => cells.length === columns.length)
    .map((cells) => Object.fromEntries(columns.map((column, index) => [column, cells[index]!])));
}

const RNA_FIRST_SUMMARY = {
  read: 194,
  kept: 120,
  created: 120,
  updated: 0,
  unchanged: 0,
  closed: 0,
  rejected: { deleted: 3, dissolved: 12, duplicate: 2, "invalid-id": 3, malformed: 2, "no-name": 2, "outside-nantes": 50 },
};

describe("importing the RNA", () => {
  it("keeps the active associations of Nantes as unclaimed profiles, and counts the others by reason", async () => {
    const outboxBefore = await db().searchOutbox.count();
    const { summary, importId } = await importFile("rna", RNA_FIRST);
    expect(summary).toEqual(RNA_FIRST_SUMMARY);
    expect(await db().registerImport.findUniqueOrThrow({ where: { id: importId } })).toMatchObject({
      status: "done",
      read: 194,
      kept: 120,
      bytesRead: BigInt(fs.statSync(RNA_FIRST).size),
    });

    const entries = await db().registerEntry.findMany({ where: { source: "rna" }, include: { organisation: true } });
    expect(entries).toHaveLength(120);
    for (const entry of entries) {
      expect(entry.organisation).toMatchObject({ unclaimed: true, status: "draft", claimedAt: null, rna: entry.registerId });
    }
    // Read as Windows-1252: œ, ’ and – are the register's, not « � ».
    const heart = entries.find((entry) => entry.name === "CŒUR D’ÎLOTS – VOISINS SOLIDAIRES");
    expect(heart?.organisation?.name).toBe("CŒUR D’ÎLOTS – VOISINS SOLIDAIRES");
    // Mapped through the table: an association of social interventions is in sub-axes 2.1 and 2.2.
    const social = await db().registerEntry.findFirstOrThrow({
      where: { source: "rna", activityCode: "019000" },
      include: { organisation: { include: { subAxes: { include: { subAxis: true } } } } },
    });
    expect(social).toMatchObject({
      sector: "associatif",
      kind: "association",
      subAxes: "2.1 2.2",
      activityLabel: "Interventions sociales",
    });
    expect(social.organisation!.subAxes.map(({ subAxis }) => subAxis.code).sort()).toEqual(["2.1", "2.2"]);
    // Nobody is a member: nobody can speak for them yet.
    expect(
      await db().membership.count({ where: { organisationId: { in: entries.map((entry) => entry.organisationId!) } } }),
    ).toBe(0);
    // Queued for the search index in the same transactions.
    expect((await db().searchOutbox.count()) - outboxBefore).toBe(120);
  });

  it("a second run of the same file changes nothing", async () => {
    await importFile("rna", RNA_FIRST);
    const before = await db().organisation.findMany({ where: { unclaimed: true }, orderBy: { id: "asc" } });
    const outbox = await db().searchOutbox.count();
    const { summary } = await importFile("rna", RNA_FIRST);
    expect(summary).toEqual({ ...RNA_FIRST_SUMMARY, created: 0, unchanged: 120 });
    expect(await db().organisation.findMany({ where: { unclaimed: true }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db().searchOutbox.count()).toBe(outbox);
  });

  it("a newer file updates what moved, closes what was dissolved or disappeared, and creates the new", async () => {
    await importFile("rna", RNA_FIRST);
    const { summary } = await importFile("rna", RNA_NEWER);
    expect(summary).toEqual({
      read: 195,
      kept: 114,
      created: 6,
      updated: 8,
      unchanged: 100,
      closed: 12,
      rejected: { deleted: 3, dissolved: 19, duplicate: 2, "invalid-id": 3, malformed: 2, "no-name": 2, "outside-nantes": 50 },
    });
    const closed = await db().registerEntry.groupBy({
      by: ["closedReason"],
      where: { source: "rna", closedAt: { not: null } },
      _count: { _all: true },
    });
    expect(Object.fromEntries(closed.map((row) => [row.closedReason, row._count._all]))).toEqual({
      dissolved: 7,
      disappeared: 5,
    });
    const moved = await db().registerEntry.findMany({
      where: { source: "rna", address: { contains: "DU NOUVEAU SIEGE" } },
      include: { organisation: true },
    });
    expect(moved).toHaveLength(8);
    for (const entry of moved) expect(entry.organisation!.address).toBe(entry.address);
    expect(await db().organisation.count({ where: { AND: [openUnclaimedOrganisationWhere(), { rna: { not: null } }] } })).toBe(
      114,
    );
  });

  it("never overwrites a claimed profile: only its register entry follows the register", async () => {
    await importFile("rna", RNA_FIRST);
    // The newer file moves the 8 associations after the first 100 of the file (ids follow the file's order).
    const target = await db().registerEntry.findMany({ where: { source: "rna" }, orderBy: { registerId: "asc" }, take: 108 });
    const claimed = target[103]!;
    await db().organisation.update({
      where: { id: claimed.organisationId! },
      data: { unclaimed: false, claimedAt: new Date(), name: "Le nom choisi par la structure", address: "Son adresse" },
    });
    await importFile("rna", RNA_NEWER);
    const after = await db().registerEntry.findUniqueOrThrow({ where: { id: claimed.id }, include: { organisation: true } });
    expect(after.address).toContain("DU NOUVEAU SIEGE");
    expect(after.organisation).toMatchObject({
      name: "Le nom choisi par la structure",
      address: "Son adresse",
      unclaimed: false,
    });
  });
});

describe("importing SIRENE", () => {
  it("keeps public, active establishments of Nantes in the kept activities; never one whose diffusion is not O", async () => {
    const { summary } = await importFile("sirene", SIRENE_FIRST);
    expect(summary).toEqual({
      read: 268,
      kept: 90,
      created: 90,
      updated: 0,
      unchanged: 0,
      closed: 0,
      rejected: {
        "activity-not-kept": 25,
        closed: 10,
        duplicate: 2,
        "invalid-id": 3,
        malformed: 2,
        "no-name": 4,
        "not-diffusible": 12,
        "outside-nantes": 120,
      },
    });
    const hidden = sireneRows(SIRENE_FIRST)
      .filter((row) => row.statutDiffusionEtablissement !== "O")
      .map((row) => row.siret!);
    expect(hidden.length).toBeGreaterThan(12);
    expect(await db().registerEntry.count({ where: { registerId: { in: hidden } } })).toBe(0);
    expect(await db().organisation.count({ where: { siret: { in: hidden } } })).toBe(0);
  });

  it("places establishments from their Lambert-93 coordinates in the right quartier", async () => {
    await importFile("sirene", SIRENE_FIRST);
    const expected = {
      "Maison de santé Château des ducs": "centre-ville",
      "Maison de santé Parc des Chantiers": "ile-de-nantes",
      "Maison de santé Stade de la Beaujoire": "nantes-erdre",
      "Maison de santé Butte Sainte-Anne": "bellevue-chantenay-sainte-anne",
      "Maison de santé Pirmil": "nantes-sud",
    };
    for (const [name, quartier] of Object.entries(expected)) {
      const entry = await db().registerEntry.findFirstOrThrow({
        where: { source: "sirene", name },
        include: {
          quartier: true,
          organisation: { include: { homeQuartier: true, quartiers: { include: { quartier: true } } } },
        },
      });
      expect(entry.quartier?.slug).toBe(quartier);
      expect(entry.irisCode).toMatch(/^44109\d{4}$/);
      expect(entry.organisation?.homeQuartier?.slug).toBe(quartier);
      expect(entry.organisation?.quartiers.map((link) => link.quartier.slug)).toEqual([quartier]);
    }
  });

  it("a newer file closes the closed, erases those no longer public, and follows the moved to their new quartier", async () => {
    await importFile("sirene", SIRENE_FIRST);
    const nowHidden = sireneRows(SIRENE_NEWER)
      .filter((row) => row.statutDiffusionEtablissement === "P" && row.codeCommuneEtablissement === "44109")
      .map((row) => row.siret!);
    const hiddenBefore = await db().registerEntry.findMany({
      where: { registerId: { in: nowHidden } },
      select: { organisationId: true },
    });
    expect(hiddenBefore).toHaveLength(4);
    const { summary } = await importFile("sirene", SIRENE_NEWER);
    expect(summary).toMatchObject({ read: 271, kept: 84, created: 8, updated: 6, unchanged: 70, closed: 14 });
    expect(summary.rejected).toMatchObject({ closed: 15, "not-diffusible": 16 });
    // No longer public: nothing of them is kept, profile included.
    expect(await db().registerEntry.count({ where: { registerId: { in: nowHidden } } })).toBe(0);
    expect(await db().organisation.count({ where: { id: { in: hiddenBefore.map((row) => row.organisationId!) } } })).toBe(0);
    const reasons = await db().registerEntry.groupBy({
      by: ["closedReason"],
      where: { source: "sirene", closedAt: { not: null } },
      _count: { _all: true },
    });
    expect(Object.fromEntries(reasons.map((row) => [row.closedReason, row._count._all]))).toEqual({ closed: 5, disappeared: 5 });
    const moved = await db().registerEntry.findMany({
      where: { source: "sirene", address: { contains: "DU DEMENAGEMENT" } },
      include: { quartier: true },
    });
    expect(moved.map((entry) => entry.quartier?.slug).sort()).toEqual([
      "doulon-bottiere",
      "doulon-bottiere",
      "doulon-bottiere",
      "nantes-nord",
      "nantes-nord",
      "nantes-nord",
    ]);
    // Run again: nothing more to do.
    expect(await importFile("sirene", SIRENE_NEWER)).toMatchObject({
      summary: { created: 0, updated: 0, unchanged: 84, closed: 0 },
    });
  });
});

describe("unclaimed profiles", () => {
  it("appear in no published list, and cannot be contacted (their page and search: unclaimed-profiles.test.ts)", async () => {
    const publishedBefore = await db().organisation.count({ where: visibleOrganisationWhere() });
    await importFile("sirene", SIRENE_FIRST);
    expect(await db().organisation.count({ where: visibleOrganisationWhere() })).toBe(publishedBefore);

    const profile = await db().organisation.findFirstOrThrow({ where: { unclaimed: true } });
    const contact = await run(() =>
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
    expect(await db().contactMessage.count({ where: { organisationId: profile.id } })).toBe(0);

    const directory = (await directoryLoader(
      loaderArgsFor(getRequest(`/annuaire?q=${encodeURIComponent(profile.name)}`)),
    )) as unknown;
    expect(JSON.stringify(directory)).not.toContain(profile.slug);
  });

  it("a structure already on the platform with the same SIRET gets the entry instead of a duplicate", async () => {
    const row = sireneRows(SIRENE_FIRST).find(
      (candidate) =>
        candidate.codeCommuneEtablissement === "44109" && candidate.enseigne1Etablissement?.startsWith("Maison de santé Pirmil"),
    )!;
    const existing = await db().organisation.create({
      data: {
        slug: "test-registre-maison-de-sante",
        name: "Maison de santé de Pirmil (inscrite)",
        shortDescription: "Soins de proximité",
        description: "",
        sector: "sante",
        kind: "autre",
        siret: row.siret,
        status: "published",
        publishedAt: new Date(),
      },
    });
    await importFile("sirene", SIRENE_FIRST);
    const entry = await db().registerEntry.findUniqueOrThrow({
      where: { source_registerId: { source: "sirene", registerId: row.siret! } },
    });
    expect(entry.organisationId).toBe(existing.id);
    expect(await db().organisation.count({ where: { siret: row.siret } })).toBe(1);
    expect(await db().organisation.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({
      name: existing.name,
      unclaimed: false,
    });
  });
});

describe("a structure in both registers", () => {
  // The fixtures' one association declaring a SIRET to the RNA; here it declares a SIRENE establishment's.
  const ASSOCIATION = "W442000185";
  const DECLARED = "78271292859299";
  const tmp = (name: string) => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "registres-")), name);
  /** The first RNA file, the association declaring `siret`, and its name changed when asked (a newer file). */
  function rnaFileDeclaring(siret: string, renamed = false) {
    const text = fs
      .readFileSync(RNA_FIRST, "latin1")
      .replace(/^(.*W442000185.*)$/m, (line) =>
        line.replace(DECLARED, siret).replace(renamed ? /TILLEUL 5/ : /$^/, "TILLEUL CINQ"),
      );
    const file = tmp("rna-waldec.csv");
    fs.writeFileSync(file, text, "latin1");
    return file;
  }
  async function locatedEstablishment() {
    await importFile("sirene", SIRENE_FIRST);
    return db().registerEntry.findFirstOrThrow({
      where: { source: "sirene", closedAt: null, quartierId: { not: null }, organisation: { unclaimed: true } },
      orderBy: { registerId: "asc" },
    });
  }
  const placeOf = async (organisationId: string) => {
    const profile = await db().organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { homeQuartierId: true, latitude: true, longitude: true, rna: true, quartiers: { select: { quartierId: true } } },
    });
    return { ...profile, quartiers: profile.quartiers.map((row) => row.quartierId) };
  };

  it("SIRENE first: the association joins the establishment's profile, which keeps its place when a newer RNA file changes it", async () => {
    const establishment = await locatedEstablishment();
    const place = {
      homeQuartierId: establishment.quartierId,
      latitude: establishment.latitude,
      longitude: establishment.longitude,
    };
    await importFile("rna", rnaFileDeclaring(establishment.registerId));
    const association = await db().registerEntry.findUniqueOrThrow({
      where: { source_registerId: { source: "rna", registerId: ASSOCIATION } },
    });
    expect(association.organisationId).toBe(establishment.organisationId);
    expect(await placeOf(establishment.organisationId!)).toMatchObject({ ...place, quartiers: [establishment.quartierId] });

    // The newer RNA file renames it: the profile follows its RNA entry, and stays where its establishment is.
    const newer = await importFile("rna", rnaFileDeclaring(establishment.registerId, true));
    expect(newer.summary.updated).toBeGreaterThanOrEqual(1);
    const after = await placeOf(establishment.organisationId!);
    expect(after).toMatchObject({ ...place, rna: ASSOCIATION, quartiers: [establishment.quartierId] });
    const profile = await db().organisation.findUniqueOrThrow({ where: { id: establishment.organisationId! } });
    expect(profile.name).toContain("TILLEUL CINQ");
  });

  it("RNA first: the association's profile, without a point, is placed where its SIRENE establishment is", async () => {
    // Which establishment: read from a SIRENE import, then start again from the RNA alone.
    const establishment = await locatedEstablishment();
    await db().registerEntry.deleteMany();
    await db().organisation.deleteMany({ where: { unclaimed: true } });
    await importFile("rna", rnaFileDeclaring(establishment.registerId));
    const association = await db().registerEntry.findUniqueOrThrow({
      where: { source_registerId: { source: "rna", registerId: ASSOCIATION } },
    });
    expect(await placeOf(association.organisationId!)).toMatchObject({ homeQuartierId: null, quartiers: [] });

    await importFile("sirene", SIRENE_FIRST);
    const joined = await db().registerEntry.findUniqueOrThrow({
      where: { source_registerId: { source: "sirene", registerId: establishment.registerId } },
    });
    expect(joined.organisationId).toBe(association.organisationId);
    expect(await placeOf(association.organisationId!)).toMatchObject({
      homeQuartierId: establishment.quartierId,
      latitude: establishment.latitude,
      longitude: establishment.longitude,
      quartiers: [establishment.quartierId],
    });
    // Run again, nothing moves.
    expect((await importFile("sirene", SIRENE_FIRST)).summary.updated).toBe(0);
  });
});

describe("runs", () => {
  it("one at a time: a second import waits for the first to end", async () => {
    const running = await db().registerImport.create({ data: { source: "rna", fileName: "autre.csv" } });
    await db().appState.create({ data: { key: "registerImport.running", value: running.id } });
    await expect(importFile("rna", RNA_FIRST)).rejects.toThrow(RegisterImportError);
    await expect(importFile("rna", RNA_FIRST)).rejects.toThrow(/déjà en cours \(autre\.csv/);
    expect(await db().registerEntry.count()).toBe(0);
    // A run that stopped moving long ago (its process was killed) no longer holds the import.
    await db().registerImport.update({ where: { id: running.id }, data: { heartbeatAt: new Date(Date.now() - 3_600_000) } });
    expect((await importFile("rna", RNA_FIRST)).summary.created).toBe(120);
    expect(await db().registerImport.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({ status: "failed" });
  });

  it("a file of the other register is refused with the columns it lacks, and nothing is closed", async () => {
    await importFile("rna", RNA_FIRST);
    await expect(importFile("rna", SIRENE_FIRST)).rejects.toThrow(/^Ce fichier ressemble à un fichier SIRENE des établissements/);
    expect(await db().registerEntry.count({ where: { closedAt: { not: null } } })).toBe(0);
  });

  it("a file that keeps no structure of Nantes (another département's) closes nothing", async () => {
    await importFile("rna", RNA_FIRST);
    const [header, ...records] = fs.readFileSync(RNA_FIRST, "latin1").split("\r\n");
    const elsewhere = path.join(fs.mkdtempSync(path.join(inject("scratchDir"), "rna-")), "rna_waldec_dpt_49.csv");
    fs.writeFileSync(elsewhere, [header, ...records.filter((record) => record.includes(";Ailleurs;"))].join("\r\n"), "latin1");
    const { summary } = await importFile("rna", elsewhere);
    expect(summary).toMatchObject({ read: 50, kept: 0, closed: 0, rejected: { "outside-nantes": 50 } });
    expect(await db().registerEntry.count({ where: { source: "rna", closedAt: null } })).toBe(120);
  });
});

describe("the commands", () => {
  const exec = promisify(execFile);
  const command = (script: string, args: string[]) =>
    exec(path.resolve("node_modules/.bin/tsx"), [script, ...args], { env: process.env });

  it("--json prints the summary as the last line of stdout, with exactly the contract's keys", async () => {
    const { stdout } = await command("scripts/import-rna.ts", [RNA_FIRST, "--json"]);
    const last = stdout.trim().split("\n").at(-1)!;
    const summary = JSON.parse(last) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(["read", "kept", "created", "updated", "unchanged", "closed", "rejected"]);
    expect(summary).toEqual(RNA_FIRST_SUMMARY);
    const again = await command("scripts/import-rna.ts", [RNA_FIRST, "--json"]);
    expect(JSON.parse(again.stdout.trim().split("\n").at(-1)!)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 120,
      closed: 0,
    });
  });

  it("Ctrl-C stops an import at once: exit 130, the run recorded as failed, the lock free for the next one", async () => {
    // A named pipe: the command reads what is written, and waits for more until it is stopped.
    const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-fifo-")), "rna.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // As `npm run import:rna` runs it: node itself, which gets the signal.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/import-rna.ts", fifo], { env: process.env });
    let stderr = "";
    child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    const writer = fs.createWriteStream(fifo);
    writer.on("error", () => {}); // EPIPE once the command has gone: expected.
    const lines = fs.readFileSync(RNA_FIRST, "latin1").split("\n");
    writer.write(`${lines.slice(0, 20).join("\n")}\n`, "latin1");
    const running = async () => (await db().appState.findUnique({ where: { key: "registerImport.running" } })) !== null;
    await expect.poll(running, { timeout: 30_000, interval: 200 }).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    // A pipe's pending read ends when more comes (a file's at once): lines keep coming, the file never ends.
    let next = 20;
    const feeding = setInterval(() => writer.write(`${lines[1 + (next++ % 100)]}\n`, "latin1"), 100);
    const code = await exited;
    clearInterval(feeding);
    writer.destroy();
    expect(code).toBe(130);
    expect(stderr).toContain("Import interrompu");
    expect(await running()).toBe(false);
    const last = await db().registerImport.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(last).toMatchObject({ status: "failed", fileName: "rna.csv" });
    fs.rmSync(path.dirname(fifo), { recursive: true, force: true });
  });

  it("without --json, says in words what it did; a wrong file exits 1 with the reason", async () => {
    const { stdout } = await command("scripts/import-sirene.ts", [SIRENE_FIRST]);
    expect(stdout).toContain("268 lignes lues");
    expect(stdout).toContain("not-diffusible : Non diffusible");
    const wrong = await command("scripts/import-sirene.ts", [RNA_FIRST]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(wrong?.code).toBe(1);
    expect(wrong?.stderr).toContain("Ce fichier ressemble à un export du RNA");
  });
});
