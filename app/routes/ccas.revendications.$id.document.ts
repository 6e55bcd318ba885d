import type { LoaderFunctionArgs } from "@remix-run/node";
import { getClaimDocument } from "~/models/profile-claim.server";
import { requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { downloadHeaders, readDocument } from "~/utils/uploads.server";

/** The document a person gave to claim a register profile: the CCAS's only, never a public URL. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCcas(request);
  const document = await getClaimDocument(getDb(), params.id ?? "");
  const bytes = document ? readDocument(document.file) : null;
  if (!document || !bytes) throw new Response("Document introuvable", { status: 404 });
  // Saved, never opened in the site's origin: the file is what a stranger uploaded.
  return new Response(new Uint8Array(bytes), {
    headers: { ...downloadHeaders(document.filename, "application/pdf"), "Cache-Control": "private, no-store" },
  });
}
