// The call's eligibility rules, checked on a groupement (project + members). Pure: the UI, the
// command line and the tests all call checkEligibility. Rule ids are a contract (DOMAIN.md);
// every parameter comes from the call, none is written here.
import type { CallData } from "./call";
import { subAxisCodes } from "./call";
import type {
  BudgetCategoryCode,
  CommitmentCode,
  CooperationCode,
  KindCode,
  QuartierSlug,
  ResourceCode,
  SectorCode,
} from "./taxonomy";
import { formatEuros } from "./format";

export type GroupementMemberInput = {
  name: string;
  sector: SectorCode;
  kind: KindCode;
  isLead: boolean;
  subsidyShare: number;
  resources: ResourceCode[];
  commitment: CommitmentCode | null;
  role?: string;
};

export type GroupementInput = {
  project: {
    title: string;
    subAxes: string[];
    addressesIsolation: boolean;
    addressesPrecarity: boolean;
    territory: { wholeCity: boolean; quartiers: QuartierSlug[] };
    /** "YYYY-MM-DD" */
    startDate: string;
    durationMonths: number;
    cooperation: CooperationCode;
    cooperationJustification?: string;
    scale: { beneficiaries?: number | null; replicability?: string | null };
    budget: Record<BudgetCategoryCode, number>;
  };
  members: GroupementMemberInput[];
};

/** What the rules need from a call. */
export type CallParameters = {
  slug: string;
  yearlyEnvelope: number;
  fundingYears: number;
  minLaureates: number;
  minMembers: number;
  durationMonths: number;
  /** "YYYY-MM-DD", inclusive */
  latestStart: string;
  subAxes: string[];
};

export function callParameters(call: CallData): CallParameters {
  return {
    slug: call.slug,
    yearlyEnvelope: call.yearlyEnvelope,
    fundingYears: call.fundingYears,
    minLaureates: call.minLaureates,
    minMembers: call.minMembers,
    durationMonths: call.durationMonths,
    latestStart: call.latestStart,
    subAxes: subAxisCodes(call),
  };
}

export type RuleStatus = "pass" | "fail" | "warn";
export type RuleResult = { id: RuleId; status: RuleStatus; message: string };

export const RULE_IDS = [
  "members.count",
  "members.sectors",
  "lead.single",
  "lead.not-city-body",
  "subsidy.no-company",
  "subsidy.split",
  "budget.equipment",
  "budget.envelope",
  "project.sub-axis",
  "project.isolation-and-precarity",
  "project.territory",
  "project.duration",
  "project.start",
  "project.scale",
  "cooperation.new-or-reinforced",
  "cooperation.economic",
  "members.commitment",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

const pass = (message: string) => ({ status: "pass" as const, message });
const fail = (message: string) => ({ status: "fail" as const, message });
const warn = (message: string) => ({ status: "warn" as const, message });

const list = (names: string[]) => names.map((name) => `« ${name} »`).join(", ");

/** The call's sector rule (`members.sectors`): members come from at least this many sectors. */
export const MIN_DISTINCT_SECTORS = 2;

/** Companies outside the ESS, syndics and ESS structures, or any member of the economic sector. */
export function isEconomicWorld(member: Pick<GroupementMemberInput, "sector" | "kind">): boolean {
  return member.sector === "economique" || member.kind === "entreprise" || member.kind === "ess" || member.kind === "syndic";
}

type Rule = (groupement: GroupementInput, call: CallParameters) => { status: RuleStatus; message: string };

const RULES: Record<RuleId, Rule> = {
  "members.count": ({ members }, call) => {
    if (members.length < call.minMembers) {
      return fail(
        `Le groupement compte ${members.length} structure${members.length > 1 ? "s" : ""} : il en faut au moins ${call.minMembers}. Ajoutez un partenaire.`,
      );
    }
    if (members.length === call.minMembers) {
      return warn(`Le groupement compte ${members.length} structures, le minimum : l'appel préfère davantage de partenaires.`);
    }
    return pass(`Le groupement compte ${members.length} structures.`);
  },
  "members.sectors": ({ members }) => {
    const sectors = new Set(members.map((member) => member.sector));
    return sectors.size >= MIN_DISTINCT_SECTORS
      ? pass(`${sectors.size} secteurs différents sont représentés.`)
      : fail("Les membres doivent venir d'au moins deux secteurs différents : ajoutez un partenaire d'un autre secteur.");
  },
  "lead.single": ({ members }) => {
    const leads = members.filter((member) => member.isLead);
    if (leads.length === 1) return pass(`Le chef de file est « ${leads[0]!.name} ».`);
    return leads.length === 0
      ? fail("Désignez un chef de file : la structure qui coordonne le projet et dialogue avec le CCAS.")
      : fail(`Il ne peut y avoir qu'un chef de file ; ${list(leads.map((lead) => lead.name))} le sont tous.`);
  },
  "lead.not-city-body": ({ members }) => {
    const cityLeads = members.filter((member) => member.isLead && member.kind === "etablissement-public-ville");
    return cityLeads.length === 0
      ? pass("Le chef de file n'est pas un établissement public de la Ville.")
      : fail(
          `${list(cityLeads.map((lead) => lead.name))} est un établissement public de la Ville : il peut être partenaire, pas chef de file. Confiez ce rôle à un autre membre.`,
        );
  },
  "subsidy.no-company": ({ members }) => {
    const wrong = members.filter(
      (member) => (member.kind === "entreprise" || member.kind === "etablissement-public-ville") && member.subsidyShare > 0,
    );
    return wrong.length === 0
      ? pass("Aucune entreprise hors ESS ni établissement public de la Ville ne reçoit de subvention.")
      : fail(
          `${list(wrong.map((member) => member.name))} ne peu${wrong.length > 1 ? "vent" : "t"} pas recevoir de part de la subvention (entreprise hors ESS ou établissement public de la Ville) : ramenez sa part à 0 €.`,
        );
  },
  "subsidy.split": ({ members, project }) => {
    const total = budgetTotal(project.budget);
    const shares = members.reduce((sum, member) => sum + member.subsidyShare, 0);
    if (shares === total) return pass(`Les parts des membres (${formatEuros(shares)}) correspondent au budget demandé.`);
    const gap = total - shares;
    return fail(
      `Les parts des membres font ${formatEuros(shares)} pour un budget de ${formatEuros(total)} : ${gap > 0 ? `il manque ${formatEuros(gap)} à répartir` : `${formatEuros(-gap)} de trop sont répartis`}.`,
    );
  },
  "budget.equipment": ({ project }) => {
    const { equipment, operating, participation } = project.budget;
    if (equipment === 0) return pass("Aucune dépense d'équipement n'est demandée.");
    const total = budgetTotal(project.budget);
    const largestOther = Math.max(operating, participation);
    if (equipment >= total)
      return fail(
        "L'équipement ne peut pas constituer toute la demande : ajoutez les dépenses de fonctionnement et d'accompagnement.",
      );
    if (equipment >= largestOther) {
      return fail(
        `L'équipement (${formatEuros(equipment)}) doit rester inférieur à la plus grande autre catégorie (${formatEuros(largestOther)}) : réduisez-le ou rééquilibrez le budget.`,
      );
    }
    return pass("L'équipement reste inférieur aux autres catégories de dépenses.");
  },
  "budget.envelope": ({ project }, call) => {
    const perYear = budgetTotal(project.budget) / call.fundingYears;
    if (perYear > call.yearlyEnvelope) {
      return fail(
        `La demande représente ${formatEuros(perYear)} par an, plus que l'enveloppe annuelle de l'appel (${formatEuros(call.yearlyEnvelope)}) : réduisez le budget.`,
      );
    }
    const share = call.yearlyEnvelope / call.minLaureates;
    if (perYear > share) {
      return warn(
        `La demande représente ${formatEuros(perYear)} par an, plus que la part d'un lauréat si ${call.minLaureates} projets sont retenus (${formatEuros(share)}) : elle a peu de chances d'être financée en entier.`,
      );
    }
    return pass(`La demande représente ${formatEuros(perYear)} par an, dans l'enveloppe de l'appel.`);
  },
  "project.sub-axis": ({ project }, call) => {
    if (project.subAxes.length === 0) return fail("Choisissez au moins un sous-axe de l'appel.");
    const unknown = project.subAxes.filter((code) => !call.subAxes.includes(code));
    return unknown.length === 0
      ? pass(`Sous-axe${project.subAxes.length > 1 ? "s" : ""} ${project.subAxes.join(", ")}.`)
      : fail(`L'appel n'a pas de sous-axe ${unknown.join(", ")} : choisissez parmi ${call.subAxes.join(", ")}.`);
  },
  "project.isolation-and-precarity": ({ project }) =>
    project.addressesIsolation && project.addressesPrecarity
      ? pass("Le projet agit à la fois sur l'isolement social et sur la précarité.")
      : fail(
          `Le projet doit agir à la fois sur l'isolement social et sur la précarité ; il ne vise pas ${!project.addressesIsolation && !project.addressesPrecarity ? "ces deux dimensions" : !project.addressesIsolation ? "l'isolement social" : "la précarité"}.`,
        ),
  "project.territory": ({ project }) =>
    project.territory.wholeCity || project.territory.quartiers.length > 0
      ? pass(
          project.territory.wholeCity
            ? "Le projet concerne toute la ville."
            : `Le projet vise ${project.territory.quartiers.length} quartier${project.territory.quartiers.length > 1 ? "s" : ""} de Nantes.`,
        )
      : fail("Indiquez le territoire : toute la ville, ou au moins un quartier de Nantes."),
  "project.duration": ({ project }, call) =>
    project.durationMonths === call.durationMonths
      ? pass(`Le projet dure ${call.durationMonths} mois, comme l'appel le demande.`)
      : fail(`Le projet doit durer ${call.durationMonths} mois (il en compte ${project.durationMonths}).`),
  "project.start": ({ project }, call) =>
    project.startDate <= call.latestStart
      ? pass("Le projet démarre dans les délais de l'appel.")
      : fail(
          `Le projet doit démarrer au plus tard le ${formatIsoDay(call.latestStart)} (date prévue : ${formatIsoDay(project.startDate)}) : avancez le démarrage.`,
        ),
  "project.scale": ({ project }) =>
    (project.scale.beneficiaries ?? 0) > 0 || (project.scale.replicability ?? "").trim() !== ""
      ? pass("Le projet indique son ampleur ou sa capacité à être reproduit.")
      : fail("Indiquez le nombre de bénéficiaires attendus, ou en quoi le projet peut être reproduit à plus grande échelle."),
  "cooperation.new-or-reinforced": ({ project }) =>
    project.cooperation === "new" || project.cooperation === "reinforced"
      ? pass(project.cooperation === "new" ? "La coopération est nouvelle." : "La coopération est renforcée.")
      : fail(
          "L'appel finance des coopérations nouvelles ou renforcées : expliquez ce que le projet change à votre partenariat habituel.",
        ),
  "cooperation.economic": ({ members }) => {
    const economic = members.filter(isEconomicWorld);
    if (economic.length === 0)
      return warn(
        "Aucun membre ne vient du monde économique (entreprise, ESS, syndic…) : l'appel y porte une attention particulière.",
      );
    const contributing = economic.filter((member) => member.resources.length > 0);
    if (contributing.length === 0) {
      return warn(
        `${list(economic.map((member) => member.name))} ne met${economic.length > 1 ? "tent" : ""} aucune ressource à disposition : l'appel valorise les locaux, salariés, compétences ou moyens apportés, au-delà d'une prestation.`,
      );
    }
    return pass(
      `${list(contributing.map((member) => member.name))} apporte${contributing.length > 1 ? "nt" : ""} des ressources au projet.`,
    );
  },
  "members.commitment": ({ members }) => {
    const missing = members.filter((member) => !member.commitment);
    // What the rule reads is the form each member's commitment takes, not its signed document (the
    // file's pieces say that): « il manque la convention » beside a convention uploaded misled.
    return missing.length === 0
      ? pass(
          "Chaque membre a indiqué la forme de son engagement (convention ou lettre d'engagement) ; le document signé est demandé dans les pièces du dossier.",
        )
      : fail(
          `La forme de l'engagement de ${list(missing.map((member) => member.name))} n'est pas indiquée : choisissez « convention » ou « lettre d'engagement » dans sa contribution.`,
        );
  },
};

export function budgetTotal(budget: Record<BudgetCategoryCode, number>): number {
  return budget.operating + budget.participation + budget.equipment;
}

function formatIsoDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  const months = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
  ];
  return `${date === 1 ? "1er" : date} ${months[(month ?? 1) - 1]} ${year}`;
}

export type EligibilityResult = { eligible: boolean; rules: RuleResult[] };

/** Every rule of the call, once each, in DOMAIN.md's order. Eligible when none fails. */
export function checkEligibility(groupement: GroupementInput, call: CallParameters): EligibilityResult {
  const rules = RULE_IDS.map((id) => ({ id, ...RULES[id](groupement, call) }));
  return { eligible: rules.every((rule) => rule.status !== "fail"), rules };
}
