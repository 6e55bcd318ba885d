// Field schemas shared by the forms, with their French messages.
import { z } from "zod";
import { OUTSIDE_NANTES_MESSAGE, quartierOfPoint, type QuartierCollection } from "../geo";

export const requiredText = (label: string, max: number) =>
  z
    .string({ message: `${label} : ce champ est obligatoire.` })
    .trim()
    .min(1, `${label} : ce champ est obligatoire.`)
    .max(max, `${label} : ${max} caractères au maximum.`);

export const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label} : ${max} caractères au maximum.`).optional();

/** One account per address whatever its case or spaces: every lookup and limit goes through this. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

export const email = z
  .string({ message: "Indiquez une adresse e-mail." })
  .overwrite(normaliseEmail)
  .max(254, "Cette adresse e-mail est trop longue.")
  .email("Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.");

export const newPassword = z
  .string({ message: "Choisissez un mot de passe." })
  .min(10, "Le mot de passe doit contenir au moins 10 caractères.")
  .max(200, "Le mot de passe doit contenir au plus 200 caractères.");

export const currentPassword = z
  .string({ message: "Indiquez votre mot de passe actuel." })
  .min(1, "Indiquez votre mot de passe actuel.");

/** One code of a reference list; anything else is refused with the field's name. */
export const codeOf = <T extends readonly { code: string }[]>(list: T, label: string) =>
  z.enum(list.map((item) => item.code) as [T[number]["code"], ...T[number]["code"][]], {
    message: `${label} : choisissez une valeur de la liste.`,
  });

/** Several codes of a reference list (checkboxes); none checked is an empty list. */
export const codesOf = <T extends readonly { code: string }[]>(list: T, label: string) =>
  z.array(codeOf(list, label)).default([]);

export const optionalUrl = z
  .string()
  .trim()
  .max(300, "L'adresse du site est trop longue.")
  .regex(/^https?:\/\/[^\s]+\.[^\s]+$/, "Indiquez l'adresse complète du site, commençant par https://")
  .optional();

export const optionalPhone = z
  .string()
  .trim()
  .regex(/^(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}$/, "Indiquez un numéro de téléphone français, par exemple 02 40 00 00 00.")
  .optional();

// A first, cheap check (the box around the city); `checkPointInNantes` is the real one.
export const latitude = z.number().min(47.15, OUTSIDE_NANTES_MESSAGE).max(47.32, OUTSIDE_NANTES_MESSAGE);
export const longitude = z.number().min(-1.66, OUTSIDE_NANTES_MESSAGE).max(-1.46, OUTSIDE_NANTES_MESSAGE);

/**
 * Refuses a point that is in none of the quartiers: the box above lets through Saint-Herblain,
 * Rezé or Orvault. Given the quartiers only where they are loaded (the server's actions); the
 * browser refuses such a point as soon as it is placed, with the same message.
 */
export function checkPointInNantes(
  quartiers: QuartierCollection | undefined,
  value: { latitude?: number; longitude?: number },
  ctx: z.RefinementCtx,
) {
  if (!quartiers || value.latitude === undefined || value.longitude === undefined) return;
  if (!quartierOfPoint(quartiers, { lat: value.latitude, lng: value.longitude })) {
    ctx.addIssue({ code: "custom", path: ["latitude"], message: OUTSIDE_NANTES_MESSAGE });
  }
}
