import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentFileName, isGroupementDocumentKind, isMemberDocumentKind } from "~/domain/groupement-documents";
import { getGroupementFor } from "~/models/groupement.server";
import { getDocumentFile } from "~/models/groupement-documents.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { downloadHeaders, readDocument } from "~/utils/uploads.server";

/** A groupement's document, only for its members' people and the CCAS; never a public URL. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getGroupementFor(getDb(), params.id ?? "", user);
  if (!found) throw new Response("Document introuvable", { status: 404 });
  const file = getDocumentFile(found.groupement, params.kind ?? "", new URL(request.url).searchParams.get("membre"));
  const bytes = file ? readDocument(file) : null;
  if (!bytes) throw new Response("Document introuvable", { status: 404 });
  // Saved, never opened in the site's origin: the file is what a member uploaded.
  const kind = isGroupementDocumentKind(params.kind) ? params.kind : "project-sheet";
  const member = found.groupement.members.find((item) => item.organisationId === new URL(request.url).searchParams.get("membre"));
  const filename = documentFileName(kind, isMemberDocumentKind(kind) ? member?.organisation.name : null);
  return new Response(new Uint8Array(bytes), {
    headers: { ...downloadHeaders(filename, "application/pdf"), "Cache-Control": "private, no-store" },
  });
}
