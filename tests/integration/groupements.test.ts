import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ofName } from "~/domain/format";
import { getPublishedIdea } from "~/models/idea.server";
import { getProposalStates } from "~/models/interest.server";
import { loader as dashboardLoader } from "~/routes/espace._index";
import { action as ideaEditAction } from "~/routes/espace.organisations.$id.idees.$ideaId";
import { action as workspaceAction, loader as workspaceLoader } from "~/routes/groupements.$id._index";
import { loader as documentLoader } from "~/routes/groupements.$id.documents.$kind";
import { loader as pdfLoader } from "~/routes/groupements.$id.dossier[.]pdf";
import { loader as docxLoader } from "~/routes/groupements.$id.dossier[.]docx";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor, type Actor } from "../helpers/actors";
import { activePdfs, cleanCompressedPdf, ENCRYPTED_PDF, UNREADABLE_PDFS } from "../helpers/active-pdfs";
import { docxText, makePdf, pdfItems, pdfText } from "../helpers/documents";
import { openSeededCall } from "../helpers/calls";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();

const db = () => getDb();
type Page = Awaited<ReturnType<typeof workspaceLoader>>;
type Workspace = Extract<Page, { view: "workspace" }>;

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
      summary: "Des voisins veilleurs repèrent les locataires qui ne sortent plus.",
      description: "Chaque palier a son veilleur, formé par l'association, qui passe une fois par semaine.",
      targetPublic: "Locataires âgés et isolés des tours de Nantes Nord",
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
    },
  });
  // The partner offered premises and staff time with its interest, which the lead accepted.
  const interest = await db().interest.create({
    data: {
      ideaId: idea.id,
      organisationId: partner.id,
      message: "Nous connaissons nos locataires.",
      resources: "locaux salaries",
      status: "accepted",
      decidedAt: new Date(),
    },
  });
  await db().candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id, interestId: interest.id } });
  const created = await run(() =>
    ideaEditAction(
      actionArgs(formRequest("/", { intent: "create-groupement" }, leadAdmin.cookie), { id: lead.id, ideaId: idea.id }),
    ),
  );
  const groupementId = created.headers.get("Location")!.split("/").pop()!;
  // Made during the seeded 2025 call: its filing days (July 2025) come after its creation.
  await db().groupement.update({ where: { id: groupementId }, data: { createdAt: new Date("2025-06-02T10:00:00Z") } });
  return { leadAdmin, partnerAdmin, cafeAdmin, ccas, stranger, lead, partner, cafe, idea, groupementId };
}

const act = (actor: Actor, groupementId: string, fields: Record<string, string | string[] | File>) =>
  run(() => workspaceAction(actionArgs(formRequest(`/groupements/${groupementId}`, fields, actor.cookie), { id: groupementId })));
const page = async (actor: Actor, groupementId: string) =>
  (await workspaceLoader(loaderArgsFor(getRequest("/", actor.cookie), { id: groupementId }))) as Page;
const view = async (actor: Actor, groupementId: string): Promise<Workspace> => {
  const shown = await page(actor, groupementId);
  if (shown.view !== "workspace") throw new Error("Only the invitation is shown");
  return shown;
};
const statusOf = (workspace: Workspace, id: string) => workspace.assessment.rules.find((rule) => rule.id === id)?.status;
const memberIn = (workspace: Workspace, organisationId: string) =>
  workspace.members.find((member) => member.organisationId === organisationId)!;
const upload = (actor: Actor, groupementId: string, kind: string, organisationId = "") =>
  act(actor, groupementId, {
    intent: "document",
    kind,
    organisationId,
    file: new File([new Uint8Array(makePdf())], "piece.pdf"),
  });

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
  it("is created from the idea with its organisation as lead and the accepted partners, with the resources they offered", async () => {
    const { leadAdmin, groupementId, lead, partner } = await scene();
    const workspace = await view(leadAdmin, groupementId);
    expect(workspace.members.map((member) => [member.organisationId, member.isLead, member.status])).toEqual([
      [lead.id, true, "active"],
      [partner.id, false, "active"],
    ]);
    expect(memberIn(workspace, partner.id)).toMatchObject({
      resources: ["locaux", "salaries"],
      resourceLabels: ["Locaux", "Salariés mis à disposition"],
      confirmed: false,
    });
    expect(workspace.groupement.project).toMatchObject({ subAxes: ["2.1"], quartiers: ["nantes-nord"], startDate: "2026-02-01" });
    expect(workspace.assessment.ready).toBe(false);
    expect(statusOf(workspace, "members.count")).toBe("warn");
  });

  it("offers published structures to invite, the fictitious demo ones marked « démo »", async () => {
    const { leadAdmin, groupementId } = await scene();
    const demo = await db().organisation.findFirstOrThrow({ where: { isDemo: true, status: "published" } });
    const labels = (await view(leadAdmin, groupementId)).invitable.map((item) => item.label);
    expect(labels).toContain(`${demo.name} (démo)`);
    expect(labels.filter((label) => label.endsWith("(démo)")).length).toBe(
      await db().organisation.count({ where: { isDemo: true, status: "published" } }),
    );
  });

  it("shows a budget nobody entered « à compléter », neither conforming nor failing", async () => {
    const { leadAdmin, groupementId } = await scene();
    const before = await view(leadAdmin, groupementId);
    for (const id of ["budget.equipment", "budget.envelope", "subsidy.split"]) expect(statusOf(before, id)).toBe("todo");
    expect(before.assessment.summary.rules).toMatch(/^Pas encore conforme aux règles de l'appel/);
    await act(leadAdmin, groupementId, { intent: "budget", operating: "90000", participation: "40000", equipment: "10000" });
    const after = await view(leadAdmin, groupementId);
    expect(statusOf(after, "budget.equipment")).toBe("pass");
    expect(statusOf(after, "subsidy.split")).toBe("fail");
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
    // Its own admin wrote it: the structure stands by it.
    expect(member.confirmedAt).not.toBeNull();
  });

  it("sends a browser without JavaScript back to the page after a form is done, says it there once, and answers in place otherwise", async () => {
    const { leadAdmin, partnerAdmin, groupementId } = await scene();
    const budget = { intent: "budget", operating: "90000", participation: "40000", equipment: "10000" };
    const sent = (fields: Record<string, string>, headers: Record<string, string>) => {
      const request = formRequest(`/groupements/${groupementId}?index`, fields, leadAdmin.cookie);
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return run(() => workspaceAction(actionArgs(request, { id: groupementId })));
    };
    const shown = async (cookie: string) => {
      const answer = await run(() => workspaceLoader(loaderArgsFor(getRequest("/", cookie), { id: groupementId })));
      return { flashed: (answer.data as Workspace).flashed, setCookie: answer.headers.get("Set-Cookie") };
    };
    // A page of its own (no JavaScript): done, asked for again by a GET at its address.
    const done = await sent(budget, { "Sec-Fetch-Dest": "document", Accept: "text/html" });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(`/groupements/${groupementId}`);
    const cookie = done.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(
      new RegExp(`^cooperons_notice=[\\w-]+\\.[\\w-]+; Path=/groupements/${groupementId}; HttpOnly; SameSite=Lax; Max-Age=60`),
    );
    // The page says it once, and clears it.
    const first = await shown(`${leadAdmin.cookie}; ${cookie.split(";")[0]}`);
    expect(first.flashed).toEqual({ intent: "budget", notice: "Budget enregistré." });
    expect(first.setCookie).toMatch(/^cooperons_notice=; Path=\/groupements\/[\w-]+; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect((await shown(leadAdmin.cookie)).flashed).toBeNull();
    // A browser that does not say what it asks for but wants HTML is one too.
    expect((await sent(budget, { Accept: "text/html,application/xhtml+xml" })).status).toBe(303);
    // Written by someone else, or for another purpose: nothing said.
    const [token] = cookie.split(";")[0]!.split("=").slice(1);
    const forged = `${Buffer.from(JSON.stringify({ intent: "budget", notice: "Dossier accepté !" })).toString("base64url")}.${token!.split(".")[1]}`;
    expect((await shown(`${leadAdmin.cookie}; cooperons_notice=${forged}`)).flashed).toBeNull();
    expect((await shown(`${leadAdmin.cookie}; cooperons_notice=%%%`)).flashed).toBeNull();
    // Genuine, but planted in another person's browser, or read after its minute: nothing said.
    const again = (await sent(budget, { "Sec-Fetch-Dest": "document" })).headers.get("Set-Cookie")!.split(";")[0]!;
    expect((await shown(`${partnerAdmin.cookie}; ${again}`)).flashed).toBeNull();
    const later = vi.spyOn(Date, "now").mockReturnValue(Date.now() + 61_000);
    try {
      expect((await shown(`${leadAdmin.cookie}; ${again}`)).flashed).toBeNull();
    } finally {
      later.mockRestore();
    }
    expect((await shown(`${leadAdmin.cookie}; ${again}`)).flashed).toEqual({ intent: "budget", notice: "Budget enregistré." });
    // Refused: answered in place, the input kept, nothing written.
    const refused = await sent({ ...budget, operating: "-5" }, { "Sec-Fetch-Dest": "document" });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("Fonctionnement : le montant ne peut pas être négatif.");
    // Remix's own request (JavaScript): the answer itself, as before.
    const fetched = await sent(budget, { "Sec-Fetch-Dest": "empty", Accept: "*/*" });
    expect(fetched).toMatchObject({ status: 200, data: { intent: "budget", notice: "Budget enregistré." } });
    expect(fetched.headers.get("Set-Cookie")).toBeNull();
  });

  it("tells a budget saved from a tab that showed older amounts, changing nothing, then takes it again", async () => {
    const { leadAdmin, groupementId } = await scene();
    const budget = (operating: string, seen?: string) =>
      act(leadAdmin, groupementId, {
        intent: "budget",
        operating,
        participation: "40000",
        equipment: "0",
        ...(seen === undefined ? {} : { seen }),
      });
    const shown = async () => (await view(leadAdmin, groupementId)).groupement.budgetKey;
    // Both tabs show the budget saved at 90,000 / 40,000 / 0.
    expect((await budget("90000")).status).toBe(200);
    const bothTabs = await shown();
    // The first tab saves 80,000; the second, still showing 90,000, saves 70,000.
    expect((await budget("80000", bothTabs)).status).toBe(200);
    const stale = await budget("70000", bothTabs);
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({
      intent: "budget",
      savedNow: await shown(),
      error: expect.stringMatching(/^Le budget a été modifié entre-temps .* il est maintenant de 80\s000\s€ en fonctionnement/),
    });
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupementId } })).budgetOperating).toBe(80_000);
    // Sent again from that page (the form now builds on what is saved): taken. The same amounts as
    // those saved are never refused.
    expect((await budget("70000", (stale.data as { savedNow: string }).savedNow)).status).toBe(200);
    expect((await budget("70000", bothTabs)).status).toBe(200);
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupementId } })).budgetOperating).toBe(70_000);
  });

  it("tells a project saved from a tab that showed an older version, changing nothing, then takes it again", async () => {
    const { leadAdmin, groupementId } = await scene();
    expect((await act(leadAdmin, groupementId, PROJECT)).status).toBe(200);
    // Its lists stored in another order than the form sends them (as a demo groupement's were).
    await db().groupement.update({
      where: { id: groupementId },
      data: { subAxes: "2.2 2.1", quartiers: "nantes-sud nantes-nord" },
    });
    const seenFirst = (await view(leadAdmin, groupementId)).groupement.projectKey;
    // One tab moves the start and the number of people reached (the lists as the form sends them).
    const lists = { subAxes: ["2.1", "2.2"], quartiers: ["nantes-nord", "nantes-sud"] };
    const moved = { ...PROJECT, ...lists, startDate: "2026-03-01", beneficiaries: "250" };
    expect((await act(leadAdmin, groupementId, { ...moved, seen: seenFirst })).status).toBe(200);
    // A second tab, still showing the project as it was before, saves another title.
    const stale = await act(leadAdmin, groupementId, {
      ...PROJECT,
      ...lists,
      title: "Titre d'un onglet ancien",
      seen: seenFirst,
    });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ intent: "project", error: expect.stringMatching(/^Le projet a été modifié entre-temps/) });
    // It says what the other tab changed, not what this one did.
    expect((stale.data as { error: string }).error).toContain(
      "rien n'a été enregistré. Ont changé : la date de démarrage et le nombre de bénéficiaires. Vos réponses",
    );
    const row = await db().groupement.findUniqueOrThrow({ where: { id: groupementId } });
    expect([row.title, row.beneficiaries]).toEqual([PROJECT.title, 250]);
    // A key that is not the page's (a tampered form): refused all the same, without naming fields.
    const tampered = await act(leadAdmin, groupementId, { ...PROJECT, seen: "autre-chose" });
    expect(tampered.status).toBe(409);
    expect((tampered.data as { error: string }).error).toContain("rien n'a été enregistré. Vos réponses");
    // Sent again from that page, which now knows the saved version: taken.
    const now = (stale.data as { savedNow: string }).savedNow;
    expect(now).toBe((await view(leadAdmin, groupementId)).groupement.projectKey);
    expect((await act(leadAdmin, groupementId, { ...PROJECT, title: "Titre d'un onglet ancien", seen: now })).status).toBe(200);
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupementId } })).title).toBe("Titre d'un onglet ancien");
  });

  it("lets each structure's admins confirm what the lead proposed; a later change by the lead asks again", async () => {
    const { leadAdmin, partnerAdmin, groupementId, partner } = await scene();
    const partnerEditor = await createActor();
    await db().membership.create({ data: { userId: partnerEditor.id, organisationId: partner.id, role: "editor" } });
    const proposal = {
      intent: "member",
      organisationId: partner.id,
      role: "Repérage des locataires isolés.",
      resources: ["locaux"],
      subsidyShare: "40000",
      commitment: "lettre-engagement",
    };
    const proposed = await act(leadAdmin, groupementId, proposal);
    expect(JSON.stringify(proposed.data)).toContain("doit maintenant la confirmer");
    // The partner's admins hear of it.
    const mail = await smtp.server.waitFor(partnerAdmin.email, /Contribution à confirmer/);
    expect(mail.text).toContain(`/groupements/${groupementId}`);
    let workspace = await view(leadAdmin, groupementId);
    expect(memberIn(workspace, partner.id)).toMatchObject({ confirmed: false, canConfirm: false });
    expect(workspace.assessment.unconfirmed).toContain(partner.name);

    // Neither the lead nor the partner's editor may vouch for the partner.
    expect((await act(leadAdmin, groupementId, { intent: "confirm", organisationId: partner.id })).status).toBe(403);
    expect((await act(partnerEditor, groupementId, { intent: "confirm", organisationId: partner.id })).status).toBe(403);
    expect(memberIn(await view(partnerAdmin, groupementId), partner.id)).toMatchObject({ confirmed: false, canConfirm: true });
    expect((await act(partnerAdmin, groupementId, { intent: "confirm", organisationId: partner.id })).status).toBe(200);
    workspace = await view(leadAdmin, groupementId);
    expect(memberIn(workspace, partner.id)).toMatchObject({ confirmed: true, confirmedBy: "Camille Exemple" });
    expect(workspace.assessment.unconfirmed).not.toContain(partner.name);

    // Saved again unchanged, it stays confirmed; the lead changing its share asks again.
    await act(leadAdmin, groupementId, proposal);
    expect(memberIn(await view(leadAdmin, groupementId), partner.id).confirmed).toBe(true);
    await act(leadAdmin, groupementId, { ...proposal, subsidyShare: "30000" });
    expect(memberIn(await view(leadAdmin, groupementId), partner.id).confirmed).toBe(false);

    // The partner's admin corrects its role: its own word, confirmed, and the lead's share is kept.
    expect((await act(partnerAdmin, groupementId, { ...proposal, role: "Repérage et accueil", subsidyShare: "0" })).status).toBe(
      200,
    );
    expect(memberIn(await view(leadAdmin, groupementId), partner.id)).toMatchObject({
      confirmed: true,
      role: "Repérage et accueil",
      subsidyShare: 30000,
    });
    // An editor's draft is not a confirmation.
    await act(partnerEditor, groupementId, { ...proposal, role: "Repérage" });
    expect(memberIn(await view(leadAdmin, groupementId), partner.id).confirmed).toBe(false);
  });

  it("carries the resources of an accepted interest into the groupement when the candidate joins", async () => {
    const { leadAdmin, cafeAdmin, groupementId, cafe, idea } = await scene();
    await db().interest.create({
      data: {
        ideaId: idea.id,
        organisationId: cafe.id,
        message: "Notre salle",
        resources: "locaux logistique",
        status: "accepted",
      },
    });
    await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id });
    expect(memberIn(await view(leadAdmin, groupementId), cafe.id).resources).toEqual([]);
    await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id });
    expect(memberIn(await view(leadAdmin, groupementId), cafe.id)).toMatchObject({
      status: "active",
      resources: ["locaux", "logistique"],
      confirmed: false,
    });
  });

  it("invites a published organisation, whose admins accept; hands over the lead, never to a City body", async () => {
    const { leadAdmin, cafeAdmin, groupementId, cafe, partner } = await scene();
    expect((await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id })).status).toBe(200);
    await smtp.server.waitFor(cafeAdmin.email, /Invitation à rejoindre le groupement/);
    expect(await page(cafeAdmin, groupementId)).toMatchObject({
      view: "invitation",
      invitations: [{ organisationId: cafe.id, canRespond: true }],
    });
    // Invited, the café does not count yet: two members, as before.
    expect(statusOf(await view(leadAdmin, groupementId), "members.count")).toBe("warn");
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

  it("says who is told when a structure has no administrator on the platform, and never makes it lead", async () => {
    const { leadAdmin, partnerAdmin, groupementId, partner, cafe } = await scene();
    // Its only account holder left the structure; the café never had one once published.
    await db().membership.deleteMany({ where: { organisationId: { in: [partner.id, cafe.id] } } });
    const invited = await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id });
    expect(invited.status).toBe(200);
    expect(invited.data).toMatchObject({
      notice: expect.stringContaining("qui n'a pas d'administrateur sur la plateforme : personne n'a été prévenu"),
    });
    // And what the lead can do about it.
    expect((invited.data as { notice: string }).notice).toMatch(
      /personne ne peut y répondre tant qu'elle n'en a pas\. Vous pouvez retirer l'invitation et inviter une autre structure\.$/,
    );
    const workspace = await view(leadAdmin, groupementId);
    expect(memberIn(workspace, partner.id)).toMatchObject({ hasAdmins: false, mayTakeLead: false });
    expect(memberIn(workspace, cafe.id)).toMatchObject({ hasAdmins: false, status: "invited" });
    // Its contribution saved by the lead: not « un administrateur doit maintenant la confirmer ».
    const contribution = await act(leadAdmin, groupementId, {
      intent: "member",
      organisationId: partner.id,
      role: "Repérage des locataires isolés.",
      subsidyShare: "0",
    });
    expect(contribution.status).toBe(200);
    expect((contribution.data as { notice: string }).notice).toMatch(
      /enregistrée\. Elle reste à confirmer, mais cette structure n'a pas d'administrateur sur la plateforme/,
    );
    const refused = await act(leadAdmin, groupementId, { intent: "transfer-lead", organisationId: partner.id });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ error: expect.stringContaining("n'a pas d'administrateur sur la plateforme") });
    // Invited again while the invitation waits: said as such.
    expect((await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id })).data).toMatchObject({
      error: "Cette structure est déjà invitée.",
    });
    expect((await db().groupementMember.findFirstOrThrow({ where: { groupementId, isLead: true } })).organisationId).not.toBe(
      partner.id,
    );
    // With an administrator again, it is told and may lead.
    await db().membership.create({ data: { userId: partnerAdmin.id, organisationId: partner.id, role: "admin" } });
    expect(memberIn(await view(leadAdmin, groupementId), partner.id)).toMatchObject({ hasAdmins: true, mayTakeLead: true });
  });

  it("without JavaScript, a structure that leaves is told so on its space once (a reload of the address said it again)", async () => {
    const { partnerAdmin, groupementId, partner } = await scene();
    const request = formRequest(
      `/groupements/${groupementId}`,
      { intent: "leave", organisationId: partner.id },
      partnerAdmin.cookie,
    );
    request.headers.set("Sec-Fetch-Dest", "document");
    const left = await run(() => workspaceAction(actionArgs(request, { id: groupementId })));
    expect(left.status).toBe(303);
    expect(left.headers.get("Location")).toBe("/espace#contenu");
    const cookie = left.headers.get("Set-Cookie")!;
    expect(cookie).toContain("; Path=/espace; HttpOnly; SameSite=Lax");
    const space = async (cookies: string) =>
      ((await run(() => dashboardLoader(loaderArgsFor(getRequest("/espace", cookies))))).data as { flashed: unknown }).flashed;
    expect(await space(`${partnerAdmin.cookie}; ${cookie.split(";")[0]}`)).toEqual({
      intent: "groupement-left",
      notice: "Votre structure a quitté le groupement.",
    });
    expect(await space(partnerAdmin.cookie)).toBeNull();
  });

  it("removes a member, lets one leave, and keeps the lead", async () => {
    const { leadAdmin, partnerAdmin, groupementId, lead, partner, idea } = await scene();
    const engaged = async () => (await getPublishedIdea(db(), idea.slug))!.joined.map((organisation) => organisation.name);
    expect(await engaged()).toEqual([partner.name]);
    expect((await act(leadAdmin, groupementId, { intent: "leave", organisationId: lead.id })).status).toBe(400);
    expect((await act(partnerAdmin, groupementId, { intent: "remove", organisationId: lead.id })).status).toBe(400);
    const left = await act(partnerAdmin, groupementId, { intent: "leave", organisationId: partner.id });
    // Back to their space, told (the workspace is no longer theirs: it was « Page introuvable »).
    expect(left.status).toBe(302);
    expect(left.headers.get("Location")).toBe("/espace?groupement=quitte#contenu");
    expect(await db().groupementMember.count({ where: { groupementId } })).toBe(1);
    // No longer among the idea's partners (it stayed listed as engaged), and free to propose again.
    expect(await engaged()).toEqual([]);
    expect((await getProposalStates(db(), idea.id, [partner.id])).joined.size).toBe(0);
    // Its proposal, accepted then, stays in the history.
    expect(await db().interest.count({ where: { ideaId: idea.id, organisationId: partner.id, status: "accepted" } })).toBe(1);
  });

  it("takes a partner the lead removes off the idea's partners too", async () => {
    const { leadAdmin, partnerAdmin, groupementId, partner, idea } = await scene();
    const removed = await act(leadAdmin, groupementId, { intent: "remove", organisationId: partner.id });
    expect(removed.status).toBe(200);
    expect((await getPublishedIdea(db(), idea.slug))!.joined).toEqual([]);
    await smtp.server.waitFor(partnerAdmin.email, /ne fait plus partie du groupement/);
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

    const sent = await act(partnerAdmin, groupementId, {
      intent: "already-sent",
      organisationId: partner.id,
      accountsAlreadySent: "on",
    });
    // Whose: the structure's heading may be above the screen.
    expect(sent.data).toMatchObject({ notice: `Enregistré pour ${partner.name}.` });
    const checklist = (await view(partnerAdmin, groupementId)).checklist;
    const partnerName = (await db().organisation.findUniqueOrThrow({ where: { id: partner.id } })).name;
    expect(checklist.find((item) => item.label === `${partnerName} : comptes annuels`)?.done).toBe(true);
    expect(checklist.find((item) => item.label === `${partnerName} : rapport d'activité 2024`)?.done).toBe(false);
  });

  it("records every change after filing: who, when, what", async () => {
    await openSeededCall();
    const { leadAdmin, groupementId } = await scene();
    await act(leadAdmin, groupementId, { intent: "budget", operating: "1000", participation: "0", equipment: "0" });
    expect((await view(leadAdmin, groupementId)).groupement.changes).toEqual([]);
    expect((await act(leadAdmin, groupementId, { intent: "submit", date: "2025-07-15" })).status).toBe(200);
    await act(leadAdmin, groupementId, { intent: "budget", operating: "80100", participation: "0", equipment: "0" });
    const changes = (await view(leadAdmin, groupementId)).groupement.changes;
    expect(changes.map((change) => change.summary)).toEqual([
      // Spaced as the page writes amounts (narrow no-break space in thousands, no-break before €).
      "Budget modifié : 80\u202f100\u00a0€ / 0\u00a0€ / 0\u00a0€",
      "Dossier marqué « déposé » le 15 juillet 2025",
    ]);
    expect(changes[0]!.who).toBe("Camille Exemple");
  });

  it("conforms to the rules before the dossier is complete, and is ready only once every piece and confirmation is in", async () => {
    const { leadAdmin, partnerAdmin, cafeAdmin, groupementId, lead, partner, cafe } = await scene();
    await db().organisation.update({
      where: { id: lead.id },
      data: {
        siret: "12345678200010",
        rna: "W443004321",
        address: "12 rue du Nord, 44300 Nantes",
        publicEmail: "contact@voisins-du-nord.example",
        publicPhone: "02 40 00 00 01",
      },
    });
    await db().organisation.update({ where: { id: partner.id }, data: { rna: null, siret: "55566677700011" } });
    await db().organisation.update({ where: { id: cafe.id }, data: { rna: null, siret: "98765432100019" } });
    await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id });
    await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id });
    await act(leadAdmin, groupementId, PROJECT);
    await act(leadAdmin, groupementId, { intent: "budget", operating: "90000", participation: "40000", equipment: "10000" });
    const contributions = [
      {
        organisationId: lead.id,
        role: "Coordination.",
        resources: ["competences"],
        subsidyShare: "100000",
        commitment: "convention",
      },
      {
        organisationId: partner.id,
        role: "Repérage.",
        resources: ["locaux"],
        subsidyShare: "40000",
        commitment: "lettre-engagement",
      },
      {
        organisationId: cafe.id,
        role: "Accueil le samedi.",
        resources: ["locaux", "salaries"],
        subsidyShare: "0",
        commitment: "lettre-engagement",
      },
    ];
    for (const contribution of contributions) await act(leadAdmin, groupementId, { intent: "member", ...contribution });

    // Every rule passes, yet two partners have not confirmed and no document is in.
    let workspace = await view(leadAdmin, groupementId);
    expect(workspace.assessment.rules.filter((rule) => rule.status !== "pass")).toEqual([]);
    expect(workspace.assessment).toMatchObject({ conforming: true, complete: false, ready: false });
    expect(workspace.assessment.unconfirmed.sort()).toEqual([partner.name, cafe.name].sort());
    expect(workspace.assessment.summary.overall).toBe(
      "Conforme aux règles, mais le dossier est incomplet : pas encore prêt à déposer.",
    );
    expect(workspace.assessment.summary.dossier).toBe("Dossier incomplet : 10 pièces manquantes, 2 contributions à confirmer.");
    const pdfOf = async () =>
      pdfText(
        new Uint8Array(
          await (
            (await pdfLoader(loaderArgsFor(getRequest("/", leadAdmin.cookie), { id: groupementId }))) as Response
          ).arrayBuffer(),
        ),
      );
    const draft = await pdfOf();
    expect(draft).toContain("dossier est incomplet");
    expect(draft).not.toMatch(/éligible|Prêt à déposer/);
    // Filed as it is, what remains is said once under « Où en est le dossier » (it was said twice).
    await db().groupement.update({ where: { id: groupementId }, data: { submittedAt: new Date("2025-07-10T10:00:00Z") } });
    const filed = (await pdfOf()).replace(/\s+/g, " ");
    expect(filed).toContain("Dossier déposé le 10 juillet 2025. Il reste à compléter : 10 pièces manquantes");
    expect(filed.match(/pièces manquantes/g)).toHaveLength(1);
    await db().groupement.update({ where: { id: groupementId }, data: { submittedAt: null } });

    // The partners confirm; the documents come in, uploaded or already sent.
    await act(partnerAdmin, groupementId, { intent: "confirm", organisationId: partner.id });
    await act(cafeAdmin, groupementId, { intent: "confirm", organisationId: cafe.id });
    expect((await upload(leadAdmin, groupementId, "project-sheet")).status).toBe(200);
    for (const { organisationId } of contributions) {
      expect((await upload(leadAdmin, groupementId, "commitment", organisationId)).status).toBe(200);
      await act(leadAdmin, groupementId, {
        intent: "already-sent",
        organisationId,
        accountsAlreadySent: "on",
        reportAlreadySent: "on",
      });
    }
    workspace = await view(leadAdmin, groupementId);
    expect(workspace.assessment).toMatchObject({ conforming: true, complete: true, ready: true });
    expect(workspace.assessment.summary.overall).toBe("Prêt à déposer : conforme aux règles et dossier complet.");

    // The application file: a descriptive sheet a CCAS reviewer reads alone, in both formats.
    const pdf = (await pdfLoader(loaderArgsFor(getRequest("/", leadAdmin.cookie), { id: groupementId }))) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const docx = (await docxLoader(loaderArgsFor(getRequest("/", leadAdmin.cookie), { id: groupementId }))) as Response;
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    const texts = {
      pdf: (await pdfText(pdfBytes)).replace(/\s+/g, " "),
      docx: (await docxText(new Uint8Array(await docx.arrayBuffer()))).replace(/\s+/g, " "),
    };
    // In the PDF each label stands apart from its value: a space's width at least between « Résumé : »
    // and what follows on its line (« Résumé :Des voisins » was printed, the space after the colon dropped).
    const items = await pdfItems(pdfBytes);
    const labels = items.filter((item) => /^(Résumé|Territoire|Public visé) :\s*$/.test(item.str));
    expect(labels.map((label) => label.str.trim())).toEqual(["Résumé :", "Public visé :", "Territoire :"]);
    for (const label of labels) {
      const value = items.find((item) => item.page === label.page && item.y === label.y && item.x > label.x && item.str.trim())!;
      expect(value.x - (label.x + label.width), `a space after ${label.str.trim()}`).toBeGreaterThanOrEqual(2);
    }
    for (const [format, text] of Object.entries(texts)) {
      const expectIn = (part: string) => expect(text, `${format}: ${part}`).toContain(part);
      expectIn("Fiche descriptive du projet");
      expectIn("Veilleurs de palier");
      // The project in its own words.
      expectIn("Des voisins veilleurs repèrent les locataires qui ne sortent plus.");
      expectIn("Chaque palier a son veilleur, formé par l'association, qui passe une fois par semaine.");
      expectIn("Locataires âgés et isolés des tours de Nantes Nord");
      // The lead: identity, address and whom to call.
      expectIn("12 rue du Nord, 44300 Nantes");
      expectIn(`Camille Exemple (${leadAdmin.email})`);
      expectIn("contact@voisins-du-nord.example");
      // Every structure with its identifiers and its confirmed contribution.
      for (const name of [lead.name, partner.name, cafe.name]) expectIn(name);
      for (const id of ["SIRET 12345678200010", "RNA W443004321", "SIRET 55566677700011", "SIRET 98765432100019"]) expectIn(id);
      expectIn("Accueil le samedi.");
      expectIn("Oui, par Camille Exemple");
      // The money, the rules and the state of every required document.
      expectIn("Répartition de la subvention");
      expectIn("140 000 €");
      expectIn("Prêt à déposer : conforme aux règles et dossier complet.");
      expectIn(`${partner.name} : convention ou lettre d'engagement signée`);
      expectIn("Déjà transmis au CCAS");
      expectIn("Déposée (lettre d'engagement)");
      // Room for each structure to sign.
      expectIn("Signature et cachet");
      for (const name of [partner.name, cafe.name]) expectIn(`Pour ${name}`);
      expectIn(`Pour ${lead.name} (chef de file)`);
      // Roles typed with a full stop are not doubled by the file.
      expect(text, format).not.toMatch(/\.\s?\./);
    }
  });
});

describe("a structure invited to a groupement, before it accepts", () => {
  /** The scene, with the partner's annual accounts uploaded and the café invited (not answered). */
  async function invitedScene() {
    const found = await scene();
    const { leadAdmin, partnerAdmin, cafeAdmin, groupementId, partner, cafe } = found;
    const cafeEditor = await createActor();
    await db().membership.create({ data: { userId: cafeEditor.id, organisationId: cafe.id, role: "editor" } });
    await act(partnerAdmin, groupementId, {
      intent: "member",
      organisationId: partner.id,
      role: "Repérage des locataires isolés.",
      resources: ["locaux"],
      commitment: "lettre-engagement",
    });
    expect((await upload(partnerAdmin, groupementId, "accounts", partner.id)).status).toBe(200);
    await act(leadAdmin, groupementId, { intent: "budget", operating: "90000", participation: "40000", equipment: "10000" });
    expect((await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id })).status).toBe(200);
    await smtp.server.waitFor(cafeAdmin.email, /Invitation à rejoindre le groupement/);
    return { ...found, cafeEditor };
  }
  const accountsOf = (actor: Actor, groupementId: string, organisationId: string) =>
    run(() =>
      documentLoader(
        loaderArgsFor(getRequest(`/groupements/${groupementId}/documents/accounts?membre=${organisationId}`, actor.cookie), {
          id: groupementId,
          kind: "accounts",
        }),
      ),
    );
  const exportAs = (actor: Actor, groupementId: string) =>
    Promise.all([
      run(() =>
        pdfLoader(loaderArgsFor(getRequest(`/groupements/${groupementId}/dossier.pdf`, actor.cookie), { id: groupementId })),
      ),
      run(() =>
        docxLoader(loaderArgsFor(getRequest(`/groupements/${groupementId}/dossier.docx`, actor.cookie), { id: groupementId })),
      ),
    ]);

  it("sees the project's title, its lead and the invitation, and nothing of the workspace", async () => {
    const { cafeAdmin, cafeEditor, groupementId, lead, partner, cafe } = await invitedScene();
    const shown = await page(cafeAdmin, groupementId);
    expect(shown).toEqual({
      view: "invitation",
      groupement: {
        id: groupementId,
        title: `Veilleurs ${lead.slug}`,
        callTitle: expect.any(String),
        leadName: lead.name,
        // The scene's call is open (a closed one is said before answering: the e2e journey).
        closedSince: null,
      },
      invitations: [{ organisationId: cafe.id, name: cafe.name, invitedOn: expect.any(String), canRespond: true }],
      flashed: null,
    });
    // Neither the members, their contributions, the budget, the documents nor the rules.
    const text = JSON.stringify(shown);
    for (const secret of [partner.name, partner.id, "Repérage des locataires isolés.", "90000", "members.count", "comptes"])
      expect(text).not.toContain(secret);
    // The café's editor sees the invitation too, without the answer: only its admins answer.
    expect(await page(cafeEditor, groupementId)).toMatchObject({
      view: "invitation",
      invitations: [{ organisationId: cafe.id, canRespond: false }],
    });
    expect((await act(cafeEditor, groupementId, { intent: "accept-invitation", organisationId: cafe.id })).status).toBe(403);
  });

  it("acts on a member only as the page showed it: an invitation accepted meanwhile, or a member gone, is told", async () => {
    const { leadAdmin, cafeAdmin, groupementId, cafe, partner } = await invitedScene();
    // The lead reads « Retirer l'invitation… » while the café joins.
    expect((await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id })).status).toBe(200);
    const stale = await act(leadAdmin, groupementId, { intent: "remove", organisationId: cafe.id, status: "invited" });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ intent: "remove", error: expect.stringMatching(/^Le groupement a changé entre-temps/) });
    expect(await db().groupementMember.findFirst({ where: { groupementId, organisationId: cafe.id } })).toMatchObject({
      status: "active",
    });
    // Removed, then removed again from a tab that still showed it: told, not « Page introuvable ».
    expect((await act(leadAdmin, groupementId, { intent: "remove", organisationId: partner.id, status: "active" })).status).toBe(
      200,
    );
    const again = await act(leadAdmin, groupementId, { intent: "remove", organisationId: partner.id, status: "active" });
    expect(again.status).toBe(409);
    // Its document sent, or « déjà transmis » ticked, from that tab: told above the workspace (its
    // form is gone from the page), not « Accès refusé » nor « Page introuvable ».
    const lateForms: Record<string, string | string[] | File>[] = [
      {
        intent: "document",
        kind: "commitment",
        organisationId: partner.id,
        file: new File([new Uint8Array(makePdf())], "l.pdf"),
      },
      { intent: "already-sent", organisationId: partner.id, accountsAlreadySent: "on" },
      // Its contribution edited, or confirmed.
      { intent: "member", organisationId: partner.id, role: "Repérage des locataires isolés.", resources: ["locaux"] },
      { intent: "confirm", organisationId: partner.id },
    ];
    for (const fields of lateForms) {
      const late = await act(leadAdmin, groupementId, fields);
      expect({ intent: fields.intent, status: late.status, data: late.data }).toMatchObject({
        intent: fields.intent,
        status: 409,
        data: { intent: "changed", error: expect.stringMatching(/^Le groupement a changé entre-temps/) },
      });
    }
    // A structure that never was a member is still refused to whoever is not its member.
    const stranger = await createOrganisationFor(await createActor());
    const forged = await act(cafeAdmin, groupementId, { intent: "already-sent", organisationId: stranger.id });
    expect(forged.status).toBe(404);
  });

  it("tells those concerned: the structure removed, the lead of one that left, the new lead", async () => {
    const { leadAdmin, partnerAdmin, cafeAdmin, groupementId, cafe, partner } = await invitedScene();
    await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id });
    await act(leadAdmin, groupementId, { intent: "remove", organisationId: cafe.id, status: "active" });
    const removed = await smtp.server.waitFor(cafeAdmin.email, /^Votre structure ne fait plus partie du groupement/);
    expect(removed.text).toContain(`en a retiré votre structure ${cafe.name} ; sa contribution est supprimée`);

    await act(leadAdmin, groupementId, { intent: "transfer-lead", organisationId: partner.id });
    const handedOver = await smtp.server.waitFor(partnerAdmin.email, /^Votre structure est chef de file du groupement/);
    expect(handedOver.text).toMatch(new RegExp(`/groupements/${groupementId}$`, "m"));

    // The former lead leaves: the new lead's admins are told.
    const formerLead = (await db().groupementMember.findFirstOrThrow({ where: { groupementId, isLead: false } })).organisationId;
    await act(leadAdmin, groupementId, { intent: "leave", organisationId: formerLead });
    const left = await smtp.server.waitFor(partnerAdmin.email, / a quitté le groupement /);
    expect(left.text).toContain("sa contribution est supprimée");
  });

  it("cannot download another member's annual accounts nor the application file", async () => {
    const { leadAdmin, cafeAdmin, cafeEditor, groupementId, partner } = await invitedScene();
    // A member reads them: the file is there.
    expect((await accountsOf(leadAdmin, groupementId, partner.id)).status).toBe(200);
    for (const invited of [cafeAdmin, cafeEditor]) {
      expect(await accountsOf(invited, groupementId, partner.id)).toMatchObject({ status: 404 });
      for (const file of await exportAs(invited, groupementId)) expect(file.status).toBe(404);
    }
  });

  it("changes nothing of the groupement, its own contribution included, until it accepts", async () => {
    const { leadAdmin, cafeAdmin, groupementId, lead, partner, cafe } = await invitedScene();
    const before = await db().groupement.findUniqueOrThrow({ where: { id: groupementId }, include: { members: true } });
    const attempts: Record<string, string | string[] | File>[] = [
      { intent: "member", organisationId: cafe.id, role: "Accueil le samedi.", resources: ["locaux"], commitment: "convention" },
      { intent: "confirm", organisationId: cafe.id },
      {
        intent: "document",
        kind: "commitment",
        organisationId: cafe.id,
        file: new File([new Uint8Array(makePdf())], "lettre.pdf"),
      },
      { intent: "already-sent", organisationId: cafe.id, accountsAlreadySent: "on", reportAlreadySent: "on" },
      { intent: "leave", organisationId: cafe.id },
      { intent: "member", organisationId: partner.id, role: "Rien" },
      { intent: "budget", operating: "1", participation: "0", equipment: "0" },
      { ...PROJECT, title: "Détourné" },
      { intent: "invite", organisationId: (await createOrganisationFor(await createActor())).id },
      { intent: "remove", organisationId: partner.id },
      { intent: "transfer-lead", organisationId: partner.id },
      { intent: "submit", date: "2025-07-15" },
      { intent: "document", kind: "project-sheet", file: new File([new Uint8Array(makePdf())], "fiche.pdf") },
      { intent: "nimporte-quoi" },
    ];
    for (const fields of attempts) {
      const answer = await act(cafeAdmin, groupementId, fields);
      expect(answer.status, String(fields.intent)).toBe(403);
    }
    const after = await db().groupement.findUniqueOrThrow({ where: { id: groupementId }, include: { members: true } });
    expect(after).toEqual(before);
    expect(
      await db().groupementMember.findUniqueOrThrow({
        where: { groupementId_organisationId: { groupementId, organisationId: cafe.id } },
      }),
    ).toMatchObject({ status: "invited", role: "", resources: "", commitment: null, commitmentFile: null, confirmedAt: null });
    // The lead still sees the café as invited, not as a member.
    const workspace = await view(leadAdmin, groupementId);
    expect(memberIn(workspace, cafe.id)).toMatchObject({ status: "invited", canRespond: false });
    expect(memberIn(workspace, lead.id).isLead).toBe(true);
  });

  it("does not count for the rules, the dossier or the confirmations while invited", async () => {
    const { leadAdmin, groupementId, cafe } = await invitedScene();
    const workspace = await view(leadAdmin, groupementId);
    // Lead and partner only: two members (a warning), and no economic-world member yet.
    expect(statusOf(workspace, "members.count")).toBe("warn");
    expect(statusOf(workspace, "cooperation.economic")).toBe("warn");
    expect(workspace.assessment.unconfirmed).not.toContain(cafe.name);
    expect(workspace.checklist.some((item) => item.label.startsWith(cafe.name))).toBe(false);
  });

  it("finds the invitation in its space: the title only, not where the dossier stands", async () => {
    await openSeededCall();
    const { leadAdmin, partnerAdmin, cafeAdmin, groupementId, lead } = await invitedScene();
    expect((await act(leadAdmin, groupementId, { intent: "submit", date: "2025-07-15" })).status).toBe(200);
    const listed = async (actor: Actor) =>
      (await dashboardLoader(loaderArgsFor(getRequest("/espace", actor.cookie)))).groupements.find(
        (item) => item.id === groupementId,
      );
    expect(await listed(cafeAdmin)).toEqual({
      id: groupementId,
      title: `Veilleurs ${lead.slug}`,
      invited: true,
      submitted: false,
    });
    expect(await listed(partnerAdmin)).toMatchObject({ invited: false, submitted: true });
  });

  it("opens the workspace once it accepts", async () => {
    const { leadAdmin, cafeAdmin, groupementId, partner, cafe, idea } = await invitedScene();
    // The idea's public page names the engaged partners: the accepted one (also in the groupement) once, not the lead.
    const engaged = async () => (await getPublishedIdea(db(), idea.slug))!.joined.map((organisation) => organisation.name);
    expect(await engaged()).toEqual([partner.name]);
    const accepted = await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id });
    // Joined through the groupement: engaged too (the page said « Aucun pour l'instant » of such a partner).
    expect(await engaged()).toEqual([partner.name, cafe.name]);
    expect(accepted).toMatchObject({ status: 200, data: { notice: "Votre structure a rejoint le groupement." } });
    // The lead's admins hear of it (they learnt nothing but from the change log).
    const told = await smtp.server.waitFor(leadAdmin.email, /a rejoint le groupement/);
    const { title } = (await view(leadAdmin, groupementId)).groupement;
    expect(told.subject).toBe(`${cafe.name} a rejoint le groupement « ${title} »`);
    expect(told.text).toContain(`/groupements/${groupementId}`);
    const workspace = await view(cafeAdmin, groupementId);
    expect(memberIn(workspace, cafe.id)).toMatchObject({ status: "active", canEdit: true, canConfirm: true });
    expect(statusOf(workspace, "members.count")).toBe("pass");
    expect((await accountsOf(cafeAdmin, groupementId, partner.id)).status).toBe(200);
    for (const file of await exportAs(cafeAdmin, groupementId)) expect(file.status).toBe(200);
    expect(
      (await act(cafeAdmin, groupementId, { intent: "member", organisationId: cafe.id, role: "Accueil le samedi." })).status,
    ).toBe(200);
  });

  it("sees nothing more once it declined, or once the lead withdrew the invitation", async () => {
    const { leadAdmin, cafeAdmin, partnerAdmin, groupementId, partner, cafe } = await invitedScene();
    const declined = await act(cafeAdmin, groupementId, { intent: "decline-invitation", organisationId: cafe.id });
    expect(declined.status).toBe(302);
    await smtp.server.waitFor(leadAdmin.email, new RegExp(`^${cafe.name} a décliné l'invitation au groupement`));
    expect(declined.headers.get("Location")).toBe("/espace?invitation=declinee");
    expect(await run(() => page(cafeAdmin, groupementId))).toMatchObject({ status: 404 });
    expect(await accountsOf(cafeAdmin, groupementId, partner.id)).toMatchObject({ status: 404 });
    expect((await act(cafeAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id })).status).toBe(404);

    // Invited again, then withdrawn by the lead; a removed partner is out too.
    await act(leadAdmin, groupementId, { intent: "invite", organisationId: cafe.id });
    expect((await page(cafeAdmin, groupementId)).view).toBe("invitation");
    // Only the lead withdraws it: a partner may not.
    expect((await act(partnerAdmin, groupementId, { intent: "remove", organisationId: cafe.id })).status).toBe(403);
    expect(await act(leadAdmin, groupementId, { intent: "remove", organisationId: cafe.id })).toMatchObject({
      status: 200,
      data: { notice: `L'invitation ${ofName(cafe.name)} est retirée.` },
    });
    // The café's admins, who had the invitation by mail, are told (its link leads nowhere now).
    const withdrawn = await smtp.server.waitFor(cafeAdmin.email, /^Invitation retirée : groupement/);
    expect(withdrawn.text).toContain(`L'invitation de votre structure ${cafe.name} à rejoindre le groupement`);
    expect(
      (await db().groupementMember.findMany({ where: { groupementId, organisationId: cafe.id } })).map((member) => member.status),
    ).toEqual([]);
    expect((await act(leadAdmin, groupementId, { intent: "remove", organisationId: partner.id })).status).toBe(200);
    for (const gone of [cafeAdmin, partnerAdmin]) {
      expect(await run(() => page(gone, groupementId))).toMatchObject({ status: 404 });
      expect(await accountsOf(gone, groupementId, partner.id)).toMatchObject({ status: 404 });
      for (const file of await exportAs(gone, groupementId)) expect(file.status).toBe(404);
    }
  });

  it("is answered from the workspace by someone also in a member structure, who still cannot act for the invited one", async () => {
    const { partnerAdmin, groupementId, cafe } = await invitedScene();
    await db().membership.create({ data: { userId: partnerAdmin.id, organisationId: cafe.id, role: "admin" } });
    expect(memberIn(await view(partnerAdmin, groupementId), cafe.id)).toMatchObject({ status: "invited", canRespond: true });
    // The café has no contribution until it joins.
    expect(
      (await act(partnerAdmin, groupementId, { intent: "member", organisationId: cafe.id, role: "Accueil le samedi." })).status,
    ).toBe(404);
    expect((await act(partnerAdmin, groupementId, { intent: "accept-invitation", organisationId: cafe.id })).status).toBe(200);
    expect(memberIn(await view(partnerAdmin, groupementId), cafe.id).status).toBe("active");
  });
});

describe("the workspace's dates and confirmations", () => {
  it("refuses a start date that is not a day of the calendar, keeps the input and changes nothing", async () => {
    const { leadAdmin, groupementId } = await scene();
    const before = await db().groupement.findUniqueOrThrow({ where: { id: groupementId } });
    for (const startDate of ["2025-13-01", "2025-02-30", "2026-02-29", "1er mars"]) {
      const answer = await act(leadAdmin, groupementId, { ...PROJECT, startDate });
      expect(answer.status, startDate).toBe(400);
      expect(answer.data).toMatchObject({
        intent: "project",
        result: {
          error: {
            startDate: [
              "Date invalide : la date de démarrage doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01).",
            ],
          },
          initialValue: { startDate, title: PROJECT.title },
        },
      });
    }
    expect(await db().groupement.findUniqueOrThrow({ where: { id: groupementId } })).toEqual(before);
    // The page still opens; a real day (a leap day included) is saved as typed.
    expect((await view(leadAdmin, groupementId)).groupement.project.startDate).toBe("2026-02-01");
    expect((await act(leadAdmin, groupementId, { ...PROJECT, startDate: "2028-02-29" })).status).toBe(200);
    expect((await view(leadAdmin, groupementId)).groupement.project.startDate).toBe("2028-02-29");
  });

  it("refuses a filing date that is not a day of the calendar, rather than a 500 or the next month", async () => {
    // Filing needs the call open: the seeded 2025 call closed on 16 July 2025.
    await openSeededCall();
    const { leadAdmin, groupementId } = await scene();
    for (const date of ["2025-13-01", "2025-02-30", ""]) {
      const answer = await act(leadAdmin, groupementId, { intent: "submit", date });
      expect(answer.status, date).toBe(400);
      // The field's message, next to the date as it was typed.
      expect(answer.data, date).toMatchObject({
        intent: "submit",
        result: {
          error: {
            date: [
              date
                ? "Date invalide : la date du dépôt doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01)."
                : "Indiquez la date du dépôt.",
            ],
          },
          ...(date ? { initialValue: { date } } : {}),
        },
      });
    }
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupementId } })).submittedAt).toBeNull();
    expect((await view(leadAdmin, groupementId)).groupement.submittedAt).toBeNull();
    expect((await act(leadAdmin, groupementId, { intent: "submit", date: "2025-07-15" })).status).toBe(200);
    expect((await db().groupement.findUniqueOrThrow({ where: { id: groupementId } })).submittedAt?.toISOString()).toBe(
      "2025-07-15T12:00:00.000Z",
    );
  });

  it("answers a confirmation without its structure with a French message, and confirms nothing", async () => {
    const { partnerAdmin, groupementId, partner } = await scene();
    const answer = await act(partnerAdmin, groupementId, { intent: "confirm" });
    expect(answer).toMatchObject({
      status: 400,
      data: { intent: "confirm", error: "Indiquez la structure dont vous confirmez la contribution." },
    });
    const member = await db().groupementMember.findUniqueOrThrow({
      where: { groupementId_organisationId: { groupementId, organisationId: partner.id } },
    });
    expect(member.confirmedAt).toBeNull();
  });
});

describe("uploaded documents with active content, and how documents are downloaded", () => {
  const uploadsDir = () => path.join(process.env.DATA_DIR!, "uploads", "documents");
  /** Whether a file with these bytes was stored (other test files store theirs in the same folder). */
  const stored = (bytes: Uint8Array) =>
    fs.existsSync(uploadsDir()) &&
    fs.readdirSync(uploadsDir()).some((name) => fs.readFileSync(path.join(uploadsDir(), name)).equals(bytes));
  const commitmentOf = async (groupementId: string, organisationId: string) =>
    (
      await db().groupementMember.findUniqueOrThrow({
        where: { groupementId_organisationId: { groupementId, organisationId } },
      })
    ).commitmentFile;

  it("refuses a PDF that runs a script, launches a program or carries a file, however hidden, and stores nothing", async () => {
    const { partnerAdmin, groupementId, partner } = await scene();
    const refused = await activePdfs();
    for (const [way, bytes] of Object.entries(refused)) {
      const answer = await act(partnerAdmin, groupementId, {
        intent: "document",
        kind: "commitment",
        organisationId: partner.id,
        file: new File([new Uint8Array(bytes)], "lettre.pdf", { type: "application/pdf" }),
      });
      expect({ way, status: answer.status, data: answer.data }).toMatchObject({
        way,
        status: 400,
        data: { error: expect.stringContaining("Ce PDF contient du contenu actif (JavaScript") },
      });
    }
    expect(Object.values(refused).filter(stored)).toEqual([]);
    expect(await commitmentOf(groupementId, partner.id)).toBeNull();
    expect(await db().groupementChange.count({ where: { groupementId } })).toBe(0);
  });

  it("refuses a PDF that cannot be read or is encrypted, with what to do", async () => {
    const { partnerAdmin, groupementId, partner } = await scene();
    const upload = (bytes: Uint8Array) =>
      act(partnerAdmin, groupementId, {
        intent: "document",
        kind: "commitment",
        organisationId: partner.id,
        file: new File([new Uint8Array(bytes)], "lettre.pdf"),
      });
    for (const bytes of Object.values(UNREADABLE_PDFS)) {
      expect(await upload(bytes)).toMatchObject({
        status: 400,
        data: { error: expect.stringContaining("Ce fichier n'est pas un PDF lisible") },
      });
    }
    expect(await upload(ENCRYPTED_PDF)).toMatchObject({
      status: 400,
      data: { error: "Ce PDF est protégé par un mot de passe ou chiffré : déposez une copie sans protection." },
    });
    expect([...Object.values(UNREADABLE_PDFS), ENCRYPTED_PDF].filter(stored)).toEqual([]);
    expect(await commitmentOf(groupementId, partner.id)).toBeNull();
  });

  it("accepts a plain PDF, compressed or not, and serves every document as a download named after it", async () => {
    const { leadAdmin, partnerAdmin, groupementId, partner } = await scene();
    for (const bytes of [makePdf(), await cleanCompressedPdf()]) {
      const answer = await act(partnerAdmin, groupementId, {
        intent: "document",
        kind: "accounts",
        organisationId: partner.id,
        file: new File([new Uint8Array(bytes)], "comptes.pdf"),
      });
      expect(answer.status).toBe(200);
      expect(stored(bytes)).toBe(true);
    }
    await db().organisation.update({ where: { id: partner.id }, data: { name: "Logis « Nantais » & Cie" } });
    const served = (await documentLoader(
      loaderArgsFor(getRequest(`/?membre=${partner.id}`, leadAdmin.cookie), { id: groupementId, kind: "accounts" }),
    )) as Response;
    expect(served.status).toBe(200);
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const disposition = served.headers.get("Content-Disposition")!;
    // Saved, not opened inline; an ASCII name for old browsers, the real one in UTF-8.
    expect(disposition).toBe(
      `attachment; filename="Comptes annuels - Logis Nantais & Cie.pdf"; filename*=UTF-8''${encodeURIComponent("Comptes annuels - Logis « Nantais » & Cie.pdf")}`,
    );
    expect(await pdfText(new Uint8Array(await served.arrayBuffer()))).toContain("Comptes annuels 2024");
  });
});
