// Form values as the site reads them, in the browser and on the server alike (one schema, one
// reading): conform's coercion, except that a number field takes plain decimal digits only —
// JavaScript's Number() read « 0x10 » as 16, « 1e3 » as 1000 and « Infinity » as a number.
import { parseWithZod } from "@conform-to/zod/v4";
import { configureCoercion } from "@conform-to/zod/v4/future";
import type { Submission } from "@conform-to/react";
import type { $ZodType, input, output } from "zod/v4/core";

const DECIMAL = /^\s*[+-]?\d+(\.\d+)?\s*$/;

/** A number field's text as the site reads it: plain decimal digits, else NaN (never « 1e3 »). */
export const readNumber = (text: string) => (DECIMAL.test(text) ? Number(text) : Number.NaN);

const { coerceFormValue } = configureCoercion({ type: { number: readNumber } });

/** parseWithZod with the site's coercion (see above). */
export function parseFormValues<Schema extends $ZodType>(
  payload: FormData | URLSearchParams,
  options: { schema: Schema },
): Submission<input<Schema>, string[], output<Schema>> {
  return parseWithZod(payload, { schema: coerceFormValue(options.schema) as unknown as Schema, disableAutoCoercion: true });
}
