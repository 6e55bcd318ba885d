import { getFormProps, useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type * as z from "~/utils/zod";
import { PointField } from "~/components/point-field";
import {
  CheckboxesField,
  Field,
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  VALIDATE_WHEN_SENT,
} from "~/components/forms";
import { OFFER_CONDITIONS, OFFER_SLOTS, OfferSchema } from "~/domain/schemas/offer";
import { RESOURCES } from "~/domain/taxonomy";
import { parseFormValues } from "~/utils/forms";

export type OfferFormValue = DefaultValue<z.input<typeof OfferSchema>>;

export function OfferForm({
  defaultValue,
  lastResult,
  submitLabel,
}: {
  defaultValue?: OfferFormValue;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const [form, fields] = useForm<z.input<typeof OfferSchema>>({
    id: "offer",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(OfferSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: OfferSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      <SelectField label="Type de ressource" meta={fields.resource} options={RESOURCES} />
      <Field
        label="Titre"
        meta={fields.title}
        hint="Par exemple : « Salle de réunion le samedi matin » ou « Deux jours de salariés par mois »."
      />
      <TextareaField
        label="Description"
        meta={fields.description}
        hint="Ce que vous proposez, pour qui, et comment en profiter."
      />
      <TextareaField
        label="Disponibilités"
        meta={fields.availability}
        rows={3}
        hint="Par exemple : le samedi de 9 h à 12 h, hors vacances scolaires."
      />
      <CheckboxesField
        legend="Créneaux"
        meta={fields.slots}
        options={OFFER_SLOTS}
        hint="L'appel s'intéresse particulièrement aux soirées, aux nuits et aux week-ends."
      />
      <Field label="Capacité (facultatif)" meta={fields.capacity} hint="Par exemple : 40 m², 20 personnes, 14 heures par mois." />
      <SelectField label="Conditions" meta={fields.conditions} options={OFFER_CONDITIONS} />
      <fieldset className="field">
        <legend>Lieu (facultatif)</legend>
        <PointField
          latitude={fields.latitude}
          longitude={fields.longitude}
          quartier={{ meta: fields.quartier, label: "Quartier" }}
          placeName="le lieu de l'offre"
        />
      </fieldset>
      <Field label="Valable à partir du (facultatif)" meta={fields.validFrom} type="date" />
      <Field label="Valable jusqu'au (facultatif)" meta={fields.validUntil} type="date" />
      <div>
        <SubmitButton pendingText="Enregistrement…">{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
