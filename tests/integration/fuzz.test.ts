// A fuzz of the real site (`npm start`): every route module with an action, found in the Remix
// build, gets forms as its pages offer them and then broken (fields missing, repeated, huge,
// Unicode of every kind, numbers and dates that do not exist, prototype names), in every content
// type, as an anonymous visitor, an organisation's admin (its own ids in the address) and the CCAS;
// every route parameter gets values that are not ids, and every loader random query strings. The
// site must answer each with a page, a redirect or a 4xx: never a 5xx.
//
// Seeded: a failure prints FUZZ_SEED=…, and `FUZZ_SEED=… npx vitest run tests/integration/fuzz.test.ts`
// sends the same requests again (their order on the wire, and so the state they meet, can differ
// slightly). FUZZ_CASES sets the number of broken forms per route and person (default 5);
// FUZZ_SERVER_LOG=file keeps the site's whole output there.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SearchQuerySchema } from "~/domain/schemas/search";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { createInvitation } from "~/models/membership.server";
import { getDb } from "~/utils/db.server";
import { createSession, sessionIdOf } from "~/utils/session.server";
import { FORM_MAX_BYTES } from "../../scripts/lib/remix-handler";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { openSeededCall } from "../helpers/calls";
import {
  createRandom,
  fuzzValue,
  getFormFieldNames,
  hugeText,
  INVALID_UTF8,
  multipartBody,
  oddFieldName,
  percentEncode,
  postFormsOf,
  randomNumberText,
  randomText,
  TRICKY_VALUES,
  typedGroups,
  typedValue,
  urlencoded,
  wtf8,
  type FormTemplate,
  type Part,
  type Random,
} from "../helpers/fuzz";
import { makePng } from "../helpers/images";
import { rawRequest, type RawRequest, type RawResponse } from "../helpers/raw-http";

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : crypto.randomInt(1, 2 ** 31);
const FIELD_CASES = Number(process.env.FUZZ_CASES ?? 5);
/** A larger FUZZ_CASES takes longer: the bound of the test grows with it. */
const FIELD_TIMEOUT = Math.max(90_000, FIELD_CASES * 20_000);
/** Requests in flight at once: enough to keep the site busy, few enough for a shared 2-core machine. */
const PARALLEL = 4;

/** Each part of the file draws from its own sequence, so that one test run alone sends the same. */
const randomFor = (part: string) => createRandom(SEED ^ crypto.createHash("sha256").update(part).digest().readUInt32LE(0));

type Who = "anonymous" | "admin" | "ccas";
const PEOPLE: Who[] = ["anonymous", "admin", "ccas"];

type Route = { id: string; path: string; index: boolean; hasAction: boolean; hasLoader: boolean; hasPage: boolean };

let site: AppServer;
let routes: Route[];
const people: Record<Who, Actor | null> = { anonymous: null, admin: null, ccas: null };
/** The real values of the route parameters, by the segment before them (`groupements/:id`). */
const paramValues: Record<string, string[]> = {};
/** Ids and codes the pages showed (options, hidden fields): a fuzz value is sometimes one of them. */
const known = new Set<string>();
/** Extra query that makes a page show its form (what the links to it carry). */
const discoveryQuery: Record<string, string> = {};
/** The forms of each route, from its pages as each person sees them, plus the intents its source names. */
const templates = new Map<string, FormTemplate[]>();
/** Who saw each form on its page (the person its typed fields are tried as). */
const seenBy = new Map<FormTemplate, Who>();
/** A value some page filled a field in with (an edit form): a new form of the same fields becomes valid. */
const filled = new Map<string, string[]>();
const queryNames = new Set<string>(["index", "_routes", "q", "page", "token", "redirectTo"]);

beforeAll(async () => {
  // One trusted proxy, so that each request can come from its own address: the limits per address
  // would otherwise answer 429 before the forms are read.
  const starting = startAppServer({ TRUST_PROXY: "1" });
  const db = getDb();
  const [admin, ccas, partnerAdmin, reporter] = await Promise.all([
    createActor(),
    createActor({ ccas: true }),
    createActor(),
    createActor(),
  ]);
  people.admin = admin;
  people.ccas = ccas;
  const editor = await createActor();
  const organisation = await createOrganisationFor(admin, { editors: [editor] });
  // A second structure of the admin, invited into the groupement its first one leads.
  const invited = await createOrganisationFor(admin);
  const partner = await createOrganisationFor(partnerAdmin);
  await createOrganisationFor(partnerAdmin, { status: "pending" });
  // The seeded call closed on 16 July 2025: opened, the workspace shows its filing form to fuzz.
  await openSeededCall();
  const callId = (await db.call.findFirstOrThrow()).id;
  const idea = await db.idea.create({
    data: {
      slug: `idee-${organisation.slug}`,
      organisationId: organisation.id,
      callId,
      title: "Veilleurs de palier",
      summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
      description: "Avec un bailleur et une pharmacie, nous voulons former des voisins veilleurs.",
      targetPublic: "Locataires isolés",
      wholeCity: true,
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: { create: [{ kind: "subAxis", code: "2.1" }] },
    },
  });
  const offer = await db.offer.create({
    data: {
      organisationId: organisation.id,
      resource: "locaux",
      title: "Salle",
      description: "Une salle",
      availability: "Le samedi",
      conditions: "free",
      status: "published",
    },
  });
  const groupement = await createGroupementFromIdea(db, idea.id);
  await db.groupementMember.createMany({
    data: [
      { groupementId: groupement.id, organisationId: partner.id, status: "active" },
      { groupementId: groupement.id, organisationId: invited.id, status: "invited" },
    ],
  });
  await db.interest.create({
    data: { ideaId: idea.id, organisationId: partner.id, message: "Nous avons une salle.", resources: "locaux" },
  });
  await db.report.create({
    data: {
      entityType: "organisation",
      entityId: organisation.id,
      reason: "Coordonnées fausses",
      reporterId: reporter.id,
      openKey: `${reporter.id} organisation ${organisation.id}`,
    },
  });
  await createInvitation(db, {
    organisationId: organisation.id,
    email: "invite@exemple.org",
    role: "editor",
    invitedById: admin.id,
  });
  const { token } = await createInvitation(db, {
    organisationId: partner.id,
    email: admin.email,
    role: "editor",
    invitedById: partnerAdmin.id,
  });
  const otherIdea = await db.idea.findFirstOrThrow({
    where: { status: "published", organisationId: { not: organisation.id } },
    select: { slug: true },
  });

  const call = await db.call.findFirstOrThrow({ select: { slug: true } });
  Object.assign(paramValues, {
    "appels/:slug": [call.slug],
    "changer-d-appel/:ideaId": [idea.id],
    "exports/:file": ["organisations.csv", "groupements.json", "carte.geojson"],
    "donnees/:file": ["organisations.csv", "offres.json"],
    "organisations/:id": [organisation.id],
    "idees/:ideaId": [idea.id],
    "offres/:offerId": [offer.id],
    "groupements/:id": [groupement.id],
    "idees/:slug": [idea.slug, otherIdea.slug],
    "organisations/:slug": [organisation.slug],
    "axes/:code": ["1", "2"],
    "documents/:kind": ["accounts", "report", "project-sheet"],
    // No claim exists here: the CCAS's download of a claim's document answers its 404.
    "revendications/:id": ["revendication-inconnue"],
  });
  Object.assign(discoveryQuery, {
    "routes/signaler": `?type=organisation&id=${organisation.id}`,
    "routes/invitation": `?token=${token}`,
  });
  for (const id of [organisation.id, invited.id, partner.id, idea.id, offer.id, groupement.id, editor.id]) known.add(id);

  // The build the site serves (the start rebuilds it when the sources are newer).
  site = await starting;
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  // A nested route's address starts with its parents' (`compte/alertes` under `compte`).
  const fullPath = (id: string | undefined): string => {
    const route = id ? build.routes[id] : undefined;
    if (!route) return "";
    return [fullPath(route.parentId), route.path ?? ""].filter(Boolean).join("/");
  };
  routes = Object.values(build.routes)
    .filter((route) => route.id !== "root")
    .map((route) => ({
      id: route.id,
      path: fullPath(route.id),
      index: Boolean(route.index),
      hasAction: typeof route.module.action === "function",
      hasLoader: typeof route.module.loader === "function",
      hasPage: typeof route.module.default === "function",
    }));
  await discoverForms();
});

afterAll(async () => {
  if (process.env.FUZZ_SERVER_LOG && site) fs.writeFileSync(process.env.FUZZ_SERVER_LOG, site.output());
  await site?.stop();
});

// ——— Routes and their addresses ———

/** A real address for a route: each parameter from paramValues, or null when none is known. */
function realPath(route: Route, random: Random): string | null {
  const segments = route.path.split("/").filter(Boolean);
  const parts: string[] = [];
  for (const [index, segment] of segments.entries()) {
    if (segment === "*") parts.push("une-page-qui-n-existe-pas");
    else if (!segment.startsWith(":")) parts.push(segment);
    else {
      const values = paramValues[`${segments[index - 1]}/${segment}`];
      if (!values) return null;
      parts.push(random.pick(values));
    }
  }
  return `/${parts.join("/")}`;
}

/**
 * Where a form of the route posts: an index route is told by `?index`, as Remix's forms do. Some
 * submissions go as the browser's JavaScript sends them (single fetch: `/path.data`, the action's
 * data only), the others as a document.
 */
function actionUrl(route: Route, pathname: string, random: Random): string {
  const target = random.chance(0.3) ? `${pathname}.data` : pathname;
  return route.index ? `${target}?index` : target;
}

function sourceOf(route: Route): string {
  const base = path.resolve("app", `${route.id}`);
  for (const extension of [".tsx", ".ts"]) if (fs.existsSync(base + extension)) return fs.readFileSync(base + extension, "utf8");
  return "";
}

/** The intents and field names a route's source names, for forms its pages do not show right now. */
function namesInSource(source: string): { intents: string[]; fields: string[] } {
  const intents = new Set<string>();
  for (const pattern of [
    /case\s+"([\w-]+)"/g,
    /intent\s*[!=]==\s*"([\w-]+)"/g,
    /get\("intent"\)\s*[!=]==\s*"([\w-]+)"/g,
    /name="intent"\s+value="([\w-]+)"/g,
  ]) {
    for (const match of source.matchAll(pattern)) intents.add(match[1]!);
  }
  const fields = new Set<string>();
  for (const pattern of [/formData\.get(?:All)?\("([\w.[\]-]+)"\)/g, /name="([\w.[\]-]+)"/g, /fields\.(\w+)\b/g]) {
    for (const match of source.matchAll(pattern)) fields.add(match[1]!);
  }
  fields.delete("intent");
  return { intents: [...intents], fields: [...fields] };
}

// ——— Sending ———

function cookieOf(who: Who): Record<string, string> {
  const actor = people[who];
  return actor ? { Cookie: actor.cookie } : {};
}

let sent = 0;
type Sent = { who: Who; method: string; url: string; type?: string; description: string; body?: string | Uint8Array };
type Outcome = Sent & { status: number; text: string; headers: RawResponse["headers"] };

/** Whether the actor's cookie still opens a session. */
async function hasSession(actor: Actor): Promise<boolean> {
  const id = sessionIdOf(new Request("http://localhost/", { headers: { Cookie: actor.cookie } }));
  return id !== null && (await getDb().session.count({ where: { id } })) > 0;
}

/** One request from its own client address; a session the request closed is opened again for the next ones. */
async function send(request: Sent & { chunked?: boolean }): Promise<Outcome> {
  sent += 1;
  const headers: Record<string, string> = {
    // A connection per request: a kept-alive one that the server closes as the next request leaves
    // would fail that request on the client's side, not the server's.
    Connection: "close",
    "X-Forwarded-For": `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`,
    ...cookieOf(request.who),
  };
  if (request.type !== undefined) headers["Content-Type"] = request.type;
  const options: RawRequest = { method: request.method, headers };
  if (request.body !== undefined) {
    if (request.chunked) options.chunks = [typeof request.body === "string" ? wtf8(request.body) : request.body];
    else options.body = request.body;
  }
  let response: RawResponse;
  try {
    response = await rawRequest(site.url, request.url, options);
  } catch (error) {
    return { ...request, status: 0, text: `no answer: ${(error as Error).message}`, headers: {} };
  }
  const actor = people[request.who];
  if (actor && !(await hasSession(actor))) {
    // Logged out — the log-out form, « everywhere », a deleted account, or a new password, which
    // ends the person's other sessions, among them one opened here while that request ran (its
    // answer clears no cookie): the next requests keep a session.
    const stillThere = await getDb().user.findUnique({ where: { id: actor.id }, select: { id: true } });
    if (stillThere) actor.cookie = (await createSession(actor.id, new Request("http://localhost/"))).split(";")[0]!;
  }
  return { ...request, ...response };
}

/** What a person or a script may get: a page, a redirect somewhere, or a 4xx. A 5xx, no answer, or nonsense is a failure. */
function problemWith(outcome: Outcome, route: Route | null): string | null {
  const { status } = outcome;
  if (status === 0) return "the site did not answer";
  if (status >= 500) return `answered ${status}`;
  if (status < 200 || status > 499) return `answered ${status}`;
  if (status >= 300 && status < 400 && !outcome.headers.location) return `answered ${status} without a Location`;
  const isData = new URL(outcome.url, site.url).pathname.endsWith(".data");
  if (status === 200 && route?.hasPage && !isData && outcome.method !== "HEAD" && !outcome.text.trimEnd().endsWith("</html>"))
    return "answered 200 with something that is not a whole page";
  return null;
}

function describeFailure(outcome: Outcome, problem: string): string {
  const body =
    outcome.body === undefined
      ? ""
      : typeof outcome.body === "string"
        ? outcome.body
        : Buffer.from(outcome.body).toString("latin1");
  const excerpt = (text: string, length: number) => JSON.stringify(text.length > length ? `${text.slice(0, length)}…` : text);
  return [
    `${outcome.method} ${outcome.url.length > 200 ? `${outcome.url.slice(0, 200)}…` : outcome.url} as ${outcome.who} ${problem}`,
    `  case: ${outcome.description}; Content-Type: ${outcome.type ?? "(none)"}`,
    body ? `  body: ${excerpt(body, 400)}` : "",
    `  answer: ${excerpt(outcome.text.replace(/\s+/g, " "), 300)}`,
  ]
    .filter(Boolean)
    .join("\n");
}

type FuzzRequest = Sent & { route: Route | null; chunked?: boolean };

/** Sends every request, PARALLEL at a time, and returns the failures described. */
async function sendAll(requests: FuzzRequest[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const { route, ...request } = requests[next++]!;
      const outcome = await send(request);
      const problem = problemWith(outcome, route);
      if (problem) failures.push(describeFailure(outcome, problem));
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  console.log(`[fuzz] ${requests.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_SEED=${SEED})`);
  // The site is still up after all of it.
  const health = await rawRequest(site.url, "/healthz").then(
    (response) => response.status,
    () => 0,
  );
  if (health !== 200) failures.unshift(`The site no longer answers /healthz (${health}): it stopped or hangs.`);
  return failures;
}

function report(failures: string[], total: number): string {
  const lines = failures.slice(0, 12);
  return `${failures.length} of ${total} requests failed. Reproduce with FUZZ_SEED=${SEED}.\n\n${lines.join("\n\n")}${
    failures.length > lines.length ? `\n\n… and ${failures.length - lines.length} more` : ""
  }\n\nServer output (end):\n${site.output().slice(-3000)}`;
}

// ——— The forms ———

async function discoverForms() {
  const random = randomFor("discovery");
  const actions = routes.filter((route) => route.hasAction);
  const paths = new Map(actions.map((route) => [route.id, realPath(route, random)]));
  // The pages, a few at a time, before reading them in order.
  const pages = new Map<string, RawResponse | null>();
  const wanted = actions.flatMap((route) =>
    paths.get(route.id) && route.hasPage ? PEOPLE.map((who) => ({ route, who, key: `${route.id} ${who}` })) : [],
  );
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const { route, who, key } = wanted[next++]!;
      const url = `${paths.get(route.id)}${discoveryQuery[route.id] ?? ""}`;
      pages.set(key, await rawRequest(site.url, url, { headers: { Connection: "close", ...cookieOf(who) } }).catch(() => null));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  for (const route of actions) {
    const pathname = paths.get(route.id) ?? null;
    const found: FormTemplate[] = [];
    if (pathname && route.hasPage) {
      for (const who of PEOPLE) {
        const page = pages.get(`${route.id} ${who}`);
        if (page?.status !== 200) continue;
        for (const name of getFormFieldNames(page.text)) queryNames.add(name);
        for (const form of postFormsOf(page.text)) {
          // The log-out button of the header posts elsewhere: its own route has it.
          const target: string = form.action ? new URL(form.action, site.url).pathname : pathname;
          if (target !== pathname) continue;
          found.push(form);
          seenBy.set(form, who);
          for (const [, value] of [...form.fields, ...form.submitters]) if (/^c[a-z0-9]{20,}$/.test(value)) known.add(value);
          for (const name of new Set(form.fields.map(([field]) => field))) {
            const values = form.fields.filter(([field, value]) => field === name && value).map(([, value]) => value);
            if (values.length > 0 && !filled.has(name)) filled.set(name, values);
          }
        }
      }
    }
    const { intents, fields } = namesInSource(sourceOf(route));
    const shown = new Set(found.flatMap((form) => form.submitters.map(([, value]) => value)));
    for (const intent of intents.filter((intent) => !shown.has(intent))) {
      found.push({
        action: null,
        enctype: "application/x-www-form-urlencoded",
        fields: [["intent", intent], ...fields.map((field): [string, string] => [field, ""])],
        choices: new Map(),
        submitters: [],
        fileFields: [],
        types: new Map(),
      });
    }
    if (found.length === 0) {
      found.push({
        action: null,
        enctype: "application/x-www-form-urlencoded",
        fields: fields.map((field): [string, string] => [field, ""]),
        choices: new Map(),
        submitters: [],
        fileFields: [],
        types: new Map(),
      });
    }
    templates.set(route.id, found);
  }
}

const INTENT_NAMES = ["intent", "__intent__"];

/** A form as its page gives it, then broken in one to three ways. */
/** The form as its page gives it, or filled in (see filledIn). */
function baseFields(random: Random, template: FormTemplate): [string, string][] {
  return random.chance(0.5) ? [...template.fields] : filledIn(template);
}

/** The form with its empty fields and unticked boxes as another page filled them (an edit form of the same thing). */
function filledIn(template: FormTemplate): [string, string][] {
  const fields = template.fields.map(([name, value]): [string, string] => [name, value || (filled.get(name)?.[0] ?? "")]);
  // Boxes no one ticked yet, ticked as the other page had them.
  for (const name of template.choices.keys()) {
    if (!fields.some(([field]) => field === name)) for (const value of filled.get(name) ?? []) fields.push([name, value]);
  }
  return fields;
}

function brokenFields(random: Random, template: FormTemplate, route: Route): { fields: [string, string][]; how: string[] } {
  let fields = baseFields(random, template);
  if (template.submitters.length > 0) fields.push(random.pick(template.submitters));
  const how: string[] = [];
  const names = () => [...new Set([...fields.map(([name]) => name), ...template.fileFields, ...template.choices.keys()])];
  const valuesFor = (name: string) => [...(template.choices.get(name) ?? []), ...known];
  const intents = [
    ...new Set(
      (templates.get(route.id) ?? []).flatMap((form) =>
        [...form.submitters, ...form.fields].filter(([name]) => INTENT_NAMES.includes(name)).map(([, value]) => value),
      ),
    ),
  ];
  for (let round = random.int(1, 3); round > 0; round -= 1) {
    switch (random.int(0, 10)) {
      case 0:
        how.push("fields missing");
        fields = fields.filter(() => random.chance(0.4));
        break;
      case 1: {
        how.push("values replaced");
        const chosen = new Set(random.shuffle(names()).slice(0, random.int(1, 4)));
        fields = fields.filter(([name]) => !chosen.has(name));
        for (const name of chosen) fields.push([name, typedValue(random, template.types.get(name), valuesFor(name))]);
        break;
      }
      case 2: {
        const name = names().length > 0 ? random.pick(names()) : "intent";
        const count = random.chance(0.2) ? random.int(200, 2000) : random.int(2, 6);
        how.push(`${name} repeated ${count} times`);
        for (let index = 0; index < count; index += 1)
          fields.push([name, count > 100 ? random.pick(valuesFor(name).concat(["x", ""])) : fuzzValue(random, valuesFor(name))]);
        break;
      }
      case 3:
        how.push("odd field names");
        for (let index = random.int(1, 4); index > 0; index -= 1)
          fields.push([oddFieldName(random, names()), fuzzValue(random, [...known])]);
        break;
      case 4:
        how.push("another intent");
        fields = fields.filter(([name]) => !INTENT_NAMES.includes(name));
        fields.push([
          random.pick(INTENT_NAMES),
          random.chance(0.7) && intents.length > 0 ? random.pick(intents) : fuzzValue(random),
        ]);
        break;
      case 5:
        how.push("all empty");
        fields = fields.map(([name]) => [name, ""]);
        break;
      case 6:
        how.push("numbers everywhere");
        fields = fields.map(([name, value]) => [name, INTENT_NAMES.includes(name) ? value : randomNumberText(random)]);
        break;
      case 7:
        how.push("Unicode everywhere");
        fields = fields.map(([name, value]) => [name, INTENT_NAMES.includes(name) ? value : randomText(random, 120)]);
        break;
      case 9:
      case 10: {
        // The rest as the page filled it in (an edit form is valid): one date, number or address broken.
        const typed = names().filter((name) => typedGroups(template.types.get(name)));
        const name = typed.length > 0 ? random.pick(typed) : random.pick(names().length > 0 ? names() : ["intent"]);
        const value = typedValue(random, template.types.get(name) ?? "date", valuesFor(name));
        how.push(`${name} = ${JSON.stringify(value.slice(0, 40))}`);
        fields = [...fields.filter(([field]) => field !== name), [name, value]];
        break;
      }
      default:
        how.push("as the page sends it");
    }
  }
  return { fields, how };
}

function textFileOf(random: Random): { bytes: Uint8Array; filename: string; type: string } {
  return random.pick([
    () => ({ bytes: makePng(), filename: "logo.png", type: "image/png" }),
    () => ({
      bytes: wtf8("%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n"),
      filename: "dossier.pdf",
      type: "application/pdf",
    }),
    () => ({ bytes: wtf8("%PDF-"), filename: "court.pdf", type: "application/pdf" }),
    () => ({
      bytes: crypto.randomBytes(random.int(0, 4000)),
      filename: randomText(random, 30),
      type: "application/octet-stream",
    }),
    () => ({ bytes: new Uint8Array(0), filename: "", type: "" }),
    () => ({ bytes: wtf8("commune,population\nNantes,abc\n"), filename: "population.csv", type: "text/csv" }),
  ])();
}

/** The fields as one encoded body: urlencoded, or multipart with files where the page has them (and some where it has not). */
function encode(
  random: Random,
  fields: [string, string][],
  template: FormTemplate,
): { type: string; body: string | Uint8Array; how: string } {
  const multipart =
    template.fileFields.length > 0 || template.enctype === "multipart/form-data" ? random.chance(0.8) : random.chance(0.25);
  if (!multipart) return { type: "application/x-www-form-urlencoded", body: urlencoded(fields, random), how: "urlencoded" };
  const parts: Part[] = fields.map(([name, value]) => {
    if (!random.chance(0.05)) return { name, value };
    const file = textFileOf(random);
    return { name, value: file.bytes, filename: file.filename, type: file.type };
  });
  for (const name of template.fileFields) {
    if (random.chance(0.2)) continue;
    if (random.chance(0.15)) parts.push({ name, value: fuzzValue(random) });
    else {
      const file = textFileOf(random);
      parts.push({ name, value: file.bytes, filename: file.filename, type: file.type });
    }
  }
  const boundary = `----fuzz${crypto.randomBytes(8).toString("hex")}`;
  return { type: `multipart/form-data; boundary=${boundary}`, body: multipartBody(parts, boundary), how: "multipart" };
}

// ——— The tests ———

describe(`the fuzz of every action, query and parameter (FUZZ_SEED=${SEED})`, () => {
  it("reaches every route module that has an action, with real ids in its address", () => {
    const random = randomFor("coverage");
    const actions = routes.filter((route) => route.hasAction);
    expect(actions.length).toBeGreaterThan(10);
    // A route whose parameters this test cannot fill would go unfuzzed: name it in paramValues.
    expect(actions.filter((route) => realPath(route, random) === null).map((route) => route.path)).toEqual([]);
    expect(actions.filter((route) => !templates.has(route.id)).map((route) => route.id)).toEqual([]);
  });

  it(
    "answers broken forms on every action with a page, a redirect or a 4xx",
    async () => {
      const random = randomFor("fields");
      const requests = routes
        .filter((route) => route.hasAction)
        .flatMap((route) =>
          PEOPLE.flatMap((who) =>
            Array.from({ length: FIELD_CASES }, () => {
              const template = random.pick(templates.get(route.id)!);
              const { fields, how } = brokenFields(random, template, route);
              const { type, body, how: encoding } = encode(random, fields, template);
              return {
                route,
                who,
                method: "POST",
                url: actionUrl(route, realPath(route, random)!, random),
                type,
                body,
                description: `${how.join(", ")} (${encoding})`,
              };
            }),
          ),
        );
      // Each date, number and address field of every form, alone broken in a form otherwise filled in.
      for (const route of routes.filter((route) => route.hasAction)) {
        for (const template of templates.get(route.id)!) {
          for (const [name, type] of template.types) {
            const groups = typedGroups(type);
            if (!groups) continue;
            // One value of each group: a day that does not exist, a year out of reach, another notation…
            for (const group of groups) {
              const value = random.pick(group);
              const fields: [string, string][] = [
                ...filledIn(template).filter(([field]) => field !== name),
                ...template.submitters.slice(0, 1),
                [name, value],
              ];
              const { type: contentType, body } = encode(random, fields, template);
              requests.push({
                route,
                who: seenBy.get(template) ?? "admin",
                method: "POST",
                url: actionUrl(route, realPath(route, random)!, random),
                type: contentType,
                body,
                description: `${name} (${type}) = ${JSON.stringify(value.slice(0, 40))} in a filled-in form`,
              });
            }
          }
        }
      }
      const failures = await sendAll(requests);
      expect(failures, report(failures, requests.length)).toEqual([]);
    },
    FIELD_TIMEOUT,
  );

  it("answers every content type, size and method with a 4xx, never a 5xx", async () => {
    const random = randomFor("types");
    const boundary = "----fuzzboundary";
    const kinds: {
      type?: string;
      how: string;
      body: (fields: [string, string][]) => string | Uint8Array;
      method?: string;
      chunked?: boolean;
      /** Answered by the server before any route (type, size, unreadable body): a few routes suffice. */
      edge?: true;
    }[] = [
      { type: "application/x-www-form-urlencoded", how: "urlencoded", body: (fields) => urlencoded(fields, random) },
      { type: "application/x-www-form-urlencoded; charset=UTF-8", how: "charset UTF-8", body: (fields) => urlencoded(fields) },
      {
        type: "application/x-www-form-urlencoded;charset=ISO-8859-1",
        how: "Latin-1 bytes",
        body: (fields) => Buffer.from(fields.map(([name, value]) => `${name}=${value}`).join("&"), "latin1"),
      },
      {
        type: "application/x-www-form-urlencoded; charset=nimporte-quoi",
        how: "unknown charset",
        body: (fields) => urlencoded(fields),
      },
      { type: "APPLICATION/X-WWW-FORM-URLENCODED", how: "upper case", body: (fields) => urlencoded(fields) },
      {
        type: "application/x-www-form-urlencoded",
        how: "JSON sent as a form",
        body: (fields) => JSON.stringify(Object.fromEntries(fields)),
      },
      { type: "application/x-www-form-urlencoded", how: "random bytes", body: () => crypto.randomBytes(2000) },
      {
        type: "application/x-www-form-urlencoded",
        how: "invalid UTF-8 escapes",
        body: (fields) => `${urlencoded(fields)}&${INVALID_UTF8.join("=")}=${INVALID_UTF8.join("")}`,
      },
      { type: "application/x-www-form-urlencoded", how: "empty body", body: () => "" },
      {
        type: "application/x-www-form-urlencoded",
        how: "over the form limit",
        edge: true,
        body: () => `x=${"a".repeat(FORM_MAX_BYTES + 10)}`,
      },
      { type: "application/x-www-form-urlencoded", how: "chunked", body: (fields) => urlencoded(fields), chunked: true },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        how: "multipart",
        body: (fields) =>
          multipartBody(
            fields.map(([name, value]) => ({ name, value })),
            boundary,
          ),
      },
      {
        type: `multipart/form-data; boundary="${boundary}"`,
        how: "quoted boundary",
        body: (fields) =>
          multipartBody(
            fields.map(([name, value]) => ({ name, value })),
            boundary,
          ),
      },
      {
        type: `multipart/form-data; boundary=${boundary}; charset=utf-16`,
        how: "multipart in UTF-16",
        body: (fields) =>
          multipartBody(
            fields.map(([name, value]) => ({ name, value })),
            boundary,
          ),
      },
      {
        type: "multipart/form-data",
        how: "multipart without boundary",
        edge: true,
        body: (fields) =>
          multipartBody(
            fields.map(([name, value]) => ({ name, value })),
            boundary,
          ),
      },
      { type: "multipart/form-data; boundary=", how: "empty boundary", edge: true, body: () => "--\r\n\r\n--" },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        how: "cut multipart",
        edge: true,
        body: (fields) =>
          multipartBody(
            fields.map(([name, value]) => ({ name, value })),
            boundary,
          ).slice(0, 60),
      },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        how: "another boundary",
        edge: true,
        body: (fields) =>
          multipartBody(
            fields.map(([name, value]) => ({ name, value })),
            "autre",
          ),
      },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        how: "3,000 parts",
        body: () =>
          multipartBody(
            Array.from({ length: 3000 }, (_, index) => ({ name: `f${index % 7}`, value: "x" })),
            boundary,
          ),
      },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        how: "part headers that are not UTF-8",
        body: () =>
          Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`),
            Buffer.from([0xff, 0xfe, 0x00, 0xc0]),
            Buffer.from(`"; filename="\u00e9.pdf"\r\nContent-Type: \u0000\r\n\r\nx\r\n--${boundary}--\r\n`, "latin1"),
          ]),
      },
      { type: "application/json", how: "JSON", edge: true, body: (fields) => JSON.stringify(Object.fromEntries(fields)) },
      { type: "application/json; charset=utf-8", how: "broken JSON", edge: true, body: () => '{"intent":' },
      {
        type: "text/plain",
        how: "text/plain",
        edge: true,
        body: (fields) => fields.map(([name, value]) => `${name}=${value}`).join("\r\n"),
      },
      { type: "text/plain;charset=UTF-8", how: "text/plain UTF-8", edge: true, body: (fields) => urlencoded(fields) },
      { type: undefined, how: "no Content-Type", edge: true, body: (fields) => urlencoded(fields) },
      { type: "", how: "empty Content-Type", edge: true, body: (fields) => urlencoded(fields) },
      { type: "n'importe quoi", how: "garbage Content-Type", edge: true, body: (fields) => urlencoded(fields) },
      {
        type: "application/x-www-form-urlencoded, text/plain",
        how: "two types",
        edge: true,
        body: (fields) => urlencoded(fields),
      },
      { type: "application/xml", how: "XML", edge: true, body: () => "<intent>x</intent>" },
      { type: "application/octet-stream", how: "bytes", edge: true, body: () => crypto.randomBytes(500) },
      {
        type: `multipart/mixed; boundary=${boundary}`,
        how: "multipart/mixed",
        edge: true,
        body: (fields) =>
          multipartBody(
            fields.map(([name, value]) => ({ name, value })),
            boundary,
          ),
      },
      { type: "image/png", how: "an image", edge: true, body: () => makePng() },
      { type: "application/x-www-form-urlencoded", how: "PUT", method: "PUT", body: (fields) => urlencoded(fields) },
      { type: "application/x-www-form-urlencoded", how: "PATCH", method: "PATCH", body: (fields) => urlencoded(fields) },
      { type: "application/x-www-form-urlencoded", how: "DELETE", method: "DELETE", body: (fields) => urlencoded(fields) },
      { type: undefined, how: "OPTIONS", edge: true, method: "OPTIONS", body: () => "" },
    ];
    const actions = routes.filter((route) => route.hasAction);
    // Each route gets six of the kinds its action reads, and each kind the server answers itself three routes.
    const requests = [
      ...actions.flatMap((route) =>
        random
          .shuffle(kinds.filter((kind) => !kind.edge))
          .slice(0, 6)
          .map((kind) => ({ kind, route })),
      ),
      ...kinds
        .filter((kind) => kind.edge)
        .flatMap((kind) =>
          random
            .shuffle(actions)
            .slice(0, 3)
            .map((route) => ({ kind, route })),
        ),
    ].map(({ kind, route }) => {
      const template = random.pick(templates.get(route.id)!);
      const fields = brokenFields(random, template, route).fields.filter(([, value]) => value.length < 2000);
      return {
        route,
        who: random.pick(PEOPLE),
        method: kind.method ?? "POST",
        url: actionUrl(route, realPath(route, random)!, random),
        type: kind.type,
        body: kind.body(fields),
        chunked: kind.chunked,
        description: kind.how,
      };
    });
    const failures = await sendAll(requests);
    expect(failures, report(failures, requests.length)).toEqual([]);
  });

  it("answers route parameters that are not ids with a 4xx, never a 5xx", async () => {
    const random = randomFor("params");
    const values = [
      "%00",
      "..%2f",
      "..%2F..%2Fetc%2Fpasswd",
      "%2e%2e",
      "%FF",
      "%E0%A4%A",
      "%ED%A0%80",
      "%C0%AF",
      "__proto__",
      "constructor",
      "%F0%9F%98%80",
      "1e309",
      "-1",
      "0",
      "%20",
      "%0A",
      "%3Cscript%3E",
      "a;b",
      "%25",
      "%",
      "x".repeat(5000),
      // Under the HTTP server's 16 KB of request head: past it, Node answers 431 and may reset the
      // connection before the client reads the answer.
      "x".repeat(12_000),
      percentEncode("\u202Eélan\uE000\u0301"),
    ];
    // Each parameter in turn takes eight of the odd values, read (GET) or posted to when the route has an action.
    const requests = routes
      .filter((route) => route.path.includes(":") && (route.hasLoader || route.hasAction))
      .flatMap((route) =>
        route.path.split("/").flatMap((segment, index) => {
          if (!segment.startsWith(":")) return [];
          return random
            .shuffle(values)
            .slice(0, 8)
            .map((value) => {
              const url = `/${realPath(route, random)!
                .split("/")
                .slice(1)
                .map((part, at) => (at === index ? value : part))
                .join("/")}`;
              const method = route.hasAction && (!route.hasLoader || random.chance(0.5)) ? "POST" : "GET";
              return {
                route,
                who: random.pick(PEOPLE),
                method,
                url: method === "POST" && route.index ? `${url}?index` : url,
                type: method === "POST" ? "application/x-www-form-urlencoded" : undefined,
                body: method === "POST" ? urlencoded([["intent", random.pick(TRICKY_VALUES)]]) : undefined,
                description: `${segment} = ${value.slice(0, 40)}${value.length > 40 ? "…" : ""}`,
              };
            });
        }),
      );
    const failures = await sendAll(requests);
    expect(failures, report(failures, requests.length)).toEqual([]);
  });

  it("answers random query strings on every loader with a page, a redirect or a 4xx", async () => {
    const random = randomFor("queries");
    for (const name of Object.keys(SearchQuerySchema.shape)) queryNames.add(name);
    for (const route of routes) {
      for (const match of sourceOf(route).matchAll(/searchParams\.(?:get|getAll|has)\("([\w-]+)"\)/g)) queryNames.add(match[1]!);
    }
    const names = [...queryNames];
    const query = () => {
      const pairs: string[] = [];
      for (let count = random.int(1, 6); count > 0; count -= 1) {
        const name = random.chance(0.85) ? random.pick(names) : oddFieldName(random, names);
        const value =
          name === "_routes"
            ? random.pick([...routes.map((route) => route.id), "root", "routes/nope", "", "__proto__"])
            : random.chance(0.1)
              ? randomText(random, 400)
              : fuzzValue(random, [...known]).slice(0, 3000);
        pairs.push(`${percentEncode(name)}=${percentEncode(value)}${random.chance(0.05) ? random.pick(INVALID_UTF8) : ""}`);
        // Repeated keys: an array where one value is expected.
        if (random.chance(0.2))
          pairs.push(`${percentEncode(name)}=${percentEncode(fuzzValue(random, [...known]).slice(0, 200))}`);
      }
      // Within the 16 KB of request head the HTTP server reads (see the long query below).
      let query = "";
      for (const pair of pairs) if (query.length + pair.length < 10_000) query += `${query ? "&" : ""}${pair}`;
      return query;
    };
    const requests: FuzzRequest[] = routes
      .filter((route) => route.hasLoader)
      .flatMap((route) =>
        PEOPLE.flatMap((who) =>
          Array.from({ length: 2 }, () => {
            const method = random.chance(0.1) ? "HEAD" : "GET";
            // The data of a page as the browser's JavaScript asks for it, or the page itself.
            const pathname = realPath(route, random)!;
            const target = route.hasPage && random.chance(0.3) ? `${pathname === "/" ? "/_root" : pathname}.data` : pathname;
            return { route, who, method, url: `${target}?${query()}`, description: "random query" };
          }),
        ),
      );
    // A long query string, once, just under the HTTP server's limit on a request's head.
    requests.push({
      route: null,
      who: "anonymous",
      method: "GET",
      url: `/recherche?q=${percentEncode(hugeText(random)).slice(0, 12_000)}`,
      description: "huge query",
    });
    const failures = await sendAll(requests);
    expect(failures, report(failures, requests.length)).toEqual([]);
  });
});

describe("what the fuzz found, kept as plain tests", () => {
  const post = (url: string, who: Who, body: string) =>
    send({ who, method: "POST", url, type: "application/x-www-form-urlencoded", body, description: "regression" });

  it("survives a list index of a hundred million in a field name (the site ran out of memory and stopped)", async () => {
    const slug = paramValues["idees/:slug"]![1]!;
    const response = await post(`/idees/${slug}`, "admin", "resources[99999999]=locaux&message=Bonjour");
    expect(response.status).toBe(400);
    expect((await rawRequest(site.url, "/healthz")).status).toBe(200);
  });

  it("refuses a date the database cannot hold with the field's message (a new idea dated 10000-01-01 was a 500)", async () => {
    const organisationId = paramValues["organisations/:id"]![0]!;
    const fields = new URLSearchParams({
      title: "Veilleurs du futur",
      summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
      description: "Avec un bailleur.",
      subAxes: "2.1",
      addressesIsolation: "on",
      addressesPrecarity: "on",
      targetPublic: "Locataires isolés",
      wholeCity: "on",
      expectedStart: "10000-01-01",
    });
    const response = await post(`/espace/organisations/${organisationId}/idees/nouvelle`, "admin", fields.toString());
    expect(response.status).toBe(400);
    expect(response.text).toContain("Date invalide : la date de démarrage envisagée doit être un jour qui existe");
    expect(response.text).toContain("Veilleurs du futur");
    expect(await getDb().idea.count({ where: { title: "Veilleurs du futur" } })).toBe(0);
  });

  it("answers a conform intent that is not one with the form's errors, not a 500", async () => {
    const response = await post("/connexion", "anonymous", "email=pas-une-adresse&password=x&__intent__=invite");
    expect(response.status).toBe(400);
    expect(response.text).toContain("pas-une-adresse");
  });

  it("answers a path that is not UTF-8 with the site's own 404, without a stack trace in the log", async () => {
    for (const path of ["/idees/%FF", "/axes/%E0%A4%A", "/organisations/%ED%A0%80"]) {
      const response = await rawRequest(site.url, path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.text).toContain("Page introuvable");
    }
    // Express's decoding failed with a stack trace each time (Remix only warns in one line).
    expect(site.output()).not.toContain("Failed to decode param");
  });

  it("answers Remix's data requests of before single fetch (?_data=) with the page, without a warning and its stack in the log", async () => {
    const before = site.output().length;
    for (const path of ["/idees?_data=routes/idees._index", "/?_data=root", "/annuaire?sector=sante&_data=routes%2Fannuaire"]) {
      const response = await rawRequest(site.url, path);
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers["content-type"]).toMatch(/^text\/html/);
      expect(response.text).toContain("</html>");
    }
    expect((await rawRequest(site.url, "/annuaire?sector=sante&_data=x")).text).toContain("Santé");
    expect(site.output().slice(before)).not.toMatch(/_data|Single fetch/);
  });

  it("sends a long address to the log-in page without it (a 20 KB Location header broke clients and proxies)", async () => {
    const long = await rawRequest(site.url, `/espace?q=${"x".repeat(5000)}`);
    expect(long.status).toBe(302);
    expect(long.headers.location).toBe("/connexion?redirectTo=%2Fespace");
    const short = await rawRequest(site.url, "/espace?onglet=groupements");
    expect(short.headers.location).toBe("/connexion?redirectTo=%2Fespace%3Fonglet%3Dgroupements");
  });
});
