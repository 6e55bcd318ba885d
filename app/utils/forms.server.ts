// Forms parsed in actions. Conform's `submission.reply()` sends the form back as it came, so that a
// form with an error keeps what the person typed; it would also send back any field a stranger
// adds (50 KB of it on /connexion came back in the page). parseForm keeps the fields the schema
// knows and nothing else, before parsing and so before any reply.
import { getZodConstraint } from "@conform-to/zod/v4";
import type { $ZodType } from "zod/v4/core";
import { parseFormValues } from "./forms";

/** The submit buttons' field. */
const INTENT_FIELD = "intent";
/** Conform's own intent field (`{"type":"validate","payload":{"name":"email"}}`). */
const CONFORM_INTENT_FIELD = "__intent__";

/**
 * The largest list index a name may carry. Conform builds an array as long as the index it reads:
 * `tags[99999999]` alone filled the server's memory until it crashed. No form of the site has lists
 * this long (its pages send lists as repeated names, without indexes).
 */
const MAX_LIST_INDEX = 99;

/** Whether a name is one of the schema's, in conform's notation (`items[2].label` is `items[].label`). */
function isKnownName(name: string, names: Set<string>): boolean {
  if ([...name.matchAll(/\[(\d+)\]/g)].some(([, index]) => Number(index) > MAX_LIST_INDEX)) return false;
  return names.has(name.replace(/\[\d+\]/g, "[]"));
}

/**
 * Conform's intent as the site's forms may send it: validating or resetting a known field. Conform
 * parses the field as JSON and fails on anything else (`__intent__=invite` was a 500 on every form);
 * the list and update intents, which no form of the site sends, write at any path they name.
 */
function isFormIntent(value: FormDataEntryValue, names: Set<string>): boolean {
  if (typeof value !== "string") return false;
  let intent: unknown;
  try {
    intent = JSON.parse(value);
  } catch {
    return false;
  }
  if (typeof intent !== "object" || intent === null || !("type" in intent) || !("payload" in intent)) return false;
  const { type, payload } = intent;
  if ((type !== "validate" && type !== "reset") || typeof payload !== "object" || payload === null) return false;
  const name = "name" in payload ? payload.name : undefined;
  return name === undefined || (typeof name === "string" && isKnownName(name, names));
}

/** The fields of `formData` the schema names, in conform's notation (`address.city`, `tags[0]`). */
export function knownFields(formData: FormData, schema: $ZodType): FormData {
  const names = new Set(Object.keys(getZodConstraint(schema)));
  const kept = new FormData();
  for (const [name, value] of formData) {
    const known =
      name === INTENT_FIELD || (name === CONFORM_INTENT_FIELD ? isFormIntent(value, names) : isKnownName(name, names));
    if (known) kept.append(name, value);
  }
  return kept;
}

/** parseFormValues (app/utils/forms.ts) on the fields the schema knows (see knownFields). */
export function parseForm<Schema extends $ZodType>(formData: FormData, options: { schema: Schema }) {
  return parseFormValues(knownFields(formData, options.schema), options);
}
