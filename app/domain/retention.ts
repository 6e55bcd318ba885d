// How long personal data is kept: the privacy page (/confidentialite) states these periods and
// `npm run -s data:purge` applies them, so that what the page says is what the site does.

/** A log-in lasts 30 days (app/utils/session.server.ts); an expired session is deleted by the purge. */
export const SESSION_DAYS = 30;

/** Contact messages sent to an organisation are deleted this many months after they were sent. */
export const CONTACT_MESSAGE_MONTHS = 12;

/** Links mailed to a person (address confirmation, new password, change of address): valid 1 hour to 7 days. */
export const TOKEN_VALIDITY = "de 1 heure (nouveau mot de passe) à 7 jours (confirmation de l'adresse)";

/** Invitations into an organisation (14 days) and into the CCAS's staff (7 days). */
export const ORGANISATION_INVITATION_DAYS = 14;
export const STAFF_INVITATION_DAYS = 7;

/**
 * The document a person sent to prove they speak for a structure (« C'est ma structure ») is
 * deleted this many days after the CCAS's answer (at once when the person withdraws the claim).
 */
export const CLAIM_DOCUMENT_DAYS = 30;

/** The oldest moment a contact message sent before is kept. */
export function contactMessagesKeptSince(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - CONTACT_MESSAGE_MONTHS);
  return since;
}

/** Claims answered before this moment no longer keep their document. */
export function claimDocumentsKeptSince(now: Date): Date {
  return new Date(now.getTime() - CLAIM_DOCUMENT_DAYS * 86_400_000);
}
