// The PostgreSQL pass of the tests (the end of `npm test`): the integration files that touch the
// database, again on PostgreSQL — on the server of TEST_DATABASE_URL when given (the tests create
// and drop their databases there), else on a throwaway local cluster (tests/helpers/postgres.ts).
// Without either, says so and passes: a developer without PostgreSQL still runs `npm test`; CI
// installs it.
// `tsx scripts/test-postgres.ts [vitest arguments…]`: file arguments replace the default selection
// (options take their value after `=`, as --reporter=json).
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { findPostgresBin } from "./lib/local-postgres";

/**
 * Integration files the SQLite pass covers for both databases: they open none, or compare both
 * in every pass.
 */
const SAME_ON_BOTH = [
  // Mails written as files.
  "tests/integration/mail.test.ts",
  // The commands run with a database that cannot open.
  "tests/integration/eligibility-cli.test.ts",
  "tests/integration/recommend-cli.test.ts",
  // Builds both histories side by side, on a cluster of its own in the SQLite pass.
  "tests/integration/migrations-drift.test.ts",
  // SQLite files of its own: what `npm start` does to one (PostgreSQL has no such step).
  "tests/integration/database-tuning.test.ts",
];

if (!process.env.TEST_DATABASE_URL && !findPostgresBin()) {
  console.log("PostgreSQL pass skipped: no TEST_DATABASE_URL and no PostgreSQL installed (Debian: apt-get install postgresql).");
  process.exit(0);
}

const args = process.argv.slice(2);
const files = args.some((arg) => !arg.startsWith("-"))
  ? []
  : ["tests/integration", ...SAME_ON_BOTH.map((file) => `--exclude=${file}`)];
// Two files at a time even on two cores: a file spends much of its time waiting for the servers
// and commands it starts, or for PostgreSQL.
const workers = args.some((arg) => arg.startsWith("--maxWorkers"))
  ? []
  : [`--maxWorkers=${Math.max(2, os.availableParallelism() - 1)}`];
console.log(`PostgreSQL pass: ${process.env.TEST_DATABASE_URL ? "TEST_DATABASE_URL" : "a throwaway local cluster"}`);
const result = spawnSync(path.resolve("node_modules", ".bin", "vitest"), ["run", ...files, ...workers, ...args], {
  stdio: "inherit",
  env: { ...process.env, TEST_DATABASE: "postgres" },
});
process.exit(result.status ?? 1);
