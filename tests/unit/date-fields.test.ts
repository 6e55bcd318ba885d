// The date fields of the idea and offer forms, as the browser and the server both check them: a day
// that exists, in the years the site means (a far year was a 500 at the database).
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { createIdeaSchema, ideaFormSchema, PAST_START_MESSAGE } from "~/domain/schemas/idea";
import { createOfferSchema } from "~/domain/schemas/offer";

const IDEA = {
  title: "Veilleurs de palier",
  summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
  description: "Avec un bailleur.",
  subAxes: "2.1",
  addressesIsolation: "on",
  addressesPrecarity: "on",
  targetPublic: "Locataires isolés",
  wholeCity: "on",
};

const form = (fields: Record<string, string>) => {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.append(name, value);
  return formData;
};

/** The field errors of a submission that failed (none for one that passed). */
const errorsOf = (submission: object) => ("error" in submission ? submission.error : undefined);

const ideaWith = (expectedStart: string) => parseWithZod(form({ ...IDEA, expectedStart }), { schema: createIdeaSchema(["2.1"]) });

describe("a date field", () => {
  it("takes a day as the date field sends it, as a Date at midnight UTC", () => {
    const submission = ideaWith("2026-03-01");
    expect(submission.status === "success" && submission.value.expectedStart).toEqual(new Date("2026-03-01T00:00:00Z"));
    const empty = ideaWith("");
    expect(empty.status === "success" && empty.value.expectedStart).toBeUndefined();
  });

  it.each(["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])("refuses %s with the years it takes, in French", (day) => {
    expect(errorsOf(ideaWith(day))).toEqual({
      expectedStart: ["Date invalide : la date de démarrage envisagée doit tomber entre 2000 et 2100."],
    });
  });

  it.each([
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "+275760-09-13",
    "-000001-01-01",
    "10000-01-01",
    "1",
    "2025-1-1",
    "31/12/2025",
    " 2025-01-01 ",
  ])("refuses %s, a day that does not exist or is not written aaaa-mm-jj", (day) => {
    expect(errorsOf(ideaWith(day))).toEqual({
      expectedStart: [
        "Date invalide : la date de démarrage envisagée doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01).",
      ],
    });
  });

  it("reads again an edit stored as JSON, whose Date became an instant", () => {
    const stored = JSON.parse(
      JSON.stringify({
        ...IDEA,
        subAxes: ["2.1"],
        addressesIsolation: true,
        addressesPrecarity: true,
        wholeCity: true,
        expectedStart: new Date("2026-03-01T00:00:00Z"),
      }),
    );
    const parsed = createIdeaSchema(["2.1"]).safeParse(stored);
    expect(parsed.success && parsed.data.expectedStart).toEqual(new Date("2026-03-01T00:00:00Z"));
  });

  it("gives the offer's two dates their own messages, and keeps their order rule", () => {
    const schema = createOfferSchema();
    const offer = { resource: "locaux", title: "Salle", description: "Une salle", availability: "Le samedi", conditions: "free" };
    expect(errorsOf(parseWithZod(form({ ...offer, validFrom: "2025-02-30", validUntil: "9999-12-31" }), { schema }))).toEqual({
      validFrom: [
        "Date invalide : le début de validité doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01).",
      ],
      validUntil: ["Date invalide : la fin de validité doit tomber entre 2000 et 2100."],
    });
    expect(errorsOf(parseWithZod(form({ ...offer, validFrom: "2026-06-01", validUntil: "2026-05-01" }), { schema }))).toEqual({
      validUntil: ["La fin de validité doit suivre le début."],
    });
  });

  it("is still a field the browser checks (conform reads its constraint)", () => {
    expect(Object.keys(getZodConstraint(createIdeaSchema(["2.1"])))).toContain("expectedStart");
    expect(Object.keys(getZodConstraint(createOfferSchema()))).toEqual(expect.arrayContaining(["validFrom", "validUntil"]));
  });
});

describe("« Démarrage envisagé » on the idea form", () => {
  const submit = (expectedStart: string, kept?: string) =>
    parseWithZod(form({ ...IDEA, expectedStart }), { schema: ideaFormSchema(["2.1"], kept, "2026-12-02") });

  it("takes today, a day to come, or none", () => {
    expect(submit("2026-12-02").status).toBe("success");
    expect(submit("2027-01-15").status).toBe("success");
    expect(submit("").status).toBe("success");
  });

  it("refuses yesterday and a past year, with the field's message", () => {
    expect(errorsOf(submit("2026-12-01"))).toEqual({ expectedStart: [PAST_START_MESSAGE] });
    expect(errorsOf(submit("2025-12-02"))).toEqual({ expectedStart: [PAST_START_MESSAGE] });
  });

  it("is said with the other fields' errors, not only once they are fixed", () => {
    const result = parseWithZod(form({ ...IDEA, title: "", expectedStart: "2020-01-01" }), {
      schema: ideaFormSchema(["2.1"], undefined, "2026-12-02"),
    });
    expect(errorsOf(result)).toEqual({ title: [expect.any(String)], expectedStart: [PAST_START_MESSAGE] });
  });

  it("adds nothing to a date refused for its form (once a 500: the check read a date that was not one)", () => {
    const refused = errorsOf(submit("1899-12-31")) as Record<string, string[]>;
    expect(refused.expectedStart).toHaveLength(1);
    expect(refused.expectedStart![0]).toMatch(/^Date invalide/);
  });

  it("keeps the past date the idea already has, and only that one", () => {
    expect(submit("2024-05-01", "2024-05-01").status).toBe("success");
    expect(errorsOf(submit("2024-04-30", "2024-05-01"))).toEqual({ expectedStart: [PAST_START_MESSAGE] });
  });

  it("is one schema per sub-axes, date kept and day: each its own rules, built once", () => {
    const schema = ideaFormSchema(["2.1"], "2024-05-01", "2026-12-02");
    expect(ideaFormSchema(["2.1"], "2024-05-01", "2026-12-02")).toBe(schema);
    // Another date kept, another day or other sub-axes: another schema, which keeps its own date.
    const other = ideaFormSchema(["2.1"], "2024-04-30", "2026-12-02");
    expect(other).not.toBe(schema);
    expect(ideaFormSchema(["2.1"], "2024-05-01", "2026-12-03")).not.toBe(schema);
    expect(ideaFormSchema(["2.1", "2.2"], "2024-05-01", "2026-12-02")).not.toBe(schema);
    expect(parseWithZod(form({ ...IDEA, expectedStart: "2024-04-30" }), { schema: other }).status).toBe("success");
    expect(errorsOf(parseWithZod(form({ ...IDEA, expectedStart: "2024-04-30" }), { schema }))).toEqual({
      expectedStart: [PAST_START_MESSAGE],
    });
  });

  it("is not the stored changes' check: a date past by the time the CCAS reads them still reads", () => {
    expect(ideaWith("2020-01-01").status).toBe("success");
  });
});
