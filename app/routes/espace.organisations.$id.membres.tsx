import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, Notice, SelectField, SubmitButton } from "~/components/forms";
import { InviteSchema, MEMBER_ROLES } from "~/domain/schemas/organisation";
import { requireMembership } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { createToken } from "~/utils/tokens.server";
import { absoluteUrl } from "~/utils/url.server";

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
  const db = getDb();
  const organisation = await db.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: {
      name: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, user: { select: { id: true, name: true, email: true } } },
      },
      invitations: { where: { acceptedAt: null, expiresAt: { gt: new Date() } }, select: { id: true, email: true, role: true } },
    },
  });
  return {
    me: user.id,
    isAdmin: role === "admin",
    organisation: { id: organisationId, name: organisation.name },
    members: organisation.memberships.map((membership) => ({ ...membership.user, role: membership.role })),
    invitations: role === "admin" ? organisation.invitations : [],
  };
}

type ActionData = {
  intent: string;
  result?: SubmissionResult<string[]>;
  error?: string;
  notice?: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const organisationId = params.id ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const db = getDb();

  if (intent === "leave") {
    const { user } = await requireMembership(request, organisationId);
    const left = await db.$transaction(async (tx) => {
      const membership = await tx.membership.findUniqueOrThrow({
        where: { userId_organisationId: { userId: user.id, organisationId } },
      });
      if (membership.role === "admin" && (await tx.membership.count({ where: { organisationId, role: "admin" } })) === 1)
        return false;
      await tx.membership.delete({ where: { userId_organisationId: { userId: user.id, organisationId } } });
      return true;
    });
    if (!left) {
      return data<ActionData>(
        { intent, error: "Vous êtes le seul administrateur : invitez un autre administrateur avant de partir." },
        { status: 400 },
      );
    }
    return redirect("/espace");
  }

  const { user } = await requireMembership(request, organisationId, ["admin"]);
  if (intent === "invite") {
    const submission = parseWithZod(formData, { schema: InviteSchema });
    if (submission.status !== "success") return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
    const { email, role } = submission.value;
    const alreadyMember = await db.membership.findFirst({ where: { organisationId, user: { email } }, select: { userId: true } });
    if (alreadyMember)
      return data<ActionData>(
        { intent, result: submission.reply({ fieldErrors: { email: ["Cette personne fait déjà partie de la structure."] } }) },
        { status: 400 },
      );
    const { token, hash } = createToken();
    const organisation = await db.$transaction(async (tx) => {
      await tx.invitation.deleteMany({ where: { organisationId, email, acceptedAt: null } });
      await tx.invitation.create({
        data: {
          organisationId,
          email,
          role,
          tokenHash: hash,
          invitedById: user.id,
          expiresAt: new Date(Date.now() + 14 * 86_400_000),
        },
      });
      return tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { name: true } });
    });
    await sendMail({
      to: email,
      subject: `${user.name} vous invite à rejoindre ${organisation.name} sur Coopérons`,
      text: `Bonjour,\n\n${user.name} vous invite à rejoindre la structure « ${organisation.name} » sur Coopérons, comme ${role === "admin" ? "administrateur" : "éditeur"}.\n\nPour accepter, ouvrez ce lien (valable 14 jours) :\n${absoluteUrl(request, `/invitation?token=${encodeURIComponent(token)}`)}\n\nL'équipe Coopérons`,
    });
    return data<ActionData>({
      intent,
      result: submission.reply({ resetForm: true }),
      notice: `Invitation envoyée à ${email}.`,
    });
  }

  if (intent === "remove") {
    const userId = String(formData.get("userId") ?? "");
    const removed = await db.$transaction(async (tx) => {
      const membership = await tx.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });
      if (!membership) return "missing";
      if (membership.role === "admin" && (await tx.membership.count({ where: { organisationId, role: "admin" } })) === 1)
        return "last-admin";
      await tx.membership.delete({ where: { userId_organisationId: { userId, organisationId } } });
      return "done";
    });
    if (removed === "missing") throw new Response("Membre introuvable", { status: 404 });
    if (removed === "last-admin")
      return data<ActionData>({ intent, error: "La structure doit garder au moins un administrateur." }, { status: 400 });
    return data<ActionData>({ intent, notice: "Le membre a été retiré." });
  }

  if (intent === "cancel-invitation") {
    await db.invitation.deleteMany({ where: { id: String(formData.get("invitationId") ?? ""), organisationId } });
    return data<ActionData>({ intent, notice: "Invitation annulée." });
  }
  return data<ActionData>({ intent, error: "Action inconnue." }, { status: 400 });
}

export default function Members() {
  const { organisation, members, invitations, isAdmin, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.intent === "invite" ? actionData.result : undefined,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisation.id}`}>{organisation.name}</Link> ›
        Membres
      </p>
      <h1>Membres de {organisation.name}</h1>
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Membres</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">E-mail</th>
              <th scope="col">Rôle</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <td>{member.name}</td>
                <td>{member.email}</td>
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
        </table>
      </div>
      {isAdmin ? (
        <>
          <h2>Inviter une personne</h2>
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
          <Form method="post" {...getFormProps(form)} className="stack">
            <input type="hidden" name="intent" value="invite" />
            <Field label="Adresse e-mail" meta={fields.email} type="email" />
            <SelectField
              label="Rôle"
              meta={fields.role}
              options={MEMBER_ROLES}
              hint="Un éditeur modifie la fiche et les offres ; un administrateur gère aussi les membres."
            />
            <div>
              <SubmitButton name="intent" value="invite" pendingText="Envoi…">
                Envoyer l'invitation
              </SubmitButton>
            </div>
          </Form>
        </>
      ) : null}
    </div>
  );
}
