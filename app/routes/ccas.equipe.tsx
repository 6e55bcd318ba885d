import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CcasNav } from "~/components/ccas-nav";
import { ScrollableTable } from "~/components/table-wrap";
import { Field, FormErrors, Notice, SelectField, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { formatDay } from "~/domain/format";
import { STAFF_INVITATION_DAYS } from "~/domain/retention";
import { CCAS_ROLES, ccasRoleName, StaffActionSchema, StaffInviteSchema } from "~/domain/schemas/staff";
import {
  cancelStaffInvitation,
  changeStaffRole,
  getStaff,
  inviteStaff,
  revokeStaff,
  type StaffChange,
} from "~/models/staff.server";
import { requireCcasAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { invitationMail } from "~/utils/invitation-mail.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { emailKey, hitRateLimit, tooManyMessage } from "~/utils/rate-limit.server";
import { parseFormValues } from "~/utils/forms";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Équipe du CCAS", description: "Inviter et gérer l'équipe du CCAS.", path: "/ccas/equipe", matches });

/**
 * What an action did, as the address it sends back to says it (`?fait=<what>&id=<person or
 * invitation>`): a reload shows the notice again and sends nothing, with or without JavaScript.
 */
const DONE = {
  invitation: (subject: string | null) => (subject ? `Invitation envoyée à ${subject}.` : "Invitation envoyée."),
  role: (subject: string | null, role: string | null) =>
    `Rôle de ${subject ?? "cette personne"} modifié : ${ccasRoleName(role)}.`,
  "role-unchanged": (subject: string | null) => `Ce rôle était déjà celui de ${subject ?? "cette personne"}.`,
  revoke: (subject: string | null) => `Accès au CCAS retiré à ${subject ?? "cette personne"}.`,
  "cancel-invitation": () => "Invitation annulée.",
} satisfies Record<string, (subject: string | null, role: string | null) => string>;

type Done = keyof typeof DONE;

const done = (what: Done, id = "") => redirect(`/ccas/equipe?${new URLSearchParams({ fait: what, ...(id ? { id } : {}) })}`);

async function doneNotice(params: URLSearchParams): Promise<string | null> {
  const what = params.get("fait") ?? "";
  if (!Object.hasOwn(DONE, what)) return null;
  const id = params.get("id") ?? "";
  const db = getDb();
  if (what === "invitation") {
    const invitation = id ? await db.staffInvitation.findUnique({ where: { id }, select: { email: true } }) : null;
    return DONE.invitation(invitation?.email ?? null);
  }
  const person = id ? await db.user.findUnique({ where: { id }, select: { name: true, ccasRole: true } }) : null;
  return DONE[what as Done](person?.name ?? null, person?.ccasRole ?? null);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcasAdmin(request);
  const { members, invitations } = await getStaff(getDb());
  const params = new URL(request.url).searchParams;
  // « Retirer l'accès » asks first: the table's link opens this confirmation (?retirer=<id>).
  const revoking = params.get("retirer");
  return {
    notice: await doneNotice(params),
    me: user.id,
    confirmRevoke: members.find((member) => member.id === revoking && member.id !== user.id) ?? null,
    members,
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      until: formatDay(invitation.expiresAt),
    })),
  };
}

type ActionData = { intent: string; result?: SubmissionResult<string[]>; error?: string };

const REFUSALS: Record<Exclude<StaffChange, "done">, string> = {
  missing: "Cette personne ne fait plus partie de l'équipe, ou son rôle vient de changer : la page a été mise à jour.",
  self: "Vous ne pouvez pas modifier ni retirer votre propre accès : demandez-le à un autre administrateur.",
  "last-admin": "Le CCAS doit garder au moins un administrateur : nommez-en un autre avant.",
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCcasAdmin(request);
  const submission = parseForm(await request.formData(), { schema: StaffActionSchema });
  if (submission.status !== "success") {
    const intent = String(submission.payload.intent ?? "");
    // The invitation form shows its errors beside its fields; the table's buttons, above it.
    const error = intent === "invite" ? undefined : (Object.values(submission.error ?? {}).flat()[0] ?? "Action inconnue.");
    return data<ActionData>({ intent, result: submission.reply(), error }, { status: 400 });
  }
  const db = getDb();
  const { intent } = submission.value;
  switch (submission.value.intent) {
    case "invite": {
      const { email, role } = submission.value;
      const limit = await hitRateLimit("staffInvitation", [`user:${user.id}`, `to:${emailKey(email)}`]);
      if (!limit.ok)
        return data<ActionData>(
          { intent, result: submission.reply({ formErrors: [tooManyMessage(limit.retryAfterSeconds, "Trop d'invitations")] }) },
          { status: 429 },
        );
      const invited = await inviteStaff(db, { actor: user, email, role });
      if (invited.status === "member")
        return data<ActionData>(
          {
            intent,
            result: submission.reply({ fieldErrors: { email: ["Cette personne fait déjà partie de l'équipe du CCAS."] } }),
          },
          { status: 400 },
        );
      await sendMail(
        invitationMail({
          to: email,
          subject: `${user.name} vous invite dans l'équipe du CCAS sur Coopérons`,
          intro: `${user.name} vous invite à rejoindre l'équipe du CCAS sur Coopérons, comme ${ccasRoleName(role)}.`,
          kind: "staff",
          token: invited.token,
        }),
      );
      return done("invitation", invited.invitationId);
    }
    case "change-role": {
      const changed = await changeStaffRole(db, { actor: user, userId: submission.value.userId, role: submission.value.role });
      if (changed === "unchanged") return done("role-unchanged", submission.value.userId);
      if (changed !== "done") return data<ActionData>({ intent, error: REFUSALS[changed] }, { status: 400 });
      return done("role", submission.value.userId);
    }
    case "revoke": {
      const revoked = await revokeStaff(db, { actor: user, userId: submission.value.userId });
      if (revoked !== "done") return data<ActionData>({ intent, error: REFUSALS[revoked] }, { status: 400 });
      return done("revoke", submission.value.userId);
    }
    case "cancel-invitation": {
      if (!(await cancelStaffInvitation(db, { actor: user, invitationId: submission.value.invitationId })))
        return data<ActionData>(
          { intent, error: "Cette invitation n'est plus en attente : elle a été acceptée, annulée ou a expiré." },
          { status: 400 },
        );
      return done("cancel-invitation");
    }
  }
}

export default function Staff() {
  const { notice, me, confirmRevoke, members, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A new visit of the page (the redirect after an action) shows its notice afresh.
  const { key } = useLocation();
  // « Retirer l'accès… » opens the confirmation: the focus goes to its question, not left on the link.
  const revokeHeading = useRef<HTMLHeadingElement>(null);
  const revokingId = confirmRevoke?.id;
  useEffect(() => {
    if (revokingId) revokeHeading.current?.focus();
  }, [revokingId]);
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.intent === "invite" ? actionData.result : undefined,
    constraint: getZodConstraint(StaffInviteSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: StaffInviteSchema }),
  });
  return (
    <div className="container page">
      <CcasNav admin />
      <h1>Équipe du CCAS</h1>
      {notice && !actionData ? <Notice key={key}>{notice}</Notice> : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      {confirmRevoke && !actionData ? (
        <section aria-labelledby="retrait" className="card">
          <h2 id="retrait" tabIndex={-1} ref={revokeHeading}>
            Retirer l'accès de {confirmRevoke.name} ({confirmRevoke.email}) ?
          </h2>
          <p>Cette personne perd à l'instant l'accès aux pages du CCAS. Le retrait est inscrit au journal.</p>
          <Form method="post" action="/ccas/equipe" className="actions">
            <input type="hidden" name="userId" value={confirmRevoke.id} />
            <button type="submit" name="intent" value="revoke">
              Confirmer le retrait
            </button>
            <Link to="/ccas/equipe">Annuler</Link>
          </Form>
        </section>
      ) : null}
      <p className="lead">
        Les administrateurs préparent les appels et gèrent l'équipe ; les relecteurs modèrent les contenus et instruisent les
        groupements déposés. Chaque changement est inscrit au journal.
      </p>
      <ScrollableTable caption="Membres de l'équipe" hiddenCaption>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">E-mail</th>
            <th scope="col">Rôle</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td>{member.name}</td>
              <td>{member.email}</td>
              <td>{member.id === me ? `${ccasRoleName(member.ccasRole)} (vous)` : ccasRoleName(member.ccasRole)}</td>
              <td>
                {member.id === me ? null : (
                  <div className="stack">
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="userId" value={member.id} />
                      <label htmlFor={`role-${member.id}`} className="visually-hidden">
                        Rôle de {member.name}
                      </label>
                      <select id={`role-${member.id}`} name="role" defaultValue={member.ccasRole ?? ""}>
                        {CCAS_ROLES.map((role) => (
                          <option key={role.code} value={role.code}>
                            {role.label}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" name="intent" value="change-role" className="link-button">
                        Changer le rôle<span className="visually-hidden"> de {member.name}</span>
                      </button>
                    </Form>
                    <Link to={`/ccas/equipe?retirer=${encodeURIComponent(member.id)}#retrait`}>
                      Retirer l'accès de {member.name}…
                    </Link>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollableTable>

      <h2>Inviter une personne</h2>
      {invitations.length > 0 ? (
        <>
          <h3>Invitations en attente</h3>
          <ul>
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                {invitation.email} ({ccasRoleName(invitation.role)}) — valable jusqu'au {invitation.until}{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" name="intent" value="cancel-invitation" className="link-button">
                    Annuler<span className="visually-hidden"> l'invitation de {invitation.email}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="invite" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          label="Adresse e-mail"
          meta={fields.email}
          type="email"
          autoComplete="off"
          hint={`La personne reçoit un lien valable ${STAFF_INVITATION_DAYS} jours ; elle se connecte (ou crée son compte) avec cette adresse pour accepter.`}
        />
        <SelectField
          label="Rôle"
          meta={fields.role}
          options={CCAS_ROLES}
          hint="Un relecteur modère les fiches, lit, note et questionne les dossiers ; un administrateur peut en plus décider, préparer les appels et gérer l'équipe."
        />
        <div>
          <SubmitButton pendingText="Envoi…">Envoyer l'invitation</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
