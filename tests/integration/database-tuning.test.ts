// Two sites started at the same moment on one SQLite file (tests/integration/http-hardening.test.ts
// does; so may a restart beside a command): each sets the journal to write-ahead logging and
// computes the planner's statistics as it starts. SQLite refuses such a statement at once with
// SQLITE_BUSY when another process runs it too — the busy timeout does not apply — and the
// second site stopped with « database is locked » (a CI run failed so, in half the tries here).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, inject, it } from "vitest";

/** Runs tests/fixtures/tune-database.ts on the file, starting at the instant `at`. */
function tune(file: string, at: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "tests/fixtures/tune-database.ts", `file:${file}`, String(at)],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

it("lets three processes tune one new database at the same instant: each goes on, the file ends in WAL with statistics", async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-tuning-"));
  try {
    for (let round = 0; round < 4; round++) {
      // A database as a new deployment or a test's copy has it: the rollback journal, no statistics.
      const file = path.join(directory, `round-${round}.db`);
      fs.copyFileSync(inject("templateDb"), file);
      const fresh = new Database(file);
      fresh.pragma("journal_mode = DELETE");
      fresh.exec("DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4");
      fresh.close();
      // Time for the three processes to load before the instant they all begin at.
      const at = Date.now() + 5_000;
      const results = await Promise.all([tune(file, at), tune(file, at), tune(file, at)]);
      expect(results.map((result) => result.output.trim())).toEqual(["tuned", "tuned", "tuned"]);
      expect(results.map((result) => result.code)).toEqual([0, 0, 0]);
      const tuned = new Database(file, { readonly: true });
      expect(tuned.pragma("journal_mode", { simple: true })).toBe("wal");
      expect((tuned.prepare("SELECT COUNT(*) AS n FROM sqlite_stat1").get() as { n: number }).n).toBeGreaterThan(0);
      tuned.close();
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});
