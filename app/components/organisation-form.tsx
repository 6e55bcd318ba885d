import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
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
import { createOrganisationSchema, SHORT_DESCRIPTION_MAX, type OrganisationInput } from "~/domain/schemas/organisation";
import { KINDS, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { PointField } from "~/components/point-field";
import { parseFormValues } from "~/utils/forms";

export type SubAxisOption = { code: string; label: string };

export function OrganisationForm({
  id,
  subAxes,
  defaultValue,
  lastResult,
  submitLabel,
  submitHint,
  numbersAnswer,
}: {
  id: string;
  subAxes: SubAxisOption[];
  defaultValue?: Partial<OrganisationInput>;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
  /** What the button does in some cases, said under it. */
  submitHint?: string;
  /**
   * What the SIRET and RNA number typed meet (another structure's), shown right under them: the
   * form brings the focus to the number, and the next Tab stops reach its links.
   */
  numbersAnswer?: ReactNode;
}) {
  const schema = useMemo(() => createOrganisationSchema(subAxes.map((subAxis) => subAxis.code)), [subAxes]);
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: defaultValue
      ? {
          ...defaultValue,
          latitude: defaultValue.latitude?.toString(),
          longitude: defaultValue.longitude?.toString(),
          wholeCity: defaultValue.wholeCity ? "on" : undefined,
        }
      : undefined,
    constraint: getZodConstraint(schema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });

  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      <Field label="Nom de la structure" meta={fields.name} autoComplete="organization" />
      <TextareaField
        label="Présentation courte"
        meta={fields.shortDescription}
        hint={`En une ou deux phrases, ${SHORT_DESCRIPTION_MAX} caractères au maximum.`}
        rows={3}
      />
      <TextareaField
        label="Description (facultatif)"
        meta={fields.description}
        hint="Texte simple ; laissez une ligne vide entre deux paragraphes."
        rows={7}
      />
      <SelectField label="Secteur" meta={fields.sector} options={SECTORS} />
      <SelectField
        label="Nature juridique"
        meta={fields.kind}
        options={KINDS}
        hint="Elle détermine si la structure peut recevoir la subvention ou être chef de file."
      />
      <Field
        label="SIRET (facultatif)"
        meta={fields.siret}
        inputMode="numeric"
        hint="14 chiffres. Un SIRET ou un numéro RNA est nécessaire pour publier la fiche (sauf établissement public de la Ville)."
      />
      <Field label="Numéro RNA (facultatif)" meta={fields.rna} hint="Pour une association : W suivi de 9 chiffres." />
      {numbersAnswer}
      <Field
        label="Site internet (facultatif)"
        meta={fields.website}
        // Text, not `url`: without JavaScript the browser would refuse « exemple.fr », which the site completes.
        inputMode="url"
        autoComplete="url"
        hint="Par exemple www.exemple.fr"
      />
      <Field
        label="E-mail public (facultatif)"
        meta={fields.publicEmail}
        type="email"
        hint="Affiché sur la fiche. Laissez vide pour n'être joint que par le formulaire de contact."
      />
      <Field label="Téléphone public (facultatif)" meta={fields.publicPhone} type="tel" />

      <fieldset className="field">
        <legend>Emplacement</legend>
        <PointField
          latitude={fields.latitude}
          longitude={fields.longitude}
          address={{ meta: fields.address, label: "Adresse à Nantes (facultatif)", hint: "Affichée sur la fiche." }}
          quartier={{ meta: fields.homeQuartier, label: "Quartier de l'adresse" }}
          placeName="l'adresse de la structure"
        />
      </fieldset>

      <CheckboxField label="La structure agit sur toute la ville" meta={fields.wholeCity} />
      <CheckboxesField
        legend="Quartiers où la structure agit"
        meta={fields.quartiers}
        options={QUARTIERS}
        hint="Inutile si elle agit sur toute la ville. Sans case cochée, le quartier de l'adresse est retenu."
      />
      <CheckboxesField legend="Sous-axes de l'appel qui vous intéressent" meta={fields.subAxes} options={subAxes} />
      <CheckboxesField legend="Ressources que vous pouvez apporter" meta={fields.offers} options={RESOURCES} />
      <CheckboxesField legend="Ressources que vous recherchez" meta={fields.seeks} options={RESOURCES} />
      <div>
        <SubmitButton pendingText="Enregistrement…" describedBy={submitHint ? `${id}-envoi-aide` : undefined}>
          {submitLabel}
        </SubmitButton>
        {submitHint ? (
          <p className="hint" id={`${id}-envoi-aide`}>
            {submitHint}
          </p>
        ) : null}
      </div>
    </Form>
  );
}
