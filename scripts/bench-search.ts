// `npm run -s bench:search -- --docs 50000`: fills a scratch database and index with realistic
// documents, then replays a fixed mix of queries through the running app's /api/search and
// directly against Meilisearch with the same parameters: one client for 10 s, then 32 clients for
// 20 s, each against both. Then the sync latency: organisations published through the app's model
// function, timed until /api/search finds them through the app's own sync loop. Prints figures, the
// last line one JSON object.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { publishOrganisation } from "../app/models/organisation.server";
import { createPrismaClient } from "../app/utils/db.server";
import { parseEnv } from "../app/utils/env.server";
import { QUARTIERS, RESOURCES, SECTORS, KINDS } from "../app/domain/taxonomy";
import { seed } from "../prisma/seed";
import { createMeiliClient } from "../search/client";
import { meiliQueries, searchParamsFor, type SearchParams } from "../search/query";
import { INDEX_NAME } from "../search/settings";
import { reindexAll } from "../search/sync";
import { migrate } from "./lib/prepare";
import { startLocalMeili } from "./lib/local-meili";
import { startEnvironment } from "./lib/start-command";

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const DOCS = argument("docs", 50_000);
const SINGLE_S = argument("single-seconds", 10);
const CONCURRENT_S = argument("concurrent-seconds", 20);
const CLIENTS = 32;
const SYNC_REPEATS = argument("sync-repeats", 30);

// A seeded generator: the same corpus and the same queries on every run.
let state = 20251129;
const random = () => {
  state = (state * 1664525 + 1013904223) % 2 ** 32;
  return state / 2 ** 32;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

// French-like words from syllables, plus the domain's own words near the top of the Zipf ranking.
const SYLLABLES = [
  "ba",
  "be",
  "bi",
  "bo",
  "ca",
  "ce",
  "ci",
  "co",
  "da",
  "de",
  "di",
  "do",
  "fa",
  "fe",
  "ga",
  "ge",
  "la",
  "le",
  "li",
  "lo",
  "ma",
  "me",
  "mi",
  "mo",
  "na",
  "ne",
  "ni",
  "no",
  "pa",
  "pe",
  "pi",
  "po",
  "ra",
  "re",
  "ri",
  "ro",
  "sa",
  "se",
  "si",
  "so",
  "ta",
  "te",
  "ti",
  "to",
  "va",
  "ve",
  "vi",
  "tion",
  "ment",
  "eur",
  "ette",
  "ance",
  "ier",
  "é",
  "ou",
  "ain",
  "oir",
  "ique",
  "age",
];
const DOMAIN = [
  "isolement",
  "précarité",
  "salle",
  "samedi",
  "dimanche",
  "soir",
  "nuit",
  "voisins",
  "quartier",
  "bailleur",
  "logement",
  "association",
  "entreprise",
  "pharmacie",
  "repérage",
  "visite",
  "accompagnement",
  "bénévoles",
  "locaux",
  "compétences",
  "mécénat",
  "personnes",
  "âgées",
  "familles",
  "jeunes",
  "culture",
  "loisirs",
  "sport",
  "santé",
  "emploi",
  "formation",
  "insertion",
  "café",
  "repas",
  "atelier",
  "jardin",
  "bibliothèque",
  "transport",
  "numérique",
  "droits",
];
const VOCABULARY = [...DOMAIN];
const seen = new Set(VOCABULARY);
while (VOCABULARY.length < 30_000) {
  const word = Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join("");
  if (!seen.has(word)) {
    seen.add(word);
    VOCABULARY.push(word);
  }
}
// Zipf (s ≈ 1.07): cumulative weights for sampling by rank.
const cumulative: number[] = [];
VOCABULARY.reduce((sum, _word, rank) => {
  cumulative.push(sum + 1 / (rank + 1) ** 1.07);
  return cumulative[cumulative.length - 1]!;
}, 0);
const zipfWord = () => {
  const target = random() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low]!;
};
const sentence = (min: number, max: number) =>
  Array.from({ length: min + Math.floor(random() * (max - min)) }, zipfWord).join(" ");
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

async function fill(db: ReturnType<typeof createPrismaClient>) {
  const quartiers = await db.quartier.findMany({ select: { id: true } });
  const subAxes = await db.callSubAxis.findMany({ select: { id: true, code: true } });
  const call = await db.call.findFirstOrThrow({ select: { id: true } });
  const organisations = Math.round(DOCS * 0.5);
  const offers = Math.round(DOCS * 0.3);
  const ideas = DOCS - organisations - offers;
  const organisationIds: string[] = [];
  for (let start = 0; start < organisations; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, organisations - start) }, (_unused, index) => ({
      id: crypto.randomUUID(),
      slug: `bench-${start + index}`,
      name: capitalise(sentence(2, 5)),
      shortDescription: capitalise(sentence(12, 35)),
      description: capitalise(sentence(40, 160)),
      sector: pick(SECTORS).code,
      kind: pick(KINDS).code,
      wholeCity: random() < 0.1,
      status: "published",
    }));
    await db.organisation.createMany({ data: rows });
    await db.organisationQuartier.createMany({
      data: rows.flatMap((row) => [{ organisationId: row.id, quartierId: pick(quartiers).id }]),
    });
    await db.organisationSubAxis.createMany({
      data: rows.map((row) => ({ organisationId: row.id, subAxisId: pick(subAxes).id })),
    });
    await db.organisationResource.createMany({
      data: rows.map((row) => ({ organisationId: row.id, resource: pick(RESOURCES).code, direction: "offers" })),
    });
    organisationIds.push(...rows.map((row) => row.id));
  }
  for (let start = 0; start < offers; start += 5000) {
    await db.offer.createMany({
      data: Array.from({ length: Math.min(5000, offers - start) }, () => ({
        organisationId: pick(organisationIds),
        resource: pick(RESOURCES).code,
        title: capitalise(sentence(3, 7)),
        description: capitalise(sentence(30, 120)),
        availability: sentence(4, 10),
        conditions: "free",
        quartierId: pick(quartiers).id,
        status: "published",
      })),
    });
  }
  for (let start = 0; start < ideas; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, ideas - start) }, (_unused, index) => ({
      id: crypto.randomUUID(),
      slug: `bench-idea-${start + index}`,
      callId: call.id,
      organisationId: pick(organisationIds),
      title: capitalise(sentence(3, 8)),
      summary: capitalise(sentence(15, 40)),
      description: capitalise(sentence(60, 200)),
      targetPublic: sentence(4, 12),
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
    }));
    await db.idea.createMany({ data: rows });
    await db.ideaCode.createMany({
      data: rows.flatMap((row) => [
        { ideaId: row.id, kind: "subAxis", code: pick(subAxes).code },
        { ideaId: row.id, kind: "quartier", code: pick(QUARTIERS).code },
      ]),
    });
  }
}

/** 240 queries: frequent and rare words, typos, several words, with and without filters. */
function queries(): SearchParams[] {
  const list: SearchParams[] = [];
  const base = searchParamsFor("", { perPage: 20 });
  const typo = (word: string) => (word.length > 4 ? word.slice(0, 2) + word[3] + word[2] + word.slice(4) : word);
  for (let index = 0; index < 240; index += 1) {
    const kind = index % 6;
    const word = VOCABULARY[Math.floor(random() ** 2 * 3000)]!;
    const q =
      kind === 0
        ? word
        : kind === 1
          ? typo(word)
          : kind === 2
            ? `${word} ${zipfWord()}`
            : kind === 3
              ? `${zipfWord()} ${zipfWord()} ${zipfWord()}`
              : kind === 4
                ? VOCABULARY[Math.floor(random() * VOCABULARY.length)]!
                : "";
    list.push({
      ...base,
      q,
      types: index % 4 === 0 ? [pick(["organisation", "offer", "idea"] as const)] : [],
      quartiers: index % 3 === 0 ? [pick(QUARTIERS).code] : [],
      subAxes: index % 5 === 0 ? ["2.1"] : [],
      sectors: index % 7 === 0 ? [pick(SECTORS).code] : [],
    });
  }
  return list;
}

function apiPath(params: SearchParams) {
  const search = new URLSearchParams({ q: params.q, perPage: String(params.perPage) });
  params.types.forEach((value) => search.append("type", value));
  params.quartiers.forEach((value) => search.append("quartier", value));
  params.subAxes.forEach((value) => search.append("subAxis", value));
  params.sectors.forEach((value) => search.append("sector", value));
  return `/api/search?${search.toString()}`;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
function request(url: URL, method: string, body?: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: body
          ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers }
          : headers,
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function getJson<T>(url: URL): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          res.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      })
      .on("error", reject);
  });
}

/**
 * From a moderator's publish (the model function, which writes the outbox row in its transaction) to
 * the organisation found by /api/search, the app's sync loop doing the indexing in between. One at a
 * time, after a random pause so that publishes do not line up with the loop's idle wait.
 */
async function syncLatencies(databaseUrl: string, appUrl: string) {
  const db = createPrismaClient(databaseUrl);
  const call = await db.call.findFirstOrThrow({ select: { id: true } });
  const moderator = await db.user.create({
    data: { email: "bench-moderator@exemple.org", name: "Bench", passwordHash: "-", isCcas: true },
  });
  const latencies: number[] = [];
  for (let index = 0; index < SYNC_REPEATS; index += 1) {
    // A word no generated document contains, so that the one hit is this organisation.
    const word = `Zyxsync${String.fromCharCode(97 + (index % 26))}${index}`;
    const organisation = await db.organisation.create({
      data: {
        slug: `bench-sync-${index}`,
        name: `${word} ${capitalise(sentence(1, 3))}`,
        shortDescription: capitalise(sentence(12, 35)),
        description: capitalise(sentence(40, 160)),
        sector: pick(SECTORS).code,
        kind: pick(KINDS).code,
        status: "pending",
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100 + random() * 400));
    const started = performance.now();
    await publishOrganisation(db, { organisationId: organisation.id, moderatorId: moderator.id, callId: call.id });
    const search = new URL(`${appUrl}/api/search?q=${word}&type=organisation`);
    for (;;) {
      const { hits } = await getJson<{ hits: { title: string }[] }>(search);
      if (hits.some((hit) => hit.title === organisation.name)) break;
      if (performance.now() - started > 30_000) throw new Error(`${word} was not searchable after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    latencies.push(performance.now() - started);
  }
  await db.$disconnect();
  return latencies;
}

async function phase(clients: number, seconds: number, send: (params: SearchParams) => Promise<number>, mix: SearchParams[]) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const params = mix[next++ % mix.length]!;
        try {
          latencies.push(await send(params));
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { p95: p95(latencies), rps: latencies.length / elapsed, count: latencies.length, errors };
}

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-bench-search-"));
  const databaseUrl = `file:${path.join(scratch, "bench.db")}`;
  const env = parseEnv({ ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: scratch, MEILI_URL: "", MEILI_MASTER_KEY: "" });
  migrate(env);
  const db = createPrismaClient(databaseUrl);
  await seed(db, { demo: false });
  let started = performance.now();
  await fill(db);
  console.log(`corpus: ${DOCS} documents written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const meiliPort = 7800 + Math.floor(random() * 100);
  const meili = await startLocalMeili({ dataDir: path.join(scratch, "meili"), port: meiliPort, log: console.log });
  if (!meili) throw new Error("Meilisearch did not start");
  // A fresh Meilisearch in the scratch folder: the default index name is free.
  const index = INDEX_NAME;
  const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey, timeoutMs: 120_000 });
  started = performance.now();
  await reindexAll(db, client);
  const reindexSeconds = (performance.now() - started) / 1000;
  console.log(`reindex: ${reindexSeconds.toFixed(1)} s`);
  await db.$disconnect();

  const port = 3900 + Math.floor(random() * 90);
  const app = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      ...startEnvironment(),
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATA_DIR: scratch,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
      MEILI_INDEX: index,
    },
    stdio: "ignore",
  });
  const appUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      await request(new URL(`${appUrl}/healthz`), "GET");
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  // The toll of Node's built-in fetch, which the app and this bench avoid.
  const health = new URL(`${meili.url}/health`);
  const fetchTimes: number[] = [];
  const httpTimes: number[] = [];
  for (let index = 0; index < 50; index += 1) {
    const t = performance.now();
    await (await fetch(health)).text();
    fetchTimes.push(performance.now() - t);
    httpTimes.push(await request(health, "GET"));
  }
  console.log(
    `GET /health p50: built-in fetch ${median(fetchTimes).toFixed(1)} ms, node:http keep-alive ${median(httpTimes).toFixed(1)} ms`,
  );

  const mix = queries();
  const viaApp = (params: SearchParams) => request(new URL(`${appUrl}${apiPath(params)}`), "GET");
  const direct = new URL(`${meili.url}/multi-search`);
  const viaMeili = (params: SearchParams) =>
    request(direct, "POST", JSON.stringify({ queries: meiliQueries(params) }), { authorization: `Bearer ${meili.masterKey}` });
  // Warm both paths.
  await phase(4, 2, viaApp, mix);
  await phase(4, 2, viaMeili, mix);

  const app1 = await phase(1, SINGLE_S, viaApp, mix);
  const meili1 = await phase(1, SINGLE_S, viaMeili, mix);
  const app32 = await phase(CLIENTS, CONCURRENT_S, viaApp, mix);
  const meili32 = await phase(CLIENTS, CONCURRENT_S, viaMeili, mix);
  console.log(
    `1 client:   app p95 ${app1.p95.toFixed(1)} ms (${app1.count} requests), Meilisearch p95 ${meili1.p95.toFixed(1)} ms (${meili1.count})`,
  );
  console.log(
    `32 clients: app ${app32.rps.toFixed(0)} req/s p95 ${app32.p95.toFixed(1)} ms, Meilisearch ${meili32.rps.toFixed(0)} req/s p95 ${meili32.p95.toFixed(1)} ms`,
  );

  const sync = await syncLatencies(databaseUrl, appUrl);
  // Where the time goes: Meilisearch's own part, from the loop's push to the task's end.
  const { results: tasks } = await client.tasks.getTasks({
    indexUids: [index],
    types: ["documentAdditionOrUpdate"],
    limit: sync.length,
  });
  const indexing = tasks.map((task) => Date.parse(task.finishedAt ?? task.enqueuedAt) - Date.parse(task.enqueuedAt));
  console.log(
    `sync (publish → found by /api/search, ${sync.length} times): p50 ${median(sync).toFixed(0)} ms, p95 ${p95(sync).toFixed(0)} ms; of which Meilisearch's task p50 ${median(indexing).toFixed(0)} ms, p95 ${p95(indexing).toFixed(0)} ms`,
  );

  app.kill("SIGTERM");
  await new Promise((resolve) => app.once("exit", resolve));
  await meili.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  console.log(
    JSON.stringify({
      docs: DOCS,
      queries: mix.length,
      app_p95_1_ms: round(app1.p95),
      meili_p95_1_ms: round(meili1.p95),
      app_rps_32: round(app32.rps, 0),
      meili_rps_32: round(meili32.rps, 0),
      app_p95_32_ms: round(app32.p95),
      meili_p95_32_ms: round(meili32.p95),
      ratio_p95_32: round(app32.p95 / meili32.p95, 2),
      errors: app1.errors + meili1.errors + app32.errors + meili32.errors,
      reindex_s: round(reindexSeconds),
      sync_p50_ms: round(median(sync), 0),
      sync_p95_ms: round(p95(sync), 0),
    }),
  );
  process.exit(0);
}

await main();
