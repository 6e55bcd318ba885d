import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    environment: "node",
    // Every query plan given from the kept ones is checked against the compiler's own
    // (app/utils/prisma-plans.server.ts); the servers the tests start inherit it.
    env: { PRISMA_PLAN_CHECK: "1" },
    include: ["tests/**/*.test.ts"],
    // Several app instances share a database in production on PostgreSQL only (two processes
    // writing one SQLite file meet SQLITE_BUSY): that test is in the PostgreSQL pass, with the
    // isolation levels of its transactions (SQLite has none to choose) and its prepared statements
    // (SQLite's are prepared in the process: tests/unit/sqlite-statements.test.ts).
    // (The same reading as tests/helpers/postgres.ts's postgresRequested.)
    exclude: (process.env.TEST_DATABASE ? process.env.TEST_DATABASE === "postgres" : Boolean(process.env.TEST_DATABASE_URL))
      ? ["**/node_modules/**"]
      : [
          "**/node_modules/**",
          "tests/integration/instances.test.ts",
          "tests/integration/isolation.test.ts",
          "tests/integration/prepared-statements.test.ts",
        ],
    pool: "forks",
    // Give-up bounds, not measures: a browser journey on a busy 2-core machine can take a minute.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
  },
});
