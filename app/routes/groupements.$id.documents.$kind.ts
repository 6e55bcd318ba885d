import type { LoaderFunctionArgs } from "@remix-run/node";
import { getGroupementFor } from "~/models/groupement.server";
import { getDocumentFile } from "~/models/groupement-documents.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { readDocument } from "~/utils/uploads.server";

/** A groupement's document, only for its members' people and the CCAS; never a public URL. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getGroupementFor(getDb(), params.id ?? "", user);
  if (!found) throw new Response("Document introuvable", { status: 404 });
  const file = getDocumentFile(found.groupement, params.kind ?? "", new URL(request.url).searchParams.get("membre"));
  const bytes = file ? readDocument(file) : null;
  if (!bytes) throw new Response("Document introuvable", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${params.kind}.pdf"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
