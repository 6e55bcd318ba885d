// Call editions for the tests: a copy of the 2025 call made as the CCAS makes it, its forms sent
// as the edit page sends them, and what a copy needs before it may be published.
import { expect } from "vitest";
import { instantToParisLocal } from "~/domain/call-status";
import { action as editAction } from "~/routes/ccas.appels.$slug._index";
import { action as publishAction } from "~/routes/ccas.appels.$slug.publier";
import { action as listAction } from "~/routes/ccas.appels._index";
import { getDb } from "~/utils/db.server";
import { createOrganisationFor, type Actor } from "./actors";
import { SEEDED_CALL } from "./calls";
import { actionArgs, formRequest, run } from "./requests";

const SOURCE = SEEDED_CALL;
const db = () => getDb();
const DAY = 24 * 3600_000;

/** A day in Paris, `days` from today ("YYYY-MM-DD"). */
export const dayIn = (days: number) => instantToParisLocal(new Date(Date.now() + days * DAY)).date;

export type Fields = Record<string, string | string[]>;

/** « Préparer un nouvel appel » from `sourceSlug`: the new draft's slug. */
export async function copy(admin: Actor, sourceSlug = SOURCE) {
  const result = await run(() => listAction(actionArgs(formRequest("/ccas/appels", { sourceSlug }, admin.cookie))));
  expect(result.status).toBe(302);
  const slug = result.headers.get("Location")!.split("?")[0]!.split("/").pop()!;
  return slug;
}

export const edit = (slug: string, fields: Fields, cookie?: string) =>
  run(() => editAction(actionArgs(formRequest(`/ccas/appels/${slug}`, fields, cookie), { slug })));

export const publish = (slug: string, cookie?: string) =>
  run(() => publishAction(actionArgs(formRequest(`/ccas/appels/${slug}/publier`, { intent: "publish" }, cookie), { slug })));

/** The calendar form with a publication day, a deadline at 18:00 (Paris) and, if given, results. */
export function calendarFields({
  publication,
  deadline,
  results,
}: {
  publication: string;
  deadline: string;
  results?: string;
}): Fields {
  return {
    intent: "calendar",
    "items[0].kind": "publication",
    "items[0].title": "Publication de l'appel",
    "items[0].startDate": publication,
    "items[0].precision": "date",
    "items[1].kind": "deadline",
    "items[1].title": "Date limite de dépôt",
    "items[1].startDate": deadline,
    "items[1].startTime": "18:00",
    "items[1].precision": "datetime",
    ...(results
      ? {
          "items[2].kind": "results",
          "items[2].title": "Annonce des lauréats",
          "items[2].startDate": results,
          "items[2].precision": "date",
        }
      : {}),
  };
}

export const parameterFields = (latestStart: string): Fields => ({
  intent: "parameters",
  yearlyEnvelope: "250000",
  minLaureates: "3",
  maxLaureates: "5",
  durationMonths: "24",
  fundingYears: "2",
  latestStart,
  latestStartLabel: `au plus tard le ${latestStart}`,
  fundingNote: "Une convention avec le chef de file.",
  minMembers: "2",
});

/**
 * What a copy of the 2025 call needs before it may be published: dates ahead (publication in
 * `publicationIn` days, deadline in 60, results in 120) and a latest start after them.
 */
export async function readyToPublish(admin: Actor, slug: string, { publicationIn = 10 } = {}) {
  expect(
    (
      await edit(
        slug,
        calendarFields({ publication: dayIn(publicationIn), deadline: dayIn(60), results: dayIn(120) }),
        admin.cookie,
      )
    ).status,
  ).toBe(302);
  expect((await edit(slug, parameterFields(dayIn(400)), admin.cookie)).status).toBe(302);
}

/** A published test call back to a draft: it is no longer the current call of the later tests. */
export const retire = (slug: string) => db().call.update({ where: { slug }, data: { draft: true } });

/** A published idea of the 2025 call, of a structure `admin` administers. */
export async function ideaOf(admin: Actor, { subAxes = ["2.1"], title = "Veilleurs de palier" } = {}) {
  const organisation = await createOrganisationFor(admin);
  const idea = await db().idea.create({
    data: {
      slug: `idee-${organisation.slug}`,
      organisationId: organisation.id,
      callId: (await db().call.findUniqueOrThrow({ where: { slug: SOURCE } })).id,
      title: `${title} ${organisation.slug}`,
      summary: "Des voisins veilleurs.",
      description: "Chaque palier a son veilleur.",
      targetPublic: "Locataires isolés",
      wholeCity: true,
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      publishedAt: new Date(),
      codes: { create: subAxes.map((code) => ({ kind: "subAxis", code })) },
    },
  });
  return { organisation, idea };
}
