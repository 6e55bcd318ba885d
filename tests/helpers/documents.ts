// Reading what the exports contain, as a person opening them would.
import path from "node:path";
import JSZip from "jszip";

/** A PDF opened by pdf.js, with the package's standard fonts (nothing from the system). */
async function openPdf(bytes: Uint8Array) {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const standardFontDataUrl = `${path.resolve("node_modules/pdfjs-dist/standard_fonts")}/`;
  return getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
}

/** All the text of a PDF, page after page. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await openPdf(bytes);
  let text = "";
  for (let page = 1; page <= pdf.numPages; page += 1) {
    const content = await (await pdf.getPage(page)).getTextContent();
    text += content.items.map((item) => ("str" in item ? item.str : "")).join(" ") + "\n";
  }
  await pdf.destroy();
  return text;
}

/** The pieces of text of a PDF's pages, where they are drawn (x, y of their start, width), in points. */
export async function pdfItems(bytes: Uint8Array): Promise<{ page: number; str: string; x: number; y: number; width: number }[]> {
  const pdf = await openPdf(bytes);
  const items: { page: number; str: string; x: number; y: number; width: number }[] = [];
  for (let page = 1; page <= pdf.numPages; page += 1) {
    const content = await (await pdf.getPage(page)).getTextContent();
    for (const item of content.items)
      if ("str" in item && item.str)
        items.push({ page, str: item.str, x: item.transform[4], y: item.transform[5], width: item.width });
  }
  await pdf.destroy();
  return items;
}

/** The text of word/document.xml in a DOCX. */
export async function docxXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file("word/document.xml")!.async("string");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The text of a DOCX as a reader sees it: each paragraph on its own line, runs joined, entities decoded. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const xml = await docxXml(bytes);
  return xml
    .split(/<\/w:p>/)
    .map((paragraph) =>
      [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
        .map((match) => match[1]!.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!))
        .join(""),
    )
    .filter(Boolean)
    .join("\n");
}

/** A minimal but valid one-page PDF. */
export function makePdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  );
}
