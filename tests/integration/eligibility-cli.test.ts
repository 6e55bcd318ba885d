// The eligibility command, as an outside check runs it: no server, no database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";

const eligible = JSON.parse(fs.readFileSync("tests/fixtures/groupement-eligible.json", "utf8")) as {
  project: Record<string, unknown> & { budget: Record<string, number> };
  members: Record<string, unknown>[];
};

function runCli(content: unknown, extra: string[] = []) {
  const file = path.join(inject("scratchDir"), `groupement-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  const result = spawnSync("npm", ["run", "-s", "eligibility", "--", file, ...extra], {
    encoding: "utf8",
    // Nothing to reach: a database that cannot open and no search engine.
    env: { ...process.env, DATABASE_URL: "file:/nonexistent-folder/none.db", MEILI_URL: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const withProject = (changes: Record<string, unknown>) => ({ ...eligible, project: { ...eligible.project, ...changes } });

describe("npm run -s eligibility", () => {
  it("prints one JSON object for a valid file and exits 0", () => {
    const { code, stdout, stderr } = runCli(eligible, ["--call", "nantes-isolement-2025"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const output = JSON.parse(stdout) as { eligible: boolean; call: string; rules: { id: string; status: string }[] };
    expect(output.eligible).toBe(true);
    expect(output.call).toBe("nantes-isolement-2025");
    expect(output.rules).toHaveLength(17);
    expect(stdout.trim().split("\n")).toHaveLength(1);
  });

  it("exits 0 with the failing rules when the groupement is not eligible", () => {
    const { code, stdout } = runCli(
      withProject({
        startDate: "2026-07-01",
        subAxes: ["2.1", "4.2"],
        budget: { ...eligible.project.budget, equipment: 95_000 },
      }),
    );
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { eligible: boolean; rules: { id: string; status: string }[] };
    expect(output.eligible).toBe(false);
    expect(output.rules.filter((rule) => rule.status === "fail").map((rule) => rule.id)).toEqual([
      "subsidy.split",
      "budget.equipment",
      "project.sub-axis",
      "project.start",
    ]);
  });

  it("exits 2 with the JSON path of each problem on invalid input", () => {
    const members = [...eligible.members];
    members[1] = { ...members[1], sector: "agricole", resources: ["locaux", "argent"] };
    const { code, stdout, stderr } = runCli({ ...withProject({ durationMonths: "24" }), members });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("$.project.durationMonths:");
    expect(stderr).toContain("$.members[1].sector: unknown sector");
    expect(stderr).toContain("$.members[1].resources[1]: unknown resource");
  });

  it("exits 2 on a missing field, an unknown quartier, a file that is not JSON, or an unknown call", () => {
    const { members: _members, ...noMembers } = eligible;
    expect(runCli(noMembers).stderr).toContain("$.members:");
    const quartier = runCli(withProject({ territory: { wholeCity: false, quartiers: ["atlantide"] } }));
    expect(quartier.code).toBe(2);
    expect(quartier.stderr).toContain("$.project.territory.quartiers[0]: unknown quartier");
    const notJson = runCli("{ pas du json");
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^\$: not valid JSON/);
    const call = runCli(eligible, ["--call", "appel-inconnu"]);
    expect(call.code).toBe(2);
    expect(call.stderr).toContain('unknown call "appel-inconnu"');
  });
});
