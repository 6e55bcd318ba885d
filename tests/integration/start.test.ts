// `npm start` as a newcomer meets it: bad configuration, a busy port, a search engine that
// will not start.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { runStart, startAppServer } from "../helpers/app-server";
import { getFreePort } from "../helpers/net";
import { createDatabase } from "../helpers/postgres";

describe("npm start", () => {
  it("stops with a message naming a malformed variable", async () => {
    const { code, output } = await runStart({ PORT: "trois-mille" });
    expect(code).toBe(1);
    expect(output).toContain("PORT: PORT must be a number");
  });

  it("stops with a message naming a missing variable", async () => {
    const { code, output } = await runStart({
      PORT: String(await getFreePort()),
      TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png",
    });
    expect(code).toBe(1);
    expect(output).toContain("TILE_ATTRIBUTION: TILE_ATTRIBUTION is required when TILE_URL is set");
  });

  it("says so when the port is already in use", async () => {
    const port = await getFreePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, resolve));
    try {
      const { code, output } = await runStart({ PORT: String(port) });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it("keeps the site up with search reported down when Meilisearch cannot start", async () => {
    const dataDir = path.join(inject("scratchDir"), `start-no-meili-${process.pid}`);
    const server = await startAppServer({
      MEILI_URL: "",
      MEILI_MASTER_KEY: "",
      MEILI_PORT: String(await getFreePort()),
      // A binary that exits at once, as a broken install would.
      MEILI_BINARY: "/bin/false",
      DATA_DIR: dataDir,
    });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ db: "ok", search: "down" });
      const home = await fetch(`${server.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("Les candidatures sont closes depuis le 16 juillet 2025 à 18 h.");
      expect(server.output()).toMatch(/Meilisearch did not start .*Search is down/);
    } finally {
      await server.stop();
    }
  });

  /** A new data folder and, in the PostgreSQL pass, a new empty database (npm start applies its own history). */
  async function freshSite(name: string) {
    const dataDir = path.join(inject("scratchDir"), `start-${name}-${process.pid}`);
    const databaseUrl =
      inject("testDatabase") === "postgres"
        ? await createDatabase(inject("postgresAdminUrl"), `${inject("postgresPrefix")}start_${name}_${process.pid}`)
        : `file:${path.join(dataDir, "fresh.db")}`;
    return {
      MEILI_URL: "",
      MEILI_MASTER_KEY: "",
      MEILI_PORT: String(await getFreePort()),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
    };
  }

  it("migrates and seeds a new database, starts its own Meilisearch, and keeps the data across restarts", async () => {
    // As a newcomer runs it: `npm start`, no NODE_ENV.
    const env = { ...(await freshSite("fresh")), NODE_ENV: undefined };
    const dataDir = env.DATA_DIR;
    const first = await startAppServer(env);
    try {
      expect(first.output()).toContain("Empty database: seeded");
      // No SMTP_URL here: the log says where the mails go instead.
      expect(first.output()).toContain(`Mail: no SMTP_URL, so mails are not sent but written to ${path.join(dataDir, "mails")}/`);
      expect(fs.existsSync(path.join(dataDir, "mails"))).toBe(true);
      expect(await (await fetch(`${first.url}/healthz`)).json()).toMatchObject({ db: "ok", search: "ok" });
      // The full demo, in the search index before the first page: its 80 structures, each « démo ».
      const found = (await (await fetch(`${first.url}/api/search?type=organisation&perPage=50`)).json()) as {
        total: number;
        engine: string;
        hits: { title: string }[];
      };
      expect(found).toMatchObject({ total: 80, engine: "meilisearch" });
      expect(found.hits.filter((hit) => !hit.title.endsWith(" (démo)"))).toEqual([]);
    } finally {
      await first.stop();
    }
    const second = await startAppServer(env);
    try {
      expect(second.output()).not.toContain("Empty database");
      const page = await (await fetch(`${second.url}/quartiers`)).text();
      expect(page).toContain("Nantes Nord");
      expect(await (await fetch(`${second.url}/healthz`)).json()).toMatchObject({ db: "ok", search: "ok" });
    } finally {
      await second.stop();
    }
  });

  it("starts a site declared in production without the fictitious demo, unless DEMO_DATA=on", async () => {
    const site = await startAppServer({ ...(await freshSite("production")), NODE_ENV: "production" });
    try {
      expect(site.output()).toContain(
        "Empty database: seeded the call and the quartiers, without the fictitious demo (NODE_ENV=production; DEMO_DATA=on adds it).",
      );
      const found = (await (await fetch(`${site.url}/api/search?type=organisation`)).json()) as { total: number };
      expect(found.total).toBe(0);
      expect(await (await fetch(`${site.url}/quartiers`)).text()).toContain("Nantes Nord");
      expect(await (await fetch(`${site.url}/`)).text()).not.toContain("(démo)");
    } finally {
      await site.stop();
    }
    const asked = await startAppServer({ ...(await freshSite("production_demo")), NODE_ENV: "production", DEMO_DATA: "on" });
    try {
      expect(asked.output()).toContain("Empty database: seeded the call, the quartiers and the fictitious demo");
      const found = (await (await fetch(`${asked.url}/api/search?type=organisation`)).json()) as { total: number };
      expect(found.total).toBe(80);
    } finally {
      await asked.stop();
    }
  });
});
