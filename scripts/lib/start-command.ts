// What `npm start` sets before node starts: the variables its script in package.json assigns
// (`NAME=value node scripts/start.mjs`). The benches start the site with them, so that they
// measure what `npm start` runs.
import fs from "node:fs";
import path from "node:path";

/**
 * The leading `NAME=value` assignments of a shell command. Plain values only: one with quotes,
 * `$` or a backslash would need a shell to read, and is refused rather than misread.
 */
export function leadingAssignments(command: string): Record<string, string> {
  const assignments: Record<string, string> = {};
  for (const word of command.trim().split(/\s+/)) {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/.exec(word);
    if (!assignment) break;
    if (/["'$\\`]/.test(assignment[2]!))
      throw new Error(`npm start's ${assignment[1]}: a plain value is expected, not ${assignment[2]}`);
    assignments[assignment[1]!] = assignment[2]!;
  }
  return assignments;
}

/** The environment `npm start` gives node, read from package.json. */
export function startEnvironment(root = process.cwd()): Record<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } };
  return leadingAssignments(manifest.scripts.start);
}
