// Abuse limits, counted with rate-limiter-flexible in the database (its Prisma store, table
// RateLimit): every app instance on one database counts the same requests, and a restart forgets
// nothing. Each count is one atomic upsert (INSERT … ON CONFLICT), so simultaneous requests on two
// instances are all counted. Rows expired for an hour are deleted by the store every 5 minutes.
import { RateLimiterPrisma, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { normaliseEmail } from "~/domain/schemas/fields";
import { getDb } from "~/utils/db.server";

type Rule = { points: number; seconds: number; blockSeconds?: number };

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** What each form allows, per key (a client address, an account, an address mails go to). */
export const LIMITS = {
  signup: { points: 5, seconds: HOUR },
  /** Reset forms per client address: a refusal is shown (429). */
  resetRequest: { points: 5, seconds: HOUR },
  /** Reset mails per account: one per 10 minutes, silently (see README). */
  resetMail: { points: 1, seconds: 10 * MINUTE },
  /** « Someone tried to use your address » mails per address: silently. */
  ownerNotice: { points: 1, seconds: 10 * MINUTE },
  /** Confirmation links (change of address, resend) per account and per address mailed. */
  confirmationMail: { points: 3, seconds: HOUR },
  report: { points: 10, seconds: DAY },
  /** Claims of register profiles (« C'est ma structure ») per account. */
  claim: { points: 5, seconds: DAY },
  contact: { points: 5, seconds: HOUR },
  /** Invitations to express interest sent from suggestions, per account and per inviting organisation. */
  interestInvitation: { points: 20, seconds: DAY },
  /** Invitations to the CCAS's staff, per administrator and per address invited. */
  staffInvitation: { points: 20, seconds: DAY },
  /** Invitations to an organisation's members, per inviting account. */
  memberInvitation: { points: 20, seconds: DAY },
  /** Invitations to an organisation's members, per address invited (all organisations together). */
  memberInvitationAddress: { points: 3, seconds: DAY },
  /** Typing an address asks about ten times; a minute allows several addresses, not a crawl. */
  addressSearch: { points: 60, seconds: MINUTE },
  /** Log-in failures from one client address on one account, in a row: that pair waits 15 minutes. */
  loginPair: { points: 10, seconds: DAY, blockSeconds: 15 * MINUTE },
  /** Log-in failures from one client address, all accounts together. */
  loginAddress: { points: 100, seconds: DAY, blockSeconds: DAY },
  /** Log-in failures on one account from anywhere: they slow it down, they never lock it. */
  loginAccount: { points: Number.MAX_SAFE_INTEGER, seconds: HOUR },
} as const satisfies Record<string, Rule>;

export type LimitName = keyof typeof LIMITS;

function createLimiter(name: LimitName, rule: Rule): RateLimiterAbstract {
  return new RateLimiterPrisma({
    storeClient: getDb(),
    // The client's property for model RateLimit.
    tableName: "rateLimit",
    keyPrefix: name,
    points: rule.points,
    duration: rule.seconds,
    blockDuration: rule.blockSeconds ?? 0,
  });
}

const globalForLimits = globalThis as typeof globalThis & { __rateLimiters?: Map<LimitName, RateLimiterAbstract> };

function limiter(name: LimitName): RateLimiterAbstract {
  const limiters = (globalForLimits.__rateLimiters ??= new Map());
  let found = limiters.get(name);
  if (!found) {
    found = createLimiter(name, LIMITS[name]);
    limiters.set(name, found);
  }
  return found;
}

/** Forgets every counter (tests). */
export async function resetRateLimits() {
  await getDb().rateLimit.deleteMany();
}

/** The key of an account or of an address mails go to: « Alex@X.org » and « alex@x.org » are one. */
export function emailKey(email: string): string {
  return normaliseEmail(email);
}

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Counts one request under each key; refused when any of them is over the limit. */
export async function hitRateLimit(name: LimitName, keys: string[]): Promise<RateLimitResult> {
  let refusedFor = 0;
  for (const key of keys) {
    try {
      await limiter(name).consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      refusedFor = Math.max(refusedFor, retryAfter(error));
    }
  }
  return refusedFor > 0 ? { ok: false, retryAfterSeconds: refusedFor } : { ok: true };
}

/**
 * How long an attempt on an account waits, given the failures on it in the last hour from
 * anywhere: nothing for the first ten, then one second more per failure, up to five. A delay and
 * not a lock, so that the owner, from an address without failures, still gets in.
 */
export function loginDelayMs(accountFailures: number): number {
  return Math.min(5, Math.max(0, accountFailures - 9)) * 1000;
}

/** Takes back one point, unless the counter expired meanwhile (it would start below zero). */
async function takeBack(name: LimitName, key: string) {
  if (await limiter(name).get(key)) await limiter(name).reward(key);
}

export type LoginAttempt =
  { ok: true; delayMs: number; succeeded: () => Promise<void> } | { ok: false; retryAfterSeconds: number };

/**
 * Starts a log-in attempt from a client address on an account (known or not). The attempt counts
 * as a failure from now on, so that simultaneous guesses count too; `succeeded` takes it back and
 * clears the failures of the pair and of the account (only the password's owner can succeed). Refused when this address failed 10 times in a row on this
 * account, or 100 times today on any; slowed down when the account failed often from anywhere.
 */
export async function startLoginAttempt({ address, email }: { address: string; email: string }): Promise<LoginAttempt> {
  const account = emailKey(email);
  const pairKey = `${account} ${address}`;
  const blockedAddress = await limiter("loginAddress").get(address);
  if (blockedAddress && blockedAddress.consumedPoints > LIMITS.loginAddress.points) {
    return { ok: false, retryAfterSeconds: retryAfter(blockedAddress) };
  }
  try {
    await limiter("loginPair").consume(pairKey);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return { ok: false, retryAfterSeconds: retryAfter(error) };
  }
  try {
    await limiter("loginAddress").consume(address);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    await takeBack("loginPair", pairKey);
    return { ok: false, retryAfterSeconds: retryAfter(error) };
  }
  const accountFailures = (await limiter("loginAccount").penalty(account)).consumedPoints - 1;
  const delayMs = loginDelayMs(accountFailures);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  return {
    ok: true,
    delayMs,
    async succeeded() {
      await Promise.all([
        limiter("loginPair").delete(pairKey),
        takeBack("loginAddress", address),
        limiter("loginAccount").delete(account),
      ]);
    },
  };
}

export function clientIp(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}

/** « Trop de tentatives. Réessayez dans 12 minutes. », or another first sentence. */
export function tooManyMessage(retryAfterSeconds: number, what = "Trop de tentatives"): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = minutes <= 90 ? `${minutes} minute${minutes > 1 ? "s" : ""}` : `${Math.ceil(minutes / 60)} heures`;
  return `${what}. Réessayez dans ${wait}.`;
}

/**
 * An invitation to join a structure mails an address the platform may not know: 20 a day per
 * account that invites, and 3 a day per address whoever invites it (both counted at every
 * attempt). The refusal's French message, or null when it may go.
 */
export async function memberInvitationRefusal(userId: string, email: string): Promise<string | null> {
  const [byAccount, byAddress] = await Promise.all([
    hitRateLimit("memberInvitation", [`user:${userId}`]),
    hitRateLimit("memberInvitationAddress", [`to:${emailKey(email)}`]),
  ]);
  if (byAccount.ok && byAddress.ok) return null;
  const wait = Math.max(byAccount.ok ? 0 : byAccount.retryAfterSeconds, byAddress.ok ? 0 : byAddress.retryAfterSeconds);
  return tooManyMessage(wait, byAccount.ok ? "Trop d'invitations envoyées à cette adresse" : "Trop d'invitations envoyées");
}
