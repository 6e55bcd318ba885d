import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDay,
  formatEuros,
  formatNumber,
  formatRange,
  ofName,
  formatRate,
  formatTime,
} from "~/domain/format";

// Intl puts narrow no-break spaces in French numbers; compare on plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("French formatting in Europe/Paris", () => {
  it("prints the deadline as the call says it, whatever the server's time zone", () => {
    expect(formatDateTime(new Date("2025-07-16T16:00:00Z"))).toBe("16 juillet 2025 à 18 h");
  });

  it("prints minutes only when there are some", () => {
    expect(formatTime(new Date("2025-05-15T10:30:00Z"))).toBe("12 h 30");
    expect(formatTime(new Date("2025-05-15T07:00:00Z"))).toBe("9 h");
  });

  it("writes the first of the month as 1er", () => {
    expect(formatDay(new Date("2026-01-01T10:00:00Z"))).toBe("1er janvier 2026");
    expect(formatDay(new Date("2026-01-11T10:00:00Z"))).toBe("11 janvier 2026");
  });

  it("uses the Paris calendar day near midnight", () => {
    // 23:30 UTC on 29 April is already 30 April in Paris (UTC+2).
    expect(formatDay(new Date("2025-04-29T22:30:00Z"))).toBe("30 avril 2025");
  });

  it("describes a webinar slot on one day", () => {
    expect(formatRange(new Date("2025-05-15T10:30:00Z"), new Date("2025-05-15T11:30:00Z"), "datetime")).toBe(
      "15 mai 2025, de 12 h 30 à 13 h 30",
    );
  });

  it("describes two consecutive days and longer ranges", () => {
    expect(formatRange(new Date("2025-09-17T22:00:00Z"), new Date("2025-09-18T22:00:00Z"), "date")).toBe(
      "18 et 19 septembre 2025",
    );
    expect(formatRange(new Date("2025-09-09T22:00:00Z"), new Date("2025-09-19T22:00:00Z"), "date")).toBe(
      "du 10 au 20 septembre 2025",
    );
    expect(formatRange(new Date("2025-10-01T10:00:00Z"), new Date("2025-11-15T10:00:00Z"), "date")).toBe(
      "du 1er octobre au 15 novembre 2025",
    );
  });

  it("formats euros and numbers the French way", () => {
    expect(plain(formatEuros(250_000))).toBe("250 000 €");
    expect(plain(formatNumber(314_129))).toBe("314 129");
  });
});

describe("formatRate", () => {
  it("always writes two decimals, so that a column of rates aligns", () => {
    expect(formatRate(5.4)).toBe("5,40");
    expect(formatRate(0)).toBe("0,00");
    expect(formatRate(10.194)).toBe("10,19");
    expect(formatRate(1234.5)).toBe("1\u202f234,50");
  });
});

describe("ofName", () => {
  it("elides before a vowel and contracts the article of a name (« de Les Petits Liens » was written)", () => {
    expect(ofName("Bellevue Solidaire")).toBe("de Bellevue Solidaire");
    expect(ofName(" Atlantique Conseil")).toBe("d'Atlantique Conseil");
    expect(ofName("Les Petits Liens")).toBe("des Petits Liens");
    expect(ofName("Le Jardin partagé")).toBe("du Jardin partagé");
    expect(ofName("La Maison des voisins")).toBe("de La Maison des voisins");
    expect(ofName("Lesage et fils")).toBe("de Lesage et fils");
  });

  it("elides before a mute h, not before an h aspiré (« de Habitat Exemple » was written)", () => {
    expect(ofName("Habitat Exemple")).toBe("d'Habitat Exemple");
    expect(ofName("Hôpital de jour")).toBe("d'Hôpital de jour");
    expect(ofName("Handicap Services")).toBe("de Handicap Services");
    expect(ofName("Hameau des Dervallières")).toBe("de Hameau des Dervallières");
    expect(ofName("Hlm Atlantique")).toBe("de Hlm Atlantique");
  });
});
