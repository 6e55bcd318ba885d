// An address field that proposes addresses of Nantes as the person types (GET /api/adresse), as an
// ARIA 1.2 combobox: arrows move through the list, Enter chooses, Escape closes; a tap chooses too.
// Without JavaScript, or without a geocoder, it is a plain text field.
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { ErrorList } from "~/components/forms";
import { ADDRESS_QUERY_MIN, type AddressSuggestion } from "~/domain/geo";

const DEBOUNCE_MS = 250;

type Props = {
  label: string;
  hint?: ReactNode;
  /** The form's field when the address is saved (the organisation's); none for a search box only. */
  meta?: FieldMetadata<unknown>;
  /** Suggestions as the person types: after hydration, when a geocoder is configured. */
  suggest: boolean;
  onChoose: (suggestion: AddressSuggestion) => void;
};

type Answer = { suggestions?: AddressSuggestion[]; message?: string };

export function AddressSearch({ label, hint, meta, suggest, onChoose }: Props) {
  const ownId = useId();
  const inputProps = meta ? getInputProps(meta, { type: "text", ariaAttributes: true }) : null;
  const id = meta?.id ?? `address-${ownId}`;
  const hintId = `${id}-hint`;
  const listId = `${id}-suggestions`;
  const [text, setText] = useState(() => (typeof meta?.initialValue === "string" ? meta.initialValue : ""));
  const [suggestions, setSuggestions] = useState<AddressSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [announce, setAnnounce] = useState("");
  const [problem, setProblem] = useState("");
  const chosen = useRef<string | null>(null);

  useEffect(() => {
    const query = text.trim();
    if (!suggest || query.length < ADDRESS_QUERY_MIN || query === chosen.current) {
      setSuggestions([]);
      setOpen(false);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/adresse?q=${encodeURIComponent(query)}`, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(async (response) => ({ ok: response.ok, body: (await response.json()) as Answer }))
        .then(({ ok, body }) => {
          const found = ok ? (body.suggestions ?? []) : [];
          setProblem(ok ? "" : (body.message ?? "La recherche d'adresse ne répond pas : choisissez le quartier dans la liste."));
          setSuggestions(found);
          setActive(-1);
          setOpen(found.length > 0);
          setAnnounce(
            !ok
              ? ""
              : found.length === 0
                ? "Aucune adresse de Nantes ne correspond."
                : `${found.length} adresse${found.length > 1 ? "s" : ""} de Nantes proposée${found.length > 1 ? "s" : ""} : flèche bas pour les parcourir, Entrée pour choisir.`,
          );
        })
        .catch(() => {
          if (!controller.signal.aborted)
            setProblem("La recherche d'adresse ne répond pas : choisissez le quartier dans la liste.");
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, suggest]);

  const choose = (suggestion: AddressSuggestion) => {
    chosen.current = suggestion.label;
    setText(suggestion.label);
    setOpen(false);
    setActive(-1);
    setAnnounce("");
    onChoose(suggestion);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!suggest) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (suggestions.length === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current + step + suggestions.length) % suggestions.length);
    } else if (event.key === "Enter" && open) {
      // Enter chooses in the list instead of sending the whole form.
      event.preventDefault();
      const suggestion = suggestions[Math.max(active, 0)];
      if (suggestion) choose(suggestion);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  const errors = meta?.errors;
  const describedBy =
    [hint ? hintId : null, problem ? `${id}-problem` : null, errors?.length ? meta?.errorId : null].filter(Boolean).join(" ") ||
    undefined;
  const optionId = (index: number) => `${listId}-${index}`;

  return (
    <div className="field address-search">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        {...(inputProps ? { name: inputProps.name, form: inputProps.form, required: inputProps.required } : {})}
        aria-invalid={inputProps?.["aria-invalid"]}
        id={id}
        type="text"
        value={text}
        onChange={(event) => {
          chosen.current = null;
          setText(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        autoComplete={suggest ? "off" : "street-address"}
        aria-describedby={describedBy}
        {...(suggest
          ? {
              role: "combobox",
              "aria-autocomplete": "list" as const,
              "aria-expanded": open,
              "aria-controls": listId,
              "aria-activedescendant": open && active >= 0 ? optionId(active) : undefined,
            }
          : {})}
      />
      {suggest ? (
        <>
          <ul id={listId} role="listbox" aria-label="Adresses de Nantes proposées" className="address-options" hidden={!open}>
            {suggestions.map((suggestion, index) => (
              // Keyboard use goes through the combobox (aria-activedescendant): the options take no focus.
              // eslint-disable-next-line jsx-a11y/click-events-have-key-events
              <li
                key={`${suggestion.label}-${index}`}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className="address-option"
                // Keeps the focus in the field, so the list does not close before the click.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(suggestion)}
              >
                {suggestion.label} <span className="muted">— {suggestion.quartier.label}</span>
              </li>
            ))}
          </ul>
          <p className="visually-hidden" role="status">
            {announce}
          </p>
          {problem ? (
            <p id={`${id}-problem`} className="hint">
              {problem}
            </p>
          ) : null}
        </>
      ) : null}
      <ErrorList id={meta?.errorId} errors={errors} />
    </div>
  );
}
