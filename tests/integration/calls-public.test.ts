// Calls in time, seen by the public: /api/calls, the home page, the pages that read the current
// call, and the filing of a groupement around the deadline (16 July 2025, 18:00 Paris).
import { describe, expect, it } from "vitest";
import { parisLocalToInstant } from "~/domain/call-status";
import { callTimesSelect, getCurrentCallSubAxes, getKnownSubAxisCodes, readPublicCallTimes } from "~/models/call.server";
import { FilingRefused, markGroupementSubmitted } from "~/models/groupement.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as callsLoader } from "~/routes/api.calls";
import { loader as axisLoader } from "~/routes/axes.$code";
import { action as workspaceAction, loader as workspaceLoader } from "~/routes/groupements.$id._index";
import { loader as laureatesLoader } from "~/routes/laureats";
import { loader as searchLoader } from "~/routes/recherche";
import { loader as rootLoader } from "~/root";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { createCall, openSeededCall, SEEDED_CALL } from "../helpers/calls";
import { loaderArgs } from "../helpers/loaders";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const db = () => getDb();
const DAY = 24 * 3600_000;
const paris = parisLocalToInstant;

type ApiCall = {
  slug: string;
  title: string;
  status: string;
  publishedAt: string | null;
  deadline: string;
  envelopePerYear: number;
  subAxes: { code: string; label: string }[];
};

async function apiCalls(): Promise<{ status: number; body: ApiCall[]; headers: Headers }> {
  const response = await callsLoader();
  return { status: response.status, body: (await response.json()) as ApiCall[], headers: response.headers };
}

const seededCallId = async () => (await db().call.findUniqueOrThrow({ where: { slug: SEEDED_CALL } })).id;

/** A groupement of the seeded call, led by a structure `lead` is the admin of, with a partner. */
async function groupementOf(lead: Actor, { title = "Veilleurs de palier", subAxes = "2.1 2.3" } = {}) {
  const leadOrganisation = await createOrganisationFor(lead);
  const partner = await createOrganisationFor(await createActor());
  const callId = await seededCallId();
  const idea = await db().idea.create({
    data: {
      slug: `idee-${leadOrganisation.slug}`,
      organisationId: leadOrganisation.id,
      callId,
      title,
      summary: "Des voisins veilleurs.",
      description: "Chaque palier a son veilleur.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
    },
  });
  const groupement = await db().groupement.create({
    data: {
      ideaId: idea.id,
      callId,
      title,
      subAxes,
      // Made during the 2025 call, before the filing days these tests type.
      createdAt: new Date("2025-06-02T10:00:00Z"),
      members: {
        create: [
          { organisationId: leadOrganisation.id, isLead: true, status: "active" },
          { organisationId: partner.id, status: "active" },
        ],
      },
    },
  });
  return { groupement, leadOrganisation, partner };
}

const file = (actor: Actor, groupementId: string, date: string) =>
  run(() =>
    workspaceAction(
      actionArgs(formRequest(`/groupements/${groupementId}`, { intent: "submit", date }, actor.cookie), { id: groupementId }),
    ),
  );

async function workspace(actor: Actor, groupementId: string) {
  const page = await workspaceLoader(
    loaderArgsFor(getRequest(`/groupements/${groupementId}`, actor.cookie), { id: groupementId }),
  );
  if (page.view !== "workspace") throw new Error("Only the invitation is shown");
  return page;
}

describe("GET /api/calls", () => {
  it("answers the seeded 2025 call, closed, with its UTC deadline, envelope and sub-axes in the call's order", async () => {
    const { status, body, headers } = await apiCalls();
    expect(status).toBe(200);
    expect(headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(body).toHaveLength(1);
    expect(body[0]).toEqual({
      slug: SEEDED_CALL,
      title: expect.stringContaining("isolement social"),
      status: "clos",
      publishedAt: expect.stringMatching(/^2025-04-(29|30)T\d\d:\d\d:\d\d\.\d{3}Z$/),
      deadline: "2025-07-16T16:00:00.000Z",
      envelopePerYear: 250_000,
      subAxes: expect.any(Array),
    });
    expect(body[0]!.subAxes.map((subAxis) => subAxis.code)).toEqual(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]);
    const labels = await db().callSubAxis.findMany({ where: { axis: { call: { slug: SEEDED_CALL } } } });
    for (const subAxis of body[0]!.subAxes) {
      expect(subAxis.label).toBe(labels.find((row) => row.code === subAxis.code)?.title);
      expect(Object.keys(subAxis)).toEqual(["code", "label"]);
    }
  });

  it("puts a coming call before the closed one, an open call before both, and never shows a draft", async () => {
    const now = Date.now();
    const coming = await createCall({
      slug: "appel-a-venir",
      publishedAt: new Date(now + 20 * DAY),
      deadline: new Date(now + 80 * DAY),
    });
    const draft = await createCall({
      slug: "brouillon-secret",
      draft: true,
      publishedAt: new Date(now - DAY),
      deadline: new Date(now + 40 * DAY),
    });
    let { body } = await apiCalls();
    expect(body.map((call) => [call.slug, call.status])).toEqual([
      ["appel-a-venir", "a-venir"],
      [SEEDED_CALL, "clos"],
    ]);
    expect(body[0]).toMatchObject({
      publishedAt: new Date(now + 20 * DAY).toISOString(),
      deadline: new Date(now + 80 * DAY).toISOString(),
      envelopePerYear: 180_000,
      subAxes: [
        { code: "3.1", label: "Rompre l'isolement des aidants" },
        { code: "3.2", label: "Des lieux ouverts le dimanche" },
      ],
    });

    // An open call, published with no announced date: first, with publishedAt null.
    await createCall({ slug: "appel-ouvert", publishedAt: null, deadline: new Date(now + 10 * DAY) });
    ({ body } = await apiCalls());
    expect(body.map((call) => [call.slug, call.status, call.publishedAt])).toEqual([
      ["appel-ouvert", "ouvert", null],
      ["appel-a-venir", "a-venir", new Date(now + 20 * DAY).toISOString()],
      [SEEDED_CALL, "clos", expect.any(String)],
    ]);
    expect(body.some((call) => call.slug === draft.slug)).toBe(false);

    // Published by the CCAS, the draft shows (as the open call with the latest publication).
    await db().call.update({ where: { id: draft.id }, data: { draft: false } });
    ({ body } = await apiCalls());
    expect(body[0]).toMatchObject({ slug: "brouillon-secret", status: "ouvert" });
    await db().call.deleteMany({ where: { id: { in: [coming.id, draft.id] } } });
  });

  it("answers [] when no call is public", async () => {
    await db().call.updateMany({ data: { draft: true } });
    const { status, body } = await apiCalls();
    expect(status).toBe(200);
    expect(body).toEqual([]);
    await db().call.updateMany({ where: { slug: SEEDED_CALL }, data: { draft: false } });
    await db().call.deleteMany({ where: { slug: "appel-ouvert" } });
  });
});

describe("the public calls' times, read in raw SQL on nearly every request", () => {
  it("are what Prisma reads of them: the same dates to the millisecond, nulls kept, never a draft", async () => {
    const milliseconds = new Date(Date.UTC(2027, 0, 15, 16, 59, 59, 987));
    const created = [
      await createCall({ publishedAt: null, deadline: milliseconds }),
      await createCall({
        publishedAt: new Date(Date.UTC(2026, 10, 2)),
        deadline: milliseconds,
        resultsPublishedAt: milliseconds,
      }),
      await createCall({ draft: true, publishedAt: null, deadline: milliseconds }),
    ];
    const draft = created[2]!;
    try {
      const prisma = await db().call.findMany({
        where: { draft: false },
        select: { ...callTimesSelect, updatedAt: true },
      });
      const raw = await readPublicCallTimes(db());
      const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(raw)).toEqual(byId(prisma));
      expect(raw.length).toBeGreaterThanOrEqual(3);
      expect(raw.map((call) => call.id)).not.toContain(draft.id);
      expect(raw.every((call) => call.deadline instanceof Date && call.createdAt instanceof Date)).toBe(true);
      expect(raw.some((call) => call.publishedAt === null && call.resultsPublishedAt === null)).toBe(true);
      expect(raw.find((call) => call.resultsPublishedAt !== null)!.resultsPublishedAt!.getTime()).toBe(milliseconds.getTime());
      // Within a transaction too (the filing of a groupement reads them there).
      expect(byId(await db().$transaction((tx) => readPublicCallTimes(tx)))).toEqual(byId(raw));
    } finally {
      await db().call.deleteMany({ where: { id: { in: created.map((call) => call.id) } } });
    }
  });
});

describe("the sub-axis codes stored forms are read back against", () => {
  it("are every code of every call, drafts included, each once", async () => {
    const draft = await createCall({
      draft: true,
      publishedAt: null,
      deadline: new Date(Date.UTC(2030, 0, 1)),
      subAxes: [{ code: "9.9", title: "Un sous-axe d'un brouillon" }],
    });
    try {
      const codes = await getKnownSubAxisCodes(db());
      const rows = await db().callSubAxis.findMany({ select: { code: true } });
      expect([...codes].sort()).toEqual([...new Set(rows.map((row) => row.code))].sort());
      expect(codes).toContain("9.9");
      expect(codes).toContain("2.1");
      expect(new Set(codes).size).toBe(codes.length);
    } finally {
      await db().call.deleteMany({ where: { id: draft.id } });
    }
  });
});

describe("a draft call is invisible to the public", () => {
  it("never reaches the home page, the axes, the laureates, the navigation nor the search's sub-axes", async () => {
    // Everything about it would make it the current call, were it public.
    const draft = await createCall({
      slug: "brouillon-2026",
      title: "Brouillon 2026 pas encore publié",
      draft: true,
      publishedAt: new Date(Date.now() - DAY),
      deadline: new Date(Date.now() + 60 * DAY),
      axisTitle: "Axe secret du brouillon",
      subAxes: [{ code: "1.1", title: "Sous-axe secret du brouillon" }],
    });
    await db().pastLaureate.create({
      data: { callId: draft.id, year: 2025, theme: "Secret", title: "Lauréat secret", summary: "", carriers: "", position: 0 },
    });

    const home = await homeLoader();
    expect(home.call?.slug).toBe(SEEDED_CALL);
    expect(home.call?.status).toBe("clos");
    expect(home.previous).toBeNull();
    expect(JSON.stringify(home)).not.toMatch(/secret|Brouillon 2026/i);

    const axis = await axisLoader(loaderArgs("/axes/1", { code: "1" }));
    expect(axis.axis.title).not.toMatch(/secret/i);
    expect(axis.axis.subAxes.map((subAxis) => subAxis.code)).toEqual(["1.1", "1.2", "1.3", "1.4"]);

    const laureates = await laureatesLoader();
    expect(laureates.groups.map((group) => group.year)).toEqual([2024]);
    expect(JSON.stringify(laureates)).not.toMatch(/secret/i);

    const root = await rootLoader(loaderArgs("/"));
    expect(root.navigation).toEqual({ axes: ["1", "2"], laureateYears: [2024] });

    const search = await searchLoader(loaderArgsFor(getRequest("/recherche")));
    expect(search.subAxes).toHaveLength(7);
    expect(JSON.stringify(search.subAxes)).not.toMatch(/secret/i);

    expect((await apiCalls()).body.map((call) => call.slug)).toEqual([SEEDED_CALL]);
    await db().call.delete({ where: { id: draft.id } });
  });
});

describe("the call new ideas and structures are tagged with", () => {
  it("is the current public call: never a draft; a coming call once announced; else the last closed one", async () => {
    const seeded = await seededCallId();
    const draft = await createCall({
      draft: true,
      publishedAt: new Date(Date.now() - DAY),
      deadline: new Date(Date.now() + 9 * DAY),
    });
    let current = await getCurrentCallSubAxes(db());
    expect(current.callId).toBe(seeded);
    expect(current.subAxes.map((subAxis) => subAxis.code)).toEqual(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]);

    const coming = await createCall({ publishedAt: new Date(Date.now() + 5 * DAY), deadline: new Date(Date.now() + 60 * DAY) });
    current = await getCurrentCallSubAxes(db());
    expect(current.callId).toBe(coming.id);
    expect(current.subAxes).toEqual([
      { code: "3.1", label: "3.1 — Rompre l'isolement des aidants" },
      { code: "3.2", label: "3.2 — Des lieux ouverts le dimanche" },
    ]);
    await db().call.deleteMany({ where: { id: { in: [draft.id, coming.id] } } });
  });
});

describe("the home page in time", () => {
  it("presents an open call with its deadline hour in Paris, and the 2025 call below it as closed", async () => {
    const open = await createCall({
      slug: "appel-2026",
      title: "Appel à coopérations 2026",
      publishedAt: paris("2026-10-01", "09:00"),
      deadline: paris("2027-03-29", "18:00"),
    });
    const home = await homeLoader();
    expect(home.call).toMatchObject({ slug: "appel-2026", status: "ouvert", deadlineText: "29 mars 2027 à 18 h" });
    expect(home.call?.statusText).toBe("Les candidatures sont ouvertes jusqu'au 29 mars 2027 à 18 h.");
    expect(home.previous).toMatchObject({
      slug: SEEDED_CALL,
      status: "clos",
      statusText: "Les candidatures sont closes depuis le 16 juillet 2025 à 18 h.",
      laureates: [],
    });
    await db().call.delete({ where: { id: open.id } });
  });

  it("presents a coming call with its publication day and deadline", async () => {
    const coming = await createCall({
      slug: "appel-2027",
      publishedAt: new Date(Date.now() + 10 * DAY),
      deadline: paris("2099-10-31", "18:00"),
    });
    const home = await homeLoader();
    expect(home.call).toMatchObject({ slug: "appel-2027", status: "a-venir", deadlineText: "31 octobre 2099 à 18 h" });
    expect(home.call?.statusText).toMatch(/^Les candidatures ouvriront le .+\. Date limite de dépôt : 31 octobre 2099 à 18 h\.$/);
    expect(home.previous?.slug).toBe(SEEDED_CALL);
    await db().call.delete({ where: { id: coming.id } });
  });

  it("shows the closed call's retained groupements only once its results are published", async () => {
    const lead = await createActor();
    const { groupement, leadOrganisation, partner } = await groupementOf(lead, { title: "Café des veilleurs" });
    await db().groupement.update({
      where: { id: groupement.id },
      data: { decision: "retenu", submittedAt: new Date("2025-07-10T12:00:00Z") },
    });
    const refused = await groupementOf(await createActor(), { title: "Projet non retenu" });
    await db().groupement.update({ where: { id: refused.groupement.id }, data: { decision: "non-retenu" } });

    // Decided, not yet published: nothing shows.
    let home = await homeLoader();
    expect(home.call?.status).toBe("clos");
    expect(home.call?.laureates).toEqual([]);

    await db().call.update({ where: { slug: SEEDED_CALL }, data: { resultsPublishedAt: new Date(Date.now() - DAY) } });
    home = await homeLoader();
    expect(home.call?.status).toBe("resultats");
    expect(home.call?.statusText).toMatch(
      /^Les candidatures sont closes depuis le 16 juillet 2025 à 18 h\. Les résultats ont été publiés le /,
    );
    expect(home.call?.laureates).toEqual([
      {
        id: groupement.id,
        title: "Café des veilleurs",
        members: [
          { name: leadOrganisation.name, isLead: true },
          { name: partner.name, isLead: false },
        ],
        subAxes: [
          { code: "2.1", label: expect.stringMatching(/\S/) },
          { code: "2.3", label: expect.stringMatching(/\S/) },
        ],
      },
    ]);
    expect((await apiCalls()).body[0]?.status).toBe("resultats");

    // With a new call open, the 2025 call moves below it, laureates included.
    const open = await createCall({
      slug: "appel-2026b",
      publishedAt: new Date(Date.now() - DAY),
      deadline: new Date(Date.now() + DAY),
    });
    home = await homeLoader();
    expect(home.call?.slug).toBe("appel-2026b");
    expect(home.call?.laureates).toEqual([]);
    expect(home.previous).toMatchObject({ slug: SEEDED_CALL, status: "resultats" });
    expect(home.previous?.laureates.map((laureate) => laureate.title)).toEqual(["Café des veilleurs"]);

    await db().call.delete({ where: { id: open.id } });
    await db().call.update({ where: { slug: SEEDED_CALL }, data: { resultsPublishedAt: null } });
    await db().groupement.updateMany({ where: { id: { in: [groupement.id, refused.groupement.id] } }, data: { decision: null } });
  });
});

describe("filing a groupement around the deadline (16 July 2025, 18:00 Paris)", () => {
  it("is accepted at 17:59 Paris on the deadline day and refused at 18:01, with nothing written", async () => {
    const lead = await createActor();
    const actor = { id: lead.id, name: "Cheffe de file" };
    const late = await groupementOf(lead);
    await expect(
      markGroupementSubmitted(db(), late.groupement.id, actor, "2025-07-16", paris("2025-07-16", "18:01")),
    ).rejects.toThrow(
      new FilingRefused(
        "La date limite de dépôt de cet appel (16 juillet 2025 à 18 h) est passée : le dossier ne peut plus être marqué comme déposé.",
        null,
      ),
    );
    expect((await db().groupement.findUniqueOrThrow({ where: { id: late.groupement.id } })).submittedAt).toBeNull();
    expect(await db().groupementChange.count({ where: { groupementId: late.groupement.id } })).toBe(0);

    await markGroupementSubmitted(db(), late.groupement.id, actor, "2025-07-16", paris("2025-07-16", "17:59"));
    expect((await db().groupement.findUniqueOrThrow({ where: { id: late.groupement.id } })).submittedAt?.toISOString()).toBe(
      "2025-07-16T12:00:00.000Z",
    );
  });

  it("refuses a filing day after the deadline's day, even before the deadline", async () => {
    const lead = await createActor();
    const { groupement } = await groupementOf(lead);
    await expect(
      markGroupementSubmitted(db(), groupement.id, { id: lead.id, name: "X" }, "2025-07-17", paris("2025-07-16", "10:00")),
    ).rejects.toMatchObject({
      field: "date",
      message: "Le dépôt ne peut pas dater d'après la date limite de l'appel (16 juillet 2025 à 18 h).",
    });
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupement.id } })).submittedAt).toBeNull();
  });

  it("refuses a filing day after today, or before the groupement was created, with nothing written", async () => {
    const lead = await createActor();
    const { groupement } = await groupementOf(lead);
    const actor = { id: lead.id, name: "X" };
    await expect(
      markGroupementSubmitted(db(), groupement.id, actor, "2025-07-11", paris("2025-07-10", "23:30")),
    ).rejects.toMatchObject({
      field: "date",
      message: "Le dépôt ne peut pas dater d'après aujourd'hui : indiquez le jour où il a été fait.",
    });
    await expect(
      markGroupementSubmitted(db(), groupement.id, actor, "2025-06-01", paris("2025-07-10", "10:00")),
    ).rejects.toMatchObject({
      field: "date",
      message: "Le dépôt ne peut pas dater d'avant la création du groupement (le 2 juin 2025).",
    });
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupement.id } })).submittedAt).toBeNull();
    expect(await db().groupementChange.count({ where: { groupementId: groupement.id } })).toBe(0);
    // Its first day and today (Paris: 00:30 on the 11th is still the 10th in UTC) are both possible.
    await markGroupementSubmitted(db(), groupement.id, actor, "2025-07-11", paris("2025-07-11", "00:30"));
    const other = await groupementOf(await createActor());
    await markGroupementSubmitted(db(), other.groupement.id, actor, "2025-06-02", paris("2025-07-10", "10:00"));
  });

  it("answers 409 with the French message after the deadline, and the page hides the button and says why", async () => {
    const lead = await createActor();
    const { groupement } = await groupementOf(lead);
    const page = await workspace(lead, groupement.id);
    expect(page.groupement.filing).toEqual({
      deadline: "16 juillet 2025 à 18 h",
      closed:
        "La date limite de dépôt de cet appel (16 juillet 2025 à 18 h) est passée : le dossier ne peut plus être marqué comme déposé.",
      // The picker's days: from the groupement's creation to the deadline's day (today is after it).
      days: { min: "2025-06-02", max: "2025-07-16" },
    });
    const answer = await file(lead, groupement.id, "2025-07-15");
    expect(answer.status).toBe(409);
    expect(answer.data).toMatchObject({
      intent: "submit",
      error:
        "La date limite de dépôt de cet appel (16 juillet 2025 à 18 h) est passée : le dossier ne peut plus être marqué comme déposé.",
    });
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupement.id } })).submittedAt).toBeNull();
    expect((await workspace(lead, groupement.id)).groupement.submittedAt).toBeNull();
  });

  it("links the idea's public page only once it has one (a link to « Page introuvable » before the CCAS publishes it)", async () => {
    const lead = await createActor();
    const { groupement } = await groupementOf(lead);
    expect((await workspace(lead, groupement.id)).groupement.ideaPublic).toBe(true);
    await db().idea.update({ where: { id: groupement.ideaId }, data: { status: "pending" } });
    expect((await workspace(lead, groupement.id)).groupement.ideaPublic).toBe(false);
    await db().idea.update({ where: { id: groupement.ideaId }, data: { status: "published" } });
    const organisationId = (await db().idea.findUniqueOrThrow({ where: { id: groupement.ideaId } })).organisationId;
    await db().organisation.update({ where: { id: organisationId }, data: { status: "unpublished" } });
    expect((await workspace(lead, groupement.id)).groupement.ideaPublic).toBe(false);
  });

  it("is filed while the call is open, and a day after the deadline is the date field's error", async () => {
    await openSeededCall();
    const lead = await createActor();
    const { groupement } = await groupementOf(lead);
    const deadline = (await db().call.findUniqueOrThrow({ where: { slug: SEEDED_CALL } })).deadline;
    expect((await workspace(lead, groupement.id)).groupement.filing.closed).toBeNull();

    const tooLate = new Date(deadline.getTime() + 2 * DAY).toISOString().slice(0, 10);
    const refused = await file(lead, groupement.id, tooLate);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("Le dépôt ne peut pas dater d'après la date limite de l'appel");
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupement.id } })).submittedAt).toBeNull();

    const accepted = await file(lead, groupement.id, "2025-07-15");
    expect(accepted.status).toBe(200);
    expect((await workspace(lead, groupement.id)).groupement.submittedAt).toBe("15 juillet 2025");
    await db().call.update({ where: { slug: SEEDED_CALL }, data: { deadline: new Date("2025-07-16T16:00:00Z") } });
  });
});
