// Remix behind Express (in place of @remix-run/express), with what a request must pass before a
// route reads it: a URL on this site's own origin whatever Host says, a form type, a form sent from
// this site, and a body within its limit, counted as it arrives (so chunked encoding cannot skip
// it) and never held beyond it.
import { Readable, type Writable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import compression from "compression";
import { createRequestHandler as createRemixRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";
import { REGISTER_UPLOAD_MAX_BYTES, REGISTER_UPLOAD_PATH } from "../../app/domain/registers/upload";
import { carriesSessionCookie } from "../../app/utils/session.server";
import { DOCUMENT_MAX_BYTES, LOGO_MAX_BYTES } from "../../app/utils/uploads.server";
import { DEFLATE_HERE_MAX_BYTES, type PageCache } from "./page-cache";

const gzip = promisify(zlib.gzip);

/** A form's text: the longest form at its fields' limits, in French percent-encoded, fits well. */
export const FORM_MAX_BYTES = 100 * 1024;
/** A multipart form carries the largest upload (a 5 MB PDF) and the form's other fields. */
export const MULTIPART_MAX_BYTES = DOCUMENT_MAX_BYTES + FORM_MAX_BYTES;

/**
 * Pages that take a file far larger than the others (a register file of several hundred MB; with
 * JavaScript, Remix posts to the page's path + `.data`): the
 * body goes to the route as a stream, counted as it arrives and cut past the page's own limit,
 * never held in memory (the route writes it to disk as it reads it).
 */
export const STREAMED_UPLOADS: Record<string, number> = { [REGISTER_UPLOAD_PATH]: REGISTER_UPLOAD_MAX_BYTES };

/**
 * The pages whose forms carry a file (a logo, a PDF, a population table): only they take a
 * multipart body up to MULTIPART_MAX_BYTES. Any other page gets a form's limit whatever its
 * encoding — a 5 MB « e-mail » sent as multipart to /connexion came back twice in a 10 MB page.
 */
const UPLOAD_PAGES = [
  /^\/espace\/organisations\/[^/]+$/,
  /^\/groupements\/[^/]+$/,
  /^\/organisations\/[^/]+\/revendiquer$/,
  /^\/ccas\/population$/,
];

/** Whether this page takes files in a body of this type (path without `.data` nor trailing slash). */
function takesUploads(type: string, page: string): boolean {
  return type === "multipart/form-data" && UPLOAD_PAGES.some((pattern) => pattern.test(page));
}

/** The body limit of a request of this type on this page (path without `.data` nor trailing slash). */
export function bodyLimit(type: string, page: string): number {
  return takesUploads(type, page) ? MULTIPART_MAX_BYTES : FORM_MAX_BYTES;
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

type Refusal = { status: number; title: string; message: string };

const REFUSALS = {
  badUrl: { status: 400, title: "Adresse invalide", message: "Cette adresse de page n'est pas valide." },
  crossSite: {
    status: 403,
    title: "Envoi refusé",
    message:
      "Ce formulaire a été envoyé depuis un autre site : il n'a pas été pris en compte. Pour agir sur Coopérons, utilisez ses propres pages.",
  },
  notAForm: {
    status: 415,
    title: "Envoi non pris en charge",
    message: "Coopérons n'accepte que les formulaires de ses pages : ce type d'envoi n'est pas pris en charge.",
  },
  tooLarge: {
    status: 413,
    title: "Envoi trop volumineux",
    message: `La requête est trop volumineuse : un formulaire peut contenir ${FORM_MAX_BYTES / 1024} Ko de texte, un document ${DOCUMENT_MAX_BYTES / 1024 / 1024} Mo et un logo ${LOGO_MAX_BYTES / 1024 / 1024} Mo. Raccourcissez le texte ou choisissez un fichier plus léger.`,
  },
  registerTooLarge: {
    status: 413,
    title: "Fichier trop volumineux",
    message: `Le fichier dépasse ${REGISTER_UPLOAD_MAX_BYTES / 1024 / 1024 / 1024} Go : importez-le sur le serveur avec la commande npm run -s import:rna ou import:sirene.`,
  },
  unreadable: {
    status: 400,
    title: "Formulaire illisible",
    message: "Le formulaire envoyé est illisible. Rechargez la page et envoyez-le de nouveau.",
  },
} satisfies Record<string, Refusal>;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** A refused form: back to the page it was sent from (its own address, read again with GET). */
function backLink(req: express.Request | undefined): string {
  if (!req || req.method === "GET" || !req.path.startsWith("/") || req.path.startsWith("//")) {
    return `<a href="/">Revenir à l'accueil de Coopérons</a>`;
  }
  const href = req.path.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
  return `<a href="${href}">Revenir au formulaire</a> · <a href="/">Accueil de Coopérons</a>`;
}

function refuse(res: express.Response, { status, title, message }: Refusal, req?: express.Request) {
  res
    .status(status)
    .set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" })
    .send(
      `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Coopérons</title><style>body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;line-height:1.5;color:#1e1e1e}main{max-width:40rem;margin:0 auto}a{color:#000091}</style></head>` +
        `<body><main><h1>${title}</h1><p>${message}</p><p>${backLink(req)}</p></main></body></html>`,
    );
}

/**
 * The URL a route sees: this site's origin and the request's path. The Host header is the sender's
 * to choose, so nothing in the app can build a link to another site from it.
 */
export function requestUrl(req: express.Request, origin: string): URL | null {
  // An absolute-form target (`GET http://other.example/x`) keeps its path only.
  const target = req.originalUrl.startsWith("/")
    ? req.originalUrl
    : URL.canParse(req.originalUrl)
      ? new URL(req.originalUrl)
      : null;
  if (target === null) return null;
  const path = typeof target === "string" ? target : `${target.pathname}${target.search}`;
  return URL.canParse(`${origin}${path}`) ? new URL(`${origin}${path}`) : null;
}

/**
 * A form sent by a page of another site: the browser says so (Sec-Fetch-Site), or its Origin is
 * neither this site's configured origin nor the one the request came to. No Origin at all (curl,
 * older browsers) passes: the session cookie is SameSite=Lax, so another site's post carries none.
 */
function isCrossSite(req: express.Request, origin: string): boolean {
  if (req.get("Sec-Fetch-Site") === "cross-site") return true;
  const sender = req.get("Origin");
  if (sender === undefined) return false;
  return sender !== origin && sender !== `${req.protocol}://${req.get("Host") ?? ""}`;
}

/** Reads a body up to `limit` bytes: "too-large" as soon as it is longer, leaving the rest unread. */
function readBody(req: express.Request, limit: number): Promise<Buffer<ArrayBuffer> | "too-large" | "aborted"> {
  if (Number(req.get("Content-Length") ?? 0) > limit) return Promise.resolve("too-large");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer<ArrayBuffer> | "too-large" | "aborted") => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish("too-large");
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    const onAbort = () => finish("aborted");
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}

/** The body as a stream the route reads at its pace; it fails once more than `limit` bytes came. */
function streamBody(req: express.Request, limit: number): ReadableStream<Uint8Array> {
  let size = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > limit) controller.error(new Error("Request body too large"));
      else controller.enqueue(chunk);
    },
  });
  return (Readable.toWeb(req) as ReadableStream<Uint8Array>).pipeThrough(counted);
}

/**
 * Reads and drops what is left of a refused body: a client still sending then reads the answer
 * rather than a reset connection. Past the largest body the site takes, the connection is cut.
 */
function discardRest(req: express.Request, max = MULTIPART_MAX_BYTES) {
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > max) req.socket.destroy();
  });
  req.resume();
}

/** What is read and dropped of a file too large for a page that takes files, while it answers. */
const UPLOAD_DISCARD_MAX_BYTES = 64 * 1024 * 1024;

/**
 * A response that depends on who asks (the request carries a session, or the response opens or
 * ends one) is kept by no cache, shared or not; a route may still mark a response the same for
 * everyone (`public`: a published logo).
 */
export function applyPrivateCaching(req: express.Request, headers: Headers) {
  const carriesSession = carriesSessionCookie(req.get("Cookie"));
  const setsCookie = headers.has("Set-Cookie");
  if (!carriesSession && !setsCookie) return;
  if (!setsCookie && /\bpublic\b/i.test(headers.get("Cache-Control") ?? "")) return;
  headers.set("Cache-Control", "private, no-store");
}

/** What a page's body may hold back in one piece before it goes out as it comes (see writeBody). */
export const WHOLE_BODY_MAX_BYTES = 256 * 1024;

/**
 * Writes a response's body as the client takes it: after a write the socket's buffer cannot hold,
 * the next chunk is read only once it drained. (Remix's writeReadableStreamToWritable reads on
 * regardless, so a slow client of a streamed export made the server hold the whole file.) A client
 * gone cancels the body, which stops whatever produces it.
 *
 * With `whole`, a body that comes whole in one burst (a page: React renders it at once) is held
 * and given to `whole` as one buffer, which sends it in one piece; one that pauses, or grows past
 * WHOLE_BODY_MAX_BYTES, goes out as it comes from then on.
 */
export async function writeBody(
  body: ReadableStream<Uint8Array>,
  writable: Writable & { flush?: () => void },
  whole?: (body: Buffer) => void | Promise<void>,
) {
  const reader = body.getReader();
  // True once the buffer drained, false when the client is gone (closed, or failed and closed).
  const drained = () =>
    new Promise<boolean>((resolve) => {
      const settle = (value: boolean) => () => {
        writable.off("drain", onDrain).off("close", onClose);
        resolve(value);
      };
      const onDrain = settle(true);
      const onClose = settle(false);
      writable.on("drain", onDrain).on("close", onClose);
    });
  let held: Buffer[] | null = whole ? [] : null;
  let heldBytes = 0;
  // The socket's buffer is full: the next chunk waits until it drained.
  let full = false;
  const write = (chunk: Uint8Array) => {
    if (!writable.write(chunk)) full = true;
  };
  const release = () => {
    if (!held) return;
    const chunks = held;
    held = null;
    if (chunks.length) write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  };
  // The compression middleware holds data until flushed: what was written goes out once the body
  // pauses (a streamed part still to come), not after each chunk — a page's chunks come in one
  // burst, and each flush ends a compressed block (zlib's work, and a write to the socket).
  let flushing: NodeJS.Immediate | undefined;
  const flushSoon = () => {
    if (flushing || (!held && !writable.flush)) return;
    flushing = setImmediate(() => {
      flushing = undefined;
      if (writable.destroyed || writable.writableEnded) return;
      release();
      writable.flush?.();
    });
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        clearImmediate(flushing);
        if (held && whole) await whole(held.length === 1 ? held[0]! : Buffer.concat(held));
        else writable.end();
        return;
      }
      if (writable.destroyed) {
        await reader.cancel();
        return;
      }
      if (held) {
        held.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        heldBytes += value.byteLength;
        if (heldBytes > WHOLE_BODY_MAX_BYTES) release();
      } else write(value);
      flushSoon();
      if (full) {
        full = false;
        if (!writable.destroyed && !(await drained())) {
          await reader.cancel();
          return;
        }
      }
    }
  } catch (error) {
    writable.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    clearImmediate(flushing);
  }
}

/**
 * A whole body in one piece: compressed at once (zlib's level 3; here up to DEFLATE_HERE_MAX_BYTES,
 * which costs less than handing it to zlib's thread — page-cache.ts — there past it) and written with
 * its length — one write to the socket, where the compression middleware, fed as it comes, wrote
 * the gzip header, each flushed block and the end apart. What the middleware would not compress
 * (a small or incompressible body, a client that takes no gzip, `no-transform`) goes to it whole.
 */
export function sendWhole(req: express.Request, res: express.Response, body: Buffer): Promise<void> | void {
  if (
    body.length < 1024 ||
    res.headersSent ||
    !takesGzip(req) ||
    res.hasHeader("Content-Encoding") ||
    /\bno-transform\b/i.test(String(res.getHeader("Cache-Control") ?? "")) ||
    !compression.filter(req, res)
  ) {
    // Sent as it is, with its length (the middleware, writing and ending apart, sent it chunked).
    if (!res.headersSent && !res.hasHeader("Content-Length")) res.setHeader("Content-Length", body.length);
    res.end(body);
    return;
  }
  const send = (compressed: Buffer) => {
    if (res.destroyed) return;
    // The middleware sees it encoded and leaves it, after adding `Vary: Accept-Encoding`.
    res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", compressed.length);
    res.end(compressed);
  };
  if (body.length <= DEFLATE_HERE_MAX_BYTES) return send(zlib.gzipSync(body, { level: 3 }));
  return gzip(body, { level: 3 }).then(send, (error: unknown) => {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  });
}

async function sendResponse(req: express.Request, res: express.Response, response: Response) {
  const headers = new Headers(response.headers);
  applyPrivateCaching(req, headers);
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of headers.entries()) res.append(key, value);
  if (response.body) await writeBody(response.body, res, (whole) => sendWhole(req, res, whole));
  else res.end();
}

/** Whether the client said it takes gzip (a page kept compressed is sent so: page-cache.ts). */
export function takesGzip(req: express.Request): boolean {
  return Boolean(req.get("Accept-Encoding")) && req.acceptsEncodings("gzip") === "gzip";
}

export function createRequestHandler({
  getBuild,
  mode,
  origin,
  getLoadContext,
  pageCache,
}: {
  getBuild: () => ServerBuild;
  mode: string;
  /** This site's origin (see siteOrigin in app/utils/url.server.ts). */
  origin: string;
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext;
  /** Public pages kept for anonymous visitors (page-cache.ts); none when absent. */
  pageCache?: PageCache;
}): express.RequestHandler {
  // Remix prepares a handler per build: one for as long as the build stays the same.
  let prepared: { build: ServerBuild; handle: ReturnType<typeof createRemixRequestHandler> } | undefined;
  const handlerOf = (build: ServerBuild) => {
    if (prepared?.build !== build) prepared = { build, handle: createRemixRequestHandler(build, mode) };
    return prepared.handle;
  };
  return async (req, res, next) => {
    try {
      const url = requestUrl(req, origin);
      if (!url) return refuse(res, REFUSALS.badUrl);
      // Remix's data requests of before single fetch (`?_data=route`): no page of this site makes
      // them, and Remix wrote a warning with its stack trace to the log for each one — anyone could
      // fill the log. Without it, the address is the page's, as with any parameter it does not read.
      if (url.searchParams.has("_data")) url.searchParams.delete("_data");
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      let body: Buffer<ArrayBuffer> | ReadableStream<Uint8Array> | undefined;
      let streamed = false;
      let tooLarge = false;
      if (hasBody) {
        if (isCrossSite(req, origin)) return refuse(res, REFUSALS.crossSite, req);
        const type = (req.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
        if (!FORM_TYPES.includes(type)) return refuse(res, REFUSALS.notAForm, req);
        const streamedLimit =
          type === "multipart/form-data" ? STREAMED_UPLOADS[url.pathname.replace(/\.data$|\/$/, "")] : undefined;
        if (streamedLimit !== undefined) {
          if (Number(req.get("Content-Length") ?? 0) > streamedLimit) {
            refuse(res, REFUSALS.registerTooLarge, req);
            return discardRest(req);
          }
          body = streamBody(req, streamedLimit);
          streamed = true;
        }
      }
      if (hasBody && !streamed) {
        const type = (req.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
        const page = url.pathname.replace(/\.data$|\/$/, "");
        const read = await readBody(req, bodyLimit(type, page));
        if (read === "aborted") return;
        if (read === "too-large" && takesUploads(type, page)) {
          // A file too large for a page that takes files (a scanned PDF of 6 MB): the page answers
          // it, beside the upload, in its own words (its action reads the declared length first and
          // never the body). The rest is read and dropped as the page renders.
          discardRest(req, UPLOAD_DISCARD_MAX_BYTES);
          tooLarge = true;
        } else if (read === "too-large") {
          refuse(res, REFUSALS.tooLarge, req);
          return discardRest(req);
        } else body = read;
        if (type === "multipart/form-data" && body) {
          // A route would fail on a broken multipart body with a 500: check it parses first.
          const readable = await new Request(url, { method: "POST", headers: { "Content-Type": req.get("Content-Type")! }, body })
            .formData()
            .then(
              () => true,
              () => false,
            );
          if (!readable) return refuse(res, REFUSALS.unreadable, req);
        }
      }

      const controller = new AbortController();
      let answered = false;
      res.on("finish", () => (answered = true));
      res.on("close", () => answered || controller.abort());
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(key, item);
      }
      // A form's Origin was checked above (isCrossSite): this site's, or the address it came to.
      // Remix checks it again against Host (or X-Forwarded-Host) and throws — a 500 — where a
      // proxy passed another Host: the host the Request names is the one already accepted.
      const sender = req.get("Origin");
      if (hasBody && sender !== undefined && URL.canParse(sender)) {
        headers.set("host", new URL(sender).host);
        headers.delete("x-forwarded-host");
      }
      if (tooLarge) {
        // What the route reads: a length over the page's limit (a chunked body declared none), no body.
        headers.delete("transfer-encoding");
        if (!(Number(headers.get("content-length")) > MULTIPART_MAX_BYTES))
          headers.set("content-length", String(MULTIPART_MAX_BYTES + 1));
        body = Buffer.alloc(0);
      }
      // A streamed body needs `duplex: "half"` (undici's RequestInit has it; the DOM's type does not).
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, body, signal: controller.signal };
      if (streamed) init.duplex = "half";
      const context = getLoadContext(req, res);
      // The Request is built only when the route renders: a page kept for a visitor needs none.
      const render = () => handlerOf(getBuild())(new Request(url, init), context);
      const response =
        pageCache && !hasBody && pageCache.accepts(req.method, req.get("Cookie"), url)
          ? await pageCache.respond(url, typeof context.cspNonce === "string" ? context.cspNonce : "", render, {
              gzip: takesGzip(req),
            })
          : await render();
      await sendResponse(req, res, response);
      // A route that answered without reading the whole stream (a log-in redirect): drop the rest.
      if (streamed && !req.complete) discardRest(req);
    } catch (error) {
      next(error);
    }
  };
}
