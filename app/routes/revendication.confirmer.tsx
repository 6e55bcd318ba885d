// The link mailed to a structure's address for a claim (« C'est ma structure »). Opening it shows a
// button; the confirmation is a POST (no GET changes data, and mail scanners that follow links
// confirm nothing). Whoever holds the link may confirm: it proves the address, not the session.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { CLAIM_LINK_INVALID } from "~/domain/registers/claims";
import { TokenSchema } from "~/domain/schemas/auth";
import { confirmClaimLink, findClaimByToken, mailClaimAccepted, mailClaimRefused } from "~/models/profile-claim.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { absoluteUrl } from "~/utils/url.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Confirmer votre demande",
    description: "Confirmation de l'adresse d'une structure revendiquée.",
    path: "/revendication/confirmer",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const claim = token ? await findClaimByToken(getDb(), token) : null;
  return { token, claim };
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = TokenSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: CLAIM_LINK_INVALID, waiting: null }, { status: 400 });
  const db = getDb();
  const confirmed = await confirmClaimLink(db, parsed.data.token);
  if (confirmed.outcome === "invalid") return data({ error: CLAIM_LINK_INVALID, waiting: null }, { status: 400 });
  if (confirmed.outcome === "waiting") return { error: null, waiting: { name: confirmed.organisationName, why: confirmed.why } };
  const editPage = `/espace/organisations/${confirmed.organisationId}`;
  await mailClaimAccepted(sendMail, {
    to: confirmed.claimant.email,
    organisationName: confirmed.organisationName,
    link: absoluteUrl(editPage),
  });
  for (const person of confirmed.refused) {
    await mailClaimRefused(sendMail, {
      to: person.email,
      organisationName: confirmed.organisationName,
      reason: "Une autre personne a prouvé qu'elle faisait partie de la structure et en administre désormais la fiche.",
    });
  }
  // The claimant lands on the profile to complete it; anyone else holding the link, on the log-in.
  const user = await getUser(request);
  const landing = `${editPage}?revendication=acceptee`;
  return redirect(user?.id === confirmed.claimant.id ? landing : `/connexion?redirectTo=${encodeURIComponent(landing)}`);
}

export default function ConfirmClaim() {
  const { token, claim } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Confirmer votre demande</h1>
      {actionData?.waiting ? (
        <Notice>
          {actionData.waiting.why === "contested"
            ? `Adresse confirmée. Une autre demande attend aussi pour « ${actionData.waiting.name} » : le CCAS examinera les demandes, décidera et vous répondra par e-mail.`
            : `Adresse confirmée. La fiche de « ${actionData.waiting.name} » ne mentionne pas encore ce nom de domaine : le CCAS vérifiera qu'il appartient bien à la structure, puis vous répondra par e-mail.`}
        </Notice>
      ) : claim ? (
        <Form method="post" className="stack">
          <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
          <input type="hidden" name="token" value={token} />
          <p>
            Vous confirmez que l'adresse <strong>{claim.email}</strong> est celle de la structure « {claim.organisationName} », et
            que la personne qui a fait la demande peut administrer sa fiche sur Coopérons.
            {claim.onKnownDomain
              ? ""
              : " La fiche ne mentionne pas encore ce nom de domaine : le CCAS vérifiera qu'il appartient bien à la structure avant d'accepter la demande."}
          </p>
          <div>
            <SubmitButton pendingText="Confirmation…">Confirmer la demande</SubmitButton>
          </div>
        </Form>
      ) : (
        <>
          <FormErrors errors={[CLAIM_LINK_INVALID]} />
          <p>
            <Link to="/recherche">Retrouver la structure</Link>
          </p>
        </>
      )}
    </div>
  );
}
