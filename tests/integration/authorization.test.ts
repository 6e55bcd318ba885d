/// <reference types="vite/client" />
// Every route module, every loader and action, for every kind of visitor. A route missing from
// this table makes the test fail: nobody adds a page without saying who may see it.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createSession } from "~/utils/session.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { makePng } from "../helpers/images";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

const ROLES = ["anonymous", "other", "editor", "admin", "ccas"] as const;
type Role = (typeof ROLES)[number];
type Statuses = Record<Role, number>;

type Fixture = { organisationId: string; slug: string; offerId: string; ideaId: string; ideaSlug: string; groupementId: string };
type Spec = {
  path: (fixture: Fixture) => string;
  params?: (fixture: Fixture) => Record<string, string>;
  loader?: Statuses;
  /** The action receives this form; allowed visitors get the form's own answer (often 400). */
  action?: { form: Record<string, string>; statuses: Statuses };
  /** The action ends the session it is called with: give it a session of its own. */
  ownSession?: boolean;
};

const all = (status: number): Statuses => ({ anonymous: status, other: status, editor: status, admin: status, ccas: status });
const signedIn = (status: number): Statuses => ({ anonymous: 302, other: status, editor: status, admin: status, ccas: status });
const anonymousOnly = (status: number): Statuses => ({ anonymous: status, other: 302, editor: 302, admin: 302, ccas: 302 });
const members = (editor: number, admin = editor): Statuses => ({ anonymous: 302, other: 404, editor, admin, ccas: 404 });
/** A groupement: its members' people see it (the lead acts), the CCAS reads it, others get 404. */
const groupementView = (status: number): Statuses => ({
  anonymous: 302,
  other: 404,
  editor: status,
  admin: status,
  ccas: status,
});
const ccasOnly = (status: number): Statuses => ({ anonymous: 302, other: 403, editor: 403, admin: 403, ccas: status });

const TABLE: Record<string, Spec> = {
  "_index.tsx": { path: () => "/", loader: all(200) },
  "$.tsx": { path: () => "/nulle-part", params: () => ({ "*": "nulle-part" }), loader: all(404) },
  "annuaire.tsx": { path: () => "/annuaire", loader: all(200) },
  "axes.$code.tsx": { path: () => "/axes/1", params: () => ({ code: "1" }), loader: all(200) },
  "quartiers.tsx": { path: () => "/quartiers", loader: all(200) },
  "laureats.tsx": { path: () => "/laureats", loader: all(200) },
  "mentions-legales.tsx": { path: () => "/mentions-legales", loader: all(200) },
  "geo.quartiers[.]geojson.ts": { path: () => "/geo/quartiers.geojson", loader: all(200) },
  "geo.iris[.]geojson.ts": { path: () => "/geo/iris.geojson", loader: all(200) },
  "healthz.ts": { path: () => "/healthz", loader: all(200) },
  "dev.mails.tsx": { path: () => "/dev/mails", loader: all(404) },
  "inscription.tsx": {
    path: () => "/inscription",
    loader: anonymousOnly(200),
    action: { form: {}, statuses: anonymousOnly(400) },
  },
  "connexion.tsx": { path: () => "/connexion", loader: anonymousOnly(200), action: { form: {}, statuses: anonymousOnly(400) } },
  "deconnexion.ts": { path: () => "/deconnexion", loader: all(302), action: { form: {}, statuses: all(302) }, ownSession: true },
  "verifier-email.tsx": { path: () => "/verifier-email", loader: all(200), action: { form: {}, statuses: all(400) } },
  "mot-de-passe-oublie.tsx": { path: () => "/mot-de-passe-oublie", action: { form: {}, statuses: all(400) } },
  "nouveau-mot-de-passe.tsx": { path: () => "/nouveau-mot-de-passe", loader: all(200), action: { form: {}, statuses: all(400) } },
  "compte.tsx": {
    path: () => "/compte",
    loader: signedIn(200),
    action: { form: { intent: "change-name" }, statuses: signedIn(400) },
  },
  "invitation.tsx": { path: () => "/invitation", loader: signedIn(200), action: { form: {}, statuses: signedIn(400) } },
  "espace._index.tsx": { path: () => "/espace", loader: signedIn(200) },
  "espace.organisations.nouvelle.tsx": {
    path: () => "/espace/organisations/nouvelle",
    loader: signedIn(200),
    action: { form: {}, statuses: signedIn(400) },
  },
  "espace.organisations.$id._index.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}`,
    params: (f) => ({ id: f.organisationId }),
    loader: members(200),
    action: { form: { intent: "save" }, statuses: members(400) },
  },
  "espace.organisations.$id.membres.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}/membres`,
    params: (f) => ({ id: f.organisationId }),
    loader: members(200),
    action: { form: { intent: "invite", email: "" }, statuses: members(403, 400) },
  },
  "espace.organisations.$id.offres.nouvelle.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}/offres/nouvelle`,
    params: (f) => ({ id: f.organisationId }),
    loader: members(200),
    action: { form: {}, statuses: members(400) },
  },
  "espace.organisations.$id.offres.$offerId.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}/offres/${f.offerId}`,
    params: (f) => ({ id: f.organisationId, offerId: f.offerId }),
    loader: members(200),
    action: { form: { intent: "save" }, statuses: members(400) },
  },
  "organisations.$slug._index.tsx": {
    path: (f) => `/organisations/${f.slug}`,
    params: (f) => ({ slug: f.slug }),
    loader: all(200),
    action: { form: {}, statuses: all(400) },
  },
  "organisations.$slug.logo.ts": {
    path: (f) => `/organisations/${f.slug}/logo`,
    params: (f) => ({ slug: f.slug }),
    loader: all(200),
  },
  "idees._index.tsx": { path: () => "/idees", loader: all(200) },
  "idees.$slug.tsx": {
    path: (f) => `/idees/${f.ideaSlug}`,
    params: (f) => ({ slug: f.ideaSlug }),
    loader: all(200),
    action: { form: {}, statuses: signedIn(400) },
  },
  "espace.organisations.$id.idees.nouvelle.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}/idees/nouvelle`,
    params: (f) => ({ id: f.organisationId }),
    loader: members(200),
    action: { form: {}, statuses: members(400) },
  },
  "espace.organisations.$id.idees.$ideaId.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}/idees/${f.ideaId}`,
    params: (f) => ({ id: f.organisationId, ideaId: f.ideaId }),
    loader: members(200),
    action: { form: { intent: "save" }, statuses: members(400) },
  },
  "espace.organisations.$id.messagerie.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}/messagerie`,
    params: (f) => ({ id: f.organisationId }),
    loader: members(200),
    // Only admins answer interests: an editor is refused before the form is read.
    action: { form: { intent: "accept" }, statuses: members(403, 400) },
  },
  "signaler.tsx": {
    path: (f) => `/signaler?type=idea&id=${f.ideaId}`,
    loader: signedIn(200),
    action: { form: {}, statuses: signedIn(400) },
  },
  "groupements.$id._index.tsx": {
    path: (f) => `/groupements/${f.groupementId}`,
    params: (f) => ({ id: f.groupementId }),
    loader: groupementView(200),
    // The lead's editor and admin get the form's answer; the CCAS only reads.
    action: { form: { intent: "budget" }, statuses: { anonymous: 302, other: 404, editor: 400, admin: 400, ccas: 403 } },
  },
  "groupements.$id.documents.$kind.ts": {
    path: (f) => `/groupements/${f.groupementId}/documents/project-sheet`,
    params: (f) => ({ id: f.groupementId, kind: "project-sheet" }),
    loader: groupementView(200),
  },
  "groupements.$id.dossier[.]pdf.ts": {
    path: (f) => `/groupements/${f.groupementId}/dossier.pdf`,
    params: (f) => ({ id: f.groupementId }),
    loader: groupementView(200),
  },
  "groupements.$id.dossier[.]docx.ts": {
    path: (f) => `/groupements/${f.groupementId}/dossier.docx`,
    params: (f) => ({ id: f.groupementId }),
    loader: groupementView(200),
  },
  "recherche.tsx": { path: () => "/recherche?q=salle", loader: all(200) },
  "api.search.ts": { path: () => "/api/search?q=salle", loader: all(200) },
  "carte.tsx": { path: () => "/carte?quartier=nantes-nord", loader: all(200) },
  "api.coverage.ts": { path: () => "/api/coverage", loader: all(200) },
  "ccas.population.tsx": {
    path: () => "/ccas/population",
    loader: ccasOnly(200),
    action: { form: { csv: "slug" }, statuses: ccasOnly(400) },
  },
  "ccas.moderation.tsx": { path: () => "/ccas/moderation", loader: ccasOnly(200), action: { form: {}, statuses: ccasOnly(400) } },
  // The tests configure no geocoder: signed-in people are told there is no address search.
  "api.adresse.ts": { path: () => "/api/adresse?q=12+rue+de+strasbourg", loader: signedIn(404) },
  "ccas.points.tsx": { path: () => "/ccas/points", loader: ccasOnly(200), action: { form: {}, statuses: ccasOnly(400) } },
};

const modules = import.meta.glob<{ loader?: (args: unknown) => Promise<unknown>; action?: (args: unknown) => Promise<unknown> }>(
  "../../app/routes/*.{ts,tsx}",
);
const moduleFor = (file: string) => modules[`../../app/routes/${file}`]!();

let fixture: Fixture;
const cookies: Partial<Record<Role, string>> = {};
const userIds: Partial<Record<Role, string>> = {};

async function cookieFor(role: Role, ownSession = false): Promise<string | undefined> {
  const userId = userIds[role];
  if (!ownSession || !userId) return cookies[role];
  return (await createSession(userId, new Request("http://localhost/"))).split(";")[0];
}

beforeAll(async () => {
  const [editor, admin, other, ccas]: Actor[] = await Promise.all([
    createActor(),
    createActor(),
    createActor(),
    createActor({ ccas: true }),
  ]);
  const organisation = await createOrganisationFor(admin!, { editors: [editor!] });
  await createOrganisationFor(other!);
  const logo = "0123456789abcdef0123456789abcdef.png";
  fs.mkdirSync(path.join(process.env.DATA_DIR!, "uploads", "logos"), { recursive: true });
  fs.writeFileSync(path.join(process.env.DATA_DIR!, "uploads", "logos", logo), makePng());
  await getDb().organisation.update({ where: { id: organisation.id }, data: { logoFile: logo, logoType: "image/png" } });
  const offer = await getDb().offer.create({
    data: {
      organisationId: organisation.id,
      resource: "locaux",
      title: "Salle",
      description: "Une salle",
      availability: "Le samedi",
      conditions: "free",
    },
  });
  const idea = await getDb().idea.create({
    data: {
      slug: `idee-${organisation.slug}`,
      organisationId: organisation.id,
      callId: (await getDb().call.findFirstOrThrow()).id,
      title: "Une idée",
      summary: "Un résumé",
      description: "Une description",
      targetPublic: "Tout public",
      wholeCity: true,
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: { create: [{ kind: "subAxis", code: "2.1" }] },
    },
  });
  const sheet = "fedcba9876543210fedcba9876543210.pdf";
  fs.mkdirSync(path.join(process.env.DATA_DIR!, "uploads", "documents"), { recursive: true });
  fs.writeFileSync(path.join(process.env.DATA_DIR!, "uploads", "documents", sheet), "%PDF-1.4\n%%EOF\n");
  const groupement = await createGroupementFromIdea(getDb(), idea.id);
  await getDb().groupement.update({ where: { id: groupement.id }, data: { projectSheetFile: sheet } });
  fixture = {
    organisationId: organisation.id,
    slug: organisation.slug,
    offerId: offer.id,
    ideaId: idea.id,
    ideaSlug: idea.slug,
    groupementId: groupement.id,
  };
  Object.assign(cookies, { editor: editor!.cookie, admin: admin!.cookie, other: other!.cookie, ccas: ccas!.cookie });
  Object.assign(userIds, { editor: editor!.id, admin: admin!.id, other: other!.id, ccas: ccas!.id });
});

beforeEach(() => resetRateLimits());

describe("authorization of every route", () => {
  it("has a row for every route module, covering exactly its loader and action", async () => {
    const files = fs
      .readdirSync(path.resolve("app/routes"))
      .filter((file) => /\.tsx?$/.test(file))
      .sort();
    expect(Object.keys(TABLE).sort()).toEqual(files);
    for (const file of files) {
      const module = await moduleFor(file);
      expect(Boolean(TABLE[file]!.loader), `${file}: loader`).toBe(typeof module.loader === "function");
      expect(Boolean(TABLE[file]!.action), `${file}: action`).toBe(typeof module.action === "function");
    }
  });

  for (const [file, spec] of Object.entries(TABLE)) {
    for (const role of ROLES) {
      if (spec.loader) {
        it(`${file} loader answers ${spec.loader[role]} to ${role}`, async () => {
          const { loader } = await moduleFor(file);
          const request = getRequest(spec.path(fixture), cookies[role]);
          const result = await run(() => loader!(loaderArgsFor(request, spec.params?.(fixture))));
          expect(result.status).toBe(spec.loader![role]);
        });
      }
      if (spec.action) {
        it(`${file} action answers ${spec.action.statuses[role]} to ${role}`, async () => {
          const { action } = await moduleFor(file);
          const request = formRequest(spec.path(fixture), spec.action!.form, await cookieFor(role, spec.ownSession));
          const result = await run(() => action!(actionArgs(request, spec.params?.(fixture))));
          expect(result.status).toBe(spec.action!.statuses[role]);
        });
      }
    }
  }
});

// The groupement workspace's intents, for every person around a groupement: the lead's and a
// partner's editors and admins, an outsider, the CCAS. A structure's contribution is confirmed by
// that structure's admins only.
const GROUPEMENT_ROLES = ["anonymous", "other", "leadEditor", "leadAdmin", "partnerEditor", "partnerAdmin", "ccas"] as const;
type GroupementRole = (typeof GROUPEMENT_ROLES)[number];
type GroupementFixture = { groupementId: string; leadId: string; partnerId: string };

const GROUPEMENT_INTENTS: {
  name: string;
  form: (fixture: GroupementFixture) => Record<string, string>;
  statuses: Record<GroupementRole, number>;
}[] = [
  {
    name: "confirm the partner's contribution",
    form: (f) => ({ intent: "confirm", organisationId: f.partnerId }),
    statuses: { anonymous: 302, other: 404, leadEditor: 403, leadAdmin: 403, partnerEditor: 403, partnerAdmin: 200, ccas: 403 },
  },
  {
    name: "confirm the lead's contribution",
    form: (f) => ({ intent: "confirm", organisationId: f.leadId }),
    statuses: { anonymous: 302, other: 404, leadEditor: 403, leadAdmin: 200, partnerEditor: 403, partnerAdmin: 403, ccas: 403 },
  },
  {
    name: "edit the partner's contribution",
    form: (f) => ({ intent: "member", organisationId: f.partnerId, role: "Repérage", commitment: "convention" }),
    statuses: { anonymous: 302, other: 404, leadEditor: 200, leadAdmin: 200, partnerEditor: 200, partnerAdmin: 200, ccas: 403 },
  },
  {
    name: "edit the lead's contribution",
    form: (f) => ({ intent: "member", organisationId: f.leadId, role: "Coordination" }),
    statuses: { anonymous: 302, other: 404, leadEditor: 200, leadAdmin: 200, partnerEditor: 403, partnerAdmin: 403, ccas: 403 },
  },
  {
    name: "edit the budget",
    form: () => ({ intent: "budget", operating: "1000", participation: "500", equipment: "0" }),
    statuses: { anonymous: 302, other: 404, leadEditor: 200, leadAdmin: 200, partnerEditor: 403, partnerAdmin: 403, ccas: 403 },
  },
];

describe("authorization of the groupement workspace's intents", () => {
  let groupementFixture: GroupementFixture;
  const groupementCookies: Partial<Record<GroupementRole, string>> = {};

  beforeAll(async () => {
    const [leadEditor, leadAdmin, partnerEditor, partnerAdmin, other, ccas] = await Promise.all([
      createActor(),
      createActor(),
      createActor(),
      createActor(),
      createActor(),
      createActor({ ccas: true }),
    ]);
    const lead = await createOrganisationFor(leadAdmin!, { editors: [leadEditor!] });
    const partner = await createOrganisationFor(partnerAdmin!, { editors: [partnerEditor!] });
    await createOrganisationFor(other!);
    const idea = await getDb().idea.create({
      data: {
        slug: `idee-${lead.slug}`,
        organisationId: lead.id,
        callId: (await getDb().call.findFirstOrThrow()).id,
        title: "Un projet à deux",
        summary: "Un résumé",
        description: "Une description",
        targetPublic: "Tout public",
        status: "published",
        candidates: { create: [{ organisationId: partner.id }] },
      },
    });
    const groupement = await createGroupementFromIdea(getDb(), idea.id);
    groupementFixture = { groupementId: groupement.id, leadId: lead.id, partnerId: partner.id };
    Object.assign(groupementCookies, {
      leadEditor: leadEditor!.cookie,
      leadAdmin: leadAdmin!.cookie,
      partnerEditor: partnerEditor!.cookie,
      partnerAdmin: partnerAdmin!.cookie,
      other: other!.cookie,
      ccas: ccas!.cookie,
    });
  });

  for (const intent of GROUPEMENT_INTENTS) {
    for (const role of GROUPEMENT_ROLES) {
      it(`${intent.name}: ${intent.statuses[role]} for ${role}`, async () => {
        const { action } = await moduleFor("groupements.$id._index.tsx");
        const { groupementId } = groupementFixture;
        const request = formRequest(`/groupements/${groupementId}`, intent.form(groupementFixture), groupementCookies[role]);
        const result = await run(() => action!(actionArgs(request, { id: groupementId })));
        expect(result.status).toBe(intent.statuses[role]);
      });
    }
  }
});
