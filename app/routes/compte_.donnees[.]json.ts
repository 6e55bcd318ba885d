// « Télécharger mes données »: the signed-in person's own data as a JSON file. Reading only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { localDay } from "~/domain/format";
import { getPersonalData } from "~/models/personal-data.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const personalData = await getPersonalData(getDb(), user.id);
  return new Response(JSON.stringify(personalData, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="cooperons-mes-donnees-${localDay(personalData.generatedAt)}.json"`,
      // Personal data: never kept by a browser's or a proxy's cache.
      "Cache-Control": "no-store",
    },
  });
}
