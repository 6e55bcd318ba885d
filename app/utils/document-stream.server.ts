// What React 18 streams of the document, put right on its way out: two defects of react-dom 18.3
// that React 19 no longer has, fixed here because 18 is the last line Remix 2 runs on.
import { Transform, type TransformCallback } from "node:stream";

const NUL = 0x00;
const DOCUMENT_END = Buffer.from("</body></html>");

/**
 * 1. NUL bytes. React encodes text into 2,048-byte buffers; when a character of two or more bytes
 *    does not fit at the end of one, it sends the whole buffer anyway, its unused last bytes still
 *    zero (facebook/react#24985, fixed in 19 by facebook/react#26228, never released in 18). The
 *    character itself is intact at the start of the next buffer, so nothing is "split": re-joining
 *    UTF-8 sequences or decoding with a streaming TextDecoder would keep the zeros. Dropping every
 *    0x00 byte is safe because no byte of a multi-byte UTF-8 sequence is 0x00 (they are all ≥ 0x80),
 *    so no other character can be touched, and HTML has no use for U+0000 (a parse error that
 *    browsers drop or replace); loader data reaches inline scripts as JSON, where it is escaped.
 *
 * 2. Content after `</html>`. With single fetch, Remix renders the loader data's inline scripts as
 *    a sibling that follows the document (`<RemixServer>`), and React 18 writes `</body></html>` as
 *    part of the shell, so those scripts, and any Suspense content streamed later, arrive after
 *    `</html>`. React 19 holds the closing tags back until the end; so does this stream: the first
 *    `</body></html>` is taken out and written last, which puts everything inside `<body>`.
 */
export function createDocumentStream(): Transform {
  // The end of the bytes seen so far when it could be the start of `</body></html>`.
  let held: Buffer = Buffer.alloc(0);
  let moved = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const bytes = withoutNul(chunk);
      if (moved) return callback(null, bytes);
      const seen = held.length ? Buffer.concat([held, bytes]) : bytes;
      const at = seen.indexOf(DOCUMENT_END);
      if (at >= 0) {
        moved = true;
        held = Buffer.alloc(0);
        return callback(null, Buffer.concat([seen.subarray(0, at), seen.subarray(at + DOCUMENT_END.length)]));
      }
      const keep = partialEnd(seen);
      held = Buffer.from(seen.subarray(seen.length - keep));
      callback(null, seen.subarray(0, seen.length - keep));
    },
    flush(callback: TransformCallback) {
      callback(null, moved ? Buffer.concat([held, DOCUMENT_END]) : held);
    },
  });
}

function withoutNul(chunk: Buffer): Buffer {
  if (chunk.indexOf(NUL) === -1) return chunk;
  return Buffer.from(chunk.filter((byte) => byte !== NUL));
}

/** How many of the last bytes could begin `</body></html>`, so that a split one is still found. */
function partialEnd(bytes: Buffer): number {
  for (let length = Math.min(DOCUMENT_END.length - 1, bytes.length); length > 0; length -= 1) {
    if (bytes.subarray(bytes.length - length).equals(DOCUMENT_END.subarray(0, length))) return length;
  }
  return 0;
}
