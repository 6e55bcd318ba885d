// What a new CCAS staff member reads on the review pages and the journal, as the server renders it:
// a filed groupement said filed, counts in good French, and the journal's entries by name.
import { beforeAll, describe, expect, it } from "vitest";
import { loader as reviewLoader } from "~/routes/ccas.groupements.$id";
import { loader as workspaceLoader } from "~/routes/groupements.$id._index";
import { createActor, type Actor } from "../helpers/actors";
import { createCallGroupement, currentCallId } from "../helpers/filed-groupement";
import { getRequest, loaderArgsFor } from "../helpers/requests";

type ReviewPage = Awaited<ReturnType<typeof reviewLoader>>;
type Workspace = Extract<Awaited<ReturnType<typeof workspaceLoader>>, { view: "workspace" }>;

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
