// A groupement as its workspace holds it (project, budget, members, codes as lists), and the one
// answer to "what is a project → eligibility input". The workspace loader, the live preview in the
// browser and the application file all reach it through `assessGroupement`
// (./groupement-assessment), so the panel, its preview and the exported file cannot disagree. Pure, safe in the browser. (The `npm run eligibility` file is
// already an eligibility input, checked by its schema.)
import type { GroupementInput, GroupementMemberInput } from "./eligibility";

type ProjectInput = GroupementInput["project"];

export type GroupementProject = {
  title: string;
  subAxes: string[];
  addressesIsolation: boolean;
  addressesPrecarity: boolean;
  wholeCity: boolean;
  quartiers: string[];
  /** "YYYY-MM-DD", or "" while not chosen. */
  startDate: string;
  durationMonths: number;
  cooperation: string;
  cooperationJustification: string;
  beneficiaries: number | null;
  replicability: string;
};

export type GroupementBudget = ProjectInput["budget"];

export type GroupementMember = {
  name: string;
  sector: string;
  kind: string;
  isLead: boolean;
  /** "active", or "invited" until the structure accepts. */
  status: string;
  subsidyShare: number;
  resources: string[];
  commitment: string | null;
  role: string;
  /** An admin of the structure confirmed its contribution as it stands (the dossier needs it, the rules do not). */
  confirmed: boolean;
};

export type Groupement = { project: GroupementProject; budget: GroupementBudget; members: readonly GroupementMember[] };

/**
 * A project with no start date yet is "too late" for project.start. The panel and the file show
 * that rule « à compléter » instead (./groupement-assessment), never this date.
 */
export const NO_START_DATE = "9999-12-31";

/**
 * The groupement as the call's rules read it: only active members count (an invited structure has
 * not joined yet). Codes pass through as they are: the forms only accept known ones, and the rules
 * report anything else (an unknown sub-axis, a missing cooperation) in their own words.
 */
export function toEligibilityInput({ project, budget, members }: Groupement): GroupementInput {
  return {
    project: {
      title: project.title,
      subAxes: [...project.subAxes],
      addressesIsolation: project.addressesIsolation,
      addressesPrecarity: project.addressesPrecarity,
      territory: { wholeCity: project.wholeCity, quartiers: [...project.quartiers] as ProjectInput["territory"]["quartiers"] },
      startDate: project.startDate || NO_START_DATE,
      durationMonths: project.durationMonths,
      cooperation: project.cooperation as ProjectInput["cooperation"],
      cooperationJustification: project.cooperationJustification,
      scale: { beneficiaries: project.beneficiaries, replicability: project.replicability },
      budget: { operating: budget.operating, participation: budget.participation, equipment: budget.equipment },
    },
    members: members
      .filter((member) => member.status === "active")
      .map((member) => ({
        name: member.name,
        sector: member.sector as GroupementMemberInput["sector"],
        kind: member.kind as GroupementMemberInput["kind"],
        isLead: member.isLead,
        subsidyShare: member.subsidyShare,
        resources: [...member.resources] as GroupementMemberInput["resources"],
        commitment: member.commitment as GroupementMemberInput["commitment"],
        role: member.role,
      })),
  };
}
