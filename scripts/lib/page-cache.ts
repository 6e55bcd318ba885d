// Public pages as anonymous visitors get them, kept a few seconds (« micro-caching », what a
// reverse proxy's cache would do, here because this server answers browsers itself). Under load
// most requests are anonymous views of the same pages — the home page, the map and its filters, the
// coverage and search APIs — and a page costs some 10 ms of CPU to render where sending it again
// costs well under one.
//
// What is kept, and for whom:
// - only GET requests that carry no cookie at all (a person signed in, or in the middle of a form
//   that set one, always gets a fresh page), on the pages PUBLIC_PAGES names;
// - only answers 200 that set no cookie and that no route marked private or `no-store`;
// - for PAGE_CACHE_SECONDS at the most, and only while the mark (`readMark`: the search outbox's
//   last row and last push — every change of what is published writes a row in its own
//   transaction, and the index has it once the row is marked done) has not moved: a publication, a
//   withdrawal or a moderation shows at once on the pages read from the database, and on those read
//   from the search index (lists, search, map) once the index has it. What leaves no such trace (an
//   interest expressed, the call's texts edited) shows to anonymous visitors at the latest
//   PAGE_CACHE_SECONDS later.
// - The CSP nonce differs for each answer: the kept page is cut where the first answer's nonce
//   stood and sent again with the new request's own.
// - To a client that takes gzip, a kept page goes compressed once: each piece between nonces is
//   deflated the first time it is asked for so (the pieces end on a sync flush, the last one
//   finishes the stream), and each answer is those pieces with the request's nonce between them as
//   stored (uncompressed) deflate blocks, behind a gzip header and before a trailer whose CRC-32 is
//   computed over the answer's bytes — one valid gzip stream, where compressing the page again for
//   each answer was a quarter of what a kept page cost. Bodies under 1 KB (not worth it), over
//   1 MB (deflated here, in the server's thread) or marked `no-transform` go as the compression
//   middleware sends them.
// - At the most MAX_BYTES (bodies, addresses and headers counted) and MAX_PAGES pages, the oldest
//   going first, pages past their time or their mark dropped as new ones come; addresses longer
//   than MAX_KEY are not kept: a crawler asking for every search, or for one address with ever
//   new queries, cannot grow the process.

import { promisify } from "node:util";
import zlib from "node:zlib";

const deflateRaw = promisify(zlib.deflateRaw);

/**
 * The largest body compressed in the server's own thread. Handing a page to zlib's threads costs
 * more than compressing it here (`npm run -s bench:deflate`, a structure's page of 17 KB in seven
 * pieces): 0.61 ms of CPU and 0.33 ms of this thread for its pieces sent there at once, 0.13 ms
 * of this thread alone to deflate them here one after the other (level 3); 0.20 against 0.07 ms
 * for the whole page gzipped. Each job sent there opens its own zlib state and wakes a thread, on
 * a machine whose cores are busy with the other requests. Past this size (a long list), the work
 * goes to zlib's threads, a piece at a time.
 */
export const DEFLATE_HERE_MAX_BYTES = 128 * 1024;

/** The pages kept: public, the same for every anonymous visitor (their `.data` form too). */
export const PUBLIC_PAGES: readonly RegExp[] = [
  /^\/(_root)?$/,
  /^\/(carte|recherche|annuaire|idees|quartiers|laureats|accessibilite|mentions-legales|confidentialite)$/,
  /^\/(organisations|idees|axes)\/[^/]+$/,
  /^\/api\/(search|coverage)$/,
];

/** What may be kept: text pages, their data, JSON. */
const KEPT_TYPES = /^(text\/html|application\/json|text\/x-script)\b/;

export const MAX_BYTES = 24 * 1024 * 1024;
export const MAX_PAGES = 5_000;
/** The longest address (path and query) kept: a real page's is far shorter. */
export const MAX_KEY = 1_024;
/** What a kept page costs besides its text: the entry, its headers' structures. */
const ENTRY_OVERHEAD = 512;

type Kept = {
  status: number;
  headers: [string, string][];
  /** The body cut where the nonce of the answer it comes from stood (UTF-8). */
  parts: Buffer[];
  /** The parts deflated (gzipPieces), once a client that takes gzip asked for the page. */
  gzipped?: Buffer[];
  /** Their deflation under way: the answers asking for them meanwhile wait for the same one. */
  gzipping?: Promise<Buffer[]>;
  /** Whether it is sent compressed from the cache: 1 KB to 1 MB, and not marked no-transform. */
  compressible: boolean;
  bytes: number;
  keptAt: number;
  mark: string;
};

export type PageCacheOptions = {
  maxAgeMs: number;
  /** Where the data stands: kept pages are sent only while it reads the same. */
  readMark: () => Promise<string>;
  maxBytes?: number;
  maxPages?: number;
  now?: () => number;
};

export type PageCache = ReturnType<typeof createPageCache>;

/** A gzip member's header: deflate, no name nor time, from an unknown system. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * Each part as raw deflate: all but the last end on a sync flush (no final block, the next
 * starts on a byte), the last one ends the stream.
 */
async function gzipPieces(parts: Buffer[]): Promise<Buffer[]> {
  const options = (index: number) => ({
    level: 3,
    finishFlush: index === parts.length - 1 ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
  });
  const here = parts.reduce((sum, part) => sum + part.length, 0) <= DEFLATE_HERE_MAX_BYTES;
  const pieces: Buffer[] = [];
  for (const [index, part] of parts.entries())
    pieces.push(here ? zlib.deflateRawSync(part, options(index)) : await deflateRaw(part, options(index)));
  return exactly(pieces);
}

/**
 * The buffers copied into one block of their exact size, as views of it. A small Buffer is often
 * a view of a larger block — zlib's 16 KB output, Node's 8 KB pool — which it keeps alive whole:
 * counted at their own length, 5,000 kept pages held several times what they counted.
 */
export function exactly(buffers: Buffer[]): Buffer[] {
  const block = Buffer.allocUnsafeSlow(buffers.reduce((sum, buffer) => sum + buffer.length, 0));
  let offset = 0;
  return buffers.map((buffer) => {
    buffer.copy(block, offset);
    offset += buffer.length;
    return block.subarray(offset - buffer.length, offset);
  });
}

/** The smallest and the largest kept body sent compressed from the cache (as the compression middleware, nothing under 1 KB). */
const GZIP_MIN_BYTES = 1024;
const GZIP_MAX_BYTES = 1024 * 1024;

/** `data` (under 64 KB: a nonce) as a stored deflate block, not the last, starting on a byte. */
function storedBlock(data: Buffer): Buffer {
  if (data.length > 0xffff) throw new RangeError("A stored deflate block holds 65,535 bytes at the most");
  const block = Buffer.alloc(5 + data.length);
  block.writeUInt16LE(data.length, 1);
  block.writeUInt16LE(~data.length & 0xffff, 3);
  data.copy(block, 5);
  return block;
}

/** One gzip stream of the parts with `nonce` between them, from their deflated pieces. */
export function gzipWithNonce(parts: Buffer[], pieces: Buffer[], nonce: string): Buffer {
  const between = Buffer.from(nonce);
  const stored = storedBlock(between);
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  parts.forEach((part, index) => {
    if (index > 0) {
      chunks.push(stored);
      crc = zlib.crc32(between, crc);
      size += between.length;
    }
    chunks.push(pieces[index]!);
    // Not for an empty part: an empty buffer zlib had deflated gave 0 here, not the CRC so far.
    if (part.length > 0) crc = zlib.crc32(part, crc);
    size += part.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  chunks.push(trailer);
  return Buffer.concat(chunks);
}

/** The path a pattern of PUBLIC_PAGES is matched against: without `.data` nor a trailing slash. */
function pageOf(pathname: string): string {
  const page = pathname.replace(/\.data$/, "").replace(/(.)\/$/, "$1");
  return page === "/_root" ? "/" : page;
}

export function createPageCache({
  maxAgeMs,
  readMark,
  maxBytes = MAX_BYTES,
  maxPages = MAX_PAGES,
  now = Date.now,
}: PageCacheOptions) {
  /** In the order they were kept (a page kept again goes last): the oldest first. */
  const kept = new Map<string, Kept>();
  /** Pages being rendered, per address and mark: requests for the same page at the same time wait for the one render. */
  const rendering = new Map<string, Promise<Kept | null>>();
  let bytes = 0;
  let markRead: Promise<string> | undefined;
  /** The mark the kept pages were rendered under: once it moves, none of them is sent again. */
  let keptMark: string | undefined;

  /** The mark, read once for the requests that ask for it at the same time. */
  const currentMark = () =>
    (markRead ??= readMark().finally(() => {
      markRead = undefined;
    }));

  const forget = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    bytes -= entry.bytes;
  };

  const keep = (key: string, entry: Kept) => {
    // Rendered before the mark moved: it may not show the change (nor replace a page that does).
    if (entry.mark !== keptMark) return;
    forget(key);
    if (entry.bytes > maxBytes / 8) return;
    kept.set(key, entry);
    bytes += entry.bytes;
    trim();
  };

  /** The oldest go while there are too many, too big, or past their time. */
  const trim = () => {
    for (const [oldest, { keptAt }] of kept) {
      if (bytes <= maxBytes && kept.size <= maxPages && now() - keptAt < maxAgeMs) break;
      forget(oldest);
    }
  };

  /** The entry's pieces deflated, kept on it and counted once (the answers asking meanwhile wait for them). */
  const deflateOnce = (key: string, entry: Kept) =>
    gzipPieces(entry.parts).then(
      (pieces) => {
        entry.gzipped = pieces;
        entry.gzipping = undefined;
        const added = pieces.reduce((sum, piece) => sum + piece.length, 0);
        entry.bytes += added;
        // Still kept (not dropped while it was rendered for others): it counts.
        if (kept.get(key) === entry) {
          bytes += added;
          trim();
        }
        return pieces;
      },
      (error: unknown) => {
        entry.gzipping = undefined;
        throw error;
      },
    );

  const answer = async (key: string, entry: Kept, nonce: string, gzip: boolean): Promise<Response> => {
    // Not compressible here: the compression middleware decides, on its own thread.
    if (!gzip || !entry.compressible) {
      const between = Buffer.from(nonce);
      const body = Buffer.concat(entry.parts.flatMap((part, index) => (index > 0 ? [between, part] : [part])));
      return new Response(body as Uint8Array<ArrayBuffer>, { status: entry.status, headers: entry.headers });
    }
    const gzipped = entry.gzipped ?? (await (entry.gzipping ??= deflateOnce(key, entry)));
    const body = gzipWithNonce(entry.parts, gzipped, nonce);
    const headers = new Headers(entry.headers);
    headers.set("Content-Encoding", "gzip");
    headers.set("Content-Length", String(body.length));
    const vary = headers.get("Vary");
    if (!vary || !/\baccept-encoding\b/i.test(vary)) headers.set("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    return new Response(body as Uint8Array<ArrayBuffer>, { status: entry.status, headers });
  };

  /** An answer that may be kept, read to its end; null (and the answer untouched) otherwise. */
  async function keepable(key: string, response: Response, nonce: string, mark: string): Promise<Kept | null> {
    const cacheControl = response.headers.get("Cache-Control") ?? "";
    if (
      response.status !== 200 ||
      response.headers.has("Set-Cookie") ||
      /\b(private|no-store)\b/i.test(cacheControl) ||
      !KEPT_TYPES.test(response.headers.get("Content-Type") ?? "")
    )
      return null;
    const text = await response.text();
    const headers = [...response.headers.entries()];
    const headerLength = headers.reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    const parts = exactly((nonce ? text.split(nonce) : [text]).map((part) => Buffer.from(part)));
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    return {
      status: response.status,
      headers,
      parts,
      compressible: length >= GZIP_MIN_BYTES && length <= GZIP_MAX_BYTES && !/\bno-transform\b/i.test(cacheControl),
      // The parts' bytes; the address and headers as strings of JavaScript, two bytes a character.
      bytes: length + 2 * (key.length + headerLength) + ENTRY_OVERHEAD,
      keptAt: now(),
      mark,
    };
  }

  return {
    /** Whether this request may be answered from, and its answer kept in, the cache. */
    accepts(method: string, cookieHeader: string | undefined, url: URL): boolean {
      if (maxAgeMs <= 0 || method !== "GET" || (cookieHeader ?? "").trim() !== "") return false;
      if (url.pathname.length + url.search.length > MAX_KEY) return false;
      const page = pageOf(url.pathname);
      return PUBLIC_PAGES.some((pattern) => pattern.test(page));
    },

    /**
     * The page at `url` for an anonymous visitor whose answer carries `nonce`: the kept one while it
     * is fresh, else `render()`'s — kept when it may be.
     */
    async respond(
      url: URL,
      nonce: string,
      render: () => Promise<Response>,
      { gzip = false }: { gzip?: boolean } = {},
    ): Promise<Response> {
      const key = `${url.pathname}${url.search}`;
      // The mark unread (the database busy or gone): the page as the route answers it.
      const mark = await currentMark().catch(() => null);
      if (mark === null) return render();
      if (mark !== keptMark) {
        // What is published changed: every kept page may show it.
        kept.clear();
        bytes = 0;
        keptMark = mark;
      }
      const entry = kept.get(key);
      if (entry && entry.mark === mark && now() - entry.keptAt < maxAgeMs) return answer(key, entry, nonce, gzip);
      // A render started under an older mark may not show the change: this request does not wait for it.
      const renderKey = `${mark}\n${key}`;
      const pending = rendering.get(renderKey);
      if (pending) {
        // The other render failed or could not be kept: this request renders its own.
        const shared = await pending.catch(() => null);
        if (shared) return answer(key, shared, nonce, gzip);
        return render();
      }
      let own: Response | undefined;
      const work = (async () => {
        own = await render();
        const fresh = await keepable(key, own, nonce, mark);
        if (fresh) keep(key, fresh);
        return fresh;
      })();
      rendering.set(renderKey, work);
      try {
        const fresh = await work;
        // The first answer goes as rendered, compressed on its way if at all: most kept pages are
        // never asked for again (one structure of thousands), and deflating them would be wasted.
        return fresh ? answer(key, fresh, nonce, false) : own!;
      } finally {
        rendering.delete(renderKey);
      }
    },

    /** Whether a page is kept for `url`, fresh as far as is known without reading the mark. */
    holds(url: URL): boolean {
      const entry = kept.get(`${url.pathname}${url.search}`);
      return entry !== undefined && entry.mark === keptMark && now() - entry.keptAt < maxAgeMs;
    },

    /** Figures for tests and the benchmark. */
    size: () => ({ pages: kept.size, bytes }),
  };
}
