// Requests in their turn (scripts/lib/admission.ts), on a real HTTP server: how many are served at
// once, in which order the waiting ones go, and what frees a turn.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createAdmission, goesFirst, type AdmissionOptions } from "../../scripts/lib/admission";

type Site = { url: string; started: string[]; release: (name: string) => void; admission: ReturnType<typeof createAdmission> };

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A site whose page `/page/NAME` is answered only once the test releases NAME. */
async function site(options: AdmissionOptions): Promise<Site> {
  const started: string[] = [];
  const held = new Map<string, () => void>();
  const admission = createAdmission(options);
  const app = express();
  app.use(admission);
  app.all("/page/:name", (req, res) => {
    const name = req.params.name!;
    started.push(name);
    held.set(name, () => res.type("text").send(`page ${name}`));
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server!.once("listening", resolve));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return {
    url,
    started,
    admission,
    release: (name) => {
      const send = held.get(name);
      if (!send) throw new Error(`${name} has not started`);
      send();
    },
  };
}

const until = async (check: () => boolean) => {
  for (let tries = 0; !check(); tries += 1) {
    if (tries > 400) throw new Error("never happened");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Asks for a page and waits until the server has it (started, or waiting its turn). */
async function ask(target: Site, name: string, init: RequestInit = {}): Promise<{ answer: Promise<string> }> {
  const before = target.admission.state();
  const answer = fetch(`${target.url}/page/${name}`, init).then((response) => response.text());
  await until(() => {
    const now = target.admission.state();
    return now.served + now.waiting > before.served + before.waiting;
  });
  return { answer };
}

describe("requests in their turn", () => {
  it("serves two at once; the others start in the order they came as turns end", async () => {
    const target = await site({ slots: 2 });
    const answers = [];
    for (const name of ["a", "b", "c", "d"]) answers.push((await ask(target, name)).answer);
    expect(target.started).toEqual(["a", "b"]);
    expect(target.admission.state()).toEqual({ served: 2, waiting: 2 });
    target.release("b");
    await until(() => target.started.length === 3);
    expect(target.started).toEqual(["a", "b", "c"]);
    target.release("a");
    await until(() => target.started.length === 4);
    expect(target.started).toEqual(["a", "b", "c", "d"]);
    target.release("c");
    target.release("d");
    expect(await Promise.all(answers)).toEqual(["page a", "page b", "page c", "page d"]);
    await until(() => target.admission.state().served === 0);
  });

  it("lets a request that has to wait start something meanwhile, and only that one", async () => {
    const meanwhile: string[] = [];
    const target = await site({
      slots: 1,
      whileWaiting: (req, res) => {
        meanwhile.push(req.path);
        res.locals.started = true;
      },
    });
    const answers = [(await ask(target, "first")).answer, (await ask(target, "second")).answer];
    // The first one had its turn at once; the second waits, and started its work as it began to.
    expect(meanwhile).toEqual(["/page/second"]);
    expect(target.started).toEqual(["first"]);
    target.release("first");
    await until(() => target.started.length === 2);
    target.release("second");
    expect(await Promise.all(answers)).toEqual(["page first", "page second"]);
    // Alone again: served at once, nothing started ahead.
    const alone = (await ask(target, "third")).answer;
    await until(() => target.started.length === 3);
    target.release("third");
    await alone;
    expect(meanwhile).toEqual(["/page/second"]);
  });

  it("lets a form sent and a signed-in person's page go before the visitors' pages waiting", async () => {
    const target = await site({ slots: 1, patienceMs: 60_000 });
    const answers = [(await ask(target, "busy")).answer, (await ask(target, "visitor")).answer];
    answers.push((await ask(target, "form", { method: "POST", body: new URLSearchParams({ champ: "valeur" }) })).answer);
    answers.push((await ask(target, "member", { headers: { cookie: "autre=1; cooperons_session=abc" } })).answer);
    for (const name of ["busy", "form", "member", "visitor"]) {
      await until(() => target.started.includes(name));
      target.release(name);
    }
    expect(target.started).toEqual(["busy", "form", "member", "visitor"]);
    await Promise.all(answers);
  });

  it("lets a visitor's page that waited its patience go before them", async () => {
    const target = await site({ slots: 1, patienceMs: 50 });
    const answers = [(await ask(target, "busy")).answer, (await ask(target, "visitor")).answer];
    await new Promise((resolve) => setTimeout(resolve, 80));
    answers.push((await ask(target, "form", { method: "POST", body: "x=1" })).answer);
    for (const name of ["busy", "visitor", "form"]) {
      await until(() => target.started.includes(name));
      target.release(name);
    }
    expect(target.started).toEqual(["busy", "visitor", "form"]);
    await Promise.all(answers);
  });

  it("gives the turn of a client gone while it waited to the next one", async () => {
    const target = await site({ slots: 1 });
    const busy = (await ask(target, "busy")).answer;
    // A client that asks, then gives up (its connection closed) before its turn.
    const controller = new AbortController();
    const gone = (await ask(target, "gone", { signal: controller.signal })).answer.catch(() => "abandoned");
    controller.abort();
    expect(await gone).toBe("abandoned");
    const next = (await ask(target, "next")).answer;
    target.release("busy");
    await until(() => target.started.includes("next"));
    expect(target.started).toEqual(["busy", "next"]);
    target.release("next");
    expect([await busy, await next]).toEqual(["page busy", "page next"]);
  });

  it("stops counting a request served longer than its hold: the next one starts", async () => {
    const target = await site({ slots: 1, holdMs: 50 });
    const slow = (await ask(target, "slow")).answer;
    const next = (await ask(target, "next")).answer;
    await until(() => target.started.includes("next"));
    target.release("next");
    expect(await next).toBe("page next");
    // The slow one is still answered in full when it ends.
    target.release("slow");
    expect(await slow).toBe("page slow");
    await until(() => target.admission.state().served === 0);
  });
});

describe("who goes first", () => {
  it("is a form sent, or a request carrying the session cookie", () => {
    expect(goesFirst("POST", undefined)).toBe(true);
    expect(goesFirst("GET", "cooperons_session=abc")).toBe(true);
    expect(goesFirst("GET", "theme=sombre; cooperons_session=abc")).toBe(true);
    expect(goesFirst("GET", undefined)).toBe(false);
    expect(goesFirst("HEAD", "")).toBe(false);
    expect(goesFirst("GET", "pas_cooperons_session=abc")).toBe(false);
  });
});
