import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
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

async function page(actor: Actor) {
  const result = await run(() => loader(loaderArgsFor(getRequest("/ccas/registres", actor.cookie))));
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
    expect(sent.headers.get("Location")).toBe("/ccas/registres?lance=1");
    await settleRegisterImports();

    const first = await page(reviewer);
    expect(first.running).toBeNull();
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

  it("ends a file that is not a register as failed, saying why in French", async () => {
    const ccas = await createActor({ ccas: true });
    const garbage = new File(
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 0xff, 0xfe])],
      "photo.png",
    );
    expect((await upload(ccas, { register: "sirene", file: garbage })).status).toBe(302);
    await settleRegisterImports();
    const [failed] = (await page(ccas)).history;
    expect(failed).toMatchObject({ fileName: "photo.png", status: "failed" });
    expect(failed!.error).toMatch(/^(Ce fichier n'a pas la forme attendue|Le fichier est illisible|Le fichier est vide)/);
    expect(storedFiles()).toEqual([]);

    // A register's file given as the other register's: its columns are named.
    expect((await upload(ccas, { register: "sirene", file: fileOf(RNA_FILE) })).status).toBe(302);
    await settleRegisterImports();
    expect((await page(ccas)).history[0]!.error).toMatch(
      /^Ce fichier n'a pas la forme attendue \(Répertoire SIRENE.*colonnes manquantes/,
    );
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
