// A page goes to the socket in one piece: rendered whole, compressed at once, sent with its length
// (writeBody and sendWhole in scripts/lib/remix-handler.ts) — where the compression middleware, fed
// as the render came, wrote the gzip header, the shell and the tail apart. A body that pauses or
// grows large still goes out as it comes, so an export is never held in memory.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFLATE_HERE_MAX_BYTES } from "../../scripts/lib/page-cache";
import { sendWhole, WHOLE_BODY_MAX_BYTES, writeBody } from "../../scripts/lib/remix-handler";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { rawRequest } from "../helpers/raw-http";

/** A writable that records each write, as the response would get them. */
function recorder() {
  const writes: Buffer[] = [];
  let ended = false;
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk);
      callback();
    },
    final(callback) {
      ended = true;
      callback();
    },
  });
  return { writable, writes, ended: () => ended };
}

/** A body of these chunks; `pauseAfter` waits a few milliseconds after that chunk (a streamed part). */
function body(chunks: string[], pauseAfter?: number): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index === chunks.length) return controller.close();
      if (index === pauseAfter! + 1) await new Promise((resolve) => setTimeout(resolve, 20));
      controller.enqueue(Buffer.from(chunks[index]!));
      index += 1;
    },
  });
}

describe("writeBody", () => {
  it("gives a body that comes in one burst to `whole`, in one buffer, and writes nothing itself", async () => {
    const { writable, writes, ended } = recorder();
    const wholes: string[] = [];
    await writeBody(body(["<html>", "le milieu", "</html>"]), writable, (whole) => {
      wholes.push(whole.toString());
    });
    expect(wholes).toEqual(["<html>le milieu</html>"]);
    expect(writes).toEqual([]);
    expect(ended()).toBe(false);
  });

  it("writes a body that pauses as it comes, and never calls `whole`", async () => {
    const { writable, writes, ended } = recorder();
    let called = false;
    await writeBody(body(["la tête", " puis", " la suite"], 0), writable, () => {
      called = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(called).toBe(false);
    expect(Buffer.concat(writes).toString()).toBe("la tête puis la suite");
    expect(ended()).toBe(true);
  });

  it("writes a body that grows past its bound as it comes, without waiting for its end", async () => {
    const { writable, writes, ended } = recorder();
    let called = false;
    const piece = "x".repeat(64 * 1024);
    const count = Math.ceil(WHOLE_BODY_MAX_BYTES / piece.length) + 2;
    await writeBody(body(Array.from({ length: count }, () => piece)), writable, () => {
      called = true;
    });
    expect(called).toBe(false);
    expect(Buffer.concat(writes).length).toBe(count * piece.length);
    expect(ended()).toBe(true);
  });
});

describe("a page through the real site", () => {
  let site: AppServer;
  beforeAll(async () => {
    site = await startAppServer();
  });
  afterAll(async () => {
    await site?.stop();
  });

  it("goes to a client that takes gzip compressed whole, with its length", async () => {
    const response = await rawRequest(site.url, "/", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(response.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(response.headers["content-length"])).toBe(response.body.length);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    const page = zlib.gunzipSync(response.body).toString("utf8");
    expect(page).toMatch(/^<!DOCTYPE html>/i);
    expect(page).toMatch(/<\/body><\/html>$/);
    // The loader data's scripts, which came after the shell, are in it, with the page's nonce.
    const nonce = /'nonce-([^']+)'/.exec(String(response.headers["content-security-policy"]))![1];
    expect(page).toContain(`<script nonce="${nonce}">window.__remixContext.streamController.close();</script>`);
  });

  it("goes whole to a client that takes no compression, the same page, with its length", async () => {
    const response = await rawRequest(site.url, "/");
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(response.headers["content-length"])).toBe(response.body.length);
    expect(response.text).toMatch(/^<!DOCTYPE html>/i);
    expect(response.text).toContain("streamController.close()");
    expect(response.text).toMatch(/<\/body><\/html>$/);
  });
});

describe("sendWhole", () => {
  // Compressed in the server's thread up to DEFLATE_HERE_MAX_BYTES, on zlib's past it: the same answer.
  it.each([
    ["compressed here", 20_000],
    ["compressed on zlib's thread", DEFLATE_HERE_MAX_BYTES + 50_000],
  ])("sends a whole body gzipped with its length, or as it is to a client that takes no gzip (%s)", async (_way, size) => {
    const text = Array.from({ length: size / 10 }, (_, index) => String(index).padStart(10, "·")).join("");
    const page = Buffer.from(text);
    const app = express();
    app.get("/page", (req, res) => {
      res.type("html");
      return sendWhole(req, res, page);
    });
    const server: http.Server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const gzipped = await rawRequest(url, "/page", { headers: { "Accept-Encoding": "gzip" } });
      expect(gzipped.headers["content-encoding"]).toBe("gzip");
      expect(Number(gzipped.headers["content-length"])).toBe(gzipped.body.length);
      expect(gzipped.body.length).toBeLessThan(page.length / 2);
      expect(zlib.gunzipSync(gzipped.body).equals(page)).toBe(true);
      const plain = await rawRequest(url, "/page");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(Number(plain.headers["content-length"])).toBe(page.length);
      expect(plain.body.equals(page)).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
