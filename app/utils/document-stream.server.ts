// What React 18 renders of the document, put right before it leaves: two defects of react-dom 18.3
// that React 19 no longer has, fixed here because 18 is the last line Remix 2 runs on.
import { Writable } from "node:stream";

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
 *    `</html>`. React 19 holds the closing tags back until the end; here the first
 *    `</body></html>` is taken out and written last, which puts everything inside `<body>`.
 */
export function finishDocument(bytes: Buffer): Buffer {
  const clean = withoutNul(bytes);
  const at = clean.indexOf(DOCUMENT_END);
  if (at === -1) return clean;
  return Buffer.concat([clean.subarray(0, at), clean.subarray(at + DOCUMENT_END.length), DOCUMENT_END]);
}

/** The bytes without their 0x00 ones: the runs between them, joined. */
function withoutNul(bytes: Buffer): Buffer {
  let at = bytes.indexOf(NUL);
  if (at === -1) return bytes;
  const runs: Buffer[] = [];
  let from = 0;
  while (at !== -1) {
    if (at > from) runs.push(bytes.subarray(from, at));
    from = at + 1;
    at = bytes.indexOf(NUL, from);
  }
  runs.push(bytes.subarray(from));
  return Buffer.concat(runs);
}

/**
 * Where React writes a page it rendered whole (every loader's data at hand: nothing streams in
 * later): its chunks are held and, once React ended, `done` gives the finished document in one
 * buffer. One buffer is what the server sends anyway (compressed at once, one write to the socket:
 * writeBody in scripts/lib/remix-handler.ts); passed as a stream of React's 2 KB chunks, each went
 * through a Node stream, a web stream and a read of its own first.
 */
export function collectDocument(): { writable: Writable; done: Promise<Buffer> } {
  const chunks: Buffer[] = [];
  let settle!: (bytes: Buffer) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<Buffer>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      settle(finishDocument(Buffer.concat(chunks)));
      callback();
    },
    destroy(error, callback) {
      fail(error ?? new Error("The document was not finished"));
      callback(error);
    },
  });
  // React tears its destination down with the error of a render that failed past its shell: that
  // error is `done`'s (the page's 500), not an uncaught one that would end the process.
  writable.on("error", fail);
  return { writable, done };
}
