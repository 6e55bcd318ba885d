// The whole built app (build/index.js, as served) when the database stops answering: pages fail
// with a proper French error page inside the layout, and /healthz says 503.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "~/utils/db.server";

describe("when the database is down", () => {
  it("shows the error page in the layout, and /healthz answers 503", async () => {
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    // The built app keeps its Prisma client on globalThis (see app/utils/db.server.ts): give it one
    // whose database file cannot be opened.
    (globalThis as { __prisma?: unknown }).__prisma = createPrismaClient("file:/nonexistent-folder/cooperons.db");
    const logged: unknown[] = [];
    vi.mocked(console.error).mockImplementation((...args: unknown[]) => void logged.push(args));
    const handle = createRequestHandler(build, "production");

    const page = await handle(new Request("http://localhost/quartiers"));
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain("Une erreur est survenue");
    expect(html).toMatch(/Retour à l(&#x27;|')accueil/);
    expect(html).toContain('<html lang="fr">');
    // The error is logged for the operators, not shown to the visitor.
    expect(html).not.toContain("nonexistent-folder");
    expect(logged.length).toBeGreaterThan(0);

    const health = await handle(new Request("http://localhost/healthz"));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: "down" });
  });
});
