// `npm start`: scripts/start.ts run as plain JavaScript. esbuild bundles it, with the app code it
// imports (packages stay imports), into node_modules/.cache/cooperons/start.mjs whenever one of its
// sources changed, and that file is imported. The serving process thus loads no TypeScript loader:
// tsx's runs on a thread of its own and held some 120 MB at start-up (the sources it transformed,
// their maps, its garbage), a quarter of the memory the site is to stay under (README « Load »).
// Plain JavaScript on purpose: nothing may need compiling before this file runs. `npm run build`
// runs it with --bundle-only (a deployment builds once; the service then only reads the bundle).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";

// After each full collection V8 lets the heap grow to as much as four times what is still live
// before the next one, when the machine has memory to spare: under load at 50,000 organisations,
// some 160 MB live became 560 MB held. Growing by half of it at most keeps it near 250 MB, for no
// measurable CPU (README « Load »). A factor, not a cap: a larger database still gets the heap it
// needs.
v8.setFlagsFromString("--heap-growing-percent=50");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "scripts", "start.ts");
const outDir = path.join(root, "node_modules", ".cache", "cooperons");
const outFile = path.join(outDir, "start.mjs");
/** The bundle's sources (from esbuild's metafile) with their modification times, and what else shapes it. */
const inputsFile = path.join(outDir, "start.inputs.json");
const SHAPING = ["scripts/start.mjs", "tsconfig.json", "package-lock.json"];

/** The sources' times, or null when one is gone. */
function stamp(files) {
  try {
    return Object.fromEntries(files.map((file) => [file, fs.statSync(path.join(root, file)).mtimeMs]));
  } catch {
    return null;
  }
}

function isFresh() {
  try {
    const { from, inputs } = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    const now = stamp(Object.keys(inputs));
    // The bundle names its modules' own places (below): one copied with the project is not used.
    if (from !== root || now === null || !fs.existsSync(outFile)) return false;
    return Object.entries(inputs).every(([file, time]) => now[file] === time);
  } catch {
    return false;
  }
}

/** Written whole or not at all: several servers may start at once (the tests do). */
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/**
 * `import.meta.url` stays the URL of the module that says it, as when it ran on its own: the seed
 * finds prisma/data/geo, the PostgreSQL schema its folder, from where they are, not from the bundle.
 */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
      const source = fs.readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll("import.meta.url", url), loader: args.path.endsWith("x") ? "tsx" : "ts" };
    });
  },
};

/** The bundle, or null when a source does not compile (esbuild has printed where, with the line). */
async function bundle() {
  const esbuild = await import("esbuild");
  try {
    return await esbuild.build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      write: false,
      metafile: true,
      outfile: outFile,
      logLevel: "warning",
      plugins: [keepModuleUrls],
    });
  } catch (error) {
    // esbuild's own log (above) says which file and line; its stack trace would only bury it.
    if (Array.isArray(error?.errors) && error.errors.length > 0) return null;
    throw error;
  } finally {
    // esbuild's service process (some 30 MB) would otherwise stay beside the site for its whole life.
    await esbuild.stop();
  }
}

if (!isFresh()) {
  const result = await bundle();
  if (result === null) {
    // Never the previous bundle instead: the site would run code that is not the sources'.
    console.error("[start] The code does not compile (see above): correct it, then start again. Nothing was started.");
    process.exit(1);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const inputs = stamp([...Object.keys(result.metafile.inputs), ...SHAPING]);
  writeAtomically(outFile, result.outputFiles[0].contents);
  if (inputs) writeAtomically(inputsFile, JSON.stringify({ from: root, inputs }));
}

if (!process.argv.includes("--bundle-only")) await import(pathToFileURL(outFile).href);
