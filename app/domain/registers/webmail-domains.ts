// Public webmail providers: an address there proves nothing about a structure (anyone can open
// « asso-du-quartier@gmail.com »), so a claim by e-mail refuses them. Kept as data, reviewable:
// add a provider here and the claim form, its server check and the tests follow.

/** Domains, and every subdomain of them, whose addresses anyone can open. */
export const WEBMAIL_DOMAINS = [
  // French access providers' mailboxes
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "freesbee.fr",
  "aliceadsl.fr",
  "libertysurf.fr",
  "sfr.fr",
  "neuf.fr",
  "cegetel.net",
  "club-internet.fr",
  "noos.fr",
  "numericable.fr",
  "bbox.fr",
  "laposte.net",
  "9online.fr",
  "voila.fr",
  "nordnet.fr",
  // International webmails
  "gmail.com",
  "googlemail.com",
  "hotmail.com",
  "hotmail.fr",
  "live.com",
  "live.fr",
  "msn.com",
  "outlook.com",
  "outlook.fr",
  "yahoo.com",
  "yahoo.fr",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "aol.fr",
  "gmx.com",
  "gmx.fr",
  "gmx.net",
  "mail.com",
  "proton.me",
  "protonmail.com",
  "protonmail.ch",
  "pm.me",
  "tutanota.com",
  "tuta.io",
  "zoho.com",
  "yandex.com",
  "yandex.ru",
  "mailo.com",
  "netcourrier.com",
  "caramail.com",
  "lilo.org",
] as const;

/** Providers with a mailbox under many country domains (hotmail.co.uk, yahoo.es…): any of them. */
export const WEBMAIL_BRANDS = ["gmail", "hotmail", "outlook", "live", "yahoo", "proton", "protonmail", "icloud", "gmx"] as const;
