// scripts/start.mjs, what `npm start` runs: scripts/start.ts bundled and run without a TypeScript
// loader. Run here on a small project of its own (a copy of the launcher, a start.ts importing a
// module), so that the project's own bundle is left alone: an edited source must reach the next
// start, an unchanged one must not be bundled again, and --bundle-only must not start anything.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let project: string;
const bundle = () => path.join(project, "node_modules", ".cache", "cooperons", "start.mjs");

function run(...args: string[]) {
  const result = spawnSync(process.execPath, ["scripts/start.mjs", ...args], { cwd: project, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout.trim();
}

/** Writes a source with a modification time clearly after the previous one's. */
function write(file: string, content: string, secondsAhead: number) {
  fs.writeFileSync(path.join(project, file), content);
  const time = new Date(Date.now() + secondsAhead * 1000);
  fs.utimesSync(path.join(project, file), time, time);
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-launcher-"));
  fs.mkdirSync(path.join(project, "scripts"));
  fs.mkdirSync(path.join(project, "app"));
  fs.mkdirSync(path.join(project, "node_modules"));
  fs.copyFileSync("scripts/start.mjs", path.join(project, "scripts", "start.mjs"));
  // esbuild only, from the project's own packages (it finds its binary from where it really is).
  fs.symlinkSync(path.resolve("node_modules", "esbuild"), path.join(project, "node_modules", "esbuild"));
  fs.writeFileSync(path.join(project, "package.json"), '{ "type": "module" }\n');
  fs.writeFileSync(path.join(project, "package-lock.json"), "{}\n");
  fs.writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "~/*": ["./app/*"] } } }),
  );
  write("app/greeting.ts", 'export const greeting: string = "bonjour";\n', 0);
  write(
    "scripts/start.ts",
    // Where the running code comes from (the bundle, not the TypeScript file; its import.meta.url
    // stays the module's own), and how many processes it has beside it (esbuild's service is gone).
    [
      'import fs from "node:fs";',
      'import { greeting } from "~/greeting";',
      'const bundled = new Error().stack?.split("\\n")[1]?.includes(".cache/cooperons/start.mjs");',
      "// Its live children (not a zombie): esbuild's service, killed, may take a moment to go under load.",
      "const countChildren = () =>",
      '  fs.readdirSync("/proc").filter((entry) => {',
      '    let stat = "";',
      "    try {",
      '      if (/^\\d+$/.test(entry)) stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");',
      "    } catch {}",
      "    // A process that ended meanwhile has no stat to read.",
      '    const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");',
      '    return stat !== "" && state !== "Z" && Number(parent) === process.pid;',
      "  }).length;",
      "let children = countChildren();",
      "for (let tries = 0; children > 0 && tries < 50; tries++) {",
      "  await new Promise((resolve) => setTimeout(resolve, 100));",
      "  children = countChildren();",
      "}",
      "console.log(greeting, bundled, children);",
      "export const here = import.meta.url;",
    ].join("\n"),
    0,
  );
});

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe("npm start's launcher", () => {
  it("bundles start.ts with what it imports (the ~ paths of tsconfig) and runs it", () => {
    expect(run()).toBe("bonjour true 0");
    expect(fs.existsSync(bundle())).toBe(true);
  });

  it("runs the same bundle while no source changed", () => {
    const before = fs.statSync(bundle()).mtimeMs;
    expect(run()).toBe("bonjour true 0");
    expect(fs.statSync(bundle()).mtimeMs).toBe(before);
  });

  it("bundles again when a module start.ts imports changed", () => {
    write("app/greeting.ts", 'export const greeting: string = "bonsoir";\n', 5);
    expect(run()).toBe("bonsoir true 0");
  });

  it("bundles again when tsconfig.json changed", () => {
    fs.mkdirSync(path.join(project, "lib"), { recursive: true });
    write("lib/greeting.ts", 'export const greeting: string = "salut";\n', 10);
    write("tsconfig.json", JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "~/*": ["./lib/*"] } } }), 10);
    expect(run()).toBe("salut true 0");
  });

  it("with --bundle-only, bundles without starting", () => {
    write("app/greeting.ts", 'export const greeting: string = "coucou";\n', 15);
    write("tsconfig.json", JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "~/*": ["./app/*"] } } }), 15);
    const before = fs.statSync(bundle()).mtimeMs;
    expect(run("--bundle-only")).toBe("");
    expect(fs.statSync(bundle()).mtimeMs).toBeGreaterThan(before);
    expect(fs.readFileSync(bundle(), "utf8")).toContain('"coucou"');
    expect(run()).toBe("coucou true 0");
  });

  it("bundles again in a copy of the project (the bundle names its modules' places)", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-launcher-copy-"));
    try {
      fs.cpSync(project, copy, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
      const result = spawnSync(process.execPath, ["scripts/start.mjs"], { cwd: copy, encoding: "utf8" });
      expect(result.stdout.trim()).toBe("coucou true 0");
      const copied = fs.readFileSync(path.join(copy, "node_modules", ".cache", "cooperons", "start.mjs"), "utf8");
      expect(copied).toContain(pathToFileURL(path.join(copy, "scripts", "start.ts")).href);
      expect(copied).not.toContain(pathToFileURL(project).href + "/");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("bundles again when its bundle is gone", () => {
    fs.rmSync(bundle());
    expect(run()).toBe("coucou true 0");
  });

  it("a source that does not compile: says where, starts nothing (not the previous bundle), and exits with an error", () => {
    write("app/greeting.ts", 'export const greeting: string = "oups";\nconst broken = ;\n', 20);
    const failed = spawnSync(process.execPath, ["scripts/start.mjs"], { cwd: project, encoding: "utf8" });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toContain("app/greeting.ts:2:");
    expect(failed.stderr).toContain(
      "[start] The code does not compile (see above): correct it, then start again. Nothing was started.",
    );
    // esbuild's message once, without the stack trace of its internals.
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(bundle(), "utf8")).toContain('"coucou"');
    write("app/greeting.ts", 'export const greeting: string = "réparé";\n', 25);
    expect(run()).toBe("réparé true 0");
  });
});
