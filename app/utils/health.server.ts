// What /healthz reports. The database decides the status code; search being down does not take
// the site down, nor a mail relay that fails: they are only reported.
import fs from "node:fs";
import path from "node:path";
import type { Meilisearch } from "meilisearch";
import type { Db } from "./db.server";
import { getMailStatus } from "./mail.server";
import { getSearchStatus } from "./search.server";

export type Health = { db: "ok" | "down"; search: "ok" | "down"; mail: ReturnType<typeof getMailStatus>; version: string };

let version: string | undefined;
export function getVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.resolve("package.json"), "utf8")) as { version: string }).version;
  return version;
}

export async function checkHealth(db: Db, search: Meilisearch | null | undefined): Promise<Health> {
  const [dbStatus, searchStatus] = await Promise.all([
    db.$queryRaw`SELECT 1`.then(
      () => "ok" as const,
      () => "down" as const,
    ),
    getSearchStatus(search ?? null),
  ]);
  return { db: dbStatus, search: searchStatus, mail: getMailStatus(), version: getVersion() };
}
