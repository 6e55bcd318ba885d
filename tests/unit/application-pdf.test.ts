// The application file's PDF as a reviewer prints it: a block to sign is never cut by a page.
import { describe, expect, it } from "vitest";
import { renderPdf, type ApplicationFile } from "~/utils/application-file.server";
import { pdfItems } from "../helpers/documents";

const fileWith = (lines: number): ApplicationFile => ({
  callTitle: "Appel à coopérations (démonstration)",
  date: "2 décembre 2026",
  title: "Veilleurs de palier",
  ready: false,
  sections: [
    {
      title: "Le projet",
      blocks: [
        {
          kind: "fields",
          rows: Array.from({ length: lines }, (_, index) => [`Ligne ${index + 1}`, "une valeur"] as [string, string]),
        },
      ],
    },
    {
      title: "Signatures",
      blocks: [
        { kind: "paragraph", text: "Chaque structure soussignée certifie exactes les informations de cette fiche." },
        { kind: "signature", signer: "Les Petits Liens (démo)" },
      ],
    },
  ],
});

describe("the application file's PDF", () => {
  it("keeps each block to sign on one page, wherever the page ends", async () => {
    // From a page nearly empty to one nearly full above the block: some of these end the page within it.
    for (let lines = 30; lines <= 50; lines += 2) {
      const items = await pdfItems(new Uint8Array(await renderPdf(fileWith(lines))));
      const signer = items.find((item) => item.str.startsWith("Pour "))!;
      const stamp = items.find((item) => item.str.startsWith("Signature et cachet"))!;
      expect(stamp.page, `${lines} lines above`).toBe(signer.page);
      // Nor is the section's heading left at the foot of the page before.
      const heading = items.find((item) => item.str === "Signatures")!;
      expect(heading.page, `${lines} lines above`).toBe(signer.page);
    }
  });
});
