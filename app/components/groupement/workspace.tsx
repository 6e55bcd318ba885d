import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useMemo, useState } from "react";
import {
  CheckboxesField,
  CheckboxField,
  Field,
  FormErrors,
  Notice,
  SelectField,
  SubmitButton,
  TextareaField,
} from "~/components/forms";
import { checkEligibility, type CallParameters, type EligibilityResult, type GroupementInput } from "~/domain/eligibility";
import { formatEuros } from "~/domain/format";
import { BudgetSchema, createProjectSchema, MemberSchema } from "~/domain/schemas/groupement-forms";
import { COMMITMENTS, COOPERATIONS, labelOf, QUARTIERS, RESOURCES, type QuartierSlug } from "~/domain/taxonomy";

type Option = { code: string; label: string };

export type WorkspaceProps = {
  groupement: {
    id: string;
    title: string;
    callTitle: string;
    ideaSlug: string;
    submittedAt: string | null;
    projectSheet: boolean;
    project: {
      title: string;
      subAxes: string[];
      addressesIsolation: boolean;
      addressesPrecarity: boolean;
      wholeCity: boolean;
      quartiers: string[];
      startDate: string;
      durationMonths: number;
      cooperation: string;
      cooperationJustification: string;
      beneficiaries: number | null;
      replicability: string;
    };
    budget: { operating: number; participation: number; equipment: number };
    changes: { id: string; who: string; when: string; summary: string }[];
  };
  members: {
    organisationId: string;
    name: string;
    slug: string;
    sector: string;
    kind: string;
    isLead: boolean;
    status: string;
    role: string;
    resources: string[];
    resourceLabels: string[];
    resourceDescription: string;
    valuedAmount: number | null;
    subsidyShare: number;
    commitment: string | null;
    documents: { commitment: boolean; accounts: boolean; report: boolean };
    accountsAlreadySent: boolean;
    reportAlreadySent: boolean;
    canEdit: boolean;
    canRespond: boolean;
    canLeave: boolean;
    mayTakeLead: boolean;
  }[];
  access: { lead: boolean; isCcas: boolean };
  callParameters: CallParameters;
  subAxes: Option[];
  invitable: Option[];
  eligibilityInput: GroupementInput;
  eligibility: EligibilityResult;
  checklist: { label: string; done: boolean }[];
  actionData?: { intent: string; error?: string; notice?: string; result?: SubmissionResult<string[]> };
};

const STATUS_TEXT = { pass: "Conforme", warn: "À améliorer", fail: "Bloquant" } as const;

function EligibilityPanel({ result, preview }: { result: EligibilityResult; preview: boolean }) {
  const failures = result.rules.filter((rule) => rule.status === "fail").length;
  return (
    <section className="eligibility" aria-labelledby="eligibilite" aria-live="polite">
      <h2 id="eligibilite">Règles de l'appel</h2>
      <p className={`status ${result.eligible ? "status-open" : "status-closed"}`} data-testid="eligibility-verdict">
        <strong>
          {result.eligible
            ? "Le groupement est éligible"
            : `Pas encore éligible : ${failures} règle${failures > 1 ? "s" : ""} bloquante${failures > 1 ? "s" : ""}`}
        </strong>
        {preview ? " (aperçu avant enregistrement)" : ""}
      </p>
      <ul className="rules">
        {result.rules.map((rule) => (
          <li key={rule.id} data-status={rule.status} data-rule={rule.id}>
            <span className="rule-status">{STATUS_TEXT[rule.status]}</span> {rule.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Recomputes the rules in the browser from what is being typed: the engine is the server's own. */
function previewFrom(
  base: GroupementInput,
  call: CallParameters,
  projectForm: HTMLFormElement | null,
  budgetForm: HTMLFormElement | null,
) {
  const input: GroupementInput = structuredClone(base);
  if (projectForm) {
    const form = new FormData(projectForm);
    input.project.title = String(form.get("title") ?? "");
    input.project.subAxes = form.getAll("subAxes").map(String);
    input.project.addressesIsolation = form.get("addressesIsolation") === "on";
    input.project.addressesPrecarity = form.get("addressesPrecarity") === "on";
    input.project.territory = {
      wholeCity: form.get("wholeCity") === "on",
      quartiers: form.getAll("quartiers").map(String) as QuartierSlug[],
    };
    input.project.startDate = String(form.get("startDate") || "9999-12-31");
    input.project.durationMonths = Number(form.get("durationMonths") || 0);
    input.project.cooperation = String(form.get("cooperation") ?? "") as GroupementInput["project"]["cooperation"];
    input.project.scale = {
      beneficiaries: Number(form.get("beneficiaries") || 0),
      replicability: String(form.get("replicability") ?? ""),
    };
  }
  if (budgetForm) {
    const form = new FormData(budgetForm);
    input.project.budget = {
      operating: Number(form.get("operating") || 0),
      participation: Number(form.get("participation") || 0),
      equipment: Number(form.get("equipment") || 0),
    };
  }
  return checkEligibility(input, call);
}

function ProjectForm({
  project,
  subAxes,
  call,
  lastResult,
  onChange,
}: {
  project: WorkspaceProps["groupement"]["project"];
  subAxes: Option[];
  call: CallParameters;
  lastResult?: SubmissionResult<string[]>;
  onChange: () => void;
}) {
  const schema = useMemo(() => createProjectSchema(call.subAxes), [call.subAxes]);
  const [form, fields] = useForm({
    id: "project",
    lastResult,
    defaultValue: {
      ...project,
      addressesIsolation: project.addressesIsolation ? "on" : undefined,
      addressesPrecarity: project.addressesPrecarity ? "on" : undefined,
      wholeCity: project.wholeCity ? "on" : undefined,
      durationMonths: String(project.durationMonths),
      beneficiaries: project.beneficiaries === null ? "" : String(project.beneficiaries),
    },
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" onChange={onChange}>
      <input type="hidden" name="intent" value="project" />
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
      <div>
        <SubmitButton pendingText="Enregistrement…">Enregistrer le projet</SubmitButton>
      </div>
    </Form>
  );
}

function BudgetForm({
  budget,
  lastResult,
  onChange,
}: {
  budget: WorkspaceProps["groupement"]["budget"];
  lastResult?: SubmissionResult<string[]>;
  onChange: () => void;
}) {
  const [form, fields] = useForm({
    id: "budget",
    lastResult,
    defaultValue: {
      operating: String(budget.operating),
      participation: String(budget.participation),
      equipment: String(budget.equipment),
    },
    constraint: getZodConstraint(BudgetSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BudgetSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" onChange={onChange}>
      <input type="hidden" name="intent" value="budget" />
      <Field label="Fonctionnement (€ sur la durée du projet)" meta={fields.operating} type="number" inputMode="numeric" />
      <Field label="Accompagnement et participation (€)" meta={fields.participation} type="number" inputMode="numeric" />
      <Field label="Équipement, investissement et logistique (€)" meta={fields.equipment} type="number" inputMode="numeric" />
      <div>
        <SubmitButton pendingText="Enregistrement…">Enregistrer le budget</SubmitButton>
      </div>
    </Form>
  );
}

function MemberForm({
  member,
  lead,
  lastResult,
}: {
  member: WorkspaceProps["members"][number];
  lead: boolean;
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useForm({
    id: `member-${member.organisationId}`,
    lastResult,
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

function DocumentForm({
  groupementId,
  organisationId,
  kind,
  label,
  done,
}: {
  groupementId: string;
  organisationId: string;
  kind: string;
  label: string;
  done: boolean;
}) {
  const id = `document-${kind}-${organisationId || "projet"}`;
  return (
    <Form method="post" encType="multipart/form-data" className="document-form">
      <input type="hidden" name="intent" value="document" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="organisationId" value={organisationId} />
      <label htmlFor={id}>
        {label} {done ? <span className="badge">déposé</span> : null}
      </label>
      <input id={id} type="file" name="file" accept="application/pdf" required />
      <SubmitButton name="intent" value="document" className="button-secondary" pendingText="Envoi…">
        Envoyer le PDF
      </SubmitButton>
      {done ? (
        <a href={`/groupements/${groupementId}/documents/${kind}${organisationId ? `?membre=${organisationId}` : ""}`}>Ouvrir</a>
      ) : null}
    </Form>
  );
}

export function GroupementWorkspace(props: WorkspaceProps) {
  const {
    groupement,
    members,
    access,
    callParameters,
    subAxes,
    invitable,
    eligibilityInput,
    eligibility,
    checklist,
    actionData,
  } = props;
  // A preview belongs to the server data it was computed from: fresh data (after any save) replaces it.
  const [draft, setDraft] = useState<{ from: EligibilityResult; result: EligibilityResult } | null>(null);
  const preview = draft?.from === eligibility ? draft.result : null;
  const refresh = () => {
    setDraft({
      from: eligibility,
      result: previewFrom(
        eligibilityInput,
        callParameters,
        document.getElementById("project") as HTMLFormElement | null,
        document.getElementById("budget") as HTMLFormElement | null,
      ),
    });
  };
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const messageFor = (prefix: string) =>
    actionData && actionData.intent.startsWith(prefix) ? (
      <>
        {actionData.notice ? <Notice>{actionData.notice}</Notice> : null}
        <FormErrors errors={actionData.error ? [actionData.error] : undefined} />
      </>
    ) : null;
  const active = members.filter((member) => member.status === "active");
  const total = groupement.budget.operating + groupement.budget.participation + groupement.budget.equipment;
  const shares = active.reduce((sum, member) => sum + member.subsidyShare, 0);

  return (
    <div className="container page workspace">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › Groupement
      </p>
      <h1>{groupement.title}</h1>
      <p className="lead">{groupement.callTitle}</p>
      <p className="actions no-print">
        <a href={`/groupements/${groupement.id}/dossier.pdf`} className="button-secondary">
          Dossier PDF
        </a>
        <a href={`/groupements/${groupement.id}/dossier.docx`} className="button-secondary">
          Dossier Word (DOCX)
        </a>
        <Link to={`/idees/${groupement.ideaSlug}`}>Page publique de l'idée</Link>
      </p>
      {groupement.submittedAt ? (
        <Notice tone="info">
          Dossier déposé le {groupement.submittedAt}. Toute modification est enregistrée dans l'historique.
        </Notice>
      ) : null}
      {access.isCcas && !access.lead ? (
        <Notice tone="info">Vous consultez ce groupement en tant qu'agent du CCAS (lecture seule).</Notice>
      ) : null}
      {messageFor("accept-invitation")}
      {messageFor("decline-invitation")}
      {members
        .filter((member) => member.canRespond)
        .map((member) => (
          <Form method="post" key={member.organisationId} className="notice notice-warning">
            <p>{member.name} est invitée à rejoindre ce groupement.</p>
            <input type="hidden" name="organisationId" value={member.organisationId} />
            <div className="actions">
              <SubmitButton name="intent" value="accept-invitation">
                Rejoindre le groupement
              </SubmitButton>
              <SubmitButton name="intent" value="decline-invitation" className="button-secondary">
                Décliner
              </SubmitButton>
            </div>
          </Form>
        ))}

      <EligibilityPanel result={preview ?? eligibility} preview={preview !== null} />

      <section aria-labelledby="membres">
        <h2 id="membres">Membres ({active.length})</h2>
        {messageFor("member")}
        {messageFor("remove")}
        {messageFor("leave")}
        {messageFor("transfer-lead")}
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
                    {member.sector} · {member.kind}
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
                <td colSpan={3}>Budget demandé : {formatEuros(total)}</td>
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
              <MemberForm member={member} lead={access.lead} lastResult={resultFor(`member-${member.organisationId}`)} />
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
        {access.lead ? (
          <Form method="post" className="stack no-print">
            {messageFor("invite")}
            <div className="field">
              <label htmlFor="inviter">Inviter une structure publiée</label>
              <select id="inviter" name="organisationId" defaultValue="">
                <option value="">Choisir…</option>
                {invitable.map((organisation) => (
                  <option key={organisation.code} value={organisation.code}>
                    {organisation.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <SubmitButton name="intent" value="invite" className="button-secondary">
                Inviter
              </SubmitButton>
            </div>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="projet">
        <h2 id="projet">Le projet</h2>
        {messageFor("project")}
        {access.lead ? (
          <ProjectForm
            project={groupement.project}
            subAxes={subAxes}
            call={callParameters}
            lastResult={resultFor("project")}
            onChange={refresh}
          />
        ) : (
          <ul>
            <li>Sous-axes : {groupement.project.subAxes.join(", ") || "aucun"}</li>
            <li>
              Territoire :{" "}
              {groupement.project.wholeCity
                ? "toute la ville"
                : groupement.project.quartiers.map((code) => labelOf(QUARTIERS, code)).join(", ") || "non précisé"}
            </li>
            <li>
              Démarrage : {groupement.project.startDate || "non précisé"}, pour {groupement.project.durationMonths} mois
            </li>
            <li>Coopération : {labelOf(COOPERATIONS, groupement.project.cooperation)}</li>
          </ul>
        )}
      </section>

      <section aria-labelledby="budget-titre">
        <h2 id="budget-titre">Budget</h2>
        {messageFor("budget")}
        {access.lead ? (
          <BudgetForm budget={groupement.budget} lastResult={resultFor("budget")} onChange={refresh} />
        ) : (
          <ul>
            <li>Fonctionnement : {formatEuros(groupement.budget.operating)}</li>
            <li>Accompagnement et participation : {formatEuros(groupement.budget.participation)}</li>
            <li>Équipement : {formatEuros(groupement.budget.equipment)}</li>
          </ul>
        )}
      </section>

      <section aria-labelledby="pieces">
        <h2 id="pieces">Pièces du dossier</h2>
        <ul className="checklist">
          {checklist.map((item) => (
            <li key={item.label} data-done={item.done}>
              <span className="rule-status">{item.done ? "Fourni" : "Manquant"}</span> {item.label}
            </li>
          ))}
        </ul>
        <div className="no-print">
          {messageFor("document")}
          {access.lead ? (
            <DocumentForm
              groupementId={groupement.id}
              organisationId=""
              kind="project-sheet"
              label="Fiche descriptive du projet (PDF)"
              done={groupement.projectSheet}
            />
          ) : null}
          {active
            .filter((member) => member.canEdit)
            .map((member) => (
              <fieldset key={member.organisationId} className="field">
                <legend>Documents de {member.name}</legend>
                <DocumentForm
                  groupementId={groupement.id}
                  organisationId={member.organisationId}
                  kind="commitment"
                  label="Convention ou lettre d'engagement signée (PDF)"
                  done={member.documents.commitment}
                />
                <DocumentForm
                  groupementId={groupement.id}
                  organisationId={member.organisationId}
                  kind="accounts"
                  label="Comptes annuels (PDF)"
                  done={member.documents.accounts}
                />
                <DocumentForm
                  groupementId={groupement.id}
                  organisationId={member.organisationId}
                  kind="report"
                  label="Rapport d'activité 2024 (PDF)"
                  done={member.documents.report}
                />
                <Form method="post" className="actions">
                  <input type="hidden" name="organisationId" value={member.organisationId} />
                  <label className="checkbox">
                    <input type="checkbox" name="accountsAlreadySent" defaultChecked={member.accountsAlreadySent} /> Comptes déjà
                    transmis au CCAS
                  </label>
                  <label className="checkbox">
                    <input type="checkbox" name="reportAlreadySent" defaultChecked={member.reportAlreadySent} /> Rapport déjà
                    transmis au CCAS
                  </label>
                  <SubmitButton name="intent" value="already-sent" className="button-secondary">
                    Enregistrer
                  </SubmitButton>
                </Form>
              </fieldset>
            ))}
        </div>
      </section>

      {access.lead && !groupement.submittedAt ? (
        <section aria-labelledby="depot" className="no-print">
          <h2 id="depot">Dépôt</h2>
          {messageFor("submit")}
          <Form method="post" className="actions">
            <label htmlFor="date-depot">Date du dépôt auprès du CCAS</label>
            <input id="date-depot" type="date" name="date" required defaultValue={new Date().toISOString().slice(0, 10)} />
            <SubmitButton name="intent" value="submit" className="button-secondary">
              Marquer le dossier « déposé »
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      {groupement.changes.length > 0 ? (
        <section aria-labelledby="historique">
          <h2 id="historique">Historique des modifications</h2>
          <ul>
            {groupement.changes.map((change) => (
              <li key={change.id}>
                {change.when} — {change.who} : {change.summary}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
