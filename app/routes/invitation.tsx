import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SubmitButton } from "~/components/forms";
import { InvitationAnswerSchema } from "~/domain/schemas/organisation";
import { acceptInvitation, declineInvitation, findPendingInvitation } from "~/models/membership.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Invitation", description: "Rejoindre une structure sur Coopérons.", path: "/invitation", matches });

const INVALID = "Cette invitation n'est plus valable : elle a déjà servi, a été annulée ou a expiré. Demandez-en une nouvelle.";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const invitation = token ? await findPendingInvitation(getDb(), token) : null;
  if (!invitation) return { token, invitation: null, mismatch: false };
  return {
    token,
    invitation: { organisation: invitation.organisation.name, role: invitation.role, email: invitation.email },
    mismatch: invitation.email !== user.email,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = InvitationAnswerSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? INVALID }, { status: 400 });
  const db = getDb();
  const invitation = await findPendingInvitation(db, parsed.data.token);
  if (!invitation) return data({ error: INVALID }, { status: 400 });
  if (invitation.email !== user.email)
    return data(
      { error: `Cette invitation a été envoyée à ${invitation.email} : connectez-vous avec cette adresse.` },
      { status: 403 },
    );
  // Answered from another tab, or cancelled by the admin, since it was read.
  if (parsed.data.intent === "decline") {
    if (!(await declineInvitation(db, invitation.id))) return data({ error: INVALID }, { status: 400 });
    return redirect("/espace");
  }
  if (!(await acceptInvitation(db, { invitation, userId: user.id }))) return data({ error: INVALID }, { status: 400 });
  return redirect(`/espace/organisations/${invitation.organisationId}`);
}

export default function InvitationPage() {
  const { token, invitation, mismatch } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Invitation</h1>
      <FormErrors errors={actionData?.error ? [actionData.error] : !invitation ? [INVALID] : undefined} />
      {invitation ? (
        mismatch ? (
          <p>
            Cette invitation a été envoyée à <strong>{invitation.email}</strong>. Connectez-vous avec cette adresse pour
            l'accepter.
          </p>
        ) : (
          <Form method="post" className="stack">
            <p>
              Vous êtes invité à rejoindre <strong>{invitation.organisation}</strong> comme{" "}
              {invitation.role === "admin" ? "administrateur" : "éditeur"}.
            </p>
            <input type="hidden" name="token" value={token} />
            <div className="actions">
              <SubmitButton name="intent" value="accept">
                Accepter
              </SubmitButton>
              <SubmitButton name="intent" value="decline" className="button-secondary">
                Refuser
              </SubmitButton>
            </div>
          </Form>
        )
      ) : (
        <p>
          <Link to="/espace">Aller à mon espace</Link>
        </p>
      )}
    </div>
  );
}
