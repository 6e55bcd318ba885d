import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { ScrollableTable } from "~/components/table-wrap";
import { Field, FormErrors, Notice, SelectField, SubmitButton, TextareaField, VALIDATE_WHEN_SENT } from "~/components/forms";
import { EligibilityPanel } from "~/components/groupement/eligibility-panel";
import { BudgetPanel, ProjectPanel } from "~/components/groupement/project-panel";
import { formatDateTime, formatDay, formatDecimal, formatEuros } from "~/domain/format";
import {
  AssignSchema,
  createScoresSchema,
  DecisionSchema,
  decisionLabel,
  DECISIONS,
  NoteSchema,
  QuestionSchema,
  scoreField,
} from "~/domain/schemas/review";
import { COMMITMENTS, KINDS, labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getCallSubAxes, splitCodes, toGroupement } from "~/models/groupement.server";
import {
  addNote,
  askQuestion,
  getCallCriteria,
  getReview,
  recordDecision,
  ReviewRefused,
  saveScores,
  setReviewer,
} from "~/models/review.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb, type Db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { absoluteUrl } from "~/utils/url.server";
import { parseFormValues } from "~/utils/forms";
import { subAxisOption } from "~/domain/call";

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, matches, params }) =>
  pageMeta({
    title: loaderData ? `Relecture : ${loaderData.groupement.title}` : "Relecture d'un groupement",
    description: "La relecture d'un groupement par le CCAS : relecteurs, notes privées, notation, questions, décision.",
    path: `/ccas/groupements/${params.id ?? ""}`,
    matches,
  });

/** What an action did, as the address it sends back to says it (`?fait=`): its form and its words. */
const DONE = {
  designe: { intent: "assign", section: "relecteurs", notice: (name: string) => `${name} relit ce groupement.` },
  retire: { intent: "assign", section: "relecteurs", notice: (name: string) => `${name} ne relit plus ce groupement.` },
  note: { intent: "note", section: "notes", notice: () => "Note enregistrée." },
  notation: { intent: "scores", section: "notation", notice: () => "Vos notes sont enregistrées." },
  question: {
    intent: "question",
    section: "questions",
    notice: () =>
      "Question envoyée : les administrateurs du chef de file sont prévenus et répondent depuis l'espace du groupement.",
  },
  "question-enregistree": {
    intent: "question",
    section: "questions",
    notice: () =>
      "Question enregistrée : la structure chef de file n'a aucun administrateur à prévenir ; elle la verra dans l'espace du groupement.",
  },
  decision: {
    intent: "decision",
    section: "decision-titre",
    notice: () => "Décision enregistrée. Le groupement ne la verra qu'à la publication des résultats.",
  },
} as const;
type Done = keyof typeof DONE;

async function doneNotice(db: Db, params: URLSearchParams) {
  const what = params.get("fait") ?? "";
  if (!Object.hasOwn(DONE, what)) return null;
  const done = DONE[what as Done];
  const who = params.get("qui");
  const name = who ? ((await db.user.findUnique({ where: { id: who }, select: { name: true } }))?.name ?? "") : "";
  if (done.intent === "assign" && !name) return null;
  return { intent: done.intent, notice: done.notice(name) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  const review = await getReview(db, params.id ?? "");
  if (!review) throw new Response("Groupement introuvable", { status: 404 });
  const { groupement, call, criteria } = review;
  const subAxes = await getCallSubAxes(db, groupement.callId);
  const { project, budget } = toGroupement(groupement);
  const assigned = review.reviewers.some((reviewer) => reviewer.userId === user.id);
  const mine = review.scoreSheets.find((sheet) => sheet.reviewerId === user.id)?.scores ?? {};
  const done = await doneNotice(db, new URL(request.url).searchParams);
  return {
    done,
    admin: isCcasAdmin(user),
    me: user.id,
    groupement: {
      id: groupement.id,
      title: groupement.title,
      leadName: groupement.members.find((member) => member.isLead && member.status === "active")?.organisation.name ?? "—",
      submittedOn: groupement.submittedAt ? formatDay(groupement.submittedAt) : null,
      project,
      budget,
    },
    call: {
      slug: call.slug,
      title: call.title,
      resultsPublishedAt: call.resultsPublishedAt ? formatDay(call.resultsPublishedAt) : null,
    },
    subAxes: subAxes.map(subAxisOption),
    subAxisCodes: review.callParameters.subAxes,
    assessment: review.assessment,
    members: groupement.members
      .filter((member) => member.status === "active")
      .map((member) => ({
        organisationId: member.organisationId,
        name: member.organisation.name,
        slug: member.organisation.slug,
        isLead: member.isLead,
        sector: labelOf(SECTORS, member.organisation.sector),
        kind: labelOf(KINDS, member.organisation.kind),
        role: member.role,
        resources: splitCodes(member.resources)
          .map((code) => labelOf(RESOURCES, code))
          .join(", "),
        subsidyShare: formatEuros(member.subsidyShare),
        commitment: member.commitment ? labelOf(COMMITMENTS, member.commitment) : "—",
        confirmed: member.confirmedAt !== null,
      })),
    staff: review.staff.map((person) => ({
      code: person.id,
      label: `${person.name} (${person.email})${person.ccasRole === "ccas-admin" ? " — administrateur" : ""}`,
    })),
    reviewers: review.reviewers.map((reviewer) => ({
      userId: reviewer.userId,
      name: reviewer.name,
      assigned: `désigné par ${reviewer.assignedBy} le ${formatDay(reviewer.assignedAt)}`,
    })),
    assigned,
    criteria: criteria.map((criterion) => ({
      id: criterion.id,
      code: criterion.code,
      label: criterion.label,
      description: criterion.description,
      maxScore: criterion.maxScore,
    })),
    scoreSheets: review.scoreSheets,
    myScores: Object.fromEntries(criteria.map((criterion) => [scoreField(criterion), mine[criterion.code]?.toString() ?? ""])),
    averages: {
      perCriterion: review.averages.perCriterion.map((item) => (item.average === null ? "—" : formatDecimal(item.average))),
      total: review.averages.total === null ? "—" : formatDecimal(review.averages.total),
      maxTotal: review.averages.maxTotal,
    },
    notes: review.notes.map((note) => ({
      id: note.id,
      author: note.author,
      body: note.body,
      when: formatDateTime(note.createdAt),
    })),
    questions: review.questions.map((question) => ({
      id: question.id,
      question: question.question,
      asked: `${question.askedBy}, le ${formatDateTime(question.askedAt)}`,
      answer: question.answer,
      answered: question.answeredAt ? `${question.answeredBy}, le ${formatDateTime(question.answeredAt)}` : null,
    })),
    decision: {
      code: review.decision.code,
      label: review.decision.code ? decisionLabel(review.decision.code) : null,
      message: review.decision.message,
      decided:
        review.decision.decidedAt && review.decision.decidedBy
          ? `${review.decision.decidedBy}, le ${formatDateTime(review.decision.decidedAt)}`
          : null,
      sentOn: review.decision.sentAt ? formatDateTime(review.decision.sentAt) : null,
    },
  };
}

type ActionData = { intent: string; error?: string; result?: SubmissionResult<string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  const id = params.id ?? "";
  const exists = await db.groupement.findUnique({ where: { id }, select: { callId: true } });
  if (!exists) throw new Response("Groupement introuvable", { status: 404 });
  const reply = (payload: ActionData, status = 400) => data<ActionData>(payload, { status });
  // Done: back to the page by a GET, at the form's section, which says what was done (without
  // JavaScript, a reload would send the form again, and the page would open at its top).
  const done = (what: Done, extra: Record<string, string> = {}) =>
    redirect(`/ccas/groupements/${id}?${new URLSearchParams({ fait: what, ...extra })}#${DONE[what].section}`);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  try {
    switch (intent) {
      case "assign":
      case "unassign": {
        const submission = parseForm(formData, { schema: AssignSchema });
        if (submission.status !== "success") return reply({ intent: "assign", result: submission.reply() }, 400);
        await setReviewer(db, user, id, submission.value.userId, intent === "assign");
        return done(intent === "assign" ? "designe" : "retire", { qui: submission.value.userId });
      }
      case "note": {
        const submission = parseForm(formData, { schema: NoteSchema });
        if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
        await addNote(db, user, id, submission.value.body);
        return done("note");
      }
      case "scores": {
        const criteria = await getCallCriteria(db, exists.callId);
        if (criteria.length === 0)
          return reply({ intent, error: "L'appel n'a pas de critères de sélection : rien à noter." }, 400);
        const submission = parseForm(formData, { schema: createScoresSchema(criteria) });
        if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
        const values = submission.value as Record<string, unknown>;
        await saveScores(
          db,
          user,
          id,
          criteria.map((criterion) => ({ code: criterion.code, score: Number(values[scoreField(criterion)]) })),
        );
        return done("notation");
      }
      case "question": {
        const submission = parseForm(formData, { schema: QuestionSchema });
        if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
        const { told } = await askQuestion(
          db,
          user,
          id,
          submission.value.question,
          absoluteUrl(`/groupements/${id}#questions-ccas`),
          sendMail,
        );
        return done(told > 0 ? "question" : "question-enregistree");
      }
      case "decision": {
        if (!isCcasAdmin(user))
          throw new Response("Seuls les administrateurs du CCAS enregistrent une décision", { status: 403 });
        const submission = parseForm(formData, { schema: DecisionSchema });
        if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
        await recordDecision(db, user, id, submission.value);
        return done("decision");
      }
      default:
        return reply({ intent, error: "Action inconnue." }, 400);
    }
  } catch (error) {
    if (error instanceof ReviewRefused)
      return reply({ intent: intent === "unassign" ? "assign" : intent, error: error.message }, 400);
    throw error;
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type PageAction = ReturnType<typeof useActionData<typeof action>>;

/**
 * A section's forms post to the page at the section: without JavaScript the answer (its errors, or
 * what was saved) comes back where the form is, not at the page's top, some thousands of pixels up.
 */
const sectionAction = (page: PageData, anchor: string) => `/ccas/groupements/${page.groupement.id}#${anchor}`;

/** What was just done (from the address the action sent back to), or the error of the form just sent. */
function Message({ page, actionData, intent }: { page: PageData; actionData: PageAction; intent: string }) {
  if (actionData?.intent === intent) return <FormErrors errors={actionData.error ? [actionData.error] : undefined} />;
  if (!actionData && page.done?.intent === intent) return <Notice>{page.done.notice}</Notice>;
  return null;
}

const resultFor = (actionData: PageAction, intent: string) => (actionData?.intent === intent ? actionData.result : undefined);

export default function GroupementReview() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { key } = useLocation();
  const { groupement } = page;
  const noop = () => {};
  return (
    <div className="container page">
      <CcasNav admin={page.admin} />
      <p className="small">
        <Link to="/ccas/groupements">Groupements de l'appel</Link> › Relecture
      </p>
      <h1>{groupement.title}</h1>
      <p className="lead">
        {page.call.title} — chef de file : {groupement.leadName}
      </p>
      {groupement.submittedOn ? (
        <Notice tone="info">Dossier déposé le {groupement.submittedOn}.</Notice>
      ) : (
        <Notice tone="warning">
          Dossier pas encore déposé : vous pouvez le lire, le confier à un relecteur et poser une question, mais ni le noter ni
          décider.
        </Notice>
      )}
      <p className="actions">
        <Link to={`/groupements/${groupement.id}`}>Espace du groupement (lecture seule)</Link>
        <a href={`/groupements/${groupement.id}/dossier.pdf`} className="button-secondary">
          Dossier PDF
        </a>
        <a href={`/groupements/${groupement.id}/dossier.docx`} className="button-secondary">
          Dossier Word (DOCX)
        </a>
      </p>

      {/* Each navigation (a form saved comes back by a redirect) starts the forms again from the page's data. */}
      <DecisionSection key={`decision-${key}`} page={page} actionData={actionData} />
      <EligibilityPanel assessment={page.assessment} preview={false} />
      <ReviewersSection key={`reviewers-${key}`} page={page} actionData={actionData} />
      <ScoresSection key={`scores-${key}`} page={page} actionData={actionData} />
      <NotesSection key={`notes-${key}`} page={page} actionData={actionData} />
      <QuestionsSection key={`questions-${key}`} page={page} actionData={actionData} />

      <ProjectPanel
        project={groupement.project}
        subAxes={page.subAxes}
        subAxisCodes={page.subAxisCodes}
        lead={false}
        actionData={undefined}
        onChange={noop}
        liveVerdict=""
      />
      <BudgetPanel budget={groupement.budget} lead={false} actionData={undefined} onChange={noop} liveVerdict="" />
      <section aria-labelledby="membres">
        <h2 id="membres">Membres ({page.members.length})</h2>
        <ScrollableTable caption="Membres du groupement et leurs contributions" hiddenCaption>
          <thead>
            <tr>
              <th scope="col">Structure</th>
              <th scope="col">Secteur et nature</th>
              <th scope="col">Rôle et ressources</th>
              <th scope="col">Engagement</th>
              <th scope="col" className="num">
                Part de la subvention
              </th>
            </tr>
          </thead>
          <tbody>
            {page.members.map((member) => (
              <tr key={member.organisationId}>
                <th scope="row">
                  <Link to={`/organisations/${member.slug}`}>{member.name}</Link>
                  {member.isLead ? " (chef de file)" : ""}
                </th>
                <td>
                  {member.sector} · {member.kind}
                </td>
                <td>
                  {member.role || "Rôle non précisé"}
                  {member.resources ? ` — ${member.resources}` : ""}
                </td>
                <td>
                  {member.commitment}
                  {member.confirmed ? "" : " (contribution non confirmée)"}
                </td>
                <td className="num">{member.subsidyShare}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      </section>
    </div>
  );
}

type SectionProps = { page: PageData; actionData: PageAction };

function ReviewersSection({ page, actionData }: SectionProps) {
  const assignedIds = new Set(page.reviewers.map((reviewer) => reviewer.userId));
  const [form, fields] = useForm({
    id: "assign",
    lastResult: resultFor(actionData, "assign"),
    constraint: getZodConstraint(AssignSchema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema: AssignSchema }),
  });
  return (
    <section aria-labelledby="relecteurs">
      <h2 id="relecteurs">Relecteurs</h2>
      <Message page={page} actionData={actionData} intent="assign" />
      {page.reviewers.length === 0 ? <p>Personne ne relit encore ce groupement.</p> : null}
      <ul>
        {page.reviewers.map((reviewer) => (
          <li key={reviewer.userId}>
            <Form method="post" action={sectionAction(page, "relecteurs")} className="inline-form">
              {reviewer.name} ({reviewer.assigned}) <input type="hidden" name="userId" value={reviewer.userId} />
              <SubmitButton name="intent" value="unassign" className="button-secondary">
                Retirer {reviewer.userId === page.me ? "ma désignation" : reviewer.name}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
      {!assignedIds.has(page.me) ? (
        <Form method="post" action={sectionAction(page, "relecteurs")}>
          <input type="hidden" name="userId" value={page.me} />
          <SubmitButton name="intent" value="assign" className="button-secondary">
            Me désigner comme relecteur
          </SubmitButton>
        </Form>
      ) : null}
      <Form method="post" action={sectionAction(page, "relecteurs")} {...getFormProps(form)} className="inline-form">
        <SelectField
          label="Confier la relecture à"
          meta={fields.userId}
          options={page.staff.filter((person) => !assignedIds.has(person.code))}
          placeholder="Choisir un membre de l'équipe…"
        />
        <SubmitButton name="intent" value="assign" className="button-secondary">
          Désigner
        </SubmitButton>
      </Form>
    </section>
  );
}

function ScoresSection({ page, actionData }: SectionProps) {
  const { criteria } = page;
  const schema = createScoresSchema(criteria);
  const [form, fields] = useForm({
    id: "scores",
    lastResult: resultFor(actionData, "scores"),
    defaultValue: page.myScores,
    constraint: getZodConstraint(schema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  const fieldFor = (criterion: (typeof criteria)[number]) =>
    (fields as unknown as Record<string, Parameters<typeof Field>[0]["meta"]>)[scoreField(criterion)]!;
  return (
    <section aria-labelledby="notation">
      <h2 id="notation">Notation</h2>
      <Message page={page} actionData={actionData} intent="scores" />
      {criteria.length === 0 ? (
        <p>L'appel n'a pas encore de critères de sélection : la notation s'ouvrira quand ils seront saisis.</p>
      ) : (
        <>
          <ScrollableTable caption="Notes par relecteur et moyenne">
            <thead>
              <tr>
                <th scope="col">Critère</th>
                {page.scoreSheets.map((sheet) => (
                  <th scope="col" key={sheet.reviewerId} className="num">
                    {sheet.name}
                  </th>
                ))}
                <th scope="col" className="num">
                  Moyenne
                </th>
              </tr>
            </thead>
            <tbody>
              {criteria.map((criterion, index) => (
                <tr key={criterion.code}>
                  <th scope="row">
                    {criterion.label} (sur {criterion.maxScore})
                  </th>
                  {page.scoreSheets.map((sheet) => (
                    <td key={sheet.reviewerId} className="num">
                      {sheet.scores[criterion.code] ?? "—"}
                    </td>
                  ))}
                  <td className="num">{page.averages.perCriterion[index]}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Total (sur {page.averages.maxTotal})</th>
                {page.scoreSheets.map((sheet) => (
                  <td key={sheet.reviewerId} className="num">
                    {criteria.every((criterion) => sheet.scores[criterion.code] !== undefined)
                      ? criteria.reduce((sum, criterion) => sum + sheet.scores[criterion.code]!, 0)
                      : "—"}
                  </td>
                ))}
                <td className="num">{page.averages.total}</td>
              </tr>
            </tbody>
          </ScrollableTable>
          {!page.groupement.submittedOn ? (
            <p>La notation s'ouvrira quand le dossier sera déposé.</p>
          ) : !page.assigned ? (
            <p>Pour noter ce groupement, désignez-vous d'abord comme relecteur.</p>
          ) : (
            <Form method="post" action={sectionAction(page, "notation")} {...getFormProps(form)} className="stack">
              <input type="hidden" name="intent" value="scores" />
              {criteria.map((criterion) => (
                <Field
                  key={criterion.id}
                  label={`${criterion.label} (0 à ${criterion.maxScore})`}
                  hint={criterion.description || undefined}
                  meta={fieldFor(criterion)}
                  type="number"
                  inputMode="numeric"
                  min="0"
                  max={String(criterion.maxScore)}
                />
              ))}
              <div>
                <SubmitButton pendingText="Enregistrement…">Enregistrer mes notes</SubmitButton>
              </div>
            </Form>
          )}
        </>
      )}
    </section>
  );
}

function NotesSection({ page, actionData }: SectionProps) {
  const [form, fields] = useForm({
    id: "note",
    lastResult: resultFor(actionData, "note"),
    constraint: getZodConstraint(NoteSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: NoteSchema }),
  });
  return (
    <section aria-labelledby="notes">
      <h2 id="notes">Notes privées</h2>
      <p className="small">Visibles de l'équipe du CCAS seulement : jamais du groupement, ni dans ses exports.</p>
      <Message page={page} actionData={actionData} intent="note" />
      {page.notes.length === 0 ? <p>Aucune note.</p> : null}
      <ul>
        {page.notes.map((note) => (
          <li key={note.id}>
            <p className="small">
              {note.author}, le {note.when}
            </p>
            <p style={{ whiteSpace: "pre-line" }}>{note.body}</p>
          </li>
        ))}
      </ul>
      <Form method="post" action={sectionAction(page, "notes")} {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="note" />
        <TextareaField label="Nouvelle note" meta={fields.body} rows={3} />
        <div>
          <SubmitButton className="button-secondary">Ajouter la note</SubmitButton>
        </div>
      </Form>
    </section>
  );
}

function QuestionsSection({ page, actionData }: SectionProps) {
  const [form, fields] = useForm({
    id: "question",
    lastResult: resultFor(actionData, "question"),
    constraint: getZodConstraint(QuestionSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: QuestionSchema }),
  });
  return (
    <section aria-labelledby="questions">
      <h2 id="questions">Questions au chef de file</h2>
      <p className="small">
        Le groupement voit vos questions dans son espace ; les administrateurs de la structure chef de file en sont prévenus et y
        répondent.
      </p>
      <Message page={page} actionData={actionData} intent="question" />
      {page.questions.length === 0 ? <p>Aucune question posée.</p> : null}
      <ul>
        {page.questions.map((question) => (
          <li key={question.id}>
            <p className="small">Question de {question.asked}</p>
            <p style={{ whiteSpace: "pre-line" }}>{question.question}</p>
            {question.answer ? (
              <>
                <p className="small">Réponse de {question.answered}</p>
                <p style={{ whiteSpace: "pre-line" }}>{question.answer}</p>
              </>
            ) : (
              <p className="small">En attente de réponse.</p>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" action={sectionAction(page, "questions")} {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="question" />
        <TextareaField label="Nouvelle question" meta={fields.question} rows={3} />
        <div>
          <SubmitButton className="button-secondary">Envoyer la question</SubmitButton>
        </div>
      </Form>
    </section>
  );
}

function DecisionSection({ page, actionData }: SectionProps) {
  const { decision } = page;
  const [form, fields] = useForm({
    id: "decision",
    lastResult: resultFor(actionData, "decision"),
    defaultValue: { decision: decision.code ?? "", decisionMessage: decision.message },
    constraint: getZodConstraint(DecisionSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: DecisionSchema }),
  });
  const canDecide = page.admin && page.groupement.submittedOn !== null && page.call.resultsPublishedAt === null;
  return (
    <section aria-labelledby="decision-titre" className="card">
      <h2 id="decision-titre">Décision</h2>
      <Message page={page} actionData={actionData} intent="decision" />
      {decision.label ? (
        <>
          <p>
            <strong>{decision.label}</strong> — enregistrée par {decision.decided}.{" "}
            {page.call.resultsPublishedAt
              ? `Résultats publiés le ${page.call.resultsPublishedAt} : le groupement la voit.`
              : "Le groupement ne la verra qu'à la publication des résultats."}
            {decision.sentOn ? ` Envoyée par e-mail au chef de file le ${decision.sentOn}.` : ""}
          </p>
          <p style={{ whiteSpace: "pre-line" }}>{decision.message}</p>
        </>
      ) : (
        <p>Pas encore de décision.</p>
      )}
      {canDecide ? (
        <Form method="post" action={sectionAction(page, "decision-titre")} {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="decision" />
          <SelectField label="Décision" meta={fields.decision} options={DECISIONS} />
          <TextareaField
            label="Message au chef de file"
            hint="Envoyé avec la décision à la publication des résultats."
            meta={fields.decisionMessage}
            rows={4}
          />
          <div>
            <SubmitButton>{decision.label ? "Modifier la décision" : "Enregistrer la décision"}</SubmitButton>
          </div>
        </Form>
      ) : !page.admin ? (
        <p className="small">Les décisions sont enregistrées par les administrateurs du CCAS.</p>
      ) : null}
    </section>
  );
}
