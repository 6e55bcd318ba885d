import { describe, expect, it } from "vitest";
import { action as ideaEditAction } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { action as workspaceAction, loader as workspaceLoader } from "~/routes/groupements.$id._index";
import { loader as documentLoader } from "~/routes/groupements.$id.documents.$kind";
import { loader as pdfLoader } from "~/routes/groupements.$id.dossier[.]pdf";
import { loader as docxLoader } from "~/routes/groupements.$id.dossier[.]docx";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { docxXml, makePdf, pdfText } from "../helpers/documents";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();

const db = () => getDb();
type Workspace = Awaited<ReturnType<typeof workspaceLoader>>;

/** A published idea of a lead organisation, with one accepted partner (a café, a company). */
async function scene() {
  const [leadAdmin, partnerAdmin, cafeAdmin, ccas, stranger] = await Promise.all([
    createActor(),
    createActor(),
    createActor(),
    createActor({ ccas: true }),
    createActor(),
  ]);
  const lead = await createOrganisationFor(leadAdmin);
  const partner = await db().organisation.update({
    where: { id: (await createOrganisationFor(partnerAdmin)).id },
    data: { sector: "habitat", kind: "bailleur-social" },
  });
  const cafe = await db().organisation.update({
    where: { id: (await createOrganisationFor(cafeAdmin)).id },
    data: { sector: "economique", kind: "entreprise" },
  });
  const idea = await db().idea.create({
    data: {
      slug: `idee-${lead.slug}`,
      organisationId: lead.id,
      callId: (await db().call.findFirstOrThrow()).id,
      title: `Veilleurs ${lead.slug}`,
      summary: "Résumé",
      description: "Description",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      expectedStart: new Date("2026-02-01T00:00:00Z"),
      status: "published",
      codes: {
        create: [
          { kind: "subAxis", code: "2.1" },
          { kind: "quartier", code: "nantes-nord" },
        ],
      },
      candidates: { create: [{ organisationId: partner.id }] },
    },
  });
  const created = await run(() =>
    ideaEditAction(
      actionArgs(formRequest("/", { intent: "create-groupement" }, leadAdmin.cookie), { id: lead.id, ideaId: idea.id }),
    ),
  );
  const groupementId = created.headers.get("Location")!.split("/").pop()!;
  return { leadAdmin, partnerAdmin, cafeAdmin, ccas, stranger, lead, partner, cafe, idea, groupementId };
}

const act = (actor: Actor, groupementId: string, fields: Record<string, string | string[] | File>) =>
  run(() => workspaceAction(actionArgs(formRequest(`/groupements/${groupementId}`, fields, actor.cookie), { id: groupementId })));
const view = async (actor: Actor, groupementId: string) =>
  (await workspaceLoader(loaderArgsFor(getRequest("/", actor.cookie), { id: groupementId }))) as Workspace;
const statusOf = (workspace: Workspace, id: string) => workspace.eligibility.rules.find((rule) => rule.id === id)?.status;

const PROJECT = {
  intent: "project",
  title: "Veilleurs de palier",
  subAxes: ["2.1"],
  addressesIsolation: "on",
  addressesPrecarity: "on",
  quartiers: ["nantes-nord"],
  startDate: "2026-02-01",
  durationMonths: "24",
  cooperation: "new",
  cooperationJustification: "Trois structures qui n'avaient jamais travaillé ensemble.",
  beneficiaries: "300",
};

describe("the groupement workspace", () => {
  it("is created from the idea with its organisation as lead and the accepted partners", async () => {
    const { leadAdmin, groupementId, lead, partner } = await scene();
    const workspace = await view(leadAdmin, groupementId);
    expect(workspace.members.map((member) => [member.organisationId, member.isLead, member.status])).toEqual([
      [lead.id, true, "active"],
      [partner.id, false, "active"],
    ]);
    expect(workspace.groupement.project).toMatchObject({ subAxes: ["2.1"], quartiers: ["nantes-nord"], startDate: "2026-02-01" });
    expect(workspace.eligibility.eligible).toBe(false);
    expect(statusOf(workspace, "members.count")).toBe("warn");
  });

  it("is invisible to anyone outside it, and read-only for the CCAS", async () => {
    const { stranger, ccas, groupementId } = await scene();
    expect(await run(() => workspaceLoader(loaderArgsFor(getRequest("/", stranger.cookie), { id: groupementId })))).toMatchObject(
      { status: 404 },
    );
    expect((await view(ccas, groupementId)).access).toEqual({ lead: false, isCcas: true });
    expect((await act(ccas, groupementId, { intent: "budget", operating: "1", participation: "1", equipment: "0" })).status).toBe(
      403,
    );
  });

  it("lets only the lead edit the budget; a member edits its own contribution but not its share", async () => {
    const { leadAdmin, partnerAdmin, groupementId, partner } = await scene();
    expect(
      (
        await act(partnerAdmin, groupementId, {
          intent: "budget",
          operating: "90000",
          participation: "40000",
          equipment: "10000",
        })
      ).status,
    ).toBe(403);
    const bad = await act(leadAdmin, groupementId, { intent: "budget", operating: "-5", participation: "abc", equipment: "0" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("Fonctionnement : le montant ne peut pas être négatif.");
    expect(
      (await act(leadAdmin, groupementId, { intent: "budget", operating: "90000", participation: "40000", equipment: "10000" }))
        .status,
    ).toBe(200);

    await act(partnerAdmin, groupementId, {
      intent: "member",
      organisationId: partner.id,
      role: "Repérage",
      resources: ["locaux"],
      subsidyShare: "140000",
      commitment: "lettre-engagement",
    });
    const member = await db().groupementMember.findUniqueOrThrow({
      where: { groupementId_organisationId: { groupementId, organisationId: partner.id } },
    });
    expect(member).toMatchObject({ role: "Repérage", resources: "locaux", commitment: "lettre-engagement", subsidyShare: 0 });
  });

  it("invites a published organisation, whose admins accept; hands over the lead, never to a City body", async () => {
    const { leadAdmin, cafeAdmin, groupementId, cafe, partner } = await scene();
    expect((await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id })).status).toBe(200);
    await smtp.server.waitFor(cafeAdmin.email, /Invitation à rejoindre le groupement/);
    expect((await view(cafeAdmin, groupementId)).members.find((member) => member.organisationId === cafe.id)).toMatchObject({
      status: "invited",
      canRespond: true,
    });
    expect((await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id })).status).toBe(200);
    expect(statusOf(await view(leadAdmin, groupementId), "members.count")).toBe("pass");

    await db().organisation.update({ where: { id: partner.id }, data: { kind: "etablissement-public-ville" } });
    expect((await act(leadAdmin, groupementId, { intent: "transfer-lead", organisationId: partner.id })).status).toBe(400);
    await db().organisation.update({ where: { id: partner.id }, data: { kind: "bailleur-social" } });
    expect((await act(leadAdmin, groupementId, { intent: "transfer-lead", organisationId: partner.id })).status).toBe(200);
    const lead = await db().groupementMember.findFirstOrThrow({ where: { groupementId, isLead: true } });
    expect(lead.organisationId).toBe(partner.id);
    // The former lead is an ordinary member now: the budget is no longer theirs.
    expect(
      (await act(leadAdmin, groupementId, { intent: "budget", operating: "1", participation: "0", equipment: "0" })).status,
    ).toBe(403);
  });

  it("removes a member, lets one leave, and keeps the lead", async () => {
    const { leadAdmin, partnerAdmin, groupementId, lead, partner } = await scene();
    expect((await act(leadAdmin, groupementId, { intent: "leave", organisationId: lead.id })).status).toBe(400);
    expect((await act(partnerAdmin, groupementId, { intent: "remove", organisationId: lead.id })).status).toBe(400);
    expect((await act(partnerAdmin, groupementId, { intent: "leave", organisationId: partner.id })).status).toBe(200);
    expect(await db().groupementMember.count({ where: { groupementId } })).toBe(1);
  });

  it("stores signed documents privately: PDF only, 5 MB at most, readable by members and the CCAS", async () => {
    const { leadAdmin, partnerAdmin, stranger, ccas, groupementId, partner } = await scene();
    const upload = (actor: Actor, file: File, kind = "commitment") =>
      act(actor, groupementId, { intent: "document", kind, organisationId: partner.id, file });
    const notPdf = await upload(partnerAdmin, new File(["<html>pas un pdf</html>"], "lettre.pdf", { type: "application/pdf" }));
    expect(notPdf.status).toBe(400);
    expect(JSON.stringify(notPdf.data)).toContain("doit être un fichier PDF");
    const big = await upload(
      partnerAdmin,
      new File([new Uint8Array(Buffer.concat([makePdf(), Buffer.alloc(5 * 1024 * 1024)]))], "lettre.pdf"),
    );
    expect(big.status).toBe(400);
    expect((await upload(partnerAdmin, new File([new Uint8Array(makePdf())], "lettre.pdf"))).status).toBe(200);

    const document = (actor: Actor) =>
      run(() =>
        documentLoader(
          loaderArgsFor(getRequest(`/groupements/${groupementId}/documents/commitment?membre=${partner.id}`, actor.cookie), {
            id: groupementId,
            kind: "commitment",
          }),
        ),
      );
    expect(await document(stranger)).toMatchObject({ status: 404 });
    const served = (await documentLoader(
      loaderArgsFor(getRequest(`/?membre=${partner.id}`, ccas.cookie), { id: groupementId, kind: "commitment" }),
    )) as Response;
    expect(served.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await served.arrayBuffer()).equals(makePdf())).toBe(true);
    expect((await document(leadAdmin)).status).toBe(200);

    await act(partnerAdmin, groupementId, { intent: "already-sent", organisationId: partner.id, accountsAlreadySent: "on" });
    const checklist = (await view(partnerAdmin, groupementId)).checklist;
    const partnerName = (await db().organisation.findUniqueOrThrow({ where: { id: partner.id } })).name;
    expect(checklist.find((item) => item.label === `${partnerName} : comptes annuels`)?.done).toBe(true);
    expect(checklist.find((item) => item.label === `${partnerName} : rapport d'activité 2024`)?.done).toBe(false);
  });

  it("records every change after filing: who, when, what", async () => {
    const { leadAdmin, groupementId } = await scene();
    await act(leadAdmin, groupementId, { intent: "budget", operating: "1000", participation: "0", equipment: "0" });
    expect((await view(leadAdmin, groupementId)).groupement.changes).toEqual([]);
    expect((await act(leadAdmin, groupementId, { intent: "submit", date: "2025-07-15" })).status).toBe(200);
    await act(leadAdmin, groupementId, { intent: "budget", operating: "2000", participation: "0", equipment: "0" });
    const changes = (await view(leadAdmin, groupementId)).groupement.changes;
    expect(changes.map((change) => change.summary)).toEqual([
      "Budget modifié : 2000 € / 0 € / 0 €",
      "Dossier marqué « déposé » le 2025-07-15",
    ]);
    expect(changes[0]!.who).toBe("Camille Exemple");
  });

  it("becomes eligible once the rules are met, and exports the application as PDF and DOCX", async () => {
    const { leadAdmin, cafeAdmin, groupementId, lead, partner, cafe } = await scene();
    await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id });
    await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id });
    await act(leadAdmin, groupementId, PROJECT);
    await act(leadAdmin, groupementId, { intent: "budget", operating: "90000", participation: "40000", equipment: "10000" });
    await act(leadAdmin, groupementId, {
      intent: "member",
      organisationId: lead.id,
      role: "Coordination",
      resources: ["competences"],
      subsidyShare: "100000",
      commitment: "convention",
    });
    await act(leadAdmin, groupementId, {
      intent: "member",
      organisationId: partner.id,
      role: "Repérage",
      resources: ["locaux"],
      subsidyShare: "40000",
      commitment: "lettre-engagement",
    });
    await act(leadAdmin, groupementId, {
      intent: "member",
      organisationId: cafe.id,
      role: "Accueil",
      resources: ["locaux", "salaries"],
      subsidyShare: "0",
      commitment: "lettre-engagement",
    });
    const workspace = await view(leadAdmin, groupementId);
    expect(workspace.eligibility.rules.filter((rule) => rule.status !== "pass")).toEqual([]);
    expect(workspace.eligibility.eligible).toBe(true);

    const names = (
      await db().organisation.findMany({ where: { id: { in: [lead.id, partner.id, cafe.id] } }, select: { name: true } })
    ).map((row) => row.name);
    const pdf = (await pdfLoader(loaderArgsFor(getRequest("/", leadAdmin.cookie), { id: groupementId }))) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain("Veilleurs de palier");
    expect(text).toContain("groupement éligible");
    for (const name of names) expect(text).toContain(name);

    const docx = (await docxLoader(loaderArgsFor(getRequest("/", leadAdmin.cookie), { id: groupementId }))) as Response;
    const xml = await docxXml(new Uint8Array(await docx.arrayBuffer()));
    expect(xml).toContain("Veilleurs de palier");
    for (const name of names) expect(xml).toContain(name);
    expect(xml).toContain("Répartition de la subvention");
  });
});
