// The mails that carry account links. Tokens appear only in these mails, never in logs.
import { issueToken } from "~/models/user.server";
import { getDb } from "./db.server";
import { sendMail } from "./mail.server";
import { absoluteUrl } from "./url.server";

export async function sendVerificationMail(
  request: Request,
  user: { id: string; email: string; name: string },
  kind: "verify-email" | "change-email" = "verify-email",
  to = user.email,
) {
  const token = await issueToken(getDb(), { userId: user.id, kind, email: to });
  const link = absoluteUrl(request, `/verifier-email?token=${encodeURIComponent(token)}`);
  await sendMail({
    to,
    subject: "Confirmez votre adresse e-mail — Coopérons",
    text: `Bonjour ${user.name},\n\nPour confirmer votre adresse e-mail sur Coopérons, ouvrez ce lien :\n${link}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nL'équipe Coopérons`,
  });
}

export async function sendPasswordResetMail(request: Request, user: { id: string; email: string; name: string }) {
  const token = await issueToken(getDb(), { userId: user.id, kind: "reset-password", email: user.email });
  const link = absoluteUrl(request, `/nouveau-mot-de-passe?token=${encodeURIComponent(token)}`);
  await sendMail({
    to: user.email,
    subject: "Réinitialiser votre mot de passe — Coopérons",
    text: `Bonjour ${user.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure qui vient :\n${link}\n\nIl ne fonctionne qu'une fois. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.\n\nL'équipe Coopérons`,
  });
}
