// Two app instances on one database and one Meilisearch behave as one site: a session made on one
// is valid on the other, log-in limits count on both together, and the search index takes every
// change written through either — each once, in order — while one of them is stopped and started
// again (a deploy restarts them one by one). In the PostgreSQL pass the database is PostgreSQL
// (what production runs); in the SQLite pass the two share one SQLite file.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, PASSWORD, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";

const IDEAS = 250;
const WRITES = 500;

let first: AppServer;
let second: AppServer;

beforeAll(async () => {
  // One after the other: the first prepares the search index, the second finds it ready.
  first = await startAppServer();
  second = await startAppServer();
}, 180_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

/** A form post as a browser on that instance's page sends it. */
function post(server: AppServer, path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("Condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const meili = (path: string) =>
  fetch(`${inject("meiliUrl")}${path}`, { headers: { Authorization: `Bearer ${inject("meiliKey")}` } }).then(
    (response) => response.json() as Promise<Record<string, unknown>>,
  );

const outboxEmpty = async () => (await getDb().searchOutbox.count({ where: { doneAt: null } })) === 0;

describe("two instances on one database", () => {
  it("accept a session made on either", async () => {
    const person = await createActor();
    const login = await post(first, "/connexion", { email: person.email, password: PASSWORD, redirectTo: "/compte" });
    expect(login.status).toBe(302);
    const cookie = login.headers.get("Set-Cookie")!.split(";")[0]!;
    const account = await fetch(`${second.url}/compte`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(person.email);
  });

  it("count log-in failures together: the 11th wrong password in a row is refused, whichever instance gets it", async () => {
    const person = await createActor();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const server = attempt % 2 === 0 ? first : second;
      const response = await post(server, "/connexion", { email: person.email, password: "pas le bon mot de passe" });
      statuses.push(response.status);
      if (attempt === 10) expect(await response.text()).toContain("Trop de tentatives");
    }
    expect(statuses).toEqual([...Array<number>(10).fill(400), 429]);
  });

  it("index every change made through either, once each and the latest last, while one restarts", async () => {
    const admin: Actor = await createActor();
    const organisation = await createOrganisationFor(admin);
    const call = await getDb().call.findFirstOrThrow();
    await getDb().idea.createMany({
      data: Array.from({ length: IDEAS }, (_, index) => ({
        slug: `idee-instances-${index}`,
        organisationId: organisation.id,
        callId: call.id,
        title: `Idée partagée ${index}`,
        summary: "Un résumé",
        description: "Une description",
        targetPublic: "Tout public",
        wholeCity: true,
        status: "published",
        publishedAt: new Date(),
        stage: "looking-for-partners",
      })),
    });
    const ideas = await getDb().idea.findMany({
      where: { organisationId: organisation.id },
      orderBy: { slug: "asc" },
      select: { id: true },
    });
    await getDb().searchOutbox.createMany({ data: ideas.map((idea) => ({ entityType: "idea", entityId: idea.id })) });
    await until(outboxEmpty);
    const since = new Date().toISOString();

    // Each idea is written twice, through both instances: first « groupement constitué », then,
    // once the first round is indexed, « archivée ». The index must end with the second
    // everywhere. Ten requests at a time, as several people at once.
    const write = async (server: AppServer, number: number) => {
      const idea = ideas[number % IDEAS]!;
      const stage = number < IDEAS ? "groupement-formed" : "archived";
      const path = `/espace/organisations/${organisation.id}/idees/${idea.id}`;
      const response = await post(server, path, { intent: "stage", stage }, admin.cookie);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Étape mise à jour.");
    };
    const writeAll = async (from: number, to: number, pick: (number: number) => AppServer) => {
      for (let start = from; start < to; start += 10) {
        const numbers = Array.from({ length: Math.min(10, to - start) }, (_, offset) => start + offset);
        await Promise.all(numbers.map((number) => write(pick(number), number)));
      }
    };
    const either = (one: AppServer, other: AppServer) => (number: number) => (number % 2 === 0 ? one : other);

    await writeAll(0, 150, either(first, second));
    // The first instance stops (SIGTERM, as a deploy does) while the second takes the writes.
    const stopping = first.stop();
    await writeAll(150, IDEAS, () => second);
    await stopping;
    await until(outboxEmpty);
    // It starts again while the second round goes on.
    const starting = startAppServer();
    await writeAll(IDEAS, 350, () => second);
    first = await starting;
    await writeAll(350, WRITES, either(first, second));
    await until(outboxEmpty);

    const index = process.env.MEILI_INDEX!;
    const archived = await meili(`/indexes/${index}/search?q=&filter=${encodeURIComponent('status = "archived"')}&limit=0`);
    expect(archived.estimatedTotalHits).toBe(IDEAS);
    // Pushes counted by Meilisearch: one document per write (an idea's two writes are a round
    // apart, never in one batch), none sent twice by the two instances.
    const tasks = await meili(`/tasks?indexUids=${index}&types=documentAdditionOrUpdate&afterEnqueuedAt=${since}&limit=1000`);
    const received = (tasks.results as { details?: { receivedDocuments?: number } }[]).reduce(
      (sum, task) => sum + (task.details?.receivedDocuments ?? 0),
      0,
    );
    expect(received).toBe(WRITES);
  }, 600_000);
});
