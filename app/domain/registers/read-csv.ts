// Streamed CSV reading for files of several gigabytes: bytes in, one record at a time out, in
// constant memory. No I/O here: the caller hands in the bytes (a file stream, an upload).
import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { CSV_OPTIONS, detectDelimiter } from "../csv.server";

/**
 * `auto` reads UTF-8 unless the first bytes beyond ASCII are not valid UTF-8, and then Windows-1252
 * (the RNA's exports are historically ISO-8859-1 / Windows-1252; SIRENE's are UTF-8).
 */
export type CsvEncoding = "auto" | "utf-8" | "windows-1252";

// Windows-1252 differs from ISO-8859-1 in 0x80–0x9F, where French text has œ, ’, €, « … »'s dots.
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Windows-1252 bytes as text (Node's TextDecoder reads this label as ISO-8859-1). */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString("latin1")
    .replace(/[\x80-\x9f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]!);
}

/** Text as Windows-1252 bytes, as the RNA publishes it (the fixtures' generator); throws on a character it lacks. */
export function encodeWindows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const high = CP1252_HIGH.indexOf(text[index]!);
    if (high >= 0 && (code > 0xff || (code >= 0x80 && code <= 0x9f))) bytes[index] = 0x80 + high;
    else if (code <= 0xff) bytes[index] = code;
    else throw new Error(`Not in Windows-1252: ${text[index]}`);
  }
  return bytes;
}

/** How many bytes at the end of a chunk start a UTF-8 character that the next chunk completes. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * The bytes as the parser takes them: UTF-8 (and ASCII) as they are, checked but not decoded
 * (csv-parse works on bytes: decoding then encoding again cost a fifth of an import's time);
 * Windows-1252 as text.
 */
async function* parserChunks(
  chunks: AsyncIterable<Uint8Array>,
  encoding: CsvEncoding,
  onEncoding: (encoding: "utf-8" | "windows-1252") => void,
): AsyncGenerator<Buffer | string> {
  let chosen: "utf-8" | "windows-1252" | null = encoding === "auto" ? null : encoding;
  if (chosen) onEncoding(chosen);
  let carry: Buffer = Buffer.alloc(0);
  // In auto mode, a chunk whose only non-ASCII bytes may start a character the next chunk ends
  // (Windows-1252's « é », 0xE9, is also a UTF-8 lead byte) waits for that chunk to decide.
  let undecided: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    let view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (chosen === null) {
      if (undecided.length) {
        view = Buffer.concat([undecided, view]);
        undecided = Buffer.alloc(0);
      }
      if (isAscii(view)) {
        yield view;
        continue;
      }
      const tail = incompleteTail(view);
      const body = view.subarray(0, view.length - tail);
      if (tail > 0 && isAscii(body)) {
        undecided = Buffer.from(view);
        continue;
      }
      chosen = isUtf8(body) ? "utf-8" : "windows-1252";
      onEncoding(chosen);
    }
    if (chosen === "windows-1252") {
      yield decodeWindows1252(view);
      continue;
    }
    const whole = carry.length ? Buffer.concat([carry, view]) : view;
    const complete = whole.length - incompleteTail(whole);
    const body = whole.subarray(0, complete);
    // The same error as TextDecoder's fatal mode: a file said (or found) to be UTF-8 that is not.
    if (!isUtf8(body)) throw new TypeError("The encoded data was not valid for encoding utf-8");
    carry = Buffer.from(whole.subarray(complete));
    if (body.length) yield body;
  }
  if (undecided.length) {
    // The file ends on a character UTF-8 would leave unfinished: it is Windows-1252.
    onEncoding("windows-1252");
    yield decodeWindows1252(undecided);
  }
  if (carry.length) throw new TypeError("The encoded data was not valid for encoding utf-8");
}

export type CsvReadInfo = { encoding: "utf-8" | "windows-1252" | null; delimiter: ";" | "," | null };

/**
 * The records of a CSV byte stream, the header first, as arrays of cells. The separator is the
 * given one, or the one the first line uses. `info` is filled in as the stream is read. Throws
 * csv-parse's CsvError on a quote left open, and a TypeError on text that is not the given encoding.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<Uint8Array>,
  options: { encoding?: CsvEncoding; delimiter?: ";" | "," } = {},
  info: CsvReadInfo = { encoding: null, delimiter: null },
): AsyncGenerator<string[]> {
  const input = parserChunks(chunks, options.encoding ?? "auto", (encoding) => (info.encoding = encoding));
  // The first line decides the separator: read until it is whole, then hand everything on.
  const head: (Buffer | string)[] = [];
  let headText = "";
  let first = await input.next();
  while (!first.done) {
    head.push(first.value);
    headText += typeof first.value === "string" ? first.value : first.value.toString("latin1");
    if (/[\r\n]/.test(headText)) break;
    first = await input.next();
  }
  const delimiter = options.delimiter ?? detectDelimiter(headText.replace(/^\uFEFF|^\xEF\xBB\xBF/, "").split(/\r?\n/)[0] ?? "");
  info.delimiter = delimiter;
  async function* whole() {
    yield* head;
    if (first.done) return;
    yield* input;
  }
  const parser = parse({ ...CSV_OPTIONS, delimiter, relax_quotes: true });
  // One chunk ahead at most: a deeper buffer only grows the process (a fifth of its memory).
  const feeding = pipeline(Readable.from(whole(), { highWaterMark: 1 }), parser);
  // A reader that stops early must not leave the feeding pipeline's failure unhandled.
  feeding.catch(() => {});
  try {
    for await (const record of parser) yield record as string[];
    await feeding;
  } finally {
    parser.destroy();
  }
}

/** What a file that is not text is, from its first bytes: the upload of a PDF or a spreadsheet instead of the CSV. */
export type BinaryKind = "pdf" | "zip" | "office" | "image" | "utf-16" | "binary";

/** How many first bytes `binaryKind` needs to see (fewer when the file is shorter). */
export const SNIFF_BYTES = 4096;

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);

/**
 * The kind of a file whose first bytes are not text (a NUL byte, or a known signature), or null
 * for text: a CSV never holds a NUL byte in UTF-8 or Windows-1252.
 */
export function binaryKind(head: Uint8Array): BinaryKind | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return "zip"; // .xlsx, .ods, .zip
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return "office"; // .xls, .doc
  if (
    startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith(head, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(head, [0x47, 0x49, 0x46, 0x38]) // GIF8
  )
    return "image";
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return "utf-16";
  return head.subarray(0, SNIFF_BYTES).includes(0) ? "binary" : null;
}
