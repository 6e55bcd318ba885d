// Two people (or two tabs) sending the same thing at the same moment: both requests read the page's
// state before either writes. The second answer is a clear French message, never a 500, and the
// database holds one of each. The actions run in one process, as the server runs them, so that
// their reads and writes interleave as they do under load.
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { createInvitation } from "~/models/membership.server";
import { action as groupementAction } from "~/routes/groupements.$id._index";
import { action as ideaAction } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { action as newIdeaAction } from "~/routes/espace.organisations.$id.idees.nouvelle";
import { action as offerAction } from "~/routes/espace.organisations.$id.offres.$offerId";
import { action as newOrganisationAction } from "~/routes/espace.organisations.nouvelle";
import { action as editOrganisationAction } from "~/routes/espace.organisations.$id._index";
import { action as inboxAction } from "~/routes/espace.organisations.$id.messagerie";
import { action as interestAction } from "~/routes/idees.$slug";
import { action as invitationAction } from "~/routes/invitation";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, run } from "../helpers/requests";

beforeEach(() => resetRateLimits());

const db = () => getDb();

type Result = Awaited<ReturnType<typeof run>>;

/** One submission as the browser sends it; a failure of the action (a 500) is kept as status 500. */
async function submit(
  action: (args: ReturnType<typeof actionArgs>) => Promise<unknown>,
  actor: Actor,
  fields: Record<string, string | string[]>,
  params: Record<string, string> = {},
): Promise<Result & { error?: unknown }> {
  try {
    return await run(() => action(actionArgs(formRequest("/", fields, actor.cookie), params)));
  } catch (error) {
    return { status: 500, data: null, headers: new Headers(), error };
  }
}

/**
 * A form submission whose body arrives only on `release()`: the action has done what it does before
 * reading the form (the session, the record's lookup) once `bodyAsked` resolves, and waits there.
 */
function heldFormRequest(fields: Record<string, string>, cookie: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const bodyAsked = new Promise<void>((resolve) => (asked = resolve));
  const body = new TextEncoder().encode(new URLSearchParams(fields).toString());
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        asked();
        await released;
        controller.enqueue(body);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://localhost/", {
    method: "POST",
    body: stream,
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    duplex: "half",
  } as RequestInit);
  return { request, bodyAsked, release };
}

const statuses = (results: Result[]) => results.map((result) => result.status).sort();
const messageOf = (result: Result) => (result.data as { error?: string } | null)?.error;

/** A draft offer of the organisation: a room on Saturdays. */
function draftOfferOf(organisationId: string) {
  return db().offer.create({
    data: {
      organisationId,
      resource: "locaux",
      title: "Salle",
      description: "Une salle",
      availability: "Le samedi",
      conditions: "free",
    },
  });
}

/** A groupement led by one organisation, with another one invited that has two admins. */
async function invitationScene() {
  const [leadAdmin, firstAdmin, secondAdmin] = await Promise.all([createActor(), createActor(), createActor()]);
  const lead = await createOrganisationFor(leadAdmin);
  const invited = await createOrganisationFor(firstAdmin);
  await db().membership.create({ data: { userId: secondAdmin.id, organisationId: invited.id, role: "admin" } });
  const idea = await createPublishedIdeaFor(lead.id);
  const { id: groupementId } = await createGroupementFromIdea(db(), idea.id);
  await db().groupementMember.create({ data: { groupementId, organisationId: invited.id, status: "invited" } });
  const answer = (actor: Actor, intent: string) =>
    submit(groupementAction, actor, { intent, organisationId: invited.id }, { id: groupementId });
  return { leadAdmin, firstAdmin, secondAdmin, invited, groupementId, answer };
}

const ANSWERED = "Cette invitation a déjà reçu une réponse ou a été retirée : rechargez la page pour voir le groupement à jour.";

describe("a groupement invitation answered twice at once", () => {
  it.each([
    ["accept-invitation", "accept-invitation"],
    ["accept-invitation", "decline-invitation"],
    ["decline-invitation", "accept-invitation"],
    ["decline-invitation", "decline-invitation"],
  ])("%s, then %s: the first answer counts, the second is told", async (first, second) => {
    const { firstAdmin, secondAdmin, invited, groupementId, answer } = await invitationScene();
    const answers = await Promise.all([answer(firstAdmin, first), answer(secondAdmin, second)]);
    const members = await db().groupementMember.findMany({ where: { groupementId, organisationId: invited.id } });
    // The answer the database took first counts: on SQLite, transactions run one at a time in the
    // order sent; on PostgreSQL they run side by side and either may commit first.
    const accepted = members.length > 0;
    const intents = [first, second];
    const wonAt = answers.findIndex((result, index) =>
      accepted
        ? intents[index] === "accept-invitation" && result.status === 200
        : intents[index] === "decline-invitation" && result.headers.get("Location") === "/espace?invitation=declinee",
    );
    expect(wonAt).not.toBe(-1);
    if (inject("testDatabase") === "sqlite") expect(intents[wonAt]).toBe(first);
    const lost = answers[1 - wonAt]!;
    if (accepted) {
      expect(members.map((member) => member.status)).toEqual(["active"]);
      // The other admin now sees the workspace, with the reason beside the answer.
      expect(lost.status).toBe(409);
      expect(messageOf(lost)).toBe(ANSWERED);
    } else {
      expect(answers[wonAt]!.status).toBe(302);
      // The groupement is closed to the other admin: told on their space.
      expect(lost.status).toBe(302);
      expect(lost.headers.get("Location")).toBe("/espace?invitation=indisponible");
    }
  });

  it.each(["accept-invitation", "decline-invitation"])(
    "withdrawn by the lead while the invited structure answers (%s): the answer is told",
    async (intent) => {
      const { leadAdmin, firstAdmin, invited, groupementId, answer } = await invitationScene();
      const [withdrawn, answered] = await Promise.all([
        submit(groupementAction, leadAdmin, { intent: "remove", organisationId: invited.id }, { id: groupementId }),
        answer(firstAdmin, intent),
      ]);
      const left = await db().groupementMember.findMany({ where: { groupementId, organisationId: invited.id } });
      // On SQLite the withdrawal, sent first, runs first; on PostgreSQL either may commit first.
      if (inject("testDatabase") === "sqlite" || withdrawn!.status === 200) {
        expect(withdrawn!.status).toBe(200);
        // The invitation is gone, and so is the groupement for this admin: told on their space.
        expect(answered!.status).toBe(302);
        expect(answered!.headers.get("Location")).toBe("/espace?invitation=indisponible");
        expect(left).toEqual([]);
      } else {
        // The answer came first: the lead is told the member list changed, and the answer stands.
        expect(withdrawn!.status).toBe(409);
        if (intent === "accept-invitation") {
          expect(answered!.status).toBe(200);
          expect(left.map((member) => member.status)).toEqual(["active"]);
        } else {
          expect(answered!.headers.get("Location")).toBe("/espace?invitation=declinee");
          expect(left).toEqual([]);
        }
      }
    },
  );

  it("answered by a second admin after the first joined: told on the workspace", async () => {
    const { firstAdmin, secondAdmin, answer } = await invitationScene();
    expect((await answer(firstAdmin, "accept-invitation")).status).toBe(200);
    const late = await answer(secondAdmin, "decline-invitation");
    expect(late.status).toBe(409);
    expect(messageOf(late)).toBe(ANSWERED);
  });
});

/** A page of the built site (build/index.js, from `npx remix build`), as a browser without JavaScript gets it. */
let handle: ReturnType<typeof createRequestHandler> | undefined;
async function page(actor: Actor, url: string, fields?: Record<string, string>) {
  handle ??= createRequestHandler(
    (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild,
    "production",
  );
  const response = await handle(
    new Request(`http://localhost${url}`, {
      method: fields ? "POST" : "GET",
      headers: { Cookie: actor.cookie },
      body: fields ? new URLSearchParams(fields) : undefined,
    }),
  );
  return { status: response.status, html: await response.text(), location: response.headers.get("Location") };
}

const inHtml = (text: string) => text.replace(/'/g, "&#x27;");

describe("what the person who came second reads", () => {
  it("on the workspace, once another admin joined", async () => {
    const { firstAdmin, secondAdmin, invited, groupementId, answer } = await invitationScene();
    expect((await answer(firstAdmin, "accept-invitation")).status).toBe(200);
    const late = await page(secondAdmin, `/groupements/${groupementId}`, {
      intent: "decline-invitation",
      organisationId: invited.id,
    });
    expect(late.status).toBe(409);
    expect(late.html).toContain(inHtml(ANSWERED));
  });

  it("on their space, once the invitation is gone", async () => {
    const { secondAdmin } = await invitationScene();
    const space = await page(secondAdmin, "/espace?invitation=indisponible");
    expect(space.status).toBe(200);
    expect(space.html).toContain(inHtml("Cette invitation au groupement a déjà reçu une réponse ou a été retirée."));
  });

  it("by the members' forms, when the lead withdraws an invitation twice at once", async () => {
    const { leadAdmin, invited, groupementId } = await invitationScene();
    const withdraw = { intent: "remove", organisationId: invited.id };
    const results = await Promise.all([
      page(leadAdmin, `/groupements/${groupementId}`, withdraw),
      page(leadAdmin, `/groupements/${groupementId}`, withdraw),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    // Where the page opens without JavaScript (#membres), not above the workspace, screens higher.
    const { html } = results.find((result) => result.status === 409)!;
    const said = html.indexOf(inHtml("Le groupement a changé entre-temps"));
    expect(said).toBeGreaterThan(html.indexOf('id="membres"'));
    expect(html.indexOf('id="membres"')).toBeGreaterThan(0);
    // Said once on the page (the other time in the answer's data, for the browser's render).
    const shown = html.slice(0, html.indexOf("window.__remixContext"));
    expect(shown.split(inHtml("Le groupement a changé entre-temps")).length).toBe(2);
  });
});

describe("the members of a groupement changed twice at once", () => {
  it("removed by the lead while it leaves: one change, the other is told", async () => {
    const { leadAdmin, firstAdmin, invited, groupementId } = await invitationScene();
    await db().groupementMember.update({
      where: { groupementId_organisationId: { groupementId, organisationId: invited.id } },
      data: { status: "active" },
    });
    const results = await Promise.all([
      submit(groupementAction, leadAdmin, { intent: "remove", organisationId: invited.id }, { id: groupementId }),
      submit(groupementAction, firstAdmin, { intent: "leave", organisationId: invited.id }, { id: groupementId }),
    ]);
    // Whichever came first: the lead's removal answers on the workspace (200) and the leave is told
    // (409), or the structure's leave sends it to its space (302) and the removal is told.
    expect([
      [200, 409],
      [409, 302],
    ]).toContainEqual(results.map((result) => result.status));
    expect(messageOf(results.find((result) => result.status === 409)!)).toMatch(/^Le groupement a changé entre-temps/);
    expect(await db().groupementMember.count({ where: { groupementId, organisationId: invited.id } })).toBe(0);
  });
});

describe("simultaneous submissions of one thing", () => {
  const ORGANISATION = {
    name: "Les Jardins Partagés du Nord",
    shortDescription: "Des jardins où voisins isolés et bénévoles cultivent ensemble.",
    sector: "associatif",
    kind: "association",
    siret: "73282932000074",
    quartiers: ["nantes-nord"],
    subAxes: ["2.1"],
    latitude: "47.2561",
    longitude: "-1.5613",
  };

  it("two organisations with one name: both are created, each with its own address", async () => {
    const [first, second] = await Promise.all([createActor(), createActor()]);
    const results = await Promise.all([
      submit(newOrganisationAction, first, { ...ORGANISATION, siret: "" }),
      submit(newOrganisationAction, second, { ...ORGANISATION, siret: "" }),
    ]);
    expect(statuses(results)).toEqual([302, 302]);
    const created = await db().organisation.findMany({
      where: { memberships: { some: { userId: { in: [first.id, second.id] } } } },
      select: { slug: true },
    });
    expect(created).toHaveLength(2);
    expect(new Set(created.map((organisation) => organisation.slug)).size).toBe(2);
  });

  it("one structure (one SIRET) sent by two people at once: created once, the other told beside its SIRET", async () => {
    const [first, second] = await Promise.all([createActor(), createActor()]);
    const results = await Promise.all([
      submit(newOrganisationAction, first, ORGANISATION),
      submit(newOrganisationAction, second, ORGANISATION),
    ]);
    expect(statuses(results)).toEqual([302, 409]);
    const refused = results.find((result) => result.status === 409)!.data as {
      result: { error: Record<string, string[]> };
      sameSiret: { waiting: boolean } | null;
    };
    expect(refused.result.error.siret?.[0]).toMatch(/SIRET/);
    expect(refused.sameSiret).toMatchObject({ waiting: true });
    expect(await db().organisation.count({ where: { siret: ORGANISATION.siret } })).toBe(1);
  });

  it("one SIRET given to two structures by edits at once: one keeps it, the other is told beside its SIRET", async () => {
    const [first, second] = await Promise.all([createActor(), createActor()]);
    const drafts = await Promise.all([
      createOrganisationFor(first, { status: "draft" }),
      createOrganisationFor(second, { status: "draft" }),
    ]);
    const siret = "81234567800013";
    const results = await Promise.all(
      [first, second].map((actor, index) =>
        submit(editOrganisationAction, actor, { ...ORGANISATION, intent: "save", siret }, { id: drafts[index]!.id }),
      ),
    );
    expect(statuses(results)).toEqual([200, 409]);
    const refused = results.find((result) => result.status === 409)!.data as { result: { error: Record<string, string[]> } };
    expect(refused.result.error.siret?.[0]).toMatch(/SIRET/);
    expect(await db().organisation.count({ where: { OR: [{ siret }, { pendingSiret: siret }] } })).toBe(1);
  });

  it("two ideas with one title: both are created, each with its own address", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const idea = {
      title: `Veilleurs ${crypto.randomUUID().slice(0, 8)}`,
      summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
      description: "Avec un bailleur et une pharmacie.",
      subAxes: ["2.1"],
      addressesIsolation: "on",
      targetPublic: "Locataires isolés",
      wholeCity: "on",
      stage: "looking-for-partners",
    };
    const results = await Promise.all([
      submit(newIdeaAction, admin, idea, { id: organisation.id }),
      submit(newIdeaAction, admin, idea, { id: organisation.id }),
    ]);
    expect(statuses(results)).toEqual([302, 302]);
    expect(await db().idea.count({ where: { organisationId: organisation.id, title: idea.title } })).toBe(2);
  });

  it("two proposals of participation for one idea: one is sent, the other is told", async () => {
    const [lead, partner] = await Promise.all([createActor(), createActor()]);
    const idea = await createPublishedIdeaFor((await createOrganisationFor(lead)).id);
    const organisation = await createOrganisationFor(partner);
    const fields = { organisationId: organisation.id, resources: ["locaux"], message: "Nous avons une salle." };
    // Two different proposals (the same one sent twice counts as sent, once).
    const results = await Promise.all([
      submit(interestAction, partner, fields, { slug: idea.slug }),
      submit(interestAction, partner, { ...fields, message: "Nous avons aussi un jardin." }, { slug: idea.slug }),
    ]);
    expect(statuses(results)).toEqual([303, 400]);
    expect(await db().interest.count({ where: { ideaId: idea.id } })).toBe(1);
  });

  it("two answers to one proposal of participation: the first counts, the second is told", async () => {
    const [lead, partner] = await Promise.all([createActor(), createActor()]);
    const leadOrganisation = await createOrganisationFor(lead);
    const idea = await createPublishedIdeaFor(leadOrganisation.id);
    const interest = await db().interest.create({
      data: { ideaId: idea.id, organisationId: (await createOrganisationFor(partner)).id, message: "Bonjour", resources: "" },
    });
    const results = await Promise.all([
      submit(inboxAction, lead, { intent: "accept", interestId: interest.id }, { id: leadOrganisation.id }),
      submit(inboxAction, lead, { intent: "decline", interestId: interest.id }, { id: leadOrganisation.id }),
    ]);
    expect(statuses(results)).toEqual([200, 400]);
    expect(messageOf(results.find((result) => result.status === 400)!)).toBe("Cette proposition a déjà reçu une réponse.");
  });

  it("two groupements from one idea: one is created, both pages lead to it", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const idea = await createPublishedIdeaFor(organisation.id);
    const results = await Promise.all([
      submit(ideaAction, admin, { intent: "create-groupement" }, { id: organisation.id, ideaId: idea.id }),
      submit(ideaAction, admin, { intent: "create-groupement" }, { id: organisation.id, ideaId: idea.id }),
    ]);
    expect(statuses(results)).toEqual([302, 302]);
    const groupement = await db().groupement.findUniqueOrThrow({ where: { ideaId: idea.id } });
    expect(results.map((result) => result.headers.get("Location"))).toEqual([
      `/groupements/${groupement.id}`,
      `/groupements/${groupement.id}`,
    ]);
  });

  it("an offer deleted from two tabs: deleted once, the second tab is told it is gone", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const offer = await draftOfferOf(organisation.id);
    const results = await Promise.all([
      submit(offerAction, admin, { intent: "delete" }, { id: organisation.id, offerId: offer.id }),
      submit(offerAction, admin, { intent: "delete" }, { id: organisation.id, offerId: offer.id }),
    ]);
    expect(statuses(results)).toEqual([302, 302]);
    expect(results.map((result) => result.headers.get("Location"))).toEqual([
      `/espace/organisations/${organisation.id}?offre=supprimee`,
      `/espace/organisations/${organisation.id}?offre=supprimee`,
    ]);
    expect(await db().offer.count({ where: { id: offer.id } })).toBe(0);
  });

  it("an offer saved in one tab while deleted in another: deleted, and the save is told it is gone", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const offer = await draftOfferOf(organisation.id);
    const params = { id: organisation.id, offerId: offer.id };
    // The save finds the offer, then its form arrives only once the deletion has committed.
    const held = heldFormRequest(
      {
        intent: "save",
        resource: "locaux",
        title: "Salle du samedi matin",
        description: "Une salle de 40 m² au rez-de-chaussée, accessible en fauteuil.",
        availability: "Le samedi de 9 h à 12 h",
        conditions: "free",
      },
      admin.cookie,
    );
    const save = run(() => offerAction(actionArgs(held.request, params)));
    await held.bodyAsked;
    const deletion = await submit(offerAction, admin, { intent: "delete" }, params);
    held.release();
    expect([deletion.status, (await save).status]).toEqual([302, 404]);
    expect(await db().offer.count({ where: { id: offer.id } })).toBe(0);
  });

  it.each([
    ["accept", "accept"],
    ["accept", "decline"],
  ])("an invitation to a structure answered from two tabs (%s, %s): the first counts", async (first, second) => {
    const [admin, invitee] = await Promise.all([createActor(), createActor()]);
    const organisation = await createOrganisationFor(admin);
    const { token } = await createInvitation(db(), {
      organisationId: organisation.id,
      email: invitee.email,
      role: "editor",
      invitedById: admin.id,
    });
    const results = await Promise.all([
      submit(invitationAction, invitee, { token, intent: first }),
      submit(invitationAction, invitee, { token, intent: second }),
    ]);
    // Whichever tab came first decided; the other is told the invitation has been used.
    expect(statuses(results)).toEqual([302, 400]);
    expect(messageOf(results.find((result) => result.status === 400)!)).toMatch(/^Cette invitation n'est plus valable/);
    const joined = results.find((result) => result.status === 302)!.headers.get("Location") !== "/espace";
    expect(await db().membership.count({ where: { organisationId: organisation.id, userId: invitee.id } })).toBe(joined ? 1 : 0);
  });
});
