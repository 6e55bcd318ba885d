import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SubmitButton } from "~/components/forms";
import { ccasRoleName, StaffJoinSchema } from "~/domain/schemas/staff";
import { acceptStaffInvitation, findPendingStaffInvitation } from "~/models/staff.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Rejoindre l'équipe du CCAS",
    description: "Accepter une invitation dans l'équipe du CCAS.",
    path: "/ccas/rejoindre",
    matches,
  });

const INVALID =
  "Cette invitation n'est plus valable : elle a déjà servi, a été annulée ou a expiré. Demandez-en une nouvelle à un administrateur du CCAS.";

const otherAddress = (email: string) =>
  `Cette invitation a été envoyée à ${email} : connectez-vous avec cette adresse (ou créez un compte avec elle) pour l'accepter.`;

// Any signed-in person may open the page: the invitation's address decides who may accept.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const invitation = token ? await findPendingStaffInvitation(getDb(), token) : null;
  if (!invitation) return { token, invitation: null, mismatch: false };
  return {
    token,
    invitation: { email: invitation.email, role: ccasRoleName(invitation.role) },
    mismatch: invitation.email !== user.email,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = StaffJoinSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? INVALID }, { status: 400 });
  const db = getDb();
  const invitation = await findPendingStaffInvitation(db, parsed.data.token);
  if (!invitation) return data({ error: INVALID }, { status: 400 });
  if (invitation.email !== user.email) return data({ error: otherAddress(invitation.email) }, { status: 403 });
  // Used from another tab, or revoked by an administrator, since it was read.
  if (!(await acceptStaffInvitation(db, { invitation, user }))) return data({ error: INVALID }, { status: 400 });
  return redirect("/ccas");
}

export default function JoinStaff() {
  const { token, invitation, mismatch } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Rejoindre l'équipe du CCAS</h1>
      <FormErrors errors={actionData?.error ? [actionData.error] : !invitation ? [INVALID] : undefined} />
      {invitation ? (
        mismatch ? (
          <p>{otherAddress(invitation.email)}</p>
        ) : (
          <Form method="post" className="stack">
            <p>
              Vous êtes invité à rejoindre l'équipe du CCAS sur Coopérons comme <strong>{invitation.role}</strong>. Vos actions
              (modération, relecture des dossiers, et selon votre rôle décisions et gestion de l'équipe) seront inscrites au
              journal du CCAS, avec votre nom et votre adresse.
            </p>
            <input type="hidden" name="token" value={token} />
            <div>
              <SubmitButton>Accepter l'invitation</SubmitButton>
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
