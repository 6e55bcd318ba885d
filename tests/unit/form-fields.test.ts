// What the shared field schemas make of what people type, and of what crafted forms send.
import { describe, expect, it } from "vitest";
import { SignupSchema } from "~/domain/schemas/auth";
import { CallParametersSchema } from "~/domain/schemas/call-edition";
import { createIdeaSchema, InterestSchema } from "~/domain/schemas/idea";
import { createOfferSchema } from "~/domain/schemas/offer";
import { ContactSchema, createOrganisationSchema } from "~/domain/schemas/organisation";
import { ORGANISATION_FIELDS } from "../helpers/form-fixtures";

const parse = (fields: Record<string, unknown>) => createOrganisationSchema([]).safeParse({ ...ORGANISATION_FIELDS, ...fields });

describe("a website", () => {
  it("is completed with https:// when typed as people write it", () => {
    expect(parse({ website: "voisins.fr" }).data?.website).toBe("https://voisins.fr");
    expect(parse({ website: " www.exemple.fr/contact " }).data?.website).toBe("https://www.exemple.fr/contact");
    expect(parse({ website: "http://exemple.fr" }).data?.website).toBe("http://exemple.fr");
    expect(parse({ website: "www.exemple.fr:8080/accueil" }).data?.website).toBe("https://www.exemple.fr:8080/accueil");
    expect(parse({ website: "HTTPS://exemple.fr" }).data?.website).toBe("HTTPS://exemple.fr");
  });

  it("refuses another scheme, a word without a domain, and spaces, with a French message", () => {
    for (const website of [
      "javascript:alert(1)",
      "ftp://exemple.fr",
      "mailto:contact@exemple.fr",
      "localhost:3000",
      "voisins",
      "mon site.fr",
    ]) {
      expect(parse({ website }).error?.issues, website).toEqual([
        expect.objectContaining({ path: ["website"], message: "Indiquez l'adresse du site, par exemple www.exemple.fr." }),
      ]);
    }
  });
});

describe("a name", () => {
  it("stays on one line: line breaks and control characters become one space", () => {
    expect(parse({ name: "Atlantique\r\n\tConseil" }).data?.name).toBe("Atlantique Conseil");
    expect(parse({ name: "Atlantique\u2028Conseil\u0000" }).data?.name).toBe("Atlantique Conseil");
    expect(parse({ name: "\n\n" }).error?.issues).toEqual([
      expect.objectContaining({ path: ["name"], message: "Nom de la structure : ce champ est obligatoire." }),
    ]);
  });
});

describe("a longer text", () => {
  it("keeps its lines and tabs; other control characters (a NUL a crafted form sends) become one space", () => {
    expect(parse({ description: "Premier paragraphe.\r\n\r\n\tSecond." }).data?.description).toBe(
      "Premier paragraphe.\r\n\r\n\tSecond.",
    );
    expect(parse({ description: "avant\u0000après\u001b\u007fla fin\u0000" }).data?.description).toBe("avant après la fin");
    // Nothing but them: nothing said.
    expect(parse({ description: "\u0000\u0001" }).data?.description).toBe("");
  });

  it("required and left empty (or only spaces and control characters) is said so once, not also too short", () => {
    for (const message of ["", "   ", "\u0000\u0000\u0001\t"]) {
      expect(InterestSchema.safeParse({ organisationId: "x", message }).error?.issues, JSON.stringify(message)).toEqual([
        expect.objectContaining({ path: ["message"], message: "Message : ce champ est obligatoire." }),
      ]);
    }
    expect(InterestSchema.safeParse({ organisationId: "x", message: "Bonjour" }).error?.issues).toEqual([
      expect.objectContaining({ path: ["message"], message: "Message : présentez-vous en quelques mots." }),
    ]);
  });
});

describe("a territory", () => {
  it("is the whole city or some quartiers, never both unsaid: both ticked are refused on the quartiers", () => {
    expect(parse({ wholeCity: true, quartiers: ["nantes-nord"] }).error?.issues).toEqual([
      expect.objectContaining({
        path: ["quartiers"],
        message: "Territoire : cochez « toute la ville » ou des quartiers, pas les deux.",
      }),
    ]);
    // Said at once with the other fields' errors, not only once they are fixed.
    expect(parse({ name: "", wholeCity: true, quartiers: ["nantes-nord"] }).error?.issues.map((issue) => issue.path[0])).toEqual([
      "name",
      "quartiers",
    ]);
    expect(parse({ wholeCity: false, quartiers: ["nantes-nord"] }).success).toBe(true);
    expect(parse({ wholeCity: true, quartiers: [] }).success).toBe(true);
  });
});

describe("a person's name", () => {
  it("is asked for as the address and the password beside it are", () => {
    const signup = SignupSchema.safeParse({ name: " ", email: "", password: "" });
    expect(signup.error?.issues.map((issue) => issue.message)).toEqual(
      expect.arrayContaining(["Indiquez votre nom.", "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr."]),
    );
    expect(ContactSchema.safeParse({ name: "", email: "a@exemple.fr", message: "Bonjour à vous tous." }).error?.issues).toEqual([
      expect.objectContaining({ path: ["name"], message: "Indiquez votre nom." }),
    ]);
  });
});

// Zod skips an object's refinements while a field is missing (a form's empty field reaches the
// schema as undefined): each rule across fields was said only after the rest was fixed, one more
// round trip (found for the territory, then for the idea's start). Each is said at once with the
// other fields' errors now.
describe("a rule across fields", () => {
  const paths = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
    result.error?.issues.map((issue) => String(issue.path[0])).sort();

  it("a structure without a territory, with its name missing", () => {
    expect(paths(parse({ name: undefined, wholeCity: false, quartiers: [] }))).toEqual(["name", "quartiers"]);
  });

  it("an idea without a territory, with its title missing", () => {
    const idea = {
      title: undefined,
      summary: "Des voisins formés repèrent les personnes qui ne sortent plus.",
      description: "Avec un bailleur.",
      subAxes: ["2.1"],
      targetPublic: "Locataires isolés",
      wholeCity: false,
      quartiers: [],
    };
    expect(paths(createIdeaSchema(["2.1"]).safeParse(idea))).toEqual(["quartiers", "title"]);
  });

  it("an offer ending before it starts, with its title missing", () => {
    const offer = {
      title: undefined,
      description: "Une salle de réunion.",
      resource: "locaux",
      availability: "Le samedi matin.",
      conditions: "free",
      validFrom: "2027-03-01",
      validUntil: "2027-01-01",
    };
    expect(paths(createOfferSchema().safeParse(offer))).toEqual(["title", "validUntil"]);
  });

  it("a call's parameters with fewer laureates at most than at least, and another field missing", () => {
    const parameters = {
      yearlyEnvelope: undefined,
      minLaureates: 5,
      maxLaureates: 2,
      durationMonths: 24,
      fundingYears: 2,
      latestStart: "2027-06-30",
      latestStartLabel: "30 juin 2027",
      fundingNote: "En deux fois.",
      minMembers: 2,
    };
    expect(paths(CallParametersSchema.safeParse(parameters))).toEqual(["maxLaureates", "yearlyEnvelope"]);
  });
});

describe("a structure's public e-mail and telephone", () => {
  it("name their field in their messages, which the long form also lists at its top", () => {
    expect(parse({ publicEmail: "pas une adresse", publicPhone: "12" }).error?.issues.map((issue) => issue.message)).toEqual([
      "E-mail public : indiquez une adresse e-mail valide, par exemple nom@exemple.fr.",
      "Téléphone public : indiquez un numéro de téléphone français, par exemple 02 40 00 00 00.",
    ]);
    // The sign-up's own address keeps its plain message: it is the form's only address.
    expect(SignupSchema.safeParse({ name: "Camille", email: "x", password: "un mot de passe" }).error?.issues[0]?.message).toBe(
      "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.",
    );
  });
});
