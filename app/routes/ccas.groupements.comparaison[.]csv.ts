// The comparison of the filed groupements as a CSV for Excel, in the exports' format.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { csvNumber, CSV_FORMAT, exportFileName } from "~/domain/exports";
import { comparisonRecords, getComparison, getReviewCalls } from "~/models/review.server";
import { requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCcas(request);
  const db = getDb();
  const calls = await getReviewCalls(db);
  const slug = new URL(request.url).searchParams.get("appel");
  const call = calls.find((item) => item.slug === slug) ?? calls[0];
  if (!call) throw new Response("Aucun appel n'est publié", { status: 404 });
  // A few dozen filed groupements at most: written at once, not streamed.
  const csv = stringify(comparisonRecords(await getComparison(db, call.id)), { ...CSV_FORMAT, cast: { number: csvNumber } });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(`comparaison-${call.slug}`, "csv", new Date())}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
