// npm start builds the app when a source is newer than the build (scripts/lib/prepare.ts). A build
// that fails stops the start with one clear line under the compiler's own message. Run on a small
// project of its own, whose `remix` is a stand-in printing a compiler error: the project's own
// build is left alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale } from "../../scripts/lib/prepare";

let project: string;
const home = process.cwd();

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "cooperons-build-"));
  fs.mkdirSync(path.join(project, "app"));
  fs.mkdirSync(path.join(project, "node_modules", ".bin"), { recursive: true });
  fs.writeFileSync(path.join(project, "app", "root.tsx"), "export default function Root() { return null; }\n");
  process.chdir(project);
});

afterAll(() => {
  process.chdir(home);
  fs.rmSync(project, { recursive: true, force: true });
});

function remixThat(script: string) {
  const file = path.join(project, "node_modules", ".bin", "remix");
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`);
  fs.chmodSync(file, 0o755);
}

describe("the build npm start runs", () => {
  it("fails with one line saying nothing was started, the compiler's message printed above it", () => {
    remixThat('echo "✘ [ERROR] Expected \\";\\" but found \\"x\\"" >&2; exit 1');
    const logged: string[] = [];
    expect(() => buildIfStale((message) => logged.push(message))).toThrow(
      "The app does not build (see above): correct it, then start again. Nothing was started.",
    );
    expect(logged).toEqual(["Building the app…"]);
  });

  it("builds when a source is newer than the build, and not again when it is not", () => {
    remixThat('mkdir -p build && echo "export default {};" > build/index.js');
    const logged: string[] = [];
    buildIfStale((message) => logged.push(message));
    expect(fs.existsSync(path.join(project, "build", "index.js"))).toBe(true);
    buildIfStale((message) => logged.push(message));
    expect(logged).toEqual(["Building the app…"]);
  });
});
