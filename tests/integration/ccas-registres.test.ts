import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { formatDateTime } from "~/domain/format";
import { importRegister } from "~/models/register-import.server";
import { settleRegisterImports, startRegisterImport } from "~/models/register-upload.server";
import { action, loader } from "~/routes/ccas.registres";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const FIXTURES = path.join("tests", "fixtures", "registers");
const RNA_FILE = path.join(FIXTURES, "rna-waldec-2025-01.csv");
const SIRENE_FILE = path.join(FIXTURES, "sirene-etablissements-2025-01.csv");
const UPLOADS = () => path.join(process.env.DATA_DIR!, "uploads", "registers");

const db = () => getDb();

beforeEach(async () => {
  await settleRegisterImports();
  await db().registerEntry.deleteMany();
  await db().organisation.deleteMany({ where: { OR: [{ unclaimed: true }, { claimedAt: { not: null } }] } });
  await db().registerImport.deleteMany();
  await db().appState.deleteMany({ where: { key: "registerImport.running" } });
});

const fileOf = (file: string) => new File([fs.readFileSync(file)], path.basename(file), { type: "text/csv" });

function upload(actor: Actor | null, fields: Record<string, string | File>) {
  return run(() => action(actionArgs(formRequest("/ccas/registres", fields, actor?.cookie))));
}

async function page(actor: Actor, url = "/ccas/registres") {
  const result = await run(() => loader(loaderArgsFor(getRequest(url, actor.cookie))));
  expect(result.status).toBe(200);
  return result.data as Awaited<ReturnType<typeof loader>>;
}

const storedFiles = () => (fs.existsSync(UPLOADS()) ? fs.readdirSync(UPLOADS()) : []);

/** A run of the command that holds the lock until `end()`: the file it reads is still coming. */
async function holdImport(startedById: string | null) {
  const input = new PassThrough();
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const done = importRegister(db(), {
    source: "rna",
    input,
    fileName: "rna-waldec-national.csv",
    bytesTotal: 600_000_000,
    startedById,
    onLocked: () => locked(),
  }).catch((error: unknown) => error);
  await lockTaken;
  return {
    end: async () => {
      input.end();
      await done;
    },
  };
}

describe("the CCAS's register upload", () => {
  it("imports an RNA file, then a SIRENE one, in the background, and shows their counts", async () => {
    // A file a stopped server left behind two hours ago: removed by the next run.
    fs.mkdirSync(UPLOADS(), { recursive: true });
    const orphan = path.join(UPLOADS(), "0123456789abcdef0123456789abcdef.csv");
    fs.writeFileSync(orphan, "id;titre\n");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    fs.utimesSync(orphan, twoHoursAgo, twoHoursAgo);

    const reviewer = await createActor({ ccasRole: "ccas-reviewer" });
    const sent = await upload(reviewer, { register: "rna", file: fileOf(RNA_FILE) });
    expect(sent.status).toBe(302);
    const launchedAt = sent.headers.get("Location")!;
    const launchedRun = await db().registerImport.findFirstOrThrow();
    expect(launchedAt).toBe(`/ccas/registres?lance=${launchedRun.id}`);
    await settleRegisterImports();

    // The page the upload leads to says how the run it started ended, once it has.
    const first = await page(reviewer, launchedAt);
    expect(first.running).toBeNull();
    expect(first.launched).toMatchObject({ id: launchedRun.id, status: "done", read: 194, kept: 120, created: 120 });
    let { history } = first;
    expect(history[0]).toMatchObject({
      source: "rna",
      fileName: "rna-waldec-2025-01.csv",
      status: "done",
      startedBy: "Camille Exemple",
      read: 194,
      kept: 120,
      created: 120,
      updated: 0,
      unchanged: 0,
      closed: 0,
      error: null,
    });
    expect(history[0]!.rejected).toContainEqual({
      code: "outside-nantes",
      label: "Hors de Nantes (code commune INSEE différent de 44109)",
      count: 50,
    });
    expect(await db().organisation.count({ where: { unclaimed: true, rna: { not: null } } })).toBe(120);
    // The file is deleted once read.
    expect(storedFiles()).toEqual([]);

    expect((await upload(reviewer, { register: "sirene", file: fileOf(SIRENE_FILE) })).status).toBe(302);
    await settleRegisterImports();
    ({ history } = await page(reviewer));
    expect(history.map((entry) => [entry.source, entry.status])).toEqual([
      ["sirene", "done"],
      ["rna", "done"],
    ]);
    expect(history[0]!.kept).toBeGreaterThan(0);
    expect(history[0]!.rejected.map((reason) => reason.code)).toContain("not-diffusible");
    expect(storedFiles()).toEqual([]);
  });

  it("refuses a second file while an import runs, naming who started it and when", async () => {
    const other = await createActor({ ccas: true });
    await db().user.update({ where: { id: other.id }, data: { name: "Dominique Martin" } });
    const held = await holdImport(other.id);
    const started = await db().registerImport.findFirstOrThrow({ where: { status: "running" } });

    const reviewer = await createActor({ ccasRole: "ccas-reviewer" });
    const { running } = await page(reviewer);
    expect(running).toMatchObject({
      fileName: "rna-waldec-national.csv",
      startedBy: "Dominique Martin",
      bytesTotal: 600_000_000,
    });

    const refused = await upload(reviewer, { register: "rna", file: fileOf(RNA_FILE) });
    expect(refused.status).toBe(409);
    const { error } = refused.data as { error: string };
    expect(error).toContain("Un import est déjà en cours");
    expect(error).toContain("« rna-waldec-national.csv »");
    expect(error).toContain(`lancé par Dominique Martin le ${formatDateTime(started.startedAt)}`);
    expect(storedFiles()).toEqual([]);
    // Only the running one: the refused file started nothing.
    expect(await db().registerImport.count()).toBe(1);

    // Two uploads that passed the first check together: the second finds the lock taken.
    fs.mkdirSync(UPLOADS(), { recursive: true });
    const late = path.join(UPLOADS(), "late.csv");
    fs.copyFileSync(RNA_FILE, late);
    const second = await startRegisterImport(db(), {
      source: "rna",
      file: { path: late, name: "late.csv", size: fs.statSync(late).size },
      startedById: reviewer.id,
      closeMissing: true,
    });
    expect(second).toEqual({ ok: false, error: expect.stringContaining("lancé par Dominique Martin") });
    await settleRegisterImports();
    expect(storedFiles()).toEqual([]);

    await held.end();
    expect((await upload(reviewer, { register: "rna", file: fileOf(RNA_FILE) })).status).toBe(302);
    await settleRegisterImports();
    expect((await page(reviewer)).history[0]).toMatchObject({ fileName: "rna-waldec-2025-01.csv", status: "done", kept: 120 });
  });

  it("ends a file that is not a register as failed, and the page it leads to says why in French", async () => {
    const ccas = await createActor({ ccas: true });
    /** Sends a file and reads, once its run has ended, what the page the upload leads to says of it. */
    async function launch(register: string, file: File) {
      const sent = await upload(ccas, { register, file });
      expect(sent.status).toBe(302);
      await settleRegisterImports();
      const shown = await page(ccas, sent.headers.get("Location")!);
      expect(shown.running).toBeNull();
      expect(shown.launched).toMatchObject({ fileName: file.name, status: "failed" });
      expect(shown.history[0]!.id).toBe(shown.launched!.id);
      return shown.launched!.error!;
    }

    const notCsv = /^Ce fichier n'est pas un fichier CSV \(/;
    const garbage = new File(
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 0xff, 0xfe])],
      "photo.png",
    );
    expect(await launch("sirene", garbage)).toMatch(/^Ce fichier n'est pas un fichier CSV \(c'est une image\)/);
    expect(storedFiles()).toEqual([]);

    // A PDF renamed .csv: said to be one, not a list of the register's columns.
    const pdf = new File(
      ["%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", new Uint8Array(64)],
      "registre.csv",
    );
    const pdfError = await launch("rna", pdf);
    expect(pdfError).toMatch(/^Ce fichier n'est pas un fichier CSV \(c'est un document PDF\)/);
    expect(pdfError).not.toContain("colonnes");
    // Text with no separator on its first line (a web page saved as .csv).
    const html = new File(['<!DOCTYPE html>\n<html lang="fr"><body>Erreur 404</body></html>\n'], "export.csv");
    expect(await launch("rna", html)).toMatch(notCsv);

    // A register's file given as the other register's: the page names the register to choose.
    expect(await launch("sirene", fileOf(RNA_FILE))).toBe(
      "Ce fichier ressemble à un export du RNA, pas à un fichier SIRENE des établissements : choisissez « Répertoire national des associations (RNA) » comme registre (sur le serveur : npm run -s import:rna).",
    );
    expect(await launch("rna", fileOf(SIRENE_FILE))).toMatch(
      /^Ce fichier ressemble à un fichier SIRENE des établissements, pas à un export du RNA : choisissez « Répertoire SIRENE des établissements \(Insee\) » comme registre/,
    );

    // Another CSV: the first columns it lacks, and how many more.
    const other = new File(["nom;adresse;ville\nJardin partagé;1 rue de la Paix;Nantes\n"], "annuaire.csv");
    expect(await launch("rna", other)).toBe(
      "Ce fichier n'a pas la forme attendue (Répertoire national des associations (RNA)) : colonnes manquantes id, siret, date_creat et 12 autres (séparateur lu : « ; »).",
    );
    expect(storedFiles()).toEqual([]);
  });

  it("after the upload, the page shows the run going on while it does, and no progress once it has ended", async () => {
    const ccas = await createActor({ ccas: true });
    const held = await holdImport(ccas.id);
    const run = await db().registerImport.findFirstOrThrow({ where: { status: "running" } });
    const during = await page(ccas, `/ccas/registres?lance=${run.id}`);
    expect(during.running).toMatchObject({ id: run.id });
    expect(during.launched).toMatchObject({ id: run.id, status: "running" });
    expect(during.history).toEqual([]);
    await held.end();
    // Ended (the file was empty): its result, not a progress block, and nothing else called running.
    const after = await page(ccas, `/ccas/registres?lance=${run.id}`);
    expect(after.running).toBeNull();
    expect(after.launched).toMatchObject({ id: run.id, status: "failed", error: "Le fichier est vide." });
    expect(after.history.map((entry) => [entry.id, entry.status])).toEqual([[run.id, "failed"]]);
    // Another run's id, or an old link (« lance=1 »): no message about a run.
    expect((await page(ccas, "/ccas/registres?lance=1")).launched).toBeNull();
  });

  it("a run that ends while the page is being read is shown ended, not as a progress block", async () => {
    const ccas = await createActor({ ccas: true });
    const held = await holdImport(ccas.id);
    const run = await db().registerImport.findFirstOrThrow({ where: { status: "running" } });
    // The run ends just as the page reads the list of runs (after it looked for the running one).
    let endedMeanwhile = false;
    const spy = vi.spyOn(db().registerImport, "findMany").mockImplementationOnce((async (...args: unknown[]) => {
      spy.mockRestore();
      await held.end();
      endedMeanwhile = true;
      return (db().registerImport.findMany as (...args: unknown[]) => unknown)(...args);
    }) as never);
    const shown = await page(ccas, `/ccas/registres?lance=${run.id}`);
    expect(endedMeanwhile).toBe(true);
    expect(shown.running).toBeNull();
    expect(shown.launched).toMatchObject({ id: run.id, status: "failed", error: "Le fichier est vide." });
    expect(shown.history.map((entry) => entry.id)).toEqual([run.id]);
  });

  it("asks for the register and the file, keeping the choice", async () => {
    const ccas = await createActor({ ccas: true });
    const noFile = await upload(ccas, { register: "rna" });
    expect(noFile.status).toBe(400);
    const { result } = noFile.data as { result: { initialValue: Record<string, unknown>; error: Record<string, string[]> } };
    expect(result.error.file).toEqual(["Choisissez le fichier du registre (CSV)."]);
    expect(result.initialValue.register).toBe("rna");

    const noRegister = await upload(ccas, { file: fileOf(RNA_FILE) });
    expect(noRegister.status).toBe(400);
    expect((noRegister.data as { result: { error: Record<string, string[]> } }).result.error.register).toEqual([
      "Registre : choisissez une valeur de la liste.",
    ]);
    expect(storedFiles()).toEqual([]);
    expect(await db().registerImport.count()).toBe(0);
  });

  it("is for CCAS staff: anonymous people log in, an organisation's admin is refused", async () => {
    const anonymousPage = await run(() => loader(loaderArgsFor(getRequest("/ccas/registres"))));
    expect(anonymousPage.status).toBe(302);
    expect(anonymousPage.headers.get("Location")).toBe("/connexion?redirectTo=%2Fccas%2Fregistres");
    const anonymousUpload = await upload(null, { register: "rna", file: fileOf(RNA_FILE) });
    expect(anonymousUpload.status).toBe(302);
    expect(anonymousUpload.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);

    const member = await createActor();
    await createOrganisationFor(member);
    expect((await run(() => loader(loaderArgsFor(getRequest("/ccas/registres", member.cookie))))).status).toBe(403);
    expect((await upload(member, { register: "rna", file: fileOf(RNA_FILE) })).status).toBe(403);

    for (const ccasRole of ["ccas-reviewer", "ccas-admin"] as const) {
      const staff = await createActor({ ccasRole });
      expect((await page(staff)).running).toBeNull();
    }
    expect(await db().registerImport.count()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });
});
