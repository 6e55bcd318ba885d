// What the CCAS's review shows the groupement: its questions to the lead (answered here, by the
// lead), and its decision once the call's results are published. Never its notes nor its scores.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { Notice, sectionAction, SubmitButton, TextareaField, VALIDATE_WHEN_SENT } from "~/components/forms";
import { AnswerSchema } from "~/domain/schemas/review";
import { ActionMessage, resultFor } from "./action-message";
import type { WorkspaceActionData, WorkspaceData } from "./types";
import { parseFormValues } from "~/utils/forms";

/** The decision, once published: the label and the CCAS's message. */
export function DecisionNotice({ decision }: { decision: WorkspaceData["decision"] }) {
  if (!decision) return null;
  return (
    <section aria-labelledby="decision-ccas" className="card" data-testid="decision">
      <h2 id="decision-ccas">Décision du CCAS : {decision.label}</h2>
      <p className="small">Résultats publiés le {decision.publishedOn}.</p>
      <p style={{ whiteSpace: "pre-line" }}>{decision.message}</p>
    </section>
  );
}

/** The CCAS's questions: the lead answers each open one; the other members read them. */
export function CcasQuestions({
  questions,
  lead,
  actionData,
}: {
  questions: WorkspaceData["questions"];
  lead: boolean;
  actionData: WorkspaceActionData;
}) {
  if (questions.length === 0) return null;
  return (
    <section aria-labelledby="questions-ccas">
      <h2 id="questions-ccas">Questions du CCAS</h2>
      <ActionMessage actionData={actionData} prefix="answer-question" />
      <ul>
        {questions.map((question) => (
          <li key={question.id}>
            <p className="small">Question du CCAS, le {question.askedOn}</p>
            <p style={{ whiteSpace: "pre-line" }}>{question.question}</p>
            {question.answer ? (
              <>
                <p className="small">Réponse de {question.answered}</p>
                <p style={{ whiteSpace: "pre-line" }}>{question.answer}</p>
              </>
            ) : lead ? (
              <AnswerForm questionId={question.id} actionData={actionData} />
            ) : (
              <Notice tone="info" confirmation={false}>
                En attente de la réponse du chef de file.
              </Notice>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AnswerForm({ questionId, actionData }: { questionId: string; actionData: WorkspaceActionData }) {
  const result = resultFor(actionData, "answer-question");
  const [form, fields] = useForm({
    id: `answer-${questionId}`,
    // Only the form of the question answered gets the result back (its errors, or its reset).
    lastResult: result?.initialValue?.questionId === questionId ? result : undefined,
    constraint: getZodConstraint(AnswerSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: AnswerSchema }),
  });
  return (
    <Form method="post" action={sectionAction("questions-ccas")} {...getFormProps(form)} className="stack no-print">
      <input type="hidden" name="intent" value="answer-question" />
      <input type="hidden" name="questionId" value={questionId} />
      <TextareaField label="Votre réponse" meta={fields.answer} rows={3} />
      <div>
        <SubmitButton className="button-secondary">Répondre au CCAS</SubmitButton>
      </div>
    </Form>
  );
}
