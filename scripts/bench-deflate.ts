// `npm run -s bench:deflate [-- URL]`: what compressing one page costs, the ways the server could
// do it — a kept page's pieces (cut at each nonce, scripts/lib/page-cache.ts) deflated in the
// server's thread one after the other, or sent to zlib's threads at once; a whole page gzipped
// here or there (sendWhole, scripts/lib/remix-handler.ts). Prints, for each, the CPU of the whole
// process per page (zlib's threads included) and that of the server's own thread (the event loop
// busy), as JSON lines. URL is a page of a running site (default: http://localhost:3000/).
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import zlib from "node:zlib";

const url = process.argv[2] ?? "http://localhost:3000/";
const response = await fetch(url).catch((error: Error) => {
  console.error(`${url}: ${error.message} (start the site first: npm start)`);
  process.exit(2);
});
const html = await response.text();
const nonce = /nonce="([^"]+)"/.exec(html)?.[1];
const parts = (nonce ? html.split(nonce) : [html]).map((part) => Buffer.from(part));
const whole = Buffer.from(html);
const flush = (index: number) => (index === parts.length - 1 ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH);
const deflateRaw = promisify(zlib.deflateRaw);
const gzip = promisify(zlib.gzip);

const ways: Record<string, () => Buffer | Buffer[] | Promise<Buffer | Buffer[]>> = {
  "pieces here, one after the other (level 6)": () =>
    parts.map((part, index) => zlib.deflateRawSync(part, { level: 6, finishFlush: flush(index) })),
  "pieces here, one after the other (level 3)": () =>
    parts.map((part, index) => zlib.deflateRawSync(part, { level: 3, finishFlush: flush(index) })),
  "pieces on zlib's threads, at once (level 6)": () =>
    Promise.all(parts.map((part, index) => deflateRaw(part, { level: 6, finishFlush: flush(index) }))),
  "pieces on zlib's threads, one after the other (level 6)": async () => {
    const pieces: Buffer[] = [];
    for (const [index, part] of parts.entries()) pieces.push(await deflateRaw(part, { level: 6, finishFlush: flush(index) }));
    return pieces;
  },
  "whole page here (gzip level 3)": () => zlib.gzipSync(whole, { level: 3 }),
  "whole page on zlib's thread (gzip level 3)": () => gzip(whole, { level: 3 }),
};

const ROUNDS = 2000;
for (const [way, run] of Object.entries(ways)) {
  for (let index = 0; index < 200; index += 1) await run(); // V8 and the allocator settle first.
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  let bytes = 0;
  for (let index = 0; index < ROUNDS; index += 1) {
    const out = await run();
    bytes = (Array.isArray(out) ? out : [out]).reduce((sum, buffer) => sum + buffer.length, 0);
  }
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(loop);
  console.log(
    JSON.stringify({
      way,
      page: url,
      bytes: whole.length,
      pieces: parts.length,
      compressed: bytes,
      cpuMsPerPage: Number(((used.user + used.system) / 1000 / ROUNDS).toFixed(3)),
      serverThreadMsPerPage: Number((busy.active / ROUNDS).toFixed(3)),
    }),
  );
}
