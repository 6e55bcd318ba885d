// What `npm start` sets before node starts: the variables its script in package.json assigns
// (`NAME=value node scripts/start.mjs`). The benches start the site with them, so that they
// measure what `npm start` runs.
import fs from "node:fs";
import path from "node:path";

/** The leading `NAME=value` assignments of a shell command. */
export function leadingAssignments(command: string): Record<string, string> {
  const assignments: Record<string, string> = {};
  for (const word of command.trim().split(/\s+/)) {
    const assignment = /^([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(word);
    if (!assignment) break;
    assignments[assignment[1]!] = assignment[2]!;
  }
  return assignments;
}

/** The environment `npm start` gives node, read from package.json. */
export function startEnvironment(root = process.cwd()): Record<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } };
  return leadingAssignments(manifest.scripts.start);
}
