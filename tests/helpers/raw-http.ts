// One HTTP request as any client may send it, for the tests of what the server accepts: any Host or
// Cookie header, any Content-Type, and a body sent in chunks (no Content-Length) when asked.
import http from "node:http";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string; body: Buffer };

export type RawRequest = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Sent with Transfer-Encoding: chunked; sending stops once the server has answered. */
  chunks?: Iterable<Uint8Array>;
};

export function rawRequest(base: string, path: string, { method = "GET", headers = {}, body, chunks }: RawRequest = {}) {
  const url = new URL(base);
  return new Promise<RawResponse>((resolve, reject) => {
    let answered = false;
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method,
        headers: chunks ? { ...headers, "Transfer-Encoding": "chunked" } : headers,
      },
      (response) => {
        answered = true;
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(parts).toString("utf8"),
            body: Buffer.concat(parts),
          }),
        );
        response.on("error", reject);
      },
    );
    // Once answered, a server that stops reading may reset the connection under the rest.
    request.on("error", (error) => answered || reject(error));
    if (!chunks) {
      request.end(body);
      return;
    }
    void (async () => {
      for (const chunk of chunks) {
        if (answered || request.destroyed) break;
        if (!request.write(chunk)) {
          await new Promise<void>((next) => {
            const go = () => {
              request.off("drain", go).off("close", go);
              next();
            };
            request.on("drain", go).on("close", go);
          });
        }
      }
      if (!request.destroyed) request.end();
    })();
  });
}

/** `size` bytes of `bytes`, repeated, in pieces of 64 KB. */
export function* piecesOf(bytes: Uint8Array, size = bytes.length, piece = 64 * 1024): Generator<Uint8Array> {
  for (let offset = 0; offset < size; offset += piece) {
    const length = Math.min(piece, size - offset);
    const out = new Uint8Array(length);
    for (let index = 0; index < length; index += 1) out[index] = bytes[(offset + index) % bytes.length]!;
    yield out;
  }
}

/** A multipart body as a browser sends it, with its Content-Type. */
export async function multipart(fields: Record<string, string | File>): Promise<{ type: string; bytes: Uint8Array }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { type: request.headers.get("Content-Type")!, bytes: new Uint8Array(await request.arrayBuffer()) };
}
