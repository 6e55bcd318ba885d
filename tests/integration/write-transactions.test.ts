// A transaction that reads, then writes, while another process writes the same database: on SQLite
// (`npm start` with a command run beside it — `notify:digest`, `alerts:run` — or the tests and
// their server) a deferred transaction got SQLITE_BUSY at its first write, at once, the busy
// timeout never applied (« Operation has timed out »; it failed a CI run). Write transactions
// now take the lock as they begin (scripts/patches/@prisma+adapter-better-sqlite3…): the other
// process waits its turn. On PostgreSQL both go through as they always did.
import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { isPostgresUrl } from "~/utils/database-url";
import { createActor, createOrganisationFor } from "../helpers/actors";

/** Another process that renames an organisation; resolves once it has. */
function renameElsewhere(organisationId: string, name: string): { started: Promise<void>; done: Promise<void> } {
  const url = process.env.DATABASE_URL!;
  const script = isPostgresUrl(url)
    ? `const { Client } = require("pg");
       const client = new Client({ connectionString: process.env.URL });
       client.connect().then(() => { console.log("started");
         return client.query('UPDATE "Organisation" SET "name" = $1 WHERE "id" = $2', [process.env.NAME, process.env.ID]); })
         .then(() => client.end()).then(() => console.log("done"));`
    : `const Database = require("better-sqlite3");
       const db = new Database(process.env.URL.replace(/^file:/, ""), { timeout: 20000 });
       console.log("started");
       db.prepare('UPDATE "Organisation" SET "name" = ? WHERE "id" = ?').run(process.env.NAME, process.env.ID);
       console.log("done");`;
  const child = spawn(process.execPath, ["-e", script], {
    env: { ...process.env, URL: url, NAME: name, ID: organisationId },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => output.includes(word) && resolve();
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        check();
      });
      child.on("exit", (code) => (output.includes(word) ? resolve() : reject(new Error(`the other process ended (${code})`))));
    });
  return { started: seen("started"), done: seen("done") };
}

it("a transaction that read, then writes after another process wrote, goes through; so does the other write", async () => {
  const db = getDb();
  const [first, second] = await Promise.all([
    createActor().then((actor) => createOrganisationFor(actor)),
    createActor().then((actor) => createOrganisationFor(actor)),
  ]);
  let other: ReturnType<typeof renameElsewhere> | undefined;
  await db.$transaction(async (tx) => {
    await tx.organisation.findUniqueOrThrow({ where: { id: first.id }, select: { name: true } });
    other = renameElsewhere(second.id, "Renommée ailleurs");
    await other.started;
    // The other process's write: done by now where nothing holds it, else waiting for this one.
    await Promise.race([other.done, new Promise((resolve) => setTimeout(resolve, 500))]);
    await tx.organisation.update({ where: { id: first.id }, data: { name: "Renommée ici" } });
  });
  await other!.done;
  const names = await db.organisation.findMany({
    where: { id: { in: [first.id, second.id] } },
    select: { id: true, name: true },
  });
  expect(Object.fromEntries(names.map((row) => [row.id, row.name]))).toEqual({
    [first.id]: "Renommée ici",
    [second.id]: "Renommée ailleurs",
  });
});
