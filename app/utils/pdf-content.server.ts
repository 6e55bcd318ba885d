// What an uploaded PDF holds besides pages. Members download each other's documents, so a PDF that
// runs something when opened (JavaScript, a program to launch, a file it carries) is refused. The
// file is read with a PDF parser (pdf-lib), which also unpacks compressed object streams where a
// byte search sees nothing; every version of every object is checked, since a reader may follow
// the cross-reference table to an older one than the parser keeps.
import { PDFArray, PDFDict, PDFName, PDFParser, PDFStream, type PDFObject } from "pdf-lib";

/** Names that only active content uses: script, launch, embedded files, rich media, XFA forms. */
const ACTIVE_NAMES = new Set([
  "JS",
  "JavaScript",
  "Launch",
  "ImportData",
  "GoToE",
  "RichMedia",
  "RichMediaExecute",
  "EmbeddedFile",
  "EmbeddedFiles",
  "EF",
  "XFA",
]);

/** The long ones are also looked for in the raw bytes, where a short name could occur by chance. */
const LONG_ACTIVE_NAMES = new Set([...ACTIVE_NAMES].filter((name) => name.length >= 6));

export type PdfVerdict = { ok: true } | { ok: false; reason: "unreadable" | "encrypted" | "active"; name?: string };

/** A name as a reader understands it: #xx escapes decoded whatever their case. */
const decodeName = (name: string) =>
  name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Keeps every object the parser reads, the versions it later replaces included. */
class RecordingParser extends PDFParser {
  readonly objects: PDFObject[] = [];

  constructor(bytes: Uint8Array) {
    // 500 objects between yields to the event loop; an invalid object is an error, not a warning.
    super(bytes, 500, true, false);
    const assign = this.context.assign.bind(this.context);
    this.context.assign = (ref, object) => {
      this.objects.push(object);
      assign(ref, object);
    };
  }

  get trailer() {
    return this.context.trailerInfo;
  }

  hasCatalog(): boolean {
    const root = this.context.lookup(this.context.trailerInfo.Root);
    return root instanceof PDFDict && root.get(PDFName.of("Type")) === PDFName.of("Catalog");
  }
}

function findActiveName(objects: PDFObject[]): string | null {
  const seen = new Set<PDFObject>();
  const pending = [...objects];
  while (pending.length > 0) {
    const object = pending.pop()!;
    if (seen.has(object)) continue;
    seen.add(object);
    if (object instanceof PDFName) {
      const name = decodeName(object.decodeText());
      if (ACTIVE_NAMES.has(name)) return name;
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) pending.push(key, value);
    } else if (object instanceof PDFArray) {
      pending.push(...object.asArray());
    } else if (object instanceof PDFStream) {
      pending.push(object.dict);
    }
  }
  return null;
}

function findActiveNameInBytes(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  for (const match of text.matchAll(/\/((?:[A-Za-z]|#[0-9A-Fa-f]{2}){6,})/g)) {
    const name = decodeName(match[1]!);
    if (LONG_ACTIVE_NAMES.has(name)) return name;
  }
  return null;
}

/** Reads a PDF: refused when it cannot be parsed, is encrypted (its objects cannot be read) or holds active content. */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  const parser = new RecordingParser(bytes);
  try {
    await parser.parseDocument();
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  if (parser.trailer.Encrypt) return { ok: false, reason: "encrypted" };
  if (!parser.hasCatalog()) return { ok: false, reason: "unreadable" };
  const name = findActiveName(parser.objects) ?? findActiveNameInBytes(bytes);
  return name ? { ok: false, reason: "active", name } : { ok: true };
}
