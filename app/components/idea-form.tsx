import { getFormProps, useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useMemo } from "react";
import type * as z from "~/utils/zod";
import {
  CheckboxesField,
  CheckboxField,
  Field,
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  VALIDATE_WHEN_SENT,
} from "~/components/forms";
import { IDEA_STAGES, ideaFormSchema, ISOLATION_AND_PRECARITY_REASON, SUMMARY_MAX, TARGET_TAGS } from "~/domain/schemas/idea";
import { localDay } from "~/domain/format";
import { QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { parseFormValues } from "~/utils/forms";

type Schema = ReturnType<typeof ideaFormSchema>;
export type IdeaFormValue = DefaultValue<z.input<Schema>>;

export function IdeaForm({
  subAxes,
  defaultValue,
  lastResult,
  submitLabel,
  stages = IDEA_STAGES,
  stageKept,
}: {
  subAxes: { code: string; label: string }[];
  defaultValue?: IdeaFormValue;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
  /** The stages the structure may choose (app/domain/idea-stage.ts). */
  stages?: readonly { code: string; label: string }[];
  /**
   * The stage sent as it is, not chosen here: a published idea's page moves it with a form of its
   * own (two « Étape » lists on one page, each sent alone, said two things).
   */
  stageKept?: string;
}) {
  // The date the idea already has is kept even if past (ideaFormSchema); the picker offers today on.
  const kept = typeof defaultValue?.expectedStart === "string" ? defaultValue.expectedStart : undefined;
  const today = localDay(new Date());
  const schema = useMemo(
    () =>
      ideaFormSchema(
        subAxes.map((subAxis) => subAxis.code),
        kept,
        today,
      ),
    [subAxes, kept, today],
  );
  const [form, fields] = useForm<z.input<Schema>>({
    id: "idea",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      <Field label="Titre du projet" meta={fields.title} />
      <TextareaField
        label="Résumé"
        meta={fields.summary}
        hint={`En deux ou trois phrases, ${SUMMARY_MAX} caractères au maximum.`}
        rows={3}
      />
      <TextareaField
        label="Description"
        meta={fields.description}
        rows={8}
        hint="Le besoin, ce que vous voulez faire, avec qui, et ce qui vous manque."
      />
      <CheckboxesField legend="Sous-axes de l'appel" meta={fields.subAxes} options={subAxes} hint="Au moins un." />
      <fieldset className="field">
        <legend>Isolement et précarité</legend>
        <p className="hint">{`${ISOLATION_AND_PRECARITY_REASON} Sans les deux cases cochées, l'idée est enregistrée comme brouillon, quelle que soit l'étape choisie.`}</p>
        <CheckboxField label="Le projet agit sur l'isolement social" meta={fields.addressesIsolation} />
        <CheckboxField label="Le projet agit sur la précarité" meta={fields.addressesPrecarity} />
      </fieldset>
      <TextareaField label="Public visé" meta={fields.targetPublic} rows={3} />
      <CheckboxesField legend="Publics concernés" meta={fields.tags} options={TARGET_TAGS} />
      <CheckboxField label="Le projet concerne toute la ville" meta={fields.wholeCity} />
      <CheckboxesField
        legend="Quartiers visés"
        meta={fields.quartiers}
        options={QUARTIERS}
        hint="Inutile si le projet concerne toute la ville."
      />
      <CheckboxesField legend="Secteurs des partenaires recherchés" meta={fields.sectorsSought} options={SECTORS} />
      <CheckboxesField legend="Ressources recherchées" meta={fields.resourcesSought} options={RESOURCES} />
      <Field label="Démarrage envisagé (facultatif)" meta={fields.expectedStart} type="date" min={today} />
      {stageKept === undefined ? (
        <SelectField
          label="Étape"
          meta={fields.stage}
          options={stages}
          placeholder="Choisir…"
          hint="« Brouillon » garde l'idée pour vous ; les autres étapes l'envoient au CCAS."
        />
      ) : (
        <input type="hidden" name={fields.stage.name} value={stageKept} />
      )}
      <div>
        <SubmitButton pendingText="Enregistrement…">{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
