// The CCAS dashboard (/ccas): who may open it, and the figures a person reads there, on a small
// dataset made here (the test's database copy is emptied of its demo structures first, so every
// number below can be counted by hand).
import crypto from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactNode } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { WeekChart } from "~/components/week-chart";
import { CALLS } from "~/domain/calls/nantes-isolement-2025";
import { lastWeeks, type Week } from "~/domain/dashboard";
import { loader as coverageLoader } from "~/routes/api.coverage";
import DashboardPage, { loader } from "~/routes/ccas._index";
import { loader as callsLoader } from "~/routes/ccas.appels._index";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";
import { getRequest, loaderArgsFor, run } from "../helpers/requests";

type Data = Awaited<ReturnType<typeof loader>>;

// The page is rendered as the server renders it, with the loader's data and plain links.
const page = vi.hoisted(() => ({ data: null as unknown }));
vi.mock("@remix-run/react", async (importOriginal) => {
  const { createElement: h } = await import("react");
  const link = ({ to, children }: { to: string; children: ReactNode }) => h("a", { href: to }, children);
  return {
    ...(await importOriginal<object>()),
    useLoaderData: () => page.data,
    useLocation: () => ({ pathname: "/ccas", search: "", hash: "" }),
    Link: link,
    NavLink: link,
    Form: ({ children, ...props }: { children: ReactNode }) => h("form", props, children),
  };
});
const renderPage = (data: Data) => {
  page.data = data;
  return renderToStaticMarkup(createElement(DashboardPage));
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let weeks: Week[];
/** An instant inside the week `index` (0 = 11 weeks ago, 11 = this week), early enough to be past already. */
const inWeek = (index: number, hours = 1) => new Date(weeks[index]!.start.getTime() + hours * HOUR);

let admin: Actor;
let reviewer: Actor;
let member: Actor;
let data: Data;

async function organisation(
  name: string,
  {
    sector,
    quartiers = [],
    wholeCity = false,
    status = "published",
    publishedAt = new Date(),
    kind = "association",
  }: { sector: string; quartiers?: string[]; wholeCity?: boolean; status?: string; publishedAt?: Date | null; kind?: string },
) {
  const db = getDb();
  const ids = await db.quartier.findMany({ where: { slug: { in: quartiers } }, select: { id: true } });
  return db.organisation.create({
    data: {
      slug: `tableau-${crypto.randomUUID().slice(0, 8)}`,
      name,
      shortDescription: "Structure du test du tableau de bord",
      description: "",
      sector,
      kind,
      wholeCity,
      status,
      publishedAt,
      quartiers: { create: ids.map((row) => ({ quartierId: row.id })) },
    },
  });
}

async function idea(
  organisationId: string,
  { status = "published", subAxes = [] as string[], quartiers = [] as string[], publishedAt = new Date() as Date | null },
) {
  const call = await getDb().call.findFirstOrThrow({ orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }] });
  return getDb().idea.create({
    data: {
      slug: `idee-${crypto.randomUUID().slice(0, 8)}`,
      callId: call.id,
      organisationId,
      title: "Idée du test",
      summary: "",
      description: "",
      targetPublic: "",
      addressesIsolation: true,
      addressesPrecarity: true,
      status,
      publishedAt,
      codes: {
        create: [...subAxes.map((code) => ({ kind: "subAxis", code })), ...quartiers.map((code) => ({ kind: "quartier", code }))],
      },
    },
  });
}

const row = (rows: { code: string; count: number }[], code: string) => rows.find((item) => item.code === code)?.count;

beforeAll(async () => {
  const db = getDb();
  weeks = lastWeeks(new Date());
  // Known figures only: the template's demo structures go, with their offers, ideas, interests and groupements.
  await db.organisation.deleteMany();
  [admin, reviewer, member] = await Promise.all([
    createActor({ ccas: true }),
    createActor({ ccasRole: "ccas-reviewer" }),
    createActor(),
  ]);

  // Structures: four published (one acting on the whole city, one published long ago), one waiting
  // for moderation, one unpublished.
  const sante = await organisation("Santé Nord", {
    sector: "sante",
    quartiers: ["nantes-nord", "malakoff-saint-donatien"],
    publishedAt: inWeek(9),
  });
  const city = await organisation("Santé Ville", { sector: "sante", wholeCity: true, publishedAt: inWeek(11) });
  const lead = await createOrganisationFor(member); // associatif, published now
  await db.organisationQuartier.create({
    data: { organisationId: lead.id, quartierId: (await db.quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } })).id },
  });
  const habitat = await organisation("Habitat Ouest", {
    sector: "habitat",
    kind: "bailleur-social",
    quartiers: ["bellevue-chantenay-sainte-anne"],
    publishedAt: new Date(weeks[0]!.start.getTime() - 30 * DAY),
  });
  const pending = await organisation("Entreprise en attente", { sector: "economique", status: "pending", publishedAt: null });
  await organisation("Culture dépubliée", {
    sector: "culturel",
    status: "unpublished",
    publishedAt: inWeek(10),
    quartiers: ["nantes-nord"],
  });

  // Offers: two public (one per resource), and four that are not (expired, of a structure not
  // published, waiting for moderation).
  const nord = await db.quartier.findUniqueOrThrow({ where: { slug: "nantes-nord" } });
  const offer = (organisationId: string, resource: string, extra: Record<string, unknown> = {}) =>
    db.offer.create({
      data: {
        organisationId,
        resource,
        title: `Offre ${resource}`,
        description: "",
        availability: "",
        conditions: "free",
        status: "published",
        publishedAt: inWeek(9),
        ...extra,
      },
    });
  await offer(sante.id, "locaux", { quartierId: nord.id });
  await offer(sante.id, "locaux", { validUntil: new Date(Date.now() - 3 * DAY), publishedAt: inWeek(8) });
  await offer(city.id, "financier", { publishedAt: inWeek(11) });
  await offer(pending.id, "salaries");
  await offer(lead.id, "competences", { status: "pending", publishedAt: null });

  // Ideas of the call: two published, a draft, and one of a structure not published.
  const first = await idea(lead.id, { subAxes: ["2.1", "2.3"], quartiers: ["nantes-nord"], publishedAt: inWeek(11) });
  const second = await idea(sante.id, { subAxes: ["1.1"], quartiers: ["malakoff-saint-donatien"], publishedAt: inWeek(9) });
  const draft = await idea(lead.id, { status: "draft", subAxes: ["2.2"], publishedAt: null });
  const another = await idea(habitat.id, { status: "draft", subAxes: ["1.2"], publishedAt: null });
  await idea(pending.id, { subAxes: ["2.2"], publishedAt: inWeek(10) });

  // Interests: four sent; three answered after 2, 4 and 10 hours (median 4 h), two accepted.
  const interest = (ideaId: string, organisationId: string, status: string, createdAt: Date, answerHours: number | null) =>
    db.interest.create({
      data: {
        ideaId,
        organisationId,
        message: "Nous en sommes",
        resources: "locaux",
        status,
        createdAt,
        decidedAt: answerHours === null ? null : new Date(createdAt.getTime() + answerHours * HOUR),
      },
    });
  await interest(first.id, sante.id, "accepted", inWeek(11, 0.5), 2);
  await interest(first.id, city.id, "declined", inWeek(11, 0.25), 10);
  await interest(second.id, habitat.id, "accepted", inWeek(9, 2), 4);
  await interest(second.id, city.id, "pending", inWeek(9, 3), null);

  // Groupements: one in preparation (a single member), one that passes every rule, two filed.
  const call = await db.call.findFirstOrThrow({ orderBy: [{ publishedAt: "desc" }, { createdAt: "desc" }] });
  const project = {
    callId: call.id,
    title: "Veilleurs de palier",
    addressesIsolation: true,
    addressesPrecarity: true,
    startDate: "2026-02-01",
    durationMonths: 24,
    cooperation: "new",
    beneficiaries: 300,
    budgetOperating: 90_000,
    budgetParticipation: 40_000,
    budgetEquipment: 10_000,
  };
  await db.groupement.create({
    data: {
      ...project,
      ideaId: first.id,
      subAxes: "2.1",
      quartiers: "nantes-nord",
      members: { create: [{ organisationId: lead.id, isLead: true, subsidyShare: 140_000, commitment: "convention" }] },
    },
  });
  const threeMembers = [
    { organisationId: lead.id, isLead: true, subsidyShare: 100_000, commitment: "convention", resources: "competences" },
    { organisationId: habitat.id, subsidyShare: 40_000, commitment: "lettre-engagement", resources: "locaux" },
    { organisationId: sante.id, subsidyShare: 0, commitment: "lettre-engagement", resources: "locaux" },
  ];
  await db.groupement.create({
    data: {
      ...project,
      ideaId: second.id,
      subAxes: "1.1",
      quartiers: "malakoff-saint-donatien",
      members: { create: threeMembers },
    },
  });
  await db.groupement.create({
    data: {
      ...project,
      ideaId: draft.id,
      subAxes: "2.1",
      quartiers: "nantes-nord dervallieres-zola",
      submittedAt: inWeek(11),
      members: { create: threeMembers },
    },
  });
  await db.groupement.create({
    data: {
      ...project,
      ideaId: another.id,
      subAxes: "1.1 2.1",
      wholeCity: true,
      submittedAt: inWeek(8),
      members: { create: threeMembers },
    },
  });

  data = (await run(() => loader(loaderArgsFor(getRequest("/ccas", admin.cookie))))).data as Data;
});

describe("/ccas: who may open it", () => {
  it("sends an anonymous visitor to log in, refuses an organisation member, opens for every CCAS role", async () => {
    const anonymous = await run(() => loader(loaderArgsFor(getRequest("/ccas"))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/connexion/);
    expect((await run(() => loader(loaderArgsFor(getRequest("/ccas", member.cookie))))).status).toBe(403);
    const asReviewer = await run(() => loader(loaderArgsFor(getRequest("/ccas", reviewer.cookie))));
    expect(asReviewer.status).toBe(200);
    expect((asReviewer.data as Data).admin).toBe(false);
    expect(data.admin).toBe(true);
    expect((asReviewer.data as Data).organisations.total).toBe(data.organisations.total);
  });
});

describe("/ccas: the figures", () => {
  it("counts published structures only, by sector, and by quartier with the whole city apart", () => {
    expect(data.organisations.total).toBe(4);
    expect(row(data.organisations.bySector, "sante")).toBe(2);
    expect(row(data.organisations.bySector, "associatif")).toBe(1);
    expect(row(data.organisations.bySector, "habitat")).toBe(1);
    expect(row(data.organisations.bySector, "economique")).toBe(0);
    expect(row(data.organisations.bySector, "culturel")).toBe(0);
    // Santé Nord and the lead are in Nantes Nord; Santé Ville, acting on the whole city, is in no quartier.
    expect(row(data.organisations.byQuartier, "nantes-nord")).toBe(2);
    expect(row(data.organisations.byQuartier, "malakoff-saint-donatien")).toBe(1);
    expect(row(data.organisations.byQuartier, "bellevue-chantenay-sainte-anne")).toBe(1);
    expect(row(data.organisations.byQuartier, "centre-ville")).toBe(0);
    expect(data.organisations.wholeCity).toBe(1);
    expect(data.organisations.byQuartier).toHaveLength(11);
  });

  it("counts offers still valid of published structures, by resource", () => {
    expect(data.offers.total).toBe(2);
    expect(row(data.offers.byResource, "locaux")).toBe(1);
    expect(row(data.offers.byResource, "financier")).toBe(1);
    expect(row(data.offers.byResource, "salaries")).toBe(0);
    expect(row(data.offers.byResource, "competences")).toBe(0);
  });

  it("counts the call's published ideas, each in every sub-axis it targets", () => {
    // The seeded 2025 call, the only public one here: its ideas are the ones counted.
    expect(data.call?.title).toBe(CALLS[0]!.title);
    expect(data.ideas.total).toBe(2);
    expect(row(data.ideas.bySubAxis, "2.1")).toBe(1);
    expect(row(data.ideas.bySubAxis, "2.3")).toBe(1);
    expect(row(data.ideas.bySubAxis, "1.1")).toBe(1);
    expect(row(data.ideas.bySubAxis, "2.2")).toBe(0);
    expect(data.ideas.bySubAxis.map((item) => item.code)).toEqual(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]);
  });

  it("counts interests sent and accepted, and the median time to an answer", () => {
    expect(data.interests).toMatchObject({
      sent: 4,
      accepted: 2,
      declined: 1,
      pending: 1,
      answered: 3,
      medianAnswerMs: 4 * HOUR,
    });
    expect(data.medianAnswer).toBe("4 h");
  });

  it("sorts groupements into in preparation, passing every rule, and filed; filed ones by sub-axis and quartier", () => {
    expect(data.groupements).toMatchObject({ total: 4, draft: 1, eligible: 1, filed: 2, filedWholeCity: 1 });
    expect(row(data.groupements.filedBySubAxis, "2.1")).toBe(2);
    expect(row(data.groupements.filedBySubAxis, "1.1")).toBe(1);
    expect(row(data.groupements.filedBySubAxis, "2.3")).toBe(0);
    expect(row(data.groupements.filedByQuartier, "nantes-nord")).toBe(1);
    expect(row(data.groupements.filedByQuartier, "dervallieres-zola")).toBe(1);
    expect(row(data.groupements.filedByQuartier, "malakoff-saint-donatien")).toBe(0);
  });

  it("names the same three weakest quartiers as /api/coverage", async () => {
    const response = (await coverageLoader(loaderArgsFor(getRequest("/api/coverage")))) as Response;
    const coverage = (await response.json()) as {
      quartiers: { slug: string; name: string; population: number; coverage: number }[];
    };
    const weakest = coverage.quartiers
      .filter((quartier) => quartier.population > 0)
      .sort((a, b) => a.coverage - b.coverage || b.population - a.population || a.name.localeCompare(b.name, "fr"))
      .slice(0, 3);
    expect(data.weakest.quartiers.map((quartier) => [quartier.slug, quartier.coverage])).toEqual(
      weakest.map((quartier) => [quartier.slug, quartier.coverage]),
    );
    expect(data.weakest.sentence).toContain(weakest[0]!.name);
    // Nantes Nord has the most local supply here: it is not among the weakest.
    expect(data.weakest.quartiers.map((quartier) => quartier.slug)).not.toContain("nantes-nord");
  });
});

describe("/ccas: the weekly evolution", () => {
  it("counts each week what the totals count, dated by publication, sending or filing", () => {
    expect(data.weeks).toHaveLength(12);
    expect(data.weeks[11]!.current).toBe(true);
    expect(data.weeks.map((week) => week.monday)).toEqual(weeks.map((week) => week.monday));
    const column = (key: "organisations" | "offers" | "ideas" | "interests" | "filed") => data.weeks.map((week) => week[key]);
    const only = (entries: Record<number, number>) => Array.from({ length: 12 }, (_unused, index) => entries[index] ?? 0);
    // Santé Nord two weeks ago; Santé Ville and the lead this week; Habitat Ouest before the window,
    // and the unpublished one not at all.
    expect(column("organisations")).toEqual(only({ 9: 1, 11: 2 }));
    // The expired offer (week 8) and the offer of a structure not published are not counted.
    expect(column("offers")).toEqual(only({ 9: 1, 11: 1 }));
    expect(column("ideas")).toEqual(only({ 9: 1, 11: 1 }));
    expect(column("interests")).toEqual(only({ 9: 2, 11: 2 }));
    expect(column("filed")).toEqual(only({ 8: 1, 11: 1 }));
  });

  it("shows the figures of each chart in a table with a caption and row headers", () => {
    const html = renderToStaticMarkup(
      createElement(WeekChart, {
        id: "semaines-structures",
        title: "Structures publiées",
        definition: "Par semaine de première publication.",
        points: data.weeks.map((week) => ({
          monday: week.monday,
          label: week.label,
          current: week.current,
          count: week.organisations,
        })),
      }),
    );
    // In a frame named by the caption, which the keyboard reaches when the table scrolls.
    expect(html).toMatch(
      /<div class="table-wrap" role="region" aria-labelledby="([^"]+)" tabindex="0"><table class="week-chart-table"><caption id="\1">Structures publiées, par semaine<\/caption>/,
    );
    expect(html).toContain('role="img"');
    const cells = [...html.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="num">([^<]*)<\/td><\/tr>/g)].map((match) => [
      match[1],
      match[2],
    ]);
    expect(cells).toHaveLength(13);
    expect(cells[9]).toEqual([data.weeks[9]!.label, "1"]);
    expect(cells[11]).toEqual([`${data.weeks[11]!.label} (en cours)`, "2"]);
    expect(cells[12]).toEqual(["Total sur 12 semaines", "3"]);
    // One bar per week, the current one marked.
    expect(html.match(/<rect /g)).toHaveLength(12);
    expect(html.match(/week-chart-bar current/g)).toHaveLength(1);
  });
});

describe("/ccas: the page", () => {
  it("shows each figure with its definition, the tables with the whole city apart, and five charts", () => {
    const html = renderPage(data);
    expect(html).toContain("<h1>Tableau de bord</h1>");
    expect(html).toContain('aria-label="Espace CCAS"');
    expect(html).toMatch(
      /<dt>Structures publiées<\/dt><dd class="dashboard-value">4<\/dd><dd class="dashboard-definition">Structures dont la fiche est publiée/,
    );
    expect(html).toMatch(
      /<dt>Délai médian de réponse<\/dt><dd class="dashboard-value">4 h<span class="dashboard-extra"> \(sur 3 réponses\)/,
    );
    expect(html).toMatch(/<caption id="[^"]+">Structures publiées par quartier<\/caption>/);
    expect(html).toMatch(/<th scope="row">Toute la ville \(comptées à part\)<\/th><td class="num">1<\/td>/);
    expect(html).toMatch(/<th scope="row">2\.1 — [^<]+<\/th><td class="num">2<\/td>/);
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html.match(/<caption id="[^"]+">[^<]*, par semaine<\/caption>/g)).toHaveLength(5);
    expect(html).not.toContain("Aucune structure");
  });

  it("says in French when there is nothing to count yet", () => {
    const zero = <T extends { count: number }>(rows: T[]) => rows.map((item) => ({ ...item, count: 0 }));
    const html = renderPage({
      ...data,
      organisations: {
        total: 0,
        bySector: zero(data.organisations.bySector),
        byQuartier: zero(data.organisations.byQuartier),
        wholeCity: 0,
      },
      offers: { total: 0, byResource: zero(data.offers.byResource) },
      ideas: { total: 0, bySubAxis: zero(data.ideas.bySubAxis) },
      interests: { sent: 0, accepted: 0, declined: 0, pending: 0, answered: 0, medianAnswerMs: null },
      medianAnswer: null,
      groupements: { ...data.groupements, total: 0, draft: 0, eligible: 0, filed: 0 },
    });
    expect(html).toContain("Aucune structure n&#x27;est publiée pour l&#x27;instant.");
    expect(html).toContain("Aucune offre de ressource n&#x27;est publiée en ce moment.");
    expect(html).toContain("Aucune idée de projet n&#x27;est publiée pour cet appel.");
    expect(html).toContain("Aucun groupement n&#x27;est encore constitué pour cet appel.");
    expect(html).toContain("(aucune réponse pour l&#x27;instant)");
  });

  it("counts a call's ideas as /ccas/appels does: published ones, a draft in neither", async () => {
    const callOf = async () => {
      const list = (await run(() => callsLoader(loaderArgsFor(getRequest("/ccas/appels", admin.cookie))))).data as Awaited<
        ReturnType<typeof callsLoader>
      >;
      const dashboard = (await run(() => loader(loaderArgsFor(getRequest("/ccas", admin.cookie))))).data as Data;
      const row = list.calls.find((call) => call.slug === dashboard.chosenSlug)!;
      return { listed: row.ideas, counted: dashboard.ideas.total };
    };
    const before = await callOf();
    expect(before.listed).toBe(before.counted);
    const owner = await createActor();
    const organisation = await createOrganisationFor(owner);
    const idea = await createPublishedIdeaFor(organisation.id, { title: "Brouillon compté nulle part" });
    await getDb().idea.update({ where: { id: idea.id }, data: { status: "draft", stage: "draft" } });
    expect(await callOf()).toEqual(before);
  });
});
