// The forms of /ccas/equipe (the CCAS's staff) and of the page an invitation's link opens.
import * as z from "~/utils/zod";
import { codeOf, email } from "./fields";

export const CCAS_ROLES = [
  { code: "ccas-admin", label: "Administrateur (appels, équipe)" },
  { code: "ccas-reviewer", label: "Relecteur (modération, instruction)" },
] as const;
export type CcasRoleCode = (typeof CCAS_ROLES)[number]["code"];

/** The role's name in a sentence: « comme administrateur ». */
export function ccasRoleName(role: string | null): string {
  return role === "ccas-admin" ? "administrateur" : role === "ccas-reviewer" ? "relecteur" : "sans rôle";
}

const id = (message: string) => z.string({ message }).min(1, message);

export const StaffInviteSchema = z.object({ intent: z.literal("invite"), email, role: codeOf(CCAS_ROLES, "Rôle") });

export const StaffRoleSchema = z.object({
  intent: z.literal("change-role"),
  userId: id("Choisissez la personne."),
  role: codeOf(CCAS_ROLES, "Rôle"),
});

export const StaffRevokeSchema = z.object({ intent: z.literal("revoke"), userId: id("Choisissez la personne.") });

export const StaffCancelInvitationSchema = z.object({
  intent: z.literal("cancel-invitation"),
  invitationId: id("Choisissez l'invitation à annuler."),
});

export const StaffActionSchema = z.discriminatedUnion(
  "intent",
  [StaffInviteSchema, StaffRoleSchema, StaffRevokeSchema, StaffCancelInvitationSchema],
  { message: "Action inconnue." },
);

export const StaffJoinSchema = z.object({
  token: z.string({ message: "Ce lien est incomplet." }).min(1, "Ce lien est incomplet."),
});
