// The CCAS's review of filed groupements: the list and its filters, reviewers, private notes,
// scores, questions to the lead and their answers, decisions, the publication of the results and
// the comparison's CSV — each action for each role, and what the groupement sees (or never sees).
import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { formatDateTime } from "~/domain/format";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { action as workspaceAction, loader as workspaceLoader } from "~/routes/groupements.$id._index";
import { loader as pdfLoader } from "~/routes/groupements.$id.dossier[.]pdf";
import { loader as docxLoader } from "~/routes/groupements.$id.dossier[.]docx";
import { loader as recommendationsLoader } from "~/routes/api.recommendations";
import { action as listAction, loader as listLoader } from "~/routes/ccas.groupements._index";
import { loader as dashboardLoader } from "~/routes/ccas._index";
import { getCurrentCall } from "~/models/call.server";
import { action as reviewAction, loader as reviewLoader } from "~/routes/ccas.groupements.$id";
import { loader as comparisonLoader } from "~/routes/ccas.groupements.comparaison";
import { loader as csvLoader } from "~/routes/ccas.groupements.comparaison[.]csv";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { docxText, pdfText } from "../helpers/documents";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
const db = () => getDb();

type ListPage = Awaited<ReturnType<typeof listLoader>>;
type ReviewPage = Awaited<ReturnType<typeof reviewLoader>>;
type Workspace = Extract<Awaited<ReturnType<typeof workspaceLoader>>, { view: "workspace" }>;
type Reply = { intent: string; notice?: string; error?: string; result?: { error?: Record<string, string[] | null> } };

/** Every field message of an action's answer, and its error. */
const messagesOf = (answer: { data: unknown }) => {
  const reply = answer.data as Reply;
  return [...Object.values(reply.result?.error ?? {}).flat(), reply.error].filter(Boolean);
};

/** The call's criteria; the seed has the 2025 ones, created here only for a database without them. */
async function criteriaOf(callId: string) {
  if ((await db().callCriterion.count({ where: { callId } })) === 0)
    await db().callCriterion.createMany({
      data: ["pertinence", "cooperation", "territoire", "envergure", "budget"].map((code, position) => ({
        callId,
        code,
        label: code === "pertinence" ? "Pertinence au regard du sous-axe" : `Critère ${code}`,
        maxScore: 5,
        position,
      })),
    });
  return db().callCriterion.findMany({ where: { callId }, orderBy: { position: "asc" } });
}

/** A call of 2024 besides the seeded one, with its own criteria: its results are published here without touching the other's. */
async function createPastCall() {
  const {
    id: _id,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    ...seeded
  } = await db().call.findFirstOrThrow({
    where: { draft: false },
  });
  const slug = `appel-passe-${crypto.randomUUID().slice(0, 8)}`;
  const call = await db().call.create({
    data: {
      ...seeded,
      slug,
      title: "Appel à coopérations 2024 (test)",
      publishedAt: new Date("2024-03-01T09:00:00Z"),
      deadline: new Date("2024-06-01T16:00:00Z"),
      resultsPublishedAt: null,
    },
  });
  await db().callCriterion.createMany({
    data: [
      { callId: call.id, code: "pertinence", label: "Pertinence", maxScore: 5, position: 0 },
      { callId: call.id, code: "budget", label: "Budget", maxScore: 10, position: 1 },
    ],
  });
  return call;
}

/**
 * A groupement of `callId`: a lead organisation (with its admin) and a partner from another sector,
 * on sub-axis 2.1 in Nantes Nord; filed on `filedOn` when given.
 */
async function createGroupement(callId: string, { filedOn, title }: { filedOn?: string; title: string }) {
  const [leadAdmin, partnerAdmin] = await Promise.all([createActor(), createActor()]);
  const lead = await createOrganisationFor(leadAdmin);
  const partner = await db().organisation.update({
    where: { id: (await createOrganisationFor(partnerAdmin)).id },
    data: { sector: "habitat", kind: "bailleur-social" },
  });
  const idea = await db().idea.create({
    data: {
      slug: `idee-${lead.slug}`,
      organisationId: lead.id,
      callId,
      title,
      summary: "Des voisins veilleurs repèrent les locataires qui ne sortent plus.",
      description: "Chaque palier a son veilleur.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: {
        create: [
          { kind: "subAxis", code: "2.1" },
          { kind: "quartier", code: "nantes-nord" },
        ],
      },
    },
  });
  const interest = await db().interest.create({
    data: {
      ideaId: idea.id,
      organisationId: partner.id,
      message: "Avec plaisir.",
      resources: "locaux",
      status: "accepted",
      decidedAt: new Date(),
    },
  });
  await db().candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id, interestId: interest.id } });
  const { id } = await createGroupementFromIdea(db(), idea.id);
  if (filedOn) await db().groupement.update({ where: { id }, data: { submittedAt: new Date(`${filedOn}T12:00:00Z`) } });
  return { id, leadAdmin, partnerAdmin, lead, partner };
}

const listOf = async (actor: Actor | null, query = "") =>
  run(() => listLoader(loaderArgsFor(getRequest(`/ccas/groupements${query}`, actor?.cookie))));
const reviewOf = async (actor: Actor | null, id: string) =>
  run(() => reviewLoader(loaderArgsFor(getRequest(`/ccas/groupements/${id}`, actor?.cookie), { id })));
/**
 * What the page says after an action done: it answers with a redirect to the page, at the form's
 * section (a reload sends nothing again), whose address names what was done.
 */
async function noticeAfter(actor: Actor, id: string, answer: { status: number; headers: Headers }) {
  expect(answer.status).toBe(302);
  const location = answer.headers.get("Location")!;
  expect(location).toMatch(new RegExp(`^/ccas/groupements/${id}\\?fait=[a-z-]+.*#[a-z-]+$`));
  const page = await run(() => reviewLoader(loaderArgsFor(getRequest(location, actor.cookie), { id })));
  return (page.data as { done: { notice: string } | null }).done?.notice;
}
const review = (actor: Actor | null, id: string, fields: Record<string, string>) =>
  run(() => reviewAction(actionArgs(formRequest(`/ccas/groupements/${id}`, fields, actor?.cookie), { id })));
const workspaceOf = async (actor: Actor, id: string) => {
  const page = await workspaceLoader(loaderArgsFor(getRequest(`/groupements/${id}`, actor.cookie), { id }));
  if (page.view !== "workspace") throw new Error("Only the invitation is shown");
  return page as Workspace;
};
const workspace = (actor: Actor, id: string, fields: Record<string, string>) =>
  run(() => workspaceAction(actionArgs(formRequest(`/groupements/${id}`, fields, actor.cookie), { id })));
const publish = (actor: Actor | null, callId: string) =>
  run(() => listAction(actionArgs(formRequest("/ccas/groupements", { intent: "publish-results", callId }, actor?.cookie))));
/** Everything the groupement's people can get: the workspace's data, the PDF and DOCX files, the suggestions API. */
async function whatTheGroupementSees(actor: Actor, id: string) {
  const pdf = (await pdfLoader(loaderArgsFor(getRequest("/", actor.cookie), { id }))) as Response;
  const docx = (await docxLoader(loaderArgsFor(getRequest("/", actor.cookie), { id }))) as Response;
  const api = (await recommendationsLoader(
    loaderArgsFor(getRequest(`/api/recommendations?groupement=${id}`, actor.cookie)),
  )) as Response;
  const seen = {
    workspace: JSON.stringify(await workspaceOf(actor, id)),
    pdf: await pdfText(new Uint8Array(await pdf.arrayBuffer())),
    docx: await docxText(new Uint8Array(await docx.arrayBuffer())),
    api: await api.text(),
  };
  // Read for real: the groupement's title is in the page and in both files.
  const title = (await db().groupement.findUniqueOrThrow({ where: { id } })).title;
  for (const part of [seen.workspace, seen.pdf, seen.docx]) expect(part).toContain(title);
  expect(api.status).toBe(200);
  return Object.values(seen).join("\n");
}

let callId: string;
let admin: Actor;
let reviewer: Actor;
let secondReviewer: Actor;
let member: Actor;

beforeAll(async () => {
  callId = (await db().call.findFirstOrThrow({ where: { draft: false }, orderBy: { publishedAt: "desc" } })).id;
  [admin, reviewer, secondReviewer, member] = await Promise.all([
    createActor({ ccas: true }),
    createActor({ ccasRole: "ccas-reviewer" }),
    createActor({ ccasRole: "ccas-reviewer" }),
    createActor(),
  ]);
  await createOrganisationFor(member);
});

describe("who may do what", () => {
  it("sends a visitor to the log-in page and answers 403 to an organisation's member, on every page and action", async () => {
    const { id } = await createGroupement(callId, { title: "Veilleurs (rôles)", filedOn: "2025-07-10" });
    const anonymous = [
      await listOf(null),
      await reviewOf(null, id),
      await review(null, id, { intent: "note", body: "x" }),
      await publish(null, callId),
      await run(() => comparisonLoader(loaderArgsFor(getRequest("/ccas/groupements/comparaison")))),
      await run(() => csvLoader(loaderArgsFor(getRequest("/ccas/groupements/comparaison.csv")))),
    ];
    for (const answer of anonymous) {
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toMatch(/^\/connexion/);
    }
    const asMember = [
      await listOf(member),
      await reviewOf(member, id),
      await review(member, id, { intent: "note", body: "Je lis les notes du CCAS" }),
      await review(member, id, { intent: "decision", decision: "retenu", decisionMessage: "Bravo" }),
      await publish(member, callId),
      await run(() => comparisonLoader(loaderArgsFor(getRequest("/ccas/groupements/comparaison", member.cookie)))),
      await run(() => csvLoader(loaderArgsFor(getRequest("/ccas/groupements/comparaison.csv", member.cookie)))),
    ];
    expect(asMember.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(await db().groupementNote.count({ where: { groupementId: id } })).toBe(0);
    expect((await db().groupement.findUniqueOrThrow({ where: { id } })).decision).toBeNull();
  });

  it("lets a reviewer read, take the file, note, score and ask, but not decide nor publish the results", async () => {
    const { id } = await createGroupement(callId, { title: "Veilleurs (relecteur)", filedOn: "2025-07-11" });
    const criteria = await criteriaOf(callId);
    expect((await reviewOf(reviewer, id)).status).toBe(200);
    expect((await listOf(reviewer)).status).toBe(200);
    const assigned = await review(reviewer, id, { intent: "assign", userId: reviewer.id });
    expect(assigned.status).toBe(302);
    expect((await review(reviewer, id, { intent: "note", body: "Budget à vérifier." })).status).toBe(302);
    const scores = Object.fromEntries(criteria.map((criterion) => [`score-${criterion.id}`, "4"]));
    expect((await review(reviewer, id, { intent: "scores", ...scores })).status).toBe(302);
    expect((await review(reviewer, id, { intent: "question", question: "Qui anime les ateliers ?" })).status).toBe(302);
    expect((await review(reviewer, id, { intent: "decision", decision: "retenu", decisionMessage: "Bravo" })).status).toBe(403);
    expect((await publish(reviewer, callId)).status).toBe(403);

    const page = (await reviewOf(reviewer, id)).data as ReviewPage;
    expect(page.reviewers.map((item) => item.userId)).toEqual([reviewer.id]);
    expect(page.notes.map((note) => note.body)).toEqual(["Budget à vérifier."]);
    expect(page.scoreSheets).toEqual([
      { reviewerId: reviewer.id, name: "Camille Exemple", scores: Object.fromEntries(criteria.map((c) => [c.code, 4])) },
    ]);
    expect(page.questions.map((question) => question.question)).toEqual(["Qui anime les ateliers ?"]);
    expect(page.decision.code).toBeNull();
    // The reviewer's page offers no decision form: it says who decides.
    expect(page.admin).toBe(false);
    const journal = await db().auditEntry.findMany({ where: { subjectId: id } });
    expect(journal.map((entry) => [entry.action, entry.actorId])).toEqual([["review.assign", reviewer.id]]);
  });

  it("lets an administrator decide, which is journaled", async () => {
    const { id } = await createGroupement(callId, { title: "Veilleurs (décision)", filedOn: "2025-07-12" });
    const decided = await review(admin, id, { intent: "decision", decision: "liste-attente", decisionMessage: "Presque." });
    expect(decided.status).toBe(302);
    expect(await noticeAfter(admin, id, decided)).toMatch(/ne la verra qu'à la publication des résultats/);
    const groupement = await db().groupement.findUniqueOrThrow({ where: { id } });
    expect(groupement).toMatchObject({ decision: "liste-attente", decisionMessage: "Presque.", decidedById: admin.id });
    expect(groupement.decidedAt).not.toBeNull();
    const entry = await db().auditEntry.findFirstOrThrow({ where: { subjectId: id, action: "review.decision" } });
    expect(entry).toMatchObject({ actorId: admin.id, subjectType: "groupement" });
    expect(entry.detail).toContain("Liste d'attente");
  });
});

describe("the list of the call's groupements", () => {
  it("puts the filed ones first with their date, and filters by status, sub-axis, quartier and the call's rules", async () => {
    const draft = await createGroupement(callId, { title: "AAA brouillon" });
    const late = await createGroupement(callId, { title: "Dépôt tardif", filedOn: "2025-07-15" });
    const early = await createGroupement(callId, { title: "Dépôt précoce", filedOn: "2025-07-01" });
    await db().groupement.update({ where: { id: late.id }, data: { quartiers: "", wholeCity: true } });
    await db().groupement.update({ where: { id: early.id }, data: { subAxes: "1.2", quartiers: "centre-ville" } });

    const all = (await listOf(reviewer)).data as ListPage;
    const ids = all.groupements.map((item) => item.id);
    const filed = all.groupements.filter((item) => item.submittedOn !== null);
    // Every filed groupement comes before every draft, the earliest filed first.
    expect(ids.indexOf(filed.at(-1)!.id)).toBeLessThan(ids.indexOf(draft.id));
    expect(ids.indexOf(early.id)).toBeLessThan(ids.indexOf(late.id));
    expect(all.groupements.find((item) => item.id === early.id)?.submittedOn).toBe("1er juillet 2025");
    expect(all.groupements.find((item) => item.id === draft.id)?.submittedOn).toBeNull();

    const idsFor = async (query: string) => ((await listOf(reviewer, query)).data as ListPage).groupements.map((item) => item.id);
    expect(await idsFor("?statut=depose")).toEqual(expect.arrayContaining([early.id, late.id]));
    expect(await idsFor("?statut=depose")).not.toContain(draft.id);
    expect(await idsFor("?statut=brouillon")).toContain(draft.id);
    expect(await idsFor("?statut=brouillon")).not.toContain(early.id);
    expect(await idsFor("?sousAxe=1.2")).toEqual([early.id]);
    // Acting on the whole city, the late one is in every quartier, as in the search.
    const centre = await idsFor("?quartier=centre-ville");
    expect(centre).toEqual(expect.arrayContaining([early.id, late.id]));
    expect(centre).not.toContain(draft.id);
    // None of these has a budget: the rules are not met, as the workspace says.
    expect(await idsFor("?eligibilite=non-conforme")).toEqual(expect.arrayContaining([draft.id, early.id, late.id]));
    expect(await idsFor("?eligibilite=conforme")).not.toContain(early.id);
    expect((await listOf(reviewer, "?statut=depose&sousAxe=1.2&quartier=nantes-nord")).data).toMatchObject({
      groupements: [],
      filtered: true,
    });
  });

  it("counts a groupement as conforming when the eligibility engine passes it", async () => {
    const { id } = await createGroupement(callId, { title: "Conforme", filedOn: "2025-07-02" });
    const groupement = await db().groupement.update({
      where: { id },
      data: {
        startDate: "2026-01-15",
        cooperation: "new",
        beneficiaries: 200,
        budgetOperating: 60000,
        budgetParticipation: 30000,
        budgetEquipment: 10000,
      },
      select: { members: { select: { organisationId: true, isLead: true } } },
    });
    for (const item of groupement.members)
      await db().groupementMember.update({
        where: { groupementId_organisationId: { groupementId: id, organisationId: item.organisationId } },
        data: { subsidyShare: item.isLead ? 60000 : 40000, commitment: "convention" },
      });
    await db().groupementMember.create({
      data: {
        groupementId: id,
        organisationId: (await createOrganisationFor(await createActor(), { kind: "entreprise" })).id,
        status: "active",
        commitment: "lettre-engagement",
        resources: "locaux",
      },
    });
    const conforming = ((await listOf(admin, "?eligibilite=conforme")).data as ListPage).groupements.map((item) => item.id);
    expect(conforming).toContain(id);
    expect((await reviewOf(admin, id)).data).toMatchObject({ assessment: { conforming: true } });
  });
});

describe("reviewing one groupement", () => {
  it("assigns CCAS staff only, once each, journaled, and takes them back", async () => {
    const { id, leadAdmin } = await createGroupement(callId, { title: "Relecteurs", filedOn: "2025-07-03" });
    const refused = await review(admin, id, { intent: "assign", userId: leadAdmin.id });
    expect(refused.status).toBe(400);
    expect(messagesOf(refused)).toEqual(["Choisissez un membre de l'équipe du CCAS."]);
    const empty = await review(admin, id, { intent: "assign", userId: "" });
    expect(messagesOf(empty)).toEqual(["Choisissez un membre de l'équipe du CCAS."]);
    expect((await review(admin, id, { intent: "assign", userId: secondReviewer.id })).status).toBe(302);
    expect((await review(admin, id, { intent: "assign", userId: secondReviewer.id })).status).toBe(302);
    expect(await db().groupementReviewer.count({ where: { groupementId: id } })).toBe(1);
    const page = (await reviewOf(admin, id)).data as ReviewPage;
    expect(page.reviewers).toEqual([expect.objectContaining({ userId: secondReviewer.id, name: "Camille Exemple" })]);
    expect(((await listOf(admin)).data as ListPage).groupements.find((item) => item.id === id)?.reviewers).toBe(
      "Camille Exemple",
    );
    const removed = await review(admin, id, { intent: "unassign", userId: secondReviewer.id });
    expect(await noticeAfter(admin, id, removed)).toBe("Camille Exemple ne relit plus ce groupement.");
    expect(await db().groupementReviewer.count({ where: { groupementId: id } })).toBe(0);
    const journal = await db().auditEntry.findMany({ where: { subjectId: id, action: "review.assign" }, orderBy: { id: "asc" } });
    expect(journal.map((entry) => entry.detail.split(" :")[0])).toEqual(["Désigné", "Retiré"]);
  });

  it("refuses a score outside 0..max or not whole, in French, keeping the input; only an assigned reviewer scores", async () => {
    const { id } = await createGroupement(callId, { title: "Notation", filedOn: "2025-07-04" });
    const criteria = await criteriaOf(callId);
    const [first, ...others] = criteria;
    const valid = Object.fromEntries(others.map((criterion) => [`score-${criterion.id}`, "3"]));
    const notAssigned = await review(secondReviewer, id, { intent: "scores", [`score-${first!.id}`]: "3", ...valid });
    expect(notAssigned.status).toBe(400);
    expect(messagesOf(notAssigned)).toEqual([
      "Seuls les relecteurs désignés notent ce groupement : désignez-vous d'abord ci-dessus.",
    ]);
    await review(secondReviewer, id, { intent: "assign", userId: secondReviewer.id });
    const message = `${first!.label} : donnez une note entière de 0 à ${first!.maxScore}.`;
    for (const wrong of [String(first!.maxScore + 1), "-1", "2.5", "", "beaucoup"]) {
      const answer = await review(secondReviewer, id, { intent: "scores", [`score-${first!.id}`]: wrong, ...valid });
      expect(answer.status, `score « ${wrong} »`).toBe(400);
      expect(messagesOf(answer)).toEqual([message]);
    }
    expect(await db().groupementScore.count({ where: { groupementId: id } })).toBe(0);
    const kept = await review(secondReviewer, id, { intent: "scores", [`score-${first!.id}`]: "9", ...valid });
    expect((kept.data as { result: { initialValue: Record<string, string> } }).result.initialValue[`score-${first!.id}`]).toBe(
      "9",
    );
    expect((await review(secondReviewer, id, { intent: "scores", [`score-${first!.id}`]: "0", ...valid })).status).toBe(302);
    expect(await db().groupementScore.count({ where: { groupementId: id, reviewerId: secondReviewer.id } })).toBe(
      criteria.length,
    );
  });

  it("shows each reviewer's scores and their average per criterion", async () => {
    const { id } = await createGroupement(callId, { title: "Moyennes", filedOn: "2025-07-05" });
    const criteria = await criteriaOf(callId);
    const scoresOf = (values: number[]) =>
      Object.fromEntries(criteria.map((criterion, index) => [`score-${criterion.id}`, String(values[index] ?? 0)]));
    await review(reviewer, id, { intent: "assign", userId: reviewer.id });
    await review(admin, id, { intent: "assign", userId: admin.id });
    expect((await review(reviewer, id, { intent: "scores", ...scoresOf([3, 4, 5, 2, 1]) })).status).toBe(302);
    expect((await review(admin, id, { intent: "scores", ...scoresOf([4, 4, 2, 2, 2]) })).status).toBe(302);
    // Scoring again replaces the reviewer's own scores.
    expect((await review(reviewer, id, { intent: "scores", ...scoresOf([3, 4, 5, 2, 0]) })).status).toBe(302);
    const page = (await reviewOf(reviewer, id)).data as ReviewPage;
    expect(page.scoreSheets.map((sheet) => sheet.reviewerId).sort()).toEqual([admin.id, reviewer.id].sort());
    const mine = page.scoreSheets.find((sheet) => sheet.reviewerId === reviewer.id)!;
    expect(criteria.map((criterion) => mine.scores[criterion.code])).toEqual([3, 4, 5, 2, 0]);
    expect(page.averages.perCriterion.slice(0, 5)).toEqual(["3,5", "4", "3,5", "2", "1"]);
    expect(page.averages.total).toBe("14");
    expect(page.myScores[`score-${criteria[0]!.id}`]).toBe("3");
  });

  it("neither scores nor decides a groupement that has not filed", async () => {
    const { id } = await createGroupement(callId, { title: "Pas déposé" });
    const criteria = await criteriaOf(callId);
    await review(admin, id, { intent: "assign", userId: admin.id });
    const scores = Object.fromEntries(criteria.map((criterion) => [`score-${criterion.id}`, "3"]));
    const message = "Ce groupement n'a pas encore déposé son dossier : il ne peut être ni noté ni faire l'objet d'une décision.";
    const scored = await review(admin, id, { intent: "scores", ...scores });
    expect([scored.status, messagesOf(scored)]).toEqual([400, [message]]);
    const decided = await review(admin, id, { intent: "decision", decision: "retenu", decisionMessage: "Bravo" });
    expect([decided.status, messagesOf(decided)]).toEqual([400, [message]]);
    expect(await db().groupementScore.count({ where: { groupementId: id } })).toBe(0);
    expect((await db().groupement.findUniqueOrThrow({ where: { id } })).decision).toBeNull();
  });

  it("refuses a decision without a message or with an unknown code, in French", async () => {
    const { id } = await createGroupement(callId, { title: "Décision invalide", filedOn: "2025-07-06" });
    const noMessage = await review(admin, id, { intent: "decision", decision: "retenu", decisionMessage: "  " });
    expect([noMessage.status, messagesOf(noMessage)]).toEqual([400, ["Message au chef de file : ce champ est obligatoire."]]);
    const unknown = await review(admin, id, { intent: "decision", decision: "accepte", decisionMessage: "Oui" });
    expect([unknown.status, messagesOf(unknown)]).toEqual([400, ["Décision : choisissez une valeur de la liste."]]);
    const emptyNote = await review(admin, id, { intent: "note", body: "" });
    expect([emptyNote.status, messagesOf(emptyNote)]).toEqual([400, ["Note : ce champ est obligatoire."]]);
    const emptyQuestion = await review(admin, id, { intent: "question", question: "" });
    expect([emptyQuestion.status, messagesOf(emptyQuestion)]).toEqual([400, ["Question : ce champ est obligatoire."]]);
  });

  it("never shows private notes to the groupement: not in its workspace, its PDF or DOCX file, nor the API", async () => {
    const { id, leadAdmin, partnerAdmin } = await createGroupement(callId, {
      title: "Veilleurs discrets",
      filedOn: "2025-07-07",
    });
    const criteria = await criteriaOf(callId);
    const secret = "Note interne : le budget du bailleur nous semble gonflé";
    await review(reviewer, id, { intent: "note", body: secret });
    await review(reviewer, id, { intent: "assign", userId: reviewer.id });
    await review(reviewer, id, {
      intent: "scores",
      ...Object.fromEntries(criteria.map((criterion) => [`score-${criterion.id}`, "1"])),
    });
    expect(((await reviewOf(admin, id)).data as ReviewPage).notes.map((note) => note.body)).toEqual([secret]);
    for (const person of [leadAdmin, partnerAdmin]) {
      const seen = await whatTheGroupementSees(person, id);
      expect(seen).not.toContain("budget du bailleur");
      expect(seen).not.toContain("Note interne");
    }
  });
});

describe("questions to the lead", () => {
  it("are told to the lead's admins, answered by the lead on the workspace, and the answer is logged with who and when", async () => {
    const { id, leadAdmin, partnerAdmin } = await createGroupement(callId, { title: "Questions", filedOn: "2025-07-08" });
    const asked = await review(reviewer, id, { intent: "question", question: "Combien de bénévoles formez-vous ?" });
    expect(await noticeAfter(reviewer, id, asked)).toMatch(/Question envoyée/);
    const mail = await smtp.server.waitFor(leadAdmin.email, /question sur « Questions »/);
    expect(mail.text).toContain("Combien de bénévoles formez-vous ?");
    expect(mail.text).toContain(`/groupements/${id}#questions-ccas`);
    expect(await db().notification.count({ where: { userId: leadAdmin.id, subject: { contains: "question" } } })).toBe(1);
    // The partner's admin is not the lead's: not told.
    expect(smtp.server.mails.some((item) => item.to.includes(partnerAdmin.email))).toBe(false);

    const before = await workspaceOf(leadAdmin, id);
    expect(before.questions).toEqual([expect.objectContaining({ question: "Combien de bénévoles formez-vous ?", answer: null })]);
    const questionId = before.questions[0]!.id;
    // The other members read the question but only the lead answers.
    expect((await workspaceOf(partnerAdmin, id)).questions).toHaveLength(1);
    const fromPartner = await workspace(partnerAdmin, id, { intent: "answer-question", questionId, answer: "Dix." });
    expect(fromPartner.status).toBe(403);
    const empty = await workspace(leadAdmin, id, { intent: "answer-question", questionId, answer: " " });
    expect([empty.status, messagesOf(empty)]).toEqual([400, ["Réponse : ce champ est obligatoire."]]);

    const answered = await workspace(leadAdmin, id, { intent: "answer-question", questionId, answer: "Douze bénévoles." });
    expect((answered.data as Reply).notice).toBe("Réponse envoyée au CCAS.");
    const row = await db().groupementQuestion.findUniqueOrThrow({ where: { id: questionId } });
    expect(row).toMatchObject({ answer: "Douze bénévoles.", answeredById: leadAdmin.id });
    expect(row.answeredAt).not.toBeNull();
    // Filed: the answer is in the groupement's history, with who.
    const change = await db().groupementChange.findFirstOrThrow({ where: { groupementId: id }, orderBy: { createdAt: "desc" } });
    expect(change).toMatchObject({ userId: leadAdmin.id, summary: "Réponse à une question du CCAS" });
    const again = await workspace(leadAdmin, id, { intent: "answer-question", questionId, answer: "Treize." });
    expect([again.status, messagesOf(again)]).toEqual([
      400,
      ["Cette question a déjà reçu une réponse : rechargez la page pour la lire."],
    ]);
    expect((await db().groupementQuestion.findUniqueOrThrow({ where: { id: questionId } })).answer).toBe("Douze bénévoles.");

    const page = (await reviewOf(reviewer, id)).data as ReviewPage;
    expect(page.questions[0]).toMatchObject({ answer: "Douze bénévoles." });
    expect(page.questions[0]!.answered).toMatch(/^Camille Exemple, le \d/);
    await smtp.server.waitFor(reviewer.email, /Réponse du chef de file/);
  });
});

describe("the results", () => {
  it("keep every decision from the groupement until published, then show it once on its workspace and mail it once", async () => {
    const call = await createPastCall();
    const kept = await createGroupement(call.id, { title: "Projet A 2024", filedOn: "2024-05-20" });
    const waiting = await createGroupement(call.id, { title: "Projet B 2024", filedOn: "2024-05-25" });
    const draft = await createGroupement(call.id, { title: "Brouillon 2024" });
    const message = "Félicitations : votre projet est retenu, sous réserve de l'entretien.";
    await review(admin, kept.id, { intent: "decision", decision: "retenu", decisionMessage: message });

    // One filed groupement has no decision yet: the publication is refused, nothing changes.
    const early = await publish(admin, call.id);
    expect([early.status, messagesOf(early)]).toEqual([
      400,
      ["1 dossier déposé n'a pas encore de décision : décidez d'abord pour chacun."],
    ]);
    await review(admin, waiting.id, { intent: "decision", decision: "liste-attente", decisionMessage: "Sur liste d'attente." });

    // Before: nothing of the decision in the workspace, the files or the API.
    for (const person of [kept.leadAdmin, kept.partnerAdmin]) {
      expect((await workspaceOf(person, kept.id)).decision).toBeNull();
      const seen = await whatTheGroupementSees(person, kept.id);
      expect(seen).not.toContain("Félicitations");
      expect(seen).not.toContain("Décision du CCAS");
    }
    expect(smtp.server.mails.filter((mail) => /Décision du CCAS/.test(mail.subject))).toHaveLength(0);

    // The confirmation step is a page, not an action; the reviewer has no such step.
    const confirming = (await listOf(admin, `?appel=${call.slug}&publier=1`)).data as ListPage;
    expect(confirming).toMatchObject({ confirming: true, results: { filed: 2, undecided: 0, decided: 2, publishedAt: null } });
    expect(((await listOf(reviewer, `?appel=${call.slug}&publier=1`)).data as ListPage).confirming).toBe(false);

    // Two administrators at once: one publication, one mail per lead.
    const [first, second] = await Promise.all([publish(admin, call.id), publish(admin, call.id)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(first.headers.get("Location")).toContain(`appel=${call.slug}`);
    const mail = await smtp.server.waitFor(kept.leadAdmin.email, /Décision du CCAS sur « Projet A 2024 »/);
    expect(mail.subject).toContain("retenu");
    expect(mail.text).toContain(message);
    await smtp.server.waitFor(waiting.leadAdmin.email, /Décision du CCAS sur « Projet B 2024 »/);
    // Publishing again sends nothing more.
    expect((await publish(admin, call.id)).headers.get("Location")).toContain("publie=0");
    const decisionMails = smtp.server.mails.filter((item) => /Décision du CCAS/.test(item.subject));
    expect(decisionMails.map((item) => item.to).sort()).toEqual([[kept.leadAdmin.email], [waiting.leadAdmin.email]].sort());
    expect(smtp.server.mails.some((item) => item.to.includes(draft.leadAdmin.email))).toBe(false);
    const published = await db().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(published.resultsPublishedAt).not.toBeNull();
    expect(await db().auditEntry.count({ where: { action: "call.results", subjectId: call.id } })).toBe(1);
    const sent = await db().groupement.findUniqueOrThrow({ where: { id: kept.id } });
    expect(sent.decisionSentAt).not.toBeNull();

    // After: the workspace shows the decision and its message to the groupement's people.
    const after = await workspaceOf(kept.partnerAdmin, kept.id);
    expect(after.decision).toMatchObject({ label: "Retenu", message });
    expect((await workspaceOf(draft.leadAdmin, draft.id)).decision).toBeNull();
    // And the decision can no longer change.
    const late = await review(admin, kept.id, { intent: "decision", decision: "non-retenu", decisionMessage: "Finalement non." });
    expect([late.status, messagesOf(late)]).toEqual([
      400,
      ["Les résultats de cet appel sont publiés : la décision ne peut plus être modifiée."],
    ]);
    expect(((await listOf(admin, `?appel=${call.slug}`)).data as ListPage).results.publishedAt).not.toBeNull();
  });

  it("say so when a lead has nobody to mail: no « envoyée » on the review page, and a question says it is only recorded", async () => {
    const call = await createPastCall();
    const lonely = await createGroupement(call.id, { title: "Projet sans admin 2024", filedOn: "2024-05-20" });
    await db().membership.deleteMany({ where: { organisationId: lonely.lead.id } });
    const asked = await review(admin, lonely.id, { intent: "question", question: "Qui porte le projet ?" });
    expect(await noticeAfter(admin, lonely.id, asked)).toBe(
      "Question enregistrée : la structure chef de file n'a aucun administrateur à prévenir ; elle la verra dans l'espace du groupement.",
    );
    await review(admin, lonely.id, { intent: "decision", decision: "non-retenu", decisionMessage: "Projet non retenu." });
    const answer = await publish(admin, call.id);
    expect(answer.headers.get("Location")).toContain("publie=0");
    expect(answer.headers.get("Location")).toContain("injoignables=1");
    const page = (await listOf(admin, `?appel=${call.slug}&publie=0&injoignables=1`)).data as ListPage;
    expect(page).toMatchObject({ published: 0, unreachable: 1 });
    expect(((await reviewOf(admin, lonely.id)).data as { decision: { sentOn: string | null } }).decision.sentOn).toBeNull();
  });

  it("say when the address names no call, and show the current one", async () => {
    const page = (await listOf(admin, "?appel=nope")).data as ListPage;
    expect(page).toMatchObject({ unknownCall: "nope", call: { id: callId } });
    expect(((await listOf(admin)).data as ListPage).unknownCall).toBeNull();
  });

  it("stay on the call under review once the next one is announced; so does the dashboard, and each offers the other calls", async () => {
    const seeded = await db().call.findUniqueOrThrow({ where: { id: callId } });
    // The scenario: the call closed, its dossiers being read (no results yet)…
    expect(seeded.deadline.getTime()).toBeLessThan(Date.now());
    expect(seeded.resultsPublishedAt).toBeNull();
    const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = seeded;
    const DAY = 86_400_000;
    // …when the next edition is published, « à venir » until its publication day.
    const next = await db().call.create({
      data: {
        ...fields,
        slug: `appel-suivant-${crypto.randomUUID().slice(0, 8)}`,
        title: "Appel à coopérations 2027 (test)",
        publishedAt: new Date(Date.now() + 30 * DAY),
        deadline: new Date(Date.now() + 90 * DAY),
        resultsPublishedAt: null,
      },
    });
    try {
      expect(await getCurrentCall(db())).toMatchObject({ id: next.id, status: "a-venir" });
      const list = (await listOf(admin)).data as ListPage;
      expect(list.call.id).toBe(callId);
      expect(list.calls.map((call) => call.code)).toEqual(expect.arrayContaining([seeded.slug, next.slug]));
      expect(((await listOf(admin, `?appel=${next.slug}`)).data as ListPage).call.id).toBe(next.id);
      const dashboard = async (query = "") =>
        (await run(() => dashboardLoader(loaderArgsFor(getRequest(`/ccas${query}`, reviewer.cookie))))).data as Awaited<
          ReturnType<typeof dashboardLoader>
        >;
      expect(await dashboard()).toMatchObject({ chosenSlug: seeded.slug, call: { title: seeded.title }, unknownCall: null });
      expect(await dashboard(`?appel=${next.slug}`)).toMatchObject({ chosenSlug: next.slug, call: { title: next.title } });
      expect(await dashboard("?appel=nope")).toMatchObject({ chosenSlug: seeded.slug, unknownCall: "nope" });
    } finally {
      await db().call.update({ where: { id: next.id }, data: { draft: true } });
    }
  });

  it("are not published while the call is open: the page says until when, and offers no button", async () => {
    const call = await createPastCall();
    const deadline = new Date(Date.now() + 7 * 86_400_000);
    await db().call.update({ where: { id: call.id }, data: { deadline } });
    const early = await createGroupement(call.id, { title: "Projet en avance", filedOn: "2024-05-20" });
    await review(admin, early.id, { intent: "decision", decision: "retenu", decisionMessage: "Bravo à vous." });
    const refused = await publish(admin, call.id);
    expect([refused.status, messagesOf(refused)]).toEqual([
      400,
      [`L'appel est encore ouvert jusqu'au ${formatDateTime(deadline)} : ses résultats se publient après la date limite.`],
    ]);
    expect((await db().call.findUniqueOrThrow({ where: { id: call.id } })).resultsPublishedAt).toBeNull();
    const page = (await listOf(admin, `?appel=${call.slug}&publier=1`)).data as ListPage;
    expect(page).toMatchObject({ confirming: false, results: { openUntil: formatDateTime(deadline) } });
  });

  it("are not published for a call without any filed groupement", async () => {
    const call = await createPastCall();
    const answer = await publish(admin, call.id);
    expect([answer.status, messagesOf(answer)]).toEqual([
      400,
      ["Aucun groupement n'a déposé de dossier pour cet appel : rien à publier."],
    ]);
    expect((await db().call.findUniqueOrThrow({ where: { id: call.id } })).resultsPublishedAt).toBeNull();
  });
});

describe("the comparison", () => {
  it("lists the filed groupements with each criterion's average, the total and the decision, and its CSV opens in Excel", async () => {
    const call = await createPastCall();
    const best = await createGroupement(call.id, { title: "Épicerie « solidaire »; Nord", filedOn: "2024-05-02" });
    const other = await createGroupement(call.id, { title: "Autre", filedOn: "2024-05-03" });
    await createGroupement(call.id, { title: "Brouillon comparé" });
    const criteria = await db().callCriterion.findMany({ where: { callId: call.id }, orderBy: { position: "asc" } });
    const scores = (pertinence: string, budget: string) => ({
      intent: "scores",
      [`score-${criteria[0]!.id}`]: pertinence,
      [`score-${criteria[1]!.id}`]: budget,
    });
    // The budget is scored out of 10 in this call.
    const over = await review(admin, best.id, scores("5", "11"));
    expect(over.status).toBe(400);
    expect(messagesOf(over)).toEqual(["Budget : donnez une note entière de 0 à 10."]);
    for (const person of [admin, reviewer]) await review(person, best.id, { intent: "assign", userId: person.id });
    await review(admin, best.id, scores("5", "10"));
    await review(reviewer, best.id, scores("4", "7"));
    await review(reviewer, other.id, { intent: "assign", userId: reviewer.id });
    await review(reviewer, other.id, scores("2", "3"));
    await review(admin, best.id, { intent: "decision", decision: "retenu", decisionMessage: "Oui." });

    const page = await comparisonLoader(
      loaderArgsFor(getRequest(`/ccas/groupements/comparaison?appel=${call.slug}`, reviewer.cookie)),
    );
    expect(page.rows.map((row) => row.title)).toEqual(["Épicerie « solidaire »; Nord", "Autre"]);
    expect(page.rows[0]).toMatchObject({ averages: ["4,5", "8,5"], total: "13", reviewers: 2, decision: "Retenu" });

    const response = (await csvLoader(
      loaderArgsFor(getRequest(`/ccas/groupements/comparaison.csv?appel=${call.slug}`, reviewer.cookie)),
    )) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="cooperons-comparaison-.*\.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString("utf8"), { bom: true, delimiter: ";", record_delimiter: "\r\n" }) as string[][];
    expect(rows).toEqual([
      [
        "Groupement",
        "Chef de file",
        "Déposé le",
        "Pertinence (moyenne sur 5)",
        "Budget (moyenne sur 10)",
        "Total (sur 15)",
        "Relecteurs ayant noté",
        "Décision",
      ],
      ["Épicerie « solidaire »; Nord", best.lead.name, "02/05/2024", "4,5", "8,5", "13", "2", "Retenu"],
      ["Autre", other.lead.name, "03/05/2024", "2", "3", "5", "1", ""],
    ]);
  });
});
