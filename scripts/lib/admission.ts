// Requests served in their turn: a few at once (`slots`), the others waiting first come, first
// served. One Node process runs one request's JavaScript at a time; when every request that arrives
// starts at once, each one's work is cut into pieces (every database read, every await) that take
// turns with everybody else's, and a page with many pieces — a search, a structure's page — waits
// through the whole crowd's work many times over, while a page kept for visitors goes straight
// out. Under 20 clients that never pause, the heavy pages' 95th percentile was three to four times
// the light ones' (README « Load »). In their turn, each request waits about as long as any other:
// the time the requests before it take.
//
// - A form sent (not GET nor HEAD), or a page asked for by someone signed in (the session cookie),
//   goes before the anonymous visitors' pages still waiting: someone who just acted waits for the
//   answer to that, and those requests are few; a visitor's page waits `patienceMs` at the most
//   behind them.
// - A request whose client left while it waited is dropped from the line.
// - A turn ends when the answer is sent, or after `holdMs` (a large upload or download that goes at
//   its client's pace keeps going, no longer counted): no slow client holds the others up for long.
// - A request that has to wait may start meanwhile what needs no turn (`whileWaiting`): a search
//   asked of Meilisearch, which works on the other core while the request waits.
import type express from "express";
import { carriesSessionCookie } from "../../app/utils/session.server";

export type AdmissionOptions = {
  /** Requests served at once. */
  slots: number;
  /** The longest a visitor's page waits behind forms and signed-in people's pages before it goes first. */
  patienceMs?: number;
  /** The longest one request counts as served. */
  holdMs?: number;
  /** Called for a request that has to wait its turn, as it starts waiting. */
  whileWaiting?: (req: express.Request, res: express.Response) => void;
  now?: () => number;
};

type Waiting = { start: () => void; since: number; gone: boolean };

/** Whether the request goes ahead of visitors' pages: a form sent, or someone signed in. */
export function goesFirst(method: string, cookieHeader: string | undefined): boolean {
  if (method !== "GET" && method !== "HEAD") return true;
  return carriesSessionCookie(cookieHeader);
}

export function createAdmission({ slots, patienceMs = 500, holdMs = 1_000, whileWaiting, now = Date.now }: AdmissionOptions) {
  let served = 0;
  const first: Waiting[] = [];
  const rest: Waiting[] = [];

  const nextWaiting = (): Waiting | undefined => {
    const patient = rest[0];
    if (patient && (first.length === 0 || now() - patient.since >= patienceMs)) return rest.shift();
    return first.shift() ?? rest.shift();
  };

  const admit = () => {
    while (served < slots) {
      const waiting = nextWaiting();
      if (!waiting) return;
      if (waiting.gone) continue;
      served += 1;
      waiting.start();
    }
  };

  const handler: express.RequestHandler = (req, res, next) => {
    let ended = false;
    let timer: NodeJS.Timeout | undefined;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      served -= 1;
      admit();
    };
    const waiting: Waiting = {
      since: now(),
      gone: false,
      start: () => {
        res.off("close", leave);
        res.once("finish", end).once("close", end);
        timer = setTimeout(end, holdMs);
        next();
      },
    };
    // Gone while waiting: its turn goes to the next one.
    const leave = () => (waiting.gone = true);
    res.once("close", leave);
    if (served >= slots) whileWaiting?.(req, res);
    (goesFirst(req.method, req.get("Cookie")) ? first : rest).push(waiting);
    admit();
  };

  return Object.assign(handler, {
    /** Figures for tests: requests being served, and waiting. */
    state: () => ({ served, waiting: first.length + rest.length }),
  });
}
