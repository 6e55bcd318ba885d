// Starts the real site (`scripts/start.mjs`, what `npm start` runs) on a free port for a test,
// against the test's database copy and the test Meilisearch. It runs as in production
// (NODE_ENV=production), so with a PUBLIC_URL: the address the test reaches it at, unless the test
// gives its own (an undefined value removes a variable). It keeps no page for anonymous visitors
// (PAGE_CACHE_SECONDS=0): tests read what they just wrote; tests/integration/page-cache.test.ts
// tries the cache itself. Run by node itself, as `npm start` does:
// the tsx command is a second process that, on a busy machine, killed the site (SIGKILL) when it
// had not said within a few milliseconds that it handles SIGTERM, leaving its Meilisearch behind.
import { spawn, type ChildProcess } from "node:child_process";
import { getFreePort } from "./net";

export type AppServer = { url: string; output: () => string; stop: () => Promise<void> };

type Env = Record<string, string | undefined>;

export async function startAppServer(extraEnv: Env = {}, timeoutMs = 60_000): Promise<AppServer> {
  const port = await getFreePort();
  let output = "";
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), PUBLIC_URL: url, PAGE_CACHE_SECONDS: "0", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => {
      // A site that dies during its test leaves only « fetch failed » there: its own last words go
      // to the test's output.
      if (!stopping)
        process.stderr.write(
          `[app-server] the site on ${url} exited (${code ?? signal}) before its test stopped it:\n${output}\n`,
        );
      resolve(code);
    }),
  );

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The site exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopping = true;
      child.kill("SIGKILL");
      throw new Error(`The site did not answer within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    output: () => output,
    stop: async () => {
      stopping = true;
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Runs the start script to its end (for start-up failures) and returns its exit code and output. */
export function runStart(env: Env, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, NODE_ENV: "production", PUBLIC_URL: `http://127.0.0.1:${env.PORT ?? 3000}`, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`start did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
