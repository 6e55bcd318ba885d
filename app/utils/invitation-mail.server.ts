// The mail of an invitation, whoever sends it (a structure's admin, the CCAS for a structure left
// without one, the CCAS for its team): the link, how long it lasts, the address to log in with and
// what to do without an account yet, said the same way in each.
import type { Mail } from "./mail.server";
import { absoluteUrl } from "./url.server";

export function invitationMail({
  to,
  subject,
  intro,
  path,
  token,
  days,
  after,
}: {
  to: string;
  subject: string;
  /** Who invites, to what, as what. */
  intro: string;
  /** The page that accepts it (`/invitation`, `/ccas/rejoindre`). */
  path: string;
  token: string;
  days: number;
  /** What comes once accepted, if anything is to be said. */
  after?: string;
}): Mail {
  const link = absoluteUrl(`${path}?token=${encodeURIComponent(token)}`);
  return {
    to,
    subject,
    text: [
      "Bonjour,",
      intro,
      `Pour accepter, ouvrez ce lien (valable ${days} jours) et connectez-vous avec cette adresse, ${to} :\n${link}`,
      `Si vous n'avez pas encore de compte, créez-le d'abord avec cette même adresse (${absoluteUrl("/inscription")}), puis rouvrez le lien.`,
      ...(after ? [after] : []),
      "L'équipe Coopérons",
    ].join("\n\n"),
  };
}
