// The legal notice, the privacy page and the accessibility statement, as they render: true of the
// site (accounts exist; the retention periods are the purge's), and written from configuration.
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CONTACT_MESSAGE_MONTHS, SESSION_DAYS } from "~/domain/retention";
import { LEGAL_VARIABLES } from "~/utils/legal.server";
import { createActor } from "../helpers/actors";
import { getDb } from "~/utils/db.server";
import { REFERENCE_POPULATION_SOURCE } from "~/domain/population";
import { savePopulation } from "~/models/quartier.server";

// The pages are rendered alone: their loader's data stands in for Remix's, and links are plain anchors.
const current: { data: unknown } = { data: null };
vi.mock("@remix-run/react", async (original) => ({
  ...(await original<Record<string, unknown>>()),
  useLoaderData: () => current.data,
  Link: ({ to, children }: { to: string; children: ReactNode }) => createElement("a", { href: to }, children),
}));

type Page = { loader: () => unknown; default: () => ReactNode };

async function render(route: "mentions-legales" | "confidentialite" | "accessibilite") {
  const page = (await import(`~/routes/${route}.tsx`)) as Page;
  current.data = await page.loader();
  const html = renderToStaticMarkup(createElement(page.default));
  // Text as a reader gets it: tags out, entities back.
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
  return { html, text };
}

const REAL = {
  PUBLISHER_NAME: "CCAS de la Ville de Nantes",
  PUBLISHER_ADDRESS: "1 bis place Saint-Similien, 44000 Nantes",
  PUBLICATION_DIRECTOR: "Dominique Exemple",
  HOST_NAME: "Hébergeur Réel SAS",
  HOST_ADDRESS: "10 rue du Serveur, 75000 Paris",
  CONTACT_EMAIL: "cooperons@ccas-nantes.example",
  DPO_EMAIL: "dpo@ccas-nantes.example",
};

afterEach(() => {
  for (const name of Object.keys(REAL)) delete process.env[name];
});

describe("the legal notice", () => {
  it("no longer says accounts do not exist, and links the privacy and accessibility pages", async () => {
    const { text, html } = await render("mentions-legales");
    expect(text).not.toMatch(/ne collecte aucune donnée personnelle|lorsqu'elles ouvriront|seront indiquées ici/);
    expect(text).toContain("Toute personne peut créer un compte");
    expect(text).toContain(`cooperons_session , qui garde votre connexion (${SESSION_DAYS} jours au plus)`);
    expect(html).toContain('href="/confidentialite"');
    expect(html).toContain('href="/accessibilite"');
    // The data sources stay.
    expect(text).toContain("Contours des 11 quartiers");
  });

  it("shows the demo's fictitious details, marked as such, until the configuration names the real ones", async () => {
    const demo = await render("mentions-legales");
    expect(demo.text).toContain(`édité par ${LEGAL_VARIABLES.PUBLISHER_NAME}`);
    expect(demo.text).toContain("Site de démonstration.");
    expect(demo.text).toContain("PUBLISHER_NAME, PUBLISHER_ADDRESS, PUBLICATION_DIRECTOR, HOST_NAME, HOST_ADDRESS");

    Object.assign(process.env, REAL);
    const real = await render("mentions-legales");
    expect(real.text).toContain("édité par CCAS de la Ville de Nantes, 1 bis place Saint-Similien, 44000 Nantes.");
    expect(real.text).toContain("Directeur ou directrice de la publication : Dominique Exemple.");
    expect(real.text).toContain("hébergés par Hébergeur Réel SAS, 10 rue du Serveur, 75000 Paris.");
    expect(real.html).toContain('href="mailto:cooperons@ccas-nantes.example"');
    expect(real.text).not.toContain("Site de démonstration.");
    expect(real.text).not.toContain("fictif");
  });
});

describe("the population's source on the legal notice", () => {
  it("calls the seeded figures reference figures, and no longer once the CCAS imported INSEE's table", async () => {
    const db = getDb();
    const before = await db.quartier.findMany({
      select: { slug: true, population: true, populationSource: true, populationYear: true, indicators: true },
    });
    expect(before.every((quartier) => quartier.populationSource === REFERENCE_POPULATION_SOURCE)).toBe(true);
    expect((await render("mentions-legales")).text).toContain("La copie utilisée ne cite pas sa source exacte");
    const rows = (source: string | null) =>
      before.map((quartier) => ({
        slug: quartier.slug,
        population: quartier.population,
        source: source ?? quartier.populationSource,
        year: source ? 2021 : quartier.populationYear,
        indicators: quartier.indicators ? (JSON.parse(quartier.indicators) as Record<string, string>) : null,
      }));
    await savePopulation(db, rows("INSEE, recensement de la population 2021"));
    try {
      const { text } = await render("mentions-legales");
      expect(text).toContain("(2021) : INSEE, recensement de la population 2021.");
      expect(text).toContain("Chiffres importés par le CCAS.");
      expect(text).not.toContain("ne cite pas sa source");
    } finally {
      await savePopulation(db, rows(null));
    }
  });
});

describe("the privacy page", () => {
  it("says what is kept, why and how long, with the purge's periods, and the rights and how to use them", async () => {
    Object.assign(process.env, REAL);
    const { text, html } = await render("confidentialite");
    for (const kept of [
      "Compte : nom, adresse e-mail, mot de passe",
      "Appartenance aux structures",
      "Messages de contact envoyés à une structure",
      "Connexions (sessions)",
      "Recherches enregistrées, choix d'alertes",
      "Journaux techniques",
    ])
      expect(text).toContain(kept);
    expect(text).toContain(`${CONTACT_MESSAGE_MONTHS} mois après l'envoi, puis effacés`);
    expect(text).toContain(`${SESSION_DAYS} jours au plus, puis effacées`);
    for (const right of ["accès", "portabilité", "rectification", "effacement", "opposition"]) expect(text).toContain(right);
    expect(text).toContain("Télécharger mes données");
    expect(html).toContain('href="mailto:dpo@ccas-nantes.example"');
    expect(html).toContain('href="https://www.cnil.fr/fr/plaintes"');
    expect(text).toContain("Le responsable du traitement est CCAS de la Ville de Nantes");
  });

  it("states the session lifetime the site really gives a log-in", async () => {
    const actor = await createActor();
    const session = await getDb().session.findFirstOrThrow({ where: { userId: actor.id } });
    const days = (session.expiresAt.getTime() - session.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(SESSION_DAYS);
  });
});

describe("the accessibility statement", () => {
  it("is « partiellement conforme », names known non-conformities, a contact and the Défenseur des droits", async () => {
    Object.assign(process.env, REAL);
    const { text, html } = await render("accessibilite");
    expect(text).toContain("Coopérons est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité");
    expect(text).toContain("Non-conformités connues");
    expect(text).toContain("n'est pas un PDF balisé");
    expect(text).toMatch(/Les cartes .* ne s'utilisent pas entièrement au clavier/);
    expect(html).toContain('href="mailto:cooperons@ccas-nantes.example"');
    expect(text).toContain("Défenseur des droits");
    expect(text).toContain("Libre réponse 71120, 75342 Paris CEDEX 07");
    expect(text).toContain("CCAS de la Ville de Nantes s'engage à rendre ses services en ligne accessibles");
  });
});
