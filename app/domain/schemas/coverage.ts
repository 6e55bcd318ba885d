import { z } from "zod";

export const COVERAGE_TYPES = [
  { code: "organisation", label: "Structures" },
  { code: "offer", label: "Offres de ressources" },
  { code: "idea", label: "Idées de projets" },
] as const;

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
