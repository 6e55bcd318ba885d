// What a new CCAS staff member reads on the review pages and the journal, as the server renders it:
// a filed groupement said filed, counts in good French, and the journal's entries by name.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "~/models/audit.server";
import { loader as reviewLoader } from "~/routes/ccas.groupements.$id";
import { loader as journalLoader } from "~/routes/ccas.journal";
import { loader as workspaceLoader } from "~/routes/groupements.$id._index";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { createCallGroupement, currentCallId } from "../helpers/filed-groupement";
import { getRequest, loaderArgsFor } from "../helpers/requests";

type ReviewPage = Awaited<ReturnType<typeof reviewLoader>>;
type Journal = Awaited<ReturnType<typeof journalLoader>>;
type Workspace = Extract<Awaited<ReturnType<typeof workspaceLoader>>, { view: "workspace" }>;

const db = () => getDb();

let callId: string;
let admin: Actor;

beforeAll(async () => {
  [callId, admin] = await Promise.all([currentCallId(), createActor({ ccas: true })]);
});

describe("a filed groupement's verdict", () => {
  it("says it is filed, with its date, and what is missing, on the review page and the lead's page", async () => {
    const { id, leadAdmin } = await createCallGroupement(callId, { title: "Veilleurs (déposé)", filedOn: "2025-07-10" });
    const review = (await reviewLoader(loaderArgsFor(getRequest(`/ccas/groupements/${id}`, admin.cookie), { id }))) as ReviewPage;
    const workspace = (await workspaceLoader(
      loaderArgsFor(getRequest(`/groupements/${id}`, leadAdmin.cookie), { id }),
    )) as Workspace;
    for (const overall of [review.assessment.summary.overall, workspace.assessment.summary.overall]) {
      // Nothing uploaded, nobody confirmed, no budget: each kind of gap is counted.
      expect(overall).toMatch(
        /^Dossier déposé le 10 juillet 2025\. Il reste à compléter : \d+ pièces manquantes, 2 contributions à confirmer, \d+ règles de l'appel à revoir\.$/,
      );
      expect(overall).not.toMatch(/prêt à déposer/i);
    }
  });

  it("still says « pas encore prêt à déposer » while it is not filed", async () => {
    const { id } = await createCallGroupement(callId, { title: "Veilleurs (brouillon)" });
    const review = (await reviewLoader(loaderArgsFor(getRequest(`/ccas/groupements/${id}`, admin.cookie), { id }))) as ReviewPage;
    expect(review.assessment.summary.overall).toMatch(/pas encore prêt à déposer/i);
  });
});

describe("the journal", () => {
  it("names what each entry concerns, links to its page when there is one, and says « (supprimé) » when it is gone", async () => {
    const { id: groupementId, lead } = await createCallGroupement(callId, {
      title: "Veilleurs (journal)",
      filedOn: "2025-07-10",
    });
    const call = await db().call.findUniqueOrThrow({ where: { id: callId } });
    const person = await createActor({ email: `claude-${crypto.randomUUID().slice(0, 8)}@exemple.org` });
    const gone = await createOrganisationFor(await createActor());
    const idea = await db().idea.findFirstOrThrow({ where: { organisationId: lead.id } });
    const system = { id: null, label: "test" } as const;
    await audit(db(), system, "review.assign", { type: "groupement", id: groupementId }, "Relecteur");
    await audit(db(), system, "call.publish", { type: "call", id: callId }, "Publication");
    await audit(db(), system, "staff.grant", { type: "user", id: person.id }, "Accès");
    await audit(db(), system, "moderation.decision", { type: "organisation", id: lead.id }, "Publication");
    await audit(db(), system, "moderation.decision", { type: "idea", id: idea.id }, "Publication");
    await audit(db(), system, "moderation.decision", { type: "organisation", id: gone.id }, "Refus");
    await db().organisation.delete({ where: { id: gone.id } });

    const journal = (await journalLoader(loaderArgsFor(getRequest("/ccas/journal", admin.cookie)))) as Journal;
    const subjects = journal.entries.slice(0, 6).map((entry) => entry.subject);
    expect(subjects).toEqual([
      { kind: "Structure", name: "(supprimé)", href: null },
      { kind: "Idée", name: "Veilleurs (journal)", href: `/idees/${idea.slug}` },
      { kind: "Structure", name: lead.name, href: `/organisations/${lead.slug}` },
      { kind: "Personne", name: `Camille Exemple (${person.email})`, href: null },
      { kind: "Appel", name: call.title, href: `/ccas/appels/${call.slug}` },
      { kind: "Groupement", name: "Veilleurs (journal)", href: `/ccas/groupements/${groupementId}` },
    ]);
    // No raw identifier left for a person to decode (links carry them, as addresses do).
    const shown = subjects.map((subject) => `${subject.kind} ${subject.name}`).join("\n");
    for (const id of [groupementId, callId, person.id, lead.id, gone.id, idea.id]) expect(shown).not.toContain(id);
  });
});
