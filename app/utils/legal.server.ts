// Who publishes and hosts the site, and whom to write to: read from the environment for the legal
// notice, the privacy page and the accessibility statement. Unset, each takes a fictitious value of
// the demo, and the pages say so, so that no deployment shows invented details as if they were true.
import { getEnv } from "./env.server";
import { siteOrigin } from "./url.server";

export const LEGAL_VARIABLES = {
  PUBLISHER_NAME: "Éditeur de démonstration (fictif)",
  PUBLISHER_ADDRESS: "1 rue de l'Exemple, 44000 Nantes (adresse fictive)",
  PUBLICATION_DIRECTOR: "Directrice de la publication de démonstration (fictive)",
  HOST_NAME: "Hébergeur de démonstration (fictif)",
  HOST_ADDRESS: "2 avenue de l'Exemple, 44000 Nantes (adresse fictive)",
  CONTACT_EMAIL: "contact@cooperons.example",
  DPO_EMAIL: "dpo@cooperons.example",
  /** The day the accessibility statement was written or last checked, in words. */
  ACCESSIBILITY_STATEMENT_DATE: "30 novembre 2026",
} as const;
export type LegalVariable = keyof typeof LEGAL_VARIABLES;

export type LegalInfo = Record<LegalVariable, string> & {
  siteUrl: string;
  /** The variables left unset, shown with their demo value. */
  demoValues: LegalVariable[];
  /** Outside services the browser or the server reaches with what a person types or who they are. */
  geocoder: boolean;
  tilesHost: string | null;
};

function hostOf(template: string | undefined): string | null {
  if (!template) return null;
  try {
    return new URL(template.replace(/[{}]/g, "")).host;
  } catch {
    return null;
  }
}

export function getLegalInfo(variables: NodeJS.ProcessEnv = process.env): LegalInfo {
  const values = {} as Record<LegalVariable, string>;
  const demoValues: LegalVariable[] = [];
  for (const name of Object.keys(LEGAL_VARIABLES) as LegalVariable[]) {
    const value = variables[name]?.trim();
    if (value) values[name] = value;
    else {
      values[name] = LEGAL_VARIABLES[name];
      demoValues.push(name);
    }
  }
  const env = getEnv();
  return {
    ...values,
    siteUrl: siteOrigin(),
    // The statement's date is not a detail anyone could mistake for a real one.
    demoValues: demoValues.filter((name) => name !== "ACCESSIBILITY_STATEMENT_DATE"),
    geocoder: Boolean(env.GEOCODER_URL),
    tilesHost: hostOf(env.TILE_URL),
  };
}
