import { beforeEach, describe, expect, it, vi } from "vitest";
import { action as newIdeaAction } from "~/routes/espace.organisations.$id.idees.nouvelle";
import { action as ideaEditAction, loader as ideaEditLoader } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { action as interestAction, loader as ideaLoader } from "~/routes/idees.$slug";
import { loader as ideasLoader } from "~/routes/idees._index";
import { action as inboxAction, loader as inboxLoader } from "~/routes/espace.organisations.$id.messagerie";
import { action as moderationAction, loader as moderationLoader } from "~/routes/ccas.moderation";
import { action as reportAction } from "~/routes/signaler";
import { action as accountAction, loader as accountLoader } from "~/routes/compte";
import { loader as rootLoader } from "~/root";
import { sendDigests } from "~/models/notification.server";
import { sendDueAlerts } from "~/models/alert.server";
import { deliverQueuedSoon, sendQueuedNotifications } from "~/models/notification-queue.server";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { createInterest } from "~/models/interest.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";
import { getFreePort } from "../helpers/net";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { startSmtp, useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
beforeEach(() => resetRateLimits());

const db = () => getDb();

const IDEA = {
  title: "Veilleurs de palier",
  summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
  description: "Avec un bailleur et une pharmacie, nous voulons former des voisins veilleurs.",
  subAxes: ["2.1"],
  addressesIsolation: "on",
  addressesPrecarity: "on",
  targetPublic: "Locataires isolés",
  tags: ["isolated-at-home", "elderly"],
  quartiers: ["nantes-nord"],
  sectorsSought: ["habitat", "sante"],
  resourcesSought: ["locaux"],
  // A day to come whenever the suite runs: a past one is refused (« Démarrage envisagé »).
  expectedStart: `${new Date().getFullYear() + 1}-03-01`,
  stage: "looking-for-partners",
};

async function createIdeaVia(actor: Actor, organisationId: string, fields: Record<string, string | string[]> = IDEA) {
  return run(() =>
    newIdeaAction(
      actionArgs(formRequest(`/espace/organisations/${organisationId}/idees/nouvelle`, fields, actor.cookie), {
        id: organisationId,
      }),
    ),
  );
}

/** An organisation with a published idea, and another published organisation with its admin. */
async function scene() {
  const [leadAdmin, partnerAdmin, ccas] = await Promise.all([createActor(), createActor(), createActor({ ccas: true })]);
  const [lead, partner] = await Promise.all([createOrganisationFor(leadAdmin), createOrganisationFor(partnerAdmin)]);
  const title = `Idée ${lead.slug}`;
  await createIdeaVia(leadAdmin, lead.id, { ...IDEA, title });
  const idea = await db().idea.findFirstOrThrow({ where: { title } });
  await run(() =>
    moderationAction(
      actionArgs(formRequest("/ccas/moderation", { intent: "publish", entityType: "idea", entityId: idea.id }, ccas.cookie)),
    ),
  );
  return { leadAdmin, partnerAdmin, ccas, lead, partner, idea: { ...idea, slug: idea.slug } };
}

const express = (actor: Actor, slug: string, fields: Record<string, string | string[]>) =>
  run(() => interestAction(actionArgs(formRequest(`/idees/${slug}`, fields, actor.cookie), { slug })));

describe("ideas", () => {
  it("are created with their codes and sent to the CCAS", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const response = await createIdeaVia(admin, organisation.id);
    expect(response.status).toBe(302);
    const idea = await db().idea.findFirstOrThrow({ where: { organisationId: organisation.id }, include: { codes: true } });
    expect(idea).toMatchObject({
      status: "pending",
      stage: "looking-for-partners",
      addressesIsolation: true,
      addressesPrecarity: true,
    });
    expect(idea.codes.map((code) => `${code.kind}:${code.code}`).sort()).toEqual(
      [
        "quartier:nantes-nord",
        "resource:locaux",
        "sector:habitat",
        "sector:sante",
        "subAxis:2.1",
        "tag:elderly",
        "tag:isolated-at-home",
      ].sort(),
    );
  });

  it("stay drafts without both isolation and precarity, and say the call's reason", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    await createIdeaVia(admin, organisation.id, { ...IDEA, title: "Sans précarité", addressesPrecarity: "" });
    const idea = await db().idea.findFirstOrThrow({ where: { title: "Sans précarité" } });
    expect(idea.status).toBe("draft");
    // Once published, an edit that drops one of them is refused with the reason.
    await db().idea.update({ where: { id: idea.id }, data: { status: "published", addressesPrecarity: true } });
    const refused = await run(() =>
      ideaEditAction(
        actionArgs(formRequest("/", { ...IDEA, intent: "save", addressesPrecarity: "" }, admin.cookie), {
          id: organisation.id,
          ideaId: idea.id,
        }),
      ),
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("à la fois sur l'isolement social et sur la précarité");
  });

  it("refuse a missing sub-axis, an unknown one and a missing territory, keeping the input", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const none = await createIdeaVia(admin, organisation.id, { ...IDEA, subAxes: [], quartiers: [] });
    expect(none.status).toBe(400);
    const errors = (none.data as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).result;
    expect(errors.error.subAxes).toEqual(["Sous-axes : cochez au moins un sous-axe de l'appel."]);
    expect(errors.initialValue.title).toBe(IDEA.title);
    const unknown = await createIdeaVia(admin, organisation.id, { ...IDEA, subAxes: ["3.1"] });
    expect(JSON.stringify(unknown.data)).toContain("choisissez parmi ceux de l'appel");
    expect(await db().idea.count({ where: { organisationId: organisation.id } })).toBe(0);
  });

  it("refuse a start already past, unless it is the date the idea has, keeping the input", async () => {
    const admin = await createActor();
    const organisation = await createOrganisationFor(admin);
    const past = await createIdeaVia(admin, organisation.id, { ...IDEA, title: "Démarrage passé", expectedStart: "2020-09-01" });
    expect(past.status).toBe(400);
    const result = (past.data as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).result;
    expect(result.error.expectedStart).toEqual(["Démarrage envisagé : indiquez une date à venir (aujourd'hui ou plus tard)."]);
    expect(result.initialValue).toMatchObject({ title: "Démarrage passé", expectedStart: "2020-09-01" });
    expect(await db().idea.count({ where: { organisationId: organisation.id } })).toBe(0);
    // Today is a day to come.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    expect(
      (await createIdeaVia(admin, organisation.id, { ...IDEA, title: "Démarre aujourd'hui", expectedStart: today })).status,
    ).toBe(302);

    // An idea started long ago (its date was to come then) keeps its date through an edit; another past day is refused.
    const idea = await db().idea.findFirstOrThrow({ where: { title: "Démarre aujourd'hui" } });
    await db().idea.update({ where: { id: idea.id }, data: { expectedStart: new Date("2024-05-01T00:00:00Z") } });
    const edit = (expectedStart: string) =>
      run(() =>
        ideaEditAction(
          actionArgs(formRequest("/", { ...IDEA, intent: "save", title: "Démarré en 2024", expectedStart }, admin.cookie), {
            id: organisation.id,
            ideaId: idea.id,
          }),
        ),
      );
    const moved = await edit("2024-04-01");
    expect(moved.status).toBe(400);
    expect(JSON.stringify(moved.data)).toContain("Démarrage envisagé : indiquez une date à venir");
    expect((await db().idea.findUniqueOrThrow({ where: { id: idea.id } })).title).toBe("Démarre aujourd'hui");
    const kept = await edit("2024-05-01");
    expect(kept.status).toBe(200);
    expect((await db().idea.findUniqueOrThrow({ where: { id: idea.id } })).title).toBe("Démarré en 2024");
  });

  it("are listed publicly once published, filterable, with who carries them", async () => {
    const { idea, lead } = await scene();
    const list = (await ideasLoader(loaderArgsFor(getRequest("/idees?subAxis=2.1&quartier=nantes-nord&sector=habitat")))) as {
      ideas: { slug: string }[];
    };
    expect(list.ideas.map((item) => item.slug)).toContain(idea.slug);
    const other = (await ideasLoader(loaderArgsFor(getRequest("/idees?sector=academique")))) as { ideas: { slug: string }[] };
    expect(other.ideas.map((item) => item.slug)).not.toContain(idea.slug);
    const page = (await ideaLoader(loaderArgsFor(getRequest(`/idees/${idea.slug}`), { slug: idea.slug }))) as {
      idea: { organisation: { name: string }; joined: unknown[] };
    };
    expect(page.idea.organisation.name).toBe(lead.name);
    expect(page.idea.joined).toEqual([]);
  });
});

describe("expressions of interest", () => {
  it("are offered on behalf of one's published organisations, never the idea's own", async () => {
    const { idea, partner, partnerAdmin, leadAdmin } = await scene();
    await createOrganisationFor(partnerAdmin, { status: "draft" });
    type Viewer = { viewer: { signedIn: boolean; isLead: boolean; organisations: { code: string; label: string }[] } };
    const viewerOf = async (cookie?: string) =>
      ((await ideaLoader(loaderArgsFor(getRequest(`/idees/${idea.slug}`, cookie), { slug: idea.slug }))) as Viewer).viewer;
    expect(await viewerOf(partnerAdmin.cookie)).toEqual({
      signedIn: true,
      isLead: false,
      organisations: [{ code: partner.id, label: partner.name }],
      proposals: [],
      partnerAs: [],
      workspace: null,
      groupementId: null,
      // The way to move an idea to a newer call is for its structure's admins only.
      move: null,
      // Partner suggestions are for the idea's own members only.
      suggestions: null,
    });
    // The lead's members are offered the way on to the groupement, from the idea's own page.
    const lead = await viewerOf(leadAdmin.cookie);
    expect(lead).toMatchObject({
      signedIn: true,
      isLead: true,
      organisations: [],
      workspace: `/espace/organisations/${idea.organisationId}/idees/${idea.id}`,
      groupementId: null,
    });
    expect((lead as { suggestions?: unknown }).suggestions).not.toBeNull();
    expect(await viewerOf()).toEqual({
      signedIn: false,
      isLead: false,
      organisations: [],
      proposals: [],
      partnerAs: [],
      workspace: null,
      groupementId: null,
      move: null,
      suggestions: null,
    });
  });

  it("are recorded when the mail server is down: the lead's mail is queued, and the next round sends it", async () => {
    const { idea, partner, partnerAdmin, leadAdmin } = await scene();
    // Nothing listens on this port: the mail fails.
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    process.env.SMTP_URL = `smtp://127.0.0.1:${await getFreePort()}`;
    try {
      const sent = await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Nous avons une salle." });
      expect(sent.status).toBe(303);
      expect(warnings).toHaveBeenCalledWith(expect.stringMatching(/^Notifications: a mail failed/));
    } finally {
      process.env.SMTP_URL = smtp.server.url;
      warnings.mockRestore();
    }
    expect(await db().interest.count({ where: { ideaId: idea.id, organisationId: partner.id } })).toBe(1);
    expect(
      await db().notification.findFirstOrThrow({ where: { userId: leadAdmin.id, subject: { contains: "veut rejoindre" } } }),
    ).toMatchObject({ mailedAt: null, mailQueuedAt: expect.any(Date) });
    await deliverQueuedSoon(db(), sendMail);
    const mail = await smtp.server.waitFor(leadAdmin.email, /veut rejoindre/);
    expect(mail.text).toContain("Nous avons une salle.");
    expect(await sendQueuedNotifications(db(), sendMail)).toBe(0);
  });

  it("offer the form for a person's other structures only, once one of them has proposed", async () => {
    const { idea, partner, partnerAdmin } = await scene();
    const second = await createOrganisationFor(partnerAdmin);
    expect((await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Nous pouvons aider." })).status).toBe(
      303,
    );
    type Viewer = { viewer: { organisations: { code: string }[]; proposals: { name: string }[]; partnerAs: string[] } };
    const page = (await ideaLoader(
      loaderArgsFor(getRequest(`/idees/${idea.slug}`, partnerAdmin.cookie), { slug: idea.slug }),
    )) as Viewer;
    expect(page.viewer.organisations.map((choice) => choice.code)).toEqual([second.id]);
    expect(page.viewer.proposals.map((proposal) => proposal.name)).toEqual([partner.name]);
    expect(page.viewer.partnerAs).toEqual([]);
    // The structure that proposed is refused a second time, with the reason beside the field.
    const again = await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Encore nous." });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain(`${partner.name} a déjà une proposition de participation en attente`);
  });

  it("mail the idea's admins, who accept; the partner joins and hears back", async () => {
    const { idea, partner, partnerAdmin, leadAdmin, lead } = await scene();
    const sent = await express(partnerAdmin, idea.slug, {
      organisationId: partner.id,
      resources: ["locaux", "salaries"],
      message: "Nous avons une salle et du temps.",
    });
    // Sent back to the page, at the form, which says it was sent: a reload does not send it again.
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe(`/idees/${idea.slug}?proposition=envoyee#rejoindre`);
    // Its page no longer offers the form for that structure: it says the proposal waits for an answer.
    type Viewer = { viewer: { organisations: unknown[]; proposals: { name: string; inbox: string }[]; partnerAs: string[] } };
    const viewer = async () =>
      ((await ideaLoader(loaderArgsFor(getRequest(`/idees/${idea.slug}`, partnerAdmin.cookie), { slug: idea.slug }))) as Viewer)
        .viewer;
    expect(await viewer()).toMatchObject({
      organisations: [],
      proposals: [{ name: partner.name, inbox: `/espace/organisations/${partner.id}/messagerie` }],
      partnerAs: [],
    });
    const mail = await smtp.server.waitFor(leadAdmin.email, /veut rejoindre/);
    expect(mail.subject).toBe(`${partner.name} veut rejoindre « ${idea.title} »`);
    expect(mail.text).toContain("Nous avons une salle et du temps.");
    expect(mail.text).toContain(`/espace/organisations/${lead.id}/messagerie`);

    // The header counts it as unread until the inbox is marked read.
    const root = await rootLoader(loaderArgsFor(getRequest("/", leadAdmin.cookie)));
    expect(root.user?.unread).toBe(1);
    const inbox = (await inboxLoader(loaderArgsFor(getRequest("/", leadAdmin.cookie), { id: lead.id }))) as {
      received: { id: string; status: string; unread: boolean }[];
    };
    expect(inbox.received).toEqual([expect.objectContaining({ status: "pending", unread: true })]);

    const accepted = await run(() =>
      inboxAction(
        actionArgs(formRequest("/", { intent: "accept", interestId: inbox.received[0]!.id }, leadAdmin.cookie), { id: lead.id }),
      ),
    );
    expect(accepted.status).toBe(200);
    // The next step: the groupement, to form.
    expect(accepted.data).toMatchObject({
      nextStep: {
        href: `/espace/organisations/${lead.id}/idees/${idea.id}#groupement`,
        label: "Créer le groupement avec vos partenaires",
      },
    });
    expect(await db().candidateMember.count({ where: { ideaId: idea.id, organisationId: partner.id } })).toBe(1);
    expect(await viewer()).toMatchObject({ organisations: [], proposals: [], partnerAs: [partner.name] });
    await smtp.server.waitFor(partnerAdmin.email, /a été acceptée/);
    const partnerInbox = (await inboxLoader(loaderArgsFor(getRequest("/", partnerAdmin.cookie), { id: partner.id }))) as {
      sent: { statusLabel: string; unread: boolean }[];
    };
    expect(partnerInbox.sent).toEqual([expect.objectContaining({ statusLabel: "Acceptée", unread: true })]);
    const page = (await ideaLoader(loaderArgsFor(getRequest("/"), { slug: idea.slug }))) as {
      idea: { joined: { name: string }[] };
    };
    expect(page.idea.joined.map((organisation) => organisation.name)).toEqual([partner.name]);

    await run(() => inboxAction(actionArgs(formRequest("/", { intent: "mark-read" }, partnerAdmin.cookie), { id: partner.id })));
    expect((await rootLoader(loaderArgsFor(getRequest("/", partnerAdmin.cookie)))).user?.unread).toBe(0);
  });

  it("can be declined with a reason the partner sees", async () => {
    const { idea, partner, partnerAdmin, leadAdmin, lead } = await scene();
    await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Nous pouvons aider le samedi." });
    const interest = await db().interest.findFirstOrThrow({ where: { ideaId: idea.id } });
    await run(() =>
      inboxAction(
        actionArgs(
          formRequest(
            "/",
            { intent: "decline", interestId: interest.id, reason: "Nous avons déjà un bailleur." },
            leadAdmin.cookie,
          ),
          { id: lead.id },
        ),
      ),
    );
    const mail = await smtp.server.waitFor(partnerAdmin.email, /a été déclinée/);
    expect(mail.text).toContain("Nous avons déjà un bailleur.");
    const again = await run(() =>
      inboxAction(actionArgs(formRequest("/", { intent: "accept", interestId: interest.id }, leadAdmin.cookie), { id: lead.id })),
    );
    expect(again.status).toBe(400);
  });

  it("accepted once the groupement exists, lead to inviting the partner into it, not to « créer le groupement »", async () => {
    const { idea, partner, partnerAdmin, leadAdmin, lead } = await scene();
    const groupement = await createGroupementFromIdea(db(), idea.id);
    await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Nous pouvons aider le samedi." });
    const interest = await db().interest.findFirstOrThrow({ where: { ideaId: idea.id } });
    const accepted = await run(() =>
      inboxAction(actionArgs(formRequest("/", { intent: "accept", interestId: interest.id }, leadAdmin.cookie), { id: lead.id })),
    );
    expect(accepted.data).toMatchObject({
      nextStep: { href: `/groupements/${groupement.id}#inviter`, label: "Inviter ce partenaire dans le groupement" },
    });
  });

  it("take the same proposal sent again by the same person (a reload, a second Enter) as sent: one proposal, one mail", async () => {
    const { idea, partner, partnerAdmin, leadAdmin } = await scene();
    const fields = { organisationId: partner.id, resources: ["locaux"], message: "Nous avons une salle le mardi." };
    const first = await express(partnerAdmin, idea.slug, fields);
    const again = await express(partnerAdmin, idea.slug, fields);
    expect([first.status, again.status]).toEqual([303, 303]);
    expect(again.headers.get("location")).toBe(`/idees/${idea.slug}?proposition=envoyee#rejoindre`);
    expect(await db().interest.count({ where: { ideaId: idea.id } })).toBe(1);
    await smtp.server.waitFor(leadAdmin.email, /veut rejoindre/);
    // The request that sent it again mailed nothing: only the first mail ever arrives.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      smtp.server.mails.filter((mail) => mail.to.includes(leadAdmin.email) && /veut rejoindre/.test(mail.subject)),
    ).toHaveLength(1);
  });

  it("allow one pending interest per organisation, never on one's own idea, never on an archived idea", async () => {
    const { idea, partner, partnerAdmin, leadAdmin, lead } = await scene();
    expect(
      (await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Première proposition." })).status,
    ).toBe(303);
    const twice = await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Deuxième proposition." });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.data)).toContain("déjà une proposition de participation en attente");

    const own = await express(leadAdmin, idea.slug, { organisationId: lead.id, message: "Notre propre idée." });
    expect(own.status).toBe(400);
    expect(JSON.stringify(own.data)).toContain("propre structure");

    const [thirdAdmin] = await Promise.all([createActor()]);
    const third = await createOrganisationFor(thirdAdmin!);
    await db().idea.update({ where: { id: idea.id }, data: { stage: "archived" } });
    const archived = await express(thirdAdmin!, idea.slug, { organisationId: third.id, message: "Trop tard ?" });
    expect(archived.status).toBe(400);
    expect(JSON.stringify(archived.data)).toContain("archivée");
    expect(await db().interest.count({ where: { ideaId: idea.id } })).toBe(1);
  });

  it("are refused, naming it, to a structure that already joined the idea (a partner accepted)", async () => {
    const { idea, partner, partnerAdmin } = await scene();
    await db().candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id } });
    const again = await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Nous revenons vers vous." });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain(`${partner.name} fait déjà partie des partenaires de cette idée`);
    expect(await db().interest.count({ where: { ideaId: idea.id } })).toBe(0);
  });

  it("are refused in their transaction when the idea or the structure went meanwhile (withdrawn, deleted), nothing written", async () => {
    const { idea, partner, partnerAdmin } = await scene();
    const sent = {
      ideaId: idea.id,
      organisationId: partner.id,
      authorId: partnerAdmin.id,
      resources: [],
      message: "Toujours là ?",
    };
    await db().idea.update({ where: { id: idea.id }, data: { status: "unpublished" } });
    expect(await createInterest(db(), sent)).toEqual({ ok: false, error: { message: "Cette idée n'est pas publiée." } });
    expect(await createInterest(db(), { ...sent, ideaId: "idee-inconnue" })).toEqual({
      ok: false,
      error: { message: "Cette idée n'est pas publiée." },
    });
    await db().idea.update({ where: { id: idea.id }, data: { status: "published" } });
    expect(await createInterest(db(), { ...sent, organisationId: "structure-inconnue" })).toEqual({
      ok: false,
      error: { field: "organisationId", message: "Votre structure doit être publiée pour manifester son intérêt." },
    });
    expect(await db().interest.count({ where: { ideaId: idea.id } })).toBe(0);
  });

  it("are closed once the application is filed or the project retained: the page says why in place of the form, the action refuses", async () => {
    const { idea, partner, partnerAdmin } = await scene();
    type Page = { idea: { closed: string | null }; viewer: { organisations: unknown[] } };
    const page = async () =>
      (await ideaLoader(loaderArgsFor(getRequest(`/idees/${idea.slug}`, partnerAdmin.cookie), { slug: idea.slug }))) as Page;
    expect((await page()).idea.closed).toBeNull();
    for (const [stage, said] of [
      ["applied", "La candidature de ce projet est déposée auprès du CCAS"],
      ["laureate", "Ce projet est lauréat de l'appel"],
    ] as const) {
      // As the CCAS's decision leaves it (the stage's own rules are tested above).
      await db().idea.update({ where: { id: idea.id }, data: { stage } });
      expect((await page()).idea.closed).toContain(said);
      const refused = await express(partnerAdmin, idea.slug, {
        organisationId: partner.id,
        message: "Pouvons-nous vous rejoindre ?",
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.data)).toContain("il ne reçoit plus de propositions de participation");
    }
    expect(await db().interest.count({ where: { ideaId: idea.id } })).toBe(0);
  });

  it("are refused on behalf of an organisation one does not belong to, or an unpublished one", async () => {
    const { idea, partner } = await scene();
    const stranger = await createActor();
    expect(
      (await express(stranger, idea.slug, { organisationId: partner.id, message: "Je me fais passer pour eux." })).status,
    ).toBe(403);
    const draftOrganisation = await createOrganisationFor(stranger, { status: "draft" });
    const unpublished = await express(stranger, idea.slug, {
      organisationId: draftOrganisation.id,
      message: "Notre fiche n'est pas publiée.",
    });
    expect(unpublished.status).toBe(400);
    expect(JSON.stringify(unpublished.data)).toContain("doit être publiée");
  });

  it("only an admin of the idea's organisation answers", async () => {
    const { idea, partner, partnerAdmin, lead } = await scene();
    const editor = await createActor();
    await db().membership.create({ data: { userId: editor.id, organisationId: lead.id, role: "editor" } });
    await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Nous sommes partants." });
    const interest = await db().interest.findFirstOrThrow({ where: { ideaId: idea.id } });
    expect(
      (
        await run(() =>
          inboxAction(
            actionArgs(formRequest("/", { intent: "accept", interestId: interest.id }, editor.cookie), { id: lead.id }),
          ),
        )
      ).status,
    ).toBe(403);
    // Another organisation's admin cannot answer it through their own inbox either.
    expect(
      (
        await run(() =>
          inboxAction(
            actionArgs(formRequest("/", { intent: "accept", interestId: interest.id }, partnerAdmin.cookie), { id: partner.id }),
          ),
        )
      ).status,
    ).toBe(404);
  });
});

describe("notification preferences and the daily digest", () => {
  it("sends nothing at once to a digest reader, then one digest, never twice", async () => {
    const { idea, partner, partnerAdmin, leadAdmin } = await scene();
    // The idea's publication was told at once, before the choice below: only what follows counts.
    await smtp.server.waitFor(leadAdmin.email, /en ligne/);
    const mailsTo = () => smtp.server.mails.filter((mail) => mail.to.includes(leadAdmin.email) && !/en ligne/.test(mail.subject));
    await run(() =>
      accountAction(actionArgs(formRequest("/compte", { intent: "notifications", mode: "daily" }, leadAdmin.cookie))),
    );
    const account = (await accountLoader(loaderArgsFor(getRequest("/compte", leadAdmin.cookie)))) as {
      user: { notificationMode: string };
    };
    expect(account.user.notificationMode).toBe("daily");
    await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Une proposition pour le résumé." });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mailsTo()).toHaveLength(0);

    const first = await sendDigests(db(), sendMail);
    expect(first.items).toBeGreaterThanOrEqual(1);
    const digest = await smtp.server.waitFor(leadAdmin.email, /nouveauté/);
    expect(digest.text).toContain(`veut rejoindre « ${idea.title} »`);
    const second = await sendDigests(db(), sendMail);
    expect(second.items).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mailsTo()).toHaveLength(1);
  });

  /** People who chose the daily digest, each with `items` notifications not mailed yet. */
  async function digestReaders(count: number, items: number) {
    const readers = await Promise.all(Array.from({ length: count }, () => createActor()));
    await db().user.updateMany({
      where: { id: { in: readers.map((reader) => reader.id) } },
      data: { notificationMode: "daily" },
    });
    await db().notification.createMany({
      data: readers.flatMap((reader) =>
        Array.from({ length: items }, (_, n) => ({
          userId: reader.id,
          subject: `Nouvelle n° ${n + 1}`,
          body: "Détail",
          link: "https://exemple.org/",
        })),
      ),
    });
    return readers;
  }

  it("two runs at once (two hosts' schedules): each person one digest of everything, none twice, none empty", async () => {
    const readers = await digestReaders(8, 3);
    const before = smtp.server.mails.length;
    const runs = await Promise.all([sendDigests(db(), sendMail), sendDigests(db(), sendMail)]);
    await Promise.all(readers.map((reader) => smtp.server.waitFor(reader.email, /nouveauté/)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const reader of readers) {
      const digests = smtp.server.mails.filter((mail) => mail.to.includes(reader.email));
      expect(digests.map((mail) => mail.subject)).toEqual(["Coopérons : 3 nouveautés depuis votre dernier résumé"]);
    }
    expect(smtp.server.mails.filter((mail) => /\b0 nouveauté/.test(mail.subject))).toEqual([]);
    // What the two runs say they did is what was sent: each person mailed counted once, by one run.
    const sent = smtp.server.mails.slice(before).filter((mail) => /depuis votre dernier résumé/.test(mail.subject));
    expect(runs[0].users + runs[1].users).toBe(sent.length);
    expect(await db().notification.count({ where: { userId: { in: readers.map((reader) => reader.id) }, mailedAt: null } })).toBe(
      0,
    );
  });

  it("an address the relay refuses keeps its person's items for the next run; the others get their digest", async () => {
    const readers = await digestReaders(3, 1);
    const refusedReader = readers[0]!;
    const relay = await startSmtp({ refuse: [refusedReader.email] });
    const previous = process.env.SMTP_URL;
    process.env.SMTP_URL = relay.url;
    try {
      const run = await sendDigests(db(), sendMail);
      expect(run.refused).toContain(refusedReader.email);
      for (const reader of readers.slice(1)) await relay.waitFor(reader.email, /1 nouveauté/);
      expect(relay.mails.filter((mail) => mail.to.includes(refusedReader.email))).toEqual([]);
      expect(await db().notification.count({ where: { userId: refusedReader.id, mailedAt: null } })).toBe(1);
      expect(
        await db().notification.count({ where: { userId: { in: readers.slice(1).map((reader) => reader.id) }, mailedAt: null } }),
      ).toBe(0);
    } finally {
      process.env.SMTP_URL = previous;
      await relay.close();
    }
  });

  it("mails sent at once and alerts go on past an address the relay refuses, which no longer holds the others", async () => {
    const [refusedReader, reader] = await Promise.all([createActor(), createActor()]);
    const people = [refusedReader, reader];
    await db().user.updateMany({
      where: { id: { in: people.map((person) => person.id) } },
      data: { notificationMode: "immediate" },
    });
    // Queued first, the refused address heads the queue; then an alert each, the refused one first too.
    const queued = [];
    const alerted = [];
    for (const person of people) {
      queued.push(
        await db().notification.create({
          data: {
            userId: person.id,
            subject: "Un appel est publié",
            body: "Détail",
            link: "https://exemple.org/",
            mailQueuedAt: new Date(),
          },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const person of people) {
      const notification = await db().notification.create({
        data: { userId: person.id, subject: "Une idée pour vous", body: "Détail", link: "https://exemple.org/" },
      });
      alerted.push(notification);
      await db().alertDelivery.create({
        data: {
          userId: person.id,
          entityType: "idea",
          entityId: `idee-${notification.id}`,
          reason: "recommendation",
          title: "Une idée pour vous",
          url: "https://exemple.org/",
          notificationId: notification.id,
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const relay = await startSmtp({ refuse: [refusedReader.email] });
    const previous = process.env.SMTP_URL;
    process.env.SMTP_URL = relay.url;
    try {
      expect(await sendQueuedNotifications(db(), sendMail)).toBe(1);
      await relay.waitFor(reader.email, /Un appel est publié/);
      // No longer queued (the relay will not take it), still among the person's notifications.
      expect(await db().notification.findUniqueOrThrow({ where: { id: queued[0]!.id } })).toMatchObject({
        mailedAt: null,
        mailQueuedAt: null,
      });
      expect(await sendQueuedNotifications(db(), sendMail)).toBe(0);

      await sendDueAlerts(db(), sendMail);
      await relay.waitFor(reader.email, /Une idée pour vous/);
      expect(await db().notification.findUniqueOrThrow({ where: { id: alerted[0]!.id } })).toMatchObject({ mailedAt: null });
      expect(relay.mails.filter((mail) => mail.to.includes(refusedReader.email))).toEqual([]);
    } finally {
      process.env.SMTP_URL = previous;
      await relay.close();
    }
  });

  it("sends no mail to someone who chose none, and refuses an unknown choice", async () => {
    const { idea, partner, partnerAdmin, leadAdmin } = await scene();
    await smtp.server.waitFor(leadAdmin.email, /en ligne/);
    const notificationsBefore = await db().notification.count({ where: { userId: leadAdmin.id } });
    expect(
      (
        await run(() =>
          accountAction(actionArgs(formRequest("/compte", { intent: "notifications", mode: "hourly" }, leadAdmin.cookie))),
        )
      ).status,
    ).toBe(400);
    await run(() =>
      accountAction(actionArgs(formRequest("/compte", { intent: "notifications", mode: "none" }, leadAdmin.cookie))),
    );
    await express(partnerAdmin, idea.slug, { organisationId: partner.id, message: "Une proposition silencieuse." });
    await sendDigests(db(), sendMail);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.server.mails.some((mail) => mail.to.includes(leadAdmin.email) && !/en ligne/.test(mail.subject))).toBe(false);
    expect(await db().notification.count({ where: { userId: leadAdmin.id } })).toBe(notificationsBefore + 1);
  });
});

describe("reports", () => {
  it("reach the CCAS, who unpublishes with a message to the organisation", async () => {
    const { idea, partnerAdmin, leadAdmin, ccas } = await scene();
    const short = await run(() =>
      reportAction(
        actionArgs(formRequest("/signaler", { entityType: "idea", entityId: idea.id, reason: "Bof" }, partnerAdmin.cookie)),
      ),
    );
    expect(short.status).toBe(400);
    const reported = await run(() =>
      reportAction(
        actionArgs(
          formRequest(
            "/signaler",
            { entityType: "idea", entityId: idea.id, reason: "Cette idée copie mot pour mot la nôtre." },
            partnerAdmin.cookie,
          ),
        ),
      ),
    );
    expect(reported.status).toBe(200);
    const queue = await moderationLoader(loaderArgsFor(getRequest("/ccas/moderation", ccas.cookie)));
    const report = queue.reports.find((item) => item.target?.title === idea.title);
    expect(report).toMatchObject({ reason: "Cette idée copie mot pour mot la nôtre." });

    const unpublished = await run(() =>
      moderationAction(
        actionArgs(
          formRequest(
            "/ccas/moderation",
            { intent: "unpublish", reportId: report!.id, reason: "Merci de reformuler votre idée." },
            ccas.cookie,
          ),
        ),
      ),
    );
    expect(unpublished.status).toBe(200);
    expect((await db().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("unpublished");
    const mail = await smtp.server.waitFor(leadAdmin.email, /dépublié/);
    expect(mail.text).toMatch(/^Bonjour Camille Exemple,\n\nÀ la suite d'un signalement, le CCAS a dépublié l'idée « /);
    expect(mail.text).toContain("Merci de reformuler votre idée.");
    expect(await run(() => ideaLoader(loaderArgsFor(getRequest("/"), { slug: idea.slug })))).toMatchObject({ status: 404 });
  });

  it("can be dismissed, and only published things can be reported", async () => {
    const { idea, partnerAdmin, ccas } = await scene();
    await run(() =>
      reportAction(
        actionArgs(
          formRequest(
            "/signaler",
            { entityType: "idea", entityId: idea.id, reason: "Je ne suis pas d'accord." },
            partnerAdmin.cookie,
          ),
        ),
      ),
    );
    const report = await db().report.findFirstOrThrow({ where: { entityId: idea.id } });
    await run(() =>
      moderationAction(actionArgs(formRequest("/ccas/moderation", { intent: "dismiss", reportId: report.id }, ccas.cookie))),
    );
    expect(await db().report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ resolution: "dismissed" });
    expect((await db().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("published");

    const hidden = await createOrganisationFor(partnerAdmin, { status: "draft" });
    const response = await run(() =>
      reportAction(
        actionArgs(
          formRequest(
            "/signaler",
            { entityType: "organisation", entityId: hidden.id, reason: "Une fiche pas encore publiée." },
            partnerAdmin.cookie,
          ),
        ),
      ),
    );
    expect(response.status).toBe(404);
  });
});

describe("the stage a structure gives its idea", () => {
  const stageVia = (actor: Actor, organisationId: string, ideaId: string, stage: string) =>
    run(() =>
      ideaEditAction(
        actionArgs(
          formRequest(`/espace/organisations/${organisationId}/idees/${ideaId}`, { intent: "stage", stage }, actor.cookie),
          { id: organisationId, ideaId },
        ),
      ),
    );
  const saveVia = (actor: Actor, organisationId: string, ideaId: string, stage: string) =>
    run(() =>
      ideaEditAction(
        actionArgs(
          formRequest(
            `/espace/organisations/${organisationId}/idees/${ideaId}`,
            { ...IDEA, intent: "save", title: "Veilleurs de palier, saison 2", stage },
            actor.cookie,
          ),
          { id: organisationId, ideaId },
        ),
      ),
    );
  const stageOf = async (id: string) => (await db().idea.findUniqueOrThrow({ where: { id } })).stage;

  it("a published idea does not go back to « Brouillon », and its page has one « Étape » list", async () => {
    const { idea, lead, leadAdmin } = await scene();
    const refused = await stageVia(leadAdmin, lead.id, idea.id, "draft");
    expect(refused.status).toBe(400);
    expect((refused.data as { error: string }).error).toMatch(/^« Brouillon » : une idée publiée ne redevient pas un brouillon/);
    expect(await stageOf(idea.id)).toBe("looking-for-partners");
    const page = await run(() =>
      ideaEditLoader(
        loaderArgsFor(getRequest(`/espace/organisations/${lead.id}/idees/${idea.id}`, leadAdmin.cookie), {
          id: lead.id,
          ideaId: idea.id,
        }),
      ),
    );
    expect((page.data as { stages: { code: string }[] }).stages.map((stage) => stage.code)).not.toContain("draft");
  });

  it("« Candidature déposée » and « Lauréat » follow the groupement and the CCAS's results, never the structure's word alone", async () => {
    const { idea, lead, leadAdmin } = await scene();
    // Without a groupement: neither, by the stage's own form nor by the idea's form; nothing changes.
    const laureate = await stageVia(leadAdmin, lead.id, idea.id, "laureate");
    expect(laureate.status).toBe(400);
    expect((laureate.data as { error: string }).error).toMatch(/^« Lauréat » : seul le CCAS désigne les lauréats/);
    const applied = await saveVia(leadAdmin, lead.id, idea.id, "applied");
    expect(applied.status).toBe(400);
    expect((applied.data as { result: { error: Record<string, string[]> } }).result.error.stage?.[0]).toMatch(
      /^« Candidature déposée » : formez d'abord le groupement à partir de cette idée/,
    );
    expect(await stageOf(idea.id)).toBe("looking-for-partners");
    expect((await db().idea.findUniqueOrThrow({ where: { id: idea.id } })).pendingChanges).toBeNull();
    // Nor when creating an idea.
    const created = await createIdeaVia(leadAdmin, lead.id, { ...IDEA, title: "Lauréat d'office", stage: "laureate" });
    expect(created.status).toBe(400);
    expect(await db().idea.count({ where: { title: "Lauréat d'office" } })).toBe(0);
    // The other stages stay the structure's to move.
    expect((await stageVia(leadAdmin, lead.id, idea.id, "groupement-formed")).status).toBe(200);
    expect(await stageOf(idea.id)).toBe("groupement-formed");

    // The groupement formed from the idea marks its application as filed: « Candidature déposée » now.
    const { id: groupementId } = await createGroupementFromIdea(db(), idea.id);
    await db().groupement.update({ where: { id: groupementId }, data: { submittedAt: new Date() } });
    expect((await saveVia(leadAdmin, lead.id, idea.id, "applied")).status).toBe(200);
    expect(await stageOf(idea.id)).toBe("applied");
    // Retained by the CCAS, but its results not yet published: still not « Lauréat ».
    await db().groupement.update({ where: { id: groupementId }, data: { decision: "retenu", decidedAt: new Date() } });
    expect((await stageVia(leadAdmin, lead.id, idea.id, "laureate")).status).toBe(400);
    const { callId } = await db().groupement.findUniqueOrThrow({ where: { id: groupementId } });
    await db().call.update({ where: { id: callId }, data: { resultsPublishedAt: new Date() } });
    expect((await stageVia(leadAdmin, lead.id, idea.id, "laureate")).status).toBe(200);
    expect(await stageOf(idea.id)).toBe("laureate");
    // A stage the idea has is kept as it is when the rest of the idea is saved.
    expect((await saveVia(leadAdmin, lead.id, idea.id, "laureate")).status).toBe(200);
    await db().call.update({ where: { id: callId }, data: { resultsPublishedAt: null } });
  });
});

describe("the structures an idea's page names as engaged", () => {
  it("are its accepted partners then its groupement's active members, published, each once, never its own", async () => {
    const admin = await createActor();
    const lead = await createOrganisationFor(admin);
    const idea = await createPublishedIdeaFor(lead.id, { title: "Un jardin partagé au pied des tours" });
    const [first, second, offline, invited, member] = await Promise.all([
      createOrganisationFor(admin),
      createOrganisationFor(admin),
      createOrganisationFor(admin, { status: "unpublished" }),
      createOrganisationFor(admin),
      createOrganisationFor(admin),
    ]);
    const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 9, minutes));
    // Formed before any partner was accepted: the lead alone in it.
    const groupement = await createGroupementFromIdea(db(), idea.id);
    // Accepted in this order: the second first.
    await db().candidateMember.createMany({
      data: [
        { ideaId: idea.id, organisationId: second.id, createdAt: at(1) },
        { ideaId: idea.id, organisationId: offline.id, createdAt: at(2) },
        { ideaId: idea.id, organisationId: first.id, createdAt: at(3) },
      ],
    });
    await db().groupementMember.createMany({
      data: [
        { groupementId: groupement.id, organisationId: member.id, status: "active", createdAt: at(4) },
        { groupementId: groupement.id, organisationId: invited.id, status: "invited", createdAt: at(5) },
        // Accepted on the idea and in the groupement: named once, where it was first.
        { groupementId: groupement.id, organisationId: second.id, status: "active", createdAt: at(6) },
      ],
    });
    const page = (await ideaLoader(loaderArgsFor(getRequest("/"), { slug: idea.slug }))) as {
      idea: { joined: { name: string; slug: string }[] };
    };
    expect(page.idea.joined).toEqual([
      { name: second.name, slug: second.slug },
      { name: first.name, slug: first.slug },
      { name: member.name, slug: member.slug },
    ]);
  });
});
