import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import {
  CheckboxesField,
  ConfirmStep,
  Field,
  FormErrors,
  sectionAction,
  SelectField,
  SubmitButton,
  TextareaField,
  VALIDATE_WHEN_SENT,
} from "~/components/forms";
import { budgetTotal } from "~/domain/eligibility";
import { formatEuros, ofName } from "~/domain/format";
import { isBudgetEmpty } from "~/domain/groupement-assessment";
import { MemberSchema } from "~/domain/schemas/groupement-forms";
import { COMMITMENTS, labelOf, RESOURCES } from "~/domain/taxonomy";
import { ActionMessage, resultFor } from "./action-message";
import { InviteForm } from "./invitations";
import type { WorkspaceActionData, WorkspaceData, WorkspaceMember } from "./types";
import { parseFormValues } from "~/utils/forms";
import { ScrollableTable } from "~/components/table-wrap";

/** Who hears of a change of a member's place: its administrators, or nobody when it has none yet. */
/** What the lead may do after removing a structure: invite it again, unless its profile is offline. */
const againOrNot = (member: WorkspaceMember) =>
  member.published
    ? " Vous pourrez l'inviter de nouveau."
    : " Sa fiche n'étant pas publiée, vous ne pourrez l'inviter de nouveau qu'une fois qu'elle le sera.";

const toldOrNot = (member: WorkspaceMember) =>
  member.hasAdmins
    ? " ; ses administrateurs en seront prévenus"
    : " ; cette structure n'a pas d'administrateur sur la plateforme : personne n'en sera prévenu";

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
      <ActionMessage
        actionData={actionData}
        prefix="member"
        subjectOf={(intent) => {
          const member = members.find((candidate) => `member-${candidate.organisationId}` === intent);
          return member ? `Contribution ${ofName(member.name)}` : undefined;
        }}
      />
      <ActionMessage actionData={actionData} prefix="confirm" />
      <ActionMessage actionData={actionData} prefix="remove" />
      <ActionMessage actionData={actionData} prefix="leave" />
      <ActionMessage actionData={actionData} prefix="transfer-lead" />
      <p className="small">
        Le chef de file propose le rôle, les ressources, l'engagement et la part de chaque structure ; un administrateur de chaque
        structure les confirme ou les corrige. Une contribution modifiée par une autre structure est à confirmer de nouveau.
      </p>
      {members
        .filter((member) => member.canConfirm && !member.confirmed)
        .map((member) => (
          <ConfirmRequest key={member.organisationId} member={member} />
        ))}
      {/* Three columns, the contribution as a list: the table fits a 390 px screen. */}
      <ScrollableTable caption="Contributions et répartition de la subvention" className="members-table">
        <thead>
          <tr>
            <th scope="col">Structure</th>
            <th scope="col">Contribution</th>
            <th scope="col" className="num">
              Part de la subvention
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.organisationId}>
              <th scope="row">
                {/* A profile offline has no public page to link to. */}
                {member.published ? <Link to={`/organisations/${member.slug}`}>{member.name}</Link> : member.name}
                {member.isLead ? <span className="badge"> chef de file</span> : null}
                {member.status === "invited" ? <span className="badge"> invitée</span> : null}
                <span className="member-nature">
                  {member.sectorLabel} · {member.kindLabel}
                </span>
              </th>
              <td>
                {member.status === "invited" ? (
                  "Invitation en attente de réponse"
                ) : (
                  <ul className="contribution">
                    <li>Rôle : {member.role || "—"}</li>
                    <li>Ressources : {member.resourceLabels.join(", ") || "—"}</li>
                    <li>Engagement : {member.commitment ? labelOf(COMMITMENTS, member.commitment) : "aucun"}</li>
                    <li data-confirmed={member.confirmed}>
                      {member.confirmed ? (
                        `Confirmée par ${member.confirmedBy ?? "la structure"}${member.confirmedOn ? ` le ${member.confirmedOn}` : ""}`
                      ) : (
                        <strong>À confirmer par la structure</strong>
                      )}
                    </li>
                  </ul>
                )}
              </td>
              <td className="num">{formatEuros(member.subsidyShare)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total des parts</th>
            <td>Budget demandé : {isBudgetEmpty(budget) ? "à compléter" : formatEuros(budgetTotal(budget))}</td>
            <td className="num">{formatEuros(shares)}</td>
          </tr>
        </tfoot>
      </ScrollableTable>
      {access.lead
        ? members
            .filter((member) => member.status === "invited")
            .map((member) => (
              // A wrong invitation is withdrawn before it is accepted (only then: the page's state is sent).
              <Form method="post" action={sectionAction("membres")} key={member.organisationId} className="no-print">
                <input type="hidden" name="organisationId" value={member.organisationId} />
                <input type="hidden" name="status" value="invited" />
                <ConfirmStep
                  label={`Retirer l'invitation ${ofName(member.name)}…`}
                  question={`${member.name} ne pourra plus rejoindre le groupement par cette invitation${toldOrNot(member)}.${againOrNot(member)}`}
                  confirmLabel={`Oui, retirer l'invitation ${ofName(member.name)}`}
                  value="remove"
                  pendingText="Retrait…"
                />
              </Form>
            ))
        : null}
      {members
        .filter((member) => member.canEdit && member.status === "active")
        .map((member) => (
          // The contribution's form folds; handing over the lead, removing and leaving stay in sight.
          <div key={member.organisationId} className="member-actions no-print">
            {/* Open again after a refusal: without JavaScript the page comes back with it folded, its errors hidden. */}
            <details open={resultFor(actionData, `member-${member.organisationId}`)?.status === "error" || undefined}>
              <summary>Modifier la contribution {ofName(member.name)}</summary>
              <MemberForm member={member} lead={access.lead} actionData={actionData} />
            </details>
            {access.lead && !member.isLead ? (
              <Form method="post" action={sectionAction("membres")} className="actions">
                <input type="hidden" name="organisationId" value={member.organisationId} />
                <input type="hidden" name="status" value="active" />
                {member.mayTakeLead ? (
                  <ConfirmStep
                    tone="neutral"
                    label={`Confier le rôle de chef de file à « ${member.name} »…`}
                    question={`${member.name} deviendra chef de file : ses administrateurs géreront le groupement et déposeront le dossier, et en seront prévenus. Votre structure en restera membre, sans pouvoir reprendre ce rôle elle-même.`}
                    confirmLabel={`Oui, confier le rôle à « ${member.name} »`}
                    value="transfer-lead"
                    pendingText="Envoi…"
                  />
                ) : null}
                <ConfirmStep
                  label={`Retirer ${member.name}…`}
                  question={`${member.name} ne fera plus partie du groupement et sa contribution sera supprimée${toldOrNot(member)}.${againOrNot(member)}`}
                  confirmLabel={`Oui, retirer ${member.name}`}
                  value="remove"
                  pendingText="Retrait…"
                />
              </Form>
            ) : null}
            {member.canLeave ? (
              <Form method="post" action={sectionAction("membres")}>
                <input type="hidden" name="organisationId" value={member.organisationId} />
                <input type="hidden" name="status" value="active" />
                <ConfirmStep
                  label={`${member.name} quitte le groupement…`}
                  question={`${member.name} ne fera plus partie du groupement et sa contribution sera supprimée ; le chef de file en sera prévenu, et seul lui pourra l'inviter de nouveau.`}
                  confirmLabel={`Oui, ${member.name} quitte le groupement`}
                  value="leave"
                  pendingText="Envoi…"
                />
              </Form>
            ) : null}
          </div>
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
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: MemberSchema }),
  });
  return (
    <Form
      method="post"
      action={sectionAction("membres")}
      {...getFormProps(form)}
      className="stack"
      aria-label={`Contribution ${ofName(member.name)}`}
    >
      <input type="hidden" name="intent" value="member" />
      <input type="hidden" name="organisationId" value={member.organisationId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField label="Rôle dans le projet" meta={fields.role} rows={2} />
      <CheckboxesField legend="Ressources apportées" meta={fields.resources} options={RESOURCES} />
      <TextareaField label="Description des ressources" meta={fields.resourceDescription} rows={2} />
      <Field label="Valorisation des ressources (€, facultatif)" meta={fields.valuedAmount} type="number" inputMode="numeric" />
      {lead ? <Field label="Part de la subvention (€)" meta={fields.subsidyShare} type="number" inputMode="numeric" /> : null}
      <SelectField label="Engagement" meta={fields.commitment} options={COMMITMENTS} placeholder="Pas encore formalisé" />
      <p className="hint">
        {member.canConfirm
          ? `En enregistrant, vous confirmez cette contribution au nom ${ofName(member.name)}.`
          : member.hasAdmins
            ? `Un administrateur ${ofName(member.name)} devra confirmer ces informations ; il en sera prévenu.`
            : `Un administrateur ${ofName(member.name)} devra confirmer ces informations, mais cette structure n'en a pas sur la plateforme : personne ne peut le faire tant qu'elle n'en a pas, et le dossier restera incomplet. Vous pouvez retirer cette structure du groupement.`}
      </p>
      <div>
        <SubmitButton pendingText="Enregistrement…">Enregistrer la contribution {ofName(member.name)}</SubmitButton>
      </div>
    </Form>
  );
}

/** For an admin of a structure whose contribution waits: accept it as it is, or correct it below. */
function ConfirmRequest({ member }: { member: WorkspaceMember }) {
  return (
    <Form method="post" action={sectionAction("membres")} className="notice notice-warning confirm-request">
      <p>
        <strong>Contribution {ofName(member.name)} à confirmer.</strong> Vérifiez dans le tableau ci-dessous son rôle, ses
        ressources, son engagement et sa part de la subvention. S'ils sont justes, confirmez-les ; sinon, corrigez-les avec «
        Modifier la contribution {ofName(member.name)} » : votre enregistrement vaudra confirmation.
      </p>
      <input type="hidden" name="organisationId" value={member.organisationId} />
      <SubmitButton name="intent" value="confirm">
        Confirmer la contribution {ofName(member.name)}
      </SubmitButton>
    </Form>
  );
}
