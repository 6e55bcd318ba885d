// The groupement workspace's message of the last action said at its top too, for a page sent back
// without JavaScript (rendered on the server, as such a page is; with JavaScript it is not).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActionMessageAtTop } from "~/components/groupement/action-message";
import type { WorkspaceActionData } from "~/components/groupement/types";

const atTop = (actionData: object | undefined, filed = false) =>
  renderToStaticMarkup(createElement(ActionMessageAtTop, { actionData: actionData as WorkspaceActionData, filed }));

describe("the last action's message at the top of the workspace", () => {
  it("says a member's change and a refused document there, whose forms are far below", () => {
    expect(atTop({ intent: "member-o1", notice: "Contribution de Café Exemple enregistrée." })).toContain(
      "Contribution de Café Exemple enregistrée.",
    );
    expect(atTop({ intent: "document-o1", error: "Fichier refusé : PDF seulement." })).toContain(
      "Fichier refusé : PDF seulement.",
    );
  });

  it("says a refused filing there until the dossier is filed, whose notice then sits at the top already", () => {
    const refused = { intent: "submit", error: "Les candidatures à cet appel sont closes." };
    expect(atTop(refused)).toContain("Les candidatures à cet appel sont closes.");
    expect(atTop({ intent: "submit", notice: "Dossier déposé." }, true)).toBe("");
  });

  it("says nothing twice that the top already says, nor anything without a message", () => {
    for (const intent of ["changed", "accept-invitation", "decline-invitation", "answer-question-q1"])
      expect(atTop({ intent, notice: "Déjà dit en haut." }), intent).toBe("");
    expect(atTop({ intent: "project", result: {} })).toBe("");
    expect(atTop(undefined)).toBe("");
  });
});
