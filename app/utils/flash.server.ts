// A form sent without JavaScript that succeeds is followed by its page asked for again (303 See
// Other), not answered in place: answered in place, the address stayed the form's (`?index`) and a
// reload sent the form again. What the answer said (« Budget enregistré. ») goes along in a cookie
// of that page's path alone, signed, kept a minute at the most, read and cleared by the page's
// loader. With JavaScript, Remix's own requests get the answer as before.
import { redirect } from "@remix-run/node";
import { getEnv } from "./env.server";
import { signToken, verifyToken } from "./signed-tokens.server";

const FLASH_COOKIE = "cooperons_notice";
const FLASH_SECONDS = 60;
const PURPOSE = "flash";
/** A notice names a structure or two: some 400 characters, 600 bytes once signed; a cookie holds 4 KB. */
const MAX_TOKEN = 3_000;

export type Flash = { intent: string; notice: string };

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

/** The page at `path` asked for again, with what the answer said. */
export function redirectWithFlash(path: string, flash: Flash): ReturnType<typeof redirect> {
  const token = signToken(PURPOSE, JSON.stringify({ intent: flash.intent, notice: flash.notice }));
  return redirect(path, { status: 303, headers: { "Set-Cookie": flashCookie(token, FLASH_SECONDS, path) } });
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
  const clear = flashCookie("", 0, path);
  try {
    const value: unknown = JSON.parse(payload);
    if (
      value &&
      typeof value === "object" &&
      typeof (value as Flash).intent === "string" &&
      typeof (value as Flash).notice === "string"
    )
      return { flash: { intent: (value as Flash).intent, notice: (value as Flash).notice }, clear };
  } catch {
    // Signed by us, so never; read as none.
  }
  return null;
}
