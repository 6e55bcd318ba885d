// The recommendation command, as an outside check runs it: no server, no database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";

type Input = {
  project: Record<string, unknown> & { members: Record<string, unknown>[] };
  candidates: (Record<string, unknown> & { offers: Record<string, unknown>[] })[];
  limit?: unknown;
  today?: unknown;
};
const readFixture = (name: string) => JSON.parse(fs.readFileSync(`tests/fixtures/${name}`, "utf8")) as Input;
const example = readFixture("recommend-example.json");
const ranking = readFixture("recommend-ranking.json");

function runCli(content: unknown) {
  const file = path.join(inject("scratchDir"), `recommend-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return runCliOn(file);
}

function runCliOn(...args: string[]) {
  const result = spawnSync("npm", ["run", "-s", "recommend", "--", ...args], {
    encoding: "utf8",
    // Nothing to reach: a database that cannot open and no search engine.
    env: { ...process.env, DATABASE_URL: "file:/nonexistent-folder/none.db", MEILI_URL: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ids = (stdout: string) =>
  (JSON.parse(stdout) as { recommendations: { id: string; score: number }[] }).recommendations.map((item) => [
    item.id,
    item.score,
  ]);

const NEW_SECTOR = {
  code: "new-sector",
  points: 10,
  message: "Ajouterait un 3ᵉ secteur (santé) : une coopération plus large, que l'appel apprécie",
};
const SOUGHT_SANTE = { code: "sought-sector", points: 25, message: "Vient du secteur que vous recherchez : santé" };
const ECONOMIC = {
  code: "economic-world",
  points: 10,
  message:
    "Vient du monde économique (entreprise, ESS, syndic…), qu'aucun de vos membres ne représente : l'appel y porte une attention particulière",
};
const ELAN_REASONS = [
  NEW_SECTOR,
  SOUGHT_SANTE,
  { code: "offers-resource", points: 20, message: "Propose des salariés mis à disposition dans toute la ville" },
  { code: "whole-city", points: 8, message: "Agit dans toute la ville de Nantes" },
];

describe("npm run -s recommend", () => {
  it("prints the issue's example as one JSON line and exits 0", () => {
    const { code, stdout, stderr } = runCliOn("tests/fixtures/recommend-example.json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.endsWith("\n")).toBe(true);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({
      recommendations: [
        {
          id: "b",
          score: 120,
          reasons: [
            {
              code: "fixes-sectors",
              points: 40,
              message: "Ajouterait un 2ᵉ secteur (santé) : la règle des secteurs serait respectée",
            },
            SOUGHT_SANTE,
            { code: "offers-resource", points: 20, message: "Propose des locaux à Nantes Nord" },
            { code: "same-quartier", points: 15, message: "Agit à Nantes Nord, comme votre projet" },
            {
              code: "same-sub-axis",
              points: 10,
              message:
                "Agit aussi sur le sous-axe 2.1 : Repérer, entrer en contact et proposer du lien aux personnes repliées chez elles",
            },
            ECONOMIC,
          ],
        },
      ],
    });
  });

  it("ranks, leaves out members and candidates with no reason, breaks ties by name then id, and stops at the limit", () => {
    const { code, stdout } = runCliOn("tests/fixtures/recommend-ranking.json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      recommendations: [
        {
          id: "zebre",
          score: 100,
          reasons: [
            NEW_SECTOR,
            SOUGHT_SANTE,
            // The offer of staff ended yesterday; the premises, valid until today, still count.
            { code: "offers-resource", points: 20, message: "Propose des locaux au Breil - Barberie" },
            { code: "offers-resource", points: 20, message: "Propose de la logistique à Nantes Nord" },
            { code: "same-quartier", points: 15, message: "Agit à Nantes Nord, comme votre projet" },
            ECONOMIC,
          ],
        },
        // « Élan Santé » and « elan santé » are the same name to a French reader: the id decides.
        { id: "elan-1", score: 63, reasons: ELAN_REASONS },
        { id: "elan-2", score: 63, reasons: ELAN_REASONS },
      ],
    });
    // Without the limit, the default of 10 lets the fourth one through; never the member nor "voisins".
    const { limit: _limit, ...noLimit } = ranking;
    expect(ids(runCli(noLimit).stdout)).toEqual([
      ["zebre", 100],
      ["elan-1", 63],
      ["elan-2", 63],
      ["atelier-culture", 20],
    ]);
  });

  it("counts an offer on the current day in Paris when the file gives no date", () => {
    const { today: _today, ...noToday } = example;
    const offering = (validUntil: string) => ({
      ...noToday,
      candidates: [{ ...example.candidates[0]!, offers: [{ ...example.candidates[0]!.offers[0], validUntil }] }],
    });
    expect(ids(runCli(offering("2999-12-31")).stdout)).toEqual([["b", 120]]);
    expect(ids(runCli(offering("2000-01-01")).stdout)).toEqual([["b", 100]]);
  });

  it("answers an empty list for no candidates, or only the project's own members", () => {
    for (const candidates of [[], [{ ...example.candidates[0]!, id: "a" }]]) {
      const { code, stdout, stderr } = runCli({ ...example, candidates });
      expect([code, stdout, stderr]).toEqual([0, '{"recommendations":[]}\n', ""]);
    }
  });

  it("exits 2 with the JSON path of each problem on invalid input, and prints nothing on stdout", () => {
    const candidate = example.candidates[0]!;
    const { code, stdout, stderr } = runCli({
      ...example,
      project: { ...example.project, seekSectors: ["agricole"], subAxes: ["3.1"] },
      candidates: [
        {
          ...candidate,
          kind: "multinationale",
          offers: [{ resource: "argent", quartiers: ["atlantide"], validUntil: "2026-02-30" }],
        },
        { ...candidate, territory: { wholeCity: "non", quartiers: [] } },
      ],
      limit: 0,
      today: "01/12/2026",
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines.map((line) => line.slice(0, line.indexOf(": ")))).toEqual([
      "$.project.seekSectors[0]",
      "$.project.subAxes[0]",
      "$.candidates[0].kind",
      "$.candidates[0].offers[0].resource",
      "$.candidates[0].offers[0].quartiers[0]",
      "$.candidates[0].offers[0].validUntil",
      "$.candidates[1].territory.wholeCity",
      // Both candidates say "b": the second is refused even though the file has other problems.
      "$.candidates[1].id",
      "$.limit",
      "$.today",
    ]);
    expect(stderr).toContain("$.project.seekSectors[0]: unknown sector");
    expect(stderr).toContain("$.project.subAxes[0]: unknown sub-axis (expected one of: 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3)");
    expect(stderr).toContain("$.candidates[0].kind: unknown kind");
    expect(stderr).toContain("$.candidates[0].offers[0].resource: unknown resource");
    expect(stderr).toContain("$.candidates[0].offers[0].quartiers[0]: unknown quartier");
    expect(stderr).toContain("$.candidates[1].id: duplicate id (already at $.candidates[0].id)");
    expect(stderr).toContain("$.limit: at least 1 is expected");
  });

  it("exits 2 on a missing or mistyped field, a file that is not JSON, or no file", () => {
    const { members: _members, ...noMembers } = example.project;
    const missing = runCli({ ...example, project: noMembers });
    expect([missing.code, missing.stdout]).toEqual([2, ""]);
    expect(missing.stderr).toMatch(/^\$\.project\.members: /);

    const { sector: _sector, ...noSector } = example.candidates[0]!;
    expect(runCli({ ...example, candidates: [noSector] }).stderr).toMatch(/^\$\.candidates\[0\]\.sector: /);
    const mistyped = runCli({ ...example, limit: "10" });
    expect([mistyped.code, mistyped.stderr]).toEqual([2, expect.stringMatching(/^\$\.limit: /)]);
    expect(runCli({ ...example, limit: 2.5 }).stderr).toBe("$.limit: a whole number is expected\n");
    expect(runCli({ ...example, project: { ...example.project, members: [{ id: "a", sector: "associatif" }] } }).stderr).toMatch(
      /^\$\.project\.members\[0\]\.kind: /,
    );

    const notJson = runCli("{ pas du json");
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^\$: not valid JSON/);
    const array = runCli([]);
    expect([array.code, array.stderr]).toEqual([2, expect.stringMatching(/^\$: /)]);
    const none = runCliOn();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: npm run -s recommend -- path/to/input.json");
  });
});
