// The documents' names, as the upload notices and badges write them: the participle agrees with
// the document (« Convention … signée enregistré » and « Fiche descriptive … déposé » were written).
import { describe, expect, it } from "vitest";
import { documentLabel, documentParticiple, GROUPEMENT_DOCUMENTS } from "~/domain/groupement-documents";

describe("a document's participle", () => {
  it("agrees with each document's name", () => {
    const said = GROUPEMENT_DOCUMENTS.map(
      (document) => `${documentLabel(document.code)} ${documentParticiple(document.code, "enregistré")}`,
    );
    expect(said).toEqual([
      "Fiche descriptive du projet enregistrée",
      "Convention ou lettre d'engagement signée enregistrée",
      "Comptes annuels enregistrés",
      "Rapport d'activité 2024 enregistré",
    ]);
    expect(documentParticiple("project-sheet", "déposé")).toBe("déposée");
    expect(documentParticiple("report", "déposé")).toBe("déposé");
  });
});
