// The CCAS's forms for a call's parts. A list is edited as rows: each row its fields, its position
// (the order the public pages follow) and a « Supprimer » box; a blank row at the end adds one.
// Plain forms: they work without JavaScript; with it, conform checks fields as they are left.
import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { $ZodType } from "zod/v4/core";
import { ErrorList, FormErrors, sectionAction, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { Options } from "~/components/options";
import { parseFormValues } from "~/utils/forms";

export type Row = Record<string, string | boolean | undefined>;
type Meta = FieldMetadata<string | boolean | undefined>;

export type Column = {
  name: string;
  label: string;
  kind?: "text" | "textarea" | "number" | "date" | "time" | "select" | "checkbox" | "hidden";
  options?: readonly { code: string; label: string }[];
  hint?: string;
  /** Shown and sent, not changed (a published call's address). */
  readOnly?: boolean;
};

function describedBy(meta: Meta, hintId?: string) {
  return [hintId, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
}

/** One control of a row (or of a simple form), labelled, with its errors tied to it. */
export function Control({ column, meta }: { column: Column; meta: Meta }) {
  const kind = column.kind ?? "text";
  if (kind === "hidden") {
    const props = getInputProps(meta, { type: "hidden" });
    return <input {...props} key={props.key} />;
  }
  const hintId = column.hint ? meta.descriptionId : undefined;
  const hint = column.hint ? (
    <p id={meta.descriptionId} className="hint">
      {column.hint}
    </p>
  ) : null;
  const errors = <ErrorList id={meta.errorId} errors={meta.errors} />;
  if (kind === "checkbox") {
    const props = getInputProps(meta, { type: "checkbox", ariaAttributes: true });
    return (
      <div className="field">
        <label className="checkbox">
          <input {...props} key={props.key} aria-describedby={describedBy(meta, hintId)} />
          {column.label}
        </label>
        {hint}
        {errors}
      </div>
    );
  }
  let control: ReactNode;
  if (kind === "textarea") {
    const props = getTextareaProps(meta, { ariaAttributes: true });
    control = <textarea {...props} key={props.key} rows={3} aria-describedby={describedBy(meta, hintId)} />;
  } else if (kind === "select") {
    const props = getSelectProps(meta, { ariaAttributes: true });
    control = (
      <select {...props} key={props.key} aria-describedby={describedBy(meta, hintId)}>
        <Options empty="Choisir…" options={column.options ?? []} />
      </select>
    );
  } else {
    const props = getInputProps(meta, { type: kind, ariaAttributes: true });
    control = <input {...props} key={props.key} readOnly={column.readOnly} aria-describedby={describedBy(meta, hintId)} />;
  }
  return (
    <div className="field">
      <label htmlFor={meta.id}>{column.label}</label>
      {hint}
      {control}
      {errors}
    </div>
  );
}

const POSITION: Column = { name: "position", label: "Position", kind: "number", hint: "L'ordre d'affichage : 1, 2, 3…" };
const REMOVE: Column = { name: "remove", label: "Supprimer", kind: "checkbox" };

/** Rows with their position, then blank rows to add. */
export function withPositions(rows: Row[], blanks = 1): Row[] {
  return [...rows.map((row, index) => ({ ...row, position: String(index + 1) })), ...Array.from({ length: blanks }, () => ({}))];
}

/** The rows of one list, each in its fieldset. */
export function RowsFieldset({
  rows,
  columns,
  itemLabel,
  existing,
}: {
  rows: FieldMetadata<Row>[];
  columns: readonly Column[];
  itemLabel: string;
  /** How many rows are already stored (the others are new). */
  existing: number;
}) {
  return (
    <>
      {rows.map((row, index) => {
        const fieldset = row.getFieldset() as Record<string, Meta>;
        const isNew = index >= existing;
        return (
          <fieldset key={row.key} className="stack edition-row">
            <legend>{isNew ? `Ajouter : ${itemLabel}` : `${itemLabel} ${index + 1}`}</legend>
            {columns.map((column) => (
              <Control key={column.name} column={column} meta={fieldset[column.name]!} />
            ))}
            <Control column={POSITION} meta={fieldset.position!} />
            {isNew ? null : <Control column={REMOVE} meta={fieldset.remove!} />}
          </fieldset>
        );
      })}
    </>
  );
}

/**
 * One list of the call (calendar, expense categories, documents, prerequisites, FAQ, criteria) as
 * one form whose intent names it.
 */

export function ListForm({
  intent,
  schema,
  rows,
  columns,
  itemLabel,
  lastResult,
  editable,
  submitLabel = "Enregistrer",
  blanks = 1,
  intro,
}: {
  intent: string;
  schema: $ZodType;
  rows: Row[];
  columns: readonly Column[];
  itemLabel: string;
  lastResult: SubmissionResult<string[]> | undefined;
  editable: boolean;
  submitLabel?: string;
  blanks?: number;
  intro?: ReactNode;
}) {
  const [form, fields] = useForm<{ items: Row[] }, unknown>({
    id: `form-${intent}`,
    defaultValue: { items: withPositions(rows, editable ? blanks : 0) },
    lastResult,
    ...VALIDATE_WHEN_SENT,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  return (
    <Form method="post" action={sectionAction(intent)} {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.items.errors ?? [])]} />
      {intro}
      <fieldset disabled={!editable} className="stack">
        <legend className="visually-hidden">{itemLabel}</legend>
        <RowsFieldset rows={fields.items.getFieldList()} columns={columns} itemLabel={itemLabel} existing={rows.length} />
      </fieldset>
      {editable ? (
        <div>
          <SubmitButton name="intent" value={intent} pendingText="Enregistrement…">
            {submitLabel}
          </SubmitButton>
        </div>
      ) : null}
    </Form>
  );
}

/** A form of single fields (general information, parameters, weights). */
export function FieldsForm({
  intent,
  schema,
  defaultValue,
  columns,
  lastResult,
  editable,
  legend,
}: {
  intent: string;
  legend: string;
  schema: $ZodType;
  defaultValue: Row;
  columns: readonly Column[];
  lastResult: SubmissionResult<string[]> | undefined;
  editable: boolean;
}) {
  const [form, fields] = useForm<Row, unknown>({
    id: `form-${intent}`,
    defaultValue,
    lastResult,
    ...VALIDATE_WHEN_SENT,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  return (
    <Form method="post" action={sectionAction(intent)} {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset disabled={!editable} className="stack">
        <legend className="visually-hidden">{legend}</legend>
        {columns.map((column) => (
          <Control key={column.name} column={column} meta={fields[column.name]!} />
        ))}
      </fieldset>
      {editable ? (
        <div>
          <SubmitButton name="intent" value={intent} pendingText="Enregistrement…">
            Enregistrer
          </SubmitButton>
        </div>
      ) : null}
    </Form>
  );
}
