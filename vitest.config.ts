import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    environment: "node",
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    // Give-up bounds, not measures: a browser journey on a busy 2-core machine can take a minute.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
  },
});
