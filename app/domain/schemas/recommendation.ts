// The input file of `npm run recommend`: a project and candidate organisations, with strict types
// and known codes, including the call's sub-axes (a sub-axis the call does not have could only
// ever match by accident). Messages are in English, for the person who writes the file.
import * as z from "~/utils/zod";
import { codesOf, KINDS, QUARTIERS, RESOURCES, SECTORS, type Option } from "../taxonomy";
import { isCalendarDay } from "./groupement-forms";

/** The number of recommendations printed when the file gives no `limit`. */
export const DEFAULT_RECOMMENDATION_LIMIT = 10;

const codeOf = <T extends readonly Option[]>(list: T, what: string) =>
  z.enum(codesOf(list), { message: `unknown ${what} (expected one of: ${list.map((item) => item.code).join(", ")})` });

const day = z.string().refine(isCalendarDay, "a day as YYYY-MM-DD is expected, one that exists in the calendar");

const territory = z.object({ wholeCity: z.boolean(), quartiers: z.array(codeOf(QUARTIERS, "quartier")) });

export const createRecommendationFileSchema = (subAxisCodes: readonly string[]) => {
  const subAxis = z.string().refine((code) => subAxisCodes.includes(code), {
    message: `unknown sub-axis (expected one of: ${subAxisCodes.join(", ")})`,
  });
  return z.object({
    project: z.object({
      members: z.array(z.object({ id: z.string(), sector: codeOf(SECTORS, "sector"), kind: codeOf(KINDS, "kind") })),
      seekSectors: z.array(codeOf(SECTORS, "sector")),
      seekResources: z.array(codeOf(RESOURCES, "resource")),
      subAxes: z.array(subAxis),
      territory,
    }),
    candidates: z
      .array(
        z.object({
          id: z.string().min(1, "an id cannot be empty"),
          name: z.string(),
          sector: codeOf(SECTORS, "sector"),
          kind: codeOf(KINDS, "kind"),
          territory,
          subAxes: z.array(subAxis),
          // The resources its profile offers: optional, as offers with no end date.
          resources: z.array(codeOf(RESOURCES, "resource")).default([]),
          offers: z.array(
            z.object({
              resource: codeOf(RESOURCES, "resource"),
              // Absent or empty: where the organisation is active.
              quartiers: z.array(codeOf(QUARTIERS, "quartier")).default([]),
              // Absent or null: no end date.
              validUntil: day.nullable().default(null),
            }),
          ),
        }),
      )
      .superRefine(
        (candidates, ctx) => {
          // Each candidate is one organisation: a repeated id would be scored and listed twice.
          // Checked even when other fields are wrong (see `when`), so every problem shows at once;
          // the items may then be anything, hence `unknown`.
          const first = new Map<string, number>();
          (candidates as readonly unknown[]).forEach((candidate, index) => {
            const id = typeof candidate === "object" && candidate !== null && "id" in candidate ? candidate.id : undefined;
            if (typeof id !== "string") return;
            const earlier = first.get(id);
            if (earlier === undefined) first.set(id, index);
            else
              ctx.addIssue({
                code: "custom",
                path: [index, "id"],
                message: `duplicate id (already at $.candidates[${earlier}].id)`,
              });
          });
        },
        { when: (payload) => Array.isArray(payload.value) },
      ),
    limit: z.number().int("a whole number is expected").min(1, "at least 1 is expected").default(DEFAULT_RECOMMENDATION_LIMIT),
    today: day.optional(),
  });
};
