import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { loader } from "~/routes/healthz";
import { createPrismaClient } from "~/utils/db.server";
import { checkHealth } from "~/utils/health.server";
import { getSearchClient } from "~/utils/search.server";
import { createMeiliClient } from "../../search/client";
import { getFreePort } from "../helpers/net";

describe("/healthz", () => {
  it("answers 200 with the database and the search engine up", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ db: "ok", search: "ok", version: packageJson.version });
  });

  it("keeps answering 200 when Meilisearch is down, and says so", async () => {
    const previous = process.env.MEILI_URL;
    process.env.MEILI_URL = `http://127.0.0.1:${await getFreePort()}`;
    try {
      const response = await loader();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ db: "ok", search: "down" });
    } finally {
      process.env.MEILI_URL = previous;
    }
    expect(getSearchClient()).not.toBeNull();
  });

  it("reports the database down when it cannot be opened", async () => {
    const broken = createPrismaClient("file:/nonexistent-folder/cooperons.db");
    const health = await checkHealth(
      broken,
      createMeiliClient({ url: process.env.MEILI_URL!, apiKey: process.env.MEILI_MASTER_KEY }),
    );
    expect(health).toMatchObject({ db: "down", search: "ok" });
  });
});
