// « Télécharger mes données »: a signed-in person gets their own data as JSON, and nothing that
// proves who they are (password hash, token hashes, session ids), nor anyone else's.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { loader } from "~/routes/compte_.donnees[.]json";
import { getDb } from "~/utils/db.server";
import { issueToken } from "~/models/user.server";
import { createActor, createOrganisationFor } from "../helpers/actors";
import { getRequest, loaderArgsFor, run } from "../helpers/requests";

const download = (cookie?: string) => loader(loaderArgsFor(getRequest("/compte/donnees.json", cookie)));

describe("downloading one's personal data", () => {
  it("sends a signed-out visitor to the log-in page", async () => {
    const answer = await run(() => download());
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/connexion?redirectTo=${encodeURIComponent("/compte/donnees.json")}`);
  });

  it("gives the account, memberships, notifications, saved searches, alerts, messages and sessions — and no secret", async () => {
    const db = getDb();
    const person = await createActor();
    const stranger = await createActor();
    const organisation = await createOrganisationFor(person);
    const strangerOrganisation = await createOrganisationFor(stranger);
    await db.user.update({ where: { id: person.id }, data: { name: "Alex Martin", notificationMode: "daily" } });
    await db.notification.create({
      data: { userId: person.id, subject: "Nouvelle idée", body: "Une idée vous cherche.", link: "/idees/x" },
    });
    await db.notification.create({ data: { userId: stranger.id, subject: "Pas pour vous", body: "Secret", link: "/" } });
    await db.savedSearch.create({
      data: {
        userId: person.id,
        name: "Locaux à Nantes Nord",
        query: '{"type":["offer"],"quartier":["nantes-nord"]}',
        queryKey: "k1",
      },
    });
    await db.alertSetting.create({ data: { userId: person.id, ideaAlerts: false } });
    await db.contactMessage.create({
      data: {
        organisationId: strangerOrganisation.id,
        senderName: "Alex Martin",
        senderEmail: person.email,
        body: "Bonjour, travaillons ensemble.",
      },
    });
    await db.contactMessage.create({
      data: {
        organisationId: organisation.id,
        senderName: "Quelqu'un",
        senderEmail: "autre@exemple.org",
        body: "Message d'un autre",
      },
    });
    const token = await issueToken(db, { userId: person.id, kind: "reset-password", email: person.email });

    const response = await download(person.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="cooperons-mes-donnees-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    const data = JSON.parse(text) as Record<string, unknown> & {
      account: Record<string, unknown>;
      memberships: { organisation: { name: string }; role: string }[];
      notifications: { subject: string }[];
      savedSearches: { name: string; query: unknown }[];
      alertSettings: { ideaAlerts: boolean };
      contactMessagesSent: { to: string; body: string }[];
      sessions: Record<string, unknown>[];
    };

    expect(data.account).toMatchObject({
      id: person.id,
      email: person.email,
      name: "Alex Martin",
      notificationMode: "daily",
      isCcas: false,
    });
    expect(data.memberships).toEqual([
      expect.objectContaining({ organisation: { name: organisation.name, slug: organisation.slug }, role: "admin" }),
    ]);
    expect(data.notifications.map((row) => row.subject)).toEqual(["Nouvelle idée"]);
    expect(data.savedSearches).toEqual([
      expect.objectContaining({ name: "Locaux à Nantes Nord", query: { type: ["offer"], quartier: ["nantes-nord"] } }),
    ]);
    expect(data.alertSettings.ideaAlerts).toBe(false);
    expect(data.contactMessagesSent).toEqual([
      expect.objectContaining({ to: strangerOrganisation.name, body: "Bonjour, travaillons ensemble." }),
    ]);
    expect(data.sessions).toHaveLength(1);
    expect(Object.keys(data.sessions[0]!).sort()).toEqual(["createdAt", "device", "expiresAt", "lastSeenAt"]);

    // Nothing that would let a reader of the file sign in as the person.
    const account = await db.user.findUniqueOrThrow({ where: { id: person.id }, select: { passwordHash: true } });
    const sessionIds = (await db.session.findMany({ where: { userId: person.id }, select: { id: true } })).map((row) => row.id);
    const tokenHashes = (await db.userToken.findMany({ where: { userId: person.id }, select: { tokenHash: true } })).map(
      (row) => row.tokenHash,
    );
    expect(text).not.toContain(account.passwordHash);
    expect(text).not.toMatch(/passwordHash|tokenHash/);
    for (const secret of [...sessionIds, ...tokenHashes, token, crypto.createHash("sha256").update(token).digest("hex")])
      expect(text).not.toContain(secret);
    // Nor anyone else's data.
    expect(text).not.toContain("Pas pour vous");
    expect(text).not.toContain("Message d'un autre");
    expect(text).not.toContain(stranger.email);
  });

  it("gives the person's claims of a profile, with their proof and answer — not the link's hash, the file, nor others' claims", async () => {
    const db = getDb();
    const [person, stranger] = await Promise.all([createActor(), createActor()]);
    const profile = await createOrganisationFor(await createActor());
    const tokenHash = crypto.randomBytes(32).toString("hex");
    await db.profileClaim.create({
      data: {
        organisationId: profile.id,
        userId: person.id,
        method: "email",
        email: "bureau@structure-exemple.fr",
        tokenHash,
        status: "refused",
        reason: "Adresse inconnue de la structure",
        decidedAt: new Date(),
      },
    });
    await db.profileClaim.create({
      data: {
        organisationId: profile.id,
        userId: person.id,
        method: "document",
        documentKind: "statuts",
        documentFile: "0123456789abcdef0123456789abcdef.pdf",
        note: "Je suis le trésorier.",
        pendingKey: `${person.id} ${profile.id}`,
        proofConfirmedAt: new Date(),
      },
    });
    await db.profileClaim.create({
      data: { organisationId: profile.id, userId: stranger.id, method: "document", note: "Note d'une autre personne" },
    });

    const text = await (await download(person.cookie)).text();
    const data = JSON.parse(text) as { profileClaims: Record<string, unknown>[] };
    expect(data.profileClaims).toEqual([
      expect.objectContaining({
        organisation: profile.name,
        method: "email",
        email: "bureau@structure-exemple.fr",
        status: "refused",
        reason: "Adresse inconnue de la structure",
        documentKept: false,
      }),
      expect.objectContaining({
        organisation: profile.name,
        method: "document",
        documentKind: "statuts",
        note: "Je suis le trésorier.",
        status: "pending",
        documentKept: true,
      }),
    ]);
    expect(text).not.toContain(tokenHash);
    expect(text).not.toContain("0123456789abcdef0123456789abcdef");
    expect(text).not.toContain("Note d'une autre personne");
  });

  it("is a reading: downloading changes nothing", async () => {
    const person = await createActor();
    const before = await getDb().user.findUniqueOrThrow({ where: { id: person.id } });
    await (await download(person.cookie)).text();
    expect(await getDb().user.findUniqueOrThrow({ where: { id: person.id } })).toEqual(before);
  });
});
