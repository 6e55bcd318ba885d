// The Chromium driven by playwright-core: Debian's when it is installed (or CHROMIUM_PATH), otherwise
// the headless Chromium shipped inside the npm package @sparticuz/chromium, so that `npm ci && npm
// test` is enough on a bare machine. No browser is ever downloaded.
import AxeBuilder from "@axe-core/playwright";
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

// No sandbox (CI runs as root), no GPU, no traffic to Google's services.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

// Of the flags @sparticuz/chromium recommends for serverless machines, these would make pages behave
// unlike a visitor's browser (no same-origin policy, mixed content, no site isolation, everything in
// one process) or contradict --disable-gpu; --single-process is only for AWS Lambda's sandbox.
const LEFT_OUT = [
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--disable-site-isolation-trials",
  "--disable-features=",
  "--enable-features=",
  "--use-gl=",
  "--use-angle=",
  "--enable-unsafe-swiftshader",
  "--ignore-gpu-blocklist",
  "--in-process-gpu",
  "--headless=",
  "--single-process",
];

type Executable = { executablePath: string; args: string[]; env?: Record<string, string | undefined> };

let found: Promise<Executable> | undefined;

/** Which Chromium the tests drive, with its flags; unpacks the packaged one on first use. */
export function findChromium(): Promise<Executable> {
  const installed = process.env.CHROMIUM_PATH || (fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null);
  found ??= installed ? Promise.resolve({ executablePath: installed, args: ARGS }) : packagedChromium();
  return found;
}

async function packagedChromium(): Promise<Executable> {
  const { default: packaged } = await import("@sparticuz/chromium");
  const entry = createRequire(import.meta.url).resolve("@sparticuz/chromium");
  const packageDir = path.resolve(path.dirname(entry), "..");
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const cacheDir = path.resolve(packageDir, "..", "..", ".cache", "cooperons");
  const dir = path.join(cacheDir, `chromium-${version}`);
  if (!fs.existsSync(dir)) await unpack(entry, path.join(packageDir, "bin"), cacheDir, dir);
  const fontsConf = path.join(dir, "fonts.conf");
  return {
    executablePath: path.join(dir, "chromium"),
    args: [...new Set([...ARGS, ...packaged.args.filter((flag) => !LEFT_OUT.some((left) => flag.startsWith(left)))])],
    env: {
      ...process.env,
      // The package's own NSS and expat (built for Amazon Linux 2023, glibc 2.34): nothing from apt.
      LD_LIBRARY_PATH: [path.join(dir, "al2023", "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
      FONTCONFIG_FILE: fontsConf,
    },
  };
}

/**
 * The package unpacks into os.tmpdir() and trusts any file already there, which parallel test
 * workers would race on: each unpacks into a folder of its own, then renames it into place (the
 * first one wins), so a half-written binary is never launched.
 */
async function unpack(entry: string, binDir: string, cacheDir: string, dir: string) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir, "unpacking-"));
  try {
    // In a child process, because the package reads its destination from TMPDIR.
    const script = `const { default: chromium, inflate } = await import(process.argv[1]);
      await chromium.executablePath(process.argv[2]);
      await inflate(process.argv[2] + "/al2023.tar.br");`;
    await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, entry, binDir], {
      env: { ...process.env, TMPDIR: staging },
    });
    // Its fonts (Open Sans), besides the system's when there are any.
    fs.writeFileSync(
      path.join(staging, "fonts.conf"),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(dir, "fonts", "fonts")}</dir>
  <cachedir>${path.join(dir, "fonts-cache")}</cachedir>
</fontconfig>
`,
    );
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, "chromium"))) throw error;
  }
}

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args, env } = await findChromium();
  return chromium.launch({ executablePath, args, env });
}

/** WCAG 2 A and AA violations on the page as it is now, summarised for a readable failure. */
export async function wcagViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}

/**
 * Opens a page until something shows: lists come from the search index, which takes in a change of
 * the database within a moment. A wait, not a measure: the latency is `sync_p95_ms` in
 * `npm run bench:search`, and the generous give-up time spares a busy machine a false failure.
 */
export async function openUntilVisible(page: Page, url: string, locator: () => ReturnType<Page["locator"]>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    if (await locator().count()) return;
    if (Date.now() > deadline) throw new Error(`${url} did not show the expected element within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Waits until Remix runs the page in the browser (its router is up and the page's scripts loaded):
 * on a loaded machine a page is shown, and can be typed in, seconds before its handlers exist.
 */
export async function hydrated(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => "__remixRouter" in window);
}
