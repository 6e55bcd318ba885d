// The PostgreSQL pass of the tests: the integration suite again, on PostgreSQL — on the server of
// TEST_DATABASE_URL when given (the tests create and drop their databases there), else on a
// throwaway local cluster (tests/helpers/postgres.ts). Without either, says so and passes: a
// developer without PostgreSQL still runs `npm test`; CI installs it.
// `tsx scripts/test-postgres.ts [vitest arguments…]` (default: tests/integration).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { findPostgresBin } from "./lib/local-postgres";

if (!process.env.TEST_DATABASE_URL && !findPostgresBin()) {
  console.log("PostgreSQL pass skipped: no TEST_DATABASE_URL and no PostgreSQL installed (Debian: apt-get install postgresql).");
  process.exit(0);
}

const args = process.argv.slice(2);
console.log(`PostgreSQL pass: ${process.env.TEST_DATABASE_URL ? "TEST_DATABASE_URL" : "a throwaway local cluster"}`);
const result = spawnSync(
  path.resolve("node_modules", ".bin", "vitest"),
  ["run", ...(args.length ? args : ["tests/integration"])],
  {
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE: "postgres" },
  },
);
process.exit(result.status ?? 1);
