// `npm run -s eligibility -- groupement.json [--call nantes-isolement-2025]`
// Prints one JSON object {eligible, call, rules} and exits 0 whatever the verdict; exits 2 with the
// problems on stderr when the input is not a valid groupement. Needs no server and no database:
// the call's parameters come from the same data file that seeds the database.
import fs from "node:fs";
import { CALLS, DEFAULT_CALL_SLUG } from "../app/domain/calls/nantes-isolement-2025";
import { callParameters, checkEligibility } from "../app/domain/eligibility";
import { GroupementFileSchema, jsonPath } from "../app/domain/schemas/groupement";

function invalid(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(2);
}

const USAGE = "Usage: npm run -s eligibility -- path/to/groupement.json [--call nantes-isolement-2025]";
let file: string | undefined;
let slug = DEFAULT_CALL_SLUG;
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index]!;
  if (arg === "--call") {
    const value = args[(index += 1)];
    if (!value) invalid(["--call needs a call slug", USAGE]);
    slug = value;
  } else if (arg.startsWith("--")) {
    invalid([`unknown option ${arg}`, USAGE]);
  } else if (file) {
    invalid(["only one groupement file at a time", USAGE]);
  } else {
    file = arg;
  }
}
if (!file) invalid([USAGE]);
const call = CALLS.find((candidate) => candidate.slug === slug);
if (!call) invalid([`--call: unknown call "${slug}" (known: ${CALLS.map((candidate) => candidate.slug).join(", ")})`]);

let text: string;
try {
  text = fs.readFileSync(file, "utf8");
} catch (error) {
  invalid([`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
}
let raw: unknown;
try {
  raw = JSON.parse(text);
} catch (error) {
  invalid([`$: not valid JSON (${(error as Error).message})`]);
}
const parsed = GroupementFileSchema.safeParse(raw);
if (!parsed.success) invalid(parsed.error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`));

const result = checkEligibility(parsed.data, callParameters(call));
process.stdout.write(`${JSON.stringify({ eligible: result.eligible, call: call.slug, rules: result.rules })}\n`);
