import { getPublicCalls } from "~/models/call.server";
import { getDb } from "~/utils/db.server";

/**
 * GET /api/calls — the public calls, the current one first, then by publication date (latest
 * first); drafts never. A contract read from outside: the shape is in the README.
 */
export async function loader() {
  const calls = await getPublicCalls(getDb(), new Date());
  return Response.json(
    calls.map((call) => ({
      slug: call.slug,
      title: call.title,
      status: call.status,
      publishedAt: call.publishedAt?.toISOString() ?? null,
      deadline: call.deadline.toISOString(),
      envelopePerYear: call.yearlyEnvelope,
      subAxes: call.axes.flatMap((axis) => axis.subAxes.map((subAxis) => ({ code: subAxis.code, label: subAxis.title }))),
    })),
    // A status turns at an instant (the deadline): no cache may keep the old one.
    { headers: { "Cache-Control": "no-store" } },
  );
}
