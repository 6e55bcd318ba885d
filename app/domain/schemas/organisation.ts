import * as z from "~/utils/zod";
import { isValidRna, isValidSiret, normaliseRna, normaliseSiret } from "../identifiers";
import type { QuartierCollection } from "../geo";
import { KINDS, QUARTIERS, RESOURCES, SECTORS } from "../taxonomy";
import {
  checkPointInNantes,
  codeOf,
  codesOf,
  email,
  emailOf,
  latitude,
  longitude,
  optionalPhone,
  optionalText,
  optionalUrl,
  personName,
  refuseBothTerritories,
  whenValid,
  requiredLine,
  requiredText,
} from "./fields";

export const SHORT_DESCRIPTION_MAX = 280;

/**
 * The profile form for a call: its sub-axes must be that call's. With the quartiers' shapes (the
 * server's actions), a point outside Nantes is refused; stored forms are read back without them.
 */
export const createOrganisationSchema = (
  subAxisCodes: readonly string[],
  { quartiers }: { quartiers?: QuartierCollection } = {},
) =>
  z
    .object({
      name: requiredLine("Nom de la structure", 150),
      shortDescription: requiredText("Présentation courte", SHORT_DESCRIPTION_MAX),
      description: optionalText("Description", 5000),
      sector: codeOf(SECTORS, "Secteur"),
      kind: codeOf(KINDS, "Nature juridique"),
      siret: z
        .string()
        .trim()
        .refine(isValidSiret, "Le SIRET doit comporter 14 chiffres valides (vérifiez qu'il n'y a pas d'erreur de saisie).")
        .transform(normaliseSiret)
        .optional(),
      rna: z
        .string()
        .trim()
        .refine(isValidRna, "Le numéro RNA commence par W suivi de 9 chiffres, par exemple W443001234.")
        .transform(normaliseRna)
        .optional(),
      website: optionalUrl,
      publicEmail: emailOf("E-mail public").optional(),
      publicPhone: optionalPhone,
      address: optionalText("Adresse", 300),
      latitude: latitude.optional(),
      longitude: longitude.optional(),
      homeQuartier: codeOf(QUARTIERS, "Quartier de l'adresse").optional(),
      wholeCity: z.boolean().default(false),
      quartiers: codesOf(QUARTIERS, "Quartiers d'action"),
      subAxes: z
        .array(z.string())
        .default([])
        .refine((codes) => codes.every((code) => subAxisCodes.includes(code)), "Sous-axes : choisissez parmi ceux de l'appel."),
      offers: codesOf(RESOURCES, "Ressources proposées"),
      seeks: codesOf(RESOURCES, "Ressources recherchées"),
    })
    .superRefine(
      (value, ctx) => {
        if ((value.latitude === undefined) !== (value.longitude === undefined)) {
          ctx.addIssue({
            code: "custom",
            path: ["latitude"],
            message: "Placez le point sur la carte, ou choisissez un quartier.",
          });
        }
        checkPointInNantes(quartiers, value, ctx);
        // The quartier of the address counts as where the structure acts when none is ticked.
        const hasHome = value.homeQuartier !== undefined || value.latitude !== undefined;
        if (!value.wholeCity && value.quartiers.length === 0 && !hasHome) {
          ctx.addIssue({
            code: "custom",
            path: ["quartiers"],
            message: "Territoire : cochez au moins un quartier, ou « toute la ville ».",
          });
        }
      },
      whenValid("latitude", "longitude", "homeQuartier", "wholeCity", "quartiers"),
    )
    .superRefine(refuseBothTerritories, whenValid("wholeCity", "quartiers"));

export type OrganisationInput = z.output<ReturnType<typeof createOrganisationSchema>>;

/** What publication requires beyond a valid form: an identifier, except for City bodies. */
export function publicationProblems(organisation: { kind: string; siret: string | null; rna: string | null }): string[] {
  if (organisation.kind === "etablissement-public-ville") return [];
  return organisation.siret || organisation.rna
    ? []
    : ["Indiquez un SIRET ou un numéro RNA : il est nécessaire pour publier la fiche."];
}

export const MEMBER_ROLES = [
  { code: "admin", label: "Administrateur" },
  { code: "editor", label: "Éditeur" },
] as const;

export const InviteSchema = z.object({ intent: z.literal("invite"), email, role: codeOf(MEMBER_ROLES, "Rôle") });

/** The CCAS invites an administrator for a structure that has none (/ccas/structures-sans-administrateur). */
export const OrphanAdminInvitationSchema = z.object({
  organisationId: z.string({ message: "Choisissez la structure." }).min(1, "Choisissez la structure."),
  email,
});

export const RemoveMemberSchema = z.object({
  intent: z.literal("remove"),
  userId: z.string({ message: "Choisissez le membre à retirer." }).min(1, "Choisissez le membre à retirer."),
});

export const LeaveSchema = z.object({ intent: z.literal("leave") });

export const CancelInvitationSchema = z.object({
  intent: z.literal("cancel-invitation"),
  invitationId: z.string({ message: "Choisissez l'invitation à annuler." }).min(1, "Choisissez l'invitation à annuler."),
});

/** Every form of the members page, told apart by its button's intent. */
export const MembersActionSchema = z.discriminatedUnion(
  "intent",
  [InviteSchema, RemoveMemberSchema, LeaveSchema, CancelInvitationSchema],
  { message: "Action inconnue." },
);

/** The answer to an invitation, from the page its link opens. */
export const InvitationAnswerSchema = z.object({
  token: z.string({ message: "Ce lien est incomplet." }).min(1, "Ce lien est incomplet."),
  // Without a button's intent, the form's first button: accept.
  intent: z.enum(["accept", "decline"], { message: "Choisissez d'accepter ou de refuser l'invitation." }).default("accept"),
});

export const ContactSchema = z.object({
  name: personName,
  email,
  message: requiredText("Message", 3000).refine((text) => text.length >= 10, "Message : écrivez au moins quelques mots."),
  /** Honeypot: hidden from people, filled by robots. */
  website: z.string().max(0, "Ce champ doit rester vide.").optional(),
});
