// A form sent without JavaScript that succeeds is followed by its page asked for again (303 See
// Other), not answered in place: answered in place, the address stayed the form's (`?index`) and a
// reload sent the form again. What the answer said (« Budget enregistré. ») goes along in a cookie
// of that page's path, kept a minute at the most, read and cleared by the page's loader
// (`withFlash`). It is signed with the page's path, the session it was made for and the time it
// expires: planted in another browser, shown on another page or later, it says nothing. With JavaScript, Remix's
// own requests get the answer as before. (The CCAS's review page says what was done in its address,
// `?fait=`, from a few fixed sentences; these pages' notices name structures and amounts.)
import { data, redirect } from "@remix-run/node";
import { getEnv } from "./env.server";
import { sessionIdOf } from "./session.server";
import { signToken, verifyToken } from "./signed-tokens.server";

const FLASH_COOKIE = "cooperons_notice";
const FLASH_SECONDS = 60;
const PURPOSE = "flash";
/** A notice names a structure or two: some 400 characters, 600 bytes once signed; a cookie holds 4 KB. */
const MAX_TOKEN = 3_000;

export type Flash = {
  intent: string;
  notice: string;
  /** The item of a list the notice goes beside (a saved search). */
  id?: string;
  /** What to do next, as a link under the notice. */
  nextStep?: { href: string; label: string };
};

const isNext = (value: unknown): value is Flash["nextStep"] =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { href?: unknown }).href === "string" &&
  (value as { href: string }).href.startsWith("/") &&
  !(value as { href: string }).href.startsWith("//") &&
  typeof (value as { label?: unknown }).label === "string";

/**
 * Whether the browser sent this form as a page of its own (no JavaScript): it says so (Sec-Fetch-Dest),
 * or, for one that does not, it asked for HTML — Remix's own requests ask for anything.
 */
export function isDocumentSubmission(request: Request): boolean {
  const destination = request.headers.get("Sec-Fetch-Dest");
  if (destination) return destination === "document";
  return /\btext\/html\b/.test(request.headers.get("Accept") ?? "");
}

function flashCookie(value: string, maxAge: number, path: string): string {
  const secure = getEnv().NODE_ENV === "production" ? "; Secure" : "";
  return `${FLASH_COOKIE}=${value}; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

type Signed = Flash & { path: string; session: string; until: number };

/**
 * The page at `path` asked for again, with what the answer to `request` said; at `at` (an element's
 * id) when given — else the browser keeps the form's own #fragment.
 */
export function redirectWithFlash(request: Request, path: string, flash: Flash, at?: string): ReturnType<typeof redirect> {
  const signed: Signed = {
    path,
    session: sessionIdOf(request) ?? "",
    until: Date.now() + FLASH_SECONDS * 1000,
    intent: flash.intent,
    notice: flash.notice,
    ...(flash.id === undefined ? {} : { id: flash.id }),
    ...(flash.nextStep === undefined ? {} : { nextStep: { href: flash.nextStep.href, label: flash.nextStep.label } }),
  };
  const token = signToken(PURPOSE, JSON.stringify(signed));
  return redirect(at ? `${path}#${at}` : path, {
    status: 303,
    headers: { "Set-Cookie": flashCookie(token, FLASH_SECONDS, path) },
  });
}

/**
 * A form's success as its page answers it: to a browser without JavaScript, the page at `path`
 * asked for again, the notice said there once; to Remix's own request, the answer itself.
 */
export function answerDone<T extends Flash>(
  request: Request,
  path: string,
  answer: T,
  { at }: { at?: string } = {},
): T | ReturnType<typeof redirect> {
  return isDocumentSubmission(request) ? redirectWithFlash(request, path, answer, at) : answer;
}

/**
 * What the last form sent without JavaScript said, for the page at `path`, and the Set-Cookie that
 * clears it (once read, a reload shows the page alone); null when there is none, or it is not ours.
 */
export function readFlash(request: Request, path: string): { flash: Flash; clear: string } | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const token = header
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${FLASH_COOKIE}=`))
    ?.slice(FLASH_COOKIE.length + 1);
  const payload = verifyToken(PURPOSE, token, MAX_TOKEN);
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<Signed> | null;
    if (
      value?.path === path &&
      value.session === (sessionIdOf(request) ?? "") &&
      typeof value.until === "number" &&
      Date.now() <= value.until &&
      typeof value.intent === "string" &&
      typeof value.notice === "string" &&
      (value.id === undefined || typeof value.id === "string") &&
      (value.nextStep === undefined || isNext(value.nextStep))
    ) {
      const flash: Flash = { intent: value.intent, notice: value.notice };
      if (value.id !== undefined) flash.id = value.id;
      if (value.nextStep !== undefined) flash.nextStep = value.nextStep;
      return { flash, clear: flashCookie("", 0, path) };
    }
  } catch {
    // Signed by us, so never; read as none.
  }
  return null;
}

/**
 * A page's data with what the last form sent without JavaScript said (`flashed`, null when
 * nothing), the cookie cleared when there was something.
 */
export function withFlash<T extends object>(request: Request, path: string, page: T): T & { flashed: Flash | null } {
  const found = readFlash(request, path);
  if (!found) return { ...page, flashed: null };
  // Remix reads `data()` as the object it carries, in its types too.
  return data({ ...page, flashed: found.flash }, { headers: { "Set-Cookie": found.clear } }) as unknown as T & {
    flashed: Flash | null;
  };
}
