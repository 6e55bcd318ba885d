// The rules of a claim's proof (app/domain/registers/claims.ts): which addresses prove a structure,
// and which domains the claim form asks for.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimEmailProblem, emailDomainOf, isWebmailDomain, knownDomainsOf } from "~/domain/registers/claims";
import { WEBMAIL_DOMAINS } from "~/domain/registers/webmail-domains";
import { createClaimSchema } from "~/domain/schemas/claim";

describe("public webmails", () => {
  it("refuses every listed provider, its subdomains and the big providers under any country domain", () => {
    for (const domain of WEBMAIL_DOMAINS) {
      expect(isWebmailDomain(domain), domain).toBe(true);
      expect(isWebmailDomain(`mail.${domain}`), domain).toBe(true);
    }
    for (const domain of ["hotmail.co.uk", "yahoo.es", "outlook.be", "gmail.de", "proton.ch", "GMAIL.COM"])
      expect(isWebmailDomain(domain), domain).toBe(true);
  });

  it("accepts a structure's own domain, even one that contains a provider's name", () => {
    for (const domain of ["asso-quartier.fr", "gmail-solidaire.org", "orange-bleue.fr", "ccas.nantes.fr", "livre-ouvert.fr"])
      expect(isWebmailDomain(domain), domain).toBe(false);
  });
});

describe("the address of a claim", () => {
  it("reads the domain in lower case, and none from a malformed address", () => {
    expect(emailDomainOf("Bureau@Asso-Quartier.FR")).toBe("asso-quartier.fr");
    expect(emailDomainOf("pas-une-adresse")).toBeNull();
    expect(emailDomainOf("nom@localhost")).toBeNull();
  });

  it("takes the profile's domains from its website and public address, webmails left out", () => {
    expect(knownDomainsOf({ website: "https://www.asso-quartier.fr/contact", publicEmail: "contact@asso-quartier.fr" })).toEqual([
      "asso-quartier.fr",
    ]);
    expect(knownDomainsOf({ website: "asso.org", publicEmail: "asso@gmail.com" })).toEqual(["asso.org"]);
    expect(knownDomainsOf({ website: null, publicEmail: null })).toEqual([]);
  });

  it("must be on a known domain (or a subdomain of it) when the profile has one", () => {
    expect(claimEmailProblem("contact@asso.org", ["asso.org"])).toBeNull();
    expect(claimEmailProblem("contact@antenne.asso.org", ["asso.org"])).toBeNull();
    expect(claimEmailProblem("contact@fauxasso.org", ["asso.org"])).toBe(
      "L'adresse doit être sur le nom de domaine de la structure (@asso.org).",
    );
    expect(claimEmailProblem("contact@gmail.com", [])).toMatch(/peut appartenir à n'importe qui/);
  });

  it("the shared schema gives the same answer as the rule, for any address", () => {
    const schema = createClaimSchema(["asso.org"]);
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const parsed = schema.safeParse({ intent: "email", email: address });
        const problem = claimEmailProblem(address.toLowerCase(), ["asso.org"]);
        if (problem) expect(parsed.success).toBe(false);
        if (parsed.success) expect(problem).toBeNull();
      }),
    );
  });
});
