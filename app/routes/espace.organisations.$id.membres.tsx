import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { ofName } from "~/domain/format";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, Notice, SelectField, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { InviteSchema, MEMBER_ROLES, MembersActionSchema } from "~/domain/schemas/organisation";
import {
  cancelInvitation,
  createInvitation,
  getOrganisationMembers,
  isMemberByEmail,
  removeMember,
} from "~/models/membership.server";
import { requireMembership } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { invitationMail } from "~/utils/invitation-mail.server";
import { sendMail } from "~/utils/mail.server";
import { answerDone, withFlash, type Flash } from "~/utils/flash.server";
import { pageMeta } from "~/utils/meta";
import { memberInvitationRefusal } from "~/utils/rate-limit.server";
import { parseFormValues } from "~/utils/forms";
import { ScrollableTable } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Membres de la structure",
    description: "Inviter et gérer les membres.",
    path: `/espace/organisations/${params.id ?? ""}/membres`,
    matches,
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisationId = params.id ?? "";
  const { user, role } = await requireMembership(request, organisationId);
  const { name, members, invitations } = await getOrganisationMembers(getDb(), organisationId);
  // With what a form sent without JavaScript said, once (the action asked for this page again after it).
  return withFlash(request, membersPage(organisationId), {
    me: user.id,
    isAdmin: role === "admin",
    organisation: { id: organisationId, name },
    members,
    invitations: role === "admin" ? invitations : [],
  });
}

const membersPage = (organisationId: string) => `/espace/organisations/${organisationId}/membres`;

type ActionData = {
  intent: string;
  result?: SubmissionResult<string[]>;
  error?: string;
  notice?: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const organisationId = params.id ?? "";
  const submission = parseForm(await request.formData(), { schema: MembersActionSchema });
  // Any member may leave; everything else on this page is for admins.
  const leaving = submission.status === "success" && submission.value.intent === "leave";
  const { user } = await requireMembership(request, organisationId, leaving ? undefined : ["admin"]);
  if (submission.status !== "success") {
    const intent = String(submission.payload.intent ?? "");
    // The invitation form shows its errors beside its fields; the buttons' forms, above the table.
    const error = intent === "invite" ? undefined : (Object.values(submission.error ?? {}).flat()[0] ?? "Action inconnue.");
    return data<ActionData>({ intent, result: submission.reply(), error }, { status: 400 });
  }
  const db = getDb();
  const { intent } = submission.value;

  switch (submission.value.intent) {
    case "leave": {
      if ((await removeMember(db, { userId: user.id, organisationId })) === "last-admin") {
        return data<ActionData>(
          { intent, error: "Vous êtes le seul administrateur : invitez un autre administrateur avant de partir." },
          { status: 400 },
        );
      }
      return redirect("/espace");
    }
    case "invite": {
      const { email, role } = submission.value;
      if (await isMemberByEmail(db, { organisationId, email }))
        return data<ActionData>(
          { intent, result: submission.reply({ fieldErrors: { email: ["Cette personne fait déjà partie de la structure."] } }) },
          { status: 400 },
        );
      const tooMany = await memberInvitationRefusal(user.id, email);
      if (tooMany) return data<ActionData>({ intent, result: submission.reply({ formErrors: [tooMany] }) }, { status: 429 });
      const { token, organisationName } = await createInvitation(db, { organisationId, email, role, invitedById: user.id });
      await sendMail(
        invitationMail({
          to: email,
          subject: `${user.name} vous invite à rejoindre ${organisationName} sur Coopérons`,
          intro: `${user.name} vous invite à rejoindre la structure « ${organisationName} » sur Coopérons, comme ${role === "admin" ? "administrateur" : "éditeur"}.`,
          kind: "organisation",
          token,
        }),
      );
      // Sent from its form's place (#inviter), it comes back at the top, where the notice is.
      return answerDone<ActionData & Flash>(
        request,
        membersPage(organisationId),
        { intent, result: submission.reply({ resetForm: true }), notice: `Invitation envoyée à ${email}.` },
        { at: "contenu" },
      );
    }
    case "remove": {
      const removed = await removeMember(db, { userId: submission.value.userId, organisationId });
      if (removed === "missing") throw new Response("Membre introuvable", { status: 404 });
      if (removed === "last-admin")
        return data<ActionData>({ intent, error: "La structure doit garder au moins un administrateur." }, { status: 400 });
      return answerDone<ActionData & Flash>(request, membersPage(organisationId), { intent, notice: "Le membre a été retiré." });
    }
    case "cancel-invitation": {
      await cancelInvitation(db, { invitationId: submission.value.invitationId, organisationId });
      return answerDone<ActionData & Flash>(request, membersPage(organisationId), { intent, notice: "Invitation annulée." });
    }
  }
}

export default function Members() {
  const { organisation, members, invitations, isAdmin, me, flashed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.intent === "invite" ? actionData.result : undefined,
    constraint: getZodConstraint(InviteSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: InviteSchema }),
  });
  const inviteRefused = actionData?.intent === "invite" && actionData.result?.status === "error";
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisation.id}`}>{organisation.name}</Link> ›
        Membres
      </p>
      <h1>Membres {ofName(organisation.name)}</h1>
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
      {!actionData && flashed ? <Notice>{flashed.notice}</Notice> : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      {inviteRefused ? (
        <Notice tone="warning" confirmation={false}>
          Rien n'a été envoyé : corrigez ce qui est signalé dans <a href="#inviter">« Inviter une personne »</a>.
        </Notice>
      ) : null}
      {/* Three columns, the address under the name: the table fits a phone's width, its buttons in sight. */}
      <ScrollableTable caption="Membres" hiddenCaption className="team-table">
        <thead>
          <tr>
            <th scope="col">Personne</th>
            <th scope="col">Rôle</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td>
                {member.name}
                <span className="team-email">{member.email}</span>
              </td>
              <td>{member.role === "admin" ? "Administrateur" : "Éditeur"}</td>
              <td>
                {member.id === me ? (
                  <Form method="post" className="inline-form">
                    <button type="submit" name="intent" value="leave" className="link-button">
                      Quitter la structure
                    </button>
                  </Form>
                ) : isAdmin ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={member.id} />
                    <button type="submit" name="intent" value="remove" className="link-button">
                      Retirer {member.name}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollableTable>
      {isAdmin ? (
        <>
          <h2 id="inviter">Inviter une personne</h2>
          {invitations.length > 0 ? (
            <ul>
              {invitations.map((invitation) => (
                <li key={invitation.id}>
                  {invitation.email} ({invitation.role === "admin" ? "administrateur" : "éditeur"}) — invitation en attente{" "}
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <button type="submit" name="intent" value="cancel-invitation" className="link-button">
                      Annuler
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          ) : null}
          {/* Without JavaScript the page comes back at the form, its messages in sight. */}
          <Form method="post" action={`${membersPage(organisation.id)}#inviter`} {...getFormProps(form)} className="stack">
            <input type="hidden" name="intent" value="invite" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field label="Adresse e-mail" meta={fields.email} type="email" />
            <SelectField
              label="Rôle"
              meta={fields.role}
              options={MEMBER_ROLES}
              hint="Un éditeur modifie la fiche et les offres ; un administrateur gère aussi les membres."
            />
            <div>
              <SubmitButton pendingText="Envoi…">Envoyer l'invitation</SubmitButton>
            </div>
          </Form>
        </>
      ) : null}
    </div>
  );
}
