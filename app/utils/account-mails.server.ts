// The mails that carry account links. Tokens appear only in these mails, never in logs.
// They are sent after the answer: how long a mail server takes must not tell a visitor whether an
// address has an account (a known address gets a mail, an unknown one may not).
import { issueToken } from "~/models/user.server";
import { getDb } from "./db.server";
import { getLegalInfo } from "./legal.server";
import { sendMail } from "./mail.server";
import { emailKey, hitRateLimit, tooManyMessage } from "./rate-limit.server";
import { absoluteUrl } from "./url.server";

const pending = new Set<Promise<void>>();

function sendAfterAnswer(work: () => Promise<void>) {
  // Started on the next turn of the event loop, once the action has returned its answer.
  const sending: Promise<void> = new Promise((resolve) => setImmediate(resolve))
    .then(work)
    .catch((error: unknown) => console.error("An account mail could not be sent:", error))
    .finally(() => pending.delete(sending));
  pending.add(sending);
}

/** Resolves once every account mail queued so far has been handed to the mail server (or failed). */
export async function accountMailsSent(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}

type Recipient = { id: string; email: string; name: string };

/** Refusal of a confirmation link past the limit (LIMITS.confirmationMail), before « Réessayez dans… ». */
export const TOO_MANY_LINKS = "Trop de liens de confirmation demandés en une heure";

/**
 * « Renvoyer le lien » of an unconfirmed account, counted per account and per address
 * (LIMITS.confirmationMail): the refusal to show, or null once the link is on its way.
 */
export async function resendVerificationMail(
  request: Request,
  user: Recipient,
  redirectTo?: string,
): Promise<{ refusal: string } | null> {
  const limit = await hitRateLimit("confirmationMail", [`account:${user.id}`, `to:${emailKey(user.email)}`]);
  if (!limit.ok) return { refusal: tooManyMessage(limit.retryAfterSeconds, TOO_MANY_LINKS) };
  sendVerificationMail(request, user, "verify-email", user.email, redirectTo);
  return null;
}

export function sendVerificationMail(
  request: Request,
  user: Recipient,
  kind: "verify-email" | "change-email" = "verify-email",
  to = user.email,
  /** A path on this site (already checked) the person goes on to once confirmed and logged in. */
  redirectTo?: string,
) {
  sendAfterAnswer(async () => {
    const token = await issueToken(getDb(), { userId: user.id, kind, email: to });
    const link = absoluteUrl(
      `/verifier-email?token=${encodeURIComponent(token)}${redirectTo ? `&redirectTo=${encodeURIComponent(redirectTo)}` : ""}`,
    );
    await sendMail(
      kind === "change-email"
        ? {
            to,
            subject: "Confirmez votre nouvelle adresse e-mail — Coopérons",
            text: `Bonjour ${user.name},\n\nVous avez demandé que votre compte Coopérons utilise désormais cette adresse e-mail, à la place de ${user.email}. Pour confirmer ce changement, ouvrez ce lien :\n${link}\n\nTant que vous ne l'avez pas ouvert, votre compte garde son adresse actuelle. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nL'équipe Coopérons`,
          }
        : {
            to,
            subject: "Confirmez votre adresse e-mail — Coopérons",
            text: `Bonjour ${user.name},\n\nPour confirmer votre adresse e-mail sur Coopérons, ouvrez ce lien :\n${link}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nL'équipe Coopérons`,
          },
    );
  });
}

export function sendPasswordResetMail(request: Request, user: Recipient) {
  sendAfterAnswer(async () => {
    const token = await issueToken(getDb(), { userId: user.id, kind: "reset-password", email: user.email });
    const link = absoluteUrl(`/nouveau-mot-de-passe?token=${encodeURIComponent(token)}`);
    await sendMail({
      to: user.email,
      subject: "Réinitialiser votre mot de passe — Coopérons",
      text: `Bonjour ${user.name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure qui vient :\n${link}\n\nIl ne fonctionne qu'une fois. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.\n\nL'équipe Coopérons`,
    });
  });
}

/** To the owner of an address someone tried to sign up with: the sign-up page never says it is taken. */
export function sendSignupAttemptMail(request: Request, owner: Recipient, redirectTo?: string) {
  // Back to the page the sign-up was started from, once logged in (an idea, a structure to claim).
  const login = redirectTo ? `/connexion?redirectTo=${encodeURIComponent(redirectTo)}` : "/connexion";
  sendAfterAnswer(() =>
    sendMail({
      to: owner.email,
      subject: "Quelqu'un a essayé de créer un compte avec votre adresse — Coopérons",
      text: `Bonjour ${owner.name},\n\nQuelqu'un a essayé de créer un compte Coopérons avec votre adresse e-mail. Vous avez déjà un compte avec cette adresse : aucun autre n'a été créé, et rien n'a changé dans le vôtre.\n\nSi c'était vous, connectez-vous :\n${absoluteUrl(login)}\n\nMot de passe oublié ? Choisissez-en un nouveau :\n${absoluteUrl("/mot-de-passe-oublie")}\n\nSinon, ignorez ce message.\n\nL'équipe Coopérons`,
    }),
  );
}

/** To the owner of an address another account asked to move to: « Mon compte » never says it is taken. */
export function sendAddressTakenMail(request: Request, owner: Recipient) {
  sendAfterAnswer(() =>
    sendMail({
      to: owner.email,
      subject: "Votre adresse e-mail demandée pour un autre compte — Coopérons",
      text: `Bonjour ${owner.name},\n\nDepuis un autre compte Coopérons, quelqu'un a demandé à utiliser votre adresse e-mail. Elle reste celle de votre compte : rien n'a changé.\n\nSi c'était vous, vous avez deux comptes ; celui de cette adresse s'ouvre ici :\n${absoluteUrl("/connexion")}\n\nSinon, ignorez ce message.\n\nL'équipe Coopérons`,
    }),
  );
}

/** Whom to write to when a change of the account was not the person's own (the legal notice's contact). */
const notYou = (what: string) =>
  `Si vous n'êtes pas à l'origine de ${what}, quelqu'un d'autre a peut-être accès à votre compte : écrivez sans tarder à ${getLegalInfo().CONTACT_EMAIL}.`;

/**
 * To the address an account had, once it has moved to another (the change confirmed from the new
 * one): someone who took the account over would otherwise go unnoticed, the old address silent.
 */
export function sendEmailChangedMail(user: { name: string }, previous: string, next: string) {
  sendAfterAnswer(async () => {
    await sendMail({
      to: previous,
      subject: "L'adresse e-mail de votre compte a changé — Coopérons",
      text: `Bonjour ${user.name},\n\nVotre compte Coopérons utilise désormais l'adresse ${next} : les messages du site n'arriveront plus à celle-ci, et c'est avec la nouvelle que vous vous connectez.\n\n${notYou("ce changement")}\n\nL'équipe Coopérons`,
    });
  });
}

/** To the account's address when its password has changed (from « Mon compte » or a reset link). */
export function sendPasswordChangedMail(user: Recipient) {
  sendAfterAnswer(async () => {
    await sendMail({
      to: user.email,
      subject: "Votre mot de passe a été changé — Coopérons",
      text: `Bonjour ${user.name},\n\nLe mot de passe de votre compte Coopérons vient d'être changé ; vos autres appareils ont été déconnectés.\n\nSi c'était vous, il n'y a rien à faire.\n\n${notYou("ce changement")} Vous pouvez aussi choisir un nouveau mot de passe :\n${absoluteUrl("/mot-de-passe-oublie")}\n\nL'équipe Coopérons`,
    });
  });
}
