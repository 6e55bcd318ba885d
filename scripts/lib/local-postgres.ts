// A throwaway PostgreSQL cluster: initdb in a temporary folder, a free port on 127.0.0.1 and a unix
// socket in that folder, trust authentication, no durability (fsync off). Used by the tests'
// PostgreSQL pass and by `npm run db:migration` (the shadow database that replays the PostgreSQL
// history). Stopping it stops the server this process started and removes the folder — unless it
// was given a folder to keep (`npm run -s bench:load -- --postgres --keep`, then `--data`), which
// holds the cluster between runs: started again there, its data as it was left.
//
// PostgreSQL refuses to run as root: as root, the cluster is run by the unprivileged `postgres`
// user Debian's package creates (or `nobody`), through `runuser`, and its folder is given to it.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getFreePort } from "./net";

export type LocalPostgres = {
  /** Superuser URL of the `postgres` database, on 127.0.0.1. */
  url: string;
  port: number;
  /** Folder of the cluster (data, log, socket), removed by stop() unless kept. */
  dir: string;
  stop: () => Promise<void>;
};

type Options = {
  log?: (message: string) => void;
  /** The cluster's folder, kept by stop(): created and initialised if it holds no cluster yet, else started as it is. */
  keptDir?: string;
};

const INSTALL_HINT =
  "Install PostgreSQL (Debian: apt-get install postgresql), or set PG_BIN to the folder of its initdb and pg_ctl.";

/** The superuser of the throwaway cluster (the name, not an operating-system account). */
export const LOCAL_POSTGRES_USER = "postgres";

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding initdb and pg_ctl: PG_BIN, then Debian's /usr/lib/postgresql/<newest>/bin,
 * then the PATH. Null when PostgreSQL is not installed.
 */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const versions = fs
      .readdirSync(debian)
      .filter((entry) => /^\d+$/.test(entry))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(debian, version, "bin")));
  }
  candidates.push(...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean));
  return candidates.find((dir) => executable(path.join(dir, "initdb")) && executable(path.join(dir, "pg_ctl"))) ?? null;
}

/** As root, the unprivileged account that runs the cluster; null when not root. */
function clusterAccount(): string | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ["postgres", "nobody"]) {
    if (spawnSync("id", ["-u", name], { stdio: "ignore" }).status === 0) return name;
  }
  throw new Error("Running as root and no unprivileged account (postgres, nobody) to run PostgreSQL as");
}

export async function startLocalPostgres(options: Options = {}): Promise<LocalPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL is not installed. ${INSTALL_HINT}`);
  const account = clusterAccount();
  const kept = options.keptDir ? path.resolve(options.keptDir) : null;
  if (kept) fs.mkdirSync(kept, { recursive: true });
  const dir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  if (account) execFileSync("chown", ["-R", account, dir]);
  const run = (command: string, args: string[]) => {
    const [file, argv] = account
      ? ["runuser", ["-u", account, "--", path.join(bin, command), ...args]]
      : [path.join(bin, command), args];
    // A neutral working folder: the account may not be allowed into the caller's.
    return spawnSync(file, argv, { encoding: "utf8", cwd: dir, env: { ...process.env, LC_ALL: "C" } });
  };

  const existing = fs.existsSync(path.join(data, "PG_VERSION"));
  const init = existing
    ? null
    : run("initdb", [
        "-D",
        data,
        "--username",
        LOCAL_POSTGRES_USER,
        "--auth",
        "trust",
        // Byte order for text, as SQLite compares it: both databases sort the same way.
        "--no-locale",
        "--encoding",
        "UTF8",
        "--no-sync",
      ]);
  if (init && init.status !== 0) {
    if (!kept) fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }

  const stop = async () => {
    if (fs.existsSync(path.join(data, "postmaster.pid")))
      // A kept cluster is stopped cleanly: started again, it has nothing to recover.
      run("pg_ctl", ["stop", "-D", data, "-m", kept ? "fast" : "immediate", "-w"]);
    if (!kept) fs.rmSync(dir, { recursive: true, force: true });
  };

  // A free port can be taken between the probe and the server's bind: try a few.
  let lastError = "";
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await getFreePort();
    const settings = [
      `-c listen_addresses=127.0.0.1`,
      `-c port=${port}`,
      `-c unix_socket_directories=${dir}`,
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=300",
      "-c shared_buffers=64MB",
    ].join(" ");
    const started = run("pg_ctl", ["start", "-D", data, "-l", logFile, "-w", "-t", "60", "-o", settings]);
    if (started.status === 0) {
      options.log?.(`PostgreSQL on 127.0.0.1:${port} (${dir})`);
      return { url: `postgresql://${LOCAL_POSTGRES_USER}@127.0.0.1:${port}/postgres`, port, dir, stop };
    }
    lastError = `${started.stderr}${started.stdout}${fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""}`;
    if (fs.existsSync(path.join(data, "postmaster.pid"))) run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
  }
  await stop();
  throw new Error(`PostgreSQL could not be started: ${lastError}`);
}
