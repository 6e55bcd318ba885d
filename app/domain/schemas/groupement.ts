// The groupement file read by `npm run eligibility` (and built by the workspace): strict types,
// known codes. An unknown sub-axis is not an input error: it is what project.sub-axis reports.
import * as z from "~/utils/zod";
import { codesOf as listCodes, type Option, COMMITMENTS, COOPERATIONS, KINDS, QUARTIERS, RESOURCES, SECTORS } from "../taxonomy";

const euros = z.number().int("a whole number of euros is expected").min(0, "amounts cannot be negative");
const codeOf = <T extends readonly Option[]>(list: T, what: string) =>
  z.enum(listCodes(list), { message: `unknown ${what} (expected one of: ${list.map((item) => item.code).join(", ")})` });

export const GroupementFileSchema = z.object({
  project: z.object({
    title: z.string(),
    subAxes: z.array(z.string()),
    addressesIsolation: z.boolean(),
    addressesPrecarity: z.boolean(),
    territory: z.object({ wholeCity: z.boolean(), quartiers: z.array(codeOf(QUARTIERS, "quartier")) }),
    startDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD is expected")
      .refine(
        (value) =>
          !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
        "not a real date",
      ),
    durationMonths: z.number().int("a whole number of months is expected").min(0),
    cooperation: codeOf(COOPERATIONS, "cooperation"),
    cooperationJustification: z.string().optional(),
    scale: z.object({
      beneficiaries: z.number().int().min(0).nullable().optional(),
      replicability: z.string().nullable().optional(),
    }),
    budget: z.object({ operating: euros, participation: euros, equipment: euros }),
  }),
  members: z.array(
    z.object({
      name: z.string(),
      sector: codeOf(SECTORS, "sector"),
      kind: codeOf(KINDS, "kind"),
      isLead: z.boolean(),
      subsidyShare: euros,
      resources: z.array(codeOf(RESOURCES, "resource")),
      commitment: codeOf(COMMITMENTS, "commitment").nullable(),
      role: z.string().optional(),
    }),
  ),
});

/** "$.members[0].sector" from zod's path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : `${text}.${String(key)}`), "$");
}
