/// <reference types="vite/client" />
// Every route module, every loader and action, for every kind of visitor. A route missing from
// this table makes the test fail: nobody adds a page without saying who may see it.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localDay } from "~/domain/format";
import { unsubscribeToken } from "~/models/alert.server";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createSession } from "~/utils/session.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { openSeededCall } from "../helpers/calls";
import { makePdf } from "../helpers/documents";
import { makePng } from "../helpers/images";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";

/**
 * `invited` is an admin of a structure invited to the fixture's groupement that has not answered:
 * everywhere else it is a stranger, like `other`.
 */
const ROLES = ["anonymous", "other", "invited", "editor", "admin", "ccas"] as const;
type Role = (typeof ROLES)[number];
type Statuses = Record<Role, number>;

type Fixture = {
  organisationId: string;
  slug: string;
  offerId: string;
  ideaId: string;
  ideaSlug: string;
  groupementId: string;
  /** The admin's saved search, and the unsubscribe token of its alert mails. */
  savedSearchId: string;
  unsubscribeToken: string;
  /** An unclaimed register profile, and a pending claim of it with a document. */
  unclaimedSlug: string;
  claimId: string;
};
type Spec = {
  path: (fixture: Fixture) => string;
  params?: (fixture: Fixture) => Record<string, string>;
  loader?: Statuses;
  /** The action receives this form; allowed visitors get the form's own answer (often 400). */
  action?: { form: Record<string, string> | ((fixture: Fixture) => Record<string, string>); statuses: Statuses };
  /** The action ends the session it is called with: give it a session of its own. */
  ownSession?: boolean;
};

const all = (status: number): Statuses => ({
  anonymous: status,
  other: status,
  invited: status,
  editor: status,
  admin: status,
  ccas: status,
});
const signedIn = (status: number): Statuses => ({
  anonymous: 302,
  other: status,
  invited: status,
  editor: status,
  admin: status,
  ccas: status,
});
const anonymousOnly = (status: number): Statuses => ({
  anonymous: status,
  other: 302,
  invited: 302,
  editor: 302,
  admin: 302,
  ccas: 302,
});
const members = (editor: number, admin = editor): Statuses => ({
  anonymous: 302,
  other: 404,
  invited: 404,
  editor,
  admin,
  ccas: 404,
});
/**
 * A groupement: its members' people see it (the lead acts), the CCAS reads it, others get 404. An
 * invited structure that has not answered gets `invited`: the invitation alone on the page, a 404
 * for what the page would link to. (Every intent and file, for every person around a groupement,
 * is in the second table below.)
 */
const groupementView = (status: number, invited: number): Statuses => ({
  anonymous: 302,
  other: 404,
  invited,
  editor: status,
  admin: status,
  ccas: status,
});
const ccasOnly = (status: number): Statuses => ({
  anonymous: 302,
  other: 403,
  invited: 403,
  editor: 403,
  admin: 403,
  ccas: status,
});

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
  // A saved search is its owner's (the admin here): anyone else gets 404 for it, to see or to change.
  "compte_.alertes.tsx": {
    path: (f) => `/compte/alertes?supprimer=${f.savedSearchId}`,
    loader: { anonymous: 302, other: 404, invited: 404, editor: 404, admin: 200, ccas: 404 },
    action: {
      form: (f) => ({ intent: "rename", id: f.savedSearchId, name: "" }),
      statuses: { anonymous: 302, other: 404, invited: 404, editor: 404, admin: 400, ccas: 404 },
    },
  },
  // The unsubscribe link of an alert mail works without a session, for whoever holds it.
  "alertes.desabonnement.tsx": {
    path: (f) => `/alertes/desabonnement?token=${f.unsubscribeToken}`,
    loader: all(200),
    action: { form: {}, statuses: all(200) },
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
  // « C'est ma structure »: any signed-in person asks (tests/integration/profile-claims.test.ts for
  // the unconfirmed and the claimed); the mailed link answers whoever holds it; the document: CCAS.
  "organisations.$slug.revendiquer.tsx": {
    path: (f) => `/organisations/${f.unclaimedSlug}/revendiquer`,
    params: (f) => ({ slug: f.unclaimedSlug }),
    loader: signedIn(200),
    action: { form: {}, statuses: signedIn(400) },
  },
  "revendication.confirmer.tsx": {
    path: () => "/revendication/confirmer",
    loader: all(200),
    action: { form: {}, statuses: all(400) },
  },
  "ccas.revendications.$id.document.ts": {
    path: (f) => `/ccas/revendications/${f.claimId}/document`,
    params: (f) => ({ id: f.claimId }),
    loader: ccasOnly(200),
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
    loader: groupementView(200, 200),
    // The lead's editor and admin get the form's answer; the CCAS only reads; the invited only answers.
    action: {
      form: { intent: "budget" },
      statuses: { anonymous: 302, other: 404, invited: 403, editor: 400, admin: 400, ccas: 403 },
    },
  },
  "groupements.$id.documents.$kind.ts": {
    path: (f) => `/groupements/${f.groupementId}/documents/project-sheet`,
    params: (f) => ({ id: f.groupementId, kind: "project-sheet" }),
    loader: groupementView(200, 404),
  },
  "groupements.$id.dossier[.]pdf.ts": {
    path: (f) => `/groupements/${f.groupementId}/dossier.pdf`,
    params: (f) => ({ id: f.groupementId }),
    loader: groupementView(200, 404),
  },
  "groupements.$id.dossier[.]docx.ts": {
    path: (f) => `/groupements/${f.groupementId}/dossier.docx`,
    params: (f) => ({ id: f.groupementId }),
    loader: groupementView(200, 404),
  },
  "recherche.tsx": { path: () => "/recherche?q=salle", loader: all(200) },
  "api.search.ts": { path: () => "/api/search?q=salle", loader: all(200) },
  "carte.tsx": { path: () => "/carte?quartier=nantes-nord", loader: all(200) },
  "carte.points[.]json.ts": { path: () => "/carte/points.json?sector=sante", loader: all(200) },
  "api.coverage.ts": { path: () => "/api/coverage", loader: all(200) },
  "api.calls.ts": { path: () => "/api/calls", loader: all(200) },
  // An idea's suggested partners are its organisation's people's; an API says 401, not the log-in page.
  "api.recommendations.ts": {
    path: (f) => `/api/recommendations?idea=${f.ideaSlug}`,
    loader: { anonymous: 401, other: 403, invited: 403, editor: 200, admin: 200, ccas: 403 },
  },
  "espace.organisations.$id.idees-qui-vous-cherchent.tsx": {
    path: (f) => `/espace/organisations/${f.organisationId}/idees-qui-vous-cherchent`,
    params: (f) => ({ id: f.organisationId }),
    loader: members(200),
  },
  "ccas.population.tsx": {
    path: () => "/ccas/population",
    loader: ccasOnly(200),
    action: { form: { csv: "slug" }, statuses: ccasOnly(400) },
  },
  "ccas.registres.tsx": { path: () => "/ccas/registres", loader: ccasOnly(200), action: { form: {}, statuses: ccasOnly(400) } },
  "ccas.moderation.tsx": { path: () => "/ccas/moderation", loader: ccasOnly(200), action: { form: {}, statuses: ccasOnly(400) } },
  // The tests configure no geocoder: signed-in people are told there is no address search.
  "api.adresse.ts": { path: () => "/api/adresse?q=12+rue+de+strasbourg", loader: signedIn(404) },
  "ccas.points.tsx": { path: () => "/ccas/points", loader: ccasOnly(200), action: { form: {}, statuses: ccasOnly(400) } },
  // Staff: administrators only (a reviewer gets 403: tests/integration/ccas-staff.test.ts); the journal: any staff.
  "ccas.equipe.tsx": { path: () => "/ccas/equipe", loader: ccasOnly(200), action: { form: {}, statuses: ccasOnly(400) } },
  "ccas.journal.tsx": { path: () => "/ccas/journal", loader: ccasOnly(200) },
  // Administrators only, as the staff (a reviewer gets 403: tests/integration/orphan-structures.test.ts).
  "ccas.structures-sans-administrateur.tsx": {
    path: () => "/ccas/structures-sans-administrateur",
    loader: ccasOnly(200),
    action: { form: {}, statuses: ccasOnly(400) },
  },
  // An invitation's link: any signed-in person opens it; only its address accepts it.
  "ccas.rejoindre.tsx": { path: () => "/ccas/rejoindre", loader: signedIn(200), action: { form: {}, statuses: signedIn(400) } },
  "confidentialite.tsx": { path: () => "/confidentialite", loader: all(200) },
  "accessibilite.tsx": { path: () => "/accessibilite", loader: all(200) },
  // Each person downloads their own data only: the route takes no id.
  "compte_.donnees[.]json.ts": { path: () => "/compte/donnees.json", loader: signedIn(200) },
  // Exports: any CCAS staff (tests/integration/exports.test.ts); the open data: anyone.
  "ccas.exports.tsx": { path: () => "/ccas/exports", loader: ccasOnly(200) },
  "ccas.exports.$file.ts": {
    path: () => "/ccas/exports/organisations.csv",
    params: () => ({ file: "organisations.csv" }),
    loader: ccasOnly(200),
  },
  "donnees._index.tsx": { path: () => "/donnees", loader: all(200) },
  "donnees.$file.ts": {
    path: () => "/donnees/organisations.csv",
    params: () => ({ file: "organisations.csv" }),
    loader: all(200),
  },
  // The review of groupements: any staff; deciding and publishing the results are administrators'
  // (a reviewer gets 403: tests/integration/ccas-review.test.ts).
  "ccas.groupements._index.tsx": {
    path: () => "/ccas/groupements",
    loader: ccasOnly(200),
    action: { form: {}, statuses: ccasOnly(400) },
  },
  "ccas.groupements.$id.tsx": {
    path: (f) => `/ccas/groupements/${f.groupementId}`,
    params: (f) => ({ id: f.groupementId }),
    loader: ccasOnly(200),
    action: { form: {}, statuses: ccasOnly(400) },
  },
  "ccas.groupements.comparaison.tsx": { path: () => "/ccas/groupements/comparaison", loader: ccasOnly(200) },
  "ccas.groupements.comparaison[.]csv.ts": { path: () => "/ccas/groupements/comparaison.csv", loader: ccasOnly(200) },
  "ccas._index.tsx": { path: () => "/ccas", loader: ccasOnly(200) },
  // Calls (issue 14): any CCAS staff sees them; only an administrator copies, edits and publishes
  // (a reviewer's 403: tests/integration/call-editions.test.ts).
  "ccas.appels._index.tsx": { path: () => "/ccas/appels", loader: ccasOnly(200), action: { form: {}, statuses: ccasOnly(400) } },
  "ccas.appels.$slug._index.tsx": {
    path: () => "/ccas/appels/nantes-isolement-2025",
    params: () => ({ slug: "nantes-isolement-2025" }),
    loader: ccasOnly(200),
    action: { form: {}, statuses: ccasOnly(400) },
  },
  "ccas.appels.$slug.apercu.tsx": {
    path: () => "/ccas/appels/nantes-isolement-2025/apercu",
    params: () => ({ slug: "nantes-isolement-2025" }),
    loader: ccasOnly(200),
  },
  "ccas.appels.$slug.publier.tsx": {
    path: () => "/ccas/appels/nantes-isolement-2025/publier",
    params: () => ({ slug: "nantes-isolement-2025" }),
    loader: ccasOnly(200),
    action: { form: {}, statuses: ccasOnly(400) },
  },
  // Moving an idea to a newly published call: its organisation's admins only (no newer call here: 409).
  "espace.changer-d-appel.$ideaId.tsx": {
    path: (f) => `/espace/changer-d-appel/${f.ideaId}`,
    params: (f) => ({ ideaId: f.ideaId }),
    loader: { anonymous: 302, other: 404, invited: 404, editor: 403, admin: 200, ccas: 404 },
    action: { form: {}, statuses: { anonymous: 302, other: 404, invited: 404, editor: 403, admin: 409, ccas: 404 } },
  },
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
  const [editor, admin, other, invited, ccas]: Actor[] = await Promise.all([
    createActor(),
    createActor(),
    createActor(),
    createActor(),
    createActor({ ccas: true }),
  ]);
  const organisation = await createOrganisationFor(admin!, { editors: [editor!] });
  await createOrganisationFor(other!);
  const guest = await createOrganisationFor(invited!);
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
  const savedSearch = await getDb().savedSearch.create({
    data: { userId: admin!.id, name: "Offres", query: '{"type":["offer"]}', queryKey: '{"type":["offer"]}' },
  });
  await getDb().groupement.update({ where: { id: groupement.id }, data: { projectSheetFile: sheet } });
  const unclaimed = await getDb().organisation.create({
    data: {
      slug: `registre-${organisation.slug}`,
      name: "Association du registre",
      shortDescription: "Action sociale",
      description: "",
      sector: "associatif",
      kind: "association",
      rna: "W443009999",
      unclaimed: true,
      registerEntries: {
        create: {
          source: "rna",
          registerId: "W443009999",
          name: "ASSOCIATION DU REGISTRE",
          address: "1 RUE DE STRASBOURG",
          communeCode: "44109",
          activityCode: "011000",
          activityLabel: "Action sociale",
          sector: "associatif",
          kind: "association",
          fingerprint: "authorization",
        },
      },
    },
  });
  const claimant = await createActor();
  const claimDocument = "0123456789abcdef0123456789abcdef.pdf";
  fs.writeFileSync(path.join(process.env.DATA_DIR!, "uploads", "documents", claimDocument), makePdf());
  const claim = await getDb().profileClaim.create({
    data: {
      organisationId: unclaimed.id,
      userId: claimant.id,
      method: "document",
      documentKind: "statuts",
      documentFile: claimDocument,
      proofConfirmedAt: new Date(),
      pendingKey: `${claimant.id} ${unclaimed.id}`,
    },
  });
  await getDb().groupementMember.create({ data: { groupementId: groupement.id, organisationId: guest.id, status: "invited" } });
  fixture = {
    organisationId: organisation.id,
    slug: organisation.slug,
    offerId: offer.id,
    ideaId: idea.id,
    ideaSlug: idea.slug,
    groupementId: groupement.id,
    savedSearchId: savedSearch.id,
    unsubscribeToken: unsubscribeToken(admin!.id, { kind: "search", savedSearchId: savedSearch.id }),
    unclaimedSlug: unclaimed.slug,
    claimId: claim.id,
  };
  Object.assign(cookies, {
    editor: editor!.cookie,
    admin: admin!.cookie,
    other: other!.cookie,
    invited: invited!.cookie,
    ccas: ccas!.cookie,
  });
  Object.assign(userIds, { editor: editor!.id, admin: admin!.id, other: other!.id, invited: invited!.id, ccas: ccas!.id });
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
          const { form } = spec.action!;
          const fields = typeof form === "function" ? form(fixture) : form;
          const request = formRequest(spec.path(fixture), fields, await cookieFor(role, spec.ownSession));
          const result = await run(() => action!(actionArgs(request, spec.params?.(fixture))));
          expect(result.status).toBe(spec.action!.statuses[role]);
        });
      }
    }
  }
});

// Every groupement route, loader and action intent, for every person around a groupement: the
// lead's and a partner's editors and admins, the editor and admin of a structure invited that has
// not answered yet, an outsider, the CCAS. A structure's contribution is confirmed by that
// structure's admins only; an invited structure sees the invitation and may only answer it.
const GROUPEMENT_ROLES = [
  "anonymous",
  "other",
  "leadEditor",
  "leadAdmin",
  "partnerEditor",
  "partnerAdmin",
  "invitedEditor",
  "invitedAdmin",
  "ccas",
] as const;
type GroupementRole = (typeof GROUPEMENT_ROLES)[number];
type GroupementFixture = { groupementId: string; leadId: string; partnerId: string; guestId: string };
type GroupementScene = { fixture: GroupementFixture; cookies: Record<Exclude<GroupementRole, "anonymous">, string> };
/** The page's answer: a status, or the page itself (200) showing the workspace or only the invitation. */
type Answer = number | "workspace" | "invitation";
/** One answer per role, in the order of GROUPEMENT_ROLES. */
type Answers = [
  anonymous: Answer,
  other: Answer,
  leadEditor: Answer,
  leadAdmin: Answer,
  partnerEditor: Answer,
  partnerAdmin: Answer,
  invitedEditor: Answer,
  invitedAdmin: Answer,
  ccas: Answer,
];
const answerOf = (answers: Answers, role: GroupementRole) => answers[GROUPEMENT_ROLES.indexOf(role)]!;

/** The workspace's members and the CCAS read it and its files; the invited and strangers do not. */
const READERS: Answers = [302, 404, 200, 200, 200, 200, 404, 404, 200];
/** What only the lead's people may do. */
const LEAD_ONLY: Answers = [302, 404, 200, 200, 403, 403, 403, 403, 403];

const GROUPEMENT_LOADERS: {
  name: string;
  file: string;
  path: (f: GroupementFixture) => string;
  kind?: string;
  answers: Answers;
}[] = [
  {
    name: "the page",
    file: "groupements.$id._index.tsx",
    path: (f) => `/groupements/${f.groupementId}`,
    answers: [302, 404, "workspace", "workspace", "workspace", "workspace", "invitation", "invitation", "workspace"],
  },
  {
    name: "the project sheet",
    file: "groupements.$id.documents.$kind.ts",
    path: (f) => `/groupements/${f.groupementId}/documents/project-sheet`,
    kind: "project-sheet",
    answers: READERS,
  },
  {
    name: "the partner's annual accounts",
    file: "groupements.$id.documents.$kind.ts",
    path: (f) => `/groupements/${f.groupementId}/documents/accounts?membre=${f.partnerId}`,
    kind: "accounts",
    answers: READERS,
  },
  {
    name: "the application file as PDF",
    file: "groupements.$id.dossier[.]pdf.ts",
    path: (f) => `/groupements/${f.groupementId}/dossier.pdf`,
    answers: READERS,
  },
  {
    name: "the application file as DOCX",
    file: "groupements.$id.dossier[.]docx.ts",
    path: (f) => `/groupements/${f.groupementId}/dossier.docx`,
    answers: READERS,
  },
  {
    // The members' people only: not the CCAS, which reads the workspace, nor the invited structure.
    name: "the suggested partners through the API",
    file: "api.recommendations.ts",
    path: (f) => `/api/recommendations?groupement=${f.groupementId}`,
    answers: [401, 403, 200, 200, 200, 200, 403, 403, 403],
  },
];

const pdf = () => new File([new Uint8Array(makePdf())], "piece.pdf");

const GROUPEMENT_INTENTS: {
  name: string;
  form: (fixture: GroupementFixture) => Record<string, string | File>;
  answers: Answers;
  /** The intent changes the groupement when it succeeds: each role gets a groupement of its own. */
  fresh?: boolean;
}[] = [
  {
    name: "confirm the partner's contribution",
    form: (f) => ({ intent: "confirm", organisationId: f.partnerId }),
    answers: [302, 404, 403, 403, 403, 200, 403, 403, 403],
  },
  {
    name: "confirm the lead's contribution",
    form: (f) => ({ intent: "confirm", organisationId: f.leadId }),
    answers: [302, 404, 403, 200, 403, 403, 403, 403, 403],
  },
  {
    name: "confirm the invited structure's contribution",
    form: (f) => ({ intent: "confirm", organisationId: f.guestId }),
    answers: [302, 404, 404, 404, 404, 404, 403, 403, 403],
  },
  {
    name: "confirm without saying which structure",
    form: () => ({ intent: "confirm" }),
    answers: [302, 404, 400, 400, 400, 400, 403, 403, 403],
  },
  {
    name: "edit the partner's contribution",
    form: (f) => ({ intent: "member", organisationId: f.partnerId, role: "Repérage", commitment: "convention" }),
    answers: [302, 404, 200, 200, 200, 200, 403, 403, 403],
  },
  {
    name: "edit the lead's contribution",
    form: (f) => ({ intent: "member", organisationId: f.leadId, role: "Coordination" }),
    answers: LEAD_ONLY,
  },
  {
    name: "edit the invited structure's contribution",
    form: (f) => ({ intent: "member", organisationId: f.guestId, role: "Accueil", commitment: "convention" }),
    answers: [302, 404, 404, 404, 404, 404, 403, 403, 403],
  },
  {
    name: "edit the budget",
    form: () => ({ intent: "budget", operating: "1000", participation: "500", equipment: "0" }),
    answers: LEAD_ONLY,
  },
  {
    name: "edit the project",
    form: () => ({
      intent: "project",
      title: "Un projet à deux",
      subAxes: "2.1",
      wholeCity: "on",
      durationMonths: "24",
      cooperation: "new",
    }),
    answers: LEAD_ONLY,
  },
  {
    name: "invite (no structure chosen)",
    form: () => ({ intent: "invite", organisationId: "" }),
    answers: [302, 404, 400, 400, 403, 403, 403, 403, 403],
  },
  {
    name: "accept the invitation",
    form: (f) => ({ intent: "accept-invitation", organisationId: f.guestId }),
    answers: [302, 404, 403, 403, 403, 403, 403, 200, 403],
    fresh: true,
  },
  {
    name: "decline the invitation",
    form: (f) => ({ intent: "decline-invitation", organisationId: f.guestId }),
    // The invited admin declines and is sent back to its space.
    answers: [302, 404, 403, 403, 403, 403, 403, 302, 403],
    fresh: true,
  },
  {
    name: "withdraw the invitation",
    form: (f) => ({ intent: "remove", organisationId: f.guestId }),
    answers: LEAD_ONLY,
    fresh: true,
  },
  {
    name: "remove the partner",
    form: (f) => ({ intent: "remove", organisationId: f.partnerId }),
    answers: LEAD_ONLY,
    fresh: true,
  },
  {
    name: "the partner leaves",
    form: (f) => ({ intent: "leave", organisationId: f.partnerId }),
    // Left, the partner's admin is sent back to their space (302): the groupement is no longer theirs.
    answers: [302, 404, 403, 403, 403, 302, 403, 403, 403],
    fresh: true,
  },
  {
    name: "the invited structure leaves",
    form: (f) => ({ intent: "leave", organisationId: f.guestId }),
    // Withdrawing is the lead's; the invited structure declines instead.
    answers: [302, 404, 403, 403, 403, 403, 403, 403, 403],
    fresh: true,
  },
  {
    name: "hand the lead to the partner",
    form: (f) => ({ intent: "transfer-lead", organisationId: f.partnerId }),
    answers: LEAD_ONLY,
    fresh: true,
  },
  {
    name: "upload the partner's commitment",
    form: (f) => ({ intent: "document", kind: "commitment", organisationId: f.partnerId, file: pdf() }),
    answers: [302, 404, 200, 200, 200, 200, 403, 403, 403],
  },
  {
    name: "upload the invited structure's commitment",
    form: (f) => ({ intent: "document", kind: "commitment", organisationId: f.guestId, file: pdf() }),
    answers: [302, 404, 403, 403, 403, 403, 403, 403, 403],
  },
  {
    name: "upload the project sheet",
    form: () => ({ intent: "document", kind: "project-sheet", file: pdf() }),
    answers: LEAD_ONLY,
  },
  {
    name: "mark the partner's documents as already sent",
    form: (f) => ({ intent: "already-sent", organisationId: f.partnerId, accountsAlreadySent: "on" }),
    answers: [302, 404, 200, 200, 200, 200, 403, 403, 403],
  },
  {
    name: "mark the invited structure's documents as already sent",
    form: (f) => ({ intent: "already-sent", organisationId: f.guestId, accountsAlreadySent: "on" }),
    answers: [302, 404, 404, 404, 404, 404, 403, 403, 403],
  },
  {
    // The lead answers the CCAS's questions; no question chosen is the form's own 400.
    name: "answer a question of the CCAS (none chosen)",
    form: () => ({ intent: "answer-question", questionId: "", answer: "Dix bénévoles." }),
    answers: [302, 404, 400, 400, 403, 403, 403, 403, 403],
  },
  {
    name: "mark the application as filed",
    // Today: a day after it is not a filing made, one before the groupement's creation neither.
    form: () => ({ intent: "submit", date: localDay(new Date()) }),
    answers: LEAD_ONLY,
    fresh: true,
  },
  {
    name: "hide a suggested partner (no structure chosen)",
    form: () => ({ intent: "suggestion-dismiss" }),
    answers: [302, 404, 400, 400, 400, 400, 403, 403, 403],
  },
  {
    name: "show a hidden suggestion again",
    form: (f) => ({ intent: "suggestion-restore", organisationId: f.guestId }),
    answers: [302, 404, 200, 200, 200, 200, 403, 403, 403],
  },
  {
    name: "invite a suggested partner to express interest (no structure chosen)",
    form: () => ({ intent: "suggestion-invite", organisationId: "" }),
    answers: [302, 404, 400, 400, 400, 400, 403, 403, 403],
  },
  {
    name: "an unknown intent",
    form: () => ({ intent: "tout-voir" }),
    answers: [302, 404, 400, 400, 400, 400, 403, 403, 403],
  },
];

/** A lead and a partner with an idea's groupement, its project sheet and the partner's accounts, and a structure invited. */
async function createGroupementScene(): Promise<GroupementScene> {
  const [leadEditor, leadAdmin, partnerEditor, partnerAdmin, invitedEditor, invitedAdmin, other, ccas] = await Promise.all([
    createActor(),
    createActor(),
    createActor(),
    createActor(),
    createActor(),
    createActor(),
    createActor(),
    createActor({ ccas: true }),
  ]);
  const lead = await createOrganisationFor(leadAdmin!, { editors: [leadEditor!] });
  const partner = await createOrganisationFor(partnerAdmin!, { editors: [partnerEditor!] });
  const guest = await createOrganisationFor(invitedAdmin!, { editors: [invitedEditor!] });
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
  const documents = path.join(process.env.DATA_DIR!, "uploads", "documents");
  fs.mkdirSync(documents, { recursive: true });
  const [sheet, accounts] = [crypto.randomUUID(), crypto.randomUUID()].map((id) => `${id.replaceAll("-", "")}.pdf`);
  for (const file of [sheet!, accounts!]) fs.writeFileSync(path.join(documents, file), makePdf());
  await getDb().groupement.update({ where: { id: groupement.id }, data: { projectSheetFile: sheet } });
  await getDb().groupementMember.update({
    where: { groupementId_organisationId: { groupementId: groupement.id, organisationId: partner.id } },
    data: { accountsFile: accounts, role: "Repérage des locataires isolés" },
  });
  await getDb().groupementMember.create({ data: { groupementId: groupement.id, organisationId: guest.id, status: "invited" } });
  return {
    fixture: { groupementId: groupement.id, leadId: lead.id, partnerId: partner.id, guestId: guest.id },
    cookies: {
      leadEditor: leadEditor!.cookie,
      leadAdmin: leadAdmin!.cookie,
      partnerEditor: partnerEditor!.cookie,
      partnerAdmin: partnerAdmin!.cookie,
      invitedEditor: invitedEditor!.cookie,
      invitedAdmin: invitedAdmin!.cookie,
      other: other!.cookie,
      ccas: ccas!.cookie,
    },
  };
}

const cookieOf = (scene: GroupementScene, role: GroupementRole) => (role === "anonymous" ? undefined : scene.cookies[role]);

describe("authorization of every groupement route, for every person around a groupement", () => {
  let shared: GroupementScene;

  beforeAll(async () => {
    // Filing needs the call open: the seeded 2025 call closed on 16 July 2025.
    await openSeededCall();
    shared = await createGroupementScene();
  });

  for (const loaderSpec of GROUPEMENT_LOADERS) {
    for (const role of GROUPEMENT_ROLES) {
      const expected = answerOf(loaderSpec.answers, role);
      it(`${loaderSpec.name}: ${expected} for ${role}`, async () => {
        const { loader } = await moduleFor(loaderSpec.file);
        const { groupementId } = shared.fixture;
        const request = getRequest(loaderSpec.path(shared.fixture), cookieOf(shared, role));
        const params: Record<string, string> = { id: groupementId, ...(loaderSpec.kind ? { kind: loaderSpec.kind } : {}) };
        const result = await run(() => loader!(loaderArgsFor(request, params)));
        if (typeof expected === "number") {
          expect(result.status).toBe(expected);
        } else {
          expect(result.status).toBe(200);
          expect(result.data).toMatchObject({ view: expected });
        }
      });
    }
  }

  for (const intent of GROUPEMENT_INTENTS) {
    for (const role of GROUPEMENT_ROLES) {
      const expected = answerOf(intent.answers, role);
      it(`${intent.name}: ${expected} for ${role}`, async () => {
        const { action } = await moduleFor("groupements.$id._index.tsx");
        const scene = intent.fresh ? await createGroupementScene() : shared;
        const { groupementId } = scene.fixture;
        const request = formRequest(`/groupements/${groupementId}`, intent.form(scene.fixture), cookieOf(scene, role));
        const result = await run(() => action!(actionArgs(request, { id: groupementId })));
        expect(result.status).toBe(expected);
      });
    }
  }

  it("leaves the invited structure invited, with nothing written for it, after all the attempts", async () => {
    const { groupementId, guestId } = shared.fixture;
    expect(
      await getDb().groupementMember.findUniqueOrThrow({
        where: { groupementId_organisationId: { groupementId, organisationId: guestId } },
      }),
    ).toMatchObject({ status: "invited", role: "", commitment: null, commitmentFile: null, accountsAlreadySent: false });
  });
});

// The same groupement through the real site: the page, its data requests (`?_data=` and the single
// fetch `.data`) and its files, as a browser or a script would ask for them.
describe("a groupement through the real site, for an invited structure", () => {
  let server: AppServer;
  let scene: GroupementScene;
  let secrets: string[];
  let title: string;
  let leadName: string;

  beforeAll(async () => {
    [server, scene] = await Promise.all([startAppServer(), createGroupementScene()]);
    const { groupementId, leadId, partnerId } = scene.fixture;
    const [groupement, lead, partner] = await Promise.all([
      getDb().groupement.findUniqueOrThrow({ where: { id: groupementId } }),
      getDb().organisation.findUniqueOrThrow({ where: { id: leadId } }),
      getDb().organisation.findUniqueOrThrow({ where: { id: partnerId } }),
    ]);
    ({ title } = groupement);
    leadName = lead.name;
    // What only the members may read: the partner, its role, its accounts.
    secrets = [partner.name, partnerId, "Repérage des locataires isolés", "accounts"];
  });

  afterAll(async () => {
    await server?.stop();
  });

  const get = (requestPath: string, role: Exclude<GroupementRole, "anonymous">) =>
    fetch(`${server.url}${requestPath}`, { headers: { Cookie: scene.cookies[role] }, redirect: "manual" });
  // The page and its single fetch data carry the loader's data. A `?_data=` request (Remix's older
  // data protocol) answers an empty body in a single fetch app, whoever asks: checked all the same.
  const pagePaths = (id: string) => [`/groupements/${id}`, `/groupements/${id}.data`];
  const legacyDataPath = (id: string) => `/groupements/${id}?_data=${encodeURIComponent("routes/groupements.$id._index")}`;

  for (const role of ["invitedEditor", "invitedAdmin"] as const) {
    it(`shows ${role} the invitation alone, in the page and in its data requests`, async () => {
      for (const requestPath of pagePaths(scene.fixture.groupementId)) {
        const response = await get(requestPath, role);
        expect(response.status, requestPath).toBe(200);
        const body = await response.text();
        expect(body, requestPath).toContain(title);
        expect(body, requestPath).toContain(leadName);
        for (const secret of secrets) expect(body, `${requestPath}: ${secret}`).not.toContain(secret);
      }
      const legacy = await get(legacyDataPath(scene.fixture.groupementId), role);
      expect(legacy.status).toBe(200);
      const body = await legacy.text();
      for (const secret of secrets) expect(body, `?_data=: ${secret}`).not.toContain(secret);
    });

    it(`refuses ${role} the documents and the application file`, async () => {
      const { groupementId, partnerId } = scene.fixture;
      for (const requestPath of [
        `/groupements/${groupementId}/documents/accounts?membre=${partnerId}`,
        `/groupements/${groupementId}/documents/project-sheet`,
        `/groupements/${groupementId}/dossier.pdf`,
        `/groupements/${groupementId}/dossier.docx`,
      ]) {
        const response = await get(requestPath, role);
        expect(response.status, requestPath).toBe(404);
        expect(response.headers.get("Content-Type"), requestPath).not.toMatch(/pdf|officedocument/);
      }
    });
  }

  it("shows an outsider nothing at all: the same requests are 404", async () => {
    const { groupementId, partnerId } = scene.fixture;
    for (const requestPath of [
      ...pagePaths(groupementId),
      legacyDataPath(groupementId),
      `/groupements/${groupementId}/documents/accounts?membre=${partnerId}`,
      `/groupements/${groupementId}/dossier.pdf`,
    ]) {
      const response = await get(requestPath, "other");
      expect(response.status, requestPath).toBe(404);
      const body = await response.text();
      for (const secret of [...secrets, title]) expect(body, `${requestPath}: ${secret}`).not.toContain(secret);
    }
  });

  it("shows the partner the workspace, its accounts and the application file (the same requests, allowed)", async () => {
    const { groupementId, partnerId } = scene.fixture;
    for (const requestPath of pagePaths(groupementId)) {
      const response = await get(requestPath, "partnerAdmin");
      expect(response.status, requestPath).toBe(200);
      expect(await response.text(), requestPath).toContain(secrets[0]);
    }
    const accounts = await get(`/groupements/${groupementId}/documents/accounts?membre=${partnerId}`, "partnerAdmin");
    expect(accounts.status).toBe(200);
    expect(Buffer.from(await accounts.arrayBuffer()).equals(makePdf())).toBe(true);
    expect((await get(`/groupements/${groupementId}/dossier.pdf`, "partnerAdmin")).status).toBe(200);
  });
});
