import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type LinksFunction,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NothingSaved } from "~/components/forms";
import { OfferForm } from "~/components/offer-form";
import { pointFieldLinks } from "~/components/point-field";
import { createOfferSchema } from "~/domain/schemas/offer";
import { createOffer } from "~/models/offer.server";
import { requireMembership } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { pageMeta } from "~/utils/meta";

// Leaflet's styles for the location map (without them, the pin is drawn beside the tap).
export const links: LinksFunction = pointFieldLinks;

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Proposer une ressource",
    description: "Nouvelle offre de ressource.",
    path: `/espace/organisations/${params.id ?? ""}/offres/nouvelle`,
    matches,
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMembership(request, params.id ?? "");
  const organisation = await getDb().organisation.findUniqueOrThrow({
    where: { id: params.id },
    select: { id: true, name: true },
  });
  return { organisation };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organisationId = params.id ?? "";
  await requireMembership(request, organisationId);
  const submission = parseForm(await request.formData(), {
    schema: createOfferSchema({ quartiers: getQuartiersGeoJson().collection }),
  });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await createOffer(getDb(), organisationId, submission.value);
  return redirect(`/espace/organisations/${organisationId}?offre=envoyee`);
}

export default function NewOffer() {
  const { organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisation.id}`}>{organisation.name}</Link> ›
        Nouvelle offre
      </p>
      <h1>Proposer une ressource</h1>
      <p className="lead">
        Une salle, du temps de salariés, un savoir-faire, un soutien financier ou logistique : l'offre sera publiée après
        validation par le CCAS.
      </p>
      {actionData?.result?.status === "error" ? (
        <NothingSaved formId="offer" form="le formulaire" result={actionData.result} />
      ) : null}
      <OfferForm lastResult={actionData?.result} submitLabel="Envoyer au CCAS" />
    </div>
  );
}
