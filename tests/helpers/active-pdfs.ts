// PDFs an attacker would upload: each runs something when opened, hidden a different way. Built
// here, by hand or with pdf-lib, so that each test says what it holds.
import { PDFDocument, PDFName, PDFString } from "pdf-lib";

/**
 * A PDF written by hand from its objects, with a correct cross-reference table; `after` is written
 * after the objects, outside the table.
 */
export function handmadePdf(objects: string[], { trailer = "", after = "" } = {}): Buffer {
  let body = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  body += after;
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R${trailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

const PAGES = ["<</Type/Pages/Kids[3 0 R]/Count 1>>", "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"];

/** A plain one-page PDF, in pdf-lib's usual output: objects packed in compressed object streams. */
export async function cleanCompressedPdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage([200, 200]);
  page.drawText("Comptes annuels 2024", { x: 20, y: 100, size: 12 });
  // A link to a web page is not active content.
  const link = document.context.register(
    document.context.obj({
      Type: "Annot",
      Subtype: "Link",
      Rect: [20, 20, 120, 40],
      A: { S: "URI", URI: PDFString.of("https://www.nantes.fr/") },
    }),
  );
  page.node.set(PDFName.of("Annots"), document.context.obj([link]));
  return document.save({ useObjectStreams: true });
}

/** Opens with a script, the action inside a compressed object stream: the bytes never say "JavaScript". */
export async function compressedScriptPdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.addPage([200, 200]);
  const action = document.context.register(document.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert('Bonjour')") }));
  document.catalog.set(PDFName.of("OpenAction"), action);
  return document.save({ useObjectStreams: true });
}

/** Carries a file (a program, say), also in compressed object streams. */
export async function embeddedFilePdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.addPage([200, 200]);
  await document.attach(Buffer.from("MZ pas vraiment un programme"), "facture.exe", { mimeType: "application/octet-stream" });
  return document.save({ useObjectStreams: true });
}

/** Each way of hiding active content, by name. */
export async function activePdfs(): Promise<Record<string, Uint8Array>> {
  return {
    "a script run on opening": handmadePdf([
      "<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
      ...PAGES,
      "<</S/JavaScript/JS(app.alert\\('Bonjour'\\))>>",
    ]),
    "a script in a compressed object stream": await compressedScriptPdf(),
    "a script in the document's name tree": handmadePdf([
      "<</Type/Catalog/Pages 2 0 R/Names<</JavaScript<</Names[(ouverture) 4 0 R]>>>>>>",
      ...PAGES,
      "<</S/JavaScript/JS 5 0 R>>",
      "<</Length 21>>\nstream\napp.alert('Bonjour');\nendstream",
    ]),
    // /L#61unch is /Launch, as a reader decodes it.
    "a program launched when a page opens, its name escaped": handmadePdf([
      "<</Type/Catalog/Pages 2 0 R>>",
      "<</Type/Pages/Kids[3 0 R]/Count 1>>",
      "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/AA<</O<</S/L#61unch/F(calc.exe)>>>>>>",
    ]),
    // Readers take #4a as J like #4A; pdf-lib only decodes the upper case.
    "a script named with a lower-case escape": handmadePdf([
      "<</Type/Catalog/Pages 2 0 R/OpenAction<</S/#4aavaScript/#4aS(app.alert\\(1\\))>>>>",
      ...PAGES,
    ]),
    "an embedded file": await embeddedFilePdf(),
    // Object 4 is written twice: the table points readers to the script, a parser keeping the
    // last version sees a harmless go-to.
    "a script in an object written twice": handmadePdf(
      ["<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>", ...PAGES, "<</S/JavaScript/JS(app.alert\\(1\\))>>"],
      { after: "4 0 obj\n<</S/GoTo/D[3 0 R/Fit]>>\nendobj\n" },
    ),
  };
}

/** Not PDFs a reader can open, though they start like one. */
export const UNREADABLE_PDFS: Record<string, Buffer> = {
  "cut in the middle of an object": Buffer.from("%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R/OpenAction <</S/Java", "latin1"),
  "no document catalog": Buffer.from("%PDF-1.7\n% rien d'autre\n%%EOF\n", "latin1"),
};

/** Encrypted: its strings and streams cannot be read, so neither can what it would run. */
export const ENCRYPTED_PDF = handmadePdf(
  ["<</Type/Catalog/Pages 2 0 R>>", ...PAGES, `<</Filter/Standard/V 1/R 2/O<${"a".repeat(64)}>/U<${"b".repeat(64)}>/P -44>>`],
  { trailer: "/Encrypt 4 0 R/ID[<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>]" },
);
