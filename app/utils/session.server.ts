// Sessions are database rows; the httpOnly, SameSite=Lax cookie carries a random token whose
// SHA-256 is the row's id, so a copy of the database gives no one a way in.
import { Prisma } from "~/generated/prisma/client";
import { toDate } from "~/models/visibility-sql.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { readNow } from "./read-aside.server";
import { createToken, hashToken } from "./tokens.server";

export const SESSION_COOKIE = "cooperons_session";
const SESSION_DAYS = 30;

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    // A malformed value (`%`, cut escapes) is no session rather than an error on every page.
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

function cookie(value: string, maxAgeSeconds: number, name = SESSION_COOKIE, path = "/"): string {
  const secure = getEnv().NODE_ENV === "production" ? "; Secure" : "";
  return `${name}=${encodeURIComponent(value)}; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/**
 * The address just confirmed, for the log-in form it leads to (not in the link: addresses stay out
 * of URLs and logs). For 15 minutes, dropped once logged in. Its path is the whole site: the
 * log-in page's data is also asked for at /connexion.data, which a cookie of /connexion misses.
 */
const LOGIN_HINT_COOKIE = "cooperons_login_email";
const LOGIN_HINT_SECONDS = 15 * 60;

export const loginHintCookie = (email: string) => cookie(email, LOGIN_HINT_SECONDS, LOGIN_HINT_COOKIE);
export const clearLoginHintCookie = () => cookie("", 0, LOGIN_HINT_COOKIE);
/** The address the log-in form starts with, if one was just confirmed in this browser (an address, else none). */
export function readLoginHint(request: Request): string | null {
  const value = readCookie(request, LOGIN_HINT_COOKIE);
  return value && value.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(value) ? value : null;
}

/** Opens a session and returns the Set-Cookie header that carries it. */
export async function createSession(userId: string, request: Request): Promise<string> {
  const { token, hash } = createToken();
  await getDb().session.create({
    data: {
      id: hash,
      userId,
      userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    },
  });
  return cookie(token, SESSION_DAYS * 86_400);
}

/** Whether a Cookie header carries this site's session cookie (whatever its value). */
export function carriesSessionCookie(cookieHeader: string | null | undefined): boolean {
  return (cookieHeader ?? "").split(";").some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

export function sessionIdOf(request: Request): string | null {
  const token = readCookie(request, SESSION_COOKIE);
  return token ? hashToken(token) : null;
}

/** The person a session belongs to, as the pages see them (auth.server.ts's SessionUser). */
export type SessionPerson = {
  id: string;
  email: string;
  name: string;
  /** CCAS staff, whatever the role: moderation and review. */
  isCcas: boolean;
  ccasRole: string | null;
  emailVerifiedAt: Date | null;
};

/**
 * The person whose session this browser holds, or null (none, unknown or expired). The session and
 * its person in one statement read at once (readNow), on every signed-in request: Prisma's two
 * reads cost some 0.5 ms of the server's thread on SQLite, two round trips on PostgreSQL.
 */
export async function getSessionPerson(request: Request): Promise<SessionPerson | null> {
  const id = sessionIdOf(request);
  if (!id) return null;
  const [row] = await readNow<{
    expiresAt: Date | string;
    lastSeenAt: Date | string;
    id: string;
    email: string;
    name: string;
    isCcas: boolean | number;
    ccasRole: string | null;
    emailVerifiedAt: Date | string | null;
  }>(
    getDb(),
    Prisma.sql`SELECT s."expiresAt", s."lastSeenAt", u."id", u."email", u."name", u."isCcas", u."ccasRole", u."emailVerifiedAt"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${id}`,
  );
  // Until it expires; a date that cannot be read is no session either.
  if (!row || !(toDate(row.expiresAt).getTime() > Date.now())) return null;
  // Refreshing "last seen" at most hourly keeps reads cheap. (Signed out in another tab meanwhile:
  // nothing to refresh, and this request goes on as it began.)
  if (!(Date.now() - toDate(row.lastSeenAt).getTime() <= 3_600_000)) {
    await getDb().session.updateMany({ where: { id }, data: { lastSeenAt: new Date() } });
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    // SQLite's connection gives its booleans as 1 and 0, its dates as text.
    isCcas: Boolean(row.isCcas),
    ccasRole: row.ccasRole,
    emailVerifiedAt: row.emailVerifiedAt === null ? null : toDate(row.emailVerifiedAt),
  };
}

/** Ends this browser's session; returns the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const id = sessionIdOf(request);
  if (id) await getDb().session.deleteMany({ where: { id } });
  return cookie("", 0);
}

export function clearSessionCookie(): string {
  return cookie("", 0);
}
