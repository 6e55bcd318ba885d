// The structures nobody administers any more (their last admin deleted their account, and the
// fiche was unpublished): nobody can edit them or answer for them, and a person of the structure
// who comes back finds its SIRET taken (« Écrivez au CCAS »). A CCAS administrator invites an
// administrator for one here; the person accepts from the mailed link, as any member's invitation.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { Field, FormErrors, Notice, SelectField, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { StatusBadge } from "~/components/status-badge";
import { ScrollableTable } from "~/components/table-wrap";
import { formatDay, ofName, registerNumbers } from "~/domain/format";
import { OrphanAdminInvitationSchema } from "~/domain/schemas/organisation";
import { getOrganisationsWithoutAdmin, inviteAdminForOrphan, orphanRefusal } from "~/models/membership.server";
import { requireCcasAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseFormValues } from "~/utils/forms";
import { parseForm } from "~/utils/forms.server";
import { invitationMail } from "~/utils/invitation-mail.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { memberInvitationRefusal } from "~/utils/rate-limit.server";

const PATH = "/ccas/structures-sans-administrateur";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Structures sans administrateur",
    description: "Inviter un administrateur pour une structure qui n'en a plus.",
    path: PATH,
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCcasAdmin(request);
  const params = new URL(request.url).searchParams;
  const organisations = (await getOrganisationsWithoutAdmin(getDb())).map((organisation) => ({
    id: organisation.id,
    name: organisation.name,
    status: organisation.status,
    identifier: registerNumbers(organisation).join(" · "),
    invitation: organisation.invitations[0]
      ? { email: organisation.invitations[0].email, until: formatDay(organisation.invitations[0].expiresAt) }
      : null,
  }));
  // After an invitation (?invitee=<structure>): said from what is stored, so a reload sends nothing.
  const invited = organisations.find((organisation) => organisation.id === params.get("invitee"));
  return {
    organisations,
    chosen: params.get("structure") ?? "",
    notice: invited?.invitation
      ? `Invitation envoyée à ${invited.invitation.email} pour administrer « ${invited.name} ». Elle vaut jusqu'au ${invited.invitation.until}.`
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireCcasAdmin(request);
  const submission = parseForm(await request.formData(), { schema: OrphanAdminInvitationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { organisationId, email } = submission.value;
  const db = getDb();
  const done = redirect(`${PATH}?${new URLSearchParams({ invitee: organisationId })}`, 303);
  const refused = (error: string) =>
    data({ result: submission.reply({ fieldErrors: { organisationId: [error] } }) }, { status: 400 });
  // Checked before the limits, which count only what may be sent (a refused try counted against
  // the address's three a day), then again as the invitation is written.
  const refusal = await orphanRefusal(db, organisationId);
  if (refusal) return refused(refusal);
  // The same bounds as a structure's own invitations: per account, and per address whoever invites.
  const tooMany = await memberInvitationRefusal(staff.id, email);
  if (tooMany) return data({ result: submission.reply({ formErrors: [tooMany] }) }, { status: 429 });
  const invited = await inviteAdminForOrphan(db, { organisationId, email, staff });
  if (!invited.ok) return refused(invited.error);
  // Sent twice (a double click without JavaScript): the first invitation stands, mailed once.
  if (invited.again) return done;
  await sendMail(
    invitationMail({
      to: email,
      subject: `Le CCAS vous invite à administrer la fiche ${ofName(invited.organisationName)} sur Coopérons`,
      intro: `La fiche de la structure « ${invited.organisationName} » sur Coopérons n'a plus d'administrateur. ${staff.name}, de l'équipe du CCAS, vous invite à l'administrer.`,
      kind: "organisation",
      token: invited.token,
      after:
        "Une fois administrateur, vérifiez et complétez la fiche, puis enregistrez-la : elle sera envoyée au CCAS, qui la publiera. Si vous n'attendiez pas ce message, ignorez-le.",
    }),
  );
  return done;
}

export default function StructuresWithoutAdmin() {
  const { organisations, chosen, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "inviter",
    lastResult: actionData?.result,
    defaultValue: { organisationId: organisations.some((organisation) => organisation.id === chosen) ? chosen : "" },
    constraint: getZodConstraint(OrphanAdminInvitationSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: OrphanAdminInvitationSchema }),
  });
  return (
    <div className="container page">
      <CcasNav admin />
      <h1>Structures sans administrateur</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <p className="lead">
        Quand le dernier administrateur d'une structure supprime son compte, sa fiche est dépubliée : personne ne peut plus la
        modifier ni répondre pour elle, et une personne de la structure qui s'inscrit trouve son SIRET déjà pris. Invitez ici la
        personne qui vous l'a demandé : elle reçoit un lien, et une fois administratrice, elle complète la fiche et l'envoie à
        votre validation.
      </p>
      {organisations.length === 0 ? (
        <p>Toutes les structures ont au moins un administrateur.</p>
      ) : (
        <>
          <ScrollableTable caption="Structures sans administrateur" hiddenCaption>
            <thead>
              <tr>
                <th scope="col">Structure</th>
                <th scope="col">Fiche</th>
                <th scope="col">Identifiants</th>
                <th scope="col">Invitation en attente</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((organisation) => (
                <tr key={organisation.id}>
                  <th scope="row">
                    <a href={`${PATH}?${new URLSearchParams({ structure: organisation.id })}#inviter`}>{organisation.name}</a>
                  </th>
                  <td>
                    <StatusBadge status={organisation.status} />
                  </td>
                  <td>{organisation.identifier || "aucun"}</td>
                  <td>
                    {organisation.invitation
                      ? `${organisation.invitation.email}, jusqu'au ${organisation.invitation.until}`
                      : "aucune"}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
          <h2 id="inviter-titre">Inviter un administrateur</h2>
          <Form method="post" {...getFormProps(form)} className="stack" aria-labelledby="inviter-titre">
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField
              label="Structure"
              meta={fields.organisationId}
              options={organisations.map((organisation) => ({ code: organisation.id, label: organisation.name }))}
            />
            <Field
              label="Adresse e-mail de la personne"
              hint="Vérifiez d'abord qu'elle fait partie de la structure (un échange avec elle, une adresse du domaine de la structure). L'invitation remplace toutes celles de la structure encore en attente ; une personne déjà éditrice de la fiche en devient administratrice."
              meta={fields.email}
              type="email"
              autoComplete="off"
            />
            <div>
              <SubmitButton pendingText="Envoi…">Envoyer l'invitation</SubmitButton>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
