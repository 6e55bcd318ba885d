import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import PDFKit from "pdfkit";
import { describe, expect, it } from "vitest";
import { inspectPdf } from "~/utils/pdf-content.server";
import {
  activePdfs,
  cleanCompressedPdf,
  compressedScriptPdf,
  ENCRYPTED_PDF,
  handmadePdf,
  UNREADABLE_PDFS,
} from "../helpers/active-pdfs";
import { makePdf } from "../helpers/documents";

/** A PDF as pdfkit writes one (the application file's exporter). */
function pdfkitPdf(): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const document = new PDFKit({ size: "A4" });
    const chunks: Buffer[] = [];
    document.on("data", (chunk: Buffer) => chunks.push(chunk));
    document.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    document.text("Rapport d'activité 2024 — Association des Voisins Veilleurs");
    document.link(20, 20, 100, 20, "https://www.nantes.fr/");
    document.end();
  });
}

describe("what an uploaded PDF holds", () => {
  it("accepts plain PDFs: the tests' minimal one, pdf-lib's compressed output with a web link, pdfkit's", async () => {
    expect(await inspectPdf(makePdf())).toEqual({ ok: true });
    expect(await inspectPdf(await cleanCompressedPdf())).toEqual({ ok: true });
    expect(await inspectPdf(await pdfkitPdf())).toEqual({ ok: true });
    expect(await inspectPdf(handmadePdf(["<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[]/Count 0>>"]))).toEqual({
      ok: true,
    });
  });

  it("finds a script that a byte search would miss, inside a compressed object stream", async () => {
    const bytes = await compressedScriptPdf();
    expect(Buffer.from(bytes).includes("JavaScript")).toBe(false);
    expect(await inspectPdf(bytes)).toMatchObject({ ok: false, reason: "active" });
    // pdf-lib itself reads the action back, so the fixture really holds one.
    const action = (await PDFDocument.load(bytes)).catalog.lookup(PDFName.of("OpenAction"), PDFDict);
    expect(action.get(PDFName.of("S"))).toBe(PDFName.of("JavaScript"));
  });

  it("refuses every way of hiding active content", async () => {
    for (const [way, bytes] of Object.entries(await activePdfs())) {
      expect({ way, verdict: await inspectPdf(bytes) }).toMatchObject({ way, verdict: { ok: false, reason: "active" } });
    }
  });

  it("refuses what cannot be read, and encrypted PDFs whose objects cannot be checked", async () => {
    for (const [way, bytes] of Object.entries(UNREADABLE_PDFS)) {
      expect({ way, verdict: await inspectPdf(bytes) }).toEqual({ way, verdict: { ok: false, reason: "unreadable" } });
    }
    expect(await inspectPdf(ENCRYPTED_PDF)).toEqual({ ok: false, reason: "encrypted" });
  });
});
