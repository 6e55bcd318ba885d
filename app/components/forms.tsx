// Accessible form controls over conform: a label for each control, hints and errors tied to it
// with aria-describedby, errors announced, and the typed values kept after a refused submission.
import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Options } from "~/components/options";
import { CONFIRMATION_ATTRIBUTE } from "~/utils/focus";

type Meta = FieldMetadata<unknown>;

/**
 * When every form of the site checks its fields: when it is sent, then a field in error again as
 * it is typed in. Checked when a field lost the focus, an error appeared or went away between the
 * press and the release of the mouse on the button below, the button moved from under the pointer,
 * and that first click was lost.
 */
export const VALIDATE_WHEN_SENT = { shouldValidate: "onSubmit", shouldRevalidate: "onInput" } as const;

/**
 * The fields refused by the server, each a link to its message beside the field (conform's ids:
 * `<form>-<field>-error`): a long form sent without JavaScript comes back at its top.
 */
export function ErrorSummary({ formId, result }: { formId: string; result: { error?: Record<string, string[] | null> | null } }) {
  const refused = Object.entries(result.error ?? {}).filter(([name, errors]) => name !== "" && errors?.length);
  if (refused.length === 0) return null;
  return (
    <ul className="error-summary">
      {refused.map(([name, errors]) => (
        <li key={name}>
          <a href={`#${formId}-${name}-error`}>{errors![0]}</a>
        </li>
      ))}
    </ul>
  );
}

export function ErrorList({ id, errors, bulleted = false }: { id?: string; errors?: string[]; bulleted?: boolean }) {
  if (!errors?.length) return null;
  // Two checks of a schema may fail with one message (a score too big is neither whole nor under its maximum).
  return (
    <ul id={id} className={bulleted ? "field-errors bulleted" : "field-errors"}>
      {[...new Set(errors)].map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

/** What ties a control to its hint and its errors: the ids that conform gives each field. */
type FieldIds = Pick<Meta, "id" | "descriptionId" | "errorId" | "errors">;

/** The control's aria-describedby: its hint if it has one, and its errors while there are some. */
function describedBy(meta: FieldIds, hint?: ReactNode, errors = meta.errors) {
  return [hint ? meta.descriptionId : null, errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
}

function Hint({ meta, hint }: { meta: FieldIds; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <p id={meta.descriptionId} className="hint">
      {hint}
    </p>
  );
}

/** One labelled control: its label, its hint, the control, and its errors under it. */
function LabelledField({
  label,
  hint,
  meta,
  children,
}: {
  label: string;
  hint?: ReactNode;
  meta: FieldIds;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <Hint meta={meta} hint={hint} />
      {children}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function Field({
  label,
  hint,
  meta,
  type = "text",
  autoComplete,
  inputMode,
  min,
  max,
}: {
  label: string;
  hint?: ReactNode;
  meta: Meta;
  type?: "text" | "email" | "password" | "url" | "tel" | "date" | "number";
  autoComplete?: string;
  inputMode?: "numeric" | "text" | "email" | "tel" | "url" | "decimal";
  /** The lowest value a date picker offers (the schema's check is what refuses). */
  min?: string;
  /** The highest value a date picker offers (likewise). */
  max?: string;
}) {
  const props = getInputProps(meta, { type, ariaAttributes: true });
  return (
    <LabelledField label={label} hint={hint} meta={meta}>
      <input
        {...props}
        key={props.key}
        autoComplete={autoComplete}
        inputMode={inputMode}
        min={min}
        max={max}
        aria-describedby={describedBy(meta, hint)}
      />
    </LabelledField>
  );
}

export function TextareaField({ label, hint, meta, rows = 5 }: { label: string; hint?: ReactNode; meta: Meta; rows?: number }) {
  const props = getTextareaProps(meta, { ariaAttributes: true });
  return (
    <LabelledField label={label} hint={hint} meta={meta}>
      <textarea {...props} key={props.key} rows={rows} aria-describedby={describedBy(meta, hint)} />
    </LabelledField>
  );
}

export function SelectField({
  label,
  hint,
  meta,
  options,
  placeholder = "Choisir…",
}: {
  label: string;
  hint?: ReactNode;
  meta: Meta;
  options: readonly { code: string; label: string }[];
  placeholder?: string;
}) {
  const props = getSelectProps(meta, { ariaAttributes: true });
  return (
    <LabelledField label={label} hint={hint} meta={meta}>
      <select {...props} key={props.key} aria-describedby={describedBy(meta, hint)}>
        <Options empty={placeholder} options={options} />
      </select>
    </LabelledField>
  );
}

export function CheckboxesField({
  legend,
  hint,
  meta,
  options,
}: {
  legend: string;
  hint?: ReactNode;
  meta: FieldMetadata<string[] | undefined>;
  options: readonly { code: string; label: string }[];
}) {
  const boxes = getCollectionProps(meta, {
    type: "checkbox",
    options: options.map((option) => option.code),
    ariaAttributes: true,
  });
  // An unknown code is reported on its item ("quartiers[0]"): show it with the group.
  const errors = [...new Set(Object.values(meta.allErrors).flat())];
  return (
    <fieldset className="field" aria-describedby={describedBy(meta, hint, errors)}>
      <legend>{legend}</legend>
      <Hint meta={meta} hint={hint} />
      <div className="checkboxes">
        {boxes.map((box) => (
          <label key={box.key} className="checkbox">
            <input {...box} key={box.key} aria-describedby={undefined} />
            {options.find((option) => option.code === box.value)?.label}
          </label>
        ))}
      </div>
      <ErrorList id={meta.errorId} errors={errors} />
    </fieldset>
  );
}

export function CheckboxField({ label, meta }: { label: string; meta: Meta }) {
  const props = getInputProps(meta, { type: "checkbox", ariaAttributes: true });
  return (
    <div className="field">
      <label className="checkbox">
        <input {...props} key={props.key} aria-describedby={describedBy(meta)} />
        {label}
      </label>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** Errors about the whole form, announced to screen readers as soon as they appear. */
export function FormErrors({ id, errors, intro }: { id?: string; errors?: string[]; intro?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const text = errors?.join("\n") ?? "";
  // Errors that come back from the server for the whole form sit at its top, often far above the
  // button pressed (the form may be drawn again with them): the page goes to them, unless a field
  // in error already has the focus.
  useEffect(() => {
    if (!text || !box.current) return;
    const element = box.current;
    const timer = setTimeout(() => {
      if (document.activeElement?.getAttribute("aria-invalid") === "true") return;
      element.focus({ preventScroll: true });
      element.scrollIntoView({ block: "center" });
    });
    return () => clearTimeout(timer);
  }, [text]);
  if (!errors?.length) return null;
  return (
    // `autoFocus`: without JavaScript the refused form comes back as a new page, focus on <body> at
    // its top, the message further down; the browser moves the focus (and the view) to it on load.
    // With JavaScript, the effect above does (React focuses only form controls it mounts).
    // eslint-disable-next-line jsx-a11y/no-autofocus -- shown only after the person sent the form
    <div id={id} ref={box} className="form-errors" role="alert" tabIndex={-1} autoFocus>
      {/* Several reasons under one refusal: a sentence, then one bullet each. */}
      {intro ? <p className="form-errors-intro">{intro}</p> : null}
      <ErrorList errors={errors} bulleted={Boolean(intro)} />
    </div>
  );
}

/** What a form sends, as text to compare: file fields by name and size. */
function serialiseSent(data: FormData): string {
  return JSON.stringify(
    [...data].map(([name, value]) => [name, typeof value === "string" ? value : `${value.name}:${value.size}`]),
  );
}

/** What pressing `button` sends: its form's fields and the button's own name and value. */
function sentBy(button: HTMLButtonElement): string | null {
  if (!button.form) return null;
  const data = new FormData(button.form);
  if (button.name) data.append(button.name, button.value);
  return serialiseSent(data);
}

/**
 * A submit button that says the form is being sent, with or without JavaScript. It is pending
 * while the submission in progress is the one its press made (the same fields and the button's
 * own value), whichever way the form names its action — not whenever any form of the page is
 * sent, nor when another form sends the same action. A form names its action once: the button
 * (`name="intent" value=…`) or a hidden `intent` field; named twice, the server read two values.
 */
export function SubmitButton({
  children,
  pendingText = "Envoi…",
  name,
  value,
  className = "button",
  describedBy,
}: {
  children: ReactNode;
  pendingText?: string;
  name?: string;
  value?: string;
  className?: string;
  /** The id of what says more about the button (aria-describedby). */
  describedBy?: string;
}) {
  const navigation = useNavigation();
  const [pressed, setPressed] = useState<string | null>(null);
  const pending =
    pressed !== null &&
    navigation.state === "submitting" &&
    navigation.formData !== undefined &&
    serialiseSent(navigation.formData) === pressed;
  // Not `disabled`: a disabled button loses the focus, which falls to <body>. A second press while
  // the form is being sent is ignored instead.
  return (
    <button
      type="submit"
      className={className}
      name={name}
      value={value}
      aria-disabled={pending || undefined}
      aria-describedby={describedBy}
      onClick={(event) => {
        if (pending) event.preventDefault();
        else setPressed(sentBy(event.currentTarget));
      }}
    >
      {pending ? pendingText : children}
    </button>
  );
}

/**
 * A message announced politely. A confirmation of what the person just did (a success, unless said
 * otherwise) takes the focus when a client navigation or a form sent shows it
 * (`useFocusAfterNavigation`); a standing warning or information does not.
 */
export function Notice({
  children,
  tone = "success",
  confirmation = tone === "success",
}: {
  children: ReactNode;
  tone?: "success" | "info" | "warning";
  confirmation?: boolean;
}) {
  return (
    <div
      className={`notice notice-${tone}`}
      role="status"
      tabIndex={confirmation ? -1 : undefined}
      {...(confirmation ? { [CONFIRMATION_ATTRIBUTE]: "" } : {})}
    >
      {children}
    </div>
  );
}

/**
 * A form refused by the server, said at the page's top: without JavaScript the page comes back
 * there, the form and its errors further down. `formId` is the form's id, `form` its words.
 */
export function NothingSaved({
  formId,
  form,
  result,
  verb = "enregistré",
}: {
  formId: string;
  form: string;
  /** The refused submission: its fields in error are listed, each a link to its message. */
  result?: { error?: Record<string, string[] | null> | null };
  verb?: "enregistré" | "créé";
}) {
  return (
    <Notice tone="warning" confirmation={false}>
      {`Rien n'a été ${verb} : corrigez ce qui est signalé en rouge dans `}
      <a href={`#${formId}`}>{form}</a>.{result ? <ErrorSummary formId={formId} result={result} /> : null}
    </Notice>
  );
}

/**
 * Whether a form's confirmation still holds: once the form sent is reset, typing into it again or
 * sending it empty starts a new message, and « envoyé » beside « ce champ est obligatoire » would
 * say two opposite things.
 */
export function isUntouched(form: { dirty: boolean; allErrors: Record<string, unknown> }) {
  return !form.dirty && Object.keys(form.allErrors).length === 0;
}

/**
 * An action not undone in one click (withdraw, remove, delete, hand over): its first button asks,
 * the second does it. A `details`, so the question opens without JavaScript and from the keyboard,
 * and a stray click or tap changes nothing; open, the first button reads « Annuler » and closes it.
 * The second button is described by the question (read with it by screen readers). Put it inside
 * the action's form.
 */
export function ConfirmStep({
  label,
  question,
  confirmLabel,
  name = "intent",
  value,
  pendingText,
  tone = "danger",
}: {
  label: ReactNode;
  question: ReactNode;
  confirmLabel: ReactNode;
  name?: string;
  value: string;
  pendingText?: string;
  /** `neutral` for what is not a loss (handing over a role). */
  tone?: "danger" | "neutral";
}) {
  const questionId = useId();
  return (
    <details className={`confirm-step confirm-step-${tone}`}>
      <summary className="button-secondary">
        <span className="confirm-step-label">{label}</span>
        <span className="confirm-step-cancel">Annuler</span>
      </summary>
      <div className="confirm-step-body">
        <p id={questionId}>{question}</p>
        <SubmitButton
          name={name}
          value={value}
          pendingText={pendingText}
          className={tone === "danger" ? "button-danger" : "button"}
          describedBy={questionId}
        >
          {confirmLabel}
        </SubmitButton>
      </div>
    </details>
  );
}

/**
 * An index route's form action, at the form's section (the id of its section or heading): without
 * JavaScript the page that answers a refused form opens there, on its message, instead of at its
 * top — thousands of pixels above it on a long page (the call's edit page, a groupement's).
 */
export const sectionAction = (section: string) => `?index#${section}`;
