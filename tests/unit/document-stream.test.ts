// The document as it leaves: React 18's NUL bytes dropped, nothing after </html>.
import { PassThrough, type Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { collectDocument } from "~/utils/document-stream.server";

/** Writes the chunks, as given, where the document is collected, and reads the finished bytes. */
async function through(chunks: Buffer[]): Promise<Buffer> {
  const { writable, done } = collectDocument();
  for (const chunk of chunks) writable.write(chunk);
  writable.end();
  return done;
}

/** A page of list items in French, shifted by `shift` bytes so that some « è » meets a 2,048-byte edge. */
function frenchPage(shift: number) {
  const items = Array.from({ length: 80 }, (_, index) => createElement("li", { key: index }, `Dervallières - Zola n° ${index}`));
  return createElement("main", null, createElement("p", null, "x".repeat(shift)), createElement("ul", null, items));
}

/** What React writes of the element, rendered whole, into `destination` (a plain stream, or the collector). */
function renderWhole(element: ReturnType<typeof frenchPage>, destination: Writable, read: Promise<Buffer>): Promise<Buffer> {
  const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(destination) });
  return read;
}

function plain(): [PassThrough, Promise<Buffer>] {
  const stream = new PassThrough();
  const out: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => out.push(chunk));
  return [stream, new Promise((resolve) => stream.on("end", () => resolve(Buffer.concat(out))))];
}

describe("the finished document", () => {
  it("drops the NUL bytes React 18 leaves where a two-byte character meets a buffer's end, and nothing else", async () => {
    let defects = 0;
    for (let shift = 0; shift < 45; shift += 1) {
      const raw = await renderWhole(frenchPage(shift), ...plain());
      const { writable, done } = collectDocument();
      const fixed = await renderWhole(frenchPage(shift), writable, done);
      if (raw.includes(0)) defects += 1;
      expect(fixed.includes(0), `shift ${shift}`).toBe(false);
      expect(fixed.toString("utf8"), `shift ${shift}`).toBe(renderToString(frenchPage(shift)));
    }
    // The defect is real in the React we run: without the fix, some shifts do send a NUL.
    expect(defects).toBeGreaterThan(0);
  });

  it("moves </body></html> after whatever follows it, wherever the chunks are cut", async () => {
    const document = "<!DOCTYPE html><html><body><main>Quartier Dervallières</main></body></html><script>late()</script>";
    const expected = "<!DOCTYPE html><html><body><main>Quartier Dervallières</main><script>late()</script></body></html>";
    const bytes = Buffer.from(document);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const output = await through([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(output.toString("utf8"), `cut at ${cut}`).toBe(expected);
    }
    const oneByOne = await through([...bytes].map((byte) => Buffer.from([byte])));
    expect(oneByOne.toString("utf8")).toBe(expected);
  });

  it("passes a fragment without </body></html> through unchanged, even one ending like its start", async () => {
    const output = await through([Buffer.from("<p>texte</p></bo")]);
    expect(output.toString("utf8")).toBe("<p>texte</p></bo");
  });

  it("fails, rather than hangs, when the render is torn down before its end", async () => {
    const { writable, done } = collectDocument();
    writable.write(Buffer.from("<html><body><p>à moitié"));
    writable.destroy(new Error("aborted"));
    await expect(done).rejects.toThrow("aborted");
  });
});
