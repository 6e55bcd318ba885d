// The mail of an invitation, whoever sends it (a structure's admin, the CCAS for a structure left
// without one, the CCAS for its team): the link, how long it lasts, the address to log in with and
// what to do without an account yet, said the same way in each.
import { ORGANISATION_INVITATION_DAYS, STAFF_INVITATION_DAYS } from "~/domain/retention";
import type { Mail } from "./mail.server";
import { absoluteUrl } from "./url.server";

/** Where each kind of invitation is accepted, and for how long its link lasts. */
const KINDS = {
  organisation: { path: "/invitation", days: ORGANISATION_INVITATION_DAYS },
  staff: { path: "/ccas/rejoindre", days: STAFF_INVITATION_DAYS },
} as const;

export function invitationMail({
  to,
  subject,
  intro,
  kind,
  token,
  after,
}: {
  to: string;
  subject: string;
  /** Who invites, to what, as what. */
  intro: string;
  /** A structure's (its members', or the CCAS's for a structure without administrator), or the CCAS team's. */
  kind: keyof typeof KINDS;
  token: string;
  /** What comes once accepted, if anything is to be said. */
  after?: string;
}): Mail {
  const { path, days } = KINDS[kind];
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
