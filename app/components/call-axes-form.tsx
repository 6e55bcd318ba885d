// The axes and sub-axes of a call, in one form: a sub-axis belongs to the axis its code starts with
// ("2.4" is under axis "2"), so renaming an axis and its sub-axes is one save.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { RowsFieldset, withPositions, type Column, type Row } from "~/components/call-edition-forms";
import { FormErrors, sectionAction, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { CallAxesSchema } from "~/domain/schemas/call-edition";
import { parseFormValues } from "~/utils/forms";

const AXIS_COLUMNS: Column[] = [
  { name: "id", label: "", kind: "hidden" },
  { name: "code", label: "Code de l'axe", hint: "Un nombre : 1, 2, 3…" },
  { name: "title", label: "Titre de l'axe" },
  { name: "summary", label: "Description de l'axe", kind: "textarea" },
];

const SUB_AXIS_COLUMNS: Column[] = [
  { name: "id", label: "", kind: "hidden" },
  {
    name: "code",
    label: "Code du sous-axe",
    hint: "Le code de son axe, un point et un nombre : 2.4 est un sous-axe de l'axe 2.",
  },
  { name: "title", label: "Titre du sous-axe" },
  { name: "summary", label: "Description du sous-axe", kind: "textarea" },
  { name: "actions", label: "Exemples d'actions", kind: "textarea", hint: "Une action par ligne." },
];

export function AxesForm({
  axes,
  subAxes,
  lastResult,
  editable,
}: {
  axes: Row[];
  subAxes: Row[];
  lastResult: SubmissionResult<string[]> | undefined;
  editable: boolean;
}) {
  const [form, fields] = useForm<{ axes: Row[]; subAxes: Row[] }, unknown>({
    id: "form-axes",
    defaultValue: { axes: withPositions(axes, editable ? 1 : 0), subAxes: withPositions(subAxes, editable ? 2 : 0) },
    lastResult,
    ...VALIDATE_WHEN_SENT,
    constraint: getZodConstraint(CallAxesSchema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema: CallAxesSchema }),
  });
  return (
    <Form method="post" action={sectionAction("axes")} {...getFormProps(form)} className="stack">
      <FormErrors
        id={form.errorId}
        errors={[...(form.errors ?? []), ...(fields.axes.errors ?? []), ...(fields.subAxes.errors ?? [])]}
      />
      <fieldset disabled={!editable} className="stack">
        <legend>Axes</legend>
        <RowsFieldset rows={fields.axes.getFieldList()} columns={AXIS_COLUMNS} itemLabel="Axe" existing={axes.length} />
      </fieldset>
      <fieldset disabled={!editable} className="stack">
        <legend>Sous-axes</legend>
        <p className="hint">
          Les idées, groupements et structures choisissent des sous-axes. La position ordonne les sous-axes dans leur axe.
        </p>
        <RowsFieldset
          rows={fields.subAxes.getFieldList()}
          columns={SUB_AXIS_COLUMNS}
          itemLabel="Sous-axe"
          existing={subAxes.length}
        />
      </fieldset>
      {editable ? (
        <div>
          <SubmitButton name="intent" value="axes" pendingText="Enregistrement…">
            Enregistrer les axes et sous-axes
          </SubmitButton>
        </div>
      ) : null}
    </Form>
  );
}
