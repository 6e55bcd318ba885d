import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type LinksFunction,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmStep, Notice, NothingSaved } from "~/components/forms";
import { OfferForm } from "~/components/offer-form";
import { pointFieldLinks } from "~/components/point-field";
import { StatusBadge } from "~/components/status-badge";
import { createOfferSchema } from "~/domain/schemas/offer";
import { deleteOffer, getOffer, toOfferInput, updateOffer } from "~/models/offer.server";
import { requireMembership } from "~/utils/auth.server";
import { getDb, isRecordMissing } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { answerDone, withFlash } from "~/utils/flash.server";
import { pageMeta } from "~/utils/meta";

// Leaflet's styles for the location map (without them, the pin is drawn beside the tap).
export const links: LinksFunction = pointFieldLinks;

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Modifier une offre",
    description: "Offre de ressource.",
    path: `/espace/organisations/${params.id ?? ""}/offres/${params.offerId ?? ""}`,
    matches,
  });

/** The offer, only if it belongs to that organisation: another's id is a 404. */
async function requireOffer(request: Request, organisationId: string, offerId: string) {
  await requireMembership(request, organisationId);
  const offer = await getOffer(getDb(), offerId);
  if (!offer || offer.organisationId !== organisationId) throw new Response("Offre introuvable", { status: 404 });
  return offer;
}

const day = (date: Date | undefined) => (date ? date.toISOString().slice(0, 10) : undefined);

/** The offer's page in the structure's space, where its form comes back to. */
const offerPage = (params: { id?: string; offerId?: string }) =>
  `/espace/organisations/${params.id ?? ""}/offres/${params.offerId ?? ""}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const offer = await requireOffer(request, params.id ?? "", params.offerId ?? "");
  const input = toOfferInput(offer);
  // With what a form sent without JavaScript said, once (the action asked for this page again after it).
  return withFlash(request, offerPage(params), {
    organisationId: offer.organisationId,
    offer: {
      id: offer.id,
      title: offer.title,
      status: offer.status,
      hasPendingChanges: Boolean(offer.pendingChanges),
      moderationReason: offer.moderationReason,
    },
    form: {
      ...input,
      validFrom: day(input.validFrom),
      validUntil: day(input.validUntil),
      latitude: input.latitude?.toString(),
      longitude: input.longitude?.toString(),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const offer = await requireOffer(request, params.id ?? "", params.offerId ?? "");
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    await deleteOffer(getDb(), offer.id);
    return redirect(`/espace/organisations/${offer.organisationId}?offre=supprimee`);
  }
  const submission = parseForm(formData, { schema: createOfferSchema({ quartiers: getQuartiersGeoJson().collection }) });
  if (submission.status !== "success")
    return data({ intent: "save", result: submission.reply(), notice: undefined }, { status: 400 });
  // Deleted (by another admin, another tab) since the page read it: gone, not a server error.
  await updateOffer(getDb(), offer.id, submission.value).catch((error: unknown) => {
    if (isRecordMissing(error)) throw new Response("Offre introuvable", { status: 404 });
    throw error;
  });
  return answerDone(request, offerPage(params), {
    intent: "save",
    result: submission.reply(),
    notice:
      offer.status === "published"
        ? "Modifications enregistrées : elles seront visibles après validation par le CCAS ; d'ici là, l'offre actuelle reste en ligne."
        : "Offre enregistrée et envoyée au CCAS.",
  });
}

export default function EditOffer() {
  const { offer, form, organisationId, flashed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisationId}`}>Fiche de la structure</Link> ›
        Offre
      </p>
      <h1>{offer.title}</h1>
      <p>
        <StatusBadge status={offer.status} />{" "}
        {offer.hasPendingChanges ? <span className="small">Modifications en attente de validation</span> : null}
      </p>
      {offer.moderationReason ? <Notice tone="warning">Message du CCAS : {offer.moderationReason}</Notice> : null}
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
      {!actionData && flashed ? <Notice>{flashed.notice}</Notice> : null}
      {actionData?.result?.status === "error" ? (
        <NothingSaved formId="offer" form="le formulaire de l'offre" result={actionData.result} />
      ) : null}
      <OfferForm defaultValue={form} lastResult={actionData?.result} submitLabel="Enregistrer" />
      <h2>Supprimer l'offre</h2>
      <Form method="post">
        <ConfirmStep
          label="Supprimer cette offre…"
          question={
            offer.status === "published"
              ? "L'offre sera supprimée définitivement : elle disparaîtra de la recherche et de la carte."
              : "L'offre sera supprimée définitivement."
          }
          confirmLabel="Oui, supprimer cette offre"
          value="delete"
          pendingText="Suppression…"
        />
      </Form>
    </div>
  );
}
