// Who is asking, and may they? Routes call these at the top of every loader and action.
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { redirect } from "@remix-run/node";
import { getDb } from "./db.server";
import { getSessionPerson, type SessionPerson } from "./session.server";

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password with the same parameters, made once per process: an unknown account
// is checked against it, so that a log-in takes as long whether or not the address has an account.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString("base64url"));
  return dummyHash;
}

/** Whether the password is the account's; with no account, the same argon2 work is done and false returned. */
export async function verifyAccountPassword(account: { passwordHash: string } | null, password: string): Promise<boolean> {
  const matches = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
  return account !== null && matches;
}

export type CcasRole = "ccas-admin" | "ccas-reviewer";
/** The signed-in person (session.server.ts reads them with their session). */
export type SessionUser = SessionPerson;

const usersOfRequests = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The signed-in user, or null. Read once per request: the layout's loader and the page's ask for
 * the same request (an action's loaders run on a request of their own, so they read afresh).
 */
export function getUser(request: Request): Promise<SessionUser | null> {
  let user = usersOfRequests.get(request);
  if (!user) {
    user = getSessionPerson(request);
    usersOfRequests.set(request, user);
  }
  return user;
}

/**
 * The longest way back a log-in redirect carries. A longer address (a stranger's 10 KB query) made a
 * Location header that clients and proxies refuse (nginx answers 502 past 4 to 8 KB of headers).
 */
const MAX_WAY_BACK = 2000;

/** The signed-in user, or a redirect to the log-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  // The page with its query, else the page alone, else no way back.
  const back = [url.pathname + url.search, url.pathname]
    .map((path) => encodeURIComponent(path))
    .find((encoded) => encoded.length <= MAX_WAY_BACK);
  throw redirect(back ? `/connexion?redirectTo=${back}` : "/connexion");
}

/** Pages for people not logged in (log-in, sign-up): someone logged in goes on to `to` (a checked path). */
export async function requireAnonymous(request: Request, to = "/espace") {
  if (await getUser(request)) throw redirect(to);
}

/** CCAS staff of any role (`ccas-reviewer`, `ccas-admin`): moderation, review, figures, exports. */
export async function requireCcas(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.isCcas) throw new Response("Réservé à l'équipe du CCAS", { status: 403 });
  return user;
}

export const isCcasAdmin = (user: Pick<SessionUser, "isCcas" | "ccasRole"> | null) =>
  user !== null && user.isCcas && user.ccasRole === "ccas-admin";

/** A CCAS administrator: calls and staff. */
export async function requireCcasAdmin(request: Request): Promise<SessionUser> {
  const user = await requireCcas(request);
  if (!isCcasAdmin(user)) throw new Response("Réservé aux administrateurs du CCAS", { status: 403 });
  return user;
}

export type MemberRole = "admin" | "editor";

/**
 * The user's membership of an organisation. Someone who is not a member gets 404 (the
 * organisation's back office does not exist for them); a member without the role gets 403.
 */
export async function requireMembership(request: Request, organisationId: string, roles: MemberRole[] = ["admin", "editor"]) {
  const user = await requireUser(request);
  const membership = await getDb().membership.findUnique({
    where: { userId_organisationId: { userId: user.id, organisationId } },
    select: { role: true },
  });
  if (!membership) throw new Response("Organisation introuvable", { status: 404 });
  if (!roles.includes(membership.role as MemberRole)) {
    throw new Response("Seuls les administrateurs de la structure peuvent faire cela", { status: 403 });
  }
  return { user, role: membership.role as MemberRole };
}
