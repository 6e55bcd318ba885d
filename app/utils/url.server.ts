import { getEnv } from "./env.server";

/**
 * This site's origin: PUBLIC_URL when set, else the configured port on localhost. Never a request
 * header: Host and X-Forwarded-Host are the sender's to choose, and a reset link built from them
 * would carry its token to any site a stranger names.
 */
export function siteOrigin(): string {
  const env = getEnv();
  return env.PUBLIC_URL?.replace(/\/+$/, "") ?? `http://localhost:${env.PORT}`;
}

/** An absolute link to this site, for mails: always on siteOrigin, never on the request. */
export function absoluteUrl(path: string): string {
  return `${siteOrigin()}${path}`;
}

/** C0 controls (tab and line breaks included), DEL, and the backslash browsers read as a slash. */
function hasUnsafeCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

/**
 * Only paths on this site: never an open redirect to another one. The value must parse, against
 * this site's origin, to that same origin; browsers drop tabs and line breaks from URLs, so
 * `/\t/evil.example` would otherwise leave as `//evil.example`.
 */
/** A destination carried from page to page (redirectTo): a path of this site, or null. */
export const carriedRedirectPath = (value: unknown): string | null => safeRedirectPath(value, "") || null;

export function safeRedirectPath(value: unknown, fallback = "/espace"): string {
  if (typeof value !== "string" || !value.startsWith("/") || hasUnsafeCharacter(value)) return fallback;
  const origin = new URL(siteOrigin()).origin;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host.
  return path.startsWith("//") ? fallback : path;
}
