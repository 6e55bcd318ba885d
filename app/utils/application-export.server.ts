import { slugify } from "~/domain/slug";
import { getCallParameters, getCallSubAxes, getGroupementFor, getLeadContact } from "~/models/groupement.server";
import { buildApplicationFile } from "./application-file.server";
import { requireUser } from "./auth.server";
import { getDb } from "./db.server";

/** The application file of a groupement, for its members' people and the CCAS only. */
export async function loadApplicationFile(request: Request, groupementId: string) {
  const user = await requireUser(request);
  const db = getDb();
  const found = await getGroupementFor(db, groupementId, user);
  if (!found) throw new Response("Groupement introuvable", { status: 404 });
  const { groupement } = found;
  const leadId = groupement.members.find((member) => member.isLead)?.organisationId;
  const [call, subAxes, contact] = await Promise.all([
    getCallParameters(db, groupement.callId),
    getCallSubAxes(db, groupement.callId),
    leadId ? getLeadContact(db, leadId) : null,
  ]);
  const titles = Object.fromEntries(subAxes.map((subAxis) => [subAxis.code, subAxis.title]));
  return {
    file: buildApplicationFile(groupement, call, titles, contact),
    filename: `dossier-${slugify(groupement.title)}`,
  };
}
