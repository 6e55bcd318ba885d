// The CCAS's register upload in a real browser, through the real server (whose body limit for this
// page is its own, the file streamed): choose the register, send the file, follow the run, read
// its result; with JavaScript and without. Each state of the page passes axe-core (run with the
// page's scripts on: without them, the page's self-refresh is a <meta> axe-core would flag).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { importRegister } from "~/models/register-import.server";
import { getDb } from "~/utils/db.server";
import { createActor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { hydrated, launchBrowser, wcagViolations } from "../helpers/browser";
import { rawRequest } from "../helpers/raw-http";

const RNA_FIXTURE = path.join("tests", "fixtures", "registers", "rna-waldec-2025-01.csv");
/** Lines of associations outside Nantes added to the fixture: past the 5 MB other forms may send. */
const PADDING_LINES = 80_000;
let rnaFile: string;

/** The RNA fixture followed by associations of Rezé: a 6 MB file whose Nantes part is the fixture's. */
function paddedRnaFile() {
  const fixture = fs.readFileSync(RNA_FIXTURE);
  const columns = fixture.subarray(0, fixture.indexOf("\r\n")).toString("latin1").split(";");
  expect(fixture.subarray(-2).toString()).toBe("\r\n");
  const line = (index: number) =>
    columns
      .map((column) =>
        column === "id"
          ? `W443${String(index).padStart(6, "0")}`
          : column === "titre"
            ? `ASSOCIATION DE REZE ${index}`
            : column === "adrs_codeinsee"
              ? "44143"
              : column === "position"
                ? "A"
                : "",
      )
      .join(";");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "registres-")), "rna-waldec-2025-01.csv");
  // The register's own line ends (CRLF), as the fixture has them.
  const padding = Array.from({ length: PADDING_LINES }, (_, index) => `${line(index)}\r\n`).join("");
  fs.writeFileSync(file, Buffer.concat([fixture, Buffer.from(padding)]));
  return file;
}

let server: AppServer;
let browser: Browser;
let reviewer: Actor;

const db = () => getDb();

beforeAll(async () => {
  rnaFile = paddedRnaFile();
  expect(fs.statSync(rnaFile).size).toBeGreaterThan(5.2 * 1024 * 1024);
  [server, browser, reviewer] = await Promise.all([
    startAppServer(),
    launchBrowser(),
    createActor({ ccasRole: "ccas-reviewer" }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(async () => {
  await db().registerEntry.deleteMany();
  await db().organisation.deleteMany({ where: { unclaimed: true } });
  await db().registerImport.deleteMany();
});

async function pageAs(actor: Actor, { javaScriptEnabled = true } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled, viewport: { width: 1100, height: 900 } });
  const [name, value] = actor.cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

async function sendFile(page: Page) {
  await page.getByLabel("Registre", { exact: true }).selectOption({ label: "Répertoire national des associations (RNA)" });
  await page.getByLabel("Fichier CSV du registre").setInputFiles(rnaFile);
  await page.getByRole("button", { name: "Envoyer et importer" }).click();
}

for (const javaScriptEnabled of [true, false]) {
  it(`a CCAS member sends the RNA file and reads the run's result (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async () => {
    const page = await pageAs(reviewer, { javaScriptEnabled });
    await page.goto(`${server.url}/ccas/registres`);
    if (javaScriptEnabled) await hydrated(page);
    await page.getByRole("heading", { level: 1, name: "Registres publics" }).waitFor();
    // axe-core runs in the page: with its scripts on.
    if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);

    // Sent without a register: the field says so, the page stays.
    await page.getByLabel("Fichier CSV du registre").setInputFiles(rnaFile);
    await page.getByRole("button", { name: "Envoyer et importer" }).click();
    await page.getByText("Registre : choisissez une valeur de la liste.").waitFor();
    expect(await db().registerImport.count()).toBe(0);

    await sendFile(page);
    // The run ends within a moment: the page follows it by itself (polling, or its own reload), and
    // its message gives the result in place of the notice that it started.
    const result = page.getByRole("status").filter({ hasText: "Import terminé" });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.innerText()).toBe(
      `Import terminé (fichier « rna-waldec-2025-01.csv ») : ${new Intl.NumberFormat("fr-FR").format(194 + PADDING_LINES)} lignes lues, 120 retenues (120 créées, 0 mises à jour, 0 inchangées), 0 fermées.`,
    );
    // Once ended, no progress of it is left on the page, and the form is back.
    await expect(page.getByRole("region", { name: "Import en cours" }).count()).resolves.toBe(0);
    await expect(page.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Envoyer et importer" }).waitFor();
    const history = page.getByRole("region", { name: "Imports précédents, du plus récent au plus ancien" });
    await history.getByText("Terminé").waitFor();
    const row = await history.locator("tbody tr").first().innerText();
    expect(row).toContain("« rna-waldec-2025-01.csv »");
    expect(row).toContain("Camille Exemple");
    expect(row).toContain("120 retenues : 120 créées");
    expect(row).toContain(new Intl.NumberFormat("fr-FR").format(194 + PADDING_LINES));
    if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
    expect(await db().organisation.count({ where: { unclaimed: true } })).toBe(120);
  });
}

for (const javaScriptEnabled of [true, false]) {
  it(`a file that is not the register's ends in an alert saying why (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registres-"));
    const pdf = path.join(dir, "registre.csv");
    fs.writeFileSync(pdf, Buffer.concat([Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), Buffer.alloc(4096)]));
    const page = await pageAs(reviewer, { javaScriptEnabled });
    await page.goto(`${server.url}/ccas/registres`);
    if (javaScriptEnabled) await hydrated(page);

    // A PDF renamed .csv.
    await page.getByLabel("Registre", { exact: true }).selectOption({ label: "Répertoire national des associations (RNA)" });
    await page.getByLabel("Fichier CSV du registre").setInputFiles(pdf);
    await page.getByRole("button", { name: "Envoyer et importer" }).click();
    const alert = page.getByRole("alert");
    await alert.filter({ hasText: "« registre.csv » a échoué" }).waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain("Ce fichier n'est pas un fichier CSV (c'est un document PDF)");
    expect(await alert.innerText()).not.toContain("colonnes");
    await expect(page.getByText("Le fichier est reçu").count()).resolves.toBe(0);
    if (javaScriptEnabled) {
      // The focus the upload's answer gave its message is still there now that it is an alert.
      await expect(alert.evaluate((element) => document.activeElement?.contains(element) === true)).resolves.toBe(true);
      expect(await wcagViolations(page)).toEqual([]);
    }

    // The RNA's file sent as SIRENE's: the register to choose is named.
    await page.getByLabel("Registre", { exact: true }).selectOption({ label: "Répertoire SIRENE des établissements (Insee)" });
    await page.getByLabel("Fichier CSV du registre").setInputFiles(RNA_FIXTURE);
    await page.getByRole("button", { name: "Envoyer et importer" }).click();
    await alert.filter({ hasText: "« rna-waldec-2025-01.csv » a échoué" }).waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain(
      "Ce fichier ressemble à un export du RNA, pas à un fichier SIRENE des établissements : choisissez « Répertoire national des associations (RNA) » comme registre",
    );
    expect(await db().registerImport.count({ where: { status: "failed" } })).toBe(2);
    expect(await db().organisation.count({ where: { unclaimed: true } })).toBe(0);
  });
}

it("while an import runs, the page shows its progress, refreshes itself, and offers no second upload", async () => {
  const input = new PassThrough();
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const done = importRegister(db(), {
    source: "sirene",
    input,
    fileName: "StockEtablissement_utf8.csv",
    bytesTotal: 800_000_000,
    onLocked: () => locked(),
  }).catch((error: unknown) => error);
  await lockTaken;
  try {
    const page = await pageAs(reviewer, { javaScriptEnabled: false });
    await page.goto(`${server.url}/ccas/registres`);
    const running = page.getByRole("region", { name: "Import en cours" });
    await running.waitFor();
    const text = await running.innerText();
    expect(text).toContain("Répertoire SIRENE des établissements (Insee), fichier « StockEtablissement_utf8.csv »");
    expect(text).toContain("lancé par la commande d'import sur le serveur");
    expect(text).toMatch(/0 Ko sur 762,94 Mo \(0 %\)/);
    await expect(page.getByRole("progressbar", { name: "Fichier lu" }).count()).resolves.toBe(1);
    // Without JavaScript, the page reloads itself.
    await expect(page.locator('meta[http-equiv="refresh"]').getAttribute("content")).resolves.toBe("3");
    await expect(page.getByRole("button", { name: "Envoyer et importer" }).count()).resolves.toBe(0);

    // With JavaScript, the page asks for the progress itself; it has no reloading tag.
    const live = await pageAs(reviewer);
    await live.goto(`${server.url}/ccas/registres`);
    await expect(live.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    await live.getByRole("progressbar", { name: "Fichier lu" }).waitFor();
    expect(await wcagViolations(live)).toEqual([]);
    input.end();
    await done;
    // The run ended (an empty file): the page says so without being reloaded.
    await live.getByText("Le fichier est vide.").waitFor({ timeout: 60_000 });
    await live.getByRole("button", { name: "Envoyer et importer" }).waitFor();
  } finally {
    input.end();
    await done;
  }
});

it("a file announced over 2 GB is refused at once, in French, before any of it is read", async () => {
  const response = await rawRequest(server.url, "/ccas/registres", {
    method: "POST",
    headers: {
      "Content-Type": "multipart/form-data; boundary=x",
      "Content-Length": String(3 * 1024 * 1024 * 1024),
      Cookie: reviewer.cookie,
    },
    body: "--x\r\n",
  });
  expect(response.status).toBe(413);
  expect(response.text).toContain("Le fichier dépasse 2 Go");
  expect(await db().registerImport.count()).toBe(0);
});
