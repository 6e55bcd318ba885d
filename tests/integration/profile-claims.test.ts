// « C'est ma structure » (issue 16): a person claims an unclaimed register profile with a proof — an
// address on the structure's own domain (a mailed link, real SMTP), or a document the CCAS reviews —
// and becomes its admin; two claims wait for the CCAS; a claimed profile cannot be claimed; a later
// import updates the register's facts and never what the structure wrote.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ALREADY_CLAIMED,
  CLAIMED_LEFT_EMPTY,
  ALREADY_PENDING,
  CLAIM_LINK_INVALID,
  CLAIM_UNVERIFIED,
  NOTHING_TO_RESEND,
  NOTHING_TO_WITHDRAW,
  OTHER_CLAIM_ACCEPTED,
} from "~/domain/registers/claims";
import { openUnclaimedOrganisationWhere } from "~/domain/registers/unclaimed";
import { importRegister } from "~/models/register-import.server";
import { loader as documentLoader } from "~/routes/ccas.revendications.$id.document";
import { action as moderationAction, loader as moderationLoader } from "~/routes/ccas.moderation";
import { loader as spaceLoader } from "~/routes/espace._index";
import { loader as editLoader } from "~/routes/espace.organisations.$id._index";
import { deleteUserAccount } from "~/models/user.server";
import { loader as profileLoader } from "~/routes/organisations.$slug._index";
import { action as claimAction, loader as claimLoader } from "~/routes/organisations.$slug.revendiquer";
import { action as confirmAction, loader as confirmLoader } from "~/routes/revendication.confirmer";
import { getDb } from "~/utils/db.server";
import { getLegalInfo } from "~/utils/legal.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { compressedScriptPdf } from "../helpers/active-pdfs";
import { makePdf } from "../helpers/documents";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { linkIn, useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
const db = () => getDb();
const FIXTURES = path.join("tests", "fixtures", "registers");

const importFile = (file: string) =>
  importRegister(db(), {
    source: "rna",
    input: fs.createReadStream(path.join(FIXTURES, file)),
    fileName: file,
    bytesTotal: fs.statSync(path.join(FIXTURES, file)).size,
  });

/** The profile the newer RNA file moves (kept for the import test), and the ones the other tests took. */
let movedEntryId: string;
const taken = new Set<string>();

/** An unclaimed profile no other test uses; `activity` asks for one whose register entry names its activity. */
async function freshProfile(activity?: "named") {
  const profile = await db().organisation.findFirstOrThrow({
    where: {
      ...openUnclaimedOrganisationWhere(),
      id: { notIn: [...taken] },
      ...(activity && { registerEntries: { some: { activityLabel: { not: "" } } } }),
    },
    orderBy: { id: "asc" },
  });
  taken.add(profile.id);
  return profile;
}

beforeAll(async () => {
  await importFile("rna-waldec-2025-01.csv");
  // The newer file moves the 8 associations after the first 100 of the file (ids follow the file's order).
  const entries = await db().registerEntry.findMany({ where: { source: "rna" }, orderBy: { registerId: "asc" }, take: 108 });
  movedEntryId = entries[103]!.id;
  taken.add(entries[103]!.organisationId!);
});

/** The profile names its own website, so that an address on that domain proves the claim by itself. */
const nameWebsite = (profile: { id: string }, domain: string) =>
  db().organisation.update({ where: { id: profile.id }, data: { website: `https://www.${domain}` } });

type ClaimPage = Awaited<ReturnType<typeof claimLoader>>;
type ClaimReply = {
  intent: string;
  result?: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
};

const claimPage = async (slug: string, actor?: Actor, query = "") =>
  run(() => claimLoader(loaderArgsFor(getRequest(`/organisations/${slug}/revendiquer${query}`, actor?.cookie), { slug })));

const claim = (slug: string, actor: Actor | undefined, fields: Record<string, string | File>) =>
  run(() => claimAction(actionArgs(formRequest(`/organisations/${slug}/revendiquer`, fields, actor?.cookie), { slug })));

const claimByMail = (slug: string, actor: Actor, email: string) => claim(slug, actor, { intent: "email", email });

const pdfFile = (bytes: Uint8Array = makePdf()) => new File([new Uint8Array(bytes)], "statuts.pdf", { type: "application/pdf" });
const claimByDocument = (slug: string, actor: Actor, file = pdfFile(), note = "Je suis la présidente.") =>
  claim(slug, actor, { intent: "document", documentKind: "statuts", note, file });

const confirm = (token: string, actor?: Actor) =>
  run(() => confirmAction(actionArgs(formRequest("/revendication/confirmer", { token }, actor?.cookie))));

const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

const moderation = async (ccas: Actor) =>
  (await run(() => moderationLoader(loaderArgsFor(getRequest("/ccas/moderation", ccas.cookie))))).data as Awaited<
    ReturnType<typeof moderationLoader>
  >;

const decide = (ccas: Actor, fields: Record<string, string>) =>
  run(() => moderationAction(actionArgs(formRequest("/ccas/moderation", fields, ccas.cookie))));

const claimsOf = (organisationId: string) =>
  db().profileClaim.findMany({ where: { organisationId }, orderBy: { createdAt: "asc" } });

const adminsOf = async (organisationId: string) =>
  (await db().membership.findMany({ where: { organisationId, role: "admin" }, select: { userId: true } })).map(
    (row) => row.userId,
  );

/**
 * A confirmed link that leaves the claim waiting for the CCAS (`why` says for what): the page says
 * so, and the profile stays unclaimed, without admin, the claim marked as confirmed.
 */
async function expectWaiting(
  confirmed: Awaited<ReturnType<typeof confirm>>,
  profile: { id: string; slug: string; name: string },
  person: Actor,
  why: "contested" | "unverified-domain",
) {
  expect(confirmed.status).toBe(200);
  expect(confirmed.data).toMatchObject({ waiting: { name: profile.name, why } });
  expect((await db().organisation.findUniqueOrThrow({ where: { id: profile.id } })).unclaimed).toBe(true);
  expect(await adminsOf(profile.id)).toEqual([]);
  expect(((await claimPage(profile.slug, person)).data as ClaimPage).pending).toMatchObject({ linkConfirmed: true });
}

describe("the way in", () => {
  it("the profile's page leads to the claim page; an anonymous visitor logs in and comes back", async () => {
    const profile = await freshProfile();
    const page = await run(() =>
      profileLoader(loaderArgsFor(getRequest(`/organisations/${profile.slug}`), { slug: profile.slug })),
    );
    expect(page.data).toMatchObject({ kind: "unclaimed", profile: { slug: profile.slug } });

    const anonymous = await claimPage(profile.slug);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(
      `/connexion?redirectTo=${encodeURIComponent(`/organisations/${profile.slug}/revendiquer`)}`,
    );
    const anonymousClaim = await claimByMail(profile.slug, undefined as unknown as Actor, "contact@exemple-structure.fr");
    expect(anonymousClaim.status).toBe(302);
    expect(await claimsOf(profile.id)).toEqual([]);
  });

  it("an account whose address is not confirmed is told to confirm it, and nothing is recorded", async () => {
    const profile = await freshProfile();
    const unconfirmed = await createActor({ verified: false });
    const page = await claimPage(profile.slug, unconfirmed);
    expect(page.data).toMatchObject({ claimed: false, verified: false, pending: null });
    const refused = await claimByMail(profile.slug, unconfirmed, "contact@exemple-structure.fr");
    expect(refused.status).toBe(403);
    expect((refused.data as ClaimReply).result?.error?.[""]).toEqual([CLAIM_UNVERIFIED]);
    expect(await claimsOf(profile.id)).toEqual([]);
  });

  it("an unknown profile answers 404, even before a log-in; a known one asks for the log-in first", async () => {
    const person = await createActor();
    expect((await claimPage("nulle-part", person)).status).toBe(404);
    expect((await claimPage("nulle-part")).status).toBe(404);
    const profile = await freshProfile();
    const visitor = await claimPage(profile.slug);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
  });
});

describe("proof by an address on the structure's domain", () => {
  it("mails a single-use link to that address; confirming it makes the person the admin, on the edit page", async () => {
    const profile = await freshProfile();
    const person = await createActor();
    await nameWebsite(profile, `asso-${profile.id.slice(0, 6)}.fr`);
    const address = `bureau-${profile.id.slice(0, 6)}@asso-${profile.id.slice(0, 6)}.fr`;
    const sent = await claimByMail(profile.slug, person, address);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/organisations/${profile.slug}/revendiquer?envoye=email`);
    const page = (await claimPage(profile.slug, person, "?envoye=email")).data as ClaimPage;
    expect(page.sent).toBe("email");
    expect(page.pending).toMatchObject({ method: "email", email: address, linkConfirmed: false });

    const mail = await smtp.server.waitFor(address, /Confirmez votre demande/);
    expect(mail.text).toContain(profile.name);
    expect(mail.text).toContain(person.email);
    const link = linkIn(mail);
    expect(link).toMatch(/\/revendication\/confirmer\?token=/);
    // Only the token's SHA-256 is kept, with 48 hours to open it.
    const [stored] = await claimsOf(profile.id);
    expect(stored!.tokenHash).toBe(crypto.createHash("sha256").update(tokenOf(link)).digest("hex"));
    expect(stored!.tokenExpiresAt!.getTime() - stored!.createdAt.getTime()).toBeGreaterThan(47.9 * 3_600_000);
    expect(stored!.tokenExpiresAt!.getTime() - stored!.createdAt.getTime()).toBeLessThanOrEqual(48 * 3_600_000 + 1000);

    // Opening the link changes nothing: the button does.
    const opened = await run(() => confirmLoader(loaderArgsFor(getRequest(new URL(link).pathname + new URL(link).search))));
    expect(opened.data).toMatchObject({ claim: { email: address, organisationName: profile.name, onKnownDomain: true } });
    expect((await db().organisation.findUniqueOrThrow({ where: { id: profile.id } })).unclaimed).toBe(true);

    const confirmed = await confirm(tokenOf(link), person);
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`/espace/organisations/${profile.id}?revendication=acceptee`);
    const after = await db().organisation.findUniqueOrThrow({ where: { id: profile.id } });
    expect(after.unclaimed).toBe(false);
    expect(after.claimedAt).not.toBeNull();
    expect(await adminsOf(profile.id)).toEqual([person.id]);
    const edit = await run(() =>
      editLoader(loaderArgsFor(getRequest(`/espace/organisations/${profile.id}`, person.cookie), { id: profile.id })),
    );
    expect(edit.status).toBe(200);
    await smtp.server.waitFor(person.email, /Vous administrez désormais/);
    // The register's facts stay apart, on the entry.
    expect(await db().registerEntry.count({ where: { organisationId: profile.id } })).toBe(1);
    const journal = await db().auditEntry.findFirstOrThrow({ where: { subjectId: profile.id, action: "moderation.decision" } });
    expect(journal.detail).toContain("Revendication acceptée");
    expect(journal.actorLabel).toBe("Coopérons (automatique)");

    // Single use.
    const again = await confirm(tokenOf(link), person);
    expect(again.status).toBe(400);
    expect(again.data).toMatchObject({ error: CLAIM_LINK_INVALID });
  });

  it("someone else opening the link confirms it too; the claimant is sent to log in, then to the edit page", async () => {
    const profile = await freshProfile();
    const person = await createActor();
    await nameWebsite(profile, `structure-${profile.id.slice(0, 8)}.org`);
    const address = `contact@structure-${profile.id.slice(0, 8)}.org`;
    await claimByMail(profile.slug, person, address);
    const confirmed = await confirm(tokenOf(linkIn(await smtp.server.waitFor(address))));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(
      `/connexion?redirectTo=${encodeURIComponent(`/espace/organisations/${profile.id}?revendication=acceptee`)}`,
    );
    expect(await adminsOf(profile.id)).toEqual([person.id]);
  });

  it("refuses public webmails (the field says why, the input is kept) and, when the profile has a domain, any other", async () => {
    const profile = await freshProfile();
    const person = await createActor();
    for (const address of [
      "asso.quartier@gmail.com",
      "tresorier@orange.fr",
      "bureau@hotmail.co.uk",
      "a@b.free.fr",
      "x@laposte.net",
    ]) {
      const refused = await claimByMail(profile.slug, person, address);
      expect(refused.status, address).toBe(400);
      const reply = refused.data as ClaimReply;
      expect(reply.result?.error?.email?.[0], address).toMatch(/peut appartenir à n'importe qui/);
      expect(reply.result?.initialValue?.email).toBe(address);
    }
    expect(await claimsOf(profile.id)).toEqual([]);

    await db().organisation.update({
      where: { id: profile.id },
      data: { website: "https://www.les-amis-du-quartier.fr/accueil" },
    });
    const elsewhere = await claimByMail(profile.slug, person, "contact@autre-domaine.fr");
    expect(elsewhere.status).toBe(400);
    expect((elsewhere.data as ClaimReply).result?.error?.email).toEqual([
      "L'adresse doit être sur le nom de domaine de la structure (@les-amis-du-quartier.fr).",
    ]);
    const page = (await claimPage(profile.slug, person)).data as ClaimPage;
    expect(page.profile.knownDomains).toEqual(["les-amis-du-quartier.fr"]);
    expect((await claimByMail(profile.slug, person, "Presidence@Les-Amis-du-Quartier.fr")).status).toBe(302);
    await smtp.server.waitFor("presidence@les-amis-du-quartier.fr");
  });

  it("on a profile naming no domain of its own, a confirmed address proves only the address: the CCAS checks the domain and decides", async () => {
    const [profile, person, ccas] = await Promise.all([freshProfile(), createActor(), createActor({ ccas: true })]);
    expect(profile.website).toBeNull();
    expect(((await claimPage(profile.slug, person)).data as ClaimPage).profile.knownDomains).toEqual([]);
    // Anyone can own a domain: this one has nothing to do with the structure.
    const address = `bruno@conseil-${profile.id.slice(0, 6)}.fr`;
    expect((await claimByMail(profile.slug, person, address)).status).toBe(302);
    const link = linkIn(await smtp.server.waitFor(address));
    // The page behind the link says the CCAS will check the domain.
    const opened = await run(() => confirmLoader(loaderArgsFor(getRequest(new URL(link).pathname + new URL(link).search))));
    expect(opened.data).toMatchObject({ claim: { email: address, onKnownDomain: false } });
    await expectWaiting(await confirm(tokenOf(link), person), profile, person, "unverified-domain");

    // The CCAS sees the claim, told to check the domain, and decides.
    const item = (await moderation(ccas)).claims.find((entry) => entry.id === profile.id)!;
    expect(item.claims).toEqual([
      expect.objectContaining({
        proof: expect.stringMatching(new RegExp(`^Adresse ${address} confirmée le`)),
        domainWarning: expect.stringContaining("vérifiez que ce domaine lui appartient bien"),
        canAccept: true,
      }),
    ]);
    expect((await decide(ccas, { intent: "accept-claim", claimId: (await claimsOf(profile.id))[0]!.id })).status).toBe(200);
    expect(await adminsOf(profile.id)).toEqual([person.id]);
  });

  it("a link past its 48 hours confirms nothing, and the person may ask again", async () => {
    const profile = await freshProfile();
    const person = await createActor();
    const address = `contact@vieux-lien-${profile.id.slice(0, 6)}.fr`;
    await claimByMail(profile.slug, person, address);
    const token = tokenOf(linkIn(await smtp.server.waitFor(address)));
    await db().profileClaim.updateMany({
      where: { organisationId: profile.id },
      data: { tokenExpiresAt: new Date(Date.now() - 1000) },
    });
    expect((await confirm(token, person)).status).toBe(400);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: profile.id } })).unclaimed).toBe(true);
    expect(((await claimPage(profile.slug, person)).data as ClaimPage).pending).toBeNull();
    expect((await claimByMail(profile.slug, person, address)).status).toBe(302);
    expect((await claimsOf(profile.id)).map((row) => row.status)).toEqual(["expired", "pending"]);
  });
});

describe("proof by a document the CCAS reviews", () => {
  it("stores the PDF privately; the CCAS sees the claim, downloads the document and accepts it", async () => {
    const [profile, person, ccas, stranger] = await Promise.all([
      freshProfile("named"),
      createActor(),
      createActor({ ccas: true }),
      createActor(),
    ]);
    const sent = await claimByDocument(profile.slug, person);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/organisations/${profile.slug}/revendiquer?envoye=document`);
    expect(((await claimPage(profile.slug, person)).data as ClaimPage).pending).toMatchObject({
      method: "document",
      document: "Statuts de l'association ou de la société",
    });
    // The profile's page tells the person their claim waits, rather than offering to claim again; not to others.
    const profilePage = async (actor?: Actor) =>
      (
        await run(() =>
          profileLoader(loaderArgsFor(getRequest(`/organisations/${profile.slug}`, actor?.cookie), { slug: profile.slug })),
        )
      ).data;
    expect(await profilePage(person)).toMatchObject({ profile: { pendingClaim: true } });
    // …and so does the person's space.
    const space = await run(() => spaceLoader(loaderArgsFor(getRequest("/espace", person.cookie))));
    expect((space.data as Awaited<ReturnType<typeof spaceLoader>>).claims).toEqual([
      { organisationName: profile.name, slug: profile.slug, awaiting: "le CCAS examine votre demande" },
    ]);
    expect(await profilePage(stranger)).toMatchObject({ profile: { pendingClaim: false } });
    expect(await profilePage()).toMatchObject({ profile: { pendingClaim: false } });
    const [stored] = await claimsOf(profile.id);
    expect(fs.existsSync(path.join(process.env.DATA_DIR!, "uploads", "documents", stored!.documentFile!))).toBe(true);
    // Still unclaimed until the CCAS decides.
    expect((await db().organisation.findUniqueOrThrow({ where: { id: profile.id } })).unclaimed).toBe(true);

    const queue = await moderation(ccas);
    const item = queue.claims.find((entry) => entry.id === profile.id)!;
    expect(item.name).toBe(profile.name);
    // The register's number, address and activity, to compare with the claim.
    const registered = await db().registerEntry.findFirstOrThrow({ where: { organisationId: profile.id } });
    expect(item.identifiers).toEqual([`RNA ${registered.registerId}, ${registered.address} (${registered.activityLabel})`]);
    expect(item.claims).toEqual([
      expect.objectContaining({
        id: stored!.id,
        claimant: `Camille Exemple (${person.email})`,
        proof: "Statuts de l'association ou de la société",
        hasDocument: true,
        note: "Je suis la présidente.",
        canAccept: true,
      }),
    ]);

    const download = (actor?: Actor) =>
      run(() =>
        documentLoader(
          loaderArgsFor(getRequest(`/ccas/revendications/${stored!.id}/document`, actor?.cookie), { id: stored!.id }),
        ),
      );
    expect((await download()).status).toBe(302);
    expect((await download(person)).status).toBe(403);
    expect((await download(stranger)).status).toBe(403);
    const file = await documentLoader(
      loaderArgsFor(getRequest(`/ccas/revendications/${stored!.id}/document`, ccas.cookie), { id: stored!.id }),
    );
    expect(file.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(Buffer.from(await file.arrayBuffer()).equals(makePdf())).toBe(true);

    const accepted = await decide(ccas, { intent: "accept-claim", claimId: stored!.id });
    expect(accepted.status).toBe(200);
    expect(accepted.data).toMatchObject({ notice: expect.stringContaining("Demande acceptée") });
    expect(await adminsOf(profile.id)).toEqual([person.id]);
    const mail = await smtp.server.waitFor(person.email, /Vous administrez désormais/);
    expect(linkIn(mail)).toMatch(new RegExp(`/espace/organisations/${profile.id}\\?revendication=acceptee$`));
    expect((await moderation(ccas)).claims.some((entry) => entry.id === profile.id)).toBe(false);
    const journal = await db().auditEntry.findFirstOrThrow({ where: { subjectId: profile.id, action: "moderation.decision" } });
    expect(journal.detail).toContain(
      `Revendication acceptée : « ${profile.name} » (par Camille Exemple <${person.email}>, preuve : document)`,
    );
    expect(journal.actorId).toBe(ccas.id);
  });

  it("shows the CCAS what the register says, with no empty brackets where it names no activity", async () => {
    const [profile, person, ccas] = await Promise.all([freshProfile(), createActor(), createActor({ ccas: true })]);
    // A register row naming no activity (a few in the file, maybe taken by other tests already).
    await db().registerEntry.updateMany({ where: { organisationId: profile.id }, data: { activityLabel: "" } });
    expect((await claimByDocument(profile.slug, person)).status).toBe(302);
    const item = (await moderation(ccas)).claims.find((entry) => entry.id === profile.id)!;
    const registered = await db().registerEntry.findFirstOrThrow({ where: { organisationId: profile.id } });
    expect(registered.activityLabel).toBe("");
    expect(item.identifiers).toEqual([`RNA ${registered.registerId}, ${registered.address}`]);
  });

  it("refuses a PDF with active content or a file that is not a PDF; the CCAS refuses with a reason mailed to the person", async () => {
    const [profile, person, ccas] = await Promise.all([freshProfile(), createActor(), createActor({ ccas: true })]);
    const active = await claimByDocument(profile.slug, person, pdfFile(await compressedScriptPdf()));
    expect(active.status).toBe(400);
    expect((active.data as ClaimReply).result?.error?.file?.[0]).toMatch(/contenu actif/);
    expect((active.data as ClaimReply).result?.initialValue).toMatchObject({
      documentKind: "statuts",
      note: "Je suis la présidente.",
    });
    const notPdf = await claimByDocument(profile.slug, person, new File(["<html></html>"], "statuts.pdf"));
    expect((notPdf.data as ClaimReply).result?.error?.file).toEqual(["Le document doit être un fichier PDF."]);
    const noKind = await claim(profile.slug, person, { intent: "document", documentKind: "", file: pdfFile() });
    expect((noKind.data as ClaimReply).result?.error?.documentKind).toEqual(["Type de document : choisissez dans la liste."]);
    expect(await claimsOf(profile.id)).toEqual([]);

    expect((await claimByDocument(profile.slug, person)).status).toBe(302);
    // One pending claim per person and profile.
    const twice = await claimByDocument(profile.slug, person);
    expect(twice.status).toBe(409);
    expect((twice.data as ClaimReply).result?.error?.[""]).toEqual([ALREADY_PENDING]);
    const [stored] = await claimsOf(profile.id);

    const withoutReason = await decide(ccas, { intent: "refuse-claim", claimId: stored!.id, reason: " " });
    expect(withoutReason.status).toBe(400);
    const refused = await decide(ccas, {
      intent: "refuse-claim",
      claimId: stored!.id,
      reason: "Les statuts déposés sont ceux d'une autre association.",
    });
    expect(refused.status).toBe(200);
    const mail = await smtp.server.waitFor(person.email, /n'a pas été acceptée/);
    expect(mail.text).toContain("Les statuts déposés sont ceux d'une autre association.");
    // The mail comes from an address nobody reads: it gives the CCAS's own.
    expect(mail.text).toContain(`écrivez au CCAS à ${getLegalInfo().CONTACT_EMAIL}`);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: profile.id } })).unclaimed).toBe(true);
    expect(await adminsOf(profile.id)).toEqual([]);
    const journal = await db().auditEntry.findFirstOrThrow({ where: { subjectId: profile.id, action: "moderation.decision" } });
    expect(journal.detail).toContain("Revendication refusée");
    expect(journal.detail).toContain("motif : Les statuts déposés sont ceux d'une autre association.");
    // Decided once: a second answer changes nothing.
    expect((await decide(ccas, { intent: "accept-claim", claimId: stored!.id })).status).toBe(409);
    // Refused, the person may try again.
    expect((await claimByDocument(profile.slug, person)).status).toBe(302);
  });
});

describe("withdrawing a claim", () => {
  it("a mistyped address: the claim is withdrawn, its link stops working, and the person asks again", async () => {
    const profile = await freshProfile();
    const person = await createActor();
    const mistyped = `contcat@asso-retrait-${profile.id.slice(0, 6)}.fr`;
    await claimByMail(profile.slug, person, mistyped);
    const token = tokenOf(linkIn(await smtp.server.waitFor(mistyped)));
    // A new claim waits for the first one's answer…
    expect((await claimByMail(profile.slug, person, `contact@asso-retrait-${profile.id.slice(0, 6)}.fr`)).status).toBe(409);

    const withdrawn = await claim(profile.slug, person, { intent: "withdraw" });
    expect(withdrawn.status).toBe(302);
    expect(withdrawn.headers.get("Location")).toBe(`/organisations/${profile.slug}/revendiquer?annulee=1`);
    const page = (await claimPage(profile.slug, person, "?annulee=1")).data as ClaimPage;
    expect(page).toMatchObject({ pending: null, withdrawn: true });
    const [row] = await claimsOf(profile.id);
    expect(row).toMatchObject({ status: "withdrawn", pendingKey: null, tokenHash: null });
    // The link mailed to the wrong address no longer does anything.
    const late = await confirm(token);
    expect(late.status).toBe(400);
    expect(late.data).toMatchObject({ error: CLAIM_LINK_INVALID });
    expect((await db().organisation.findUniqueOrThrow({ where: { id: profile.id } })).unclaimed).toBe(true);
    // …and once withdrawn, the person asks again.
    const address = `contact@asso-retrait-${profile.id.slice(0, 6)}.fr`;
    expect((await claimByMail(profile.slug, person, address)).status).toBe(302);
    expect((await claimsOf(profile.id)).map((claimRow) => claimRow.status)).toEqual(["withdrawn", "pending"]);
  });

  it("a document withdrawn is deleted at once and leaves the CCAS's queue; with nothing waiting, nothing is withdrawn", async () => {
    const [profile, person, ccas, other] = await Promise.all([
      freshProfile(),
      createActor(),
      createActor({ ccas: true }),
      createActor(),
    ]);
    await claimByDocument(profile.slug, person);
    const [stored] = await claimsOf(profile.id);
    const file = path.join(process.env.DATA_DIR!, "uploads", "documents", stored!.documentFile!);
    expect(fs.existsSync(file)).toBe(true);
    expect((await moderation(ccas)).claims.some((entry) => entry.id === profile.id)).toBe(true);

    // Another person's withdrawal touches nobody else's claim.
    const stranger = await claim(profile.slug, other, { intent: "withdraw" });
    expect(stranger.status).toBe(409);
    expect((stranger.data as ClaimReply).result?.error?.[""]).toEqual([NOTHING_TO_WITHDRAW]);
    expect(fs.existsSync(file)).toBe(true);

    expect((await claim(profile.slug, person, { intent: "withdraw" })).status).toBe(302);
    expect(fs.existsSync(file)).toBe(false);
    expect((await claimsOf(profile.id))[0]).toMatchObject({ status: "withdrawn", documentFile: null });
    expect((await moderation(ccas)).claims.some((entry) => entry.id === profile.id)).toBe(false);
    const download = await run(() =>
      documentLoader(loaderArgsFor(getRequest(`/ccas/revendications/${stored!.id}/document`, ccas.cookie), { id: stored!.id })),
    );
    expect(download.status).toBe(404);
    expect((await claim(profile.slug, person, { intent: "withdraw" })).status).toBe(409);
  });
});

describe("a new link for a claim by address", () => {
  /** The mails sent to an address so far, waiting until there are `count` of them. */
  async function mailsTo(address: string, count: number) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const mails = smtp.server.mails.filter((mail) => mail.to.includes(address));
      if (mails.length >= count || Date.now() > deadline) return mails;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("replaces a lost link: the old one stops working, the new one proves the claim", async () => {
    const [profile, person] = await Promise.all([freshProfile(), createActor()]);
    const domain = `asso-renvoi-${profile.id.slice(0, 6)}.fr`;
    await nameWebsite(profile, domain);
    const address = `contact@${domain}`;
    expect((await claimByMail(profile.slug, person, address)).status).toBe(302);
    const lost = tokenOf(linkIn((await mailsTo(address, 1))[0]!));

    const resent = await claim(profile.slug, person, { intent: "resend" });
    expect(resent.status).toBe(302);
    expect(resent.headers.get("Location")).toBe(`/organisations/${profile.slug}/revendiquer?envoye=renvoye`);
    const mails = await mailsTo(address, 2);
    expect(mails).toHaveLength(2);
    const fresh = tokenOf(linkIn(mails[1]!));
    expect(fresh).not.toBe(lost);
    const page = (await claimPage(profile.slug, person, "?envoye=renvoye")).data as ClaimPage;
    expect(page).toMatchObject({ sent: "renvoye", pending: { method: "email", email: address, linkConfirmed: false } });
    // Still one claim, waiting.
    expect((await claimsOf(profile.id)).map((row) => row.status)).toEqual(["pending"]);

    const old = await confirm(lost, person);
    expect(old.status).toBe(400);
    expect(old.data).toMatchObject({ error: CLAIM_LINK_INVALID });
    expect((await confirm(fresh, person)).status).toBe(302);
    expect(await adminsOf(profile.id)).toEqual([person.id]);
    // Confirmed: there is no link left to send.
    const after = await claim(profile.slug, person, { intent: "resend" });
    expect(after.status).toBe(409);
  });

  it("sends nothing for a document, another person's claim or no claim, and at most 3 links an hour", async () => {
    const [profile, person, other, documented] = await Promise.all([freshProfile(), createActor(), createActor(), createActor()]);
    const address = `contact@asso-limite-${profile.id.slice(0, 6)}.fr`;
    await claimByMail(profile.slug, person, address);
    await claimByDocument(profile.slug, documented);
    for (const actor of [other, documented]) {
      const refused = await claim(profile.slug, actor, { intent: "resend" });
      expect(refused.status).toBe(409);
      expect((refused.data as ClaimReply).result?.error?.[""]).toEqual([NOTHING_TO_RESEND]);
    }
    for (let round = 0; round < 3; round += 1) expect((await claim(profile.slug, person, { intent: "resend" })).status).toBe(302);
    const fourth = await claim(profile.slug, person, { intent: "resend" });
    expect(fourth.status).toBe(429);
    expect(JSON.stringify(fourth.data)).toContain("Trop de tentatives");
    // The claim's mail, then three new links; the refused fourth sent nothing (links are mailed
    // before the page answers).
    expect(await mailsTo(address, 4)).toHaveLength(4);
    expect(smtp.server.mails.filter((mail) => mail.to.includes(address))).toHaveLength(4);
  });
});

describe("two claims of one profile", () => {
  it("the second waits, even with its link confirmed; both are side by side for the CCAS; accepting one refuses the other", async () => {
    const [profile, first, second, ccas] = await Promise.all([
      freshProfile(),
      createActor(),
      createActor(),
      createActor({ ccas: true }),
    ]);
    expect((await claimByDocument(profile.slug, first)).status).toBe(302);
    await nameWebsite(profile, `deuxieme-${profile.id.slice(0, 6)}.fr`);
    const address = `secretariat@deuxieme-${profile.id.slice(0, 6)}.fr`;
    const sent = await claimByMail(profile.slug, second, address);
    expect(sent.headers.get("Location")).toBe(`/organisations/${profile.slug}/revendiquer?envoye=email&autre=1`);

    await expectWaiting(await confirm(tokenOf(linkIn(await smtp.server.waitFor(address))), second), profile, second, "contested");

    const item = (await moderation(ccas)).claims.find((entry) => entry.id === profile.id)!;
    expect(item.claims.map((entry) => [entry.claimant, entry.canAccept])).toEqual([
      [`Camille Exemple (${first.email})`, true],
      [`Camille Exemple (${second.email})`, true],
    ]);
    expect(item.claims[1]!.proof).toMatch(new RegExp(`^Adresse ${address} confirmée le`));

    const secondClaim = (await claimsOf(profile.id))[1]!;
    const accepted = await decide(ccas, { intent: "accept-claim", claimId: secondClaim.id });
    expect(accepted.data).toMatchObject({ notice: expect.stringContaining("L'autre demande a été refusée") });
    expect(await adminsOf(profile.id)).toEqual([second.id]);
    const refusal = await smtp.server.waitFor(first.email, /n'a pas été acceptée/);
    expect(refusal.text).toContain(OTHER_CLAIM_ACCEPTED);
    expect((await claimsOf(profile.id)).map((row) => row.status)).toEqual(["refused", "accepted"]);
  });

  it("of two acceptances at the same moment, one makes the admin and the other changes nothing", async () => {
    const [profile, first, second, ccas, otherCcas] = await Promise.all([
      freshProfile(),
      createActor(),
      createActor(),
      createActor({ ccas: true }),
      createActor({ ccas: true }),
    ]);
    await claimByDocument(profile.slug, first);
    await claimByDocument(profile.slug, second);
    const [a, b] = await claimsOf(profile.id);
    const answers = await Promise.all([
      decide(ccas, { intent: "accept-claim", claimId: a!.id }),
      decide(otherCcas, { intent: "accept-claim", claimId: b!.id }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const admins = await adminsOf(profile.id);
    expect(admins).toHaveLength(1);
    const statuses = (await claimsOf(profile.id)).map((row) => row.status).sort();
    expect(statuses).toEqual(["accepted", "refused"]);
    expect((await claimsOf(profile.id)).find((row) => row.status === "accepted")!.userId).toBe(admins[0]);
    expect(
      await db().auditEntry.count({ where: { subjectId: profile.id, detail: { startsWith: "Revendication acceptée" } } }),
    ).toBe(1);

    // The same claim accepted twice at once: accepted once.
    const [lone, person] = await Promise.all([freshProfile(), createActor()]);
    await claimByDocument(lone.slug, person);
    const [only] = await claimsOf(lone.id);
    const twice = await Promise.all([
      decide(ccas, { intent: "accept-claim", claimId: only!.id }),
      decide(otherCcas, { intent: "accept-claim", claimId: only!.id }),
    ]);
    expect(twice.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await adminsOf(lone.id)).toEqual([person.id]);
  });
});

describe("a claimed profile", () => {
  it("cannot be claimed: the page says so and the form is refused", async () => {
    const [profile, owner, latecomer] = await Promise.all([freshProfile(), createActor(), createActor()]);
    await nameWebsite(profile, `premier-${profile.id.slice(0, 6)}.fr`);
    const address = `contact@premier-${profile.id.slice(0, 6)}.fr`;
    await claimByMail(profile.slug, owner, address);
    await confirm(tokenOf(linkIn(await smtp.server.waitFor(address))), owner);
    const page = await claimPage(profile.slug, latecomer);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ claimed: true, leftEmpty: false, memberOf: null });
    // Its new admin is sent to complete it.
    expect((await claimPage(profile.slug, owner)).data).toMatchObject({ claimed: true, memberOf: profile.id });
    // Until the structure publishes its own profile, its page keeps the register's facts, without the badge.
    const publicPage = await run(() =>
      profileLoader(loaderArgsFor(getRequest(`/organisations/${profile.slug}`), { slug: profile.slug })),
    );
    expect(publicPage.status).toBe(200);
    expect(publicPage.data).toMatchObject({
      kind: "unclaimed",
      profile: { slug: profile.slug, claimed: true, leftEmpty: false },
    });
    // What the structure writes in its draft is not public before the CCAS checks it: the register's name stays.
    const registerName = (await db().registerEntry.findFirstOrThrow({ where: { organisationId: profile.id } })).name;
    await db().organisation.update({ where: { id: profile.id }, data: { name: "Nom pas encore vérifié" } });
    const draftPage = await run(() =>
      profileLoader(loaderArgsFor(getRequest(`/organisations/${profile.slug}`), { slug: profile.slug })),
    );
    expect(draftPage.data).toMatchObject({ profile: { name: registerName } });
    expect(JSON.stringify(draftPage.data)).not.toContain("Nom pas encore vérifié");
    const refused = await claimByDocument(profile.slug, latecomer);
    expect(refused.status).toBe(409);
    expect((refused.data as ClaimReply).result?.error?.[""]).toEqual([ALREADY_CLAIMED]);

    // Its admin leaves the platform: the page no longer says that the structure completes it.
    expect(await deleteUserAccount(db(), owner.id)).toEqual({ deleted: true });
    const leftPage = await run(() =>
      profileLoader(loaderArgsFor(getRequest(`/organisations/${profile.slug}`), { slug: profile.slug })),
    );
    expect(leftPage.data).toMatchObject({
      kind: "unclaimed",
      profile: { claimed: true, leftEmpty: true, name: registerName, contactEmail: getLegalInfo().CONTACT_EMAIL },
    });
    // Nobody is left to invite the latecomer: the claim page and its refusal send them to the CCAS instead.
    expect((await claimPage(profile.slug, latecomer)).data).toMatchObject({ claimed: true, leftEmpty: true });
    const refusedAgain = await claimByDocument(profile.slug, latecomer);
    expect(refusedAgain.status).toBe(409);
    expect((refusedAgain.data as ClaimReply).result?.error?.[""]).toEqual([CLAIMED_LEFT_EMPTY]);
    // An editor still in it completes the profile, but cannot invite anyone: still no admin to ask.
    const editor = await createActor();
    await db().membership.create({ data: { userId: editor.id, organisationId: profile.id, role: "editor" } });
    const edited = await run(() =>
      profileLoader(loaderArgsFor(getRequest(`/organisations/${profile.slug}`), { slug: profile.slug })),
    );
    expect(edited.data).toMatchObject({ profile: { claimed: true, leftEmpty: false } });
    expect((await claimPage(profile.slug, latecomer)).data).toMatchObject({ claimed: true, leftEmpty: true });

    // A structure that signed up itself is no more claimable.
    const signedUp = await createOrganisationFor(await createActor());
    expect((await claimPage(signedUp.slug, latecomer)).data).toMatchObject({ claimed: true });
    expect((await claimByDocument(signedUp.slug, latecomer)).status).toBe(409);
    expect(await db().profileClaim.count({ where: { userId: latecomer.id } })).toBe(0);
  });
});

describe("limits", () => {
  it("an account makes 5 claims a day at most", async () => {
    const person = await createActor();
    for (let index = 0; index < 5; index += 1) {
      const profile = await freshProfile();
      expect((await claimByMail(profile.slug, person, `contact@limite-${index}-${profile.id.slice(0, 6)}.fr`)).status).toBe(302);
    }
    const sixth = await freshProfile();
    const refused = await claimByMail(sixth.slug, person, `contact@limite-6-${sixth.id.slice(0, 6)}.fr`);
    expect(refused.status).toBe(429);
    expect((refused.data as ClaimReply).result?.error?.[""]?.[0]).toMatch(/^Vous avez fait beaucoup de demandes aujourd'hui\./);
    expect(await claimsOf(sixth.id)).toEqual([]);
    // Refused beside the form that was sent, and the document refused with it is not kept.
    const documents = path.join(process.env.DATA_DIR!, "uploads", "documents");
    const filesBefore = fs.readdirSync(documents).length;
    const byDocument = await claimByDocument(sixth.slug, person);
    expect(byDocument.status).toBe(429);
    expect(byDocument.data).toMatchObject({ intent: "document" });
    expect(fs.readdirSync(documents).length).toBe(filesBefore);
  });

  it("files refused (not a PDF) are mistakes to correct: they do not count among the day's claims", async () => {
    const person = await createActor();
    const profile = await freshProfile();
    for (let index = 0; index < 6; index += 1) {
      const notPdf = await claimByDocument(profile.slug, person, new File(["<html></html>"], "statuts.pdf"));
      expect(notPdf.status).toBe(400);
    }
    expect((await claimByDocument(profile.slug, person)).status).toBe(302);
  });
});

describe("authorization of the new routes", () => {
  it("anonymous, unconfirmed, another structure's admin, CCAS", async () => {
    const profile = await freshProfile();
    const [unconfirmed, otherAdmin, ccas, claimant] = await Promise.all([
      createActor({ verified: false }),
      createActor(),
      createActor({ ccas: true }),
      createActor(),
    ]);
    await createOrganisationFor(otherAdmin);
    await claimByDocument(profile.slug, claimant);
    const [stored] = await claimsOf(profile.id);
    const download = (actor?: Actor) =>
      run(() =>
        documentLoader(
          loaderArgsFor(getRequest(`/ccas/revendications/${stored!.id}/document`, actor?.cookie), { id: stored!.id }),
        ),
      );
    const moderationPage = (actor?: Actor) =>
      run(() => moderationLoader(loaderArgsFor(getRequest("/ccas/moderation", actor?.cookie))));
    const decideAs = (actor?: Actor) =>
      run(() =>
        moderationAction(
          actionArgs(formRequest("/ccas/moderation", { intent: "accept-claim", claimId: stored!.id }, actor?.cookie)),
        ),
      );
    const seen = async (actor?: Actor) => ({
      page: (await claimPage(profile.slug, actor)).status,
      claim: (await claim(profile.slug, actor, {})).status,
      download: (await download(actor)).status,
      queue: (await moderationPage(actor)).status,
      decide: (await decideAs(actor)).status,
    });
    expect(await seen()).toEqual({ page: 302, claim: 302, download: 302, queue: 302, decide: 302 });
    expect(await seen(unconfirmed)).toEqual({ page: 200, claim: 400, download: 403, queue: 403, decide: 403 });
    expect(await seen(otherAdmin)).toEqual({ page: 200, claim: 400, download: 403, queue: 403, decide: 403 });
    expect(await seen(claimant)).toEqual({ page: 200, claim: 400, download: 403, queue: 403, decide: 403 });
    expect(await adminsOf(profile.id)).toEqual([]);
    expect(await seen(ccas)).toEqual({ page: 200, claim: 400, download: 200, queue: 200, decide: 200 });
    expect(await adminsOf(profile.id)).toEqual([claimant.id]);
    // Another structure's admin claims like anyone: with a proof, and only becomes this one's admin once accepted.
    expect(await db().membership.count({ where: { userId: otherAdmin.id, organisationId: profile.id } })).toBe(0);
    // The link's page answers anyone; without a valid token it confirms nothing.
    for (const actor of [undefined, unconfirmed, otherAdmin, ccas]) {
      expect(
        (await run(() => confirmLoader(loaderArgsFor(getRequest("/revendication/confirmer?token=faux", actor?.cookie))))).data,
      ).toEqual({
        token: "faux",
        claim: null,
      });
      expect((await confirm("faux", actor)).status).toBe(400);
    }
  });
});

describe("a later import", () => {
  it("updates the register entry of a claimed profile and never what the structure wrote", async () => {
    const entry = await db().registerEntry.findUniqueOrThrow({ where: { id: movedEntryId }, include: { organisation: true } });
    const profile = entry.organisation!;
    const [person, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    await claimByDocument(profile.slug, person);
    const [stored] = await claimsOf(profile.id);
    expect((await decide(ccas, { intent: "accept-claim", claimId: stored!.id })).status).toBe(200);
    // What the structure wrote once it administers its profile.
    await db().organisation.update({
      where: { id: profile.id },
      data: {
        name: "Les Amis du Quartier (nom choisi)",
        description: "Ce que nous faisons, dit par nous.",
        address: "Notre adresse",
      },
    });
    await importFile("rna-waldec-2025-06.csv");
    const after = await db().registerEntry.findUniqueOrThrow({ where: { id: movedEntryId }, include: { organisation: true } });
    expect(after.address).not.toBe(entry.address);
    expect(after.address).toContain("DU NOUVEAU SIEGE");
    expect(after.organisationId).toBe(profile.id);
    expect(after.organisation).toMatchObject({
      name: "Les Amis du Quartier (nom choisi)",
      description: "Ce que nous faisons, dit par nous.",
      address: "Notre adresse",
      unclaimed: false,
    });
    expect(await adminsOf(profile.id)).toEqual([person.id]);
  });
});
