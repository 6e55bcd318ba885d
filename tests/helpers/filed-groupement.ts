// A groupement of a call, made through the app's own model from an idea and an accepted partner:
// a lead association (with its admin) and a social landlord, on sub-axis 2.1; filed on `filedOn`
// (noon UTC) when given.
import crypto from "node:crypto";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getDb } from "~/utils/db.server";
import { createActor, createOrganisationFor } from "./actors";

export async function createCallGroupement(callId: string, { title, filedOn }: { title: string; filedOn?: string }) {
  const db = getDb();
  const [leadAdmin, partnerAdmin] = await Promise.all([createActor(), createActor()]);
  const lead = await createOrganisationFor(leadAdmin);
  const partner = await db.organisation.update({
    where: { id: (await createOrganisationFor(partnerAdmin)).id },
    data: { sector: "habitat", kind: "bailleur-social" },
  });
  const idea = await db.idea.create({
    data: {
      slug: `idee-${crypto.randomUUID().slice(0, 8)}`,
      organisationId: lead.id,
      callId,
      title,
      summary: "Des voisins veilleurs repèrent les locataires qui ne sortent plus.",
      description: "Chaque palier a son veilleur.",
      targetPublic: "Locataires isolés",
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: { create: [{ kind: "subAxis", code: "2.1" }] },
    },
  });
  const interest = await db.interest.create({
    data: { ideaId: idea.id, organisationId: partner.id, message: "Avec plaisir.", resources: "locaux", status: "accepted" },
  });
  await db.candidateMember.create({ data: { ideaId: idea.id, organisationId: partner.id, interestId: interest.id } });
  const { id } = await createGroupementFromIdea(db, idea.id);
  if (filedOn) await db.groupement.update({ where: { id }, data: { submittedAt: new Date(`${filedOn}T12:00:00Z`) } });
  return { id, leadAdmin, partnerAdmin, lead, partner };
}

/** The published call the CCAS works on (the seeded 2025 one). */
export async function currentCallId() {
  return (await getDb().call.findFirstOrThrow({ where: { draft: false }, orderBy: { publishedAt: "desc" } })).id;
}
