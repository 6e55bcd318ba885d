// A stand-in for the BAN address search (https://api-adresse.data.gouv.fr) on loopback, answering
// with the documented-format answers of tests/fixtures/ban/: real hosts are outside this machine.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const FIXTURES = path.resolve("tests", "fixtures", "ban");

type Collection = { query: string; features: unknown[]; [key: string]: unknown };

export type BanServer = {
  url: string;
  /** Every request's path and query, in order. */
  requests: URL[];
  /** What the next answers do: delay them, or fail with a status. */
  behaviour: { delayMs: number; status: number };
  close: () => Promise<void>;
};

const fixtures: Collection[] = fs
  .readdirSync(FIXTURES)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as Collection);

/** The fixture a query gets: the first whose query starts with it, as while typing. */
export function fixtureFor(query: string): Collection {
  const wanted = query.trim().toLowerCase();
  return (
    fixtures.find((fixture) => fixture.query.startsWith(wanted)) ?? {
      type: "FeatureCollection",
      features: [],
      query,
      filters: { citycode: "44109" },
      version: "draft",
      licence: "ETALAB-2.0",
      attribution: "BAN",
      limit: 5,
    }
  );
}

export async function startBanServer(): Promise<BanServer> {
  const requests: URL[] = [];
  const behaviour = { delayMs: 0, status: 200 };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    requests.push(url);
    setTimeout(() => {
      if (url.pathname !== "/search/") {
        response.writeHead(404).end();
      } else if (behaviour.status !== 200) {
        response.writeHead(behaviour.status, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ code: behaviour.status, message: "Service indisponible" }));
      } else {
        response.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
        response.end(JSON.stringify(fixtureFor(url.searchParams.get("q") ?? "")));
      }
    }, behaviour.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behaviour,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
