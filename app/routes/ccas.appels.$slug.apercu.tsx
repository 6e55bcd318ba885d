// What the public pages of a call will show once it is published, for the CCAS only: the home
// page's presentation of the call (the same component) with its axes in full, under a banner that
// says it is not public. The public never reaches a draft (the public lookups skip drafts).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CallPresentation } from "~/components/call-presentation";
import { CcasNav } from "~/components/ccas-nav";
import { presentCall } from "~/domain/call-presentation";
import { getCallForEdition } from "~/models/call-edition.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta({
    title: data ? `Aperçu : ${data.call.shortTitle}` : "Aperçu",
    description: "Aperçu des pages publiques d'un appel.",
    path: data ? `/ccas/appels/${data.call.slug}/apercu` : "/ccas/appels",
    matches,
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const call = await getCallForEdition(getDb(), params.slug ?? "");
  if (!call) throw new Response("Appel introuvable", { status: 404 });
  return { admin: isCcasAdmin(user), call: { ...presentCall(call, new Date()), draft: call.draft } };
}

export default function CallPreview() {
  const { admin, call } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="container page">
        <CcasNav admin={admin} />
        <div className="notice notice-warning" role="status">
          <strong>{call.draft ? "Aperçu — cet appel n'est pas publié." : "Aperçu de cet appel."}</strong>{" "}
          {call.draft ? "Seule l'équipe du CCAS voit ces pages. " : null}
          <Link to={`/ccas/appels/${call.slug}`}>Revenir à la modification de l'appel</Link>
        </div>
      </div>
      <CallPresentation call={call} showDeadline axisLinks={false} />
    </>
  );
}
