// A form sent without JavaScript that succeeds (a structure's space, the CCAS's moderation, the
// account's pages): the page comes back by a GET
// at its own address (303), which says what was done once; Remix's own request (JavaScript) gets
// the answer itself. Answered in place, a reload sent the form again. (The fiche: organisations.test;
// the groupement workspace: groupements.test.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { action as accountAction, loader as accountLoader } from "~/routes/compte";
import { action as alertsAction, loader as alertsLoader } from "~/routes/compte_.alertes";
import { action as inboxAction, loader as inboxLoader } from "~/routes/espace.organisations.$id.messagerie";
import { action as ideaAction, loader as ideaLoader } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { action as membersAction, loader as membersLoader } from "~/routes/espace.organisations.$id.membres";
import { action as moderationAction, loader as moderationLoader } from "~/routes/ccas.moderation";
import { action as offerAction, loader as offerLoader } from "~/routes/espace.organisations.$id.offres.$offerId";
import { normaliseSavedQuery } from "~/domain/saved-search";
import { SearchQuerySchema } from "~/domain/schemas/search";
import { saveSearch } from "~/models/saved-search.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";
import { OFFER_FORM } from "../helpers/form-fixtures";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { useTestSmtp } from "../helpers/smtp";

useTestSmtp();

const OFFER = { intent: "save", ...OFFER_FORM };

type Case = {
  name: string;
  /** The person who sends the form: a structure's admin, unless said. */
  actor?: () => Promise<Actor>;
  scene: (admin: Actor) => Promise<{ params: Record<string, string>; fields: Record<string, string | string[]> }>;
  path: (params: Record<string, string>) => string;
  /** Where the page comes back, when not at the form's own section (the page's path alone). */
  at?: (params: Record<string, string>) => string;
  action: (args: ActionFunctionArgs) => Promise<unknown>;
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  notice: string;
  /** What else the page says after it (a next step's link). */
  flashed?: (params: Record<string, string>) => object;
};

const CASES: Case[] = [
  {
    name: "an offer saved",
    scene: async (admin) => {
      const organisation = await createOrganisationFor(admin);
      const offer = await getDb().offer.create({
        data: {
          organisationId: organisation.id,
          title: "Salle",
          resource: "locaux",
          description: "Une salle.",
          availability: "Le samedi",
          conditions: "free",
          status: "draft",
        },
      });
      return { params: { id: organisation.id, offerId: offer.id }, fields: OFFER };
    },
    path: ({ id, offerId }) => `/espace/organisations/${id}/offres/${offerId}`,
    action: offerAction,
    loader: offerLoader,
    notice: "Offre enregistrée et envoyée au CCAS.",
  },
  {
    name: "a person invited into the structure",
    scene: async (admin) => {
      const organisation = await createOrganisationFor(admin);
      return {
        params: { id: organisation.id },
        fields: { intent: "invite", email: `invitee-${crypto.randomUUID().slice(0, 8)}@example.org`, role: "editor" },
      };
    },
    path: ({ id }) => `/espace/organisations/${id}/membres`,
    // Its form is sent to its own place (#inviter): back at the top, where the notice is.
    at: () => "#contenu",
    action: membersAction,
    loader: membersLoader,
    notice: "Invitation envoyée à ",
  },
  {
    name: "an idea's stage",
    scene: async (admin) => {
      const organisation = await createOrganisationFor(admin);
      const idea = await createPublishedIdeaFor(organisation.id);
      return { params: { id: organisation.id, ideaId: idea.id }, fields: { intent: "stage", stage: "looking-for-partners" } };
    },
    path: ({ id, ideaId }) => `/espace/organisations/${id}/idees/${ideaId}`,
    action: ideaAction,
    loader: ideaLoader,
    notice: "Étape mise à jour.",
  },
  {
    name: "a fiche published by the CCAS",
    actor: () => createActor({ ccas: true }),
    scene: async () => {
      const organisation = await createOrganisationFor(await createActor(), { status: "pending" });
      return { params: {}, fields: { intent: "publish", entityType: "organisation", entityId: organisation.id } };
    },
    path: () => "/ccas/moderation",
    // At the queue's top, where the notice is (a structure marked « vérifiée » stays in it).
    at: () => "#contenu",
    action: moderationAction,
    loader: moderationLoader,
    notice: "Publié. Ses administrateurs en sont informés",
  },
  {
    name: "a proposal accepted in the structure's messagerie",
    // The second scene (JavaScript's) on the same structure: a proposal made to another one is not its to accept.
    scene: async (admin) => {
      const organisation =
        (await getDb().organisation.findFirst({ where: { memberships: { some: { userId: admin.id } } } })) ??
        (await createOrganisationFor(admin));
      const idea = await createPublishedIdeaFor(organisation.id);
      const partner = await createOrganisationFor(await createActor());
      const interest = await getDb().interest.create({
        data: { ideaId: idea.id, organisationId: partner.id, message: "Avec plaisir.", resources: "locaux" },
      });
      return { params: { id: organisation.id, ideaId: idea.id }, fields: { intent: "accept", interestId: interest.id } };
    },
    path: ({ id }) => `/espace/organisations/${id}/messagerie`,
    action: inboxAction,
    loader: inboxLoader,
    notice: "Proposition de participation acceptée",
    // The next step goes along: no groupement yet, so forming it.
    flashed: ({ id, ideaId }) => ({
      nextStep: {
        href: `/espace/organisations/${id}/idees/${ideaId}#groupement`,
        label: "Créer le groupement avec vos partenaires",
      },
    }),
  },
  {
    name: "a person's name, on their account",
    scene: async () => ({ params: {}, fields: { intent: "change-name", name: "Camille Nouveau-Nom" } }),
    path: () => "/compte",
    at: () => "#nom",
    action: accountAction,
    loader: accountLoader,
    notice: "Votre nom a été enregistré.",
  },
  {
    name: "a saved search renamed",
    scene: async (admin) => {
      const saved = await saveSearch(
        getDb(),
        admin.id,
        normaliseSavedQuery(SearchQuerySchema.parse({ type: ["offer"], resource: ["locaux"] })),
      );
      if (saved.status === "too-many") throw new Error("a new person has no saved search");
      return { params: { saved: saved.id }, fields: { intent: "rename", id: saved.id, name: "Salles à Nantes Nord" } };
    },
    path: () => "/compte/alertes",
    at: ({ saved }) => `#recherche-${saved}`,
    action: alertsAction,
    loader: alertsLoader,
    notice: "La recherche s'appelle maintenant « Salles à Nantes Nord ».",
    flashed: ({ saved }) => ({ id: saved }),
  },
];

describe("a form sent without JavaScript", () => {
  it.each(CASES.map((item) => [item.name, item] as const))("%s: the page by a GET, said once", async (_name, item) => {
    const admin = await (item.actor ?? createActor)();
    const { params, fields } = await item.scene(admin);
    const path = item.path(params);
    const send = (destination: string, form = fields) => {
      const request = formRequest(path, form, admin.cookie);
      request.headers.set("Sec-Fetch-Dest", destination);
      return run(() => item.action(actionArgs(request, params)));
    };
    const flashed = async (cookie: string) =>
      (
        (await run(() => item.loader(loaderArgsFor(getRequest(path, cookie), params)))).data as {
          flashed: ({ notice: string } & Record<string, unknown>) | null;
        }
      ).flashed;

    const done = await send("document");
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(`${path}${item.at?.(params) ?? ""}`);
    const cookie = done.headers.get("Set-Cookie")!;
    expect(cookie).toContain(`; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=60`);
    const said = await flashed(`${admin.cookie}; ${cookie.split(";")[0]}`);
    expect(said?.notice).toContain(item.notice);
    if (item.flashed) expect(said).toMatchObject(item.flashed(params));
    expect(await flashed(admin.cookie)).toBeNull();

    // With JavaScript (on a scene of its own: a decision is taken once).
    const fetched = await send("empty", (await item.scene(admin)).fields);
    expect(fetched.status).toBe(200);
    expect((fetched.data as { notice: string }).notice).toContain(item.notice);
  });
});
