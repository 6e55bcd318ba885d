// French formatting of dates and amounts, always in the call's time zone (Europe/Paris), so a
// server in UTC and a browser elsewhere print the same thing.
export const TIME_ZONE = "Europe/Paris";

const dayFormat = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE });
const dayNoYearFormat = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", timeZone: TIME_ZONE });
const timeParts = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TIME_ZONE });
const partsFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: TIME_ZONE });

/** "1er" for the first of the month, as French typography wants. */
function withFirst(text: string): string {
  return text.replace(/^1 /, "1er ");
}

export function formatDay(date: Date): string {
  return withFirst(dayFormat.format(date));
}

/** "18 h" or "12 h 30". */
export function formatTime(date: Date): string {
  const [hours, minutes] = timeParts.format(date).split(":");
  return minutes === "00" ? `${Number(hours)} h` : `${Number(hours)} h ${minutes}`;
}

export function formatDateTime(date: Date): string {
  return `${formatDay(date)} à ${formatTime(date)}`;
}

/** Calendar day in Europe/Paris as "YYYY-MM-DD". */
export function localDay(date: Date): string {
  return partsFormat.format(date);
}

export function formatRange(start: Date, end: Date, precision: "datetime" | "date"): string {
  if (precision === "datetime") {
    if (localDay(start) === localDay(end)) return `${formatDay(start)}, de ${formatTime(start)} à ${formatTime(end)}`;
    return `du ${formatDateTime(start)} au ${formatDateTime(end)}`;
  }
  const [sy, sm] = localDay(start).split("-");
  const [ey, em] = localDay(end).split("-");
  if (sy === ey && sm === em) {
    const endText = formatDay(end);
    const startDay = withFirst(String(Number(localDay(start).slice(8))));
    const consecutive = end.getTime() - start.getTime() <= 26 * 3600 * 1000;
    return `${consecutive ? "" : "du "}${startDay} ${consecutive ? "et" : "au"} ${endText}`;
  }
  const startText = sy === ey ? withFirst(dayNoYearFormat.format(start)) : formatDay(start);
  return `du ${startText} au ${formatDay(end)}`;
}

const euroFormat = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });

/** A structure's register numbers as said in French (« SIRET … », « RNA … »), those it has. */
export function registerNumbers({ siret, rna }: { siret?: string | null; rna?: string | null }): string[] {
  return [siret ? `SIRET ${siret}` : null, rna ? `RNA ${rna}` : null].filter((number) => number !== null);
}

/** "250 000 €" with French narrow no-break spaces. */
export function formatEuros(amount: number): string {
  return euroFormat.format(amount);
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

const decimalFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** "1,41" */
export function formatDecimal(value: number): string {
  return decimalFormat.format(value);
}

const rateFormat = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "5,40": two decimals always, so that a column of rates reads and aligns (5,40 under 5,54, not 5,4). */
export function formatRate(value: number): string {
  return rateFormat.format(value);
}

/**
 * "de Bellevue Solidaire", "d'Atlantique Conseil", "d'Œuvre…", "d'Habitat…": French elision
 * before a vowel sound (a mute h included); and the article's contraction: "des Petits Liens" (not "de Les Petits Liens"), "du
 * Jardin partagé" (not "de Le Jardin…").
 */
export function ofName(name: string): string {
  const trimmed = name.trim();
  const contracted = /^(les|le)\s+(.+)$/i.exec(trimmed);
  if (contracted) return `${contracted[1]!.toLowerCase() === "les" ? "des" : "du"} ${contracted[2]}`;
  return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(trimmed) || startsWithMuteH(trimmed) ? `d'${trimmed}` : `de ${trimmed}`;
}

/**
 * The h that does not stop elision (« d'Habitat Exemple », « d'Hôpital… »), unlike the h aspiré
 * of the words below (« de Handicap Services », « de Hameau… »), which keep « de ».
 */
const ASPIRATED_H =
  /^(hache|haie|haillon|haine|hall|halle|halte|hameau|hamac|hanche|handball|handicap|hangar|hanneton|hantise|harangue|haricot|harpe|hasard|hâte|hausse|haut|havre|hérisson|héros|hêtre|hibou|hiérarchie|hockey|hollande|homard|hongrie|honte|hors|hotte|houblon|houle|housse|huit|hurle|hutte)/i;

function startsWithMuteH(name: string): boolean {
  return /^h[aeiouyàâäéèêëîïôöùûü]/i.test(name) && !ASPIRATED_H.test(name);
}

/**
 * A count and its noun, as French writes it: « 1 personne », « 2 personnes », and 0 in the
 * singular — « aucune personne » when `none` is given (its gender is the caller's), else
 * « 0 personne ». `many` defaults to `one` with an « s ».
 */
export function plural(count: number, one: string, { many = `${one}s`, none }: { many?: string; none?: string } = {}): string {
  if (count === 0 && none !== undefined) return none;
  return `${formatNumber(count)} ${count > 1 ? many : one}`;
}

/** A sentence continued after « : » (French puts no capital there): « Le document… » → « le document… ». */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const LIST = new Intl.ListFormat("fr", { style: "long", type: "conjunction" });

/** « a, b et c ». */
export function listFr(items: readonly string[]): string {
  return LIST.format(items);
}
