import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { answersRefusedForm, RefusedFormContext } from "~/components/page-meta";
import { warmSuggestions } from "~/models/recommendation.server";
import { getDb } from "~/utils/db.server";
import { collectDocument } from "~/utils/document-stream.server";
import { NonceContext } from "~/utils/nonce";

export const streamTimeout = 5_000;

/** For the server (scripts/lib/server.ts): the search a waiting request will make, started at once. */
export { searchAheadFor } from "~/utils/search-ahead.server";

// The server has just loaded this build: the partner suggestions' projection is read now, in the
// background, rather than by the first request that needs it. A failure here is met again, and
// shown, by that request.
setTimeout(() => void warmSuggestions(getDb()).catch(() => undefined), 0).unref();

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  // Every page gets its whole document at once: no loader defers data, so the only content that
  // comes after the shell is the loader data's inline scripts, a few microseconds later. React
  // writes it into a buffer (collectDocument), sent in one piece (writeBody in remix-handler.ts).
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // The render is given up after streamTimeout (and a second): the timer goes once the whole
    // document is rendered. Left running, each page's timer held its render for six seconds (under
    // load, hundreds of them, carried into the old generation of the heap) and then aborted a
    // render already done.
    // React starts rendering on the next turn: the callbacks below never run before `timer` is set.
    const finish = () => clearTimeout(timer);
    const send = () => {
      shellRendered = true;
      // Never sends a NUL byte, nor anything after </html>: see finishDocument.
      const { writable, done } = collectDocument();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      done.then(
        (document) =>
          resolve(new Response(document as Uint8Array<ArrayBuffer>, { headers: responseHeaders, status: responseStatusCode })),
        reject,
      );
      pipe(writable);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RefusedFormContext.Provider value={answersRefusedForm(request.method, responseStatusCode)}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </RefusedFormContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          send();
          finish();
        },
        onShellError(error: unknown) {
          finish();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}
