// A form of a structure's space sent without JavaScript that succeeds: the page comes back by a GET
// at its own address (303), which says what was done once; Remix's own request (JavaScript) gets
// the answer itself. Answered in place, a reload sent the form again. (The fiche: organisations.test;
// the groupement workspace: groupements.test.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { action as ideaAction, loader as ideaLoader } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { action as membersAction, loader as membersLoader } from "~/routes/espace.organisations.$id.membres";
import { action as moderationAction, loader as moderationLoader } from "~/routes/ccas.moderation";
import { action as offerAction, loader as offerLoader } from "~/routes/espace.organisations.$id.offres.$offerId";
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
  at?: string;
  action: (args: ActionFunctionArgs) => Promise<unknown>;
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  notice: string;
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
    at: "#contenu",
    action: moderationAction,
    loader: moderationLoader,
    notice: "Publié. Ses administrateurs en sont informés",
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
          flashed: { notice: string } | null;
        }
      ).flashed;

    const done = await send("document");
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(`${path}${item.at ?? ""}`);
    const cookie = done.headers.get("Set-Cookie")!;
    expect(cookie).toContain(`; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=60`);
    expect((await flashed(`${admin.cookie}; ${cookie.split(";")[0]}`))?.notice).toContain(item.notice);
    expect(await flashed(admin.cookie)).toBeNull();

    // With JavaScript (on a scene of its own: a decision is taken once).
    const fetched = await send("empty", (await item.scene(admin)).fields);
    expect(fetched.status).toBe(200);
    expect((fetched.data as { notice: string }).notice).toContain(item.notice);
  });
});
