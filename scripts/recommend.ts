// `npm run -s recommend -- input.json`
// Prints one JSON object {"recommendations": [{id, score, reasons: [{code, points, message}]}]},
// best first, at most `limit` (default 10), and exits 0; exits 2 with each problem and its JSON path
// on stderr when the input is not valid. Needs no server and no database: the weights and the
// sub-axes are the default call's, from the same data file that seeds the database.
import fs from "node:fs";
import { subAxisCodes } from "../app/domain/call";
import { CALLS, DEFAULT_CALL_SLUG } from "../app/domain/calls/nantes-isolement-2025";
import { localDay } from "../app/domain/format";
import { recommendPartners } from "../app/domain/recommendation";
import { jsonPath } from "../app/domain/schemas/groupement";
import { createRecommendationFileSchema } from "../app/domain/schemas/recommendation";

function invalid(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(2);
}

const USAGE = "Usage: npm run -s recommend -- path/to/input.json";
const args = process.argv.slice(2);
const unknownOption = args.find((arg) => arg.startsWith("--"));
if (unknownOption) invalid([`unknown option ${unknownOption}`, USAGE]);
if (args.length > 1) invalid(["only one input file at a time", USAGE]);
const file = args[0];
if (!file) invalid([USAGE]);

const call = CALLS.find((candidate) => candidate.slug === DEFAULT_CALL_SLUG)!;

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
const parsed = createRecommendationFileSchema(subAxisCodes(call)).safeParse(raw);
if (!parsed.success) invalid(parsed.error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`));

const { project, candidates, limit, today } = parsed.data;
const subAxisTitles = Object.fromEntries(
  call.axes.flatMap((axis) => axis.subAxes.map((subAxis) => [subAxis.code, subAxis.title])),
);
const recommendations = recommendPartners(project, candidates, {
  weights: call.recommendationWeights,
  // The call's days are Paris days: an offer valid until today is still valid tonight in Nantes.
  today: today ?? localDay(new Date()),
  subAxisTitles,
});
process.stdout.write(
  `${JSON.stringify({
    recommendations: recommendations.slice(0, limit).map(({ id, score, reasons }) => ({ id, score, reasons })),
  })}\n`,
);
