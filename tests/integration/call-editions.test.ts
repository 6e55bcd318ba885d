// Call editions managed by the CCAS (/ccas/appels): who may see and change them, the copy into a
// draft, each part's form, the guard on codes in use, the preview, the publication and moving an
// idea to the new call.
import { describe, expect, it } from "vitest";
import { parisLocalToInstant } from "~/domain/call-status";
import { formatDay } from "~/domain/format";
import { loader as dashboardLoader } from "~/routes/espace._index";
import { loader as moveLoader, action as moveAction } from "~/routes/espace.changer-d-appel.$ideaId";
import { loader as editLoader } from "~/routes/ccas.appels.$slug._index";
import { loader as previewLoader } from "~/routes/ccas.appels.$slug.apercu";
import { loader as publishLoader, action as publishAction } from "~/routes/ccas.appels.$slug.publier";
import { loader as listLoader, action as listAction } from "~/routes/ccas.appels._index";
import { loader as ideaLoader } from "~/routes/idees.$slug";
import { loader as ideaEditLoader } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { loader as workspaceLoader } from "~/routes/groupements.$id._index";
import { loader as homeLoader } from "~/routes/_index";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import {
  calendarFields,
  copy,
  dayIn,
  edit,
  ideaOf,
  parameterFields,
  publish,
  readyToPublish,
  retire,
  type Fields,
} from "../helpers/call-editions";
import { createCallGroupement } from "../helpers/filed-groupement";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const SOURCE = "nantes-isolement-2025";
const db = () => getDb();

type PublishPage = { call: { draft: boolean; comingUntil: string | null }; issues: { blocking: boolean; message: string }[] };
async function publishPage(slug: string, cookie: string): Promise<PublishPage> {
  const result = await run(() => publishLoader(loaderArgsFor(getRequest(`/ccas/appels/${slug}/publier`, cookie), { slug })));
  expect(result.status).toBe(200);
  return result.data as PublishPage;
}

type Loaded = Awaited<ReturnType<typeof editLoader>>;
async function loadEdit(slug: string, cookie: string): Promise<Loaded> {
  const result = await run(() => editLoader(loaderArgsFor(getRequest(`/ccas/appels/${slug}`, cookie), { slug })));
  expect(result.status).toBe(200);
  return result.data as Loaded;
}

/** The axes form as the page sends it, rows changed by `change`. */
function axesFields(loaded: Loaded, change: (rows: { axes: Fields[]; subAxes: Fields[] }) => void = () => {}): Fields {
  const rows = {
    axes: loaded.axes.map((axis, index) => ({ ...axis, position: String(index + 1) }) as Fields),
    subAxes: loaded.subAxes.map((subAxis, index) => ({ ...subAxis, position: String(index + 1) }) as Fields),
  };
  change(rows);
  const fields: Fields = { intent: "axes" };
  for (const list of ["axes", "subAxes"] as const)
    rows[list].forEach((row, index) => {
      for (const [name, value] of Object.entries(row)) fields[`${list}[${index}].${name}`] = value;
    });
  return fields;
}

/** A call with every part, ids and positions left out: what a copy must repeat. */
async function callContent(slug: string) {
  const call = await db().call.findUniqueOrThrow({
    where: { slug },
    include: {
      axes: { orderBy: { position: "asc" }, include: { subAxes: { orderBy: { position: "asc" }, include: { actions: true } } } },
      events: { orderBy: { position: "asc" } },
      expenseCategories: { orderBy: { position: "asc" } },
      documents: { orderBy: { position: "asc" } },
      faqs: { orderBy: { position: "asc" } },
      prerequisites: { orderBy: { position: "asc" } },
      pastLaureates: { orderBy: { position: "asc" } },
      criteria: { orderBy: { position: "asc" } },
    },
  });
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value instanceof Date) return value.toISOString();
    if (value && typeof value === "object")
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !["id", "callId", "axisId", "subAxisId", "createdAt", "updatedAt"].includes(key))
          .map(([key, item]) => [key, strip(item)]),
      );
    return value;
  };
  return strip(call) as Record<string, unknown>;
}

describe("who may see and change the calls", () => {
  it("sends the anonymous to log in, refuses members with 403, lets a reviewer look but not change, an admin do all", async () => {
    const [member, reviewer, admin] = await Promise.all([
      createActor(),
      createActor({ ccasRole: "ccas-reviewer" }),
      createActor({ ccas: true }),
    ]);
    await createOrganisationFor(member);
    const draft = await copy(admin);
    const views = (cookie?: string) => [
      run(() => listLoader(loaderArgsFor(getRequest("/ccas/appels", cookie)))),
      run(() => editLoader(loaderArgsFor(getRequest(`/ccas/appels/${draft}`, cookie), { slug: draft }))),
      run(() => previewLoader(loaderArgsFor(getRequest(`/ccas/appels/${draft}/apercu`, cookie), { slug: draft }))),
    ];
    const changes = (cookie?: string) => [
      run(() => listAction(actionArgs(formRequest("/ccas/appels", { sourceSlug: SOURCE }, cookie)))),
      edit(
        draft,
        {
          intent: "general",
          slug: draft,
          title: "Nouveau titre",
          shortTitle: "Court",
          summary: "Intro",
          organiser: "CCAS",
          audience: "Tous",
        },
        cookie,
      ),
      run(() => publishLoader(loaderArgsFor(getRequest(`/ccas/appels/${draft}/publier`, cookie), { slug: draft }))),
      run(() =>
        publishAction(actionArgs(formRequest(`/ccas/appels/${draft}/publier`, { intent: "other" }, cookie), { slug: draft })),
      ),
    ];

    for (const result of await Promise.all([...views(), ...changes()])) {
      expect(result.status).toBe(302);
      expect(result.headers.get("Location")).toMatch(/^\/connexion\?redirectTo=/);
    }
    for (const result of await Promise.all([...views(member.cookie), ...changes(member.cookie)])) expect(result.status).toBe(403);
    for (const result of await Promise.all(views(reviewer.cookie))) expect(result.status).toBe(200);
    for (const result of await Promise.all(changes(reviewer.cookie))) expect(result.status).toBe(403);
    // The reviewer sees the list without the copy buttons, and the forms without a way to save.
    const list = await run(() => listLoader(loaderArgsFor(getRequest("/ccas/appels", reviewer.cookie))));
    expect(list.data).toMatchObject({ admin: false });
    expect(await db().call.findUniqueOrThrow({ where: { slug: draft } })).toMatchObject({
      title: expect.stringMatching(/\(copie\)$/),
    });

    const [copied, edited, publishPage, unknownIntent] = await Promise.all(changes(admin.cookie));
    expect(copied!.status).toBe(302);
    expect(edited!.status).toBe(302);
    expect(publishPage!.status).toBe(200);
    expect(unknownIntent!.status).toBe(400);
    expect(await db().call.findUniqueOrThrow({ where: { slug: draft } })).toMatchObject({ title: "Nouveau titre", draft: true });
  });

  it("lists the calls with their status computed from their dates", async () => {
    const admin = await createActor({ ccas: true });
    const draft = await copy(admin);
    const result = await run(() => listLoader(loaderArgsFor(getRequest("/ccas/appels", admin.cookie))));
    const calls = (result.data as { calls: { slug: string; status: string }[] }).calls;
    expect(calls.find((call) => call.slug === SOURCE)?.status).toBe("clos");
    expect(calls.find((call) => call.slug === draft)?.status).toBe("brouillon");
  });
});

describe("« Préparer un nouvel appel »", () => {
  it("copies every part of the call into a draft, with a new slug and a title that says it is a copy, in the journal", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    expect(slug).toMatch(new RegExp(`^${SOURCE}-copie(-\\d+)?$`));
    const source = await db().call.findUniqueOrThrow({ where: { slug: SOURCE } });
    const draft = await db().call.findUniqueOrThrow({ where: { slug } });
    expect(draft).toMatchObject({
      draft: true,
      copiedFromId: source.id,
      publishedAt: null,
      title: `${source.title} (copie)`,
      shortTitle: `${source.shortTitle} (copie)`,
    });

    const [original, copied] = await Promise.all([callContent(SOURCE), callContent(slug)]);
    const differs = ["slug", "title", "shortTitle", "draft", "copiedFromId", "publishedAt"];
    const same = (content: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(content).filter(([key]) => !differs.includes(key)));
    expect(same(copied)).toEqual(same(original));
    // Every part is there: a copy of nothing would equal nothing.
    expect(copied).toMatchObject({
      axes: expect.arrayContaining([expect.objectContaining({ code: "2" })]),
      criteria: [
        expect.objectContaining({ code: "pertinence", maxScore: 5 }),
        expect.objectContaining({ code: "cooperation" }),
        expect.objectContaining({ code: "territoire" }),
        expect.objectContaining({ code: "envergure" }),
        expect.objectContaining({ code: "budget" }),
      ],
    });
    for (const part of ["events", "expenseCategories", "documents", "faqs", "prerequisites", "pastLaureates"])
      expect((copied[part] as unknown[]).length, part).toBeGreaterThan(0);
    expect((copied.axes as { subAxes: unknown[] }[]).flatMap((axis) => axis.subAxes)).toHaveLength(7);

    const entry = await db().auditEntry.findFirstOrThrow({ where: { action: "call.create", subjectId: draft.id } });
    expect(entry).toMatchObject({ actorId: admin.id, subjectType: "call" });
    const second = await copy(admin);
    expect(second).not.toBe(slug);
    expect(second).toMatch(new RegExp(`^${SOURCE}-copie-\\d+$`));
    // A copy of a copy is named after the original, not « -copie-copie ».
    const third = await copy(admin, slug);
    expect(third).toMatch(new RegExp(`^${SOURCE}-copie-\\d+$`));
    expect(new Set([slug, second, third]).size).toBe(3);
  });
});

describe("editing a call's parts", () => {
  it("refuses a form with errors in French, keeps what was typed, and changes nothing", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    const before = await db().call.findUniqueOrThrow({ where: { slug } });
    const general = await edit(
      slug,
      { intent: "general", title: " ", shortTitle: "Appel 2026", summary: "Intro", organiser: "CCAS", audience: "" },
      admin.cookie,
    );
    expect(general.status).toBe(400);
    expect(general.data).toMatchObject({
      intent: "general",
      result: {
        error: { title: ["Titre : ce champ est obligatoire."], audience: ["Qui peut candidater : ce champ est obligatoire."] },
        initialValue: { shortTitle: "Appel 2026", summary: "Intro" },
      },
    });
    const parameters = await edit(
      slug,
      {
        intent: "parameters",
        yearlyEnvelope: "beaucoup",
        minLaureates: "5",
        maxLaureates: "3",
        durationMonths: "24",
        fundingYears: "2",
        latestStart: "2027-02-30",
        latestStartLabel: "au premier semestre 2027",
        fundingNote: "Convention",
        minMembers: "2",
      },
      admin.cookie,
    );
    expect(parameters.status).toBe(400);
    expect((parameters.data as { result: { error: Record<string, string[]> } }).result.error).toMatchObject({
      yearlyEnvelope: ["Enveloppe annuelle : indiquez un nombre entier."],
      latestStart: [expect.stringMatching(/^Date invalide/)],
    });
    const criteria = await edit(
      slug,
      { intent: "criteria", "items[0].code": "Pertinence", "items[0].label": "Pertinence", "items[0].maxScore": "cinq" },
      admin.cookie,
    );
    expect(criteria.status).toBe(400);
    expect((criteria.data as { result: { error: Record<string, string[]>; initialValue: unknown } }).result).toMatchObject({
      error: {
        "items[0].code": [expect.stringMatching(/^Code du critère : lettres minuscules/)],
        "items[0].maxScore": ["Note maximale : indiquez un nombre entier."],
      },
      initialValue: { items: [{ code: "Pertinence", label: "Pertinence", maxScore: "cinq" }] },
    });
    const loaded = await loadEdit(slug, admin.cookie);
    const axes = await edit(
      slug,
      axesFields(loaded, (rows) => {
        rows.subAxes.push({ code: "3.1", title: "Nouveau", summary: "Sous un axe qui n'existe pas" });
        rows.subAxes[0]!.code = "2.2";
      }),
      admin.cookie,
    );
    expect(axes.status).toBe(400);
    expect((axes.data as { result: { error: Record<string, string[]> } }).result.error).toMatchObject({
      "subAxes[5].code": ["Code du sous-axe : le code 2.2 est déjà utilisé dans cet appel."],
      "subAxes[7].code": ["Code du sous-axe : 3.1 doit se trouver sous un axe de l'appel, et l'axe 3 n'existe pas."],
    });
    const calendar = await edit(
      slug,
      {
        intent: "calendar",
        "items[0].kind": "webinar",
        "items[0].title": "Webinaire",
        "items[0].startDate": "2026-05-14",
        "items[0].precision": "datetime",
      },
      admin.cookie,
    );
    expect(calendar.status).toBe(400);
    expect((calendar.data as { result: { error: Record<string, string[]> } }).result.error).toMatchObject({
      items: ["Calendrier : l'appel doit avoir une et une seule date limite de dépôt."],
    });
    expect(await db().call.findUniqueOrThrow({ where: { slug } })).toEqual(before);
  });

  it("saves each part: general, axes and sub-axes (add, change, remove, reorder), calendar in Paris time, money, lists, criteria, weights", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    const general = await edit(
      slug,
      {
        intent: "general",
        slug,
        title: "Appel à coopérations 2026 : rompre l'isolement",
        shortTitle: "Appel 2026",
        summary: "Une nouvelle édition.",
        organiser: "CCAS de Nantes",
        audience: "Des groupements d'au moins deux structures.",
      },
      admin.cookie,
    );
    expect(general).toMatchObject({ status: 302 });
    expect(general.headers.get("Location")).toBe(`/ccas/appels/${slug}?enregistre=general#general`);

    const loaded = await loadEdit(slug, admin.cookie);
    const axes = await edit(
      slug,
      axesFields(loaded, (rows) => {
        const first = rows.subAxes.find((row) => row.code === "2.1")!;
        first.title = "Aller vers les personnes repliées chez elles";
        first.actions = "Des visites à domicile\nUn numéro d'appel";
        first.position = "99";
        rows.subAxes.find((row) => row.code === "1.4")!.remove = "on";
        rows.subAxes.push({
          code: "2.4",
          title: "Les nuits et les week-ends",
          summary: "Du lien quand tout est fermé.",
          position: "0",
        });
        rows.axes.push({ code: "3", title: "Les aidants", summary: "Soutenir ceux qui aident." });
        rows.subAxes.push({ code: "3.1", title: "Du répit", summary: "Des temps pour souffler.", actions: "Un week-end" });
      }),
      admin.cookie,
    );
    expect(axes.status).toBe(302);
    const call = await db().call.findUniqueOrThrow({
      where: { slug },
      include: {
        axes: {
          orderBy: { position: "asc" },
          include: { subAxes: { orderBy: { position: "asc" }, include: { actions: true } } },
        },
      },
    });
    expect(call.axes.map((axis) => [axis.code, axis.subAxes.map((subAxis) => subAxis.code)])).toEqual([
      ["1", ["1.1", "1.2", "1.3"]],
      ["2", ["2.4", "2.2", "2.3", "2.1"]],
      ["3", ["3.1"]],
    ]);
    const moved = call.axes[1]!.subAxes[3]!;
    expect(moved).toMatchObject({ title: "Aller vers les personnes repliées chez elles" });
    expect(moved.actions.sort((a, b) => a.position - b.position).map((action) => action.text)).toEqual([
      "Des visites à domicile",
      "Un numéro d'appel",
    ]);
    // The sub-axis kept its row: what points to it still does.
    expect(moved.id).toBe(loaded.subAxes.find((row) => row.code === "2.1")!.id);

    const calendar = await edit(
      slug,
      {
        intent: "calendar",
        "items[0].kind": "publication",
        "items[0].title": "Publication de l'appel",
        "items[0].startDate": "2026-04-15",
        "items[0].precision": "date",
        "items[1].kind": "webinar",
        "items[1].title": "Webinaire d'information",
        "items[1].startDate": "2026-05-14",
        "items[1].startTime": "12:30",
        "items[1].endTime": "13:30",
        "items[1].precision": "datetime",
        "items[2].kind": "deadline",
        "items[2].title": "Date limite de dépôt",
        "items[2].startDate": "2026-07-15",
        "items[2].startTime": "18:00",
        "items[2].precision": "datetime",
        "items[3].kind": "results",
        "items[3].title": "Résultats",
        "items[3].startDate": "2026-10-15",
        "items[3].precision": "approximate",
        "items[3].whenText": "courant octobre 2026",
      },
      admin.cookie,
    );
    expect(calendar.status).toBe(302);
    const events = await db().callEvent.findMany({ where: { call: { slug } }, orderBy: { position: "asc" } });
    expect(events.map((event) => [event.kind, event.startsAt.toISOString(), event.endsAt?.toISOString() ?? null])).toEqual([
      ["publication", "2026-04-14T22:00:00.000Z", null],
      ["webinar", "2026-05-14T10:30:00.000Z", "2026-05-14T11:30:00.000Z"],
      ["deadline", "2026-07-15T16:00:00.000Z", null],
      ["results", "2026-10-14T22:00:00.000Z", null],
    ]);
    // The deadline is the call's; a draft has no publication date until it is published.
    expect(await db().call.findUniqueOrThrow({ where: { slug } })).toMatchObject({
      deadline: new Date("2026-07-15T16:00:00.000Z"),
      publishedAt: null,
    });
    // The form shows it back in Paris time.
    const reloaded = await loadEdit(slug, admin.cookie);
    expect(reloaded.events.find((event) => event.kind === "deadline")).toMatchObject({
      startDate: "2026-07-15",
      startTime: "18:00",
    });

    const parameters = await edit(
      slug,
      {
        intent: "parameters",
        yearlyEnvelope: "300000",
        minLaureates: "2",
        maxLaureates: "6",
        durationMonths: "18",
        fundingYears: "2",
        latestStart: "2027-06-30",
        latestStartLabel: "au plus tard au premier semestre 2027",
        fundingNote: "Une convention avec le chef de file.",
        minMembers: "3",
      },
      admin.cookie,
    );
    expect(parameters.status).toBe(302);
    expect(await db().call.findUniqueOrThrow({ where: { slug } })).toMatchObject({
      yearlyEnvelope: 300_000,
      minLaureates: 2,
      maxLaureates: 6,
      durationMonths: 18,
      latestStart: new Date("2027-06-30T00:00:00Z"),
      minMembers: 3,
    });

    const weights = await edit(
      slug,
      {
        intent: "weights",
        fixesSectors: "50",
        newSector: "10",
        soughtSector: "25",
        offersResource: "20",
        offersResourceMax: "3",
        sameQuartier: "15",
        wholeCity: "5",
        sameSubAxis: "10",
        sameSubAxisMax: "2",
        economicWorld: "12",
      },
      admin.cookie,
    );
    expect(weights.status).toBe(302);
    expect(await db().call.findUniqueOrThrow({ where: { slug } })).toMatchObject({
      recommendFixesSectors: 50,
      recommendOffersResourceMax: 3,
      recommendWholeCity: 5,
      recommendEconomicWorld: 12,
    });

    // A list: one row changed, one removed, one added (the blank row ignored), reordered by position.
    const faqs = reloaded.faqs;
    const faqFields: Fields = { intent: "faqs" };
    faqs.forEach((faq, index) => {
      faqFields[`items[${index}].question`] = faq.question;
      faqFields[`items[${index}].answer`] = faq.answer;
      faqFields[`items[${index}].position`] = String(index + 1);
    });
    faqFields["items[0].remove"] = "on";
    faqFields["items[1].answer"] = "Une réponse plus claire.";
    Object.assign(faqFields, {
      [`items[${faqs.length}].question`]: "Peut-on candidater seul ?",
      [`items[${faqs.length}].answer`]: "Non : il faut au moins deux structures.",
      [`items[${faqs.length}].position`]: "0",
      [`items[${faqs.length + 1}].question`]: "",
      [`items[${faqs.length + 1}].answer`]: "",
    });
    expect((await edit(slug, faqFields, admin.cookie)).status).toBe(302);
    const savedFaqs = await db().callFaq.findMany({ where: { call: { slug } }, orderBy: { position: "asc" } });
    expect(savedFaqs.map((faq) => faq.question)).toEqual([
      "Peut-on candidater seul ?",
      ...faqs.slice(1).map((faq) => faq.question),
    ]);
    expect(savedFaqs[1]!.answer).toBe("Une réponse plus claire.");

    const criteria = await edit(
      slug,
      {
        intent: "criteria",
        "items[0].code": "pertinence",
        "items[0].label": "Pertinence",
        "items[0].maxScore": "10",
        "items[1].code": "impact",
        "items[1].label": "Impact sur l'isolement",
        "items[1].description": "Combien de personnes sortent de l'isolement.",
        "items[1].maxScore": "4",
      },
      admin.cookie,
    );
    expect(criteria.status).toBe(302);
    expect(
      await db().callCriterion.findMany({
        where: { call: { slug } },
        orderBy: { position: "asc" },
        select: { code: true, label: true, maxScore: true },
      }),
    ).toEqual([
      { code: "pertinence", label: "Pertinence", maxScore: 10 },
      { code: "impact", label: "Impact sur l'isolement", maxScore: 4 },
    ]);

    const documents = await edit(
      slug,
      {
        intent: "documents",
        "items[0].label": "Fiche projet",
        "items[0].description": "Le modèle du CCAS.",
        "items[1].label": "Statuts",
        "items[1].perMember": "on",
      },
      admin.cookie,
    );
    expect(documents.status).toBe(302);
    expect(
      await db().callDocument.findMany({
        where: { call: { slug } },
        orderBy: { position: "asc" },
        select: { label: true, perMember: true },
      }),
    ).toEqual([
      { label: "Fiche projet", perMember: false },
      { label: "Statuts", perMember: true },
    ]);
    const prerequisites = await edit(slug, { intent: "prerequisites", "items[0].text": "Agir à Nantes." }, admin.cookie);
    expect(prerequisites.status).toBe(302);
    expect(await db().callPrerequisite.count({ where: { call: { slug } } })).toBe(1);
    const expenses = await edit(
      slug,
      {
        intent: "expenses",
        "items[0].code": "operating",
        "items[0].label": "Fonctionnement",
        "items[0].description": "Salaires.",
      },
      admin.cookie,
    );
    expect(expenses.status).toBe(302);
    expect(await db().callExpenseCategory.findMany({ where: { call: { slug } }, select: { code: true } })).toEqual([
      { code: "operating" },
    ]);

    // The source call is untouched by all this.
    expect(await db().callSubAxis.count({ where: { axis: { call: { slug: SOURCE } } } })).toBe(7);
  });
});

describe("codes in use in a published call", () => {
  it("refuses to remove or recode a sub-axis that ideas, groupements or organisations use, naming them", async () => {
    const [admin, lead] = await Promise.all([createActor({ ccas: true }), createActor()]);
    const { idea, organisation } = await ideaOf(lead, { subAxes: ["2.1"] });
    await createGroupementFromIdea(db(), idea.id);
    await db().groupement.update({ where: { ideaId: idea.id }, data: { subAxes: "2.1" } });
    const subAxis = await db().callSubAxis.findFirstOrThrow({ where: { code: "2.1", axis: { call: { slug: SOURCE } } } });
    await db().organisationSubAxis.create({ data: { organisationId: organisation.id, subAxisId: subAxis.id } });
    const source = await db().call.findUniqueOrThrow({ where: { slug: SOURCE } });
    const laureate = await db().callLaureate.create({
      data: {
        callId: source.id,
        title: "Voisins relais (test)",
        leadName: "Association Exemple",
        subAxisCode: "2.1",
        position: 99,
      },
    });
    const loaded = await loadEdit(SOURCE, admin.cookie);
    const before = await db().callSubAxis.findMany({ where: { axis: { call: { slug: SOURCE } } }, orderBy: { id: "asc" } });

    const removed = await edit(
      SOURCE,
      axesFields(loaded, (rows) => {
        rows.subAxes.find((row) => row.code === "2.1")!.remove = "on";
      }),
      admin.cookie,
    );
    expect(removed.status).toBe(400);
    const message = (removed.data as { result: { error: Record<string, string[]> } }).result.error[""]![0]!;
    expect(message).toMatch(/^Le sous-axe 2\.1 ne peut pas être supprimé : cet appel est publié et \d+ éléments l'utilisent/);
    expect(message).toContain(`l'idée « ${idea.title} »`);
    expect(message).toContain(`le groupement « `);
    expect(message).toContain(`la structure « ${organisation.name} »`);
    expect(message).toContain("le lauréat « Voisins relais (test) »");
    await db().callLaureate.delete({ where: { id: laureate.id } });

    const recoded = await edit(
      SOURCE,
      axesFields(loaded, (rows) => {
        rows.subAxes.find((row) => row.code === "2.1")!.code = "2.5";
      }),
      admin.cookie,
    );
    expect(recoded.status).toBe(400);
    expect((recoded.data as { result: { error: Record<string, string[]> } }).result.error[""]![0]).toMatch(
      /^Le sous-axe 2\.1 ne peut pas changer de code/,
    );
    expect(await db().callSubAxis.findMany({ where: { axis: { call: { slug: SOURCE } } }, orderBy: { id: "asc" } })).toEqual(
      before,
    );

    // Its wording may change; an unused sub-axis may go. The public pages, which keep what they
    // read of the current call (read here first), show the new wording at once.
    const shown = async () => (await getCurrentCallSubAxes(db())).subAxes.find((entry) => entry.code === "2.1")?.label;
    expect((await getCurrentCallSubAxes(db())).callId).toBe(source.id);
    expect(await shown()).toBe(`2.1 — ${subAxis.title}`);
    const reworded = await edit(
      SOURCE,
      axesFields(loaded, (rows) => {
        rows.subAxes.find((row) => row.code === "2.1")!.title = "Repérer et aller vers";
      }),
      admin.cookie,
    );
    expect(reworded.status).toBe(302);
    expect(await db().callSubAxis.findUniqueOrThrow({ where: { id: subAxis.id } })).toMatchObject({
      title: "Repérer et aller vers",
    });
    expect(await shown()).toBe("2.1 — Repérer et aller vers");
  });

  it("lets a draft change any code: nothing uses it yet", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    const loaded = await loadEdit(slug, admin.cookie);
    const removed = await edit(
      slug,
      axesFields(loaded, (rows) => {
        rows.subAxes.find((row) => row.code === "2.1")!.remove = "on";
      }),
      admin.cookie,
    );
    expect(removed.status).toBe(302);
    expect(await db().callSubAxis.count({ where: { axis: { call: { slug } } } })).toBe(6);
  });
});

describe("preview and publication", () => {
  it("previews a draft for the CCAS under a banner, publishes it, tells the leads, and a lead moves an idea to it", async () => {
    const [admin, lead, editor] = await Promise.all([createActor({ ccas: true }), createActor(), createActor()]);
    const { idea, organisation } = await ideaOf(lead, { subAxes: ["2.1", "1.4"] });
    await db().membership.create({ data: { userId: editor.id, organisationId: organisation.id, role: "editor" } });
    await createGroupementFromIdea(db(), idea.id);
    await db().groupement.update({ where: { ideaId: idea.id }, data: { subAxes: "2.1 1.4" } });
    const slug = await copy(admin);
    const loaded = await loadEdit(slug, admin.cookie);
    expect(
      (
        await edit(
          slug,
          axesFields(loaded, (rows) => {
            rows.subAxes.find((row) => row.code === "1.4")!.remove = "on";
          }),
          admin.cookie,
        )
      ).status,
    ).toBe(302);

    const preview = await run(() =>
      previewLoader(loaderArgsFor(getRequest(`/ccas/appels/${slug}/apercu`, admin.cookie), { slug })),
    );
    expect(preview.data).toMatchObject({
      call: { draft: true, axes: expect.arrayContaining([expect.objectContaining({ code: "2" })]) },
    });

    await readyToPublish(admin, slug);
    const published = await publish(slug, admin.cookie);
    expect(published.status).toBe(302);
    expect(published.headers.get("Location")).toBe(`/ccas/appels/${slug}?publie=1`);
    const call = await db().call.findUniqueOrThrow({ where: { slug }, include: { events: { where: { kind: "publication" } } } });
    expect(call.draft).toBe(false);
    // Its publication day is ahead: « à venir » until then.
    expect(call.publishedAt).toEqual(call.events[0]!.startsAt);
    expect(
      await db().auditEntry.findFirst({ where: { action: "call.publish", subjectId: call.id, actorId: admin.id } }),
    ).not.toBeNull();
    const again = await publish(slug, admin.cookie);
    expect(again.status).toBe(409);

    const notification = await db().notification.findFirstOrThrow({ where: { userId: lead.id } });
    expect(notification.subject).toBe("Un nouvel appel à coopérations est publié — Coopérons");
    expect(notification.body).toContain(idea.title);
    expect(notification.link).toMatch(new RegExp(`/espace/changer-d-appel/${idea.id}$`));
    // The editor is not told (the admins answer for the structure), nor may move it.
    expect(await db().notification.count({ where: { userId: editor.id } })).toBe(0);
    const path = `/espace/changer-d-appel/${idea.id}`;
    expect((await run(() => moveLoader(loaderArgsFor(getRequest(path, editor.cookie), { ideaId: idea.id })))).status).toBe(403);
    // « Un message dans leur espace », as the publication said: « Mon espace » offers the move.
    const dashboard = async (actor: { cookie: string }) =>
      (
        (await run(() => dashboardLoader(loaderArgsFor(getRequest("/espace", actor.cookie))))).data as {
          newCall: { toTitle: string; ideas: { title: string; href: string; withGroupement: boolean }[] } | null;
        }
      ).newCall;
    expect(await dashboard(lead)).toEqual({
      toTitle: call.shortTitle,
      ideas: [{ title: idea.title, href: path, fromTitle: expect.any(String), withGroupement: true }],
    });
    expect(await dashboard(editor)).toBeNull();

    const page = await run(() => moveLoader(loaderArgsFor(getRequest(path, lead.cookie), { ideaId: idea.id })));
    expect(page.data).toMatchObject({ target: { id: call.id }, kept: ["2.1"], dropped: ["1.4"] });
    const none = await run(() => moveAction(actionArgs(formRequest(path, {}, lead.cookie), { ideaId: idea.id })));
    expect(none.status).toBe(400);
    expect((none.data as { result: { error: Record<string, string[]> } }).result.error.subAxes).toEqual([
      "Sous-axes : cochez au moins un sous-axe du nouvel appel.",
    ]);
    const stale = await run(() =>
      moveAction(actionArgs(formRequest(path, { subAxes: ["1.4"] }, lead.cookie), { ideaId: idea.id })),
    );
    expect(stale.status).toBe(400);

    const moved = await run(() =>
      moveAction(actionArgs(formRequest(path, { subAxes: ["2.1", "2.3"] }, lead.cookie), { ideaId: idea.id })),
    );
    expect(moved.status).toBe(302);
    // The idea's page it leads to names the call it now belongs to (it said nothing: the probe).
    const location = moved.headers.get("Location")!;
    expect(location).toMatch(/\?appel=change$/);
    const ideaPage = await run(() =>
      ideaEditLoader(loaderArgsFor(getRequest(location, lead.cookie), { id: idea.organisationId, ideaId: idea.id })),
    );
    expect(ideaPage.data).toMatchObject({ movedTo: call.title });
    const later = await run(() =>
      ideaEditLoader(
        loaderArgsFor(getRequest(location.replace("?appel=change", ""), lead.cookie), {
          id: idea.organisationId,
          ideaId: idea.id,
        }),
      ),
    );
    expect(later.data).toMatchObject({ movedTo: null });
    const after = await db().idea.findUniqueOrThrow({
      where: { id: idea.id },
      include: { codes: { where: { kind: "subAxis" }, orderBy: { code: "asc" } }, groupement: true },
    });
    expect(after.callId).toBe(call.id);
    expect(after.codes.map((code) => code.code)).toEqual(["2.1", "2.3"]);
    expect(after.groupement).toMatchObject({ callId: call.id, subAxes: "2.1 2.3" });
    // Nothing left to move.
    const done = await run(() => moveLoader(loaderArgsFor(getRequest(path, lead.cookie), { ideaId: idea.id })));
    expect(done.data).toMatchObject({ target: null });
    expect(await dashboard(lead)).toBeNull();
    await retire(slug);
  });

  it("leaves a filed groupement with the call it was filed for", async () => {
    const [admin, lead] = await Promise.all([createActor({ ccas: true }), createActor()]);
    const { idea } = await ideaOf(lead, { subAxes: ["2.1"] });
    await createGroupementFromIdea(db(), idea.id);
    await db().groupement.update({ where: { ideaId: idea.id }, data: { submittedAt: new Date("2025-07-01T10:00:00Z") } });
    const slug = await copy(admin);
    await readyToPublish(admin, slug);
    expect((await publish(slug, admin.cookie)).status).toBe(302);
    const path = `/espace/changer-d-appel/${idea.id}`;
    const refused = await run(() =>
      moveAction(actionArgs(formRequest(path, { subAxes: ["2.1"] }, lead.cookie), { ideaId: idea.id })),
    );
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({
      error: "Le groupement de cette idée a été déposé pour son appel : il ne peut plus changer d'appel.",
    });
    expect((await db().idea.findUniqueOrThrow({ where: { id: idea.id } })).callId).not.toBe(
      (await db().call.findUniqueOrThrow({ where: { slug } })).id,
    );
    await retire(slug);
  });
});

describe("a call's criteria", () => {
  it("refuses a maximum below a score already given, and names the criterion", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    const call = await db().call.findUniqueOrThrow({ where: { slug } });
    const { id } = await createCallGroupement(call.id, { title: "Veilleurs notés", filedOn: "2025-07-10" });
    await db().groupementScore.create({
      data: { groupementId: id, reviewerId: admin.id, criterionCode: "pertinence", score: 4 },
    });
    const fields = (maxScore: string) => ({
      intent: "criteria",
      "items[0].code": "pertinence",
      "items[0].label": "Pertinence",
      "items[0].maxScore": maxScore,
    });
    const refused = await edit(slug, fields("1"), admin.cookie);
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      result: {
        error: {
          "": [
            "Barème : « Pertinence » : une note de 4 a déjà été donnée, le maximum ne peut pas descendre à 1. Modifiez d'abord ces notes sur les pages des groupements.",
          ],
        },
        initialValue: { items: [{ code: "pertinence", maxScore: "1" }] },
      },
    });
    expect((await db().callCriterion.findMany({ where: { callId: call.id } })).length).toBeGreaterThan(1);
    expect((await edit(slug, fields("4"), admin.cookie)).status).toBe(302);
  });
});

describe("a published call's calendar", () => {
  it("takes only dates in order, is journaled when it changes, and is fixed once the results are out", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    await readyToPublish(admin, slug, { publicationIn: -3 });
    expect((await publish(slug, admin.cookie)).status).toBe(302);
    const before = await db().call.findUniqueOrThrow({ where: { slug }, include: { events: true } });

    // The deadline before the publication: refused, nothing changed.
    const outOfOrder = await edit(slug, calendarFields({ publication: dayIn(-3), deadline: dayIn(-10) }), admin.cookie);
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.data).toMatchObject({
      result: {
        error: {
          "": [
            expect.stringMatching(
              /^Cet appel est publié : calendrier dans le désordre : « Publication de l'appel » \(.+\) doit venir avant « Date limite de dépôt » \(.+ à 18 h\)\.$/,
            ),
          ],
        },
      },
    });
    const unchanged = await db().call.findUniqueOrThrow({ where: { slug }, include: { events: true } });
    expect(unchanged.deadline).toEqual(before.deadline);
    expect(unchanged.events.length).toBe(before.events.length);

    // A later deadline, in order: saved and journaled with the old one.
    expect((await edit(slug, calendarFields({ publication: dayIn(-3), deadline: dayIn(70) }), admin.cookie)).status).toBe(302);
    const entry = await db().auditEntry.findFirstOrThrow({ where: { action: "call.calendar", subjectId: before.id } });
    expect(entry.detail).toMatch(/ — date limite : .+ à 18 h \(avant : .+\)$/);

    // Its results published, the calendar stays as it is.
    await db().call.update({ where: { slug }, data: { resultsPublishedAt: new Date() } });
    const closed = await edit(slug, calendarFields({ publication: dayIn(-3), deadline: dayIn(80) }), admin.cookie);
    expect(closed.status).toBe(400);
    expect(closed.data).toMatchObject({
      result: { error: { "": ["Les résultats de cet appel sont publiés : son calendrier ne peut plus changer."] } },
    });
    // The page says so and shows the dates without offering a form that would be refused.
    expect((await loadEdit(slug, admin.cookie)).call.resultsOut).toBe(true);
    await db().call.update({ where: { slug }, data: { resultsPublishedAt: null } });
    expect((await loadEdit(slug, admin.cookie)).call.resultsOut).toBe(false);
    await retire(slug);
  });
});

describe("before publishing: what looks unfinished", () => {
  it("refuses a call without a sub-axis, and says so on the publish page with a link to the axes", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    await readyToPublish(admin, slug);
    const draft = await db().call.findUniqueOrThrow({ where: { slug } });
    await db().callSubAxis.deleteMany({ where: { axis: { callId: draft.id } } });

    const page = await publishPage(slug, admin.cookie);
    expect(page.issues.filter((issue) => issue.blocking)).toEqual([
      { blocking: true, part: "axes", message: "Un appel sans sous-axe ne peut pas être publié : ajoutez-en au moins un." },
    ]);
    const refused = await publish(slug, admin.cookie);
    expect(refused.status).toBe(409);
    expect((refused.data as { errors: string[] }).errors).toEqual([
      "Un appel sans sous-axe ne peut pas être publié : ajoutez-en au moins un.",
    ]);
    expect(await db().call.findUniqueOrThrow({ where: { slug } })).toMatchObject({ draft: true, publishedAt: null });
    await retire(slug);
  });

  it("refuses a copy whose deadline is past or whose calendar is out of order, in French; warns of what still says « copie » and allows it", async () => {
    const admin = await createActor({ ccas: true });
    const slug = await copy(admin);
    const source = await db().call.findUniqueOrThrow({ where: { slug: SOURCE } });
    const draft = await db().call.findUniqueOrThrow({ where: { slug } });

    // As copied, with the 2025 calendar.
    let page = await publishPage(slug, admin.cookie);
    const messages = (blocking: boolean) =>
      page.issues.filter((issue) => issue.blocking === blocking).map((issue) => issue.message);
    expect(messages(true)).toEqual([
      "La date limite de dépôt (16 juillet 2025 à 18 h) est passée : un appel déjà clos ne peut pas être publié. Choisissez une date limite à venir dans le calendrier.",
    ]);
    expect(messages(false)).toEqual(
      expect.arrayContaining([
        "« Webinaire de présentation » (15 mai 2025, de 12 h 30 à 13 h 30) est une date déjà passée.",
        `Le titre se termine encore par « (copie) » : « ${source.title} (copie) ».`,
        `Le titre court se termine encore par « (copie) » : « ${source.shortTitle} (copie) ».`,
        `L'adresse de l'appel se termine encore par « -copie » (/${slug}) : elle ne pourra plus changer une fois l'appel publié.`,
      ]),
    );
    // The edit page lists the same, above its forms.
    expect((await loadEdit(slug, admin.cookie)).issues).toEqual(page.issues);

    const refused = await publish(slug, admin.cookie);
    expect(refused.status).toBe(409);
    expect((refused.data as { errors: string[] }).errors).toEqual([
      "La date limite de dépôt (16 juillet 2025 à 18 h) est passée : un appel déjà clos ne peut pas être publié. Choisissez une date limite à venir dans le calendrier.",
    ]);
    expect(await db().call.findUniqueOrThrow({ where: { slug } })).toMatchObject({ draft: true, publishedAt: null });
    expect(await db().auditEntry.count({ where: { action: "call.publish", subjectId: draft.id } })).toBe(0);

    // A deadline ahead, but the results before it and projects starting before it (30 June 2026).
    expect(
      (await edit(slug, calendarFields({ publication: dayIn(5), deadline: dayIn(60), results: dayIn(30) }), admin.cookie)).status,
    ).toBe(302);
    page = await publishPage(slug, admin.cookie);
    expect(messages(true)).toEqual([
      expect.stringMatching(
        /^Calendrier dans le désordre : « Date limite de dépôt » \(.+ à 18 h\) doit venir avant « Annonce des lauréats » \(.+\)\.$/,
      ),
      expect.stringMatching(/^Le démarrage au plus tard \(30 juin 2026\) vient avant la date limite de dépôt \(.+ à 18 h\)/),
    ]);
    const outOfOrder = await publish(slug, admin.cookie);
    expect(outOfOrder.status).toBe(409);
    // Each blocking issue on its own line, under the refusal (they ran together in one sentence).
    expect((outOfOrder.data as { errors: string[] }).errors).toEqual(messages(true));
    expect((await db().call.findUniqueOrThrow({ where: { slug } })).draft).toBe(true);

    // In order, published three days ago on paper: nothing blocks; the copy's marks are warnings.
    expect(
      (await edit(slug, calendarFields({ publication: dayIn(-3), deadline: dayIn(60), results: dayIn(120) }), admin.cookie))
        .status,
    ).toBe(302);
    expect((await edit(slug, parameterFields(dayIn(400)), admin.cookie)).status).toBe(302);
    page = await publishPage(slug, admin.cookie);
    expect(messages(true)).toEqual([]);
    expect(messages(false)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Le titre se termine encore par « \(copie\) »/)]),
    );
    expect(page.call.comingUntil).toBeNull();

    // The address of a draft may change; not to another call's.
    const general = (fields: Fields) =>
      edit(slug, { intent: "general", summary: "Intro", organiser: "CCAS de Nantes", audience: "Tous", ...fields }, admin.cookie);
    const taken = await general({ slug: SOURCE, title: draft.title, shortTitle: draft.shortTitle });
    expect(taken.status).toBe(400);
    expect(taken.data).toMatchObject({
      result: {
        error: { slug: ["Adresse de l'appel : elle est déjà celle d'un autre appel, choisissez-en une autre."] },
        initialValue: { slug: SOURCE, title: draft.title },
      },
    });
    const badSlug = await general({ slug: "Appel 2027 !", title: draft.title, shortTitle: draft.shortTitle });
    expect(badSlug.status).toBe(400);
    expect((badSlug.data as { result: { error: Record<string, string[]> } }).result.error.slug).toEqual([
      "Adresse de l'appel : lettres minuscules sans accent, chiffres et tirets, par exemple « nantes-isolement-2026 ».",
    ]);
    const newSlug = `appel-essai-${draft.id.slice(-6)}`;
    const renamed = await general({ slug: newSlug, title: draft.title, shortTitle: draft.shortTitle });
    expect(renamed.status).toBe(302);
    expect(renamed.headers.get("Location")).toBe(`/ccas/appels/${newSlug}?enregistre=general#general`);
    page = await publishPage(newSlug, admin.cookie);
    expect(messages(false).some((message) => message.startsWith("L'adresse de l'appel"))).toBe(false);
    const oldAddress = await run(() => editLoader(loaderArgsFor(getRequest(`/ccas/appels/${slug}`, admin.cookie), { slug })));
    expect(oldAddress.status).toBe(404);

    // Warnings do not stop it.
    const published = await publish(newSlug, admin.cookie);
    expect(published.status).toBe(302);
    expect(await db().call.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ draft: false, title: draft.title });
    expect((await loadEdit(newSlug, admin.cookie)).issues).toEqual([]);

    // Published, its address stays.
    const moved = await edit(
      newSlug,
      {
        intent: "general",
        slug: `${newSlug}-bis`,
        title: "Appel 2027",
        shortTitle: "Appel 2027",
        summary: "I",
        organiser: "C",
        audience: "T",
      },
      admin.cookie,
    );
    expect(moved.status).toBe(400);
    expect(moved.data).toMatchObject({
      result: {
        error: {
          slug: [
            `Adresse de l'appel : un appel publié garde son adresse (${newSlug}), des liens vers elle ont pu être partagés.`,
          ],
        },
        initialValue: { slug: `${newSlug}-bis`, title: "Appel 2027" },
      },
    });
    expect(await db().call.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ slug: newSlug, title: draft.title });
    await retire(newSlug);
  });
});

describe("/ccas/appels after a publication", () => {
  it("says when each call became public: today for a call published with a past calendar date, the day ahead for a coming one", async () => {
    const admin = await createActor({ ccas: true });
    const [now, coming, draft] = [await copy(admin), await copy(admin), await copy(admin)];
    // Its calendar says it was published 200 days ago (a date kept from a paper announcement).
    await readyToPublish(admin, now, { publicationIn: -200 });
    await readyToPublish(admin, coming, { publicationIn: 10 });
    const before = Date.now();
    expect((await publish(now, admin.cookie)).status).toBe(302);
    expect((await publish(coming, admin.cookie)).status).toBe(302);

    const list = async () => {
      const result = await run(() => listLoader(loaderArgsFor(getRequest("/ccas/appels", admin.cookie))));
      return (result.data as { calls: { slug: string; status: string; publication: string }[] }).calls;
    };
    const today = formatDay(new Date());
    const comingDay = formatDay(parisLocalToInstant(dayIn(10), "00:00"));
    let calls = await list();
    expect(calls.find((call) => call.slug === now)).toMatchObject({ status: "ouvert", publication: `Publié le ${today}` });
    expect(calls.find((call) => call.slug === coming)).toMatchObject({
      status: "a-venir",
      publication: `Prévue le ${comingDay}`,
    });
    expect(calls.find((call) => call.slug === draft)).toMatchObject({ status: "brouillon", publication: "Non publié" });
    expect(calls.find((call) => call.slug === SOURCE)).toMatchObject({ status: "clos", publication: "Publié le 30 avril 2025" });
    const publishedAt = (await db().call.findUniqueOrThrow({ where: { slug: now } })).publishedAt!.getTime();
    expect(publishedAt).toBeGreaterThanOrEqual(before);

    // Its calendar saved again (same past date) does not take it back to that date.
    await readyToPublish(admin, now, { publicationIn: -200 });
    calls = await list();
    expect(calls.find((call) => call.slug === now)).toMatchObject({ publication: `Publié le ${today}` });
    expect((await db().call.findUniqueOrThrow({ where: { slug: now } })).publishedAt!.getTime()).toBe(publishedAt);
    await Promise.all([retire(now), retire(coming)]);
  });
});

describe("the notice after a publication", () => {
  it("gives the number of people told as the server counted them, whatever the address says", async () => {
    const [admin, lead, coAdmin] = await Promise.all([createActor({ ccas: true }), createActor(), createActor()]);
    const { organisation } = await ideaOf(lead);
    await db().membership.create({ data: { userId: coAdmin.id, organisationId: organisation.id, role: "admin" } });
    const slug = await copy(admin);
    await readyToPublish(admin, slug);
    // Before publishing, a crafted address shows nothing.
    const crafted = async () =>
      (await run(() => editLoader(loaderArgsFor(getRequest(`/ccas/appels/${slug}?publie=999`, admin.cookie), { slug }))))
        .data as Loaded;
    expect((await crafted()).call.publishedNotice).toBeNull();

    const since = new Date();
    expect((await publish(slug, admin.cookie)).status).toBe(302);
    const told = await db().notification.findMany({
      where: { createdAt: { gte: since }, subject: "Un nouvel appel à coopérations est publié — Coopérons" },
      distinct: ["userId"],
      select: { userId: true },
    });
    expect(told.map((row) => row.userId)).toEqual(expect.arrayContaining([lead.id, coAdmin.id]));
    const notice = (await crafted()).call.publishedNotice!;
    // Its publication day is ahead (readyToPublish: in 10 days): the site shows it « à venir » until then.
    const opens = (await db().call.findUniqueOrThrow({ where: { slug } })).publishedAt!;
    expect(opens.getTime()).toBeGreaterThan(Date.now());
    expect(notice).toBe(
      `L'appel est publié : le site l'annonce « à venir » jusqu'au ${formatDay(opens)}, jour de son ouverture. ${told.length} personnes portant une idée ou un groupement d'un autre appel en sont informées : un message dans leur espace, et un e-mail selon leurs préférences.`,
    );
    expect(notice).not.toContain("999");
    const entry = await db().auditEntry.findFirstOrThrow({ where: { action: "call.publish", actorId: admin.id } });
    expect(entry.detail).toMatch(new RegExp(`— ${told.length} personnes prévenues$`));
    await retire(slug);
  });
});

describe("the way to the move page on an idea's and a groupement's pages", () => {
  it("shows the idea's structure's admins a link while the idea belongs to a call other than the open one, and nobody else", async () => {
    const [admin, lead, editor, partnerAdmin, stranger] = await Promise.all([
      createActor({ ccas: true }),
      createActor(),
      createActor(),
      createActor(),
      createActor(),
    ]);
    const { idea, organisation } = await ideaOf(lead);
    await db().membership.create({ data: { userId: editor.id, organisationId: organisation.id, role: "editor" } });
    const groupement = await createGroupementFromIdea(db(), idea.id);
    const partner = await createOrganisationFor(partnerAdmin);
    await db().groupementMember.create({ data: { groupementId: groupement.id, organisationId: partner.id, status: "active" } });

    const ideaPage = async (actor?: Actor) =>
      (
        (await run(() => ideaLoader(loaderArgsFor(getRequest(`/idees/${idea.slug}`, actor?.cookie), { slug: idea.slug }))))
          .data as { viewer: { move: unknown } }
      ).viewer.move;
    const workspace = async (actor: Actor) =>
      (
        (
          await run(() =>
            workspaceLoader(loaderArgsFor(getRequest(`/groupements/${groupement.id}`, actor.cookie), { id: groupement.id })),
          )
        ).data as { move: unknown }
      ).move;

    // The 2025 call is the current one (closed): nowhere to move it.
    expect(await ideaPage(lead)).toBeNull();
    expect(await workspace(lead)).toBeNull();

    const slug = await copy(admin);
    await readyToPublish(admin, slug, { publicationIn: -1 });
    expect(
      (
        await edit(
          slug,
          {
            intent: "general",
            slug,
            title: "Appel à coopérations 2027",
            shortTitle: "Appel 2027",
            summary: "Intro",
            organiser: "CCAS de Nantes",
            audience: "Tous",
          },
          admin.cookie,
        )
      ).status,
    ).toBe(302);
    expect((await publish(slug, admin.cookie)).status).toBe(302);

    const link = {
      href: `/espace/changer-d-appel/${idea.id}`,
      toTitle: "Appel 2027",
      fromTitle: (await db().call.findUniqueOrThrow({ where: { slug: SOURCE } })).shortTitle,
      withGroupement: true,
    };
    expect(await ideaPage(lead)).toEqual(link);
    expect(await workspace(lead)).toEqual(link);
    // Those who may not move it see nothing: an editor, a partner's admin, a stranger, the public.
    expect(await ideaPage(editor)).toBeNull();
    expect(await workspace(editor)).toBeNull();
    expect(await workspace(partnerAdmin)).toBeNull();
    expect(await ideaPage(stranger)).toBeNull();
    expect(await ideaPage()).toBeNull();
    // Filed for the 2025 call, it stays there: no link.
    await db().groupement.update({ where: { id: groupement.id }, data: { submittedAt: new Date("2025-07-01T10:00:00Z") } });
    expect(await ideaPage(lead)).toBeNull();
    expect(await workspace(lead)).toBeNull();
    await retire(slug);
  });
});

describe("laureates announced outside the platform", () => {
  it("lets a CCAS administrator enter a closed call's laureates, shown on the home page like the platform's", async () => {
    const [admin, reviewer] = await Promise.all([createActor({ ccas: true }), createActor({ ccasRole: "ccas-reviewer" })]);
    // The seed enters none for 2025.
    expect(await db().callLaureate.count()).toBe(0);
    const laureates = (fields: Fields, slug = SOURCE, cookie = admin.cookie) =>
      edit(slug, { intent: "laureates", ...fields }, cookie);

    const wrong = await laureates({
      "items[0].title": "Projet d'essai A",
      "items[0].subAxisCode": "9.9",
      "items[1].leadName": "Structure d'essai B",
    });
    expect(wrong.status).toBe(400);
    expect((wrong.data as { result: { error: Record<string, string[]>; initialValue: unknown } }).result).toMatchObject({
      error: {
        "items[0].leadName": ["Structure chef de file : ce champ est obligatoire."],
        "items[0].subAxisCode": ["Sous-axe : choisissez un sous-axe de cet appel."],
        "items[1].title": ["Titre du projet : ce champ est obligatoire."],
      },
      initialValue: { items: [{ title: "Projet d'essai A", subAxisCode: "9.9" }, { leadName: "Structure d'essai B" }] },
    });
    expect(
      (
        await laureates(
          { "items[0].title": "X", "items[0].leadName": "Y", "items[0].subAxisCode": "2.1" },
          SOURCE,
          reviewer.cookie,
        )
      ).status,
    ).toBe(403);
    expect(await db().callLaureate.count()).toBe(0);
    // Viewed before they are entered: what the home page reads of a call is kept until the call is written.
    expect((await homeLoader()).call?.laureates).toEqual([]);

    const saved = await laureates({
      "items[0].title": "Projet d'essai A",
      "items[0].leadName": "Structure d'essai A",
      "items[0].subAxisCode": "2.1",
      "items[0].position": "2",
      "items[1].title": "Projet d'essai B",
      "items[1].leadName": "Structure d'essai B",
      "items[1].subAxisCode": "1.2",
      "items[1].position": "1",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/ccas/appels/${SOURCE}?enregistre=laureates#laureates`);
    expect((await loadEdit(SOURCE, admin.cookie)).laureates).toEqual([
      { title: "Projet d'essai B", leadName: "Structure d'essai B", subAxisCode: "1.2" },
      { title: "Projet d'essai A", leadName: "Structure d'essai A", subAxisCode: "2.1" },
    ]);

    // The 2025 call is closed: the home page presents them as its retained projects.
    const home = await homeLoader();
    expect(home.call?.slug).toBe(SOURCE);
    const subAxisTitle = async (code: string) =>
      (await db().callSubAxis.findFirstOrThrow({ where: { code, axis: { call: { slug: SOURCE } } } })).title;
    expect(home.call?.laureates).toEqual([
      {
        id: expect.any(String),
        title: "Projet d'essai B",
        members: [{ name: "Structure d'essai B", isLead: true }],
        subAxes: [{ code: "1.2", label: await subAxisTitle("1.2") }],
      },
      {
        id: expect.any(String),
        title: "Projet d'essai A",
        members: [{ name: "Structure d'essai A", isLead: true }],
        subAxes: [{ code: "2.1", label: await subAxisTitle("2.1") }],
      },
    ]);

    // A draft has none to enter (nor does a copy take the 2025 call's).
    const draft = await copy(admin);
    expect(await db().callLaureate.count({ where: { call: { slug: draft } } })).toBe(0);
    const early = await laureates({ "items[0].title": "X", "items[0].leadName": "Y", "items[0].subAxisCode": "2.1" }, draft);
    expect(early.status).toBe(400);
    expect((early.data as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual([
      "Les lauréats d'un appel se saisissent une fois l'appel publié et sa date limite de dépôt passée.",
    ]);
    expect((await loadEdit(draft, admin.cookie)).call.mayEnterLaureates).toBe(false);

    // Removed, they leave the home page.
    const removed = await laureates({
      "items[0].title": "Projet d'essai B",
      "items[0].leadName": "Structure d'essai B",
      "items[0].subAxisCode": "1.2",
      "items[0].remove": "on",
      "items[1].title": "Projet d'essai A",
      "items[1].leadName": "Structure d'essai A",
      "items[1].subAxisCode": "2.1",
      "items[1].remove": "on",
    });
    expect(removed.status).toBe(302);
    expect((await homeLoader()).call?.laureates).toEqual([]);
  });
});
