import { getEnv } from "./env.server";

/** An absolute link to this site, for mails: PUBLIC_URL when set, else the request's origin. */
export function absoluteUrl(request: Request, path: string): string {
  const origin = getEnv().PUBLIC_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
  return `${origin}${path}`;
}

/** Only paths on this site: never an open redirect to another one. */
export function safeRedirectPath(value: unknown, fallback = "/espace"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
