// Who a request's session cookie signs in (app/utils/session.server.ts getSessionPerson, read by
// getUser on every page): the session and its person in one statement, on both databases.
import { describe, expect, it } from "vitest";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { hashToken } from "~/utils/tokens.server";
import { createActor, type Actor } from "../helpers/actors";

const asking = (cookie?: string) => new Request("http://localhost/espace", cookie ? { headers: { Cookie: cookie } } : {});
const sessionId = (actor: Actor) => hashToken(decodeURIComponent(actor.cookie.split("=").slice(1).join("=")));

describe("a session's person", () => {
  it("is the person of the cookie, with their name, role and whether their address is confirmed", async () => {
    const person = await createActor();
    expect(await getUser(asking(person.cookie))).toEqual({
      id: person.id,
      email: person.email,
      name: "Camille Exemple",
      isCcas: false,
      ccasRole: null,
      emailVerifiedAt: expect.any(Date),
    });
    const reviewer = await createActor({ ccasRole: "ccas-reviewer", verified: false });
    expect(await getUser(asking(reviewer.cookie))).toMatchObject({
      id: reviewer.id,
      isCcas: true,
      ccasRole: "ccas-reviewer",
      emailVerifiedAt: null,
    });
    const verifiedAt = (await getDb().user.findUniqueOrThrow({ where: { id: person.id } })).emailVerifiedAt;
    expect((await getUser(asking(person.cookie)))?.emailVerifiedAt?.getTime()).toBe(verifiedAt?.getTime());
  });

  it("is nobody without a cookie, with a cookie of no session, or once the session has expired", async () => {
    expect(await getUser(asking())).toBeNull();
    expect(await getUser(asking("cooperons_session=inconnu"))).toBeNull();
    const person = await createActor();
    await getDb().session.update({ where: { id: sessionId(person) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getUser(asking(person.cookie))).toBeNull();
  });

  it("is nobody once the session is gone: signed out elsewhere, account deleted", async () => {
    const signedOut = await createActor();
    expect(await getUser(asking(signedOut.cookie))).not.toBeNull();
    await getDb().session.delete({ where: { id: sessionId(signedOut) } });
    expect(await getUser(asking(signedOut.cookie))).toBeNull();
    const deleted = await createActor();
    await getDb().user.delete({ where: { id: deleted.id } });
    expect(await getUser(asking(deleted.cookie))).toBeNull();
  });

  it("lasts until the session's expiry to the minute, whatever the zone of the server", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const person = await createActor();
      const expires = (minutes: number) =>
        getDb().session.update({
          where: { id: sessionId(person) },
          data: { expiresAt: new Date(Date.now() + minutes * 60_000) },
        });
      await expires(30);
      expect(await getUser(asking(person.cookie))).not.toBeNull();
      await expires(-30);
      expect(await getUser(asking(person.cookie))).toBeNull();
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("notes when the person was last seen, at most once an hour", async () => {
    const person = await createActor();
    const id = sessionId(person);
    const lastSeen = async () => (await getDb().session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime();
    const recent = new Date(Date.now() - 30 * 60_000);
    await getDb().session.update({ where: { id }, data: { lastSeenAt: recent } });
    await getUser(asking(person.cookie));
    expect(await lastSeen()).toBe(recent.getTime());
    const old = new Date(Date.now() - 2 * 3_600_000);
    await getDb().session.update({ where: { id }, data: { lastSeenAt: old } });
    const before = Date.now();
    await getUser(asking(person.cookie));
    expect(await lastSeen()).toBeGreaterThanOrEqual(before - 1000);
  });
});
