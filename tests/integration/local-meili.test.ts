// The local Meilisearch's master key is not on its command line, which `ps` shows to every user of
// the machine: it is given through the process's environment, readable by its owner only.
import fs from "node:fs";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { startLocalMeili } from "../../scripts/lib/local-meili";
import { getFreePort } from "../helpers/net";

/** A process's arguments or environment, one string per entry. */
const procList = (pid: number, file: "cmdline" | "environ") =>
  fs.readFileSync(`/proc/${pid}/${file}`, "latin1").split("\0").filter(Boolean);

it("starts Meilisearch with its master key in the environment, not on the command line", async () => {
  const dataDir = path.join(inject("scratchDir"), `meili-key-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dataDir, { recursive: true });
  // A key starting with « - » that a command line would read as an option.
  const masterKey = `--no-analytics-${Date.now()}-clef-secrete`;
  fs.writeFileSync(path.join(dataDir, "meili-master-key"), `${masterKey}\n`, { mode: 0o600 });
  const lines: string[] = [];
  const meili = await startLocalMeili({ dataDir, port: await getFreePort(), log: (line) => lines.push(line) });
  expect(meili, lines.join("\n")).not.toBeNull();
  try {
    expect(meili!.masterKey).toBe(masterKey);
    const pid = Number(fs.readFileSync(path.join(dataDir, "meili", "meilisearch.pid"), "utf8"));
    const args = procList(pid, "cmdline");
    // It is the Meilisearch serving this folder…
    expect(args).toContain(path.join(dataDir, "meili", "data.ms"));
    // …its command line does not hold the key, in any form…
    expect(args.join(" ")).not.toContain(masterKey);
    expect(args.join(" ")).not.toContain("clef-secrete");
    expect(args).not.toContain("--master-key");
    // …its environment does.
    expect(procList(pid, "environ")).toContain(`MEILI_MASTER_KEY=${masterKey}`);

    // The key opens what needs one; no key or another key does not.
    const keys = (key?: string) =>
      fetch(`${meili!.url}/keys`, { headers: key ? { Authorization: `Bearer ${key}` } : {} }).then((response) => response.status);
    expect(await keys(masterKey)).toBe(200);
    expect(await keys()).toBe(401);
    expect(await keys(`${masterKey}x`)).toBe(403);
  } finally {
    await meili?.stop();
  }
}, 60_000);
