// People and organisations for the integration tests, made through the app's own models.
import crypto from "node:crypto";
import { createPrismaClient } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/auth.server";
import { createSession } from "~/utils/session.server";

export const PASSWORD = "un mot de passe solide";

export type Actor = { id: string; email: string; cookie: string };

let passwordHash: Promise<string> | undefined;

/**
 * A signed-in person. `ccas: true` makes a CCAS administrator (as `npm run user:grant-ccas` does);
 * `ccasRole: "ccas-reviewer"` a reviewer.
 */
export async function createActor({
  ccas = false,
  ccasRole,
  verified = true,
  email,
}: { ccas?: boolean; ccasRole?: "ccas-admin" | "ccas-reviewer"; verified?: boolean; email?: string } = {}): Promise<Actor> {
  const role = ccasRole ?? (ccas ? "ccas-admin" : null);
  passwordHash ??= hashPassword(PASSWORD);
  const user = await getDb().user.create({
    data: {
      email: email ?? `${crypto.randomUUID()}@exemple.org`,
      name: "Camille Exemple",
      passwordHash: await passwordHash,
      emailVerifiedAt: verified ? new Date() : null,
      isCcas: role !== null,
      ccasRole: role,
    },
  });
  const setCookie = await createSession(user.id, new Request("http://localhost/"));
  return { id: user.id, email: user.email, cookie: setCookie.split(";")[0]! };
}

export async function createOrganisationFor(
  admin: Actor,
  {
    status = "published",
    editors = [] as Actor[],
    kind = "association",
  }: { status?: string; editors?: Actor[]; kind?: string } = {},
) {
  const slug = `structure-${crypto.randomUUID().slice(0, 8)}`;
  return getDb().organisation.create({
    data: {
      slug,
      name: `Structure ${slug}`,
      shortDescription: "Une structure de test.",
      description: "",
      sector: "associatif",
      kind,
      rna: "W443001234",
      status,
      publishedAt: status === "published" ? new Date() : null,
      memberships: {
        create: [{ userId: admin.id, role: "admin" }, ...editors.map((editor) => ({ userId: editor.id, role: "editor" }))],
      },
    },
  });
}

export { createPrismaClient };

/** A published idea of the organisation (« Veilleurs de palier », sub-axis 2.1, the whole city). */
export async function createPublishedIdeaFor(organisationId: string, { title = "Veilleurs de palier" } = {}) {
  return getDb().idea.create({
    data: {
      slug: `idee-${crypto.randomUUID().slice(0, 8)}`,
      organisationId,
      callId: (await getDb().call.findFirstOrThrow()).id,
      title,
      summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
      description: "Avec un bailleur et une pharmacie, nous voulons former des voisins veilleurs.",
      targetPublic: "Locataires isolés",
      wholeCity: true,
      addressesIsolation: true,
      addressesPrecarity: true,
      status: "published",
      codes: { create: [{ kind: "subAxis", code: "2.1" }] },
    },
  });
}
