// The stream the document leaves by: React 18's NUL bytes dropped, nothing after </html>.
import { PassThrough, Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createDocumentStream } from "~/utils/document-stream.server";

/** Pipes the chunks, as given, through a stream (the document's, or a plain one) and reads the bytes. */
async function through(chunks: Buffer[], stream = createDocumentStream()): Promise<Buffer> {
  const out: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve, reject) => stream.on("end", resolve).on("error", reject));
  Readable.from(chunks).pipe(stream);
  await done;
  return Buffer.concat(out);
}

/** A page of list items in French, shifted by `shift` bytes so that some « è » meets a 2,048-byte edge. */
function frenchPage(shift: number) {
  const items = Array.from({ length: 80 }, (_, index) => createElement("li", { key: index }, `Dervallières - Zola n° ${index}`));
  return createElement("main", null, createElement("p", null, "x".repeat(shift)), createElement("ul", null, items));
}

function renderStreamed(element: ReturnType<typeof frenchPage>, stream: PassThrough): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => out.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(out)));
    const { pipe } = renderToPipeableStream(element, {
      onAllReady: () => pipe(stream),
      onShellError: reject,
    });
  });
}

describe("the document stream", () => {
  it("drops the NUL bytes React 18 leaves where a two-byte character meets a buffer's end, and nothing else", async () => {
    let defects = 0;
    for (let shift = 0; shift < 45; shift += 1) {
      const raw = await renderStreamed(frenchPage(shift), new PassThrough());
      const fixed = await renderStreamed(frenchPage(shift), createDocumentStream());
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

  it("streams: what comes before the document's end is sent at once, not held back", async () => {
    const stream = createDocumentStream();
    const first = new Promise<Buffer>((resolve) => stream.once("data", resolve));
    stream.write(Buffer.from("<html><body><p>tout de suite</p>"));
    expect((await first).toString("utf8")).toBe("<html><body><p>tout de suite</p>");
    stream.end(Buffer.from("</body></html>"));
    await text(stream);
  });
});
