import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { publishOffer } from "~/models/offer.server";
import { publishOrganisation } from "~/models/organisation.server";
import { loader as apiLoader } from "~/routes/api.search";
import { getDb } from "~/utils/db.server";
import { search, getSearchClient, searchAhead } from "~/utils/search.server";
import { searchAheadFor } from "~/utils/search-ahead.server";
import { searchParamsFor as searchFor, type SearchResult } from "../../search/query";
import { createMeiliClient } from "../../search/client";
import { ensureIndex, processOutbox, startSyncLoop, type SyncLoop } from "../../search/sync";
import { startLocalMeili } from "../../scripts/lib/local-meili";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { getFreePort } from "../helpers/net";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { getRequest, loaderArgsFor } from "../helpers/requests";

type Api = {
  total: number;
  page: number;
  hits: { type: string; id: string; title: string; url: string; snippet: string; quartiers: string[]; subAxes: string[] }[];
  facets: Record<string, Record<string, number>>;
  engine: string;
};

async function api(query: string): Promise<{ status: number; body: Api & { message?: string } }> {
  const response = await apiLoader(loaderArgsFor(getRequest(`/api/search?${query}`)));
  return { status: response.status, body: (await response.json()) as Api & { message?: string } };
}

const db = () => getDb();
let sync: SyncLoop;

beforeAll(async () => {
  await ensureIndex(db(), getSearchClient()!);
  sync = startSyncLoop(db(), getSearchClient()!, { intervalMs: 50, log: () => {} });
});
afterAll(async () => {
  await sync.stop();
});

/** Waits for the index to catch up; gives up only after a time generous enough for a busy machine. */
async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("Timed out waiting for the search index");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("relevance", () => {
  it("forgives a typo: « isolment » finds « isolement »", async () => {
    const { body } = await api("q=isolment");
    expect(body.engine).toBe("meilisearch");
    expect(body.hits.map((hit) => hit.title)).toContain("Laboratoire Lien Social (démo)");
    expect(body.hits.find((hit) => hit.title === "Laboratoire Lien Social (démo)")?.snippet).toContain("<mark>");
  });

  it("does not need accents, and knows the quartiers by name", async () => {
    const { body } = await api("q=ile%20de%20nantes%20cafe");
    expect(body.hits[0]?.title).toBe("Café du Quai Imaginaire");
  });

  it("knows the domain's synonyms: « HLM » finds the social landlord", async () => {
    const { body } = await api("q=hlm");
    expect(body.hits.map((hit) => hit.title)).toContain("Logis Partagé (démo)");
  });

  it("finds « salle le samedi » in a company's premises", async () => {
    const { body } = await api("q=salle%20samedi&type=organisation");
    expect(body.hits[0]?.title).toBe("Café du Quai Imaginaire");
  });
});

describe("facets and filters", () => {
  it("counts types and quartiers exactly as the database does, whole-city structures included", async () => {
    const { body } = await api("perPage=1");
    const organisations = await db().organisation.count({ where: { status: "published" } });
    const ideas = await db().idea.count({ where: { status: "published", organisation: { status: "published" } } });
    expect(body.facets.type).toMatchObject({ organisation: organisations, idea: ideas });
    const inNord = await db().organisation.count({
      where: { status: "published", OR: [{ wholeCity: true }, { quartiers: { some: { quartier: { slug: "nantes-nord" } } } }] },
    });
    const filtered = await api("type=organisation&quartier=nantes-nord&perPage=50");
    expect(filtered.body.total).toBe(inNord);
    expect(filtered.body.hits.every((hit) => hit.quartiers.includes("nantes-nord"))).toBe(true);
  });

  it("ORs repeated values and ANDs different filters", async () => {
    const both = await api("type=organisation&sector=habitat&sector=sante");
    expect(both.body.hits.map((hit) => hit.title).sort()).toEqual(["Logis Partagé (démo)", "Pharmacie de l'Exemple"]);
    const narrowed = await api("type=organisation&sector=habitat&sector=sante&quartier=doulon-bottiere");
    expect(narrowed.body.hits.map((hit) => hit.title)).toEqual(["Pharmacie de l'Exemple"]);
  });

  it("answers 400 with a JSON message for an invalid parameter", async () => {
    const { status, body } = await api("type=personne&page=0");
    expect(status).toBe(400);
    expect(body.message).toBe("Invalid search parameters");
  });
});

describe("staying in step with the database", () => {
  // Behaviour only: how fast a change shows is a benchmark figure (`sync_p95_ms` in bench:search).
  it("shows a published change, and never anything unpublished", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin, { status: "pending" });
    await db().organisation.update({ where: { id: organisation.id }, data: { name: "Zéphyrin Solidarité" } });
    expect((await api("q=zephyrin")).body.total).toBe(0);

    await publishOrganisation(db(), {
      organisationId: organisation.id,
      moderatorId: ccas.id,
      callId: (await db().call.findFirstOrThrow()).id,
    });
    await until(async () => (await api("q=zephyrin")).body.total === 1);

    await db().$transaction(async (tx) => {
      await tx.organisation.update({ where: { id: organisation.id }, data: { status: "unpublished" } });
      await tx.searchOutbox.create({ data: { entityType: "organisation", entityId: organisation.id } });
    });
    await until(async () => (await api("q=zephyrin")).body.total === 0);
  }, 60_000);
});

describe("highlight markers a person cannot type", () => {
  // U+E000 and U+E001 were the engine's highlight markers: typed into a description, they became <mark>.
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer({ PUBLIC_URL: "http://localhost:3000" });
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    await db().$transaction(async (tx) => {
      await tx.organisation.update({
        where: { id: organisation.id },
        data: { shortDescription: "Atelier \uE000piège\uE001 et tricot zorglubien, \uE001fin\uE000." },
      });
      await tx.searchOutbox.create({ data: { entityType: "organisation", entityId: organisation.id } });
    });
    await until(async () => (await api("q=zorglubien")).body.total === 1);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("marks only the word that matched, in /api/search and on /recherche", async () => {
    const { body } = await api("q=zorglubien");
    expect(body.engine).toBe("meilisearch");
    expect(body.hits[0]?.snippet).toContain("<mark>zorglubien</mark>");
    expect(body.hits[0]?.snippet.match(/<mark>/g)).toHaveLength(1);
    expect(body.hits[0]?.snippet).not.toContain("</mark>fin");
    const page = await (await fetch(`${server.url}/recherche?q=zorglubien`)).text();
    expect(page).toContain("<mark>zorglubien</mark>");
    expect(page).not.toContain("<mark>piège</mark>");
    expect(page.match(/<mark>/g)).toHaveLength(1);
  });

  it("ignores the markers typed in the query: nothing is highlighted where nothing matched", async () => {
    const typed = encodeURIComponent("\uE000zorglubien\uE001");
    const { status, body } = await api(`q=${typed}`);
    expect(status).toBe(200);
    expect(body.hits[0]?.snippet.match(/<mark>/g)).toHaveLength(1);
    const onlyMarkers = await api(`q=${encodeURIComponent("\uE000\uE001 \uE001")}`);
    expect(onlyMarkers.status).toBe(200);
    expect(JSON.stringify(onlyMarkers.body.hits)).not.toContain("<mark>");
    const page = await fetch(`${server.url}/recherche?q=${encodeURIComponent("\uE000\uE001")}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("<mark>");
  });
});

describe("addresses a prober may type", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer({ PUBLIC_URL: "http://localhost:3000" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, text: await response.text() };
  };

  it("shows /recherche with the unknown filter ignored and says so", async () => {
    const { status, text } = await get("/recherche?q=caf%C3%A9&sector=__proto__&quartier=nantes-nord");
    expect(status).toBe(200);
    expect(text).toContain("Certains filtres de l&#x27;adresse n&#x27;existent pas et ont été ignorés.");
    expect(text).not.toContain("__proto__");
    // The valid filter is kept.
    expect(text).toMatch(/<input type="checkbox" name="quartier" checked="" value="nantes-nord"\/>/);
  });

  it("drops a sub-axis the call does not have, says so, and counts no filter for it", async () => {
    const { status, text } = await get("/recherche?subAxis=3.1&quartier=nantes-nord");
    expect(status).toBe(200);
    expect(text).toContain("Certains filtres de l&#x27;adresse n&#x27;existent pas et ont été ignorés.");
    // Only the quartier is active: the unknown sub-axis had no box to untick.
    const summary = /<summary>Filtrer.*?<\/summary>/.exec(text)![0].replace(/<[^>]+>/g, "");
    expect(summary).toBe("Filtrer (1 filtre actif)");
    expect(text).not.toMatch(/value="3\.1"/);
  });

  it("cuts a query over 200 characters on /recherche and says so; /api/search answers 400 as documented", async () => {
    const long = "salle ".repeat(60);
    const { status, text } = await get(`/recherche?q=${encodeURIComponent(long)}`);
    expect(status).toBe(200);
    expect(text).toContain("Votre recherche a été raccourcie à 200 caractères.");
    const api = await fetch(`${server.url}/api/search?q=${encodeURIComponent(long)}`);
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ message: "Invalid search parameters", errors: ["q: 200 characters at most"] });
  });

  const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"];
  const ROUTES: [path: string, parameters: string[], kind: "page" | "api"][] = [
    ["/recherche", ["q", "type", "subAxis", "quartier", "sector", "resource", "status", "page", "perPage", "sort"], "page"],
    ["/annuaire", ["sector", "quartier", "subAxis", "resource", "page"], "page"],
    ["/idees", ["subAxis", "quartier", "sector", "resource", "stage", "page"], "page"],
    ["/carte", ["subAxis", "type", "niveau", "quartier", "tri"], "page"],
    ["/api/search", ["q", "type", "subAxis", "quartier", "sector", "resource", "status", "page", "perPage", "sort"], "api"],
    ["/api/coverage", ["subAxis", "type"], "api"],
  ];

  it("answers every filter named after an Object.prototype property without a server error", async () => {
    const failures: string[] = [];
    for (const [route, parameters, kind] of ROUTES) {
      const addresses = [
        ...parameters.flatMap((parameter) => NAMES.map((name) => `${route}?${parameter}=${name}`)),
        ...parameters.map((parameter) => `${route}?${parameter}=__proto__&${parameter}=constructor`),
        `${route}?${NAMES.map((name) => `${name}=1`).join("&")}`,
      ];
      for (const address of addresses) {
        const { status, text } = await get(address);
        const expected = kind === "page" ? [200] : [200, 400];
        if (!expected.includes(status)) failures.push(`${address} → ${status}`);
        if (kind === "page" && !text.includes("</html>")) failures.push(`${address} → no page`);
        if (kind === "api" && status === 400 && !("message" in (JSON.parse(text) as object)))
          failures.push(`${address} → ${text}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

/** A first page of ten results for `query`, with no filter. */
const firstPage = (query: string) => searchFor(query);

describe("a search started while its request waits its turn", () => {
  const titles = (result: SearchResult) => result.hits.map((hit) => hit.title);

  it("is taken by the search of the very same parameters only, and a failure falls back to the database", async () => {
    const isolation = await search(firstPage("isolement"));
    expect(titles(isolation).length).toBeGreaterThan(0);
    expect(await search(firstPage("isolement"), searchAhead(firstPage("isolement")))).toEqual(isolation);
    // Started for another search: not taken.
    const other = await search(firstPage("jardin"), searchAhead(firstPage("isolement")));
    expect(other).toEqual(await search(firstPage("jardin")));
    expect(titles(other)).not.toEqual(titles(isolation));
    // Meilisearch failed it: the database answers, as it does for a search asked in turn.
    const failed = { key: JSON.stringify(firstPage("isolement")), answer: Promise.resolve(null) };
    expect(await search(firstPage("isolement"), failed)).toMatchObject({ engine: "database" });
  });

  it("is read from the address as the search page and the search API read it, and only for them", async () => {
    const at = (path: string) => searchAheadFor(new URL(path, "http://localhost"));
    const key = (query: string, perPage: number) => JSON.stringify({ ...firstPage(query), perPage });
    expect((await at("/recherche?q=isolement&sector=__proto__"))?.key).toBe(key("isolement", 10));
    expect((await at("/recherche.data?q=isolement"))?.key).toBe(key("isolement", 10));
    expect((await at("/api/search?q=isolement"))?.key).toBe(key("isolement", 20));
    expect(await at(`/api/search?q=${"x".repeat(201)}`)).toBeNull();
    // Any other address: nothing started, no promise made.
    expect(at("/annuaire?q=isolement")).toBeNull();
  });

  it("gives each request, waiting or not, the answer it gets alone", async () => {
    // One at a time: every request but the first waits its turn, its search started meanwhile.
    const server = await startAppServer({ CONCURRENT_REQUESTS: "1" });
    try {
      const paths = [
        "/recherche?q=isolement",
        "/api/search?q=jardin",
        "/recherche?q=repas&quartier=nantes-nord",
        "/api/search?q=isolement&type=organisation",
        "/recherche.data?q=jardin",
        `/api/search?q=${"x".repeat(201)}`,
        "/recherche?q=culture&subAxis=1.1",
        "/api/search?q=sant%C3%A9&page=2",
      ];
      // The CSP nonce differs from one answer to the next.
      const answer = async (path: string) => {
        const response = await fetch(`${server.url}${path}`);
        return `${response.status} ${(await response.text()).replace(/nonce="[^"]+"/g, "")}`;
      };
      const together = await Promise.all(paths.map(answer));
      const alone: string[] = [];
      for (const path of paths) alone.push(await answer(path));
      expect(together).toEqual(alone);
      expect(alone.filter((text) => text.startsWith("200 ")).length).toBe(7);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe("when Meilisearch stops", () => {
  it("answers from the database, and indexes every write made meanwhile once it is back", async () => {
    await sync.stop();
    const port = await getFreePort();
    const dataDir = path.join(inject("scratchDir"), "meili-outage");
    const first = await startLocalMeili({ dataDir, port, log: () => {} });
    const previous = { url: process.env.MEILI_URL, key: process.env.MEILI_MASTER_KEY };
    process.env.MEILI_URL = first!.url;
    process.env.MEILI_MASTER_KEY = first!.masterKey;
    const meili = createMeiliClient({ url: first!.url, apiKey: first!.masterKey });
    try {
      await ensureIndex(db(), meili);
      await first!.stop();

      const degraded = await search(firstPage("café"));
      expect(degraded.engine).toBe("database");
      expect(degraded.hits.map((hit) => hit.title)).toContain("Café du Quai Imaginaire");

      // 200 offers published while the engine is down.
      const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
      const organisation = await createOrganisationFor(admin);
      for (let index = 0; index < 200; index += 1) {
        const offer = await db().offer.create({
          data: {
            organisationId: organisation.id,
            resource: "locaux",
            title: `Salle panne numéro ${index}`,
            description: "Quadrilatère",
            availability: "Le lundi",
            conditions: "free",
          },
        });
        await publishOffer(db(), { offerId: offer.id, moderatorId: ccas.id });
      }
      await expect(processOutbox(db(), meili)).rejects.toThrow();
      expect(await db().searchOutbox.count({ where: { doneAt: null } })).toBeGreaterThanOrEqual(200);

      const second = await startLocalMeili({ dataDir, port, log: () => {} });
      try {
        await until(async () => {
          await processOutbox(db(), meili).catch(() => 0);
          return (await db().searchOutbox.count({ where: { doneAt: null } })) === 0;
        });
        const result = await meili.index(process.env.MEILI_INDEX!).search("quadrilatere", { limit: 0 });
        expect(result.estimatedTotalHits).toBe(200);
      } finally {
        await second!.stop();
      }
    } finally {
      process.env.MEILI_URL = previous.url;
      process.env.MEILI_MASTER_KEY = previous.key;
    }
  }, 60_000);
});

/** Takes a port as soon as it is free and refuses every connection on it, until closed. */
async function holdPort(port: number): Promise<net.Server> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const holder = net.createServer((socket) => socket.destroy());
    const bound = await new Promise<boolean>((resolve) => {
      holder.once("error", () => resolve(false));
      holder.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (bound) return holder;
    if (Date.now() > deadline) throw new Error(`Port ${port} stayed taken`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pid in the pid file, checked to be a Meilisearch serving that data folder. */
function meiliPid(dataDir: string): number {
  const pid = Number(fs.readFileSync(path.join(dataDir, "meili", "meilisearch.pid"), "utf8"));
  expect(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")).toContain(path.join(dataDir, "meili", "data.ms"));
  return pid;
}

const gone = (pid: number) =>
  !fs.existsSync(`/proc/${pid}`) || /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));

describe("when the Meilisearch the site started dies", () => {
  it("restarts it, serves search from the database meanwhile, indexes what changed, and says so in a few lines", async () => {
    // The site's own sync loop is the only one to take the changes from the outbox.
    await sync.stop();
    const dataDir = path.join(inject("scratchDir"), `supervised-meili-${process.pid}`);
    const port = await getFreePort();
    const server = await startAppServer({
      MEILI_URL: "",
      MEILI_MASTER_KEY: "",
      MEILI_PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_URL: "http://localhost:3000",
    });
    const search = async (q: string) =>
      (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`)).json()) as Api;
    let holder: net.Server | null = null;
    let restarted = 0;
    try {
      await until(async () => (await search("café")).engine === "meilisearch");
      const first = meiliPid(dataDir);
      const admin = await createActor();
      const organisation = await createOrganisationFor(admin);
      const logged = server.output().length;

      process.kill(first, "SIGKILL");
      // While the test holds the port, no restart can bind it: the outage lasts until it lets go.
      holder = await holdPort(port);
      const during = await search("café");
      expect(during.engine).toBe("database");
      expect(during.hits.map((hit) => hit.title)).toContain("Café du Quai Imaginaire");
      await db().$transaction(async (tx) => {
        await tx.organisation.update({ where: { id: organisation.id }, data: { name: "Zéphyrine pendant la panne" } });
        await tx.searchOutbox.create({ data: { entityType: "organisation", entityId: organisation.id } });
      });
      expect((await search("zephyrine")).total).toBe(1);
      // A few seconds of outage, in which the old loop wrote about ten lines a second.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await new Promise<void>((resolve) => holder!.close(() => resolve()));
      holder = null;

      await until(async () => {
        const after = await search("zephyrine");
        return after.engine === "meilisearch" && after.total === 1;
      }, 60_000);
      restarted = meiliPid(dataDir);
      expect(restarted).not.toBe(first);
      const lines = server.output().slice(logged).trim().split("\n");
      expect(lines.length).toBeLessThan(10);
      expect(lines.join("\n")).toContain("Meilisearch stopped unexpectedly (signal SIGKILL): restarting it");
      expect(lines.join("\n")).toContain("Meilisearch is back on");
    } finally {
      holder?.close();
      await server.stop();
    }
    // Stopping the site stops the Meilisearch it restarted.
    if (restarted) await until(async () => gone(restarted), 60_000);
  }, 120_000);
});

describe("a local Meilisearch that keeps dying", () => {
  it("is restarted at most 5 times, and the log says so once per change", async () => {
    const dataDir = path.join(inject("scratchDir"), `dying-meili-${process.pid}`);
    fs.mkdirSync(dataDir, { recursive: true });
    // Stands in for Meilisearch: answers that it is available, then dies at once, every time.
    const fake = path.join(dataDir, "fake-meilisearch.mjs");
    const starts = path.join(dataDir, "starts.txt");
    fs.writeFileSync(
      fake,
      `#!${process.execPath}
import fs from "node:fs";
import http from "node:http";
const [host, port] = process.argv[process.argv.indexOf("--http-addr") + 1].split(":");
fs.appendFileSync(${JSON.stringify(starts)}, "start\\n");
http
  .createServer((request, response) => {
    response.setHeader("Content-Type", "application/json");
    response.end(JSON.stringify({ status: "available" }));
    setTimeout(() => process.exit(3), 100);
  })
  .listen(Number(port), host);
`,
      { mode: 0o755 },
    );
    const lines: string[] = [];
    const meili = await startLocalMeili({
      dataDir,
      port: await getFreePort(),
      binary: fake,
      log: (message) => lines.push(message),
      restartDelayMs: 20,
    });
    try {
      expect(meili).not.toBeNull();
      await until(async () => lines.some((line) => line.includes("not restarting it again")), 60_000);
      expect(fs.readFileSync(starts, "utf8").trim().split("\n")).toHaveLength(1 + 5);
      expect(lines.filter((line) => line.startsWith("Meilisearch stopped unexpectedly (exit code 3)"))).toHaveLength(5);
      expect(lines.filter((line) => line.startsWith("Meilisearch is back on"))).toHaveLength(5);
      expect(lines.at(-1)).toMatch(
        /^Meilisearch stopped \(exit code 3\) after 5 restarts in 10 minutes: not restarting it again/,
      );
      expect(lines).toHaveLength(5 + 5 + 1);
    } finally {
      await meili?.stop();
    }
  });
});
