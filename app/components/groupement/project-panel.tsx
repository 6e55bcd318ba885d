import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useMemo } from "react";
import {
  CheckboxesField,
  CheckboxField,
  Field,
  FormErrors,
  sectionAction,
  SelectField,
  SubmitButton,
  TextareaField,
  VALIDATE_WHEN_SENT,
} from "~/components/forms";
import { formatDay, formatEuros } from "~/domain/format";
import { isBudgetEmpty } from "~/domain/groupement-assessment";
import { BudgetSchema, createProjectSchema } from "~/domain/schemas/groupement-forms";
import { COOPERATIONS, labelOf, QUARTIERS } from "~/domain/taxonomy";
import { ActionMessage, resultFor } from "./action-message";
import { LiveVerdict } from "./eligibility-panel";
import type { WorkspaceActionData, WorkspaceData, WorkspaceGroupement } from "./types";
import { parseFormValues } from "~/utils/forms";

type PanelProps = {
  lead: boolean;
  actionData: WorkspaceActionData;
  /** Called as the lead types, for the rules' live preview. */
  onChange: () => void;
  /** The short verdict to announce by this form, once typing pauses ("" otherwise). */
  liveVerdict: string;
};

/** The project: a form for the lead, a summary for everyone else. */
export function ProjectPanel({
  project,
  projectKey,
  subAxes,
  subAxisCodes,
  lead,
  actionData,
  onChange,
  liveVerdict,
}: PanelProps & {
  project: WorkspaceGroupement["project"];
  /** Given where the lead edits it (the workspace), not on the CCAS's read-only page. */
  projectKey?: string;
  subAxes: WorkspaceData["subAxes"];
  subAxisCodes: string[];
}) {
  return (
    <section aria-labelledby="projet">
      <h2 id="projet">Le projet</h2>
      <ActionMessage actionData={actionData} prefix="project" />
      {lead ? (
        <ProjectForm
          project={project}
          projectKey={projectKey}
          subAxes={subAxes}
          subAxisCodes={subAxisCodes}
          actionData={actionData}
          onChange={onChange}
          liveVerdict={liveVerdict}
        />
      ) : (
        <ul>
          <li>Sous-axes : {project.subAxes.join(", ") || "aucun"}</li>
          <li>
            Territoire :{" "}
            {project.wholeCity
              ? "toute la ville"
              : project.quartiers.map((code) => labelOf(QUARTIERS, code)).join(", ") || "non précisé"}
          </li>
          <li>
            Démarrage : {project.startDate ? formatDay(new Date(`${project.startDate}T12:00:00Z`)) : "à compléter"}, pour{" "}
            {project.durationMonths} mois
          </li>
          <li>Coopération : {labelOf(COOPERATIONS, project.cooperation)}</li>
        </ul>
      )}
    </section>
  );
}

function ProjectForm({
  project,
  projectKey,
  subAxes,
  subAxisCodes,
  actionData,
  onChange,
  liveVerdict,
}: Omit<PanelProps, "lead"> & {
  project: WorkspaceGroupement["project"];
  /** What the project was read as (a key), sent back with the form. */
  projectKey?: string;
  subAxes: WorkspaceData["subAxes"];
  subAxisCodes: string[];
}) {
  const schema = useMemo(() => createProjectSchema(subAxisCodes), [subAxisCodes]);
  const [form, fields] = useForm({
    id: "project",
    lastResult: resultFor(actionData, "project"),
    defaultValue: {
      ...project,
      addressesIsolation: project.addressesIsolation ? "on" : undefined,
      addressesPrecarity: project.addressesPrecarity ? "on" : undefined,
      wholeCity: project.wholeCity ? "on" : undefined,
      durationMonths: String(project.durationMonths),
      beneficiaries: project.beneficiaries === null ? "" : String(project.beneficiaries),
    },
    constraint: getZodConstraint(schema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  return (
    <Form method="post" action={sectionAction("projet")} {...getFormProps(form)} className="stack" onChange={onChange}>
      <input type="hidden" name="intent" value="project" />
      {projectKey ? <input type="hidden" name="seen" value={actionData?.savedNow ?? projectKey} /> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Titre du projet" meta={fields.title} />
      <CheckboxesField legend="Sous-axes" meta={fields.subAxes} options={subAxes} />
      <fieldset className="field">
        <legend>Isolement et précarité</legend>
        <CheckboxField label="Le projet agit sur l'isolement social" meta={fields.addressesIsolation} />
        <CheckboxField label="Le projet agit sur la précarité" meta={fields.addressesPrecarity} />
      </fieldset>
      <CheckboxField label="Le projet concerne toute la ville" meta={fields.wholeCity} />
      <CheckboxesField legend="Quartiers visés" meta={fields.quartiers} options={QUARTIERS} />
      <Field label="Date de démarrage" meta={fields.startDate} type="date" />
      <Field label="Durée (mois)" meta={fields.durationMonths} type="number" inputMode="numeric" />
      <SelectField label="Coopération" meta={fields.cooperation} options={COOPERATIONS} />
      <TextareaField label="En quoi la coopération est nouvelle ou renforcée" meta={fields.cooperationJustification} rows={3} />
      <Field label="Nombre de bénéficiaires attendus" meta={fields.beneficiaries} type="number" inputMode="numeric" />
      <TextareaField label="Potentiel de développement ou de réplicabilité" meta={fields.replicability} rows={3} />
      <LiveVerdict text={liveVerdict} />
      <div>
        <SubmitButton pendingText="Enregistrement…">Enregistrer le projet</SubmitButton>
      </div>
    </Form>
  );
}

/** The budget by category: a form for the lead, a summary for everyone else. */
export function BudgetPanel({
  budget,
  budgetKey,
  lead,
  actionData,
  onChange,
  liveVerdict,
}: PanelProps & {
  budget: WorkspaceGroupement["budget"];
  /** Given where the lead edits it (the workspace), not on the CCAS's read-only page. */
  budgetKey?: string;
}) {
  return (
    <section aria-labelledby="budget-titre">
      <h2 id="budget-titre">Budget</h2>
      {lead ? (
        <BudgetForm budget={budget} budgetKey={budgetKey} actionData={actionData} onChange={onChange} liveVerdict={liveVerdict} />
      ) : isBudgetEmpty(budget) ? (
        <p>À compléter : le chef de file n'a pas encore saisi le budget.</p>
      ) : (
        <ul>
          <li>Fonctionnement : {formatEuros(budget.operating)}</li>
          <li>Accompagnement et participation : {formatEuros(budget.participation)}</li>
          <li>Équipement : {formatEuros(budget.equipment)}</li>
        </ul>
      )}
    </section>
  );
}

function BudgetForm({
  budget,
  budgetKey,
  actionData,
  onChange,
  liveVerdict,
}: Omit<PanelProps, "lead"> & { budget: WorkspaceGroupement["budget"]; budgetKey?: string }) {
  // Nothing entered yet shows as blank fields, not as a budget of 0 €.
  const amount = (euros: number) => (isBudgetEmpty(budget) ? "" : String(euros));
  const [form, fields] = useForm({
    id: "budget",
    lastResult: resultFor(actionData, "budget"),
    defaultValue: {
      operating: amount(budget.operating),
      participation: amount(budget.participation),
      equipment: amount(budget.equipment),
    },
    constraint: getZodConstraint(BudgetSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: BudgetSchema }),
  });
  // « Budget enregistré. » no longer stands beside a budget the browser refuses since (it said both).
  const savedThenRefused = Boolean(actionData?.notice) && Object.keys(form.allErrors).length > 0;
  return (
    <>
      {savedThenRefused ? null : <ActionMessage actionData={actionData} prefix="budget" />}
      <Form method="post" action={sectionAction("budget-titre")} {...getFormProps(form)} className="stack" onChange={onChange}>
        <input type="hidden" name="intent" value="budget" />
        {budgetKey ? <input type="hidden" name="seen" value={actionData?.savedNow ?? budgetKey} /> : null}
        <Field label="Fonctionnement (€ sur la durée du projet)" meta={fields.operating} type="number" inputMode="numeric" />
        <Field label="Accompagnement et participation (€)" meta={fields.participation} type="number" inputMode="numeric" />
        <Field label="Équipement, investissement et logistique (€)" meta={fields.equipment} type="number" inputMode="numeric" />
        <LiveVerdict text={liveVerdict} />
        <div>
          <SubmitButton pendingText="Enregistrement…">Enregistrer le budget</SubmitButton>
        </div>
      </Form>
    </>
  );
}
