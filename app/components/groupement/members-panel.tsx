import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { CheckboxesField, Field, FormErrors, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { budgetTotal } from "~/domain/eligibility";
import { formatEuros } from "~/domain/format";
import { MemberSchema } from "~/domain/schemas/groupement-forms";
import { COMMITMENTS, labelOf, RESOURCES } from "~/domain/taxonomy";
import { ActionMessage, resultFor } from "./action-message";
import { InviteForm } from "./invitations";
import type { WorkspaceActionData, WorkspaceData, WorkspaceMember } from "./types";

/** The members, their share of the subsidy, and what each one may change about its place. */
export function MembersPanel({
  members,
  access,
  budget,
  invitable,
  actionData,
}: Pick<WorkspaceData, "members" | "access" | "invitable"> & {
  budget: WorkspaceData["groupement"]["budget"];
  actionData: WorkspaceActionData;
}) {
  const active = members.filter((member) => member.status === "active");
  const shares = active.reduce((sum, member) => sum + member.subsidyShare, 0);
  return (
    <section aria-labelledby="membres">
      <h2 id="membres">Membres ({active.length})</h2>
      <ActionMessage actionData={actionData} prefix="member" />
      <ActionMessage actionData={actionData} prefix="remove" />
      <ActionMessage actionData={actionData} prefix="leave" />
      <ActionMessage actionData={actionData} prefix="transfer-lead" />
      <div className="table-wrap">
        <table>
          <caption>Répartition de la subvention</caption>
          <thead>
            <tr>
              <th scope="col">Structure</th>
              <th scope="col">Secteur</th>
              <th scope="col">Rôle</th>
              <th scope="col">Ressources</th>
              <th scope="col" className="num">
                Part de la subvention
              </th>
              <th scope="col">Engagement</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.organisationId}>
                <th scope="row">
                  <Link to={`/organisations/${member.slug}`}>{member.name}</Link>
                  {member.isLead ? <span className="badge"> chef de file</span> : null}
                  {member.status === "invited" ? <span className="badge"> invitée</span> : null}
                </th>
                <td>
                  {member.sectorLabel} · {member.kindLabel}
                </td>
                <td>{member.role || "—"}</td>
                <td>{member.resourceLabels.join(", ") || "—"}</td>
                <td className="num">{formatEuros(member.subsidyShare)}</td>
                <td>{member.commitment ? labelOf(COMMITMENTS, member.commitment) : "Aucun"}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total des parts</th>
              <td colSpan={3}>Budget demandé : {formatEuros(budgetTotal(budget))}</td>
              <td className="num">{formatEuros(shares)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {members
        .filter((member) => member.canEdit && member.status === "active")
        .map((member) => (
          <details key={member.organisationId} className="no-print">
            <summary>Modifier la contribution de {member.name}</summary>
            <MemberForm member={member} lead={access.lead} actionData={actionData} />
            {access.lead && !member.isLead ? (
              <Form method="post" className="actions">
                <input type="hidden" name="organisationId" value={member.organisationId} />
                {member.mayTakeLead ? (
                  <SubmitButton name="intent" value="transfer-lead" className="button-secondary">
                    Confier le rôle de chef de file à {member.name}
                  </SubmitButton>
                ) : null}
                <SubmitButton name="intent" value="remove" className="button-danger">
                  Retirer {member.name}
                </SubmitButton>
              </Form>
            ) : null}
            {member.canLeave ? (
              <Form method="post">
                <input type="hidden" name="organisationId" value={member.organisationId} />
                <SubmitButton name="intent" value="leave" className="button-danger">
                  {member.name} quitte le groupement
                </SubmitButton>
              </Form>
            ) : null}
          </details>
        ))}
      {access.lead ? <InviteForm invitable={invitable} actionData={actionData} /> : null}
    </section>
  );
}

function MemberForm({ member, lead, actionData }: { member: WorkspaceMember; lead: boolean; actionData: WorkspaceActionData }) {
  const [form, fields] = useForm({
    id: `member-${member.organisationId}`,
    lastResult: resultFor(actionData, `member-${member.organisationId}`),
    defaultValue: {
      role: member.role,
      resources: member.resources,
      resourceDescription: member.resourceDescription,
      valuedAmount: member.valuedAmount === null ? "" : String(member.valuedAmount),
      subsidyShare: String(member.subsidyShare),
      commitment: member.commitment ?? "",
    },
    constraint: getZodConstraint(MemberSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MemberSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" aria-label={`Contribution de ${member.name}`}>
      <input type="hidden" name="intent" value="member" />
      <input type="hidden" name="organisationId" value={member.organisationId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField label="Rôle dans le projet" meta={fields.role} rows={2} />
      <CheckboxesField legend="Ressources apportées" meta={fields.resources} options={RESOURCES} />
      <TextareaField label="Description des ressources" meta={fields.resourceDescription} rows={2} />
      <Field label="Valorisation des ressources (€, facultatif)" meta={fields.valuedAmount} type="number" inputMode="numeric" />
      {lead ? <Field label="Part de la subvention (€)" meta={fields.subsidyShare} type="number" inputMode="numeric" /> : null}
      <SelectField label="Engagement" meta={fields.commitment} options={COMMITMENTS} placeholder="Pas encore formalisé" />
      <div>
        <SubmitButton pendingText="Enregistrement…">Enregistrer la contribution de {member.name}</SubmitButton>
      </div>
    </Form>
  );
}
