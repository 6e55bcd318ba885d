import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { readLogo } from "~/utils/uploads.server";

/**
 * A logo, checked when it was uploaded and served from private storage. Public for a published
 * organisation; before that (and for a logo awaiting moderation, `?attente=1`) only its members
 * and the CCAS see it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const organisation = await db.organisation.findUnique({
    where: { slug: params.slug ?? "" },
    select: { id: true, status: true, logoFile: true, logoType: true, pendingChanges: true },
  });
  if (!organisation) throw new Response("Logo introuvable", { status: 404 });
  const wantsPending = new URL(request.url).searchParams.has("attente");
  let file = organisation.logoFile;
  let type = organisation.logoType;
  if (wantsPending || organisation.status !== "published") {
    const user = await getUser(request);
    const member =
      user &&
      (user.isCcas ||
        (await db.membership.findUnique({
          where: { userId_organisationId: { userId: user.id, organisationId: organisation.id } },
        })));
    if (!member) throw new Response("Logo introuvable", { status: 404 });
    if (wantsPending) {
      const pending = organisation.pendingChanges
        ? (JSON.parse(organisation.pendingChanges) as { logo?: { file: string; type: string } }).logo
        : undefined;
      file = pending?.file ?? null;
      type = pending?.type ?? null;
    }
  }
  const bytes = file ? readLogo(file) : null;
  if (!bytes || !type) throw new Response("Logo introuvable", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": "inline",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": organisation.status === "published" && !wantsPending ? "public, max-age=300" : "private, no-store",
    },
  });
}
