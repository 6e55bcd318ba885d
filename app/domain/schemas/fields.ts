// Field schemas shared by the forms, with their French messages.
import * as z from "~/utils/zod";
import { OUTSIDE_NANTES_MESSAGE, quartierOfPoint, type QuartierCollection } from "../geo";

/**
 * The control characters a text box never sends, but a crafted form or a broken client can (NUL,
 * escape…; not tabs nor line breaks): each run becomes one space, as in a one-line text. A page
 * drops a NUL and PostgreSQL cannot store one, so « avant\u0000après » read « avantaprès ».
 */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const withoutControls = (value: string) => value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]+/g, " ");

export const requiredText = (label: string, max: number) =>
  z
    .string({ message: `${label} : ce champ est obligatoire.` })
    .overwrite(withoutControls)
    .trim()
    // Empty, nothing more is said of it (a refinement after it, « quelques mots », said it twice).
    .min(1, { message: `${label} : ce champ est obligatoire.`, abort: true })
    .max(max, `${label} : ${max} caractères au maximum.`);

/**
 * A one-line text (a name, a title): line breaks and other control characters, which no text box
 * sends but a crafted form can, become one space — they would break a mail's subject or a list.
 */
export const requiredLine = (label: string, max: number, missing = `${label} : ce champ est obligatoire.`) =>
  z
    .string({ message: missing })
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .overwrite((value) => value.replace(/\s*[\u0000-\u001f\u007f\u2028\u2029]+\s*/g, " "))
    .trim()
    .min(1, missing)
    .max(max, `${label} : ${max} caractères au maximum.`);

/** A person's name, asked as the address and the password beside it are (« Indiquez … »). */
export const personName = requiredLine("Nom", 100, "Indiquez votre nom.");

export const optionalText = (label: string, max: number) =>
  z.string().overwrite(withoutControls).trim().max(max, `${label} : ${max} caractères au maximum.`).optional();

/** One account per address whatever its case or spaces: every lookup and limit goes through this. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * An e-mail address. In a long form, `label` names the field in its messages (they are listed at
 * the form's top as well as beside the field: « Indiquez une adresse… » alone said not which).
 */
export const emailOf = (label?: string) => {
  const said = (message: string) => (label ? `${label} : ${message.charAt(0).toLowerCase()}${message.slice(1)}` : message);
  return z
    .string({ message: said("Indiquez une adresse e-mail.") })
    .overwrite(normaliseEmail)
    .max(254, said("Cette adresse e-mail est trop longue."))
    .email(said("Indiquez une adresse e-mail valide, par exemple nom@exemple.fr."));
};

export const email = emailOf();

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

/** Whether "YYYY-MM-DD" names a day of the calendar: 2025-02-30 and 2025-13-01 do not. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The years the forms' dates take (projects, offers, filings). No form means another, and the
 * database cannot hold every year JavaScript can: +275760-09-13 or 10000-01-01 was a 500.
 */
export const DATE_YEARS = { first: 2000, last: 2100 } as const;

export const inDateYears = (day: string) =>
  Number(day.slice(0, 4)) >= DATE_YEARS.first && Number(day.slice(0, 4)) <= DATE_YEARS.last;

/**
 * A day as a date field sends it ("YYYY-MM-DD"). A day JavaScript would roll over (2025-02-30 →
 * 2 March) or cannot read (2025-13-01), or out of DATE_YEARS, is refused with the field's message.
 */
export const calendarDay = (what: string) =>
  z
    .string({ message: `Indiquez ${what}.` })
    .refine(isCalendarDay, `Date invalide : ${what} doit être un jour qui existe, au format aaaa-mm-jj (par exemple 2026-03-01).`)
    .refine(
      (day) => !isCalendarDay(day) || inDateYears(day),
      `Date invalide : ${what} doit tomber entre ${DATE_YEARS.first} et ${DATE_YEARS.last}.`,
    );

/**
 * calendarDay as a Date at midnight UTC, for the columns that hold one. A pending edit stored as
 * JSON holds such a Date as an instant ("2026-03-01T00:00:00.000Z"): its day reads again.
 */
export const calendarDate = (what: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value),
    calendarDay(what).transform((day) => new Date(`${day}T00:00:00Z`)),
  );

export const optionalUrl = z
  .string()
  .trim()
  // « www.exemple.fr » as people write it: the site is reached by https.
  // A scheme is letters before « : », not a host before its port (« exemple.fr:8080 »).
  .overwrite((value) => (value === "" || /^[a-z][a-z\d+-]*:(?!\d)/i.test(value) ? value : `https://${value}`))
  .max(300, "L'adresse du site est trop longue.")
  .regex(/^https?:\/\/[^\s]+\.[^\s]+$/i, "Indiquez l'adresse du site, par exemple www.exemple.fr.")
  .optional();

export const optionalPhone = z
  .string()
  .trim()
  .regex(
    /^(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}$/,
    "Téléphone public : indiquez un numéro de téléphone français, par exemple 02 40 00 00 00.",
  )
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

/**
 * A check across fields run even while other fields are in error (Zod runs an object's
 * refinements only on a valid object: the rule was said only once the rest was fixed), as soon as
 * the fields it reads are valid.
 */
export const whenValid = (...fields: string[]) => ({
  when: (payload: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    typeof payload.value === "object" &&
    payload.value !== null &&
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
});

/** « Toute la ville » and some quartiers ticked together: one of them would be dropped unsaid. */
export function refuseBothTerritories(
  value: { wholeCity: boolean; quartiers: readonly string[] },
  ctx: { addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void },
) {
  if (value.wholeCity && value.quartiers.length > 0)
    ctx.addIssue({
      code: "custom",
      path: ["quartiers"],
      message: "Territoire : cochez « toute la ville » ou des quartiers, pas les deux.",
    });
}
