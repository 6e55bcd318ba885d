// The Meilisearch client. Node 20's built-in fetch (the client's default) adds ~45 ms to every
// request here, where node:http with a keep-alive agent takes ~1.5 ms, so the client talks over
// node:http. This module never imports app/: it is handed its configuration.
import http from "node:http";
import https from "node:https";
import { Meilisearch, MeilisearchApiError } from "meilisearch";

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

type RequestResult = { status: number; body: string };

function send(url: URL, init: RequestInit, timeoutMs: number): Promise<RequestResult> {
  const transport = url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const body = typeof init.body === "string" ? init.body : undefined;
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: init.method ?? "GET",
        headers,
        agent: url.protocol === "https:" ? httpsAgent : httpAgent,
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`Meilisearch did not answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

export type MeiliConfig = { url: string; apiKey?: string; timeoutMs?: number };

export function createMeiliClient({ url, apiKey, timeoutMs = 5000 }: MeiliConfig): Meilisearch {
  return new Meilisearch({
    host: url,
    apiKey,
    httpClient: async (input, init) => {
      const target = input instanceof URL ? input : new URL(typeof input === "string" ? input : input.url);
      const { status, body } = await send(target, init ?? {}, timeoutMs);
      const parsed: unknown = body === "" ? undefined : JSON.parse(body);
      if (status < 200 || status >= 300) {
        throw new MeilisearchApiError(
          new Response(body || null, { status }),
          parsed as ConstructorParameters<typeof MeilisearchApiError>[1],
        );
      }
      return parsed;
    },
  });
}

/** True when the server answers /health with "available" in time. */
export async function isMeiliAvailable(client: Meilisearch): Promise<boolean> {
  try {
    const health = await client.health();
    return health.status === "available";
  } catch {
    return false;
  }
}
