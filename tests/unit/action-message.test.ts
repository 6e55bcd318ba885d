// The groupement workspace's message of the last action, beside the form it came from (rendered
// on the server, as a page sent back without JavaScript is: it opens at that form's section).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActionMessage } from "~/components/groupement/action-message";
import type { WorkspaceActionData } from "~/components/groupement/types";

const shown = (actionData: object | undefined, prefix: string) =>
  renderToStaticMarkup(createElement(ActionMessage, { actionData: actionData as WorkspaceActionData, prefix }));
const REFUSED_FIELDS = "Rien n&#x27;a été enregistré : corrigez ce qui est signalé ci-dessous.";

describe("the last action's message beside its form", () => {
  it("says a notice or an error by the form whose intent it is, and nowhere else", () => {
    const saved = { intent: "member-o1", notice: "Contribution de Café Exemple enregistrée." };
    expect(shown(saved, "member")).toContain("Contribution de Café Exemple enregistrée.");
    expect(shown(saved, "document")).toBe("");
    expect(shown({ intent: "document-o1", error: "Fichier refusé : PDF seulement." }, "document")).toContain(
      "Fichier refusé : PDF seulement.",
    );
    expect(shown(undefined, "member")).toBe("");
  });

  it("says nothing was saved when the server refused a field, whose own message may sit lower in the form", () => {
    const refused = {
      intent: "submit",
      result: { status: "error", error: { date: ["Le dépôt ne peut pas dater d'après aujourd'hui."] } },
    };
    expect(shown(refused, "submit")).toContain(REFUSED_FIELDS);
    // With a link to the field's own message (conform's id: the form's, which is its intent).
    expect(shown(refused, "submit")).toContain(
      '<a href="#submit-date-error">Le dépôt ne peut pas dater d&#x27;après aujourd&#x27;hui.</a>',
    );
    // Not for a form-level error (the form shows it at its top), nor for a success.
    expect(shown({ intent: "submit", result: { status: "error", error: { "": ["Refusé."] } } }, "submit")).not.toContain(
      REFUSED_FIELDS,
    );
    expect(shown({ intent: "project", result: { status: "success" }, notice: "Projet enregistré." }, "project")).not.toContain(
      REFUSED_FIELDS,
    );
    // An error said in words already is not doubled.
    expect(shown({ ...refused, error: "Les candidatures sont closes." }, "submit")).not.toContain(REFUSED_FIELDS);
  });
});
