// The workspace's date fields, as the browser and the server both check them.
import { describe, expect, it } from "vitest";
import { BudgetSchema, createProjectSchema, isCalendarDay, MemberSchema, SubmitSchema } from "~/domain/schemas/groupement-forms";

describe("a day of the calendar", () => {
  it("accepts the days that exist, leap days included", () => {
    for (const day of ["2025-01-31", "2024-02-29", "2000-02-29", "2026-12-31"]) expect(isCalendarDay(day), day).toBe(true);
  });

  it("refuses a day JavaScript would roll over or cannot read, and anything not written aaaa-mm-jj", () => {
    for (const day of [
      "2025-02-30",
      "2025-02-29",
      "1900-02-29",
      "2025-13-01",
      "2025-00-10",
      "2025-04-31",
      "2025-1-1",
      "01/03/2026",
      "",
    ])
      expect(isCalendarDay(day), day).toBe(false);
  });

  it("gives the field's French message in both forms", () => {
    const project = createProjectSchema(["2.1"]).safeParse({
      intent: "project",
      title: "T",
      startDate: "2025-02-30",
      durationMonths: 24,
      cooperation: "new",
    });
    expect(project.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      [
        "startDate",
        "Date invalide : la date de démarrage doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01).",
      ],
    ]);
    const filing = SubmitSchema.safeParse({ intent: "submit", date: "2025-13-01" });
    expect(filing.error?.issues[0]?.message).toBe(
      "Date invalide : la date du dépôt doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01).",
    );
    expect(SubmitSchema.safeParse({ intent: "submit", date: "2025-07-15" }).success).toBe(true);
  });
});

describe("amounts and counts", () => {
  // The database's whole numbers stop at 2,147,483,647: PostgreSQL refused 3,000,000,000 with a 500.
  it("stop at a billion, with the field's French message", () => {
    const member = MemberSchema.safeParse({ intent: "member", organisationId: "o", valuedAmount: 3_000_000_000 });
    expect(member.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["valuedAmount", "Valorisation : un milliard d'euros au plus."],
    ]);
    const budget = BudgetSchema.safeParse({ intent: "budget", operating: 1_000_000_001, participation: 0, equipment: 0 });
    expect(budget.error?.issues[0]?.message).toBe("Fonctionnement : un milliard d'euros au plus.");
    const project = createProjectSchema([]).safeParse({
      intent: "project",
      title: "T",
      durationMonths: 24,
      cooperation: "new",
      beneficiaries: 3_000_000_000,
    });
    expect(project.error?.issues.map((issue) => issue.message)).toEqual(["Bénéficiaires : un milliard au plus."]);
    expect(BudgetSchema.safeParse({ intent: "budget", operating: 1_000_000_000, participation: 0, equipment: 0 }).success).toBe(
      true,
    );
  });
});

describe("the project's counts", () => {
  const project = (fields: Record<string, unknown>) =>
    createProjectSchema([])
      .safeParse({ intent: "project", title: "T", durationMonths: 24, cooperation: "new", ...fields })
      .error?.issues.map((issue) => issue.message);

  it("say what is wrong with a negative, a fractional or an overlong figure (« indiquez un nombre » was said of -5)", () => {
    expect(project({ beneficiaries: -5 })).toEqual(["Bénéficiaires : indiquez un nombre positif ou zéro."]);
    expect(project({ beneficiaries: 2.5 })).toEqual(["Bénéficiaires : indiquez un nombre entier."]);
    expect(project({ durationMonths: 1.5 })).toEqual(["Durée : indiquez un nombre entier de mois."]);
    expect(project({ durationMonths: 121 })).toEqual(["Durée : 120 mois (dix ans) au plus."]);
    expect(project({ beneficiaries: 0 })).toBeUndefined();
  });
});
