import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import type * as z from "~/utils/zod";
import type { $ZodType } from "zod/v4/core";
import { CcasNav } from "~/components/ccas-nav";
import { FieldsForm, ListForm, type Column, type Row } from "~/components/call-edition-forms";
import { CallReadiness } from "~/components/call-readiness";
import { publishedNotice } from "~/domain/call-readiness";
import { Notice } from "~/components/forms";
import { callStatus, mayEnterLaureates } from "~/domain/call-status";
import { formatDateTime } from "~/domain/format";
import {
  CALL_STATUS_LABELS,
  CallAxesSchema,
  CallCriteriaSchema,
  CallDocumentsSchema,
  CallEventsSchema,
  CallExpensesSchema,
  CallFaqsSchema,
  CallGeneralSchema,
  CallParametersSchema,
  CallPrerequisitesSchema,
  CallWeightsSchema,
  createCallLaureatesSchema,
  EVENT_KINDS,
  EVENT_PRECISIONS,
  readCallAxes,
  readCallCriteria,
  readCallDocuments,
  readCallEvents,
  readCallExpenses,
  readCallFaqs,
  readCallLaureates,
  readCallPrerequisites,
  WEIGHT_FIELDS,
} from "~/domain/schemas/call-edition";
import { BUDGET_CATEGORIES } from "~/domain/taxonomy";
import { AxesForm } from "~/components/call-axes-form";
import {
  eventFormValues,
  getCallForEdition,
  getCallReadiness,
  replaceCallList,
  saveCallAxes,
  saveCallEvents,
  saveCallLaureates,
  updateCallGeneral,
  updateCallParameters,
  updateCallWeights,
  type ListPart,
} from "~/models/call-edition.server";
import { isCcasAdmin, requireCcas, requireCcasAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { subAxisOptions } from "~/domain/call";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta({
    title: data ? `Modifier : ${data.call.shortTitle}` : "Appel",
    description: "Modifier un appel à coopérations.",
    path: data ? `/ccas/appels/${data.call.slug}` : "/ccas/appels",
    matches,
  });

const on = (value: boolean) => (value ? "on" : undefined);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  const call = await getCallForEdition(db, params.slug ?? "");
  if (!call) throw new Response("Appel introuvable", { status: 404 });
  const now = new Date();
  const status = callStatus(call, now);
  const url = new URL(request.url);
  return {
    admin: isCcasAdmin(user),
    call: {
      slug: call.slug,
      title: call.title,
      shortTitle: call.shortTitle,
      draft: call.draft,
      resultsOut: call.resultsPublishedAt !== null,
      status,
      deadline: formatDateTime(call.deadline),
      pastLaureates: call.pastLaureates.length,
      // Right after « Publier » (?publie): how many people were told, as the server recorded it —
      // the address only asks for the notice, it never carries the count.
      publishedNotice:
        url.searchParams.has("publie") && !call.draft && call.notifiedOnPublish !== null
          ? publishedNotice(call.notifiedOnPublish, {
              comingUntil: call.publishedAt && call.publishedAt.getTime() > now.getTime() ? call.publishedAt : null,
            })
          : null,
      mayEnterLaureates: mayEnterLaureates(call, now),
    },
    // What looks unfinished before publishing (the publish page lists the same).
    issues: call.draft ? await getCallReadiness(db, call.id, now) : [],
    general: {
      slug: call.slug,
      title: call.title,
      shortTitle: call.shortTitle,
      summary: call.summary,
      organiser: call.organiser,
      audience: call.audience,
    },
    parameters: {
      yearlyEnvelope: String(call.yearlyEnvelope),
      minLaureates: String(call.minLaureates),
      maxLaureates: String(call.maxLaureates),
      durationMonths: String(call.durationMonths),
      fundingYears: String(call.fundingYears),
      latestStart: call.latestStart.toISOString().slice(0, 10),
      latestStartLabel: call.latestStartLabel,
      fundingNote: call.fundingNote,
      minMembers: String(call.minMembers),
    },
    weights: Object.fromEntries(Object.entries(call.weights).map(([name, value]) => [name, String(value)])),
    axes: call.axes.map((axis) => ({ id: axis.id, code: axis.code, title: axis.title, summary: axis.summary })),
    subAxes: call.axes.flatMap((axis) =>
      axis.subAxes.map((subAxis) => ({
        id: subAxis.id,
        code: subAxis.code,
        title: subAxis.title,
        summary: subAxis.summary,
        actions: subAxis.actions.map((action) => action.text).join("\n"),
      })),
    ),
    events: call.events.map(eventFormValues),
    expenseCategories: call.expenseCategories,
    documents: call.documents.map((item) => ({ ...item, perMember: on(item.perMember) })),
    prerequisites: call.prerequisites,
    faqs: call.faqs,
    criteria: call.criteria.map((item) => ({ ...item, maxScore: String(item.maxScore) })),
    laureates: call.laureates,
    subAxisOptions: subAxisOptions(call.axes),
  };
}

type ActionData = { intent: string; result: SubmissionResult<string[]> };

type ListItems = readonly Record<string, string | number | boolean>[];

/** Each simple list: its form's schema, what its rows mean, and where they are stored. */
function parseList(intent: "expenses" | "documents" | "prerequisites" | "faqs" | "criteria", formData: FormData) {
  const parse = <Schema extends $ZodType, Value>(schema: Schema, read: (value: z.output<Schema>) => Value, part: ListPart) => {
    const submission = parseForm(formData, { schema });
    return submission.status === "success"
      ? {
          ok: true as const,
          items: read(submission.value as z.output<Schema>) as ListItems,
          part,
          refuse: (error: string) => submission.reply({ formErrors: [error] }),
        }
      : { ok: false as const, reply: submission.reply() };
  };
  switch (intent) {
    case "expenses":
      return parse(CallExpensesSchema, readCallExpenses, "expenseCategories");
    case "documents":
      return parse(CallDocumentsSchema, readCallDocuments, "documents");
    case "prerequisites":
      return parse(CallPrerequisitesSchema, readCallPrerequisites, "prerequisites");
    case "faqs":
      return parse(CallFaqsSchema, readCallFaqs, "faqs");
    case "criteria":
      return parse(CallCriteriaSchema, readCallCriteria, "criteria");
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCcasAdmin(request);
  const db = getDb();
  const call = await db.call.findUnique({ where: { slug: params.slug ?? "" }, select: { id: true, slug: true } });
  if (!call) throw new Response("Appel introuvable", { status: 404 });
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const refused = (result: SubmissionResult<string[]>) => data<ActionData>({ intent, result }, { status: 400 });
  const saved = () => redirect(`/ccas/appels/${call.slug}?enregistre=${intent}#${intent}`);

  switch (intent) {
    case "general": {
      const submission = parseForm(formData, { schema: CallGeneralSchema });
      if (submission.status !== "success") return refused(submission.reply());
      const result = await updateCallGeneral(db, call.id, submission.value);
      if (!result.ok) return refused(submission.reply({ fieldErrors: { [result.field]: [result.message] } }));
      // Its address may have changed: the page follows it.
      return redirect(`/ccas/appels/${result.slug}?enregistre=${intent}#${intent}`);
    }
    case "parameters": {
      const submission = parseForm(formData, { schema: CallParametersSchema });
      if (submission.status !== "success") return refused(submission.reply());
      await updateCallParameters(db, call.id, submission.value);
      return saved();
    }
    case "weights": {
      const submission = parseForm(formData, { schema: CallWeightsSchema });
      if (submission.status !== "success") return refused(submission.reply());
      await updateCallWeights(db, call.id, submission.value);
      return saved();
    }
    case "calendar": {
      const submission = parseForm(formData, { schema: CallEventsSchema });
      if (submission.status !== "success") return refused(submission.reply());
      const result = await saveCallEvents(db, user, call.id, readCallEvents(submission.value));
      if (!result.ok) return refused(submission.reply({ formErrors: result.errors }));
      return saved();
    }
    case "axes": {
      const submission = parseForm(formData, { schema: CallAxesSchema });
      if (submission.status !== "success") return refused(submission.reply());
      const result = await saveCallAxes(db, call.id, readCallAxes(submission.value));
      if (!result.ok) return refused(submission.reply({ formErrors: result.errors }));
      return saved();
    }
    case "laureates": {
      const subAxes = await db.callSubAxis.findMany({ where: { axis: { callId: call.id } }, select: { code: true } });
      const submission = parseForm(formData, { schema: createCallLaureatesSchema(subAxes.map((subAxis) => subAxis.code)) });
      if (submission.status !== "success") return refused(submission.reply());
      const result = await saveCallLaureates(db, call.id, readCallLaureates(submission.value));
      if (!result.ok) return refused(submission.reply({ formErrors: [result.error] }));
      return saved();
    }
    case "expenses":
    case "documents":
    case "prerequisites":
    case "faqs":
    case "criteria": {
      const parsed = parseList(intent, formData);
      if (!parsed.ok) return refused(parsed.reply);
      const result = await replaceCallList(db, call.id, parsed.part, parsed.items);
      if (!result.ok) return refused(parsed.refuse(result.error));
      return saved();
    }
    default:
      throw new Response("Action inconnue", { status: 400 });
  }
}

const generalColumns = (draft: boolean): Column[] => [
  {
    name: "slug",
    label: "Adresse de l'appel",
    hint: draft
      ? "La fin de l'adresse de ses pages, par exemple « nantes-isolement-2026 » : lettres minuscules sans accent, chiffres et tirets. Elle ne change plus une fois l'appel publié."
      : "Un appel publié garde son adresse : des liens vers elle ont pu être partagés.",
    readOnly: !draft,
  },
  { name: "title", label: "Titre" },
  { name: "shortTitle", label: "Titre court", hint: "Affiché dans les onglets et les listes." },
  { name: "summary", label: "Introduction", kind: "textarea" },
  { name: "organiser", label: "Organisateur" },
  { name: "audience", label: "Qui peut candidater", kind: "textarea" },
];

const PARAMETER_COLUMNS: Column[] = [
  { name: "yearlyEnvelope", label: "Enveloppe par an (euros)", kind: "number" },
  { name: "minLaureates", label: "Nombre minimum de lauréats", kind: "number" },
  { name: "maxLaureates", label: "Nombre maximum de lauréats", kind: "number" },
  { name: "durationMonths", label: "Durée des projets (mois)", kind: "number" },
  {
    name: "fundingYears",
    label: "Nombre d'années de financement",
    kind: "number",
    hint: "La règle du budget divise le total par ce nombre.",
  },
  { name: "latestStart", label: "Démarrage au plus tard", kind: "date" },
  {
    name: "latestStartLabel",
    label: "Démarrage au plus tard, en toutes lettres",
    hint: "Par exemple « au plus tard au premier semestre 2026 ».",
  },
  { name: "fundingNote", label: "Modalités de versement", kind: "textarea" },
  { name: "minMembers", label: "Nombre minimum de membres d'un groupement", kind: "number" },
];

const WEIGHT_COLUMNS: Column[] = WEIGHT_FIELDS.map((field) => ({ name: field.name, label: field.label, kind: "number" }));

const EVENT_COLUMNS: Column[] = [
  { name: "kind", label: "Type d'étape", kind: "select", options: EVENT_KINDS },
  { name: "title", label: "Intitulé" },
  { name: "startDate", label: "Date de début", kind: "date" },
  {
    name: "startTime",
    label: "Heure de début (heure de Paris)",
    kind: "time",
    hint: "Obligatoire pour la date limite, par exemple 18:00.",
  },
  { name: "endDate", label: "Date de fin", kind: "date" },
  { name: "endTime", label: "Heure de fin (heure de Paris)", kind: "time" },
  { name: "precision", label: "Précision", kind: "select", options: EVENT_PRECISIONS },
  {
    name: "whenText",
    label: "Date en toutes lettres",
    hint: "Pour une date approximative, par exemple « courant octobre 2025 ».",
  },
];

const EXPENSE_COLUMNS: Column[] = [
  { name: "code", label: "Catégorie", kind: "select", options: BUDGET_CATEGORIES },
  { name: "label", label: "Libellé" },
  { name: "description", label: "Description", kind: "textarea" },
];
const DOCUMENT_COLUMNS: Column[] = [
  { name: "label", label: "Document" },
  { name: "description", label: "Description", kind: "textarea" },
  { name: "perMember", label: "Un par membre du groupement", kind: "checkbox" },
];
const PREREQUISITE_COLUMNS: Column[] = [{ name: "text", label: "Prérequis", kind: "textarea" }];
const FAQ_COLUMNS: Column[] = [
  { name: "question", label: "Question" },
  { name: "answer", label: "Réponse", kind: "textarea" },
];
const CRITERION_COLUMNS: Column[] = [
  { name: "code", label: "Code du critère", hint: "Lettres minuscules et tirets, par exemple « pertinence »." },
  { name: "label", label: "Critère" },
  { name: "description", label: "Description", kind: "textarea" },
  { name: "maxScore", label: "Note maximale", kind: "number", hint: "Chaque critère est noté de 0 à cette note." },
];

const LAUREATE_COLUMNS = (subAxes: readonly { code: string; label: string }[]): Column[] => [
  { name: "title", label: "Titre du projet" },
  { name: "leadName", label: "Structure chef de file", hint: "Son nom tel que le CCAS l'a annoncé." },
  { name: "subAxisCode", label: "Sous-axe", kind: "select", options: subAxes },
];

const SAVED: Record<string, string> = {
  general: "Les informations générales sont enregistrées.",
  laureates: "Les lauréats sont enregistrés.",
  parameters: "Les paramètres sont enregistrés.",
  weights: "Les points des suggestions sont enregistrés.",
  calendar: "Le calendrier est enregistré.",
  axes: "Les axes et sous-axes sont enregistrés.",
  expenses: "Les catégories de dépenses sont enregistrées.",
  documents: "Les documents à fournir sont enregistrés.",
  prerequisites: "Les prérequis sont enregistrés.",
  faqs: "La FAQ est enregistrée.",
  criteria: "Les critères de sélection sont enregistrés.",
};

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-titre`} id={id}>
      <h2 id={`${id}-titre`}>{title}</h2>
      {children}
    </section>
  );
}

export default function EditCallPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  // A form saved comes back from the database: its key changes with each navigation.
  const { key } = useLocation();
  const { admin, call } = loaded;
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const saved = searchParams.get("enregistre");
  const notice = (intent: string) => (saved === intent && !actionData ? <Notice>{SAVED[intent]}</Notice> : null);
  const common = { editable: admin };
  const laureatesSchema = useMemo(
    () => createCallLaureatesSchema(loaded.subAxisOptions.map((option) => option.code)),
    [loaded.subAxisOptions],
  );
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <p className="small">
        <Link to="/ccas/appels">Appels</Link> › {call.shortTitle}
      </p>
      <h1>{call.title}</h1>
      {call.publishedNotice ? <Notice>{call.publishedNotice}</Notice> : null}
      {searchParams.get("copie") ? (
        <Notice>
          Le nouvel appel est prêt, en brouillon : modifiez-le partie par partie, prévisualisez-le, puis publiez-le.
        </Notice>
      ) : null}
      <p>
        État : <strong>{CALL_STATUS_LABELS[call.status]}</strong>. Date limite : {call.deadline} (heure de Paris).
      </p>
      {call.draft ? (
        <p className="actions">
          <Link to={`/ccas/appels/${call.slug}/apercu`}>Prévisualiser les pages publiques</Link>
          {admin ? (
            <Link className="button" to={`/ccas/appels/${call.slug}/publier`}>
              Publier l'appel…
            </Link>
          ) : null}
        </p>
      ) : (
        <Notice tone="info" confirmation={false}>
          Cet appel est publié : chaque modification est visible aussitôt. Un sous-axe utilisé par des idées, des groupements ou
          des structures ne peut être ni supprimé ni recodé.
        </Notice>
      )}
      {admin ? null : <p>Vous pouvez consulter cet appel ; seuls les administrateurs du CCAS peuvent le modifier.</p>}
      {call.draft ? (
        <Section id="avant-publication" title="Avant de publier">
          <CallReadiness issues={loaded.issues} editPath={`/ccas/appels/${call.slug}`} level={3} />
        </Section>
      ) : null}

      <Section id="general" title="Informations générales">
        {notice("general")}
        <FieldsForm
          key={`general-${key}`}
          intent="general"
          legend="Informations générales"
          schema={CallGeneralSchema}
          defaultValue={loaded.general}
          columns={generalColumns(call.draft)}
          lastResult={resultFor("general")}
          {...common}
        />
      </Section>

      <Section id="axes" title="Axes et sous-axes">
        {notice("axes")}
        <AxesForm key={`axes-${key}`} axes={loaded.axes} subAxes={loaded.subAxes} lastResult={resultFor("axes")} {...common} />
      </Section>

      <Section id="calendar" title="Calendrier">
        {notice("calendar")}
        <ListForm
          key={`calendar-${key}`}
          intent="calendar"
          schema={CallEventsSchema}
          rows={loaded.events as Row[]}
          columns={EVENT_COLUMNS}
          itemLabel="Étape"
          lastResult={resultFor("calendar")}
          intro={
            call.resultsOut ? (
              <p>Les résultats de cet appel sont publiés : son calendrier ne peut plus changer.</p>
            ) : (
              <p>
                Les dates et heures sont celles de Paris. La date limite de dépôt est celle que le site applique aux groupements.
              </p>
            )
          }
          {...common}
          // Once the results are out the server refuses any change: the dates are shown, not offered.
          editable={admin && !call.resultsOut}
        />
      </Section>

      <Section id="parameters" title="Enveloppe, lauréats, durée">
        {notice("parameters")}
        <FieldsForm
          key={`parameters-${key}`}
          intent="parameters"
          legend="Enveloppe, lauréats, durée"
          schema={CallParametersSchema}
          defaultValue={loaded.parameters}
          columns={PARAMETER_COLUMNS}
          lastResult={resultFor("parameters")}
          {...common}
        />
      </Section>

      <Section id="expenses" title="Catégories de dépenses">
        {notice("expenses")}
        <ListForm
          key={`expenses-${key}`}
          intent="expenses"
          schema={CallExpensesSchema}
          rows={loaded.expenseCategories}
          columns={EXPENSE_COLUMNS}
          itemLabel="Catégorie"
          lastResult={resultFor("expenses")}
          {...common}
        />
      </Section>

      <Section id="documents" title="Documents à fournir">
        {notice("documents")}
        <ListForm
          key={`documents-${key}`}
          intent="documents"
          schema={CallDocumentsSchema}
          rows={loaded.documents}
          columns={DOCUMENT_COLUMNS}
          itemLabel="Document"
          lastResult={resultFor("documents")}
          {...common}
        />
      </Section>

      <Section id="prerequisites" title="Prérequis">
        {notice("prerequisites")}
        <ListForm
          key={`prerequisites-${key}`}
          intent="prerequisites"
          schema={CallPrerequisitesSchema}
          rows={loaded.prerequisites}
          columns={PREREQUISITE_COLUMNS}
          itemLabel="Prérequis"
          lastResult={resultFor("prerequisites")}
          {...common}
        />
      </Section>

      <Section id="faqs" title="Questions fréquentes">
        {notice("faqs")}
        <ListForm
          key={`faqs-${key}`}
          intent="faqs"
          schema={CallFaqsSchema}
          rows={loaded.faqs}
          columns={FAQ_COLUMNS}
          itemLabel="Question"
          lastResult={resultFor("faqs")}
          {...common}
        />
      </Section>

      <Section id="criteria" title="Critères de sélection">
        {notice("criteria")}
        <ListForm
          key={`criteria-${key}`}
          intent="criteria"
          schema={CallCriteriaSchema}
          rows={loaded.criteria}
          columns={CRITERION_COLUMNS}
          itemLabel="Critère"
          lastResult={resultFor("criteria")}
          intro={<p>Les critères sur lesquels l'équipe note les groupements déposés.</p>}
          {...common}
        />
      </Section>

      <Section id="laureates" title="Lauréats annoncés hors de la plateforme">
        {notice("laureates")}
        {call.mayEnterLaureates ? (
          <ListForm
            key={`laureates-${key}`}
            intent="laureates"
            schema={laureatesSchema}
            rows={loaded.laureates}
            columns={LAUREATE_COLUMNS(loaded.subAxisOptions)}
            itemLabel="Lauréat"
            lastResult={resultFor("laureates")}
            intro={
              <p>
                Les projets retenus par le CCAS hors de la plateforme, tels qu'il les a annoncés : la page d'accueil les présente
                avec les groupements retenus sur la plateforme, dès maintenant puisque l'appel est clos.
              </p>
            }
            {...common}
          />
        ) : (
          <p>
            Les lauréats d'un appel se saisissent ici une fois l'appel publié et sa date limite de dépôt passée. Les groupements
            retenus sur la plateforme s'y ajoutent d'eux-mêmes à la publication des résultats.
          </p>
        )}
      </Section>

      <Section id="weights" title="Points des suggestions de partenaires">
        {notice("weights")}
        <FieldsForm
          key={`weights-${key}`}
          intent="weights"
          legend="Points des suggestions de partenaires"
          schema={CallWeightsSchema}
          defaultValue={loaded.weights}
          columns={WEIGHT_COLUMNS}
          lastResult={resultFor("weights")}
          {...common}
        />
      </Section>
    </div>
  );
}
