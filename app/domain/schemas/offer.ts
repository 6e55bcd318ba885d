import * as z from "~/utils/zod";
import type { QuartierCollection } from "../geo";
import { QUARTIERS, RESOURCES } from "../taxonomy";
import {
  calendarDate,
  checkPointInNantes,
  codeOf,
  codesOf,
  latitude,
  longitude,
  optionalText,
  requiredLine,
  requiredText,
  whenValid,
} from "./fields";

export const OFFER_SLOTS = [
  { code: "weekday-daytime", label: "En semaine, en journée" },
  { code: "evenings", label: "En soirée" },
  { code: "nights", label: "La nuit" },
  { code: "weekends", label: "Le week-end" },
] as const;

export const OFFER_CONDITIONS = [
  { code: "free", label: "Gratuit" },
  { code: "at-cost", label: "À prix coûtant" },
  { code: "to-discuss", label: "À discuter" },
] as const;

/** The offer form; with the quartiers' shapes (the server's actions), a point outside Nantes is refused. */
export const createOfferSchema = ({ quartiers }: { quartiers?: QuartierCollection } = {}) =>
  z
    .object({
      resource: codeOf(RESOURCES, "Type de ressource"),
      title: requiredLine("Titre", 120),
      description: requiredText("Description", 3000),
      quartier: codeOf(QUARTIERS, "Quartier").optional(),
      latitude: latitude.optional(),
      longitude: longitude.optional(),
      availability: requiredText("Disponibilités", 500),
      slots: codesOf(OFFER_SLOTS, "Créneaux"),
      capacity: optionalText("Capacité", 200),
      conditions: codeOf(OFFER_CONDITIONS, "Conditions"),
      validFrom: calendarDate("le début de validité").optional(),
      validUntil: calendarDate("la fin de validité").optional(),
    })
    .superRefine(
      (value, ctx) => {
        if (value.validFrom && value.validUntil && value.validUntil < value.validFrom) {
          ctx.addIssue({ code: "custom", path: ["validUntil"], message: "La fin de validité doit suivre le début." });
        }
        if ((value.latitude === undefined) !== (value.longitude === undefined)) {
          ctx.addIssue({
            code: "custom",
            path: ["latitude"],
            message: "Le point est incomplet : placez-le à nouveau sur la carte.",
          });
        }
        checkPointInNantes(quartiers, value, ctx);
      },
      whenValid("validFrom", "validUntil", "latitude", "longitude"),
    );

/** The form as stored and as checked in the browser (no shapes there: the map refuses the point). */
export const OfferSchema = createOfferSchema();

export type OfferInput = z.output<typeof OfferSchema>;

const entityType = z.enum(["organisation", "offer", "idea"]);

export const ModerationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), entityType, entityId: z.string().min(1) }),
  z.object({ intent: z.literal("reject"), entityType, entityId: z.string().min(1), reason: requiredText("Motif", 1000) }),
  z.object({ intent: z.literal("verify"), entityType: z.literal("organisation"), entityId: z.string().min(1) }),
  z.object({ intent: z.literal("unpublish"), reportId: z.string().min(1), reason: requiredText("Message", 1000) }),
  z.object({ intent: z.literal("dismiss"), reportId: z.string().min(1) }),
]);
