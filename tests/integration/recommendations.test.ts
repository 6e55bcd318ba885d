// Partner recommendations on the real site: what the database-backed retrieval answers is what the
// engine answers on every public organisation (also after organisations and offers change); the
// API per visitor; « Pas intéressé » and « Réafficher »; the invitation to express interest (inbox,
// mail, once per idea, rate-limited); « Idées qui vous cherchent ».
import crypto from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localDay } from "~/domain/format";
import { recommendPartners, type RecommendationCandidate, type RecommendationProject } from "~/domain/recommendation";
import { KINDS, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getRecommendationWeights } from "~/models/call.server";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { countUnreadIn } from "~/models/interest.server";
import { deleteOffer } from "~/models/offer.server";
import { getIdeasSeeking, getSuggestions, type SuggestionTarget } from "~/models/recommendation.server";
import { loader as apiLoader } from "~/routes/api.recommendations";
import { loader as seekingLoader } from "~/routes/espace.organisations.$id.idees-qui-vous-cherchent";
import { action as inboxAction, loader as inboxLoader } from "~/routes/espace.organisations.$id.messagerie";
import { action as groupementAction, loader as groupementLoader } from "~/routes/groupements.$id._index";
import { action as ideaAction, loader as ideaLoader } from "~/routes/idees.$slug";
import { createPrismaClient, getDb, type Db } from "~/utils/db.server";
import { LIMITS, resetRateLimits } from "~/utils/rate-limit.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
beforeEach(() => resetRateLimits());
const db = () => getDb();

let state = 20261130;
const random = () => (state = (state * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const some = <T>(list: readonly T[], most: number) => [
  ...new Set(Array.from({ length: Math.floor(random() * (most + 1)) }, () => pick(list))),
];
const DAY = 86_400_000;
const startOfToday = () => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
};

async function callOf() {
  const call = await db().call.findFirstOrThrow({ select: { id: true } });
  const subAxes = await db().callSubAxis.findMany({
    where: { axis: { callId: call.id } },
    select: { id: true, code: true, title: true },
  });
  return { callId: call.id, subAxes };
}

/**
 * Organisations of every sector, kind and place, with offers valid, expired, without a quartier,
 * unpublished; names that collide but for case and accents, so that ties are decided by name then id.
 */
async function createCrowd(count: number) {
  const { subAxes } = await callOf();
  const quartiers = await db().quartier.findMany({ select: { id: true } });
  const names = [
    "Élan solidaire",
    "elan solidaire",
    "ÉLAN SOLIDAIRE",
    "Atelier",
    "atelier",
    "Café du coin",
    "Cafe du coin",
    "Zèbre",
  ];
  const rows = Array.from({ length: count }, (_unused, index) => ({
    id: crypto.randomUUID(),
    slug: `foule-${crypto.randomUUID().slice(0, 8)}-${index}`,
    name: random() < 0.6 ? pick(names) : `${pick(names)} ${index % 7}`,
    shortDescription: "Structure fictive",
    description: "",
    sector: pick(SECTORS).code,
    kind: pick(KINDS).code,
    wholeCity: random() < 0.08,
    status: random() < 0.85 ? "published" : pick(["pending", "draft", "unpublished"]),
  }));
  await db().organisation.createMany({ data: rows });
  await db().organisationQuartier.createMany({
    data: rows.flatMap((row) => some(quartiers, 2).map((quartier) => ({ organisationId: row.id, quartierId: quartier.id }))),
  });
  await db().organisationSubAxis.createMany({
    data: rows.flatMap((row) => some(subAxes, 3).map((subAxis) => ({ organisationId: row.id, subAxisId: subAxis.id }))),
  });
  await db().organisationResource.createMany({
    data: rows.flatMap((row) =>
      some(RESOURCES, 2).map((resource) => ({
        organisationId: row.id,
        resource: resource.code,
        direction: pick(["offers", "seeks"]),
      })),
    ),
  });
  await db().offer.createMany({
    data: rows.flatMap((row) =>
      Array.from({ length: Math.floor(random() * 3) }, () => {
        const validity = random();
        return {
          organisationId: row.id,
          resource: pick(RESOURCES).code,
          title: "Offre",
          description: "",
          availability: "",
          conditions: "free",
          quartierId: random() < 0.3 ? null : pick(quartiers).id,
          validUntil:
            validity < 0.25
              ? new Date(startOfToday() - 3 * DAY)
              : validity < 0.4
                ? new Date(startOfToday())
                : validity < 0.7
                  ? new Date(startOfToday() + 60 * DAY)
                  : null,
          status: random() < 0.85 ? "published" : "pending",
        };
      }),
    ),
  });
  return rows;
}

async function createIdea(
  organisationId: string,
  codes: { subAxes?: string[]; quartiers?: string[]; sectors?: string[]; resources?: string[] },
  { wholeCity = false, status = "published", stage = "looking-for-partners", title = "Une idée de projet" } = {},
) {
  const { callId } = await callOf();
  return db().idea.create({
    data: {
      slug: `idee-${crypto.randomUUID().slice(0, 8)}`,
      organisationId,
      callId,
      title,
      summary: "Un résumé",
      description: "Une description",
      targetPublic: "Tout public",
      wholeCity,
      addressesIsolation: true,
      addressesPrecarity: true,
      status,
      stage,
      codes: {
        create: [
          ...(codes.subAxes ?? []).map((code) => ({ kind: "subAxis", code })),
          ...(wholeCity ? [] : (codes.quartiers ?? [])).map((code) => ({ kind: "quartier", code })),
          ...(codes.sectors ?? []).map((code) => ({ kind: "sector", code })),
          ...(codes.resources ?? []).map((code) => ({ kind: "resource", code })),
        ],
      },
    },
  });
}

async function randomIdea(organisationId: string) {
  const { subAxes } = await callOf();
  return createIdea(
    organisationId,
    {
      subAxes: some(subAxes, 2).map((subAxis) => subAxis.code),
      quartiers: some(QUARTIERS, 2).map((quartier) => quartier.code),
      sectors: some(SECTORS, 2).map((sector) => sector.code),
      resources: some(RESOURCES, 3).map((resource) => resource.code),
    },
    { wholeCity: random() < 0.2 },
  );
}

// ——— The reference: every public organisation, read plainly, and the engine ———

/** Every published organisation as a candidate, read with nested queries and mapped here, apart from the site's code. */
async function everyCandidate(callId: string): Promise<RecommendationCandidate[]> {
  const organisations = await db().organisation.findMany({
    where: { status: "published" },
    include: {
      quartiers: { include: { quartier: true } },
      subAxes: { include: { subAxis: { include: { axis: true } } } },
      resources: true,
      offers: { where: { status: "published" }, include: { quartier: true } },
    },
  });
  return organisations.map(
    (organisation) =>
      ({
        id: organisation.id,
        name: organisation.name,
        sector: organisation.sector,
        kind: organisation.kind,
        territory: {
          wholeCity: organisation.wholeCity,
          quartiers: organisation.wholeCity ? [] : organisation.quartiers.map(({ quartier }) => quartier.slug),
        },
        subAxes: organisation.subAxes.filter(({ subAxis }) => subAxis.axis.callId === callId).map(({ subAxis }) => subAxis.code),
        resources: organisation.resources.filter((row) => row.direction === "offers").map((row) => row.resource),
        offers: organisation.offers
          .filter((offer) => !offer.validUntil || offer.validUntil.getTime() >= startOfToday())
          .map((offer) => ({
            resource: offer.resource,
            quartiers: offer.quartier ? [offer.quartier.slug] : [],
            validUntil: offer.validUntil ? offer.validUntil.toISOString().slice(0, 10) : null,
          })),
      }) as RecommendationCandidate,
  );
}

/** The idea's project and what is left out, read plainly. */
async function ideaReference(ideaId: string) {
  const idea = await db().idea.findUniqueOrThrow({
    where: { id: ideaId },
    include: { organisation: true, codes: true, candidates: { include: { organisation: true } }, recommendationDismissals: true },
  });
  const codes = (kind: string) => idea.codes.filter((code) => code.kind === kind).map((code) => code.code);
  // Its members: the idea's organisation and the partners it accepted.
  const project = {
    members: [idea.organisation, ...idea.candidates.map((candidate) => candidate.organisation)].map(({ id, sector, kind }) => ({
      id,
      sector,
      kind,
    })),
    seekSectors: codes("sector"),
    seekResources: codes("resource"),
    subAxes: codes("subAxis"),
    territory: { wholeCity: idea.wholeCity, quartiers: codes("quartier") },
  } as RecommendationProject;
  const leftOut = [...idea.candidates, ...idea.recommendationDismissals].map((row) => row.organisationId);
  return { callId: idea.callId, project, leftOut };
}

async function engineOnEveryone(reference: { callId: string; project: RecommendationProject; leftOut: string[] }, limit: number) {
  const { subAxes } = await callOf();
  const weights = (await getRecommendationWeights(db(), reference.callId))!;
  const leftOut = new Set(reference.leftOut);
  return recommendPartners(reference.project, await everyCandidate(reference.callId), {
    weights,
    today: localDay(new Date()),
    subAxisTitles: Object.fromEntries(subAxes.map((subAxis) => [subAxis.code, subAxis.title])),
  })
    .filter((recommendation) => !leftOut.has(recommendation.id))
    .slice(0, limit);
}

const shape = (list: { id: string; name: string; score: number; reasons: unknown[] }[]) =>
  list.map(({ id, name, score, reasons }) => ({ id, name, score, reasons }));

async function expectSameAsEngine(
  target: SuggestionTarget,
  reference: Parameters<typeof engineOnEveryone>[0],
  client: Db = db(),
) {
  for (const limit of [1, 3, 10, 10_000]) {
    const found = await getSuggestions(client, target, { limit });
    expect(shape(found!.suggestions), `limit ${limit}`).toEqual(shape(await engineOnEveryone(reference, limit)));
  }
}

describe("recommendations from the database equal the engine's on the same data", () => {
  let owners: Awaited<ReturnType<typeof createCrowd>>;

  beforeAll(async () => {
    owners = await createCrowd(400);
  });

  it("for ideas of every kind: the same organisations, scores, reasons and order, whatever the limit", async () => {
    const published = owners.filter((row) => row.status === "published");
    for (let index = 0; index < 12; index += 1) {
      const idea = await randomIdea(published[index * 13]!.id);
      await expectSameAsEngine({ type: "idea", ideaId: idea.id }, await ideaReference(idea.id));
    }
  });

  it("after organisations and offers change: an edit, a new offer, a deletion, an unpublication, a newcomer, a late commit", async () => {
    const published = owners.filter((row) => row.status === "published");
    const idea = await createIdea(published[0]!.id, {
      subAxes: ["2.1"],
      quartiers: ["nantes-nord"],
      sectors: ["sante"],
      resources: ["locaux", "logistique"],
    });
    const target: SuggestionTarget = { type: "idea", ideaId: idea.id };
    await expectSameAsEngine(target, await ideaReference(idea.id));

    const nantesNord = await db().quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } });
    // An organisation becomes a health one; another gets premises in Nantes Nord.
    await db().organisation.update({ where: { id: published[1]!.id }, data: { sector: "sante", name: "Aaa santé" } });
    await db().offer.create({
      data: {
        organisationId: published[2]!.id,
        resource: "locaux",
        title: "Salle",
        description: "",
        availability: "",
        conditions: "free",
        quartierId: nantesNord.id,
        status: "published",
      },
    });
    // One is unpublished; an offer is deleted the way the site deletes it (through the outbox).
    await db().organisation.update({ where: { id: published[3]!.id }, data: { status: "unpublished" } });
    const offer = await db().offer.findFirst({ where: { status: "published", organisation: { status: "published" } } });
    if (offer) await deleteOffer(db(), offer.id);
    // A newcomer is published.
    const newcomer = await createOrganisationFor(await createActor());
    await db().organisation.update({ where: { id: newcomer.id }, data: { sector: "sante", wholeCity: true } });
    await expectSameAsEngine(target, await ideaReference(idea.id));

    // A change committed late: stamped a second before the last change already seen, with its
    // outbox row (as every change of what is public has).
    const latest = await db().organisation.findFirstOrThrow({ orderBy: { updatedAt: "desc" }, select: { updatedAt: true } });
    await db().organisation.update({
      where: { id: published[4]!.id },
      data: { sector: "sante", wholeCity: true, updatedAt: new Date(latest.updatedAt.getTime() - 1000) },
    });
    await db().searchOutbox.create({ data: { entityType: "idea", entityId: idea.id } });
    const late = await getSuggestions(db(), target, { limit: 10_000 });
    expect(late!.suggestions.find((item) => item.id === published[4]!.id)?.reasons.map((reason) => reason.code)).toContain(
      "sought-sector",
    );
    await expectSameAsEngine(target, await ideaReference(idea.id));
  });

  it("after hundreds of organisations change at once (an import): read again in parts, as the engine says", async () => {
    const published = owners.filter((row) => row.status === "published");
    const idea = await createIdea(published[8]!.id, {
      subAxes: ["3.1"],
      quartiers: ["bellevue-chantenay-sainte-anne"],
      sectors: ["sante"],
      resources: ["locaux"],
    });
    const target: SuggestionTarget = { type: "idea", ideaId: idea.id };
    await expectSameAsEngine(target, await ideaReference(idea.id));
    const crowd = await createCrowd(1200);
    // Every organisation of the crowd changes at once: more than one query may bind (999 on SQLite).
    for (let start = 0; start < crowd.length; start += 500) {
      const ids = crowd.slice(start, start + 500).map((row) => row.id);
      await db().organisation.updateMany({ where: { id: { in: ids } }, data: { sector: "sante" } });
    }
    await expectSameAsEngine(target, await ideaReference(idea.id));
    const found = await getSuggestions(db(), target, { limit: 10_000 });
    expect(found!.suggestions.filter((item) => crowd.some((row) => row.id === item.id)).length).toBeGreaterThan(900);
    // A process starting now (a client of its own, so a projection of its own) reads them all, by
    // pages of a thousand organisations: the same suggestions.
    expect(await db().organisation.count({ where: { status: "published" } })).toBeGreaterThan(1000);
    const starting = createPrismaClient(process.env.DATABASE_URL!);
    try {
      await expectSameAsEngine(target, await ideaReference(idea.id), starting);
    } finally {
      await starting.$disconnect();
    }
    // Unpublished at once (the tests below expect the first crowd only): out of the suggestions.
    for (let start = 0; start < crowd.length; start += 500) {
      const ids = crowd.slice(start, start + 500).map((row) => row.id);
      await db().organisation.updateMany({ where: { id: { in: ids } }, data: { status: "unpublished" } });
    }
    await expectSameAsEngine(target, await ideaReference(idea.id));
    const after = await getSuggestions(db(), target, { limit: 10_000 });
    expect(after!.suggestions.filter((item) => crowd.some((row) => row.id === item.id))).toEqual([]);
  });

  it("for an idea with an accepted partner: counted as a member, so no suggestion claims to add its sector", async () => {
    const published = owners.filter((row) => row.status === "published");
    const lead = published.find((row) => row.sector !== "sante")!;
    const partner = published.find((row) => row.sector === "sante" && row.id !== lead.id)!;
    const idea = await createIdea(lead.id, {
      subAxes: ["2.1"],
      quartiers: ["nantes-nord"],
      sectors: ["sante"],
      resources: ["locaux"],
    });
    const before = await getSuggestions(db(), { type: "idea", ideaId: idea.id }, { limit: 10_000 });
    expect(before!.suggestions.some((item) => item.reasons.some((reason) => reason.code === "fixes-sectors"))).toBe(true);

    await db().candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id } });
    const after = await getSuggestions(db(), { type: "idea", ideaId: idea.id }, { limit: 10_000 });
    expect(after!.suggestions.some((item) => item.reasons.some((reason) => reason.code === "fixes-sectors"))).toBe(false);
    expect(after!.suggestions.map((item) => item.id)).not.toContain(partner.id);
    await expectSameAsEngine({ type: "idea", ideaId: idea.id }, await ideaReference(idea.id));
  });

  it("for a groupement: from its active members, leaving out the structures it invited", async () => {
    const published = owners.filter((row) => row.status === "published");
    const idea = await createIdea(published[5]!.id, {
      subAxes: ["2.3", "1.4"],
      quartiers: ["malakoff-saint-donatien", "nantes-sud"],
      sectors: ["habitat"],
      resources: ["salaries"],
    });
    await db().candidateMember.create({ data: { ideaId: idea.id, organisationId: published[6]!.id } });
    const groupement = await createGroupementFromIdea(db(), idea.id);
    await db().groupementMember.create({
      data: { groupementId: groupement.id, organisationId: published[7]!.id, status: "invited" },
    });
    const members = await db().organisation.findMany({ where: { id: { in: [published[5]!.id, published[6]!.id] } } });
    const stored = await db().groupement.findUniqueOrThrow({ where: { id: groupement.id } });
    const reference = {
      callId: idea.callId,
      project: {
        members: members.map(({ id, sector, kind }) => ({ id, sector, kind })),
        seekSectors: ["habitat"],
        seekResources: ["salaries"],
        // As the groupement holds them (its sub-axes, in its order).
        subAxes: stored.subAxes.split(" "),
        territory: { wholeCity: false, quartiers: stored.quartiers.split(" ") },
      } as RecommendationProject,
      leftOut: [published[7]!.id],
    };
    await expectSameAsEngine({ type: "groupement", groupementId: groupement.id }, reference);
  });
});

// ——— The site: an idea seeking health and premises in Nantes Nord, a health organisation there ———

type Scene = {
  adminA: Actor;
  editorA: Actor;
  adminB: Actor;
  stranger: Actor;
  a: { id: string; name: string };
  b: { id: string; name: string; slug: string };
  idea: { id: string; slug: string; title: string };
};

async function createScene(): Promise<Scene> {
  const [adminA, editorA, adminB, stranger] = await Promise.all([createActor(), createActor(), createActor(), createActor()]);
  const [a, b] = await Promise.all([
    createOrganisationFor(adminA, { editors: [editorA] }),
    createOrganisationFor(adminB),
    createOrganisationFor(stranger),
  ]);
  const nantesNord = await db().quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } });
  await db().organisation.update({
    where: { id: b.id },
    data: {
      sector: "sante",
      name: `Maison de santé ${b.slug}`,
      quartiers: { create: [{ quartierId: nantesNord.id }] },
      offers: {
        create: [
          {
            resource: "locaux",
            title: "Salle de réunion",
            description: "",
            availability: "Le samedi",
            conditions: "free",
            status: "published",
          },
        ],
      },
    },
  });
  const title = `Veilleurs de palier ${a.slug}`;
  const idea = await createIdea(
    a.id,
    { subAxes: ["2.1"], quartiers: ["nantes-nord"], sectors: ["sante"], resources: ["locaux"] },
    { title },
  );
  return {
    adminA,
    editorA,
    adminB,
    stranger,
    a: { id: a.id, name: a.name },
    b: { id: b.id, name: `Maison de santé ${b.slug}`, slug: b.slug },
    idea: { id: idea.id, slug: idea.slug, title },
  };
}

const ideaPage = async (scene: Scene, actor: Actor, query = "") => {
  const result = await run(() =>
    ideaLoader(loaderArgsFor(getRequest(`/idees/${scene.idea.slug}${query}`, actor.cookie), { slug: scene.idea.slug })),
  );
  return result.data as Awaited<ReturnType<typeof ideaLoader>>;
};

const onIdea = (scene: Scene, actor: Actor, fields: Record<string, string>) =>
  run(() => ideaAction(actionArgs(formRequest(`/idees/${scene.idea.slug}`, fields, actor.cookie), { slug: scene.idea.slug })));

async function apiResponse(query: string, actor?: Actor): Promise<Response> {
  try {
    return (await apiLoader(loaderArgsFor(getRequest(`/api/recommendations?${query}`, actor?.cookie)))) as Response;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

describe("partners suggested to an idea, on its page and through the API", () => {
  let scene: Scene;
  beforeAll(async () => {
    scene = await createScene();
  });

  it("shows its organisation's members the health organisation of Nantes Nord with its reasons, and nobody else", async () => {
    const page = await ideaPage(scene, scene.editorA);
    const card = page.viewer.suggestions!.cards.find((item) => item.id === scene.b.id);
    expect(card).toMatchObject({ name: scene.b.name, url: `/organisations/${scene.b.slug}`, invitedOn: null });
    expect(card!.badges).toEqual(["2ᵉ secteur : santé", "Secteur recherché", "Ressource recherchée", "Même quartier"]);
    expect(card!.sentences).toEqual([
      "Ajouterait un 2ᵉ secteur (santé) : la règle des secteurs serait respectée",
      "Vient du secteur que vous recherchez : santé",
      "Propose des locaux à Nantes Nord",
      "Agit à Nantes Nord, comme votre projet",
    ]);
    expect(page.viewer.suggestions!.cards.length).toBeLessThanOrEqual(10);
    expect((await ideaPage(scene, scene.stranger)).viewer.suggestions).toBeNull();
    expect((await ideaPage(scene, scene.adminB)).viewer.suggestions).toBeNull();
  });

  it("answers the API with the command's JSON plus name and url, for members only", async () => {
    const response = await apiResponse(`idea=${scene.idea.slug}`, scene.adminA);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { recommendations: Record<string, unknown>[] };
    const found = await getSuggestions(db(), { type: "idea", ideaId: scene.idea.id });
    expect(body.recommendations).toEqual(
      found!.suggestions.map(({ id, score, reasons, name, url }) => ({ id, score, reasons, name, url })),
    );
    expect(Object.keys(body.recommendations[0]!)).toEqual(["id", "score", "reasons", "name", "url"]);
    expect(body.recommendations.find((item) => item.id === scene.b.id)).toMatchObject({
      name: scene.b.name,
      url: `/organisations/${scene.b.slug}`,
      score: 40 + 25 + 20 + 15,
    });
    const limited = (await (await apiResponse(`idea=${scene.idea.slug}&limit=2`, scene.adminA)).json()) as {
      recommendations: unknown[];
    };
    expect(limited.recommendations).toHaveLength(2);

    const anonymous = await apiResponse(`idea=${scene.idea.slug}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: expect.stringContaining("Connectez-vous") });
    for (const outsider of [scene.adminB, scene.stranger]) {
      const refused = await apiResponse(`idea=${scene.idea.slug}`, outsider);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(await refused.json())).not.toContain(scene.b.name);
    }
    expect((await apiResponse("idea=nulle-part", scene.adminA)).status).toBe(404);
    expect((await apiResponse("groupement=nulle-part", scene.adminA)).status).toBe(404);
    for (const bad of [
      "",
      `idea=${scene.idea.slug}&groupement=x`,
      `idea=${scene.idea.slug}&limit=0`,
      `idea=${scene.idea.slug}&tri=nom`,
      `idea=${scene.idea.slug}&limit=1e1`,
      `idea=${scene.idea.slug}&idea=${scene.idea.slug}`,
    ]) {
      const refused = await apiResponse(bad, scene.adminA);
      expect(refused.status, bad).toBe(400);
      expect(await refused.json()).toMatchObject({ message: "Paramètres invalides", errors: [expect.any(String)] });
    }
  });

  it("hides a suggestion on « Pas intéressé », keeps it, and shows it again on « Réafficher »", async () => {
    const hidden = await onIdea(scene, scene.editorA, { intent: "suggestion-dismiss", organisationId: scene.b.id });
    expect(hidden.status).toBe(200);
    expect(hidden.data).toMatchObject({ suggestion: { notice: expect.stringContaining("ne vous est plus suggérée") } });
    // Twice is once.
    expect((await onIdea(scene, scene.editorA, { intent: "suggestion-dismiss", organisationId: scene.b.id })).status).toBe(200);
    let page = await ideaPage(scene, scene.adminA);
    expect(page.viewer.suggestions!.cards.map((card) => card.id)).not.toContain(scene.b.id);
    expect(page.viewer.suggestions!.hiddenCount).toBe(1);
    expect(page.viewer.suggestions!.hidden).toBeNull();
    const apiBody = (await (await apiResponse(`idea=${scene.idea.slug}`, scene.adminA)).json()) as {
      recommendations: { id: string }[];
    };
    expect(apiBody.recommendations.map((item) => item.id)).not.toContain(scene.b.id);
    page = await ideaPage(scene, scene.adminA, "?masquees=1");
    expect(page.viewer.suggestions!.hidden!.map((card) => card.id)).toEqual([scene.b.id]);

    // An outsider cannot hide or show anything; a form without a structure changes nothing.
    expect((await onIdea(scene, scene.stranger, { intent: "suggestion-restore", organisationId: scene.b.id })).status).toBe(403);
    const empty = await onIdea(scene, scene.adminA, { intent: "suggestion-restore" });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ suggestion: { error: "Choisissez une structure parmi les partenaires suggérés." } });
    expect(await db().recommendationDismissal.count({ where: { ideaId: scene.idea.id } })).toBe(1);

    const shown = await onIdea(scene, scene.adminA, { intent: "suggestion-restore", organisationId: scene.b.id });
    expect(shown.status).toBe(200);
    page = await ideaPage(scene, scene.adminA);
    expect(page.viewer.suggestions!.cards.map((card) => card.id)).toContain(scene.b.id);
    expect(page.viewer.suggestions!.hiddenCount).toBe(0);
  });

  it("invites the suggestion to express interest: a message in its inbox, a mail to its admins, once per idea", async () => {
    const sent = await onIdea(scene, scene.editorA, {
      intent: "suggestion-invite",
      organisationId: scene.b.id,
      message: "Votre salle du samedi serait parfaite pour nos cafés.",
    });
    expect(sent.status).toBe(200);
    expect(sent.data).toMatchObject({
      suggestion: { notice: expect.stringContaining(`Invitation envoyée à « ${scene.b.name} »`) },
    });
    const mail = await smtp.server.waitFor(scene.adminB.email, /vous invite à rejoindre/);
    expect(mail.subject).toBe(`${scene.a.name} vous invite à rejoindre « ${scene.idea.title} »`);
    expect(mail.text).toContain("Votre salle du samedi serait parfaite pour nos cafés.");
    expect(mail.text).toContain(`/idees/${scene.idea.slug}#rejoindre`);

    expect(await countUnreadIn(db(), [scene.b.id])).toBe(1);
    const inbox = await run(() =>
      inboxLoader(
        loaderArgsFor(getRequest(`/espace/organisations/${scene.b.id}/messagerie`, scene.adminB.cookie), { id: scene.b.id }),
      ),
    );
    expect((inbox.data as Awaited<ReturnType<typeof inboxLoader>>).invitations).toEqual([
      expect.objectContaining({
        from: expect.objectContaining({ name: scene.a.name }),
        idea: { title: scene.idea.title, slug: scene.idea.slug, by: scene.a.name },
        message: "Votre salle du samedi serait parfaite pour nos cafés.",
        unread: true,
        stillOpen: true,
      }),
    ]);
    await run(() =>
      inboxAction(
        actionArgs(formRequest(`/espace/organisations/${scene.b.id}/messagerie`, { intent: "mark-read" }, scene.adminB.cookie), {
          id: scene.b.id,
        }),
      ),
    );
    expect(await countUnreadIn(db(), [scene.b.id])).toBe(0);

    // The card now says when; a second invitation is refused with the reason, nothing is sent.
    const page = await ideaPage(scene, scene.adminA);
    expect(page.viewer.suggestions!.cards.find((card) => card.id === scene.b.id)!.invitedOn).toMatch(/\d/);
    const again = await onIdea(scene, scene.adminA, { intent: "suggestion-invite", organisationId: scene.b.id });
    expect(again.status).toBe(400);
    expect(again.data).toMatchObject({
      suggestion: { error: `${scene.b.name} a déjà été invitée à manifester son intérêt pour cette idée.` },
    });
    expect(await db().interestInvitation.count({ where: { ideaId: scene.idea.id } })).toBe(1);
  });

  it("says when the structure invited has nobody to read it yet, rather than that its administrators are told", async () => {
    const all = (await ideaPage(scene, scene.adminA)).viewer.suggestions!.cards;
    const admins = await db().membership.groupBy({
      by: ["organisationId"],
      where: { organisationId: { in: all.map((card) => card.id) }, role: "admin" },
      _count: true,
    });
    const administered = (id: string) => admins.some((row) => row.organisationId === id);
    // Each card knows it, for its form's hint beforehand.
    expect(all.map((card) => card.administered)).toEqual(all.map((card) => administered(card.id)));
    expect(all.some((card) => card.administered)).toBe(true);
    const nobody = all.find((card) => !card.invitedOn && !administered(card.id));
    expect(nobody).toBeDefined();
    const sent = await onIdea(scene, scene.adminA, { intent: "suggestion-invite", organisationId: nobody!.id });
    expect(sent.status).toBe(200);
    const { notice } = (sent.data as { suggestion: { notice: string } }).suggestion;
    expect(notice).toContain(`personne n'administre encore sa fiche sur Coopérons`);
    expect(notice).not.toContain("ses administrateurs sont prévenus");
  });

  it("refuses a message too long with the field's French message, keeping what was typed", async () => {
    const others = (await ideaPage(scene, scene.adminA)).viewer.suggestions!.cards.filter((card) => !card.invitedOn);
    const message = "x".repeat(1001);
    const refused = await onIdea(scene, scene.adminA, { intent: "suggestion-invite", organisationId: others[0]!.id, message });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      suggestion: {
        intent: `suggestion-invite:${others[0]!.id}`,
        result: { error: { message: ["Votre message : 1000 caractères au maximum."] }, initialValue: { message } },
      },
    });
    expect(await db().interestInvitation.count({ where: { organisationId: others[0]!.id } })).toBe(0);
  });

  it("limits invitations to 20 a day per person and organisation, then says when to try again", async () => {
    const { a } = scene;
    const admin = scene.adminA;
    const crowd = await db().organisation.findMany({
      where: { status: "published", id: { notIn: [a.id, scene.b.id] } },
      select: { id: true },
      take: LIMITS.interestInvitation.points + 1,
    });
    const idea = await createIdea(a.id, { subAxes: ["2.2"], sectors: ["culturel"] }, { wholeCity: true });
    const slug = idea.slug;
    const invite = (organisationId: string) =>
      run(() =>
        ideaAction(
          actionArgs(formRequest(`/idees/${slug}`, { intent: "suggestion-invite", organisationId }, admin.cookie), { slug }),
        ),
      );
    for (const organisation of crowd.slice(0, LIMITS.interestInvitation.points))
      expect((await invite(organisation.id)).status).toBe(200);
    const over = await invite(crowd.at(-1)!.id);
    expect(over.status).toBe(429);
    expect(over.data).toMatchObject({
      suggestion: {
        error: expect.stringMatching(/^Vous avez envoyé beaucoup d'invitations aujourd'hui\. Réessayez dans \d+ heures\.$/),
      },
    });
    expect(await db().interestInvitation.count({ where: { ideaId: idea.id } })).toBe(LIMITS.interestInvitation.points);
  });
});

describe("partners suggested to a groupement", () => {
  it("come from its current members, the reason that would fix a failing rule first, on the members' workspace only", async () => {
    const scene = await createScene();
    const ccas = await createActor({ ccas: true });
    const groupement = await createGroupementFromIdea(db(), scene.idea.id);
    const workspace = async (actor: Actor, query = "") => {
      const result = await run(() =>
        groupementLoader(loaderArgsFor(getRequest(`/groupements/${groupement.id}${query}`, actor.cookie), { id: groupement.id })),
      );
      return result.data as Extract<Awaited<ReturnType<typeof groupementLoader>>, { view: "workspace" }>;
    };
    const page = await workspace(scene.adminA);
    expect(page.assessment.rules.find((rule) => rule.id === "members.sectors")?.status).toBe("fail");
    const card = page.suggestions!.cards.find((item) => item.id === scene.b.id)!;
    expect(card.badges[0]).toBe("2ᵉ secteur : santé");
    expect(card.sentences[0]).toBe("Ajouterait un 2ᵉ secteur (santé) : la règle des secteurs serait respectée");
    expect((await workspace(ccas)).suggestions).toBeNull();

    // B joins: the groupement now has two sectors, and B is no longer suggested.
    await db().groupementMember.create({ data: { groupementId: groupement.id, organisationId: scene.b.id, status: "active" } });
    const after = await workspace(scene.adminA);
    expect(after.suggestions!.cards.map((item) => item.id)).not.toContain(scene.b.id);
    expect(after.suggestions!.cards.every((item) => !item.badges.some((badge) => badge.startsWith("2ᵉ secteur")))).toBe(true);

    // Hidden from the groupement, not from the idea.
    const other = after.suggestions!.cards[0]!;
    const hidden = await run(() =>
      groupementAction(
        actionArgs(
          formRequest(
            `/groupements/${groupement.id}`,
            { intent: "suggestion-dismiss", organisationId: other.id },
            scene.adminB.cookie,
          ),
          { id: groupement.id },
        ),
      ),
    );
    expect(hidden.status).toBe(200);
    expect((await workspace(scene.adminA)).suggestions!.cards.map((item) => item.id)).not.toContain(other.id);
    expect((await workspace(scene.adminA, "?masquees=1")).suggestions!.hidden!.map((item) => item.id)).toEqual([other.id]);
    expect((await ideaPage(scene, scene.adminA)).viewer.suggestions!.cards.map((item) => item.id)).toContain(other.id);

    const apiBody = (await (await apiResponse(`groupement=${groupement.id}`, scene.adminB)).json()) as {
      recommendations: { id: string }[];
    };
    expect(apiBody.recommendations.map((item) => item.id)).not.toContain(other.id);
    expect((await apiResponse(`groupement=${groupement.id}`, scene.stranger)).status).toBe(403);
    expect((await apiResponse(`groupement=${groupement.id}`, ccas)).status).toBe(403);
  });
});

describe("« Idées qui vous cherchent »", () => {
  it("lists the public ideas of others that would suggest the organisation, best first, with their reasons", async () => {
    const scene = await createScene();
    const seeking = async () => {
      const result = await run(() =>
        seekingLoader(
          loaderArgsFor(getRequest(`/espace/organisations/${scene.b.id}/idees-qui-vous-cherchent`, scene.adminB.cookie), {
            id: scene.b.id,
          }),
        ),
      );
      return result.data as Awaited<ReturnType<typeof seekingLoader>>;
    };
    // Ideas that would not: B's own, an archived one, an unpublished one, one whose groupement B is in.
    const [, , , joined] = await Promise.all([
      createIdea(scene.b.id, { sectors: ["sante"], quartiers: ["nantes-nord"] }, { title: "L'idée de B" }),
      createIdea(scene.a.id, { sectors: ["sante"] }, { stage: "archived", title: "Archivée" }),
      createIdea(scene.a.id, { sectors: ["sante"] }, { status: "pending", title: "En attente" }),
      createIdea(scene.a.id, { sectors: ["sante"], quartiers: ["nantes-nord"] }, { title: "Déjà ensemble" }),
    ]);
    const groupement = await createGroupementFromIdea(db(), joined.id);
    await db().groupementMember.create({ data: { groupementId: groupement.id, organisationId: scene.b.id, status: "active" } });
    let page = await seeking();
    expect(page.published).toBe(true);
    expect(page.ideas.length).toBeLessThanOrEqual(10);
    const titles = page.ideas.map((idea) => idea.title);
    expect(titles).not.toContain("L'idée de B");
    expect(titles).not.toContain("Archivée");
    expect(titles).not.toContain("En attente");
    expect(titles).not.toContain("Déjà ensemble");
    // A's idea seeks what B brings: among the best (no idea can give B more points), best first.
    const ranked = (await getIdeasSeeking(db(), scene.b.id))!.ideas;
    expect(ranked.map(({ idea }) => idea.slug)).toEqual(page.ideas.map((idea) => idea.slug));
    expect(ranked.map(({ score }) => score)).toEqual(ranked.map(({ score }) => score).sort((x, y) => y - x));
    expect(ranked.find(({ idea }) => idea.slug === scene.idea.slug)?.score).toBe(40 + 25 + 20 + 15);
    expect(page.ideas.find((idea) => idea.slug === scene.idea.slug)).toMatchObject({
      title: scene.idea.title,
      organisationName: scene.a.name,
      badges: ["2ᵉ secteur : santé", "Secteur recherché", "Ressource recherchée", "Même quartier"],
      invited: false,
    });
    await onIdea(scene, scene.adminA, { intent: "suggestion-invite", organisationId: scene.b.id });
    expect((await seeking()).ideas.find((idea) => idea.slug === scene.idea.slug)).toMatchObject({ invited: true });

    // Once A is not interested, the idea no longer looks for B.
    await onIdea(scene, scene.adminA, { intent: "suggestion-dismiss", organisationId: scene.b.id });
    page = await seeking();
    expect(page.ideas.map((idea) => idea.slug)).not.toContain(scene.idea.slug);
  });
});
