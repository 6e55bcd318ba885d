// The workspace's forms. Shared by the browser (live checks) and the server.
import * as z from "~/utils/zod";
import { COMMITMENTS, COOPERATIONS, QUARTIERS, RESOURCES } from "../taxonomy";
import { calendarDay, codeOf, codesOf, optionalText, refuseBothTerritories, requiredLine, whenValid } from "./fields";

/**
 * The largest whole number the database's Int columns hold is 2,147,483,647 (PostgreSQL refuses
 * more; SQLite stored it): amounts and counts stop well below, with the field's own message.
 */
const AMOUNT_MAX = 1_000_000_000;

const euros = (label: string) =>
  z
    .number({ message: `${label} : indiquez un montant en euros.` })
    .int(`${label} : un nombre entier d'euros.`)
    .min(0, `${label} : le montant ne peut pas être négatif.`)
    .max(AMOUNT_MAX, `${label} : un milliard d'euros au plus.`);

// The date fields' rule is every form's (fields.ts); isCalendarDay is still read from here.
export { isCalendarDay } from "./fields";

export const createProjectSchema = (subAxisCodes: readonly string[]) =>
  z
    .object({
      intent: z.literal("project"),
      /** The project the form was filled from (a key per field, given by the page): another tab's save meanwhile is told, naming what changed. */
      seen: z.string().max(1000).optional(),
      title: requiredLine("Titre du projet", 150),
      subAxes: z
        .array(z.string())
        .default([])
        .refine((codes) => codes.every((code) => subAxisCodes.includes(code)), "Sous-axes : choisissez parmi ceux de l'appel."),
      addressesIsolation: z.boolean().default(false),
      addressesPrecarity: z.boolean().default(false),
      wholeCity: z.boolean().default(false),
      quartiers: codesOf(QUARTIERS, "Quartiers"),
      startDate: calendarDay("la date de démarrage").optional(),
      durationMonths: z
        .number({ message: "Durée : indiquez un nombre de mois." })
        .int("Durée : indiquez un nombre entier de mois.")
        .min(1, "Durée : au moins un mois.")
        .max(120, "Durée : 120 mois (dix ans) au plus."),
      cooperation: codeOf(COOPERATIONS, "Coopération"),
      cooperationJustification: optionalText("Justification", 3000),
      beneficiaries: z
        .number({ message: "Bénéficiaires : indiquez un nombre." })
        .int("Bénéficiaires : indiquez un nombre entier.")
        .min(0, "Bénéficiaires : indiquez un nombre positif ou zéro.")
        .max(AMOUNT_MAX, "Bénéficiaires : un milliard au plus.")
        .optional(),
      replicability: optionalText("Réplicabilité", 3000),
    })
    .superRefine(refuseBothTerritories, whenValid("wholeCity", "quartiers"));

export const BudgetSchema = z.object({
  intent: z.literal("budget"),
  operating: euros("Fonctionnement"),
  participation: euros("Accompagnement et participation"),
  equipment: euros("Équipement"),
  /** The budget the form was filled from (its key, given by the page): another tab's save meanwhile is told. */
  seen: z.string().max(100).optional(),
});

export const MemberSchema = z.object({
  intent: z.literal("member"),
  organisationId: z.string().min(1),
  role: optionalText("Rôle", 1000),
  resources: codesOf(RESOURCES, "Ressources"),
  resourceDescription: optionalText("Description des ressources", 2000),
  valuedAmount: euros("Valorisation").optional(),
  subsidyShare: euros("Part de la subvention").optional(),
  commitment: codeOf(COMMITMENTS, "Engagement").optional(),
});

export const SubmitSchema = z.object({
  intent: z.literal("submit"),
  date: calendarDay("la date du dépôt"),
});

/** An admin vouches for its structure's contribution as it stands. */
export const ConfirmSchema = z.object({
  intent: z.literal("confirm"),
  organisationId: z
    .string({ message: "Indiquez la structure dont vous confirmez la contribution." })
    .min(1, "Indiquez la structure dont vous confirmez la contribution."),
});
