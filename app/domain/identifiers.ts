// French company and association identifiers.

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The digit that, appended to these, makes the number pass Luhn's check (SIRETs in generated data). */
export function luhnCheckDigit(digits: string): string {
  for (let check = 0; check <= 9; check += 1) if (luhnValid(`${digits}${check}`)) return String(check);
  throw new Error("unreachable");
}

/**
 * La Poste's establishments share the SIREN 356 000 000 and are checked differently: the sum of
 * their digits is a multiple of 5. Only the head office (356 000 000 00048) follows Luhn's rule.
 */
const LA_POSTE_SIREN = "356000000";
const LA_POSTE_HEAD_OFFICE = "35600000000048";

/** A SIRET is 14 digits passing Luhn's check, with La Poste's known exception. Spaces are ignored. */
export function isValidSiret(value: string): boolean {
  const digits = value.replace(/\s/g, "");
  if (!/^\d{14}$/.test(digits)) return false;
  if (digits.startsWith(LA_POSTE_SIREN) && digits !== LA_POSTE_HEAD_OFFICE) {
    return [...digits].reduce((total, digit) => total + Number(digit), 0) % 5 === 0;
  }
  return luhnValid(digits);
}

/** RNA number of an association: W followed by 9 digits. */
export function isValidRna(value: string): boolean {
  return /^W\d{9}$/.test(value.replace(/\s/g, "").toUpperCase());
}

export function normaliseSiret(value: string): string {
  return value.replace(/\s/g, "");
}

export function normaliseRna(value: string): string {
  return value.replace(/\s/g, "").toUpperCase();
}
