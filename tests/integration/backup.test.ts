// Backups, as whoever runs the site makes and uses them: `npm run backup` of a site with a logo and a
// private document, `npm run restore` into a fresh data directory (a new database, a new
// UPLOADS_DIR, a new search index) that then holds every row, every file byte for byte, and finds
// the site's organisations. A restore refuses, changing nothing, a database holding data and a
// backup whose files differ from its manifest. On SQLite, or on PostgreSQL with TEST_DATABASE=postgres.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { action as organisationAction } from "~/routes/espace.organisations.$id._index";
import { action as workspaceAction } from "~/routes/groupements.$id._index";
import { isPostgresUrl } from "~/utils/database-url";
import { createPrismaClient, getDb } from "~/utils/db.server";
import { getSearchClient } from "~/utils/search.server";
import { withPostgres } from "../../scripts/lib/backup";
import { createMeiliClient } from "../../search/client";
import { ensureIndex } from "../../search/sync";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { makePdf } from "../helpers/documents";
import { createCallGroupement, currentCallId } from "../helpers/filed-groupement";
import { makePng } from "../helpers/images";
import { createDatabase, dropDatabase, migratePostgres } from "../helpers/postgres";
import { actionArgs, formRequest, run } from "../helpers/requests";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-backup-"));
// Read by the app on first use, after this line: this file's uploads are in a folder of its own.
process.env.UPLOADS_DIR = path.join(scratch, "uploads");
const backupDir = path.join(scratch, "backup");
const onPostgres = inject("testDatabase") === "postgres";
const NAME = "Veilleurs de la Bottière";
const meili = createMeiliClient({ url: inject("meiliUrl"), apiKey: inject("meiliKey") });
const madeDatabases: string[] = [];
const madeIndexes: string[] = [];
let logoFile = "";
let sheetFile = "";

function npmRun(command: "backup" | "restore", dir: string, env: Record<string, string> = {}) {
  const result = spawnSync("npm", ["run", "-s", command, "--", dir], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 180_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A new data directory: a database that does not exist yet (SQLite) or is empty, its uploads folder and search index. */
async function freshSite(label: string, { migrated = false } = {}) {
  const index = `${process.env.MEILI_INDEX}_${label}`;
  madeIndexes.push(index);
  let url = `file:${path.join(scratch, label, "cooperons.db")}`;
  if (onPostgres) {
    const name = `${inject("postgresPrefix")}${label}_${crypto.randomBytes(4).toString("hex")}`;
    madeDatabases.push(name);
    url = await createDatabase(inject("postgresAdminUrl"), name);
    // As `npm start` prepares it: migrated, with no rows.
    if (migrated) migratePostgres(url);
  }
  return { DATABASE_URL: url, UPLOADS_DIR: path.join(scratch, label, "uploads"), MEILI_INDEX: index };
}

/** Rows of every model of the schema. */
async function rowCounts(db: PrismaClient): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = db[`${model[0]!.toLowerCase()}${model.slice(1)}` as keyof PrismaClient] as unknown as {
      count: () => Promise<number>;
    };
    counts[model] = await delegate.count();
  }
  return counts;
}

async function countsOf(url: string) {
  const db = createPrismaClient(url);
  try {
    return await rowCounts(db);
  } finally {
    await db.$disconnect();
  }
}

/** Every file below a folder and its bytes, by relative path. */
function filesIn(root: string): Record<string, Buffer> {
  const names = fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, encoding: "utf8" }) : [];
  return Object.fromEntries(
    names
      .filter((name) => fs.statSync(path.join(root, name)).isFile())
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(root, name))]),
  );
}

/** Whether a database is as it was made: no SQLite file, or a PostgreSQL database without tables. */
async function untouched(url: string): Promise<boolean> {
  if (!onPostgres) return !fs.existsSync(url.replace(/^file:/, ""));
  const { rows } = await withPostgres(url, (client) =>
    client.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM pg_tables WHERE schemaname = 'public'"),
  );
  return rows[0]!.n === 0;
}

beforeAll(async () => {
  const db = getDb();
  const {
    id: groupementId,
    leadAdmin,
    lead,
  } = await createCallGroupement(await currentCallId(), { title: "Veilleurs de palier" });
  await db.organisation.update({ where: { id: lead.id }, data: { name: NAME } });
  // A logo (on a draft, saved at once) and the groupement's project sheet, a private document.
  const admin = await createActor();
  const draft = await createOrganisationFor(admin, { status: "draft" });
  const logo = new File([new Uint8Array(makePng())], "logo.png", { type: "image/png" });
  const logoAnswer = await run(() =>
    organisationAction(actionArgs(formRequest("/", { intent: "logo", logo }, admin.cookie), { id: draft.id })),
  );
  expect(logoAnswer.status).toBe(200);
  const sheet = new File([new Uint8Array(makePdf())], "fiche.pdf", { type: "application/pdf" });
  const sheetAnswer = await run(() =>
    workspaceAction(
      actionArgs(formRequest("/", { intent: "document", kind: "project-sheet", file: sheet }, leadAdmin.cookie), {
        id: groupementId,
      }),
    ),
  );
  expect(sheetAnswer.status).toBe(200);
  logoFile = (await db.organisation.findUniqueOrThrow({ where: { id: draft.id } })).logoFile!;
  sheetFile = (await db.groupement.findUniqueOrThrow({ where: { id: groupementId } })).projectSheetFile!;
  // The index a running site builds at start (it records its version in the database).
  await ensureIndex(db, getSearchClient()!);

  // An upload readable by all (brought by hand, or a volume's own modes): its copy is the owner's only.
  fs.chmodSync(path.join(process.env.UPLOADS_DIR!, "logos", logoFile), 0o644);
  const backup = npmRun("backup", backupDir);
  expect(backup.code, backup.output).toBe(0);
});

afterAll(async () => {
  for (const index of madeIndexes) await meili.deleteIndex(index).waitTask();
  for (const name of madeDatabases) await dropDatabase(inject("postgresAdminUrl"), name);
  fs.rmSync(scratch, { recursive: true, force: true });
});

it("backs up a site and restores it into a fresh data directory: every row, every file, every search hit", async () => {
  const uploaded = filesIn(process.env.UPLOADS_DIR!);
  expect(Object.keys(uploaded)).toEqual([`documents/${sheetFile}`, `logos/${logoFile}`]);

  const site = await freshSite("restored", { migrated: true });
  const restore = npmRun("restore", backupDir, site);
  expect(restore.code, restore.output).toBe(0);
  expect(restore.output).toContain("2 uploaded files");

  const restoredCounts = await countsOf(site.DATABASE_URL);
  expect(restoredCounts).toEqual(await rowCounts(getDb()));
  expect(restoredCounts.Organisation).toBeGreaterThan(0);
  if (isPostgresUrl(site.DATABASE_URL)) {
    // The planner has the restored tables' statistics, which a dump does not hold.
    expect(restore.output).toContain("Planner statistics computed");
    const restoredDb = createPrismaClient(site.DATABASE_URL);
    try {
      const analysed = await restoredDb.$queryRawUnsafe<{ n: number }[]>(
        `SELECT COUNT(*)::int AS "n" FROM pg_stats WHERE schemaname = 'public' AND tablename = 'Organisation'`,
      );
      expect(analysed[0]!.n).toBeGreaterThan(0);
    } finally {
      await restoredDb.$disconnect();
    }
  }
  expect(filesIn(site.UPLOADS_DIR)).toEqual(uploaded);
  const { hits } = await meili.index(site.MEILI_INDEX).search("veilleurs bottiere");
  expect(hits.map((hit) => hit.title)).toContain(NAME);
});

it("is readable by its owner only: its folder, the dump, the manifest, every uploaded file (one was not)", () => {
  const entries = fs.readdirSync(backupDir, { recursive: true, encoding: "utf8" }).map((name) => path.join(backupDir, name));
  expect(entries.length).toBeGreaterThanOrEqual(5);
  const opened = [backupDir, ...entries].filter((entry) => (fs.statSync(entry).mode & 0o077) !== 0);
  expect(opened.map((entry) => `${path.relative(backupDir, entry)} ${(fs.statSync(entry).mode & 0o777).toString(8)}`)).toEqual(
    [],
  );
});

it("refuses to restore into a database that holds data, and changes nothing", async () => {
  const before = await rowCounts(getDb());
  const site = { ...(await freshSite("refused")), DATABASE_URL: process.env.DATABASE_URL! };
  const refused = npmRun("restore", backupDir, site);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain("already holds data");
  expect(refused.output).toContain("nothing was restored");
  expect(await rowCounts(getDb())).toEqual(before);
  expect(fs.existsSync(site.UPLOADS_DIR)).toBe(false);
});

it("refuses a backup whose file differs from its manifest's checksum, and changes nothing", async () => {
  const tampered = path.join(scratch, "tampered-backup");
  fs.cpSync(backupDir, tampered, { recursive: true });
  const document = path.join(tampered, "uploads", "documents", sheetFile);
  const bytes = fs.readFileSync(document);
  const at = bytes.length - 2;
  bytes[at] = bytes[at]! ^ 0x01;
  fs.writeFileSync(document, bytes);

  const site = await freshSite("tampered");
  const refused = npmRun("restore", tampered, site);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(`uploads/documents/${sheetFile}: its checksum does not match`);
  expect(await untouched(site.DATABASE_URL)).toBe(true);
  expect(fs.existsSync(site.UPLOADS_DIR)).toBe(false);
});

it("refuses to write a backup into a folder that is not empty", () => {
  const refused = npmRun("backup", backupDir);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain("is not empty");
});
