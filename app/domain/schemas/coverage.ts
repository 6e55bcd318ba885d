import { z } from "zod";

const emptyAsUnset = (value: unknown) => (value === "" || value === null ? undefined : value);

export const CoverageQuerySchema = z.object({
  subAxis: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^\d+\.\d+$/, "subAxis: a code such as 2.1 is expected")
      .optional(),
  ),
  type: z.preprocess(
    emptyAsUnset,
    z.enum(["organisation", "offer", "idea"], { message: "type: organisation, offer or idea" }).optional(),
  ),
});
