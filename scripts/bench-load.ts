// `npm run -s bench:load [-- --postgres --clients 20 --seconds 60 --warmup 10 --organisations 50000 --only home,map --instances 2 --profile DIR --keep --data DIR]`:
// the production build under load. Fills a throwaway data directory (SQLite, or with --postgres a
// throwaway local PostgreSQL cluster) with that many organisations drawn like the demo's
// (prisma/seed.ts's seedScale) and the activity of a lively call (scripts/lib/bench-data.ts), indexes
// it in a local Meilisearch, then starts the site as `npm start` does (scripts/start.mjs, NODE_ENV=production,
// the `npm run build` output) on a free port, and drives `clients` concurrent clients for `seconds`
// on a mix of public pages — home, search with filters, the map, an organisation, an idea,
// /api/search, /api/coverage — and signed-in writes: interests in ideas and edits of an idea, by
// people signed in through the log-in form, sending the Origin a browser sends. Each page is
// requested once, then the same mix runs `--warmup` seconds (10; timed apart, its errors counted)
// before the clock starts. Progress goes to stderr; the last line on stdout is one
// JSON object: requests/s, errors, p50/p95 per page (ms, the whole body read), the server's peak RSS
// (VmHWM), its CPU time per request during the load (/proc/<pid>/stat) and that of the clients
// (this process), of Meilisearch and with --postgres of PostgreSQL, which share the machine with
// it, the load average. `--only` keeps some pages of the mix; `--profile DIR` runs the server
// under `node --cpu-prof` (the .cpuprofile is written in DIR when it stops); `--keep` leaves the data
// directory (its SQLite database or with --postgres its PostgreSQL cluster, and the search index)
// in place, and `--data DIR` runs again on it (with --postgres for a cluster) without generating
// anything. `--instances N` starts N servers on the same database and
// Meilisearch and sends each request to the next (as a load balancer would); the peak RSS is then
// the highest sum of theirs sampled during the load, the server CPU the sum of theirs.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { createRandom, type Random } from "../app/domain/random";
import { QUARTIERS, RESOURCES, SECTORS } from "../app/domain/taxonomy";
import { hashPassword } from "../app/utils/auth.server";
import { createPrismaClient, type Db } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { seed, seedScale } from "../prisma/seed";
import { createMeiliClient } from "../search/client";
import { ensureIndex } from "../search/sync";
import { seedCallActivity } from "./lib/bench-data";
import { startLocalMeili } from "./lib/local-meili";
import { startLocalPostgres, type LocalPostgres } from "./lib/local-postgres";
import { getFreePort } from "./lib/net";
import { buildIfStale, migrate } from "./lib/prepare";
import { startEnvironment } from "./lib/start-command";

const argument = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const number = (name: string, fallback: number) => Number(argument(name) ?? fallback);
const ORGANISATIONS = number("organisations", 50_000);
const CLIENTS = number("clients", 20);
const SECONDS = number("seconds", 60);
/** Seconds of the same mix before the measured ones, timed apart (`--warmup 0`: none). */
const WARMUP = number("warmup", 10);
const POSTGRES = process.argv.includes("--postgres");
const KEEP = process.argv.includes("--keep");
const PROFILE_DIR = argument("profile");
const INSTANCES = number("instances", 1);
const DATA_DIR = argument("data");
const PASSWORD = "un mot de passe pour le banc de charge";

type Sent = { method?: string; headers?: Record<string, string>; body?: string };
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
/** Connections kept between requests, as a browser keeps them (one per client at a time). */
const agent = new http.Agent({ keepAlive: true });

/** One request, its body read whole (as sent: compressed or not). */
function requestOnce(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** An answer's text, inflated if it came compressed. */
function textOf(answer: Answer): string {
  const encoding = answer.headers["content-encoding"];
  const body =
    encoding === "gzip"
      ? zlib.gunzipSync(answer.body)
      : encoding === "br"
        ? zlib.brotliDecompressSync(answer.body)
        : encoding === "deflate"
          ? zlib.inflateSync(answer.body)
          : answer.body;
  return body.toString("utf8");
}

const log = (message: string) => process.stderr.write(`[bench:load] ${message}\n`);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

/** The pages of the mix and how often each is asked for, out of their sum. */
const PAGES = {
  home: 2,
  search: 2,
  map: 1,
  organisation: 2,
  idea: 2,
  apiSearch: 3,
  apiCoverage: 1,
  interest: 0.5,
  ideaEdit: 0.5,
} as const;
type Page = keyof typeof PAGES;
const only = argument("only")?.split(",") as Page[] | undefined;
for (const page of only ?? [])
  if (!(page in PAGES)) throw new Error(`--only: unknown page ${page} (${Object.keys(PAGES).join(", ")})`);
const MIX = (Object.keys(PAGES) as Page[]).filter((page) => !only || only.includes(page));

/** Words the generated organisations, offers and ideas use, and a few nobody does. */
const WORDS = [
  "repas",
  "jardin",
  "numérique",
  "logement",
  "visite",
  "sport",
  "culture",
  "santé",
  "emploi",
  "idée",
  "aide",
  "locaux",
  "",
];

type Writer = { email: string; organisationId: string; ideaId: string; cookie: string; edits: number; interests: number };
type Dataset = {
  organisations: number;
  organisationSlugs: string[];
  /** Published ideas of the generated activity: the ones writers express interest in. */
  ideas: { id: string; slug: string }[];
  subAxes: string[];
  writers: Writer[];
};

const WRITER_EMAIL = (index: number) => `banc-charge-${index}@exemple.org`;

/** The generated site, plus one writer per client: an admin of a structure that leads an idea. */
async function fill(db: Db, random: Random) {
  await seed(db, { demo: false });
  const now = Date.now();
  let timer = performance.now();
  await seedScale(db, ORGANISATIONS);
  log(`${ORGANISATIONS} organisations written in ${((performance.now() - timer) / 1000).toFixed(0)} s`);
  timer = performance.now();
  const activity = await seedCallActivity(db, { organisations: ORGANISATIONS, now, random });
  log(
    `${activity.ideas.length} ideas, ${activity.interests.length} interests, ${activity.groupements.length} groupements written in ${((performance.now() - timer) / 1000).toFixed(0)} s`,
  );

  const call = await db.call.findFirstOrThrow({
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true },
  });
  const subAxes = (await db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { code: true } })).map(
    (row) => row.code,
  );
  const organisations = await db.organisation.findMany({ where: { status: "published" }, select: { id: true } });
  // Writers act for structures with no idea, interest or groupement of the generated activity, so
  // none of their interests is refused as already pending.
  const busy = new Set([
    ...activity.ideas.map((idea) => idea.organisationId),
    ...activity.interests.map((interest) => interest.organisationId),
  ]);
  const free = random.shuffle(organisations.filter((organisation) => !busy.has(organisation.id))).slice(0, CLIENTS);
  const passwordHash = await hashPassword(PASSWORD);
  for (const [index, organisation] of free.entries()) {
    await db.user.create({
      data: {
        email: WRITER_EMAIL(index),
        name: `Banc de charge ${index}`,
        passwordHash,
        emailVerifiedAt: new Date(),
        memberships: { create: { organisationId: organisation.id, role: "admin" } },
      },
    });
    await db.idea.create({
      data: {
        slug: `idee-banc-charge-${index}`,
        callId: call.id,
        organisationId: organisation.id,
        title: `Idée du banc de charge ${index}`,
        summary: "Une idée que le banc de charge modifie.",
        description: "Première version de la description.",
        targetPublic: "Personnes isolées du quartier",
        addressesIsolation: true,
        addressesPrecarity: true,
        status: "published",
        publishedAt: new Date(),
        codes: {
          create: [
            { kind: "subAxis", code: subAxes[index % subAxes.length]! },
            { kind: "quartier", code: QUARTIERS[index % QUARTIERS.length]!.code },
            { kind: "sector", code: SECTORS[index % SECTORS.length]!.code },
            { kind: "resource", code: RESOURCES[index % RESOURCES.length]!.code },
          ],
        },
      },
    });
  }
}

/** What the clients ask for, read back from the database (a fresh one, or one `--data` reuses). */
async function readDataset(db: Db): Promise<Dataset> {
  const call = await db.call.findFirstOrThrow({
    orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true },
  });
  const subAxes = (await db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { code: true } })).map(
    (row) => row.code,
  );
  const organisations = await db.organisation.findMany({ where: { status: "published" }, select: { slug: true } });
  const ideas = await db.idea.findMany({
    where: { status: "published", slug: { startsWith: "idee-bench-" } },
    select: { id: true, slug: true },
    orderBy: { slug: "asc" },
  });
  const writers: Writer[] = [];
  for (let index = 0; index < CLIENTS; index += 1) {
    const user = await db.user.findUnique({
      where: { email: WRITER_EMAIL(index) },
      select: { memberships: { select: { organisationId: true } } },
    });
    const organisationId = user?.memberships[0]?.organisationId;
    if (!organisationId) break;
    const idea = await db.idea.findFirstOrThrow({ where: { slug: `idee-banc-charge-${index}` }, select: { id: true } });
    // A reused directory: the next interests go to ideas this structure has not written to yet.
    const interests = await db.interest.count({ where: { organisationId } });
    writers.push({ email: WRITER_EMAIL(index), organisationId, ideaId: idea.id, cookie: "", edits: 0, interests });
  }
  return {
    organisations: await db.organisation.count(),
    organisationSlugs: organisations.map((row) => row.slug),
    ideas,
    subAxes,
    writers,
  };
}

/** /proc/<pid>/status, in MB: the peak resident set (VmHWM) and the current one (VmRSS). */
function memoryOf(pid: number): { hwm: number; rss: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { hwm: kb("VmHWM") / 1024, rss: kb("VmRSS") / 1024 };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}

/** CPU time the process has used so far, in ms (user + system, from /proc/<pid>/stat). */
function cpuMsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? 0;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/**
 * CPU time a local PostgreSQL has used so far, in ms: its postmaster, the processes it runs (one
 * per connection, its background workers) and those that have already ended (the postmaster's
 * children's time, counted once they are waited for).
 */
function postgresCpuMs(dir: string): number {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      const pid = Number(entry);
      if (pid === postmaster) total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      else if (Number(fields[1]) === postmaster) total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A process that ended meanwhile.
    }
  }
  return (total * 1000) / 100;
}

async function main() {
  const random = createRandom(20_251_203);
  const scratch = DATA_DIR ? path.resolve(DATA_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-load-"));
  let postgres: LocalPostgres | null = null;
  let meili: Awaited<ReturnType<typeof startLocalMeili>> = null;
  let servers: ReturnType<typeof spawn>[] = [];
  const cleanUp = async () => {
    await Promise.all(
      servers
        .filter((server) => server.exitCode === null && server.signalCode === null)
        .map((server) => {
          const exited = new Promise((resolve) => server.once("exit", resolve));
          server.kill("SIGTERM");
          return exited;
        }),
    );
    servers = [];
    // What the server said besides its start-up lines (errors, search sync), before the folder goes.
    const serverLog = path.join(scratch, "server.log");
    const said = fs.existsSync(serverLog)
      ? fs
          .readFileSync(serverLog, "utf8")
          .split("\n")
          .filter((line) => line.trim() && !/^\[start\] (Search: using|Coopérons is served|Mail: no SMTP_URL|SIGTERM)/.test(line))
      : [];
    if (said.length > 0)
      log(`the server's log (last ${Math.min(40, said.length)} of ${said.length} lines):\n${said.slice(-40).join("\n")}`);
    await meili?.stop();
    await postgres?.stop();
    if (KEEP || DATA_DIR) log(`data directory kept: ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  };
  process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

  try {
    // The cluster in the data directory, so that --keep keeps it and --data starts it again.
    const clusterDir = path.join(scratch, "postgres");
    if (DATA_DIR && !fs.existsSync(path.join(DATA_DIR, POSTGRES ? "postgres" : "cooperons.db")))
      throw new Error(
        `--data ${DATA_DIR} holds no ${POSTGRES ? "PostgreSQL cluster (kept by --postgres --keep)" : "SQLite database (kept by --keep)"}`,
      );
    // Run as root, PostgreSQL runs as an unprivileged account, which must reach its folder.
    if (POSTGRES) fs.chmodSync(scratch, 0o755);
    if (POSTGRES) postgres = await startLocalPostgres({ log, ...(KEEP || DATA_DIR ? { keptDir: clusterDir } : {}) });
    const databaseUrl = postgres ? postgres.url : `file:${path.join(scratch, "cooperons.db")}`;
    const env = parseEnv({ DATABASE_URL: databaseUrl, DATA_DIR: scratch });
    migrate(env);
    const db = createPrismaClient(databaseUrl);
    if (!DATA_DIR) await fill(db, random);
    if (POSTGRES && !DATA_DIR) {
      // As after any bulk load (PostgreSQL's « Populating a Database »): the planner's statistics
      // and the visibility map written now, where autovacuum would write them minutes later —
      // during the measured minute, its workers on the same two cores, the first reads of each
      // fresh row setting its hint bits. A site in service has long had both.
      const timer = performance.now();
      await db.$executeRawUnsafe("VACUUM ANALYZE");
      // And the fill's pages written out now, not by a checkpoint that would fall in the measured minute.
      await db.$executeRawUnsafe("CHECKPOINT");
      log(`VACUUM ANALYZE and CHECKPOINT in ${((performance.now() - timer) / 1000).toFixed(0)} s`);
    }
    const dataset = await readDataset(db);
    if (dataset.writers.length < CLIENTS) log(`${dataset.writers.length} writers for ${CLIENTS} clients: the others only read`);

    const meiliPort = await getFreePort();
    meili = await startLocalMeili({ dataDir: scratch, port: meiliPort, log });
    if (!meili) throw new Error("Meilisearch did not start");
    const timer = performance.now();
    const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey, timeoutMs: 600_000 });
    // The rebuild sends its batches at once; Meilisearch has been seen to cut one (EPIPE) on this
    // busy machine. It starts over from scratch each time.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await ensureIndex(db, client, log);
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        log(
          `indexing failed (${(error as Error).message}${(error as Error).cause ? `: ${String((error as Error).cause)}` : ""}); again`,
        );
      }
    }
    log(`indexed in ${((performance.now() - timer) / 1000).toFixed(0)} s (${elapsed()} since the start)`);
    await db.$disconnect();

    buildIfStale(log);
    const serverLog = path.join(scratch, "server.log");
    const output = fs.openSync(serverLog, "w");
    if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
    const urls: string[] = [];
    for (let instance = 0; instance < INSTANCES; instance += 1) {
      const port = await getFreePort();
      const url = `http://127.0.0.1:${port}`;
      // Node itself, not the tsx wrapper: the pid whose memory is read is the server's.
      const server = spawn(
        process.execPath,
        [...(PROFILE_DIR ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(PROFILE_DIR)] : []), "scripts/start.mjs"],
        {
          env: {
            ...process.env,
            ...startEnvironment(),
            NODE_ENV: "production",
            PORT: String(port),
            HOST: "127.0.0.1",
            PUBLIC_URL: url,
            DATABASE_URL: databaseUrl,
            DATA_DIR: scratch,
            MEILI_URL: meili.url,
            MEILI_MASTER_KEY: meili.masterKey,
            SMTP_URL: "",
          },
          stdio: ["ignore", output, output],
        },
      );
      servers.push(server);
      for (let attempt = 0; ; attempt += 1) {
        if (server.exitCode !== null) throw new Error(`the server exited:\n${fs.readFileSync(serverLog, "utf8")}`);
        const up = await fetch(`${url}/healthz`).then(
          (response) => response.ok,
          () => false,
        );
        if (up) break;
        if (attempt > 1200) throw new Error(`the server did not answer in 2 minutes:\n${fs.readFileSync(serverLog, "utf8")}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      urls.push(url);
      log(`server ${server.pid} on ${url} (${POSTGRES ? "PostgreSQL" : "SQLite"})`);
    }
    fs.closeSync(output);
    const pids = servers.map((server) => server.pid!);
    const url = urls[0]!;
    // Each request to the next instance, its Origin that instance's, as a browser sends it.
    let turn = 0;
    const nextInstance = () => urls[turn++ % urls.length]!;

    const browserHeaders = { origin: url, "sec-fetch-site": "same-origin" };
    const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
    /**
     * One request, the body read to its end: its time, or an error. `expect` is a text the answer
     * holds, or for an answer that redirects, where it sends (a form sent, then shown again).
     *
     * Through node:http on kept connections, the body taken as it came (gzip, as a browser asks for
     * it) and inflated only to be read — the text expected, a failure's title. fetch() cost these
     * clients 1.3–1.6 ms of CPU per request on the server's two cores (its web streams, its
     * inflation of every answer); this, about half of it (`clientCpuMsPerRequest`).
     */
    async function send(pathname: string, init: Sent = {}, expect?: string | { location: string }): Promise<number> {
      const begin = performance.now();
      const base = nextInstance();
      const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br", ...init.headers };
      if (headers.origin) headers.origin = base;
      const response = await requestOnce(`${base}${pathname}`, init.method ?? "GET", headers, init.body);
      const time = performance.now() - begin;
      const method = init.method ?? "GET";
      if (typeof expect === "object") {
        if (response.status !== 303 || response.headers.location !== expect.location)
          throw new Error(`${method} ${pathname}: HTTP ${response.status} to ${response.headers.location}`);
        return time;
      }
      if (response.status !== 200) {
        // The page's title (or the start of a text answer) says which failure it was.
        const body = textOf(response);
        const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? body.slice(0, 80);
        throw new Error(`${method} ${pathname}: HTTP ${response.status} « ${title.trim()} »`);
      }
      if (expect && !textOf(response).includes(expect)) throw new Error(`${method} ${pathname}: « ${expect} » not in the answer`);
      return time;
    }

    // Sign-in through the log-in form, as a person does.
    for (const writer of dataset.writers) {
      const response = await fetch(`${url}/connexion`, {
        method: "POST",
        redirect: "manual",
        headers: { ...browserHeaders, "content-type": "application/x-www-form-urlencoded" },
        body: form([
          ["email", writer.email],
          ["password", PASSWORD],
          ["redirectTo", "/espace"],
        ]),
      });
      await response.text();
      const cookie = response.headers.getSetCookie().find((value) => value.startsWith("cooperons_session="));
      if (response.status !== 302 || !cookie) throw new Error(`log-in of ${writer.email}: HTTP ${response.status}, no session`);
      writer.cookie = cookie.split(";")[0]!;
    }
    log(`${dataset.writers.length} people signed in through /connexion`);

    const quartier = (draw: Random) => draw.pick(QUARTIERS).code;
    const requests: Record<Page, (draw: Random, client: number) => Promise<number>> = {
      home: () => send("/"),
      search: (draw) => {
        const params = new URLSearchParams();
        const q = draw.pick(WORDS);
        if (q) params.set("q", q);
        params.append("subAxis", draw.pick(dataset.subAxes));
        if (draw.chance(0.7)) params.append("quartier", quartier(draw));
        if (draw.chance(0.3)) params.append("type", draw.pick(["organisation", "offer", "idea"]));
        return send(`/recherche?${params.toString()}`);
      },
      map: (draw) =>
        send(
          draw.pick([
            "/carte",
            `/carte?subAxis=${draw.pick(dataset.subAxes)}`,
            `/carte?type=offer&resource=${draw.pick(RESOURCES).code}`,
            `/carte?sector=${draw.pick(SECTORS).code}`,
            `/carte?quartier=${quartier(draw)}`,
          ]),
        ),
      organisation: (draw) => send(`/organisations/${draw.pick(dataset.organisationSlugs)}`),
      idea: (draw) => send(`/idees/${draw.pick(dataset.ideas).slug}`),
      apiSearch: (draw) => {
        const params = new URLSearchParams({ q: draw.pick(WORDS) });
        if (draw.chance(0.3)) params.append("quartier", quartier(draw));
        if (draw.chance(0.2)) params.append("subAxis", draw.pick(dataset.subAxes));
        return send(`/api/search?${params.toString()}`);
      },
      apiCoverage: (draw) =>
        send(
          draw.pick([
            "/api/coverage",
            `/api/coverage?subAxis=${draw.pick(dataset.subAxes)}`,
            `/api/coverage?type=organisation&sector=${draw.pick(SECTORS).code}`,
            `/api/coverage?type=offer&resource=${draw.pick(RESOURCES).code}`,
          ]),
        ),
      // A new interest each time: the client's structure in the next idea of its own round; then
      // the page it is sent back to, with the confirmation, as a browser follows it (both timed).
      interest: async (_draw, client) => {
        const writer = dataset.writers[client]!;
        const idea = dataset.ideas[(client * 97 + writer.interests++) % dataset.ideas.length]!;
        const sent = await send(
          `/idees/${idea.slug}`,
          {
            method: "POST",
            headers: { ...browserHeaders, cookie: writer.cookie, "content-type": "application/x-www-form-urlencoded" },
            body: form([
              ["organisationId", writer.organisationId],
              ["resources", RESOURCES[client % RESOURCES.length]!.code],
              ["message", `Notre structure peut aider ce projet (banc de charge, envoi ${writer.interests}).`],
            ]),
          },
          { location: `/idees/${idea.slug}?proposition=envoyee#rejoindre` },
        );
        const shown = await send(
          `/idees/${idea.slug}?proposition=envoyee`,
          { headers: { cookie: writer.cookie } },
          "Votre proposition de participation a été envoyée",
        );
        return sent + shown;
      },
      // The whole form of the idea, its description changed: published, the change waits for moderation.
      ideaEdit: (_draw, client) => {
        const writer = dataset.writers[client]!;
        writer.edits += 1;
        return send(
          `/espace/organisations/${writer.organisationId}/idees/${writer.ideaId}`,
          {
            method: "POST",
            headers: { ...browserHeaders, cookie: writer.cookie, "content-type": "application/x-www-form-urlencoded" },
            body: form([
              ["intent", "save"],
              ["title", `Idée du banc de charge ${client}`],
              ["summary", "Une idée que le banc de charge modifie."],
              ["description", `Version ${writer.edits} de la description, écrite pendant le banc de charge.`],
              ["subAxes", dataset.subAxes[client % dataset.subAxes.length]!],
              ["addressesIsolation", "on"],
              ["addressesPrecarity", "on"],
              ["targetPublic", "Personnes isolées du quartier"],
              ["quartiers", QUARTIERS[client % QUARTIERS.length]!.code],
              ["sectorsSought", SECTORS[client % SECTORS.length]!.code],
              ["resourcesSought", RESOURCES[client % RESOURCES.length]!.code],
              ["stage", "looking-for-partners"],
            ]),
          },
          "Modifications enregistrées",
        );
      },
    };

    // Every page once before the clock starts (the first render of a route compiles its code).
    // A failure there is counted with the others rather than ending the run.
    const errors: Record<string, number> = {};
    const failed = (error: unknown) => {
      const message = (error as Error).message;
      errors[message] = (errors[message] ?? 0) + 1;
    };
    const warm = createRandom(1);
    for (const page of MIX) await requests[page](warm, 0).catch(failed);
    log(`warmed up; ${CLIENTS} clients for ${SECONDS} s on ${MIX.join(", ")}`);

    const weights = MIX.map((page) => PAGES[page]);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const pickPage = (draw: Random): Page => {
      let target = draw.next() * total;
      for (const [index, page] of MIX.entries()) {
        target -= weights[index]!;
        if (target < 0) return page;
      }
      return MIX[MIX.length - 1]!;
    };
    const times = Object.fromEntries(MIX.map((page) => [page, [] as number[]])) as Record<Page, number[]>;
    let warmUp: { seconds: number; rps: number; p95: number; serverCpuMsPerRequest: number | null } | null = null;
    let peakRss = 0;
    const rssNow = () => pids.reduce((sum, pid) => sum + memoryOf(pid).rss, 0);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssNow())), 250);
    const progress = setInterval(() => {
      const done = Object.values(times).reduce((sum, list) => sum + list.length, 0);
      log(`${done} requests, ${Object.values(errors).reduce((sum, n) => sum + n, 0)} errors, RSS ${rssNow().toFixed(0)} MB`);
    }, 10_000);
    // The rest of the machine's CPU per request: this driver (its clients) and Meilisearch, which
    // share the two cores with the server.
    const meiliPid = Number(fs.readFileSync(path.join(scratch, "meili", "meilisearch.pid"), "utf8"));
    const serversCpu = () => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    /** The clients on the mix until `seconds` have passed, each answer's time given to `record`. */
    const drive = (seconds: number, seed: number, record: (page: Page, time: number) => void) => {
      const deadline = performance.now() + seconds * 1000;
      return Promise.all(
        Array.from({ length: CLIENTS }, async (_unused, client) => {
          const draw = createRandom(seed + client);
          while (performance.now() < deadline) {
            const page = pickPage(draw);
            // A write needs this client's own signed-in writer.
            if ((page === "interest" || page === "ideaEdit") && !dataset.writers[client]) continue;
            try {
              record(page, await requests[page](draw, client));
            } catch (error) {
              failed(error);
            }
          }
        }),
      );
    };
    if (WARMUP > 0) {
      // The same mix first, timed apart: the server has just started, and its code is compiled
      // to its fastest form only after it ran a while (V8 optimises what runs often).
      const warmTimes: number[] = [];
      const warmCpu = serversCpu();
      const warmBegin = performance.now();
      await drive(WARMUP, 500, (_page, time) => warmTimes.push(time));
      const warmDuration = (performance.now() - warmBegin) / 1000;
      warmTimes.sort((a, b) => a - b);
      warmUp = {
        seconds: WARMUP,
        rps: round(warmTimes.length / warmDuration),
        p95: round(percentile(warmTimes, 95)),
        serverCpuMsPerRequest: warmTimes.length ? round((serversCpu() - warmCpu) / warmTimes.length) : null,
      };
      log(`warm-up of ${WARMUP} s: ${JSON.stringify(warmUp)}; now ${SECONDS} s measured`);
    }
    const postgresCpu = () => (postgres ? postgresCpuMs(postgres.dir) : 0);
    const [cpuBefore, meiliCpuBefore, clientCpuBefore, postgresCpuBefore] = [
      serversCpu(),
      cpuMsOf(meiliPid),
      process.cpuUsage(),
      postgresCpu(),
    ];
    const begin = performance.now();
    await drive(SECONDS, 1000, (page, time) => times[page].push(time));
    const duration = (performance.now() - begin) / 1000;
    clearInterval(sampler);
    clearInterval(progress);
    // One instance: its own peak (VmHWM), which the sampling may miss; several: the highest sum sampled.
    const hwm = pids.length === 1 ? memoryOf(pids[0]!).hwm : 0;
    const serverCpuMs = serversCpu() - cpuBefore;
    const meiliCpuMs = cpuMsOf(meiliPid) - meiliCpuBefore;
    const postgresCpuMsUsed = postgresCpu() - postgresCpuBefore;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000;
    const load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
    const errorCount = Object.values(errors).reduce((sum, n) => sum + n, 0);
    for (const [message, count] of Object.entries(errors)) log(`error ×${count}: ${message}`);
    const done = Object.values(times).reduce((sum, list) => sum + list.length, 0);
    const pages = Object.fromEntries(
      MIX.map((page) => {
        const sorted = [...times[page]].sort((a, b) => a - b);
        return [page, { n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) }];
      }),
    );
    for (const [page, figures] of Object.entries(pages)) log(`${page.padEnd(13)} ${JSON.stringify(figures)}`);
    log(
      `peak RSS ${hwm.toFixed(0)} MB (VmHWM of one instance; ${peakRss.toFixed(0)} MB the highest sampled during the load, all instances); load average ${load.join(" ")}`,
    );

    await cleanUp();
    console.log(
      JSON.stringify({
        organisations: dataset.organisations,
        clients: CLIENTS,
        seconds: SECONDS,
        database: POSTGRES ? "postgresql" : "sqlite",
        instances: INSTANCES,
        rps: round(done / duration),
        errors: errorCount,
        pages,
        peakRssMb: round(Math.max(hwm, peakRss), 0),
        serverCpuMsPerRequest: done ? round(serverCpuMs / done) : null,
        clientCpuMsPerRequest: done ? round(clientCpuMs / done) : null,
        meiliCpuMsPerRequest: done ? round(meiliCpuMs / done) : null,
        ...(postgres ? { postgresCpuMsPerRequest: done ? round(postgresCpuMsUsed / done) : null } : {}),
        loadAverage: load,
        warmUp,
      }),
    );
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

await main();
process.exit(0);
