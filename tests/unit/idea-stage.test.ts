import { describe, expect, it } from "vitest";
import { stageRefusal, stagesOffered } from "~/domain/idea-stage";

const codes = (stages: readonly { code: string }[]) => stages.map((stage) => stage.code);

describe("the stages a structure may give its idea", () => {
  it("offers neither « Candidature déposée » nor « Lauréat » without a groupement that filed, then was retained", () => {
    expect(codes(stagesOffered({ groupement: null }))).toEqual([
      "draft",
      "looking-for-partners",
      "groupement-formed",
      "archived",
    ]);
    expect(codes(stagesOffered({ groupement: { submitted: true, retained: false } }))).toContain("applied");
    expect(codes(stagesOffered({ groupement: { submitted: true, retained: false } }))).not.toContain("laureate");
    expect(codes(stagesOffered({ groupement: { submitted: true, retained: true } }))).toContain("laureate");
  });

  it("keeps the idea's own stage among those offered", () => {
    expect(codes(stagesOffered({ groupement: null }, "laureate"))).toContain("laureate");
  });

  it("says why, in French, for each refused stage", () => {
    expect(stageRefusal("applied", { groupement: { submitted: false, retained: false } })).toMatch(/^« Candidature déposée » :/);
    expect(stageRefusal("laureate", { groupement: { submitted: true, retained: false } })).toMatch(/^« Lauréat » :/);
    expect(stageRefusal("archived", { groupement: null })).toBeNull();
  });

  it("offers no « Brouillon » for a published idea, and says why it is refused", () => {
    expect(codes(stagesOffered({ published: true, groupement: null }))).toEqual([
      "looking-for-partners",
      "groupement-formed",
      "archived",
    ]);
    expect(stageRefusal("draft", { published: true, groupement: null })).toMatch(
      /^« Brouillon » : une idée publiée ne redevient pas/,
    );
    expect(stageRefusal("draft", { published: false, groupement: null })).toBeNull();
  });
});
