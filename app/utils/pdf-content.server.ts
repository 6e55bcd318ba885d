// What an uploaded PDF holds besides pages. Members download each other's documents, so a PDF that
// runs something when opened (JavaScript, a program to launch, a file it carries) is refused. The
// file is read with a PDF parser (pdf-lib), which also unpacks compressed object streams where a
// byte search sees nothing; every version of every object is checked, since a reader may follow
// the cross-reference table to an older one than the parser keeps. pdf-lib only unpacks the
// object streams typed /ObjStm, while readers (pdfjs) take objects from any stream the
// cross-reference stream names, with no /Type: every stream with /N or /First is read as an object
// stream here, and the file is refused when one cannot be. The decoded bytes of every compressed
// stream are searched too, as the raw bytes are.
import { constants, inflateSync } from "node:zlib";
import { PDFArray, PDFDict, PDFName, PDFObjectStreamParser, PDFParser, PDFRawStream, PDFStream, type PDFObject } from "pdf-lib";

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

/** Objects packed in streams pdf-lib did not open (no /Type /ObjStm); false when one cannot be read. */
async function unpackUntypedObjectStreams(objects: PDFObject[]): Promise<boolean> {
  const streams = objects.filter(
    (object): object is PDFRawStream =>
      object instanceof PDFRawStream && (object.dict.has(PDFName.of("N")) || object.dict.has(PDFName.of("First"))),
  );
  for (const stream of streams) {
    try {
      // Its objects go through the recording parser's context, so they are checked like the others.
      await PDFObjectStreamParser.forStream(stream).parseIntoContext();
    } catch {
      return false;
    }
  }
  return true;
}

/** Inflated bytes searched per file, all streams together: the limit of a deflate bomb's cost. */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** A stream's content once inflated, when it is deflated (FlateDecode alone); null otherwise. */
function inflated(stream: PDFRawStream, maxOutputLength: number): Uint8Array | null {
  // Pixels hold no names a reader acts on.
  if (stream.dict.lookup(PDFName.of("Subtype")) === PDFName.of("Image")) return null;
  const filter = stream.dict.lookup(PDFName.of("Filter"));
  const filters = filter instanceof PDFArray ? filter.asArray() : [filter];
  if (filters.length !== 1 || !(filters[0] instanceof PDFName)) return null;
  if (decodeName(filters[0].decodeText()) !== "FlateDecode") return null;
  try {
    return inflateSync(stream.contents, { maxOutputLength, finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    // Over what is left to search, or not deflate data: its objects, if any, were read above.
    return null;
  }
}

function findActiveNameInStreams(objects: PDFObject[]): string | null {
  let left = MAX_INFLATED_BYTES;
  for (const object of objects) {
    if (left <= 0) break;
    if (!(object instanceof PDFRawStream)) continue;
    const content = inflated(object, left);
    if (!content) continue;
    left -= content.byteLength;
    const name = findActiveNameInBytes(content);
    if (name) return name;
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
  if (!(await unpackUntypedObjectStreams(parser.objects))) return { ok: false, reason: "unreadable" };
  const name = findActiveName(parser.objects) ?? findActiveNameInStreams(parser.objects) ?? findActiveNameInBytes(bytes);
  return name ? { ok: false, reason: "active", name } : { ok: true };
}
