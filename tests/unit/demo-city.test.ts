// The full demo as prisma/demo-city.ts draws it, before any database: what a newcomer will see is
// varied, marked as fictitious, the same on every run, and gives the recommendations something to show.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nantesIsolement2025 } from "~/domain/calls/nantes-isolement-2025";
import { localDay } from "~/domain/format";
import { quartierOfPoint, type QuartierCollection } from "~/domain/geo";
import { recommendPartners, type RecommendationCandidate } from "~/domain/recommendation";
import { IDEA_STAGES, TARGET_TAGS } from "~/domain/schemas/idea";
import { OFFER_CONDITIONS, OFFER_SLOTS } from "~/domain/schemas/offer";
import { SHORT_DESCRIPTION_MAX } from "~/domain/schemas/organisation";
import { QUARTIERS, RESOURCES } from "~/domain/taxonomy";
import { DEMO_MARK, generateDemoCity, generateScaleOrganisations } from "../../prisma/demo-city";

const shapes = JSON.parse(
  fs.readFileSync(path.resolve("prisma", "data", "geo", "quartiers-nantes.geojson"), "utf8"),
) as QuartierCollection;
const today = new Date("2026-11-30T09:00:00Z");
const city = generateDemoCity(shapes, today);

describe("the full demo", () => {
  it("is the same on every run, whatever the day, only its dates following the day", () => {
    const again = generateDemoCity(shapes, today);
    const later = generateDemoCity(shapes, new Date("2027-06-01T09:00:00Z"));
    expect(again).toEqual(city);
    const names = (demo: typeof city) => [
      ...demo.organisations.map((organisation) => [organisation.slug, organisation.name, organisation.latitude]),
      ...demo.offers.map((offer) => [offer.organisation, offer.title, offer.quartier]),
      ...demo.ideas.map((idea) => [idea.slug, idea.organisation, idea.groupement?.members.map((member) => member.organisation)]),
    ];
    expect(names(later)).toEqual(names(city));
    expect(later.offers[0]!.validUntil!.getTime()).toBeGreaterThan(city.offers[0]!.validUntil!.getTime());
  });

  it("names every structure with an invented word, once each, and marks everything as a demo", () => {
    const names = city.organisations.map((organisation) => organisation.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(city.organisations.map((organisation) => organisation.slug)).size).toBe(names.length);
    for (const organisation of city.organisations) {
      expect(organisation.name).toMatch(/^\S.* \(démo\)$/);
      expect(organisation.slug).toMatch(/^demo-[a-z0-9-]+$/);
      expect(organisation.description).toMatch(/^Structure fictive créée pour montrer la plateforme\./);
      expect(organisation.shortDescription).toMatch(/fictif|fictive/);
      expect(organisation.shortDescription.length).toBeLessThanOrEqual(SHORT_DESCRIPTION_MAX);
    }
    for (const offer of city.offers) {
      expect(offer.title.endsWith(DEMO_MARK)).toBe(true);
      expect(offer.description).toMatch(/^Offre fictive de démonstration : /);
    }
    for (const idea of city.ideas) {
      expect(idea.title.endsWith(DEMO_MARK)).toBe(true);
      expect(idea.summary).toMatch(/^Idée fictive de démonstration : /);
      expect(idea.summary.length).toBeLessThanOrEqual(300);
    }
  });

  it("places every structure and offer inside its quartier, by the rule the forms use", () => {
    for (const organisation of city.organisations) {
      const point = { lat: organisation.latitude, lng: organisation.longitude };
      expect(quartierOfPoint(shapes, point)?.code, organisation.name).toBe(organisation.homeQuartier);
      if (!organisation.wholeCity) expect(organisation.quartiers).toContain(organisation.homeQuartier);
    }
    for (const offer of city.offers.filter((item) => item.quartier)) {
      expect(quartierOfPoint(shapes, { lat: offer.latitude!, lng: offer.longitude! })?.code).toBe(offer.quartier);
    }
  });

  it("gives offers known codes, days and the resources their structure says it offers", () => {
    const byslug = new Map(city.organisations.map((organisation) => [organisation.slug, organisation]));
    for (const offer of city.offers) {
      expect(byslug.get(offer.organisation)?.offers).toContain(offer.resource);
      expect(offer.slots.length).toBeGreaterThan(0);
      for (const slot of offer.slots) expect(OFFER_SLOTS.map((item) => item.code)).toContain(slot);
      expect(OFFER_CONDITIONS.map((item) => item.code)).toContain(offer.conditions);
      if (offer.validFrom && offer.validUntil) expect(offer.validFrom.getTime()).toBeLessThan(offer.validUntil.getTime());
    }
    expect(new Set(city.offers.map((offer) => offer.resource))).toEqual(new Set(RESOURCES.map((resource) => resource.code)));
    for (const idea of city.ideas) for (const tag of idea.tags) expect(TARGET_TAGS.map((item) => item.code)).toContain(tag);
  });

  it("gives the partner suggestions of every idea still looking for partners something to show, with their reasons", () => {
    const candidates: RecommendationCandidate[] = city.organisations.map((organisation) => ({
      id: organisation.slug,
      name: organisation.name,
      sector: organisation.sector,
      kind: organisation.kind,
      territory: { wholeCity: organisation.wholeCity, quartiers: organisation.quartiers },
      subAxes: organisation.subAxes,
      resources: organisation.offers,
      offers: city.offers
        .filter((offer) => offer.organisation === organisation.slug)
        .map((offer) => ({
          resource: offer.resource,
          quartiers: offer.quartier ? [offer.quartier] : [],
          validUntil: offer.validUntil ? offer.validUntil.toISOString().slice(0, 10) : null,
        })),
    }));
    const lead = new Map(city.organisations.map((organisation) => [organisation.slug, organisation]));
    const seeking = city.ideas.filter((idea) => idea.stage === "looking-for-partners" || idea.stage === "groupement-formed");
    expect(seeking.length).toBeGreaterThanOrEqual(8);
    for (const idea of seeking) {
      const organisation = lead.get(idea.organisation)!;
      const suggestions = recommendPartners(
        {
          members: [{ id: organisation.slug, sector: organisation.sector, kind: organisation.kind }],
          seekSectors: idea.sectorsSought,
          seekResources: idea.resourcesSought,
          subAxes: idea.subAxes,
          territory: { wholeCity: idea.wholeCity, quartiers: idea.quartiers },
        },
        candidates,
        { weights: nantesIsolement2025.recommendationWeights, today: localDay(today) },
      ).slice(0, 10);
      expect(suggestions, idea.title).toHaveLength(10);
      const codes = new Set(suggestions.flatMap((suggestion) => suggestion.reasons.map((reason) => reason.code)));
      expect([...codes], idea.title).toEqual(expect.arrayContaining(["fixes-sectors", "sought-sector", "offers-resource"]));
    }
  });

  it("files a groupement after its idea was published and the groupement formed, before the call's deadline", () => {
    const filed = city.ideas.filter((idea) => idea.groupement?.submittedOn);
    expect(filed.length).toBeGreaterThan(0);
    for (const idea of filed) {
      const filedOn = idea.groupement!.submittedOn!;
      // The seed forms the groupement when the idea is published (its members join then).
      expect(localDay(idea.publishedAt!) < filedOn, idea.title).toBe(true);
      expect(filedOn <= localDay(new Date(nantesIsolement2025.deadline)), idea.title).toBe(true);
      // Its structures were on the platform before it.
      for (const member of idea.groupement!.members) {
        const organisation = city.organisations.find((candidate) => candidate.slug === member.organisation)!;
        expect(organisation.publishedAt < idea.publishedAt!, member.organisation).toBe(true);
      }
    }
  });

  it("covers every idea stage and sub-axis of the call, and every quartier", () => {
    expect(new Set(city.ideas.map((idea) => idea.stage))).toEqual(new Set(IDEA_STAGES.map((stage) => stage.code)));
    const subAxes = nantesIsolement2025.axes.flatMap((axis) => axis.subAxes.map((subAxis) => subAxis.code));
    expect(new Set(city.ideas.flatMap((idea) => idea.subAxes))).toEqual(new Set(subAxes));
    expect(new Set(city.organisations.flatMap((organisation) => organisation.subAxes))).toEqual(new Set(subAxes));
    expect(new Set(city.organisations.map((organisation) => organisation.homeQuartier))).toEqual(
      new Set(QUARTIERS.map((quartier) => quartier.code)),
    );
  });
});

describe("more of the same, for benchmarks", () => {
  it("draws new structures from where the last run stopped, the same for the same start", () => {
    const first = generateScaleOrganisations(shapes, { start: 0, count: 200, today });
    const next = generateScaleOrganisations(shapes, { start: 200, count: 200, today });
    expect(generateScaleOrganisations(shapes, { start: 0, count: 200, today })).toEqual(first);
    const slugs = [...first.organisations, ...next.organisations].map((organisation) => organisation.slug);
    expect(new Set(slugs).size).toBe(400);
    expect(first.organisations.every((organisation) => organisation.name.endsWith(DEMO_MARK))).toBe(true);
    // About one offer for two structures, some of them expired.
    expect(first.offers.length).toBeGreaterThan(60);
    expect(first.offers.length).toBeLessThan(140);
    expect(first.offers.some((offer) => offer.validUntil !== null && offer.validUntil < today)).toBe(true);
  });
});
