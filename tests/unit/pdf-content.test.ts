import { deflateSync } from "node:zlib";
import { PDFDict, PDFDocument, PDFName, StandardFonts } from "pdf-lib";
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
import { makePng } from "../helpers/images";

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

/**
 * Opens with a script kept in a compressed object stream without /Type /ObjStm (only /N and
 * /First), which the cross-reference stream names as holding object 5: pdfjs reads it from there,
 * pdf-lib never opens it, and no byte of the file says « JavaScript ». `inner` is what object 5 is.
 */
function untypedObjectStreamPdf({
  inner = "<< /S /JavaScript /JS (app.alert\\('hidden'\\)) >>",
  container = (header: string) => `/N 1 /First ${header.length}`,
  compress = true,
} = {}): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets = new Map<number, number>();
  const length = () => parts.reduce((sum, part) => sum + part.length, 0);
  const write = (number: number, ...chunks: Buffer[]) => {
    offsets.set(number, length());
    parts.push(Buffer.from(`${number} 0 obj\n`), ...chunks, Buffer.from("\nendobj\n"));
  };
  write(1, Buffer.from("<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>"));
  write(2, Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
  write(3, Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"));
  const header = "5 0 ";
  const packed = Buffer.from(header + inner, "latin1");
  const data = compress ? deflateSync(packed) : packed;
  write(
    6,
    Buffer.from(`<< ${container(header)}${compress ? " /Filter /FlateDecode" : ""} /Length ${data.length} >>\nstream\n`),
    data,
    Buffer.from("\nendstream"),
  );
  const xrefAt = length();
  // Rows of [type, field 2, field 3] with widths 1, 4, 2: object 5 is the first of stream 6.
  const rows = Array.from({ length: 8 }, (_, number) => {
    const row = Buffer.alloc(7);
    if (number === 5) {
      row.writeUInt8(2, 0);
      row.writeUInt32BE(6, 1);
    } else if (offsets.has(number) || number === 7) {
      row.writeUInt8(1, 0);
      row.writeUInt32BE(number === 7 ? xrefAt : offsets.get(number)!, 1);
    } else if (number === 0) {
      row.writeUInt16BE(65535, 5);
    }
    return row;
  });
  const table = Buffer.concat(rows);
  parts.push(
    Buffer.from(`7 0 obj\n<< /Type /XRef /Root 1 0 R /Size 8 /W [1 4 2] /Length ${table.length} >>\nstream\n`),
    table,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

/** A PDF as pdf-lib writes one with a PNG image and a standard font, in compressed object streams. */
async function pdfLibWithImageAndFont(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage([400, 400]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  page.drawText("Bilan d'activité — Jardins partagés", { x: 20, y: 360, size: 14, font });
  const image = await document.embedPng(makePng());
  page.drawImage(image, { x: 20, y: 20, width: 200, height: 200 });
  return document.save({ useObjectStreams: true });
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

  it("finds a script in a compressed object stream that does not say /Type /ObjStm", async () => {
    const bytes = untypedObjectStreamPdf();
    expect(bytes.includes("JavaScript")).toBe(false);
    expect(bytes.includes("ObjStm")).toBe(false);
    expect(await inspectPdf(bytes)).toMatchObject({ ok: false, reason: "active" });
    // Not compressed, or the name escaped: refused as well.
    expect(await inspectPdf(untypedObjectStreamPdf({ compress: false }))).toMatchObject({ ok: false, reason: "active" });
    expect(await inspectPdf(untypedObjectStreamPdf({ inner: "<< /S /J#61vaScript /JS (app.alert\\(1\\)) >>" }))).toMatchObject({
      ok: false,
      reason: "active",
    });
    // The same stream holding a harmless go-to is accepted: only the script is refused.
    expect(await inspectPdf(untypedObjectStreamPdf({ inner: "<< /S /GoTo /D [3 0 R /Fit] >>" }))).toEqual({ ok: true });
  });

  it("searches the inflated bytes of compressed streams as it searches the raw bytes", async () => {
    const packed = deflateSync("<< /S /JavaScript /JS (app.alert\\(1\\)) >>").toString("latin1");
    const bytes = handmadePdf([
      "<</Type/Catalog/Pages 2 0 R>>",
      "<</Type/Pages/Kids[3 0 R]/Count 1>>",
      "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
      `<</Filter/Fl#61teDecode/Length ${packed.length}>>\nstream\n${packed}\nendstream`,
    ]);
    expect(bytes.includes("JavaScript")).toBe(false);
    expect(await inspectPdf(bytes)).toEqual({ ok: false, reason: "active", name: "JavaScript" });
  });

  it("refuses a stream holding objects that cannot be read", async () => {
    // Says it holds 4 objects, lists one.
    expect(await inspectPdf(untypedObjectStreamPdf({ container: (header) => `/N 4 /First ${header.length}` }))).toEqual({
      ok: false,
      reason: "unreadable",
    });
    expect(await inspectPdf(untypedObjectStreamPdf({ container: () => "/N /Un /First 4" }))).toEqual({
      ok: false,
      reason: "unreadable",
    });
  });

  it("accepts pdf-lib's output with an image and a standard font", async () => {
    expect(await inspectPdf(await pdfLibWithImageAndFont())).toEqual({ ok: true });
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
