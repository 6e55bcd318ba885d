// What an action parses and sends back of a form: the fields its schema knows, nothing else.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LoginSchema } from "~/domain/schemas/auth";
import { createScoresSchema } from "~/domain/schemas/review";
import { parseFormValues } from "~/utils/forms";
import { knownFields, parseForm } from "~/utils/forms.server";

const form = (entries: [string, string][]) => {
  const formData = new FormData();
  for (const [name, value] of entries) formData.append(name, value);
  return formData;
};

describe("parseForm", () => {
  it("sends back what the person typed, and not a field a stranger added", () => {
    const submission = parseForm(
      form([
        ["email", "pas-une-adresse"],
        ["password", "secret"],
        ["padding", "x".repeat(50_000)],
      ]),
      { schema: LoginSchema },
    );
    expect(submission.status).toBe("error");
    const reply = submission.reply({ hideFields: ["password"] });
    expect(reply.initialValue).toEqual({ email: "pas-une-adresse" });
    expect(JSON.stringify(reply)).not.toContain("xxxxx");
  });

  it("parses a valid form as parseWithZod does", () => {
    const submission = parseForm(
      form([
        ["email", "alex@exemple.org"],
        ["password", "secret"],
        ["redirectTo", "/compte"],
        ["other", "x"],
      ]),
      { schema: LoginSchema },
    );
    expect(submission.status === "success" && submission.value).toEqual({
      email: "alex@exemple.org",
      password: "secret",
      redirectTo: "/compte",
    });
  });

  it("keeps nested and list fields in conform's notation, and the intent fields", () => {
    const schema = z.object({
      intent: z.literal("save").optional(),
      address: z.object({ city: z.string() }),
      tags: z.array(z.string()),
      people: z.array(z.object({ name: z.string() })),
    });
    const kept = knownFields(
      form([
        ["intent", "save"],
        ["__intent__", '{"type":"validate","payload":{"name":"address.city"}}'],
        ["address.city", "Nantes"],
        ["address.street", "inconnue"],
        ["tags", "a"],
        ["tags[1]", "b"],
        ["people[0].name", "Alex"],
        ["people[0].age", "40"],
        ["people[12].name", "Sam"],
        ["unknown[0]", "x"],
      ]),
      schema,
    );
    expect([...kept.keys()]).toEqual([
      "intent",
      "__intent__",
      "address.city",
      "tags",
      "tags[1]",
      "people[0].name",
      "people[12].name",
    ]);
  });

  it("drops a list index no form sends, which would make conform build an array that long", () => {
    const schema = z.object({ tags: z.array(z.string()).default([]), people: z.array(z.object({ name: z.string() })) });
    const formData = form([
      ["tags", "a"],
      ["tags[99]", "b"],
      ["tags[100]", "c"],
      ["tags[99999999]", "d"],
      ["people[0].name", "Alex"],
      ["people[12345678901234567890].name", "Sam"],
    ]);
    expect([...knownFields(formData, schema).keys()]).toEqual(["tags", "tags[99]", "people[0].name"]);
    // Before, this parse took the process's whole memory (the site crashed).
    const submission = parseForm(formData, { schema });
    expect(JSON.stringify(submission.reply()).length).toBeLessThan(10_000);
  });

  it("keeps conform's own intent only as the site's forms send it", () => {
    const schema = z.object({ email: z.string(), tags: z.array(z.string()).default([]) });
    const validate = '{"type":"validate","payload":{"name":"email"}}';
    for (const intent of [
      "invite",
      "-651708",
      "null",
      "{}",
      '{"type":"validate"}',
      '{"type":"validate","payload":{"name":"inconnu"}}',
      '{"type":"update","payload":{"name":"tags[99999999]","value":"x"}}',
      '{"type":"insert","payload":{"name":"tags","index":99999999}}',
      '{"type":"reset","payload":{"name":"__proto__"}}',
    ]) {
      const formData = form([
        ["email", "pas-une-adresse"],
        ["__intent__", intent],
      ]);
      expect([...knownFields(formData, schema).keys()]).toEqual(["email"]);
      // Before, conform failed on these (a 500) or wrote where they said.
      expect(parseForm(formData, { schema }).status).toBe("success");
    }
    const file = form([["email", "a"]]);
    file.append("__intent__", new File(["x"], "intent.json"));
    expect([...knownFields(file, schema).keys()]).toEqual(["email"]);
    expect([
      ...knownFields(
        form([
          ["email", "a"],
          ["__intent__", validate],
        ]),
        schema,
      ).keys(),
    ]).toEqual(["email", "__intent__"]);
  });

  it("knows the fields of every branch of a union", () => {
    const schema = z.discriminatedUnion("intent", [
      z.object({ intent: z.literal("invite"), email: z.string() }),
      z.object({ intent: z.literal("remove"), userId: z.string() }),
    ]);
    const kept = knownFields(
      form([
        ["intent", "remove"],
        ["userId", "u1"],
        ["email", "a@b.c"],
        ["extra", "x"],
      ]),
      schema,
    );
    expect([...kept.keys()]).toEqual(["intent", "userId", "email"]);
  });
});

describe("number fields", () => {
  // A review's score, as the CCAS types it: JavaScript's Number() read « 0x10 » as 16.
  const schema = createScoresSchema([{ id: "c1", label: "Pertinence", maxScore: 20 }]);
  const score = (value: string) =>
    parseForm(
      form([
        ["intent", "scores"],
        ["score-c1", value],
      ]),
      { schema },
    );
  const message = "Pertinence : donnez une note entière de 0 à 20.";

  it("read plain decimal digits, spaces around allowed", () => {
    for (const [typed, read] of [
      ["16", 16],
      [" 7 ", 7],
      ["0", 0],
    ] as const) {
      const submission = score(typed);
      expect(submission.status === "success" ? (submission.value as Record<string, unknown>)["score-c1"] : submission).toBe(read);
    }
  });

  it("refuse what only JavaScript reads as a number, with the field's own message, in the browser as on the server", () => {
    for (const typed of ["0x10", "1e1", "Infinity", "0b1", "1_0", "", "douze"]) {
      for (const submission of [
        score(typed),
        parseFormValues(
          form([
            ["intent", "scores"],
            ["score-c1", typed],
          ]),
          { schema },
        ),
      ]) {
        expect(submission.status).toBe("error");
        expect(submission.reply().error).toEqual({ "score-c1": [message] });
      }
    }
  });
});
