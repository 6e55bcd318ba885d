// A field's error messages, as the forms list them under it.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { ErrorList } from "~/components/forms";

it("lists a message once when two checks of the schema fail with it (a score both too big and not whole)", () => {
  const message = "Pertinence : donnez une note entière de 0 à 5.";
  const html = renderToStaticMarkup(
    createElement(ErrorList, { id: "score-erreurs", errors: [message, message, "Autre message."] }),
  );
  expect(html).toBe(`<ul id="score-erreurs" class="field-errors"><li>${message}</li><li>Autre message.</li></ul>`);
});
