import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { Field, sectionAction, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { localDay } from "~/domain/format";
import { SubmitSchema } from "~/domain/schemas/groupement-forms";
import { ActionMessage, resultFor } from "./action-message";
import type { WorkspaceActionData, WorkspaceGroupement } from "./types";
import { parseFormValues } from "~/utils/forms";

/**
 * For the lead, until the application is filed: the day it was handed to the CCAS, by the call's
 * deadline (Paris hour). Once the deadline has passed the form is gone and the page says why. A day
 * that does not exist is refused here and by the server with the same message, and stays in the field.
 */
export function FilingPanel({ actionData, filing }: { actionData: WorkspaceActionData; filing: WorkspaceGroupement["filing"] }) {
  return (
    <section aria-labelledby="depot" className="no-print">
      <h2 id="depot">Dépôt</h2>
      <ActionMessage actionData={actionData} prefix="submit" />
      {filing.closed ? (
        <p className="notice notice-warning" data-testid="filing-closed">
          {filing.closed}
        </p>
      ) : (
        <FilingForm actionData={actionData} deadline={filing.deadline} days={filing.days} />
      )}
    </section>
  );
}

function FilingForm({
  actionData,
  deadline,
  days,
}: {
  actionData: WorkspaceActionData;
  deadline: string;
  days: { min: string; max: string };
}) {
  const [form, fields] = useForm({
    id: "submit",
    lastResult: resultFor(actionData, "submit"),
    // Today in Paris: between midnight and 1 or 2 a.m. the UTC day was still yesterday.
    defaultValue: { date: localDay(new Date()) },
    constraint: getZodConstraint(SubmitSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: SubmitSchema }),
  });
  return (
    <Form method="post" action={sectionAction("depot")} {...getFormProps(form)} className="stack">
      <p className="small">Date limite de dépôt auprès du CCAS : {deadline} (heure de Paris).</p>
      <input type="hidden" name="intent" value="submit" />
      {/* The browser's picker offers only possible days; the server says why another is refused. */}
      <Field label="Date du dépôt auprès du CCAS" meta={fields.date} type="date" min={days.min} max={days.max} />
      <div>
        <SubmitButton className="button-secondary">Marquer le dossier « déposé »</SubmitButton>
      </div>
    </Form>
  );
}

/** The changes made after filing: who, when, what. */
export function ChangeLog({ changes }: { changes: WorkspaceGroupement["changes"] }) {
  if (changes.length === 0) return null;
  return (
    <section aria-labelledby="historique">
      <h2 id="historique">Historique des modifications</h2>
      <ul>
        {changes.map((change) => (
          <li key={change.id}>
            {change.when} — {change.who} : {change.summary}
          </li>
        ))}
      </ul>
    </section>
  );
}
