// Call editions managed by the CCAS (/ccas/appels): who may see and change them, the copy into a
// draft, each part's form, the guard on codes in use, the preview, the publication and moving an
// idea to the new call.
import { describe, expect, it } from "vitest";
import { loader as moveLoader, action as moveAction } from "~/routes/espace.changer-d-appel.$ideaId";
import { loader as editLoader, action as editAction } from "~/routes/ccas.appels.$slug._index";
import { loader as previewLoader } from "~/routes/ccas.appels.$slug.apercu";
import { loader as publishLoader, action as publishAction } from "~/routes/ccas.appels.$slug.publier";
import { loader as listLoader, action as listAction } from "~/routes/ccas.appels._index";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const SOURCE = "nantes-isolement-2025";
const db = () => getDb();

type Fields = Record<string, string | string[]>;

async function copy(admin: Actor, sourceSlug = SOURCE) {
  const result = await run(() => listAction(actionArgs(formRequest("/ccas/appels", { sourceSlug }, admin.cookie))));
  expect(result.status).toBe(302);
  const slug = result.headers.get("Location")!.split("?")[0]!.split("/").pop()!;
  return slug;
}

const edit = (slug: string, fields: Fields, cookie?: string) =>
  run(() => editAction(actionArgs(formRequest(`/ccas/appels/${slug}`, fields, cookie), { slug })));

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

async function ideaOf(admin: Actor, { subAxes = ["2.1"], title = "Veilleurs de palier" } = {}) {
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
        { intent: "general", title: "Nouveau titre", shortTitle: "Court", summary: "Intro", organiser: "CCAS", audience: "Tous" },
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
    expect(message).toMatch(/^Le sous-axe 2\.1 ne peut pas être supprimé : cet appel est publié et \d+ élément\(s\) l'utilisent/);
    expect(message).toContain(`l'idée « ${idea.title} »`);
    expect(message).toContain(`le groupement « `);
    expect(message).toContain(`la structure « ${organisation.name} »`);

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

    // Its wording may change; an unused sub-axis may go.
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

    const published = await run(() =>
      publishAction(actionArgs(formRequest(`/ccas/appels/${slug}/publier`, { intent: "publish" }, admin.cookie), { slug })),
    );
    expect(published.status).toBe(302);
    const call = await db().call.findUniqueOrThrow({ where: { slug }, include: { events: { where: { kind: "publication" } } } });
    expect(call.draft).toBe(false);
    expect(call.publishedAt).toEqual(call.events[0]!.startsAt);
    expect(
      await db().auditEntry.findFirst({ where: { action: "call.publish", subjectId: call.id, actorId: admin.id } }),
    ).not.toBeNull();
    const again = await run(() =>
      publishAction(actionArgs(formRequest(`/ccas/appels/${slug}/publier`, { intent: "publish" }, admin.cookie), { slug })),
    );
    expect(again.status).toBe(409);

    const notification = await db().notification.findFirstOrThrow({ where: { userId: lead.id } });
    expect(notification.subject).toBe("Un nouvel appel à coopérations est publié — Coopérons");
    expect(notification.body).toContain(idea.title);
    expect(notification.link).toMatch(new RegExp(`/espace/changer-d-appel/${idea.id}$`));
    // The editor is not told (the admins answer for the structure), nor may move it.
    expect(await db().notification.count({ where: { userId: editor.id } })).toBe(0);
    const path = `/espace/changer-d-appel/${idea.id}`;
    expect((await run(() => moveLoader(loaderArgsFor(getRequest(path, editor.cookie), { ideaId: idea.id })))).status).toBe(403);

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
  });

  it("leaves a filed groupement with the call it was filed for", async () => {
    const [admin, lead] = await Promise.all([createActor({ ccas: true }), createActor()]);
    const { idea } = await ideaOf(lead, { subAxes: ["2.1"] });
    await createGroupementFromIdea(db(), idea.id);
    await db().groupement.update({ where: { ideaId: idea.id }, data: { submittedAt: new Date("2025-07-01T10:00:00Z") } });
    const slug = await copy(admin);
    await run(() =>
      publishAction(actionArgs(formRequest(`/ccas/appels/${slug}/publier`, { intent: "publish" }, admin.cookie), { slug })),
    );
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
  });
});
