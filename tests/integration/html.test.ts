// Every page as the real site sends it, read byte by byte: no NUL byte, nothing after </html>, and
// markup a validator accepts on the points that broke before (one element per id, no heading that
// skips a level). RGAA criterion 8.2 asks for valid code; React 18's stream broke it twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "~/models/audit.server";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

let server: AppServer;
let admin: Actor;
let ccas: Actor;
const publicPages: string[] = [];
const memberPages: string[] = [];

beforeAll(async () => {
  server = await startAppServer();
  const db = getDb();
  [admin, ccas] = await Promise.all([createActor(), createActor({ ccas: true })]);
  const [organisations, ideas] = await Promise.all([
    db.organisation.findMany({ where: { status: "published" }, select: { slug: true } }),
    db.idea.findMany({ where: { status: "published" }, select: { id: true, slug: true, organisationId: true } }),
  ]);
  publicPages.push(
    "/",
    "/axes/1",
    "/axes/2",
    "/recherche",
    "/recherche?q=santé",
    "/annuaire",
    "/idees",
    "/carte",
    "/laureats",
    "/quartiers",
    "/mentions-legales",
    "/confidentialite",
    "/accessibilite",
    "/donnees",
    "/connexion",
    "/inscription",
    "/mot-de-passe-oublie",
    "/une-page-qui-n-existe-pas",
    ...organisations.map(({ slug }) => `/organisations/${slug}`),
    ...ideas.map(({ slug }) => `/idees/${slug}`),
  );

  // The person runs a demo structure with an idea, its offers and a groupement, and a draft of their own.
  const idea = ideas[0]!;
  await db.membership.create({ data: { userId: admin.id, organisationId: idea.organisationId, role: "admin" } });
  const offer = await db.offer.findFirst({ where: { organisationId: idea.organisationId }, select: { id: true } });
  const groupement = await createGroupementFromIdea(db, idea.id);
  const draft = await createOrganisationFor(admin, { status: "draft" });
  const base = `/espace/organisations/${idea.organisationId}`;
  memberPages.push(
    "/espace",
    "/compte",
    "/espace/organisations/nouvelle",
    base,
    `${base}?cree=draft`,
    `${base}/membres`,
    `${base}/messagerie`,
    `${base}/offres/nouvelle`,
    ...(offer ? [`${base}/offres/${offer.id}`] : []),
    `${base}/idees/nouvelle`,
    `${base}/idees/${idea.id}`,
    `/espace/organisations/${draft.id}`,
    `/groupements/${groupement.id}`,
  );
});

afterAll(async () => {
  await server?.stop();
});

type Page = { path: string; status: number; bytes: Buffer; html: string };

async function fetchPage(path: string, { userAgent = BROWSER, cookie }: { userAgent?: string; cookie?: string } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    headers: { "User-Agent": userAgent, ...(cookie ? { Cookie: cookie } : {}) },
    redirect: "manual",
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { path, status: response.status, bytes, html: bytes.toString("utf8") } satisfies Page;
}

/** The markup with what is not markup taken out: scripts' code, styles, comments. */
function markupOf(html: string) {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "<script></script>")
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "<style></style>")
    .replace(/<!--[\s\S]*?-->/g, "");
}

function duplicateIds(html: string) {
  const ids = [...markupOf(html).matchAll(/<[a-zA-Z][^>]*?\sid="([^"]*)"/g)].map((match) => match[1]!);
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}

/** Each heading that comes more than one level below the one before it, as "h1 → h3 « name »". */
function headingJumps(html: string) {
  const headings = [...markupOf(html).matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((match) => ({
    level: Number(match[1]),
    text: match[2]!.replace(/<[^>]+>/g, "").trim(),
  }));
  const jumps: string[] = [];
  if (headings[0] && headings[0].level !== 1) jumps.push(`starts at h${headings[0].level} « ${headings[0].text} »`);
  headings.forEach((heading, index) => {
    const before = headings[index - 1];
    if (before && heading.level > before.level + 1) jumps.push(`h${before.level} → h${heading.level} « ${heading.text} »`);
  });
  return jumps;
}

function checkBytes(page: Page) {
  expect(page.bytes.indexOf(0), `${page.path}: a NUL byte`).toBe(-1);
  expect(() => new TextDecoder("utf-8", { fatal: true }).decode(page.bytes), `${page.path}: valid UTF-8`).not.toThrow();
  expect(page.html.startsWith("<!DOCTYPE html>"), `${page.path}: the doctype first`).toBe(true);
  expect(page.html.match(/<\/html>/g), `${page.path}: one </html>`).toHaveLength(1);
  // Remix's data scripts and anything streamed late come before </body>.
  expect(page.html.trimEnd().endsWith("</body></html>"), `${page.path}: nothing after </body></html>`).toBe(true);
  expect(page.html.match(/<\/body>/g), `${page.path}: one </body>`).toHaveLength(1);
}

function checkMarkup(page: Page) {
  expect(duplicateIds(page.html), `${page.path}: ids used twice`).toEqual([]);
  expect(headingJumps(page.html), `${page.path}: headings that skip a level`).toEqual([]);
}

describe("every page, as sent", () => {
  it("public pages: no NUL byte, everything inside <body>, unique ids, no heading jump", async () => {
    for (const path of publicPages) {
      const page = await fetchPage(path);
      expect(page.status, path).toBe(path === "/une-page-qui-n-existe-pas" ? 404 : 200);
      checkBytes(page);
      checkMarkup(page);
    }
  }, 120_000);

  it("the pages of a member's space and of the CCAS, the same", async () => {
    for (const path of memberPages) {
      const page = await fetchPage(path, { cookie: admin.cookie });
      expect(page.status, path).toBe(200);
      checkBytes(page);
      checkMarkup(page);
    }
    const call = await getDb().call.findFirstOrThrow({ select: { slug: true } });
    const groupement = await getDb().groupement.findFirst({ select: { id: true } });
    for (const path of [
      "/ccas",
      "/ccas/moderation",
      "/ccas/population",
      "/ccas/points",
      "/ccas/appels",
      `/ccas/appels/${call.slug}`,
      `/ccas/appels/${call.slug}/apercu`,
      "/ccas/groupements",
      "/ccas/groupements/comparaison",
      ...(groupement ? [`/ccas/groupements/${groupement.id}`] : []),
      "/ccas/exports",
      "/ccas/equipe",
      "/ccas/journal",
      "/ccas/structures-sans-administrateur",
    ]) {
      const page = await fetchPage(path, { cookie: ccas.cookie });
      expect(page.status, path).toBe(200);
      checkBytes(page);
      checkMarkup(page);
    }
  }, 120_000);

  it("the whole document at once, as robots and browsers without JavaScript get it, the same bytes rules", async () => {
    for (const path of publicPages) checkBytes(await fetchPage(path, { userAgent: BOT }));
  }, 120_000);

  it("a journal page past the last says so and links to the last one; removing a staff member asks first", async () => {
    const colleague = await createActor({ ccasRole: "ccas-reviewer" });
    await audit(getDb(), { id: null, label: "Test" }, "staff.grant", { type: "user", id: colleague.id }, "Accès");
    const page = await fetchPage("/ccas/journal?page=99999", { cookie: ccas.cookie });
    expect(page.html).toMatch(/La page 99999 n&#x27;existe pas : le journal a \d+ pages?\./);
    expect(page.html).toContain(">Aller à la dernière page</a>");
    const { name, email } = await getDb().user.findUniqueOrThrow({ where: { id: colleague.id } });
    const staff = await fetchPage(`/ccas/equipe?retirer=${colleague.id}`, { cookie: ccas.cookie });
    expect(staff.html).toContain(`Retirer l&#x27;accès de <!-- -->${name}<!-- --> (<!-- -->${email}<!-- -->) ?`);
    expect(staff.html).toContain(">Confirmer le retrait</button>");
  });

  it("the list of ideas says its count leaves the archived ones out, and links to them", async () => {
    const db = getDb();
    const shown = await db.idea.count({
      where: { status: "published", stage: { not: "archived" }, organisation: { status: "published" } },
    });
    const page = await fetchPage("/idees");
    expect(page.html).toContain(`${shown} idées publiées, hors idées archivées.`);
    expect(page.html).toContain('href="/idees?stage=archived&amp;page=1">Voir les idées archivées</a>');
    const archived = await fetchPage("/idees?stage=archived");
    expect(archived.html).not.toContain("hors idées archivées");
    expect(archived.html).not.toContain("Voir les idées archivées");
  });

  it("a list says when its address held a filter it does not have, as the search does, and not otherwise", async () => {
    for (const path of ["/annuaire?subAxis=9.9", "/annuaire?sector=atlantide&quartier=nantes-nord", "/idees?stage=enterree"]) {
      const page = await fetchPage(path);
      expect(page.html, path).toContain("Certains filtres de l&#x27;adresse n&#x27;existent pas et ont été ignorés.");
      // Above the filters (on a phone, below them it was a screen further down).
      expect(page.html.indexOf("ont été ignorés"), path).toBeLessThan(page.html.indexOf('class="filters"'));
    }
    for (const path of ["/annuaire?sector=sante&page=1", "/idees?quartier=nantes-nord", "/annuaire", "/idees?page=50"]) {
      const page = await fetchPage(path);
      expect(page.html, path).not.toContain("ont été ignorés");
    }
  });

  it("a list's page past its last says so and links to the last one, not « aucune idée n'est encore publiée »", async () => {
    for (const [path, empty] of [
      ["/idees?page=50", "Aucune idée n&#x27;est encore publiée"],
      ["/annuaire?page=50", "Aucune structure ne correspond"],
      ["/recherche?page=50", "Aucun résultat."],
    ] as const) {
      const page = await fetchPage(path);
      const [, last] = page.html.match(/La page 50 n&#x27;existe pas : cette liste compte (\d+) pages?\. /) ?? [];
      expect(Number(last), path).toBeGreaterThanOrEqual(1);
      expect(Number(last), path).toBeLessThan(50);
      const back = Number(last) > 1 ? "Aller à la dernière page" : "Revenir à la première page";
      expect(page.html, path).toMatch(new RegExp(`href="/[a-z]+\\?([a-zA-Z]+=[^"&]*&amp;)*page=${last}">${back}</a>`));
      // No stray « ?& » in the search's links when no words were typed.
      expect(page.html, path).not.toContain("?&amp;");
      expect(page.html, path).not.toContain(empty);
      expect(page.html, path).not.toContain("Page <!-- -->50<!-- --> sur");
      // The last page itself lists something.
      const lastPage = await fetchPage(path.replace("page=50", `page=${last}`));
      expect(lastPage.html, path).not.toContain("n&#x27;existe pas");
    }
    // Past the last page the search goes through: said the same, not « filtres ignorés ».
    const far = await fetchPage("/recherche?page=99999");
    expect(far.html).toMatch(/La page 99999 n&#x27;existe pas : cette liste compte \d+ pages?\. /);
    expect(far.html).not.toContain("ont été ignorés");
  });

  it("a long form refused without JavaScript lists, at its top, each field in error as a link to its message", async () => {
    const response = await fetch(`${server.url}/espace/organisations/nouvelle`, {
      method: "POST",
      headers: { Cookie: admin.cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["intent", "save"],
        ["name", ""],
        ["shortDescription", "Une salle prêtée le samedi."],
        ["sector", "economique"],
        ["kind", "entreprise"],
        ["website", "mon site"],
        ["wholeCity", "on"],
        ["quartiers", "nantes-nord"],
      ]),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    const summary = html.match(/<ul class="error-summary">([\s\S]*?)<\/ul>/)?.[1] ?? "";
    const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map(([, target, text]) => ({ target, text }));
    expect(links.map((link) => link.text)).toEqual([
      "Nom de la structure : ce champ est obligatoire.",
      "Indiquez l&#x27;adresse du site, par exemple www.exemple.fr.",
      "Territoire : cochez « toute la ville » ou des quartiers, pas les deux.",
    ]);
    // Each leads to the message beside its field.
    for (const link of links) expect(html).toMatch(new RegExp(`id="${link.target}"`));
  });

  it("the other long forms refused without JavaScript list their fields in error too: a new idea, a new offer, a fiche's edit", async () => {
    const organisation = await createOrganisationFor(admin);
    const base = `/espace/organisations/${organisation.id}`;
    const cases = [
      {
        path: `${base}/idees/nouvelle`,
        body: [
          ["title", ""],
          ["summary", "Un résumé."],
        ],
        said: "Rien n&#x27;a été enregistré",
      },
      { path: `${base}/offres/nouvelle`, body: [["title", ""]], said: "Rien n&#x27;a été enregistré" },
      {
        path: base,
        body: [
          ["intent", "save"],
          ["name", ""],
          ["website", "mon site"],
        ],
        said: "Rien n&#x27;a été enregistré",
      },
    ];
    for (const { path, body, said } of cases) {
      const response = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { Cookie: admin.cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(body),
        redirect: "manual",
      });
      expect(response.status, path).toBe(400);
      const html = await response.text();
      expect(html, path).toContain(said);
      const summary = html.match(/<ul class="error-summary">([\s\S]*?)<\/ul>/)?.[1] ?? "";
      const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map(([, target, text]) => ({ target, text }));
      expect(links.length, path).toBeGreaterThan(1);
      expect(links.map((link) => link.text).join(" | "), path).toMatch(/ce champ est obligatoire/);
      for (const link of links) expect(html, `${path} → #${link.target}`).toMatch(new RegExp(`id="${link.target}"`));
    }
  });

  it("a fiche marked « vérifiée » and still waiting says so in the moderation queue", async () => {
    const waiting = await createOrganisationFor(admin, { status: "pending" });
    await getDb().organisation.update({ where: { id: waiting.id }, data: { verifiedAt: new Date() } });
    const page = await fetchPage("/ccas/moderation", { cookie: ccas.cookie });
    const heading = page.html.match(new RegExp(`<h3 id="org-${waiting.id}">([\\s\\S]*?)</h3>`))?.[1] ?? "";
    expect(heading).toContain(waiting.name);
    expect(heading).toContain('<span class="badge">Vérifiée</span>');
  });

  it("a structure's address shows on its fiche, with or without its quartier, as its form says", async () => {
    const organisation = await createOrganisationFor(admin);
    await getDb().organisation.update({ where: { id: organisation.id }, data: { address: "12 rue de la Paix" } });
    const page = await fetchPage(`/organisations/${organisation.slug}`);
    expect(page.html).toMatch(/<strong>Implantée à :<\/strong> (<!-- -->)?12 rue de la Paix<\/li>/);
  });

  it("an idea whose groupement is said formed, without partners joined here, does not ask to be the first; a demo idea says it is fictitious", async () => {
    const db = getDb();
    const demo = await db.organisation.findFirstOrThrow({ where: { status: "published", isDemo: true } });
    const idea = await createPublishedIdeaFor(demo.id, { title: "Groupement déjà formé" });
    await db.idea.update({ where: { id: idea.id }, data: { stage: "groupement-formed" } });
    const page = await fetchPage(`/idees/${idea.slug}`);
    expect(page.html).toContain("Groupement constitué");
    expect(page.html).toContain("Aucune structure ne l&#x27;a rejoint sur Coopérons.");
    expect(page.html).not.toContain("soyez le premier");
    expect(page.html).toContain("Démo — idée fictive");
    expect(page.html).not.toContain("structure fictive");
  });

  it("a laureate idea: no form to join it; its structure's people keep the way to its groupement, others the structure's contact form", async () => {
    const db = getDb();
    const organisation = await createOrganisationFor(admin);
    const idea = await createPublishedIdeaFor(organisation.id, { title: "Projet lauréat" });
    const groupement = await createGroupementFromIdea(db, idea.id);
    await db.idea.update({ where: { id: idea.id }, data: { stage: "laureate" } });
    const own = await fetchPage(`/idees/${idea.slug}`, { cookie: admin.cookie });
    expect(own.html).toContain("Ce projet est lauréat de l&#x27;appel : il ne reçoit plus de propositions de participation.");
    expect(own.html).toContain(`href="/groupements/${groupement.id}"`);
    expect(own.html).not.toContain("Proposer de participer");
    const other = await fetchPage(`/idees/${idea.slug}`, { cookie: ccas.cookie });
    expect(other.html).toContain(">Propositions de participation</h2>");
    expect(other.html).toContain(`href="/organisations/${organisation.slug}#contacter"`);
    expect(other.html).not.toContain("Proposer de participer");
    expect(other.html).not.toContain(`href="/groupements/${groupement.id}"`);
    // A partner structure's member still reads that it is one.
    const partnerAdmin = await createActor();
    const partner = await createOrganisationFor(partnerAdmin);
    const interest = await db.interest.create({
      data: { ideaId: idea.id, organisationId: partner.id, message: "Avec plaisir.", resources: "locaux", status: "accepted" },
    });
    await db.candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id, interestId: interest.id } });
    const asPartner = await fetchPage(`/idees/${idea.slug}`, { cookie: partnerAdmin.cookie });
    expect(asPartner.html).toMatch(new RegExp(`${partner.name}(<!-- -->)? fait partie des partenaires de ce projet\\.`));
  });

  it("the list of ideas filters by the stages a published idea may be at, « Toutes » agreed with « Étape »", async () => {
    const page = await fetchPage("/idees");
    const stage = page.html.match(/<select id="filtre-stage" name="stage">([\s\S]*?)<\/select>/)?.[1] ?? "";
    expect(stage).toContain(">Toutes</option>");
    expect(stage).toContain(">Recherche de partenaires</option>");
    expect(stage).not.toContain("Brouillon");
    const resource = page.html.match(/<select id="filtre-resource" name="resource">([\s\S]*?)<\/select>/)?.[1] ?? "";
    expect(resource).toContain(">Toutes</option>");
    const sector = page.html.match(/<select id="filtre-sector" name="sector">([\s\S]*?)<\/select>/)?.[1] ?? "";
    expect(sector).toContain(">Tous</option>");
    // The search's note on the stages names the same ones.
    expect((await fetchPage("/recherche")).html).toMatch(
      /Les étapes des idées : (<!-- -->)?recherche de partenaires, groupement constitué,/,
    );
  });

  it("the page where a two-byte character met byte 4,096 (« Dervalli\\0ères ») carries its quartier names whole", async () => {
    const page = await fetchPage("/idees");
    expect(page.html).toContain(">Dervallières - Zola<");
  });
});
