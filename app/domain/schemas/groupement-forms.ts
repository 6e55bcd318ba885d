// The workspace's forms. Shared by the browser (live checks) and the server.
import { z } from "zod";
import { COMMITMENTS, COOPERATIONS, QUARTIERS, RESOURCES } from "../taxonomy";
import { codeOf, codesOf, optionalText, requiredText } from "./fields";

const euros = (label: string) =>
  z
    .number({ message: `${label} : indiquez un montant en euros.` })
    .int(`${label} : un nombre entier d'euros.`)
    .min(0, `${label} : le montant ne peut pas être négatif.`);

/** Whether "YYYY-MM-DD" names a day of the calendar: 2025-02-30 and 2025-13-01 do not. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * A day as a date field sends it ("YYYY-MM-DD"). A day JavaScript would roll over (2025-02-30 →
 * 2 March) or cannot read (2025-13-01) is refused with the field's message, never stored.
 */
const calendarDay = (what: string) =>
  z
    .string({ message: `Indiquez ${what}.` })
    .refine(
      isCalendarDay,
      `Date invalide : ${what} doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01).`,
    );

export const createProjectSchema = (subAxisCodes: readonly string[]) =>
  z.object({
    intent: z.literal("project"),
    title: requiredText("Titre du projet", 150),
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
      .int()
      .min(1, "Durée : au moins un mois.")
      .max(120),
    cooperation: codeOf(COOPERATIONS, "Coopération"),
    cooperationJustification: optionalText("Justification", 3000),
    beneficiaries: z.number({ message: "Bénéficiaires : indiquez un nombre." }).int().min(0).optional(),
    replicability: optionalText("Réplicabilité", 3000),
  });

export const BudgetSchema = z.object({
  intent: z.literal("budget"),
  operating: euros("Fonctionnement"),
  participation: euros("Accompagnement et participation"),
  equipment: euros("Équipement"),
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
