// Saved searches and alerts: what a person saves from /recherche, what reaches their mailbox when a
// matching item is published (at once or in the daily digest), never twice, with a one-click
// unsubscribe; and the new ideas that would suggest their organisation.
import crypto from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parseSavedQuery, savedSearchParams } from "~/domain/saved-search";
import type { IdeaInput } from "~/domain/schemas/idea";
import { runAlerts, unsubscribeUrl } from "~/models/alert.server";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { createIdea, publishIdea } from "~/models/idea.server";
import { sendDigests } from "~/models/notification.server";
import { createOffer, publishOffer } from "~/models/offer.server";
import { action as alertsAction, loader as alertsLoader } from "~/routes/compte_.alertes";
import { loader as apiLoader } from "~/routes/api.search";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { getSearchClient } from "~/utils/search.server";
import { enqueueIndex } from "../../search/outbox";
import { createMeiliClient } from "../../search/client";
import { ensureIndex, processOutbox, startSyncLoop } from "../../search/sync";
import { startLocalMeili } from "../../scripts/lib/local-meili";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { startAppServer } from "../helpers/app-server";
import { getFreePort } from "../helpers/net";
import { useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
const db = () => getDb();
const meili = () => getSearchClient()!;

beforeAll(async () => {
  await ensureIndex(db(), meili());
});

/** What the server's sync loop does: the outbox into the index, then the alerts. */
async function sync() {
  while ((await processOutbox(db(), meili())) > 0);
  return runAlerts(db(), meili(), sendMail);
}

const mailsTo = (actor: Actor) => smtp.server.mails.filter((mail) => mail.to.includes(actor.email));

/** Waits for the SMTP server to have taken what was sent (sendMail resolves once it accepted it). */
async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

async function person(mode: "immediate" | "daily" | "none" = "immediate") {
  const actor = await createActor();
  await db().user.update({ where: { id: actor.id }, data: { notificationMode: mode } });
  return actor;
}

/** Saves a search through the page's form, as the « Enregistrer cette recherche » button does. */
async function saveSearch(actor: Actor, fields: Record<string, string | string[]>) {
  const result = await run(() =>
    alertsAction(actionArgs(formRequest("/compte/alertes", { intent: "create", ...fields }, actor.cookie))),
  );
  expect(result.status).toBe(302);
  const location = result.headers.get("Location")!;
  const id = /(?:enregistree|deja)=([^&#]+)/.exec(location)![1]!;
  return db().savedSearch.findUniqueOrThrow({ where: { id } });
}

async function alertsPage(actor: Actor, query = "") {
  return alertsLoader(loaderArgsFor(getRequest(`/compte/alertes${query}`, actor.cookie)));
}

let ccas: Actor;
beforeAll(async () => {
  ccas = await createActor({ ccas: true });
});

/** A published organisation of someone else, and its published offer. */
async function publishOfferOf(
  { title, resource = "locaux", quartier = "nantes-nord" }: { title: string; resource?: string; quartier?: string },
  owner?: Actor,
) {
  const organisation = await createOrganisationFor(owner ?? (await createActor()));
  const offer = await createOffer(db(), organisation.id, {
    resource: resource as "locaux",
    title,
    description: "Une salle au rez-de-chaussée, accessible en fauteuil.",
    availability: "Le samedi",
    slots: [],
    conditions: "free",
    quartier: quartier as "nantes-nord",
  });
  await publishOffer(db(), { offerId: offer.id, moderatorId: ccas.id });
  return { offerId: offer.id, organisation };
}

const unique = (text: string) => `${text} ${crypto.randomUUID().slice(0, 6)}`;

describe("saving a search", () => {
  it("names it from its filters in French, once however often it is saved, and lists it", async () => {
    const actor = await person();
    const first = await saveSearch(actor, { type: "offer", resource: "locaux", quartier: "nantes-nord" });
    expect(first.name).toBe("Offres · Locaux · Nantes Nord");
    // The same filters in another order are the same search.
    const again = await saveSearch(actor, { quartier: "nantes-nord", resource: "locaux", type: "offer" });
    expect(again.id).toBe(first.id);
    const worded = await saveSearch(actor, { q: "salle", sector: ["sante", "associatif"] });
    expect(worded.name).toBe("Associatif ou Santé · “salle”");

    const page = await alertsPage(actor, `?enregistree=${worded.id}`);
    expect(page.arrived).toMatchObject({
      intent: "created",
      id: worded.id,
      notice: expect.stringMatching(
        /^Recherche enregistrée : .*Associatif ou Santé · “salle”.*Vous pouvez la renommer ci-dessous\.$/,
      ),
    });
    // Another person's search in the address says nothing.
    expect((await alertsPage(await person(), `?enregistree=${worded.id}`)).arrived).toBeNull();
    expect(page.searches.map((search) => search.name)).toEqual([
      "Associatif ou Santé · “salle”",
      "Offres · Locaux · Nantes Nord",
    ]);
    expect(page.searches[1]!.searchUrl).toBe("/recherche?type=offer&quartier=nantes-nord&resource=locaux");
  });

  it("keeps at most 50 searches per person: the 51st is refused in French, the same one again still found", async () => {
    const actor = await person();
    for (let index = 0; index < 50; index += 1) await saveSearch(actor, { q: `mot${index}` });
    const refused = await run(() =>
      alertsAction(actionArgs(formRequest("/compte/alertes", { intent: "create", q: "un de plus" }, actor.cookie))),
    );
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: string[] }).errors).toEqual([
      "Vous avez déjà 50 recherches enregistrées : supprimez-en une pour en enregistrer une autre.",
    ]);
    expect(await db().savedSearch.count({ where: { userId: actor.id } })).toBe(50);
    // One already saved is not a 51st.
    expect((await saveSearch(actor, { q: "mot7" })).name).toBe("“mot7”");
  });

  it("from the map's filter form, saves the boxes ticked, not the open quartier nor the map's view", async () => {
    const actor = await person();
    const result = await run(() =>
      alertsAction(
        actionArgs(
          formRequest(
            "/compte/alertes",
            {
              intent: "create-map",
              niveau: "iris",
              quartier: "nantes-nord",
              tri: "nom",
              type: "offer",
              resource: ["locaux", "salaries"],
            },
            actor.cookie,
          ),
        ),
      ),
    );
    expect(result.status).toBe(302);
    const saved = await db().savedSearch.findFirstOrThrow({ where: { userId: actor.id } });
    expect(saved.name).toBe("Offres · Locaux ou Salariés mis à disposition");
  });

  it("refuses a filter that does not exist with a French message, and saves nothing", async () => {
    const actor = await person();
    const result = await run(() =>
      alertsAction(actionArgs(formRequest("/compte/alertes", { intent: "create", resource: "piscine" }, actor.cookie))),
    );
    expect(result.status).toBe(400);
    expect((result.data as { errors: string[] }).errors[0]).toMatch(/ne peut pas être enregistrée/);
    expect(await db().savedSearch.count({ where: { userId: actor.id } })).toBe(0);
  });

  it("renames, refusing an empty name with the input kept; pauses, resumes, and deletes after a confirmation", async () => {
    const actor = await person();
    const search = await saveSearch(actor, { type: "idea" });
    const act = (fields: Record<string, string>) =>
      run(() => alertsAction(actionArgs(formRequest("/compte/alertes", fields, actor.cookie))));

    const empty = await act({ intent: "rename", id: search.id, name: "   " });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ id: search.id, name: "   ", errors: ["Nom de la recherche : ce champ est obligatoire."] });
    const long = await act({ intent: "rename", id: search.id, name: "x".repeat(81) });
    expect(long.status).toBe(400);
    expect((long.data as { errors: string[] }).errors).toEqual(["Nom de la recherche : 80 caractères au maximum."]);
    expect((await db().savedSearch.findUniqueOrThrow({ where: { id: search.id } })).name).toBe("Idées");

    expect((await act({ intent: "rename", id: search.id, name: "Projets à suivre" })).status).toBe(200);
    expect((await act({ intent: "pause", id: search.id })).status).toBe(200);
    expect((await alertsPage(actor)).searches[0]).toMatchObject({ name: "Projets à suivre", paused: true });
    expect((await act({ intent: "resume", id: search.id })).status).toBe(200);
    expect((await alertsPage(actor)).searches[0]!.paused).toBe(false);

    // « Supprimer… » shows a confirmation (and deletes nothing); the confirmation's button deletes.
    expect((await alertsPage(actor, `?supprimer=${search.id}`)).confirmDelete).toMatchObject({ name: "Projets à suivre" });
    expect(await db().savedSearch.count({ where: { id: search.id } })).toBe(1);
    const deleted = await act({ intent: "delete", id: search.id });
    expect(deleted.headers.get("Location")).toBe("/compte/alertes?supprimee=1");
    expect(await db().savedSearch.count({ where: { id: search.id } })).toBe(0);
    const afterDeletion = await alertsPage(actor, "?supprimee=1");
    expect(afterDeletion.searches).toEqual([]);
    expect(afterDeletion.arrived).toEqual({ intent: "delete", notice: "La recherche a été supprimée." });
  });

  it("without JavaScript, a search saved or deleted is said once, at its card: the address carries nothing a reload would say again", async () => {
    const actor = await person();
    const send = (fields: Record<string, string>) => {
      const request = formRequest("/compte/alertes", fields, actor.cookie);
      request.headers.set("Sec-Fetch-Dest", "document");
      return run(() => alertsAction(actionArgs(request)));
    };
    const flashed = async (cookie: string) =>
      (
        (await run(() => alertsLoader(loaderArgsFor(getRequest("/compte/alertes", `${actor.cookie}; ${cookie.split(";")[0]}`)))))
          .data as {
          flashed: unknown;
        }
      ).flashed;
    const saved = await send({ intent: "create", type: "offer", resource: "locaux" });
    expect(saved.status).toBe(303);
    const search = await db().savedSearch.findFirstOrThrow({ where: { userId: actor.id } });
    expect(saved.headers.get("Location")).toBe(`/compte/alertes#recherche-${search.id}`);
    expect(await flashed(saved.headers.get("Set-Cookie")!)).toEqual({
      intent: "created",
      id: search.id,
      notice: "Recherche enregistrée : « Offres · Locaux ». Vous pouvez la renommer ci-dessous.",
    });
    const again = await send({ intent: "create", resource: "locaux", type: "offer" });
    expect(await flashed(again.headers.get("Set-Cookie")!)).toMatchObject({ intent: "exists", id: search.id });
    const deleted = await send({ intent: "delete", id: search.id });
    expect(deleted.headers.get("Location")).toBe("/compte/alertes");
    expect(await flashed(deleted.headers.get("Set-Cookie")!)).toEqual({
      intent: "delete",
      notice: "La recherche a été supprimée.",
    });
  });

  it("sends an anonymous visitor to log in, and answers 404 for someone else's saved search", async () => {
    const anonymous = await run(() => alertsLoader(loaderArgsFor(getRequest("/compte/alertes"))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/connexion?redirectTo=%2Fcompte%2Falertes");

    const [owner, stranger] = await Promise.all([person(), person()]);
    const search = await saveSearch(owner, { type: "organisation" });
    const asStranger = (fields: Record<string, string>) =>
      run(() => alertsAction(actionArgs(formRequest("/compte/alertes", fields, stranger.cookie))));
    expect((await asStranger({ intent: "rename", id: search.id, name: "À moi" })).status).toBe(404);
    expect((await asStranger({ intent: "pause", id: search.id })).status).toBe(404);
    expect((await asStranger({ intent: "delete", id: search.id })).status).toBe(404);
    expect((await run(() => alertsPage(stranger, `?supprimer=${search.id}`))).status).toBe(404);
    expect(await db().savedSearch.findUniqueOrThrow({ where: { id: search.id } })).toMatchObject({
      name: "Structures",
      paused: false,
    });
  });
});

describe("alerts of a saved search", () => {
  it("mails a new matching offer at once, with the unsubscribe link and headers, and never again", async () => {
    const reader = await person("immediate");
    const search = await saveSearch(reader, { type: "offer", resource: "locaux", quartier: "nantes-nord" });
    const title = unique("Salle du samedi");
    const other = unique("Camion prêté");
    const { offerId, organisation } = await publishOfferOf({ title });
    await publishOfferOf({ title: other, resource: "logistique" });
    await sync();

    const mail = await smtp.server.waitFor(reader.email, /Nouvelle offre/);
    expect(mail.subject).toMatch(new RegExp(`^Nouvelle offre : ${title} \\(Structure `));
    expect(mail.text).toContain(
      `« ${title} » (${organisation.name}) correspond à votre recherche enregistrée « Offres · Locaux · Nantes Nord ».`,
    );
    const stop = unsubscribeUrl(reader.id, { kind: "search", savedSearchId: search.id });
    expect(mail.text).toContain(`Ne plus recevoir ces alertes, en un clic : ${stop}`);
    expect(mail.headers["list-unsubscribe"]).toBe(`<${stop}>`);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(
      mailsTo(reader)
        .map((received) => received.subject)
        .join("\n"),
    ).not.toContain(other);

    // A second run, and the item indexed again (an edit, its organisation re-indexed): nothing more.
    await sync();
    await db().$transaction((tx) => enqueueIndex(tx, [{ entityType: "offer", entityId: offerId }]));
    await sync();
    await settle();
    expect(mailsTo(reader)).toHaveLength(1);
    const page = await alertsPage(reader);
    expect(page.searches[0]).toMatchObject({ alertCount: 1, recent: [{ title }] });
  });

  it("puts it in the daily digest instead, with the unsubscribe headers, once across digests and runs", async () => {
    const [daily, immediate] = await Promise.all([person("daily"), person("immediate")]);
    await saveSearch(daily, { type: "offer", resource: "locaux" });
    await saveSearch(immediate, { type: "offer", resource: "locaux" });
    const title = unique("Local associatif");
    await publishOfferOf({ title });
    await sync();
    await smtp.server.waitFor(immediate.email, /Nouvelle offre/);
    await settle();
    expect(mailsTo(daily)).toHaveLength(0);

    await sendDigests(db(), sendMail);
    const digest = await smtp.server.waitFor(daily.email, /nouveauté/);
    expect(digest.text).toContain(`Nouvelle offre : ${title}`);
    const stopAll = unsubscribeUrl(daily.id, { kind: "all" });
    expect(digest.text).toContain(`Ne plus recevoir d'alertes, en un clic : ${stopAll}`);
    expect(digest.headers["list-unsubscribe"]).toBe(`<${stopAll}>`);
    expect(digest.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

    // Neither the digest nor the alerts send it again, even when each person changes their choice.
    await db().user.update({ where: { id: immediate.id }, data: { notificationMode: "daily" } });
    await db().user.update({ where: { id: daily.id }, data: { notificationMode: "immediate" } });
    await sendDigests(db(), sendMail);
    await sync();
    await settle();
    expect(mailsTo(daily)).toHaveLength(1);
    expect(mailsTo(immediate)).toHaveLength(1);
  });

  it("sends one alert when two runs work at the same time", async () => {
    const reader = await person("immediate");
    await saveSearch(reader, { type: "offer", resource: "competences" });
    const title = unique("Aide comptable");
    await publishOfferOf({ title, resource: "competences" });
    while ((await processOutbox(db(), meili())) > 0);
    await Promise.all([runAlerts(db(), meili(), sendMail), runAlerts(db(), meili(), sendMail)]);
    await smtp.server.waitFor(reader.email, /Nouvelle offre/);
    await settle();
    expect(mailsTo(reader)).toHaveLength(1);
    expect(await db().alertDelivery.count({ where: { userId: reader.id } })).toBe(1);
  });

  it("gives a paused search nothing, and after it resumes only what is published from then on", async () => {
    const reader = await person("immediate");
    const search = await saveSearch(reader, { type: "offer", resource: "financier" });
    const act = (intent: string) =>
      run(() => alertsAction(actionArgs(formRequest("/compte/alertes", { intent, id: search.id }, reader.cookie))));
    await act("pause");
    const during = unique("Don pendant la pause");
    const { offerId } = await publishOfferOf({ title: during, resource: "financier" });
    await sync();
    await act("resume");
    // Indexed again after the resume: still published during the pause.
    await db().$transaction((tx) => enqueueIndex(tx, [{ entityType: "offer", entityId: offerId }]));
    const after = unique("Don après la pause");
    await publishOfferOf({ title: after, resource: "financier" });
    await sync();
    const mail = await smtp.server.waitFor(reader.email, /Nouvelle offre/);
    expect(mail.subject).toContain(after);
    await settle();
    expect(mailsTo(reader)).toHaveLength(1);
  });

  it("never tells a search of what was published before it was saved, nor of the person's own organisation's items", async () => {
    const reader = await person("immediate");
    const before = unique("Salle déjà là");
    const { offerId } = await publishOfferOf({ title: before, resource: "logistique", quartier: "nantes-sud" });
    await sync();
    await saveSearch(reader, { type: "offer", quartier: "nantes-sud" });
    await db().$transaction((tx) => enqueueIndex(tx, [{ entityType: "offer", entityId: offerId }]));
    await publishOfferOf({ title: unique("Notre propre salle"), resource: "logistique", quartier: "nantes-sud" }, reader);
    await sync();
    await settle();
    expect(mailsTo(reader)).toHaveLength(0);
  });

  it("records the alert without a mail for someone who chose no mail, shown on their alerts page", async () => {
    const reader = await person("none");
    await saveSearch(reader, { type: "offer", resource: "salaries" });
    const title = unique("Deux salariés le mardi");
    await publishOfferOf({ title, resource: "salaries" });
    await sync();
    await sendDigests(db(), sendMail);
    await settle();
    expect(mailsTo(reader)).toHaveLength(0);
    expect((await alertsPage(reader)).searches[0]!.recent.map((alert) => alert.title)).toEqual([title]);
  });

  it("agrees with /api/search on whether the new item is among a saved search's results", async () => {
    const searches: Record<string, string | string[]>[] = [
      { q: "salle" },
      { q: "sale" },
      { q: "local" },
      { q: "piscine" },
      { quartier: ["nantes-nord", "nantes-sud"] },
      { quartier: "centre-ville" },
      { resource: "logistique" },
      { type: "idea" },
      { sector: "associatif", type: "offer" },
      { sector: "sante" },
      { q: "salle", type: "organisation" },
      { q: "fauteuil rez-de-chaussée", resource: "locaux" },
    ];
    const readers = await Promise.all(searches.map(() => person("immediate")));
    const saved = await Promise.all(searches.map((fields, index) => saveSearch(readers[index]!, fields)));
    const title = unique("Salle polyvalente");
    const { offerId } = await publishOfferOf({ title });
    await sync();

    const alerted = new Set(
      (await db().alertDelivery.findMany({ where: { entityId: offerId }, select: { userId: true } })).map((row) => row.userId),
    );
    const verdicts = await Promise.all(
      saved.map(async (search, index) => {
        const params = savedSearchParams(parseSavedQuery(search.query));
        params.set("sort", "updated");
        params.set("perPage", "50");
        const response = await apiLoader(loaderArgsFor(getRequest(`/api/search?${params}`)));
        const body = (await response.json()) as { hits: { type: string; id: string }[] };
        const found = body.hits.some((hit) => hit.type === "offer" && hit.id === offerId);
        return { search: search.name, found, alerted: alerted.has(readers[index]!.id) };
      }),
    );
    for (const verdict of verdicts) expect(verdict.alerted, verdict.search).toBe(verdict.found);
    // The comparison means something: some searches hold the offer (a typo and a synonym among them), others not.
    expect(verdicts.filter((verdict) => verdict.found).map((verdict) => verdict.search)).toEqual(
      expect.arrayContaining(["“salle”", "“sale”", "“local”", "Nantes Nord ou Nantes Sud"]),
    );
    expect(verdicts.filter((verdict) => !verdict.found).map((verdict) => verdict.search)).toEqual(
      expect.arrayContaining(["“piscine”", "Centre-ville", "Idées", "Santé"]),
    );
  });
});

describe("alerts of new ideas", () => {
  const input = (title: string): IdeaInput => ({
    title,
    summary: "Des visites aux personnes isolées à Nantes Nord.",
    description: "Des bénévoles rendent visite aux personnes qui ne sortent plus de chez elles.",
    subAxes: ["2.1"],
    addressesIsolation: true,
    addressesPrecarity: true,
    targetPublic: "Personnes âgées isolées",
    tags: [],
    wholeCity: false,
    quartiers: ["nantes-nord"],
    sectorsSought: ["sante"],
    resourcesSought: ["locaux"],
    stage: "looking-for-partners",
  });

  it("tells the members of an organisation the engine would suggest, once, unless they turned it off", async () => {
    const [author, health, quiet] = await Promise.all([person(), person("immediate"), person("immediate")]);
    const own = await createOrganisationFor(author);
    const clinic = await createOrganisationFor(health);
    await db().organisation.update({ where: { id: clinic.id }, data: { sector: "sante", name: unique("Maison de santé") } });
    await createOrganisationFor(quiet);
    await run(() =>
      alertsAction(actionArgs(formRequest("/compte/alertes", { intent: "idea-alerts", ideaAlerts: "off" }, quiet.cookie))),
    );
    const { callId } = await getCurrentCallSubAxes(db());
    const title = unique("Visites de voisinage");
    const { id } = await createIdea(db(), { organisationId: own.id, callId, input: input(title) });
    await publishIdea(db(), { ideaId: id, moderatorId: ccas.id });
    await sync();

    const mail = await smtp.server.waitFor(health.email, /Une idée cherche des partenaires/);
    expect(mail.subject).toContain(title);
    expect(mail.text).toContain(
      // Said to the partner: its sector is what the idea lacks and looks for.
      `serait suggérée comme partenaire de l'idée « ${title} ». Votre secteur (santé) lui manque : l'appel demande des partenaires d'au moins deux secteurs. Elle cherche des partenaires de votre secteur (santé).`,
    );
    expect(mail.text).not.toMatch(/votre projet|que vous recherchez/);
    const stop = unsubscribeUrl(health.id, { kind: "ideas" });
    expect(mail.headers["list-unsubscribe"]).toBe(`<${stop}>`);
    await db().$transaction((tx) => enqueueIndex(tx, [{ entityType: "idea", entityId: id }]));
    await sync();
    await settle();
    expect(mailsTo(health)).toHaveLength(1);
    expect(mailsTo(quiet)).toHaveLength(0);
    expect(mailsTo(author)).toHaveLength(0);
  });

  it("lists the ideas signalled to someone who chose no mail on their alerts page, and none to who turned them off", async () => {
    const [author, reader, quiet] = await Promise.all([person(), person("none"), person("none")]);
    const own = await createOrganisationFor(author);
    for (const [actor, name] of [
      [reader, "Maison de santé"],
      [quiet, "Centre de santé"],
    ] as const) {
      const clinic = await createOrganisationFor(actor);
      await db().organisation.update({ where: { id: clinic.id }, data: { sector: "sante", name: unique(name) } });
    }
    await run(() =>
      alertsAction(actionArgs(formRequest("/compte/alertes", { intent: "idea-alerts", ideaAlerts: "off" }, quiet.cookie))),
    );
    expect((await alertsPage(reader)).signalledIdeas).toEqual([]);
    const { callId } = await getCurrentCallSubAxes(db());
    const title = unique("Visites de voisinage");
    const { id } = await createIdea(db(), { organisationId: own.id, callId, input: input(title) });
    await publishIdea(db(), { ideaId: id, moderatorId: ccas.id });
    await sync();
    await sendDigests(db(), sendMail);
    await settle();

    expect(mailsTo(reader)).toHaveLength(0);
    const slug = (await db().idea.findUniqueOrThrow({ where: { id }, select: { slug: true } })).slug;
    expect((await alertsPage(reader)).signalledIdeas).toEqual([
      { title, url: `/idees/${slug}`, on: expect.any(String), public: true },
    ]);
    expect((await alertsPage(quiet)).signalledIdeas).toEqual([]);

    // Unpublished since (by its structure or the CCAS): still listed, without a link to a page
    // that would say « introuvable », and saying why.
    await db().idea.update({ where: { id }, data: { status: "unpublished" } });
    expect((await alertsPage(reader)).signalledIdeas).toEqual([
      { title, url: `/idees/${slug}`, on: expect.any(String), public: false },
    ]);
    const site = await startAppServer();
    try {
      const html = (await (await fetch(`${site.url}/compte/alertes`, { headers: { Cookie: reader.cookie } })).text())
        .replaceAll("<!-- -->", "")
        .replaceAll("&#x27;", "'");
      expect(html).toMatch(
        new RegExp(`<span>${title}</span> <span class="small muted">\\(\\d+(?:er)? \\S+ \\d{4} ; n'est plus publiée\\)</span>`),
      );
      expect(html).not.toContain(`href="/idees/${slug}"`);
    } finally {
      await site.stop();
    }
  });

  it("tells only the organisations among the idea's own suggestions, not every one with a reason", async () => {
    const [author, near, far] = await Promise.all([person(), person("immediate"), person("immediate")]);
    const own = await createOrganisationFor(author);
    // Ten health organisations and one that would only « add a 2nd sector »: the latter is not among
    // the idea's ten suggestions, so it hears nothing.
    const health = [await createOrganisationFor(near)];
    for (let index = 0; index < 10; index += 1) health.push(await createOrganisationFor(await person("none")));
    // Equal scores go by name: the one whose member is told comes first among them.
    for (const [index, organisation] of health.entries())
      await db().organisation.update({
        where: { id: organisation.id },
        data: { sector: "sante", name: unique(index === 0 ? "Aaa santé" : "Santé") },
      });
    const culture = await createOrganisationFor(far);
    await db().organisation.update({ where: { id: culture.id }, data: { sector: "culturel", name: unique("Théâtre") } });
    const { callId } = await getCurrentCallSubAxes(db());
    const title = unique("Ateliers santé");
    const { id } = await createIdea(db(), { organisationId: own.id, callId, input: input(title) });
    await publishIdea(db(), { ideaId: id, moderatorId: ccas.id });
    await sync();

    await smtp.server.waitFor(near.email, new RegExp(title));
    await settle();
    expect(mailsTo(far).filter((sent) => sent.subject.includes(title))).toEqual([]);
  });

  it("does not tell an organisation already in the idea's groupement", async () => {
    const [author, member, stranger] = await Promise.all([person(), person("immediate"), person("immediate")]);
    const own = await createOrganisationFor(author);
    const inGroupement = await createOrganisationFor(member);
    const outside = await createOrganisationFor(stranger);
    for (const organisation of [inGroupement, outside])
      await db().organisation.update({
        where: { id: organisation.id },
        data: { sector: "sante", name: unique("Centre de santé") },
      });
    const { callId } = await getCurrentCallSubAxes(db());
    const title = unique("Repas partagés");
    const { id } = await createIdea(db(), { organisationId: own.id, callId, input: input(title) });
    // Its groupement is formed before the idea is published (or published again after a change).
    const groupement = await createGroupementFromIdea(db(), id);
    await db().groupementMember.create({
      data: { groupementId: groupement.id, organisationId: inGroupement.id, status: "invited" },
    });
    await publishIdea(db(), { ideaId: id, moderatorId: ccas.id });
    await sync();

    const mail = await smtp.server.waitFor(stranger.email, /Une idée cherche des partenaires/);
    expect(mail.subject).toContain(title);
    await settle();
    expect(mailsTo(member).filter((sent) => sent.subject.includes(title))).toHaveLength(0);
  });
});

describe("alerts while Meilisearch is down", () => {
  it("wait in the outbox, then go out once, when the server's loop finds Meilisearch again", async () => {
    // A Meilisearch of this test's own, stopped and started again; the server's loop as `npm start` runs it.
    const port = await getFreePort();
    const dataDir = path.join(inject("scratchDir"), "meili-alerts-outage");
    const first = await startLocalMeili({ dataDir, port, log: () => {} });
    const own = createMeiliClient({ url: first!.url, apiKey: first!.masterKey });
    await ensureIndex(db(), own);
    while ((await processOutbox(db(), own)) > 0);
    await first!.stop();

    const reader = await person("immediate");
    await saveSearch(reader, { q: "quadrilatère" });
    const title = unique("Quadrilatère du mardi");
    await publishOfferOf({ title });
    const lines: string[] = [];
    const loop = startSyncLoop(db(), own, {
      intervalMs: 50,
      log: (line) => lines.push(line),
      indexReady: true,
      afterIndex: () => runAlerts(db(), own, sendMail),
    });
    let second: Awaited<ReturnType<typeof startLocalMeili>> = null;
    try {
      await expect.poll(() => lines.join("\n"), { timeout: 20_000 }).toContain("Meilisearch unreachable");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(mailsTo(reader)).toHaveLength(0);

      second = await startLocalMeili({ dataDir, port, log: () => {} });
      // The loop waits longer after each failed round (up to its cap) before it tries again.
      const mail = await smtp.server.waitFor(reader.email, /Nouvelle offre/, 60_000);
      expect(mail.subject).toContain(title);
      expect(lines.join("\n")).toContain("Meilisearch answers again");
      await settle();
      expect(mailsTo(reader)).toHaveLength(1);
    } finally {
      await loop.stop();
      await second?.stop();
    }
  }, 90_000);
});
