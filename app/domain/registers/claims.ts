// « C'est ma structure » (issue 16): the rules of a claim of an unclaimed register profile, written
// once for the claim page, its server, the CCAS's queue and the tests.
//
// - A proof is an address on the structure's own domain (never a public webmail; the profile's
//   domain when it has a website or an address), confirmed by a mailed link valid 48 hours; or a
//   document (statuts, Kbis…) the CCAS reviews.
// - A claim alone on its profile is accepted when its link is confirmed. As soon as two people
//   claim one profile, the CCAS decides: a confirmed link only marks its proof as given.
import type { Prisma } from "../../generated/prisma/client";
import { WEBMAIL_BRANDS, WEBMAIL_DOMAINS } from "./webmail-domains";

export const CLAIM_METHODS = ["email", "document"] as const;
export type ClaimMethod = (typeof CLAIM_METHODS)[number];

/** How long a mailed claim link stays valid. */
export const CLAIM_LINK_HOURS = 48;

/** The documents that prove a person speaks for a structure. */
export const CLAIM_DOCUMENT_KINDS = [
  { code: "statuts", label: "Statuts de l'association ou de la société" },
  { code: "recepisse", label: "Récépissé de déclaration en préfecture" },
  { code: "kbis", label: "Extrait Kbis" },
  { code: "avis-sirene", label: "Avis de situation au répertoire SIRENE" },
  { code: "pv", label: "Procès-verbal de l'assemblée qui vous a désigné(e)" },
  { code: "autre", label: "Autre document officiel" },
] as const;
export type ClaimDocumentKind = (typeof CLAIM_DOCUMENT_KINDS)[number]["code"];

export const ALREADY_CLAIMED =
  "Cette structure a déjà été revendiquée : une personne en administre la fiche. Si vous en faites partie, demandez-lui de vous inviter ; sinon, écrivez au CCAS.";
/** Claimed once, and nobody is left to administer it (its last member left the platform). */
export const CLAIMED_LEFT_EMPTY =
  "Cette structure a été revendiquée, mais plus personne n'en administre la fiche sur Coopérons, et elle ne peut pas être revendiquée une seconde fois. Si vous la représentez, écrivez au CCAS.";
export const ALREADY_PENDING =
  "Vous avez déjà une demande en cours pour cette structure : attendez sa réponse (ou, pour une adresse e-mail, ouvrez le lien reçu).";
export const CLAIM_UNVERIFIED =
  "Pour revendiquer une structure, confirmez d'abord l'adresse e-mail de votre compte : ouvrez le lien reçu par mail, ou demandez-en un nouveau depuis « Mon compte ».";
export const CLAIM_LINK_INVALID =
  "Ce lien n'est plus valable : il a déjà servi, a expiré, ou la demande a reçu une réponse. Vous pouvez faire une nouvelle demande depuis la fiche de la structure.";
export const CLAIM_WITHDRAWN =
  "Votre demande est annulée : le lien envoyé ne fonctionne plus et votre document a été effacé. Vous pouvez faire une nouvelle demande ci-dessous.";
export const NOTHING_TO_RESEND =
  "Vous n'avez pas de lien en attente pour cette structure : rien n'a été renvoyé. Faites une nouvelle demande si besoin.";
export const NOTHING_TO_WITHDRAW = "Vous n'avez pas de demande en cours pour cette structure : rien n'a été annulé.";
/** The reason mailed to the others when one claim of a profile is accepted. */
export const OTHER_CLAIM_ACCEPTED =
  "Le CCAS a accepté la demande d'une autre personne pour cette structure, qui en administre désormais la fiche. Si vous en faites partie, demandez-lui de vous inviter ; si vous pensez qu'il y a une erreur, écrivez au CCAS.";

/** The domain of an address, lower case; null when it has none. */
export function emailDomainOf(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, "");
  return domain.includes(".") ? domain : null;
}

/** The domain and every parent domain: « mail.asso.fr » → mail.asso.fr, asso.fr, fr. */
function suffixesOf(domain: string): string[] {
  const labels = domain.split(".");
  return labels.map((_, index) => labels.slice(index).join("."));
}

const brandPattern = new RegExp(`^(${WEBMAIL_BRANDS.join("|")})\\.((co|com)\\.)?[a-z]{2,3}$`);
const webmails = new Set<string>(WEBMAIL_DOMAINS);

/** Whether an address on this domain could be anyone's: a public webmail (gmail.com, orange.fr…). */
export function isWebmailDomain(domain: string): boolean {
  return suffixesOf(domain.toLowerCase()).some((suffix) => webmails.has(suffix) || brandPattern.test(suffix));
}

/** A website's host without « www. », lower case; null when it is not a web address. */
function hostOf(website: string): string | null {
  try {
    const url = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`);
    return url.hostname.toLowerCase().replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}

/**
 * The domains a profile already names as its own (its website, its public address), public
 * webmails left out: a claim's address must be on one of them when there are some.
 */
export function knownDomainsOf(profile: { website: string | null; publicEmail: string | null }): string[] {
  const domains = [
    profile.website ? hostOf(profile.website) : null,
    profile.publicEmail ? emailDomainOf(profile.publicEmail) : null,
  ];
  return [
    ...new Set(domains.filter((domain): domain is string => domain !== null && domain.includes(".") && !isWebmailDomain(domain))),
  ];
}

/** Whether the domain is one of the known ones, or a subdomain of one (« paris.asso.fr » for asso.fr). */
const isOnDomain = (domain: string, known: string) => domain === known || domain.endsWith(`.${known}`);

/** Why this address cannot prove the claim (French, the field's message), or null when it can. */
export function claimEmailProblem(email: string, knownDomains: readonly string[]): string | null {
  const domain = emailDomainOf(email);
  if (!domain) return "Indiquez une adresse e-mail valide, par exemple contact@votre-structure.fr.";
  if (isWebmailDomain(domain))
    return `Une adresse ${domain} peut appartenir à n'importe qui : indiquez une adresse sur le nom de domaine de la structure (par exemple contact@votre-structure.fr), ou envoyez plutôt un document.`;
  if (knownDomains.length > 0 && !knownDomains.some((known) => isOnDomain(domain, known)))
    return `L'adresse doit être sur le nom de domaine de la structure (${knownDomains.map((known) => `@${known}`).join(" ou ")}).`;
  return null;
}

/**
 * Whether a confirmed address proves by itself that the person speaks for the structure: only when
 * the profile names a domain of its own (its website, its public address) and the address is on
 * it. Otherwise the link proves only that the person reads that address — anyone can own a domain —
 * and the CCAS decides, comparing the domain with what it knows of the structure.
 */
export function isOnKnownDomain(email: string, knownDomains: readonly string[]): boolean {
  return knownDomains.length > 0 && claimEmailProblem(email, knownDomains) === null;
}

/**
 * Claims still waiting: pending, except a mailed link left to expire unopened (it no longer holds
 * the person's place, nor makes a profile contested).
 */
export function liveClaimWhere(now: Date): Prisma.ProfileClaimWhereInput {
  return {
    status: "pending",
    OR: [{ method: "document" }, { proofConfirmedAt: { not: null } }, { tokenExpiresAt: { gt: now } }],
  };
}

/** Its proof is in: the CCAS may accept it (a link not yet opened proves nothing yet). */
export const hasProof = (claim: { proofConfirmedAt: Date | null }) => claim.proofConfirmedAt !== null;

export const documentKindLabel = (code: string | null) =>
  CLAIM_DOCUMENT_KINDS.find((kind) => kind.code === code)?.label ?? "Document";
