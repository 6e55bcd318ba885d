import * as z from "~/utils/zod";
import { currentPassword, email, newPassword, personName } from "./fields";

export const SignupSchema = z.object({
  name: personName,
  email,
  password: newPassword,
  /** The page that asked for an account (from /connexion): the confirmation link leads back to it. */
  redirectTo: z.string().optional(),
});

export const LoginSchema = z.object({
  email,
  password: z.string({ message: "Indiquez votre mot de passe." }).min(1, "Indiquez votre mot de passe."),
  redirectTo: z.string().optional(),
});

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z.object({ token: z.string().min(1), password: newPassword });

export const TokenSchema = z.object({ token: z.string().min(1, "Ce lien est incomplet.") });

export const ChangeEmailSchema = z.object({ intent: z.literal("change-email"), email, currentPassword });

export const SAME_PASSWORD = "Choisissez un nouveau mot de passe différent de l'actuel.";

export const ChangePasswordSchema = z
  .object({ intent: z.literal("change-password"), currentPassword, newPassword })
  // The same one again changes nothing, yet it logs out the other devices and says « changé ».
  .refine((value) => value.newPassword !== value.currentPassword, { path: ["newPassword"], message: SAME_PASSWORD });

export const ChangeNameSchema = z.object({ intent: z.literal("change-name"), name: personName });

export const DeleteAccountSchema = z.object({
  intent: z.literal("delete-account"),
  currentPassword,
  confirm: z.literal("SUPPRIMER", { message: "Tapez SUPPRIMER en majuscules pour confirmer." }),
});

export const RevokeSessionSchema = z.object({
  intent: z.literal("revoke-session"),
  sessionId: z.string({ message: "Choisissez l'appareil à déconnecter." }).min(1, "Choisissez l'appareil à déconnecter."),
});
