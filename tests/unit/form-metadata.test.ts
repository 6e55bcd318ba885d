// @conform-to/react is patched (scripts/patches, applied by `npm ci`'s postinstall): a field's
// metadata is made once per state of its form rather than on each property read. What a field
// says must not change: its ids, its name, its value sent back, its errors — and, when the form's
// state changes (another answer of the server), the new state's.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

function Contact({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [, fields] = useForm({ id: "contact", lastResult, defaultValue: { email: "a@exemple.fr", message: "" } });
  const email = fields.email;
  // Read twice each, as a field's label, input and error list do.
  return createElement(
    "p",
    null,
    [email.id, email.name, email.errorId, String(email.initialValue), (email.errors ?? []).join("|")].join(" "),
    " / ",
    [email.id, email.name, email.descriptionId, (fields.message.errors ?? []).join("|")].join(" "),
  );
}

describe("a form's field metadata (patched conform)", () => {
  it("is the patched build, for the server's import and for require", () => {
    const dist = path.dirname(require.resolve("@conform-to/react"));
    for (const file of ["context.mjs", "context.js"]) {
      expect(fs.readFileSync(path.join(dist, file), "utf8")).toContain(
        "metadata: getMetadata(context, subjectRef, stateSnapshot, name)",
      );
    }
  });

  it("says the same on each read, and what the server's answer says", () => {
    expect(renderToStaticMarkup(createElement(Contact))).toBe(
      "<p>contact-email email contact-email-error a@exemple.fr  / contact-email email contact-email-description </p>",
    );
    const refused: SubmissionResult<string[]> = {
      status: "error",
      initialValue: { email: "pas-une-adresse", message: "" },
      error: { email: ["Saisissez une adresse e-mail valide."], message: ["Écrivez votre message."] },
    };
    expect(renderToStaticMarkup(createElement(Contact, { lastResult: refused }))).toBe(
      "<p>contact-email email contact-email-error pas-une-adresse Saisissez une adresse e-mail valide. / " +
        "contact-email email contact-email-description Écrivez votre message.</p>",
    );
  });
});
