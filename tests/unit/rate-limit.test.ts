// The abuse limits, on the clock: counters and blocks end when their time is up, log-in failures
// lock out only the address that made them, and a stranger's failures slow an account down without
// ever locking its owner out.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword, verifyAccountPassword, dummyPasswordHash } from "~/utils/auth.server";
import { hitRateLimit, loginDelayMs, resetRateLimits, startLoginAttempt, tooManyMessage } from "~/utils/rate-limit.server";

const EMAIL = "camille@exemple.org";

beforeEach(async () => {
  await resetRateLimits();
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
});
afterEach(() => vi.useRealTimers());

/** A log-in attempt, with the clock moved on through any delay it asks for. */
async function attempt(address: string, email = EMAIL) {
  const started = startLoginAttempt({ address, email });
  await vi.advanceTimersByTimeAsync(5000);
  return started;
}

async function fail(address: string, times: number, email = EMAIL) {
  for (let index = 0; index < times; index += 1) expect((await attempt(address, email)).ok).toBe(true);
}

describe("a limit on a form", () => {
  it("refuses past the limit under any key, until the window ends", async () => {
    for (let index = 0; index < 5; index += 1) expect((await hitRateLimit("contact", [`ip:${index}`, "sender:a"])).ok).toBe(true);
    expect(await hitRateLimit("contact", ["ip:9", "sender:a"])).toEqual({ ok: false, retryAfterSeconds: 3600 });
    expect((await hitRateLimit("contact", ["ip:9", "sender:b"])).ok).toBe(true);
    vi.advanceTimersByTime(3600_000);
    expect((await hitRateLimit("contact", ["ip:9", "sender:a"])).ok).toBe(true);
  });

  it("says how long to wait in French", () => {
    expect(tooManyMessage(30)).toBe("Trop de tentatives. Réessayez dans 1 minute.");
    expect(tooManyMessage(15 * 60)).toBe("Trop de tentatives. Réessayez dans 15 minutes.");
    expect(tooManyMessage(20 * 3600, "Trop de signalements")).toBe("Trop de signalements. Réessayez dans 20 heures.");
  });
});

describe("log-in", () => {
  it("refuses the 11th attempt after 10 failures in a row from one address, for 15 minutes, there only", async () => {
    await fail("198.51.100.1", 10);
    expect(await attempt("198.51.100.1")).toEqual({ ok: false, retryAfterSeconds: 15 * 60 });
    // Upper case and spaces are the same account.
    expect((await attempt("198.51.100.1", "  CAMILLE@Exemple.org ")).ok).toBe(false);
    expect((await attempt("198.51.100.2")).ok).toBe(true);
    vi.advanceTimersByTime(15 * 60_000);
    expect((await attempt("198.51.100.1")).ok).toBe(true);
  });

  it("counts failures only: a success clears the failures in a row", async () => {
    await fail("198.51.100.1", 9);
    const success = await attempt("198.51.100.1");
    if (!success.ok) throw new Error("refused");
    await success.succeeded();
    await fail("198.51.100.1", 10);
    expect((await attempt("198.51.100.1")).ok).toBe(false);
  });

  it("never locks the owner out: failures from many addresses slow the account down, up to 5 s", async () => {
    for (let index = 0; index < 30; index += 1) await fail(`203.0.113.${index}`, 1);
    const owner = await attempt("192.0.2.7");
    expect(owner).toMatchObject({ ok: true, delayMs: 5000 });
  });

  it("waits one second more per failure past ten on the account, never more than five", () => {
    expect([0, 9, 10, 11, 13, 14, 100].map(loginDelayMs)).toEqual([0, 0, 1000, 2000, 4000, 5000, 5000]);
  });

  it("refuses an address after 100 failures in a day on any accounts; its successes do not count", async () => {
    for (let index = 0; index < 100; index += 1) {
      const ok = await attempt("198.51.100.50", `personne-${index}@exemple.org`);
      if (!ok.ok) throw new Error(`refused at ${index}`);
      if (index % 2 === 0) await ok.succeeded();
    }
    for (let index = 0; index < 50; index += 1) await fail("198.51.100.50", 1, `autre-${index}@exemple.org`);
    const refused = await attempt("198.51.100.50", "encore-une@exemple.org");
    expect(refused.ok).toBe(false);
    vi.advanceTimersByTime(86_400_000);
    expect((await attempt("198.51.100.50", "encore-une@exemple.org")).ok).toBe(true);
  });
});

describe("an unknown account", () => {
  it("is checked against a dummy hash made like a real one, and never matches", async () => {
    vi.useRealTimers();
    const real = await hashPassword("un mot de passe solide");
    const dummy = await dummyPasswordHash();
    // Same algorithm and cost: verifying either does the same argon2 work.
    const parameters = (hash: string) => hash.split("$").slice(1, 4).join("$");
    expect(parameters(dummy)).toBe(parameters(real));
    expect(await verifyAccountPassword(null, "un mot de passe solide")).toBe(false);
    expect(await verifyAccountPassword({ passwordHash: real }, "un mot de passe solide")).toBe(true);
    expect(await verifyAccountPassword({ passwordHash: real }, "un autre")).toBe(false);
  });
});
