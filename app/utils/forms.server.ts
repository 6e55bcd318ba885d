// Forms parsed in actions. Conform's `submission.reply()` sends the form back as it came, so that a
// form with an error keeps what the person typed; it would also send back any field a stranger
// adds (50 KB of it on /connexion came back in the page). parseForm keeps the fields the schema
// knows and nothing else, before parsing and so before any reply.
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { $ZodType } from "zod/v4/core";

/** Conform's own intent field (validate, reset…) and the submit buttons' `intent`. */
const INTENT_FIELDS = new Set(["__intent__", "intent"]);

/**
 * The largest list index a name may carry. Conform builds an array as long as the index it reads:
 * `tags[99999999]` alone filled the server's memory until it crashed. No form of the site has lists
 * this long (its pages send lists as repeated names, without indexes).
 */
const MAX_LIST_INDEX = 99;

/** The fields of `formData` the schema names, in conform's notation (`address.city`, `tags[0]`). */
export function knownFields(formData: FormData, schema: $ZodType): FormData {
  const names = new Set(Object.keys(getZodConstraint(schema)));
  const kept = new FormData();
  for (const [name, value] of formData) {
    if ([...name.matchAll(/\[(\d+)\]/g)].some(([, index]) => Number(index) > MAX_LIST_INDEX)) continue;
    // `items[2].label` is known as `items[].label`.
    if (INTENT_FIELDS.has(name) || names.has(name.replace(/\[\d+\]/g, "[]"))) kept.append(name, value);
  }
  return kept;
}

/** parseWithZod on the fields the schema knows (see knownFields). */
export function parseForm<Schema extends $ZodType>(formData: FormData, options: { schema: Schema }) {
  return parseWithZod(knownFields(formData, options.schema), options);
}
