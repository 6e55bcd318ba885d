import { checkHealth } from "~/utils/health.server";
import { getDb } from "~/utils/db.server";
import { getSearchClient } from "~/utils/search.server";

export async function loader() {
  const health = await checkHealth(getDb(), getSearchClient());
  return Response.json(health, {
    status: health.db === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
