import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { action as createAction } from "~/routes/espace.organisations.nouvelle";
import { action as editAction, loader as editLoader } from "~/routes/espace.organisations.$id._index";
import { action as membersAction, loader as membersLoader } from "~/routes/espace.organisations.$id.membres";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitation";
import { action as newOfferAction } from "~/routes/espace.organisations.$id.offres.nouvelle";
import { action as offerAction, loader as offerLoader } from "~/routes/espace.organisations.$id.offres.$offerId";
import { action as moderationAction, loader as moderationLoader } from "~/routes/ccas.moderation";
import { action as contactAction, loader as publicLoader } from "~/routes/organisations.$slug._index";
import { loader as logoLoader } from "~/routes/organisations.$slug.logo";
import { loader as directoryLoader } from "~/routes/annuaire";
import { getOrganisationLinks, getPublishedOrganisationsForSubAxes } from "~/models/organisation.server";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { OFFER_FORM } from "../helpers/form-fixtures";
import { makePng } from "../helpers/images";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { linkIn, useTestSmtp } from "../helpers/smtp";
import { buildDocuments } from "../../search/documents";

const smtp = useTestSmtp();
beforeEach(() => resetRateLimits());

const db = () => getDb();

const VALID = {
  name: "Les Jardins Partagés du Nord",
  shortDescription: "Des jardins où voisins isolés et bénévoles cultivent ensemble.",
  description: "Premier paragraphe.\n\nSecond paragraphe.",
  sector: "associatif",
  kind: "association",
  rna: "W443001234",
  quartiers: ["nantes-nord", "breil-barberie"],
  subAxes: ["2.1", "2.3"],
  offers: ["locaux"],
  seeks: ["competences", "financier"],
  // A point in Nantes Nord.
  latitude: "47.2561",
  longitude: "-1.5613",
};

async function createVia(actor: Actor, fields: Record<string, string | string[]> = VALID) {
  return run(() => createAction(actionArgs(formRequest("/espace/organisations/nouvelle", fields, actor.cookie))));
}

async function rejectAs(ccas: Actor, organisationId: string, reason: string) {
  return run(() =>
    moderationAction(
      actionArgs(
        formRequest(
          "/ccas/moderation",
          { intent: "reject", entityType: "organisation", entityId: organisationId, reason },
          ccas.cookie,
        ),
      ),
    ),
  );
}

async function publishAs(ccas: Actor, entityType: "organisation" | "offer", entityId: string) {
  return run(() =>
    moderationAction(actionArgs(formRequest("/ccas/moderation", { intent: "publish", entityType, entityId }, ccas.cookie))),
  );
}

describe("creating an organisation", () => {
  it("creates it with its creator as admin and sends it to the CCAS queue", async () => {
    const actor = await createActor();
    const response = await createVia(actor);
    expect(response.status).toBe(302);
    const organisation = await db().organisation.findFirstOrThrow({
      where: { name: VALID.name },
      include: {
        memberships: true,
        quartiers: { include: { quartier: true } },
        subAxes: { include: { subAxis: true } },
        resources: true,
        homeQuartier: true,
      },
    });
    expect(response.headers.get("Location")).toBe(`/espace/organisations/${organisation.id}?cree=pending`);
    expect(organisation).toMatchObject({ status: "pending", slug: "les-jardins-partages-du-nord", rna: "W443001234" });
    expect(organisation.memberships).toEqual([expect.objectContaining({ userId: actor.id, role: "admin" })]);
    expect(organisation.quartiers.map((item) => item.quartier.slug).sort()).toEqual(["breil-barberie", "nantes-nord"]);
    expect(organisation.subAxes.map((item) => item.subAxis.code).sort()).toEqual(["2.1", "2.3"]);
    expect(organisation.homeQuartier?.slug).toBe("nantes-nord");
    // Not public until the CCAS publishes it.
    expect(
      await run(() =>
        publicLoader(loaderArgsFor(getRequest(`/organisations/${organisation.slug}`), { slug: organisation.slug })),
      ),
    ).toMatchObject({ status: 404 });
  });

  it("keeps a profile without SIRET or RNA as a draft", async () => {
    const actor = await createActor();
    await createVia(actor, { ...VALID, name: "Sans identifiant", rna: "" });
    expect((await db().organisation.findFirstOrThrow({ where: { name: "Sans identifiant" } })).status).toBe("draft");
  });

  it("refuses bad input with French messages beside the fields, keeps it, and saves nothing", async () => {
    const actor = await createActor();
    const before = await db().organisation.count();
    const response = await createVia(actor, {
      ...VALID,
      siret: "12345678901234",
      sector: "inconnu",
      shortDescription: "x".repeat(281),
      subAxes: ["9.9"],
      publicEmail: "pas-une-adresse",
    });
    expect(response.status).toBe(400);
    const result = (response.data as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } })
      .result;
    expect(result.error.siret?.[0]).toMatch(/SIRET doit comporter 14 chiffres valides/);
    expect(result.error.sector?.[0]).toBe("Secteur : choisissez une valeur de la liste.");
    expect(result.error.shortDescription?.[0]).toBe("Présentation courte : 280 caractères au maximum.");
    expect(result.error.subAxes?.[0]).toMatch(/Sous-axes/);
    expect(result.error.publicEmail?.[0]).toMatch(/adresse e-mail valide/);
    expect(result.initialValue.name).toBe(VALID.name);
    expect(await db().organisation.count()).toBe(before);
  });

  it("accepts La Poste's SIRET, which fails Luhn's check", async () => {
    const actor = await createActor();
    const response = await createVia(actor, { ...VALID, name: "Bureau de poste fictif", rna: "", siret: "356 000 000 00 056" });
    expect(response.status).toBe(302);
  });

  it("refuses a second profile for a SIRET already here, marking the SIRET and keeping what was typed; another SIRET of the same association is a new one", async () => {
    const [first, second, ccas] = await Promise.all([createActor(), createActor(), createActor({ ccas: true })]);
    const siret = "44300123400014";
    expect((await createVia(first, { ...VALID, name: "Atelier fictif du Nord", siret })).status).toBe(302);
    const before = await db().organisation.count();
    const again = await createVia(second, { ...VALID, name: "Atelier fictif bis", siret: "443 001 234 00014" });
    expect(again.status).toBe(409);
    type Answer = { sameSiret: unknown; result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } };
    const answer = again.data as Answer;
    // Still waiting for the CCAS: not public, so not named to whoever types its SIRET.
    expect(answer.sameSiret).toEqual({ published: null, waiting: true });
    expect(answer.result.error.siret).toEqual([
      "Ce SIRET est déjà celui d'une fiche en attente de validation sur Coopérons : demandez à ses administrateurs de vous inviter, ou corrigez le numéro.",
    ]);
    expect(JSON.stringify(again.data)).not.toContain("Atelier fictif du Nord");
    expect(answer.result.initialValue).toMatchObject({ name: "Atelier fictif bis", siret: "443 001 234 00014" });
    expect(await db().organisation.count()).toBe(before);

    // Published: named, with its page.
    const firstProfile = await db().organisation.findFirstOrThrow({ where: { name: "Atelier fictif du Nord" } });
    expect((await publishAs(ccas, "organisation", firstProfile.id)).status).toBe(200);
    const named = (await createVia(second, { ...VALID, name: "Atelier fictif bis", siret })).data as Answer;
    expect(named.sameSiret).toEqual({
      published: { name: "Atelier fictif du Nord", slug: firstProfile.slug },
      waiting: false,
    });
    expect(named.result.error.siret?.[0]).toBe(
      "Ce SIRET est déjà celui de « Atelier fictif du Nord » sur Coopérons : demandez à ses administrateurs de vous inviter, ou corrigez le numéro.",
    );
    // With another field wrong as well: both said at once (400), nothing written.
    const both = await createVia(second, { ...VALID, name: "", siret });
    expect(both.status).toBe(400);
    expect((both.data as Answer).result.error).toMatchObject({
      name: [expect.any(String)],
      siret: [expect.stringMatching(/^Ce SIRET est déjà celui/)],
    });
    expect(await db().organisation.count()).toBe(before);

    // Another establishment (its own SIRET) of the same association (same RNA number): created.
    expect((await createVia(second, { ...VALID, name: "Atelier fictif du Sud", siret: "44300123400022" })).status).toBe(302);

    // An edit that gives the second structure the first one's SIRET: refused the same way, nothing saved.
    const southProfile = await db().organisation.findFirstOrThrow({ where: { name: "Atelier fictif du Sud" } });
    const edit = (fields: Record<string, string | string[]>) =>
      run(() =>
        editAction(
          actionArgs(
            formRequest(`/espace/organisations/${southProfile.id}`, { ...VALID, intent: "save", ...fields }, second.cookie),
            {
              id: southProfile.id,
            },
          ),
        ),
      );
    const taken = await edit({ name: "Atelier fictif du Sud", siret: "443 001 234 00014" });
    expect(taken.status).toBe(409);
    expect((taken.data as Answer).result.error).toEqual({
      // At the page's top too: without JavaScript the page comes back there.
      "": ["Le SIRET saisi est déjà celui d'une autre structure sur Coopérons : rien n'a été enregistré (voir sous le champ)."],
      siret: [
        // On an edit: correct the number (the structure edited is the person's already).
        "Ce SIRET est déjà celui de « Atelier fictif du Nord » sur Coopérons : corrigez le numéro (une structure n'a qu'une fiche).",
      ],
    });
    const unchanged = await db().organisation.findUniqueOrThrow({ where: { id: southProfile.id } });
    expect(unchanged).toMatchObject({ siret: "44300123400022", pendingChanges: null });
    // Its own SIRET, sent again with another change: saved.
    expect((await edit({ name: "Atelier fictif du Sud-Loire", siret: "44300123400022" })).status).toBe(200);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: southProfile.id } })).name).toBe(
      "Atelier fictif du Sud-Loire",
    );
  });

  it("counts a SIRET waiting in a published structure's changes, tells a member it is their own structure, and does not say « waiting » of a refused one", async () => {
    const [alice, bob, ccas] = await Promise.all([createActor(), createActor(), createActor({ ccas: true })]);
    type Answer = {
      sameSiret: unknown;
      own: unknown;
      contactEmail: string | null;
      result: { error: Record<string, string[]> };
    };
    // Alice's published structure changes its SIRET; the change waits for the CCAS.
    expect((await createVia(alice, { ...VALID, name: "Épicerie fictive d'Alice", siret: "44300123400030" })).status).toBe(302);
    const shop = await db().organisation.findFirstOrThrow({ where: { name: "Épicerie fictive d'Alice" } });
    await publishAs(ccas, "organisation", shop.id);
    const edited = await run(() =>
      editAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${shop.id}`,
            { ...VALID, intent: "save", name: "Épicerie fictive d'Alice", siret: "44300123400048" },
            alice.cookie,
          ),
          { id: shop.id },
        ),
      ),
    );
    expect(edited.status).toBe(200);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: shop.id } })).siret).toBe("44300123400030");
    const before = await db().organisation.count();
    const waitingChange = await createVia(bob, { ...VALID, name: "Épicerie de Bob", siret: "44300123400048" });
    expect(waitingChange.status).toBe(409);
    // A change the CCAS has not approved: neither named nor linked (its page shows the other SIRET).
    expect((waitingChange.data as Answer).sameSiret).toEqual({ published: null, waiting: true });
    expect((waitingChange.data as Answer).result.error.siret?.[0]).toMatch(
      /^Ce SIRET est déjà celui d'une fiche en attente de validation sur Coopérons/,
    );
    expect(JSON.stringify(waitingChange.data)).not.toContain("Alice");

    // Alice typing her own structure's SIRET: pointed to it in her space, not told to ask for an invitation.
    const own = (await createVia(alice, { ...VALID, name: "Encore l'épicerie", siret: "44300123400030" })).data as Answer;
    expect(own).toMatchObject({ sameSiret: null, own: { name: "Épicerie fictive d'Alice", id: shop.id } });
    expect(own.result.error.siret).toEqual([
      "Ce SIRET est celui de « Épicerie fictive d'Alice », dont vous êtes membre : retrouvez sa fiche dans « Mon espace ».",
    ]);

    // A refused structure: neither named nor said to be waiting; the CCAS's address to ask.
    expect((await createVia(alice, { ...VALID, name: "Atelier refusé", siret: "44300123400055" })).status).toBe(302);
    const refused = await db().organisation.findFirstOrThrow({ where: { name: "Atelier refusé" } });
    await rejectAs(ccas, refused.id, "Fiche incomplète.");
    const answer = (await createVia(bob, { ...VALID, name: "Atelier de Bob", siret: "44300123400055" })).data as Answer;
    expect(answer.sameSiret).toEqual({ published: null, waiting: false });
    expect(answer.contactEmail).toMatch(/@/);
    expect(answer.result.error.siret?.[0]).toMatch(/^Ce SIRET est déjà celui d'une fiche non publiée sur Coopérons/);
    expect(JSON.stringify(answer)).not.toContain("Atelier refusé");
    expect(await db().organisation.count()).toBe(before + 1);

    // The CCAS refuses Alice's change: the SIRET it carried is nobody's now, and Bob's structure is created.
    await rejectAs(ccas, shop.id, "Ce SIRET n'est pas celui de l'épicerie.");
    expect(await db().organisation.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      siret: "44300123400030",
      pendingChanges: null,
    });
    expect((await createVia(bob, { ...VALID, name: "Épicerie de Bob", siret: "44300123400048" })).status).toBe(302);
    expect(await db().organisation.count()).toBe(before + 2);
  });

  it("is refused to someone whose address is not confirmed", async () => {
    const actor = await createActor({ verified: false });
    expect((await createVia(actor)).status).toBe(403);
  });
});

describe("a fiche saved without JavaScript", () => {
  it("brings its page back by a GET that says it once, to that page only; Remix's own request gets the answer", async () => {
    const admin = await createActor();
    await createVia(admin, { ...VALID, name: "Fiche sans script" });
    const organisation = await db().organisation.findFirstOrThrow({ where: { name: "Fiche sans script" } });
    const path = `/espace/organisations/${organisation.id}`;
    const save = (headers: Record<string, string>, fields: Record<string, string | string[]> = {}) => {
      const request = formRequest(
        `${path}?index`,
        { ...VALID, name: "Fiche sans script", intent: "save", ...fields },
        admin.cookie,
      );
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return run(() => editAction(actionArgs(request, { id: organisation.id })));
    };
    const shown = async (at: string, cookie: string, id = organisation.id) =>
      ((await run(() => editLoader(loaderArgsFor(getRequest(at, cookie), { id })))).data as { flashed: unknown }).flashed;

    const done = await save({ "Sec-Fetch-Dest": "document" });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(path);
    const flash = done.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(await shown(path, `${admin.cookie}; ${flash}`)).toEqual({
      intent: "save",
      notice: "Fiche enregistrée et envoyée au CCAS pour validation.",
    });
    expect(await shown(path, admin.cookie)).toBeNull();
    // Signed for this page: another structure's page (its cookie path aside) does not take it.
    const other = await createOrganisationFor(admin);
    expect(await shown(`/espace/organisations/${other.id}`, `${admin.cookie}; ${flash}`, other.id)).toBeNull();
    // Refused: in place, as before.
    expect((await save({ "Sec-Fetch-Dest": "document" }, { name: "" })).status).toBe(400);
    // With JavaScript: the answer itself.
    expect(await save({ "Sec-Fetch-Dest": "empty" })).toMatchObject({
      status: 200,
      data: { intent: "save", notice: "Fiche enregistrée et envoyée au CCAS pour validation." },
    });
  });
});

describe("moderation of a published profile's changes", () => {
  it("keeps the approved version public until the CCAS publishes the change", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    await createVia(admin, { ...VALID, name: "Avant modification" });
    const organisation = await db().organisation.findFirstOrThrow({ where: { name: "Avant modification" } });
    expect((await publishAs(ccas, "organisation", organisation.id)).status).toBe(200);

    const edit = await run(() =>
      editAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${organisation.id}`,
            { ...VALID, intent: "save", name: "Après modification", subAxes: ["2.1"] },
            admin.cookie,
          ),
          { id: organisation.id },
        ),
      ),
    );
    expect(edit.status).toBe(200);
    const publicPage = (await publicLoader(loaderArgsFor(getRequest("/"), { slug: organisation.slug }))) as {
      organisation: { name: string };
    };
    expect(publicPage.organisation.name).toBe("Avant modification");
    const backOffice = (await editLoader(loaderArgsFor(getRequest("/", admin.cookie), { id: organisation.id }))) as {
      form: { name: string };
      hasPendingChanges: boolean;
    };
    expect(backOffice).toMatchObject({ hasPendingChanges: true, form: { name: "Après modification" } });

    const queue = await moderationLoader(loaderArgsFor(getRequest("/ccas/moderation", ccas.cookie)));
    // The CCAS reads what the edit changes: the name and the sub-axes (the same form sent again otherwise).
    expect(queue.organisations.find((item) => item.id === organisation.id)).toMatchObject({
      kind: "changes",
      name: "Après modification",
      changes: [
        { name: "Nom de la structure", before: "Avant modification", after: "Après modification" },
        // Sub-axes by their titles, as the call names them.
        { name: "Sous-axes", before: expect.stringMatching(/^2\.1 — .+, 2\.3 — .+/), after: expect.stringMatching(/^2\.1 — /) },
      ],
    });
    // An edit is validated, and said so to the CCAS and to the structure.
    expect((await publishAs(ccas, "organisation", organisation.id)).data).toMatchObject({
      notice:
        "Modifications validées : elles sont en ligne. Ses administrateurs en sont informés, selon leur choix de notification.",
    });
    const mail = await smtp.server.waitFor(admin.email, /^Vos modifications sont en ligne — Coopérons$/);
    // Named as it is online now (the validated changes renamed it).
    expect(mail.text).toContain("Le CCAS a validé les modifications de la fiche « Après modification »");
    const after = (await publicLoader(loaderArgsFor(getRequest("/"), { slug: organisation.slug }))) as {
      organisation: { name: string };
    };
    expect(after.organisation.name).toBe("Après modification");
  });

  it("a new fiche in the moderation queue: everything it would publish, each field by its form's name", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    await createVia(admin, {
      ...VALID,
      name: "Fiche à lire en entier",
      website: "https://exemple.org/jardins",
      publicPhone: "02 40 00 00 01",
      address: "12 rue fictive, Nantes",
    });
    const queue = await moderationLoader(loaderArgsFor(getRequest("/ccas/moderation", ccas.cookie)));
    const item = queue.organisations.find((organisation) => organisation.name === "Fiche à lire en entier")!;
    expect(item.kind).toBe("new");
    const content = Object.fromEntries(item.content.map((field) => [field.name, field.value]));
    expect(content).toMatchObject({
      "Nom de la structure": "Fiche à lire en entier",
      Secteur: "Associatif",
      "Numéro RNA": "W443001234",
      "Site internet": "https://exemple.org/jardins",
      "Téléphone public": "02 40 00 00 01",
      Adresse: "12 rue fictive, Nantes",
      // In the form's order.
      "Quartiers où la structure agit": "Breil - Barberie, Nantes Nord",
      "Ressources que vous pouvez apporter": "Locaux",
      "Toute la ville": "non",
    });
    expect(content.Description).toMatch(/^Premier paragraphe\.\r?\n\r?\nSecond paragraphe\.$/);
    expect(content["Sous-axes"]).toMatch(/^2\.1 — .+, 2\.3 — /);
    // Nothing empty listed (no SIRET, no public e-mail).
    expect(Object.keys(content)).not.toContain("SIRET");
    expect(Object.keys(content)).not.toContain("E-mail public");
  });

  it("refused changes: the mail names the structure and says its online version stays", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    await createVia(admin, { ...VALID, name: "Fiche en ligne" });
    const organisation = await db().organisation.findFirstOrThrow({ where: { name: "Fiche en ligne" } });
    await publishAs(ccas, "organisation", organisation.id);
    await run(() =>
      editAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${organisation.id}`,
            { ...VALID, intent: "save", name: "Fiche modifiée" },
            admin.cookie,
          ),
          { id: organisation.id },
        ),
      ),
    );
    // A second administrator: each gets a mail of their own, greeted by name.
    const second = await createActor();
    await db().user.update({ where: { id: second.id }, data: { name: "Dominique Fictif" } });
    await db().membership.create({ data: { userId: second.id, organisationId: organisation.id, role: "admin" } });
    const refused = await rejectAs(ccas, organisation.id, "Le nom ne correspond pas.");
    expect(refused.status).toBe(200);
    const mail = await smtp.server.waitFor(admin.email, /^Vos modifications n'ont pas été validées — Coopérons$/);
    expect(mail.text).toMatch(/^Bonjour Camille Exemple,\n/);
    expect(mail.to).toEqual([admin.email]);
    const secondMail = await smtp.server.waitFor(second.email, /^Vos modifications n'ont pas été validées — Coopérons$/);
    expect(secondMail.text).toMatch(/^Bonjour Dominique Fictif,\n/);
    expect(mail.text).toContain(
      "Le CCAS n'a pas validé les modifications de la fiche « Fiche en ligne », pour le motif suivant :",
    );
    expect(mail.text).toContain("Le nom ne correspond pas.");
    expect(mail.text).toContain(`La version en ligne reste visible, sans ces modifications : `);
    // Refused changes are not kept: the mail does not promise to take them up again.
    expect(mail.text).toContain(
      "saisissez-les depuis votre espace, en tenant compte de ce motif : le formulaire y montre la version en ligne.",
    );
    expect(mail.text).toContain(`/organisations/${organisation.slug}`);
    expect(await db().organisation.findUniqueOrThrow({ where: { id: organisation.id } })).toMatchObject({
      status: "published",
      name: "Fiche en ligne",
      pendingChanges: null,
    });
  });

  it("rejects with a reason mailed to the admins; a reason is required", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    await createVia(admin, { ...VALID, name: "À refuser" });
    const organisation = await db().organisation.findFirstOrThrow({ where: { name: "À refuser" } });
    const noReason = await rejectAs(ccas, organisation.id, "");
    expect(noReason.status).toBe(400);
    const rejected = await rejectAs(ccas, organisation.id, "Le RNA ne correspond pas.");
    expect(rejected.status).toBe(200);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: organisation.id } })).status).toBe("rejected");
    const mail = await smtp.server.waitFor(admin.email, /n'a pas été validée/);
    expect(mail.text).toContain("Le RNA ne correspond pas.");
    // Where to correct it: the structure's page in their space.
    expect(mail.text).toContain(`depuis votre espace puis l'enregistrer à nouveau : `);
    expect(mail.text).toContain(`/espace/organisations/${organisation.id}`);
  });

  it("lets the CCAS mark an organisation as verified", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin);
    await run(() =>
      moderationAction(
        actionArgs(
          formRequest(
            "/ccas/moderation",
            { intent: "verify", entityType: "organisation", entityId: organisation.id },
            ccas.cookie,
          ),
        ),
      ),
    );
    expect((await db().organisation.findUniqueOrThrow({ where: { id: organisation.id } })).verifiedAt).toBeInstanceOf(Date);
  });
});

describe("members", () => {
  const members = (actor: Actor, organisationId: string, fields: Record<string, string>) =>
    run(() =>
      membersAction(
        actionArgs(formRequest(`/espace/organisations/${organisationId}/membres`, fields, actor.cookie), { id: organisationId }),
      ),
    );

  it("invites by mail; the invited person accepts with the same address", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const invitee = await createActor();
    expect((await members(admin, organisation.id, { intent: "invite", email: invitee.email, role: "editor" })).status).toBe(200);
    const token = new URL(linkIn(await smtp.server.waitFor(invitee.email, /vous invite/))).searchParams.get("token")!;

    const stranger = await createActor();
    const wrongPerson = await run(() =>
      invitationAction(actionArgs(formRequest("/invitation", { token, intent: "accept" }, stranger.cookie))),
    );
    expect(wrongPerson.status).toBe(403);

    const accepted = await run(() =>
      invitationAction(actionArgs(formRequest("/invitation", { token, intent: "accept" }, invitee.cookie))),
    );
    expect(accepted.status).toBe(302);
    expect(
      await db().membership.findUnique({
        where: { userId_organisationId: { userId: invitee.id, organisationId: organisation.id } },
      }),
    ).toMatchObject({ role: "editor" });
  });

  it("lets an invitation be declined or cancelled, and a member leave", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const invitee = await createActor();
    await members(admin, organisation.id, { intent: "invite", email: invitee.email, role: "admin" });
    const token = new URL(linkIn(await smtp.server.waitFor(invitee.email, /vous invite/))).searchParams.get("token")!;
    expect(
      (await run(() => invitationAction(actionArgs(formRequest("/invitation", { token, intent: "decline" }, invitee.cookie)))))
        .status,
    ).toBe(302);
    expect(await db().invitation.count({ where: { organisationId: organisation.id } })).toBe(0);

    await members(admin, organisation.id, { intent: "invite", email: "quelquun@exemple.org", role: "editor" });
    const invitation = await db().invitation.findFirstOrThrow({ where: { organisationId: organisation.id } });
    expect((await members(admin, organisation.id, { intent: "cancel-invitation", invitationId: invitation.id })).status).toBe(
      200,
    );
    expect(await db().invitation.count({ where: { organisationId: organisation.id } })).toBe(0);

    const editor = await createActor();
    await db().membership.create({ data: { userId: editor.id, organisationId: organisation.id, role: "editor" } });
    expect((await members(editor, organisation.id, { intent: "leave" })).status).toBe(302);
    expect(await db().membership.count({ where: { organisationId: organisation.id } })).toBe(1);
  });

  it("always keeps one admin, and only admins manage members", async () => {
    const editor = await createActor();
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin, { editors: [editor] });
    expect((await members(admin, organisation.id, { intent: "leave" })).status).toBe(400);
    expect((await members(editor, organisation.id, { intent: "remove", userId: admin.id })).status).toBe(403);
    expect((await members(editor, organisation.id, { intent: "invite", email: "x@exemple.org", role: "admin" })).status).toBe(
      403,
    );
    expect((await members(admin, organisation.id, { intent: "remove", userId: editor.id })).status).toBe(200);
    expect(await db().membership.count({ where: { organisationId: organisation.id } })).toBe(1);
  });

  it("shows the members and pending invitations as they change, and a used invitation no longer opens", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const invitee = await createActor();
    const page = async () =>
      (await membersLoader(
        loaderArgsFor(getRequest(`/espace/organisations/${organisation.id}/membres`, admin.cookie), { id: organisation.id }),
      )) as { members: { email: string; role: string }[]; invitations: { email: string; role: string }[] };

    const invited = await members(admin, organisation.id, { intent: "invite", email: invitee.email, role: "editor" });
    expect(invited.data).toMatchObject({ notice: `Invitation envoyée à ${invitee.email}.` });
    expect((await page()).invitations).toEqual([expect.objectContaining({ email: invitee.email, role: "editor" })]);
    const mail = await smtp.server.waitFor(invitee.email, /vous invite/);
    expect(mail.subject).toContain(organisation.name);
    // What to do with it, as the CCAS's own invitations say: the address to log in with, and an
    // account to create first with it.
    expect(mail.text).toContain(
      `Pour accepter, ouvrez ce lien (valable 14 jours) et connectez-vous avec cette adresse, ${invitee.email} :`,
    );
    expect(mail.text).toMatch(
      /Si vous n'avez pas encore de compte, créez-le d'abord avec cette même adresse \(http[^)]+\/inscription\), puis rouvrez le lien\./,
    );
    const token = new URL(linkIn(mail)).searchParams.get("token")!;
    expect(await invitationLoader(loaderArgsFor(getRequest(`/invitation?token=${token}`, invitee.cookie)))).toMatchObject({
      invitation: { organisation: organisation.name, role: "editor" },
      mismatch: false,
    });

    await run(() => invitationAction(actionArgs(formRequest("/invitation", { token, intent: "accept" }, invitee.cookie))));
    const after = await page();
    expect(after.members.map((member) => [member.email, member.role])).toEqual([
      [admin.email, "admin"],
      [invitee.email, "editor"],
    ]);
    expect(after.invitations).toEqual([]);
    const reused = await run(() =>
      invitationAction(actionArgs(formRequest("/invitation", { token, intent: "accept" }, invitee.cookie))),
    );
    expect(reused.status).toBe(400);
    expect(JSON.stringify(reused.data)).toContain("n'est plus valable");

    const again = await members(admin, organisation.id, { intent: "invite", email: invitee.email, role: "admin" });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain("fait déjà partie de la structure");
    expect(JSON.stringify(again.data)).toContain(invitee.email);
  });

  it("mails at most 3 invitations a day to one address, whoever invites it", async () => {
    const [admin, otherAdmin] = await Promise.all([createActor(), createActor()]);
    const [organisation, otherOrganisation] = await Promise.all([
      createOrganisationFor(admin),
      createOrganisationFor(otherAdmin),
    ]);
    const target = `dehors-${admin.id}@exemple.org`;
    const statuses = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push((await members(admin, organisation.id, { intent: "invite", email: target, role: "editor" })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await members(admin, organisation.id, { intent: "invite", email: target, role: "admin" });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toContain("Trop d'invitations envoyées à cette adresse. Réessayez dans 24 heures.");
    // The form keeps what was typed.
    expect(refused.data).toMatchObject({ intent: "invite", result: { initialValue: { email: target, role: "admin" } } });
    // Another organisation's admin, the same address written otherwise: refused too.
    const elsewhere = await members(otherAdmin, otherOrganisation.id, {
      intent: "invite",
      email: ` ${target.toUpperCase()}`,
      role: "editor",
    });
    expect(elsewhere.status).toBe(429);
    expect(smtp.server.mails.filter((mail) => mail.to.includes(target))).toHaveLength(3);
  });

  it("mails at most 20 invitations a day per account", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const statuses = [];
    for (let index = 0; index < 22; index += 1) {
      const email = `invite-${index}-${admin.id}@exemple.org`;
      statuses.push((await members(admin, organisation.id, { intent: "invite", email, role: "editor" })).status);
    }
    expect(statuses).toEqual([...Array(20).fill(200), 429, 429]);
    const refused = await members(admin, organisation.id, {
      intent: "invite",
      email: `encore-${admin.id}@exemple.org`,
      role: "editor",
    });
    expect(JSON.stringify(refused.data)).toContain("Trop d'invitations envoyées. Réessayez dans 24 heures.");
    expect(refused.data).toMatchObject({ result: { initialValue: { email: `encore-${admin.id}@exemple.org` } } });
    expect(smtp.server.mails.filter((mail) => mail.to.some((to) => to.endsWith(`-${admin.id}@exemple.org`)))).toHaveLength(20);
    expect(await db().invitation.count({ where: { organisationId: organisation.id } })).toBe(20);
  });

  it("answers a malformed request with a French message, and keeps the last admin", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const noMember = await members(admin, organisation.id, { intent: "remove" });
    expect(noMember.status).toBe(400);
    expect(noMember.data).toMatchObject({ error: "Choisissez le membre à retirer." });
    const unknown = await members(admin, organisation.id, { intent: "promote", userId: admin.id });
    expect(unknown.status).toBe(400);
    expect(unknown.data).toMatchObject({ error: "Action inconnue." });
    const badInvite = await members(admin, organisation.id, { intent: "invite", email: "pas-une-adresse", role: "admin" });
    expect(badInvite.status).toBe(400);
    expect(JSON.stringify(badInvite.data)).toContain("Indiquez une adresse e-mail valide");
    expect(JSON.stringify(badInvite.data)).toContain("pas-une-adresse");

    const lastAdmin = await members(admin, organisation.id, { intent: "remove", userId: admin.id });
    expect(lastAdmin.status).toBe(400);
    expect(lastAdmin.data).toMatchObject({ error: "La structure doit garder au moins un administrateur." });
    const stranger = await createActor();
    expect((await members(admin, organisation.id, { intent: "remove", userId: stranger.id })).status).toBe(404);
    expect(await db().membership.count({ where: { organisationId: organisation.id } })).toBe(1);
  });
});

describe("logos", () => {
  const upload = (actor: Actor, organisationId: string, file: File) =>
    run(() =>
      editAction(
        actionArgs(formRequest(`/espace/organisations/${organisationId}`, { intent: "logo", logo: file }, actor.cookie), {
          id: organisationId,
        }),
      ),
    );

  it("stores a real image outside public/ and serves it through a route", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin, { status: "draft" });
    const png = makePng();
    expect(
      (await upload(admin, organisation.id, new File([new Uint8Array(png)], "logo.png", { type: "image/png" }))).status,
    ).toBe(200);
    const stored = await db().organisation.findUniqueOrThrow({ where: { id: organisation.id } });
    expect(stored.logoType).toBe("image/png");
    expect(fs.existsSync(path.join(process.env.DATA_DIR!, "uploads", "logos", stored.logoFile!))).toBe(true);
    expect(fs.existsSync(path.resolve("public", stored.logoFile!))).toBe(false);

    // Not published yet: only its members see it.
    expect(
      await run(() =>
        logoLoader(loaderArgsFor(getRequest(`/organisations/${organisation.slug}/logo`), { slug: organisation.slug })),
      ),
    ).toMatchObject({ status: 404 });
    const served = (await logoLoader(
      loaderArgsFor(getRequest(`/organisations/${organisation.slug}/logo`, admin.cookie), { slug: organisation.slug }),
    )) as Response;
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it("refuses a file that only claims to be an image, and one over 1 MB", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin, { status: "draft" });
    const fake = await upload(admin, organisation.id, new File(["<script>alert(1)</script>"], "logo.png", { type: "image/png" }));
    expect(fake.status).toBe(400);
    expect(JSON.stringify(fake.data)).toContain("PNG, JPEG ou WebP");
    const big = await upload(
      admin,
      organisation.id,
      new File([new Uint8Array(Buffer.concat([makePng(), Buffer.alloc(1024 * 1024)]))], "logo.png", { type: "image/png" }),
    );
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.data)).toContain("1 Mo");
    expect((await db().organisation.findUniqueOrThrow({ where: { id: organisation.id } })).logoFile).toBeNull();
  });
});

describe("resource offers", () => {
  const OFFER = OFFER_FORM;

  it("goes to the CCAS, then appears on the organisation's public page", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin);
    const created = await run(() =>
      newOfferAction(
        actionArgs(formRequest(`/espace/organisations/${organisation.id}/offres/nouvelle`, OFFER, admin.cookie), {
          id: organisation.id,
        }),
      ),
    );
    expect(created.status).toBe(302);
    const offer = await db().offer.findFirstOrThrow({ where: { organisationId: organisation.id } });
    expect(offer).toMatchObject({ status: "pending", latitude: 47.2045, longitude: -1.5527 });
    const before = (await publicLoader(loaderArgsFor(getRequest("/"), { slug: organisation.slug }))) as { offers: unknown[] };
    expect(before.offers).toHaveLength(0);
    await publishAs(ccas, "offer", offer.id);
    const after = (await publicLoader(loaderArgsFor(getRequest("/"), { slug: organisation.slug }))) as {
      offers: { title: string; slots: string[]; conditions: string }[];
    };
    expect(after.offers).toEqual([
      expect.objectContaining({ title: "Salle du samedi matin", slots: ["Le week-end"], conditions: "Gratuit" }),
    ]);
  });

  it("keeps a published offer online while its change waits, and deletes on request", async () => {
    const [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
    const organisation = await createOrganisationFor(admin);
    await run(() =>
      newOfferAction(
        actionArgs(formRequest(`/espace/organisations/${organisation.id}/offres/nouvelle`, OFFER, admin.cookie), {
          id: organisation.id,
        }),
      ),
    );
    const offer = await db().offer.findFirstOrThrow({ where: { organisationId: organisation.id } });
    await publishAs(ccas, "offer", offer.id);
    const params = { id: organisation.id, offerId: offer.id };
    const edited = await run(() =>
      offerAction(actionArgs(formRequest("/", { ...OFFER, intent: "save", title: "Salle du dimanche" }, admin.cookie), params)),
    );
    expect(edited.status).toBe(200);
    const publicOffers = (await publicLoader(loaderArgsFor(getRequest("/"), { slug: organisation.slug }))) as {
      offers: { title: string }[];
    };
    expect(publicOffers.offers.map((item) => item.title)).toEqual(["Salle du samedi matin"]);
    expect(await offerLoader(loaderArgsFor(getRequest("/", admin.cookie), params))).toMatchObject({
      offer: { hasPendingChanges: true },
      form: { title: "Salle du dimanche" },
    });

    expect((await run(() => offerAction(actionArgs(formRequest("/", { intent: "delete" }, admin.cookie), params)))).status).toBe(
      302,
    );
    expect(await db().offer.count({ where: { id: offer.id } })).toBe(0);
  });

  it("refuses an end of validity before its start", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const response = await run(() =>
      newOfferAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${organisation.id}/offres/nouvelle`,
            { ...OFFER, validFrom: "2026-06-01", validUntil: "2026-05-01" },
            admin.cookie,
          ),
          { id: organisation.id },
        ),
      ),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.data)).toContain("La fin de validité doit suivre le début.");
  });

  it("answers 404 for another organisation's offer", async () => {
    const [mine, theirs] = await Promise.all([createActor(), createActor()]);
    const myOrganisation = await createOrganisationFor(mine);
    const theirOrganisation = await createOrganisationFor(theirs);
    const offer = await db().offer.create({
      data: {
        organisationId: theirOrganisation.id,
        resource: "locaux",
        title: "T",
        description: "D",
        availability: "A",
        conditions: "free",
      },
    });
    const params = { id: myOrganisation.id, offerId: offer.id };
    expect(await run(() => offerLoader(loaderArgsFor(getRequest("/", mine.cookie), params)))).toMatchObject({ status: 404 });
    expect(await run(() => offerAction(actionArgs(formRequest("/", { intent: "delete" }, mine.cookie), params)))).toMatchObject({
      status: 404,
    });
    expect(await db().offer.count({ where: { id: offer.id } })).toBe(1);
  });
});

describe("the public directory", () => {
  it("filters by quartier, counting whole-city organisations everywhere, and by resource offered", async () => {
    const inNord = (await directoryLoader(loaderArgsFor(getRequest("/annuaire?quartier=nantes-nord")))) as {
      organisations: { slug: string }[];
    };
    const slugs = inNord.organisations.map((organisation) => organisation.slug);
    expect(slugs).toContain("demo-voisins-veilleurs");
    expect(slugs).toContain("demo-coop-services-malins"); // whole city
    expect(slugs).not.toContain("demo-cafe-du-quai");
    const premises = (await directoryLoader(loaderArgsFor(getRequest("/annuaire?resource=locaux&sector=habitat")))) as {
      organisations: { slug: string }[];
    };
    expect(premises.organisations.map((organisation) => organisation.slug)).toEqual(["demo-logis-partage"]);
  });

  it("ignores unknown filter values instead of failing", async () => {
    const data = (await directoryLoader(loaderArgsFor(getRequest("/annuaire?quartier=atlantide&page=-3")))) as {
      filters: { quartier?: string; page: number };
    };
    expect(data.filters).toMatchObject({ quartier: undefined, page: 1 });
  });
});

describe("the contact form", () => {
  const contact = (slug: string, fields: Record<string, string>, ip = "203.0.113.7") =>
    run(() => contactAction(actionArgs(formRequest(`/organisations/${slug}`, fields, undefined), { slug }, ip)));

  it("mails every admin, with the sender as reply-to, and never shows the sender's address", async () => {
    const [first, second] = await Promise.all([createActor(), createActor()]);
    const organisation = await createOrganisationFor(first);
    await db().membership.create({ data: { userId: second.id, organisationId: organisation.id, role: "admin" } });
    const response = await contact(organisation.slug, {
      name: "Dominique",
      email: "dominique@exemple.org",
      message: "Bonjour, nous avons une salle à proposer.",
    });
    expect(response.status).toBe(200);
    const mail = await smtp.server.waitFor(first.email, /Message de Dominique/);
    expect(mail.to.sort()).toEqual([first.email, second.email].sort());
    expect(mail.replyTo).toBe("dominique@exemple.org");
    expect(JSON.stringify(await publicLoader(loaderArgsFor(getRequest("/"), { slug: organisation.slug })))).not.toContain(
      "dominique@exemple.org",
    );
  });

  it("keeps a name on one line: line breaks sent by a crafted form become a space, in the mail and the inbox", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const response = await contact(organisation.slug, {
      name: "Eve\r\nBcc: victime@exemple.org",
      email: "eve@exemple.org",
      message: "Bonjour, une question sur vos ateliers.",
    });
    expect(response.status).toBe(200);
    const mail = await smtp.server.waitFor(admin.email, /^Message de Eve/);
    expect(mail.subject).toBe("Message de Eve Bcc: victime@exemple.org via Coopérons");
    expect(mail.to).toEqual([admin.email]);
    expect(Object.keys(mail.headers).map((key) => key.toLowerCase())).not.toContain("bcc");
    const saved = await db().contactMessage.findFirstOrThrow({ where: { organisationId: organisation.id } });
    expect(saved.senderName).toBe("Eve Bcc: victime@exemple.org");
  });

  it("refuses what a robot fills in, and limits the rate", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const robot = await contact(organisation.slug, {
      name: "Robot",
      email: "robot@exemple.org",
      message: "Achetez nos produits !",
      website: "http://spam.example",
    });
    expect(robot.status).toBe(400);
    for (let index = 0; index < 5; index += 1) {
      expect(
        (
          await contact(
            organisation.slug,
            { name: "Sam", email: "sam@exemple.org", message: `Message numéro ${index}` },
            "203.0.113.8",
          )
        ).status,
      ).toBe(200);
    }
    expect(
      (await contact(organisation.slug, { name: "Sam", email: "sam@exemple.org", message: "Encore un message" }, "203.0.113.8"))
        .status,
    ).toBe(429);
  });

  it("counts a sender's address whatever its case or spaces", async () => {
    const organisation = await createOrganisationFor(await createActor());
    const senders = ["lou@exemple.org", "LOU@exemple.org", " Lou@Exemple.org ", "lou@EXEMPLE.ORG", "lou@exemple.org"];
    for (const [index, email] of senders.entries()) {
      const response = await contact(
        organisation.slug,
        { name: "Lou", email, message: `Message numéro ${index}` },
        `198.51.100.${index}`,
      );
      expect(response.status).toBe(200);
    }
    const refused = await contact(
      organisation.slug,
      { name: "Lou", email: "  LOU@exemple.org", message: "Encore un message" },
      "198.51.100.9",
    );
    expect(refused.status).toBe(429);
  });
});

describe("where a structure acts", () => {
  it("is the quartier of its address when no quartier is ticked, rather than an error", async () => {
    const actor = await createActor();
    const response = await createVia(actor, { ...VALID, name: "Sans quartier coché", quartiers: [] });
    expect(response.status).toBe(302);
    const organisation = await db().organisation.findFirstOrThrow({
      where: { name: "Sans quartier coché" },
      include: { quartiers: { include: { quartier: true } } },
    });
    expect(organisation.quartiers.map((item) => item.quartier.slug)).toEqual(["nantes-nord"]);
  });

  it("still asks for a quartier when there is neither a point, nor an address quartier, nor « toute la ville »", async () => {
    const actor = await createActor();
    const { latitude: _latitude, longitude: _longitude, ...withoutPoint } = VALID;
    const response = await createVia(actor, { ...withoutPoint, name: "Nulle part", quartiers: [] });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.data)).toContain("Territoire : cochez au moins un quartier");
  });
});

describe("the quartiers of a structure, in one order everywhere", () => {
  it("on the sub-axes' pages and in the search documents the directory lists", async () => {
    const organisation = await createOrganisationFor(await createActor());
    const slugs = ["nantes-sud", "centre-ville", "ile-de-nantes"];
    const rows = await db().quartier.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
    const idOf = (slug: string) => rows.find((row) => row.slug === slug)!.id;
    const subAxis = await db().callSubAxis.findFirstOrThrow({ select: { id: true } });
    await db().organisation.update({
      where: { id: organisation.id },
      data: {
        quartiers: { create: slugs.map((slug) => ({ quartierId: idOf(slug) })) },
        subAxes: { create: [{ subAxisId: subAxis.id }] },
      },
    });
    const listed = (await getPublishedOrganisationsForSubAxes(db(), [subAxis.id])).find(
      (item) => item.slug === organisation.slug,
    );
    const inOrder = ["centre-ville", "ile-de-nantes", "nantes-sud"];
    expect(listed!.quartiers.map((quartier) => quartier.slug)).toEqual(inOrder);
    const { upserts } = await buildDocuments(db(), [{ entityType: "organisation", entityId: organisation.id }]);
    expect(upserts[0]!.quartiers).toEqual(inOrder);
  });
});

describe("the public profile's quartiers", () => {
  it("names the quartier of its address, the quartiers it acts in, its offers' quartiers and slots", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const quartiers = await db().quartier.findMany({ orderBy: { idobj: "asc" }, select: { id: true, slug: true, name: true } });
    const [nord, sud, centre] = [quartiers[0]!, quartiers[1]!, quartiers[2]!];
    await db().organisation.update({
      where: { id: organisation.id },
      data: { homeQuartierId: centre.id, quartiers: { create: [{ quartierId: sud.id }, { quartierId: nord.id }] } },
    });
    const offer = (quartierId: string | null, title: string, slots: string[] = []) =>
      db().offer.create({
        data: {
          slots: { create: slots.map((slot) => ({ slot })) },
          organisationId: organisation.id,
          resource: "locaux",
          title,
          description: "Une offre de test.",
          quartierId,
          availability: "Le samedi",
          conditions: "free",
          status: "published",
          publishedAt: new Date(),
        },
      });
    await offer(sud.id, "Salle au sud", ["weekends", "weekday-daytime"]);
    await offer(null, "Sans quartier");
    const page = (await publicLoader(loaderArgsFor(getRequest("/"), { slug: organisation.slug }))) as {
      organisation: { homeQuartier: { name: string } | null; quartiers: { quartier: { slug: string; name: string } }[] };
      offers: { title: string; quartier: string | null; slots: string[] }[];
    };
    expect(page.organisation.homeQuartier).toEqual({ name: centre.name });
    // In the order of the call's list of quartiers, whatever the order they were entered in.
    expect(page.organisation.quartiers.map(({ quartier }) => quartier)).toEqual(
      [nord, sud].map(({ slug, name }) => ({ slug, name })),
    );
    // The slots in the form's order.
    expect(page.offers.map((item) => [item.title, item.quartier, item.slots]).sort()).toEqual([
      ["Salle au sud", sud.name, ["En semaine, en journée", "Le week-end"]],
      ["Sans quartier", null, []],
    ]);
  });
});

describe("a structure's quartiers, sub-axes and resources, read in one statement for its page", () => {
  it("are what Prisma reads of them, sub-axes and resources in the order of their codes", async () => {
    const read = await db().organisation.findMany({
      where: { status: "published", subAxes: { some: {} }, resources: { some: {} } },
      take: 25,
      select: {
        id: true,
        quartiers: { select: { quartierId: true } },
        subAxes: { select: { subAxis: { select: { code: true, title: true } } } },
        resources: { select: { resource: true, direction: true } },
      },
    });
    expect(read.length).toBeGreaterThan(5);
    // Some have both directions, and several quartiers: the comparison covers them.
    expect(read.some((row) => new Set(row.resources.map((item) => item.direction)).size === 2)).toBe(true);
    const byCode =
      <T>(key: (item: T) => string) =>
      (a: T, b: T) =>
        key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    for (const organisation of read) {
      const links = await getOrganisationLinks(db(), organisation.id);
      expect(links.subAxes).toEqual([...organisation.subAxes].sort(byCode((item) => item.subAxis.code)));
      expect(links.resources).toEqual([...organisation.resources].sort(byCode((item) => `${item.direction} ${item.resource}`)));
      expect(links.quartiers.map((item) => item.quartierId).sort()).toEqual(
        organisation.quartiers.map((item) => item.quartierId).sort(),
      );
    }
    // A structure with none: three empty lists.
    const bare = await createOrganisationFor(await createActor());
    await db().organisationSubAxis.deleteMany({ where: { organisationId: bare.id } });
    await db().organisationResource.deleteMany({ where: { organisationId: bare.id } });
    await db().organisationQuartier.deleteMany({ where: { organisationId: bare.id } });
    expect(await getOrganisationLinks(db(), bare.id)).toEqual({ quartiers: [], subAxes: [], resources: [] });
  });
});
