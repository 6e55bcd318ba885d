// The full demo that `npm start` seeds in an empty database: a fictitious but plausible Nantes,
// with organisations of every sector, kind and quartier, resource offers (some expired), ideas at
// every stage and sub-axis, and three groupements (draft, eligible, filed). `npm run db:seed --
// --scale N` draws N more organisations the same way, for benchmarks.
//
// Pure: this file only builds the data (prisma/seed.ts writes it). Everything comes from a seeded
// random source, so the demo is the same on every machine and every run; only its dates follow the
// day it is seeded (an offer "expired a month ago" stays expired). Names join an invented word to a
// kind of structure and end with « (démo) », so that none can be taken for a real structure; every
// description says the structure is fictitious. No address, no SIRET, no person's real name.
import { quartierAtPoint, type QuartierCollection, type QuartierFeature } from "../app/domain/geo";
import type { OFFER_CONDITIONS, OFFER_SLOTS } from "../app/domain/schemas/offer";
import { slugify } from "../app/domain/slug";
import { QUARTIERS, type KindCode, type QuartierSlug, type ResourceCode, type SectorCode } from "../app/domain/taxonomy";

import { createRandom, type Random } from "../app/domain/random";

export { createRandom, type Random };

/** Ends the name of every demo organisation, offer, idea and groupement. */
export const DEMO_MARK = " (démo)";

const DEMO_SEED = 20_250_430;
const SCALE_SEED = 0x5ca1e;

type OfferSlot = (typeof OFFER_SLOTS)[number]["code"];
type OfferCondition = (typeof OFFER_CONDITIONS)[number]["code"];

export type GeneratedOrganisation = {
  slug: string;
  name: string;
  shortDescription: string;
  description: string;
  sector: SectorCode;
  kind: KindCode;
  wholeCity: boolean;
  /** Where it acts; empty when it acts on the whole city. */
  quartiers: QuartierSlug[];
  /** The quartier of its point (its premises), even when it acts on the whole city. */
  homeQuartier: QuartierSlug;
  latitude: number;
  longitude: number;
  subAxes: string[];
  offers: ResourceCode[];
  seeks: ResourceCode[];
  publishedAt: Date;
};

export type GeneratedOffer = {
  organisation: string;
  resource: ResourceCode;
  title: string;
  description: string;
  /** The offer's own place; without it, the offer is where its organisation acts. */
  quartier: QuartierSlug | null;
  latitude: number | null;
  longitude: number | null;
  availability: string;
  capacity: string | null;
  slots: OfferSlot[];
  conditions: OfferCondition;
  validFrom: Date | null;
  validUntil: Date | null;
  publishedAt: Date;
};

export type GeneratedGroupementMember = {
  organisation: string;
  isLead: boolean;
  status: "active" | "invited";
  role: string;
  resources: ResourceCode[];
  resourceDescription: string;
  valuedAmount: number | null;
  subsidyShare: number;
  commitment: "convention" | "lettre-engagement" | null;
  accountsAlreadySent: boolean;
  reportAlreadySent: boolean;
  /** Who confirmed the contribution, as the application file names them; null while unconfirmed. */
  confirmedByName: string | null;
};

export type GroupementStatus = "draft" | "eligible" | "filed";

export type GeneratedGroupement = {
  /** What the demo shows with it: not yet eligible, eligible, filed with the CCAS. */
  status: GroupementStatus;
  title: string;
  subAxes: string[];
  wholeCity: boolean;
  quartiers: QuartierSlug[];
  startDate: string | null;
  cooperation: "new" | "reinforced";
  cooperationJustification: string;
  beneficiaries: number | null;
  replicability: string;
  budget: { operating: number; participation: number; equipment: number };
  /** "YYYY-MM-DD" the lead marked the application as filed. */
  submittedOn: string | null;
  members: GeneratedGroupementMember[];
};

export type GeneratedIdea = {
  slug: string;
  organisation: string;
  title: string;
  summary: string;
  description: string;
  targetPublic: string;
  wholeCity: boolean;
  quartiers: QuartierSlug[];
  subAxes: string[];
  tags: string[];
  sectorsSought: SectorCode[];
  resourcesSought: ResourceCode[];
  stage: IdeaStage;
  /** Draft-stage ideas stay drafts: the CCAS only receives ideas that left that stage. */
  status: "draft" | "published";
  expectedStart: Date | null;
  publishedAt: Date | null;
  groupement: GeneratedGroupement | null;
};

export type DemoCity = { organisations: GeneratedOrganisation[]; offers: GeneratedOffer[]; ideas: GeneratedIdea[] };

// ——— Names ———

// Syllables that make words no French place or structure is called: with a kind of structure in
// front and « (démo) » behind, a name reads as a name and cannot be taken for a real one.
const WORD_STARTS = ["Bra", "Cor", "Dra", "Fal", "Gro", "Jal", "Lur", "Mer", "Nol", "Pra", "Quen", "Rav"];
const WORD_STARTS_2 = ["Sil", "Tor", "Vol", "Vri", "Zé", "Ombe", "Alo", "Éli", "Ival", "Ussa", "Bel", "Oran"];
const WORD_MIDDLES = ["", "", "ve", "li", "ma", "ro", "né", "sa", "ta"];
const WORD_ENDS = ["lanne", "zic", "mière", "vonde", "tal", "brune", "quet", "dière", "nac", "zelle", "lune", "vaire", "rinde"];

function inventWord(random: Random): string {
  for (;;) {
    const word = `${random.pick(random.chance(0.5) ? WORD_STARTS : WORD_STARTS_2)}${random.pick(WORD_MIDDLES)}${random.pick(WORD_ENDS)}`;
    // "Ussatatal" stutters: draw again.
    if (!/(..)\1/i.test(word)) return word;
  }
}

/** "Pharmacie de {}" with "Élilune" gives "Pharmacie d'Élilune". */
function nameWith(template: string, word: string): string {
  return /^[aeiouyéèêàâîôû]/i.test(word)
    ? template.replace("de {}", `d'${word}`).replace("{}", word)
    : template.replace("{}", word);
}

// ——— Archetypes: the kinds of structure a Nantes quartier holds ———

type OfferTemplate = {
  resource: ResourceCode;
  title: string;
  text: string;
  availability: string;
  slots: OfferSlot[];
  capacity: string | null;
  conditions: OfferCondition;
};

type Archetype = {
  key: string;
  sector: SectorCode;
  kind: KindCode;
  /** How many the full demo holds, and how many of them act on the whole city. */
  count: number;
  wholeCity: number;
  /** "{}" is the invented word. */
  names: string[];
  /** « Association fictive », « Bailleur social fictif »… */
  fictive: string;
  /** What it does, for the short description (no capital, no final stop). */
  activities: string[];
  /** A sentence or two for the description. */
  details: string[];
  subAxes: string[];
  offers: ResourceCode[];
  seeks: ResourceCode[];
  offerTemplates: OfferTemplate[];
};

const WEEKDAYS = "Du lundi au vendredi, de 9 h à 17 h";
const EVENINGS = "En soirée, de 18 h à 22 h, sur réservation";
const SATURDAY_MORNING = "Le samedi, de 9 h à 12 h";
const WEEKENDS = "Le samedi et le dimanche, sur réservation";

const ARCHETYPES: Archetype[] = [
  // Associatif (20)
  {
    key: "visites",
    sector: "associatif",
    kind: "association",
    count: 4,
    wholeCity: 0,
    names: ["Réseau {}", "Les Voisins de {}", "Association {}", "Collectif {}"],
    fictive: "Association fictive",
    activities: [
      "des bénévoles qui rendent visite aux personnes isolées à domicile",
      "un réseau de voisins qui garde le contact avec les habitants qui ne sortent plus",
    ],
    details: [
      "Des bénévoles formés passent chaque semaine chez des habitants qui ne sortent plus, prennent des nouvelles par téléphone et les accompagnent vers les activités du quartier.",
      "Les bénévoles frappent aux portes avec l'accord des gardiens, proposent une visite régulière et un coup de main pour les démarches.",
    ],
    subAxes: ["2.1", "2.3"],
    offers: ["competences"],
    seeks: ["locaux", "logistique"],
    offerTemplates: [
      {
        resource: "competences",
        title: "Formation au repérage de l'isolement",
        text: "deux heures pour apprendre à vos équipes à repérer une personne qui s'isole et à lui proposer une visite, animées par des bénévoles expérimentés.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "12 personnes par session",
        conditions: "free",
      },
    ],
  },
  {
    key: "epicerie",
    sector: "associatif",
    kind: "association",
    count: 3,
    wholeCity: 0,
    names: ["Épicerie solidaire {}", "Épicerie sociale de {}", "Le Panier de {}"],
    fictive: "Association fictive",
    activities: ["une épicerie où les foyers aux petits revenus font leurs courses à prix réduit"],
    details: [
      "Produits alimentaires et d'hygiène à 10 à 30 % de leur prix, un coin café pour discuter, et des livraisons pour les clients qui ne peuvent plus se déplacer.",
      "Les clients sont orientés par les travailleurs sociaux ; l'épicerie propose aussi des ateliers cuisine et un temps convivial chaque jeudi.",
    ],
    subAxes: ["2.2", "1.3"],
    offers: ["logistique"],
    seeks: ["salaries", "locaux", "financier"],
    offerTemplates: [
      {
        resource: "logistique",
        title: "Livraison de courses à domicile",
        text: "nos bénévoles livrent les courses aux personnes qui ne peuvent plus se déplacer, et restent un moment pour discuter.",
        availability: "Le mardi et le vendredi après-midi",
        slots: ["weekday-daytime"],
        capacity: "20 livraisons par semaine",
        conditions: "free",
      },
    ],
  },
  {
    key: "centre-social",
    sector: "associatif",
    kind: "association",
    count: 3,
    wholeCity: 0,
    names: ["Centre socioculturel {}", "Maison des habitants de {}", "Espace {}"],
    fictive: "Association fictive",
    activities: ["un lieu d'accueil et d'animation ouvert à tous les habitants du quartier"],
    details: [
      "Accueil, ateliers, sorties familiales et fêtes de quartier : le centre est l'un des rares lieux encore ouverts le soir.",
      "L'équipe d'animation accompagne des projets d'habitants et tient une permanence d'écrivain public.",
    ],
    subAxes: ["2.3", "1.4", "2.1"],
    offers: ["locaux", "competences"],
    seeks: ["financier"],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Salle polyvalente le soir et le week-end",
        text: "une salle de 80 m² avec cuisine, prêtée aux projets qui créent du lien entre habitants.",
        availability: EVENINGS,
        slots: ["evenings", "weekends"],
        capacity: "50 personnes",
        conditions: "free",
      },
      {
        resource: "competences",
        title: "Animateurs pour une fête de quartier",
        text: "deux animateurs aident à préparer et à animer un événement qui mêle les habitants.",
        availability: WEEKENDS,
        slots: ["weekends"],
        capacity: null,
        conditions: "to-discuss",
      },
    ],
  },
  {
    key: "numerique",
    sector: "associatif",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["Point numérique {}", "Association {} Connectée"],
    fictive: "Association fictive",
    activities: ["des ateliers pour faire ses démarches en ligne et garder le contact avec ses proches"],
    details: [
      "Des médiateurs aident à se servir d'un téléphone, d'une tablette ou d'un ordinateur, et prêtent des appareils reconditionnés.",
    ],
    subAxes: ["2.2", "1.2"],
    offers: ["competences", "logistique"],
    seeks: ["locaux"],
    offerTemplates: [
      {
        resource: "competences",
        title: "Permanence d'aide aux démarches en ligne",
        text: "un médiateur numérique tient une permanence chez vous pour aider vos publics à faire leurs démarches.",
        availability: "Un après-midi par semaine",
        slots: ["weekday-daytime"],
        capacity: "8 rendez-vous",
        conditions: "free",
      },
      {
        resource: "logistique",
        title: "Prêt de tablettes reconditionnées",
        text: "dix tablettes prêtes à l'emploi, prêtées pour des ateliers ou des visites à domicile.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "10 tablettes",
        conditions: "free",
      },
    ],
  },
  {
    key: "mobilite",
    sector: "associatif",
    kind: "association",
    count: 2,
    wholeCity: 1,
    names: ["Mobilité solidaire {}", "Les Roues de {}"],
    fictive: "Association fictive",
    activities: ["des conducteurs bénévoles qui emmènent faire les courses ou voir le médecin les personnes sans voiture"],
    details: ["Les trajets sont réservés par téléphone ; les conducteurs restent avec la personne le temps du rendez-vous."],
    subAxes: ["2.2", "2.1"],
    offers: ["logistique"],
    seeks: ["financier", "salaries"],
    offerTemplates: [
      {
        resource: "logistique",
        title: "Transport accompagné vers les rendez-vous",
        text: "un conducteur bénévole emmène et ramène les personnes qui ne peuvent pas se déplacer seules.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "4 places par véhicule",
        conditions: "at-cost",
      },
    ],
  },
  {
    key: "fondation",
    sector: "associatif",
    kind: "fondation",
    count: 2,
    wholeCity: 1,
    names: ["Fondation {}", "Fondation des Amis de {}"],
    fictive: "Fondation fictive",
    activities: ["une fondation qui soutient les projets de voisinage et d'entraide"],
    details: ["Chaque année, la fondation aide une dizaine de projets portés par des habitants et des associations."],
    subAxes: ["2.1", "2.3"],
    offers: ["financier"],
    seeks: [],
    offerTemplates: [
      {
        resource: "financier",
        title: "Bourse aux projets d'entraide de voisinage",
        text: "jusqu'à 5 000 € pour lancer une action d'entraide entre voisins, sur dossier simple.",
        availability: "Dossiers reçus toute l'année, décision en commission chaque trimestre",
        slots: ["weekday-daytime"],
        capacity: "5 000 € au plus par projet",
        conditions: "free",
      },
    ],
  },
  {
    key: "collectif",
    sector: "associatif",
    kind: "autre",
    count: 2,
    wholeCity: 0,
    names: ["Collectif d'habitants de {}", "Les Tables de {}"],
    fictive: "Collectif fictif",
    activities: ["des habitants qui organisent repas partagés et sorties pour rompre l'isolement"],
    details: ["Sans salarié ni local, le collectif se retrouve chez les uns et les autres et dans les jardins du quartier."],
    subAxes: ["2.3", "1.4"],
    offers: ["competences"],
    seeks: ["locaux", "financier"],
    offerTemplates: [],
  },
  {
    key: "aide-domicile",
    sector: "associatif",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["Aide à domicile {}", "Association {} Services"],
    fictive: "Association fictive",
    activities: ["des aides à domicile attentives aux personnes âgées qui se replient"],
    details: [
      "Les intervenantes voient chaque semaine des personnes qui ne voient plus personne d'autre, et cherchent à les relier à la vie du quartier.",
    ],
    subAxes: ["2.1"],
    offers: ["salaries"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "salaries",
        title: "Temps d'intervenantes pour des visites de convivialité",
        text: "une intervenante consacre deux heures par semaine à accompagner une personne vers une activité collective.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "2 heures par semaine",
        conditions: "free",
      },
    ],
  },
  // Économique (14)
  {
    key: "cafe",
    sector: "economique",
    kind: "entreprise",
    count: 3,
    wholeCity: 0,
    names: ["Café {}", "Bistrot {}", "Restaurant {}"],
    fictive: "Entreprise fictive",
    activities: ["un café de quartier qui prête sa salle et propose des cafés suspendus"],
    details: ["Le patron connaît ses habitués et remarque quand l'un d'eux ne vient plus ; la salle du fond est libre le matin."],
    subAxes: ["2.3", "1.4"],
    offers: ["locaux"],
    seeks: [],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Arrière-salle prêtée le samedi matin",
        text: "la salle du fond et un café offert aux participants, pour un atelier ou une rencontre.",
        availability: SATURDAY_MORNING,
        slots: ["weekends"],
        capacity: "25 personnes",
        conditions: "free",
      },
    ],
  },
  {
    key: "commerce",
    sector: "economique",
    kind: "entreprise",
    count: 2,
    wholeCity: 0,
    names: ["Boulangerie {}", "Supérette de {}"],
    fictive: "Entreprise fictive",
    activities: ["un commerce de proximité où l'on remarque les clients qu'on ne voit plus"],
    details: ["L'équipe veut savoir à qui s'adresser quand un client âgé semble en difficulté."],
    subAxes: ["2.1", "1.3"],
    offers: ["logistique", "financier"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "financier",
        title: "Arrondi en caisse pour un projet de quartier",
        text: "les clients arrondissent leur ticket au profit d'un projet d'entraide du quartier, choisi pour un an.",
        availability: "Toute l'année",
        slots: ["weekday-daytime", "weekends"],
        capacity: null,
        conditions: "free",
      },
    ],
  },
  {
    key: "employeur",
    sector: "economique",
    kind: "entreprise",
    count: 2,
    wholeCity: 0,
    names: ["{} Propreté", "Transports {}"],
    fictive: "Entreprise fictive",
    activities: ["une entreprise dont beaucoup de salariés travaillent en horaires décalés"],
    details: [
      "Une partie des salariés cumule temps partiel et horaires de nuit ; la direction veut les aider à garder une vie sociale.",
    ],
    subAxes: ["1.1", "1.2", "1.4"],
    offers: ["salaries", "competences"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "salaries",
        title: "Salariés volontaires une demi-journée par mois",
        text: "des salariés volontaires donnent une demi-journée par mois à une action de lien social, sur leur temps de travail.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "6 salariés",
        conditions: "free",
      },
      {
        resource: "competences",
        title: "Mécénat de compétences en gestion",
        text: "un comptable et une responsable des ressources humaines aident une association à tenir ses comptes ou à recruter.",
        availability: "Deux demi-journées par mois",
        slots: ["weekday-daytime"],
        capacity: null,
        conditions: "free",
      },
    ],
  },
  {
    key: "cooperative",
    sector: "economique",
    kind: "ess",
    count: 3,
    wholeCity: 1,
    names: ["Coopérative {}", "Recyclerie {}", "SCIC {}"],
    fictive: "Coopérative fictive",
    activities: ["une coopérative qui répare et revend à petit prix électroménager, vélos et meubles"],
    details: ["Les ateliers de réparation sont ouverts à tous, et les pièces détachées vendues au prix coûtant."],
    subAxes: ["1.3", "2.2"],
    offers: ["competences", "logistique"],
    seeks: ["financier", "locaux"],
    offerTemplates: [
      {
        resource: "logistique",
        title: "Prêt d'un utilitaire avec chauffeur",
        text: "une camionnette et son chauffeur pour livrer, déménager ou transporter le matériel d'une activité.",
        availability: "En semaine, sur réservation une semaine à l'avance",
        slots: ["weekday-daytime"],
        capacity: "12 m³",
        conditions: "at-cost",
      },
      {
        resource: "competences",
        title: "Atelier de réparation à prix solidaire",
        text: "un réparateur anime un atelier où chacun apprend à réparer un petit appareil, pièces au prix coûtant.",
        availability: SATURDAY_MORNING,
        slots: ["weekends"],
        capacity: "10 personnes",
        conditions: "at-cost",
      },
    ],
  },
  {
    key: "fondation-entreprise",
    sector: "economique",
    kind: "fondation",
    count: 1,
    wholeCity: 1,
    names: ["Fondation d'entreprise {}"],
    fictive: "Fondation fictive",
    activities: ["la fondation d'une entreprise de la métropole qui finance des actions de lien social"],
    details: ["Elle finance chaque année quelques projets et propose à ses salariés de s'y engager."],
    subAxes: ["1.1", "2.2"],
    offers: ["financier", "salaries"],
    seeks: [],
    offerTemplates: [
      {
        resource: "financier",
        title: "Mécénat financier contre l'isolement",
        text: "un soutien de 10 000 à 30 000 € sur deux ans pour un projet contre l'isolement de personnes en précarité.",
        availability: "Appel à projets annuel",
        slots: ["weekday-daytime"],
        capacity: "30 000 € au plus",
        conditions: "free",
      },
    ],
  },
  {
    key: "mutuelle",
    sector: "economique",
    kind: "ess",
    count: 1,
    wholeCity: 1,
    names: ["Mutuelle {}"],
    fictive: "Mutuelle fictive",
    activities: ["une mutuelle qui accompagne ses adhérents aux petits revenus"],
    details: ["Ses conseillers aident à obtenir la complémentaire santé solidaire et les aides auxquelles on a droit."],
    subAxes: ["1.2", "1.3"],
    offers: ["financier", "competences"],
    seeks: [],
    offerTemplates: [
      {
        resource: "competences",
        title: "Permanences d'information sur les droits santé",
        text: "une conseillère tient une permanence sur la complémentaire santé et les aides, dans vos locaux.",
        availability: "Un matin par mois",
        slots: ["weekday-daytime"],
        capacity: "10 rendez-vous",
        conditions: "free",
      },
    ],
  },
  {
    key: "reseau-entreprises",
    sector: "economique",
    kind: "autre",
    count: 1,
    wholeCity: 1,
    names: ["Club d'entreprises {}"],
    fictive: "Réseau fictif",
    activities: ["un réseau de dirigeants qui veut agir contre l'isolement de salariés précaires"],
    details: ["Une quarantaine d'entreprises de toutes tailles s'y retrouvent chaque mois."],
    subAxes: ["1.1", "1.2"],
    offers: ["competences", "salaries"],
    seeks: [],
    offerTemplates: [
      {
        resource: "competences",
        title: "Mise en relation avec des employeurs",
        text: "le club présente votre projet à ses entreprises membres et organise une rencontre avec celles qui veulent s'engager.",
        availability: "Rencontres mensuelles, le jeudi matin",
        slots: ["weekday-daytime"],
        capacity: null,
        conditions: "free",
      },
    ],
  },
  {
    key: "salle-sport",
    sector: "economique",
    kind: "entreprise",
    count: 1,
    wholeCity: 0,
    names: ["Salle de sport {}"],
    fictive: "Entreprise fictive",
    activities: ["une salle de sport qui ouvre des créneaux solidaires aux horaires décalés"],
    details: ["Ouverte tard le soir, elle accueille beaucoup de travailleurs en horaires décalés."],
    subAxes: ["1.4"],
    offers: ["locaux"],
    seeks: [],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Créneaux gratuits en soirée pour des groupes",
        text: "la salle de cours collectifs est prêtée, avec un coach, à des groupes orientés par une association.",
        availability: "Le lundi et le mercredi, de 20 h à 22 h",
        slots: ["evenings"],
        capacity: "15 personnes",
        conditions: "free",
      },
    ],
  },
  // Habitat (9)
  {
    key: "bailleur-social",
    sector: "habitat",
    kind: "bailleur-social",
    count: 3,
    wholeCity: 0,
    names: ["Habitat {}", "Logis {}", "Office {} Habitat"],
    fictive: "Bailleur social fictif",
    activities: ["des gardiens attentifs aux locataires qui ne sortent plus"],
    details: [
      "Les gardiens signalent, avec l'accord des personnes, les situations de repli ; des locaux communs peuvent accueillir des activités.",
    ],
    subAxes: ["2.1", "2.3"],
    offers: ["locaux", "salaries"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Local commun en pied d'immeuble",
        text: "une salle de 40 m² avec une cuisine, au rez-de-chaussée d'une résidence, pour des activités ouvertes aux habitants.",
        availability: "Du lundi au vendredi, de 14 h à 21 h",
        slots: ["weekday-daytime", "evenings"],
        capacity: "20 personnes",
        conditions: "free",
      },
      {
        resource: "salaries",
        title: "Gardiens formés au repérage",
        text: "les gardiens relaient vos actions auprès des locataires et signalent, avec leur accord, ceux qui s'isolent.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: null,
        conditions: "free",
      },
    ],
  },
  {
    key: "bailleur-prive",
    sector: "habitat",
    kind: "bailleur-prive",
    count: 2,
    wholeCity: 0,
    names: ["Résidences {}", "Foncière {}"],
    fictive: "Bailleur privé fictif",
    activities: ["un propriétaire de logements qui veut mieux connaître ses locataires âgés"],
    details: ["Plusieurs immeubles anciens, beaucoup de locataires seuls de plus de 75 ans."],
    subAxes: ["2.1"],
    offers: ["locaux"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Appartement de rez-de-chaussée pour des permanences",
        text: "un petit appartement vide, prêté pour des permanences ou des ateliers à deux pas des locataires.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "8 personnes",
        conditions: "free",
      },
    ],
  },
  {
    key: "syndic",
    sector: "habitat",
    kind: "syndic",
    count: 2,
    wholeCity: 0,
    names: ["Syndic {}", "Cabinet {} Copropriétés"],
    fictive: "Syndic fictif",
    activities: ["un syndic de copropriétés qui relaie les actions de voisinage auprès des résidents"],
    details: ["Il gère une trentaine de copropriétés où vivent de nombreux propriétaires âgés aux petites retraites."],
    subAxes: ["2.1", "2.3"],
    offers: ["logistique"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "logistique",
        title: "Affichage dans les halls des copropriétés",
        text: "vos affiches et invitations dans les halls et les boîtes aux lettres d'une trentaine d'immeubles.",
        availability: "Toute l'année",
        slots: ["weekday-daytime"],
        capacity: "30 immeubles",
        conditions: "free",
      },
    ],
  },
  {
    key: "pension",
    sector: "habitat",
    kind: "association",
    count: 1,
    wholeCity: 0,
    names: ["Pension de famille {}"],
    fictive: "Association fictive",
    activities: ["une résidence où d'anciennes personnes sans logement vivent entourées"],
    details: ["Vingt résidents, un hôte présent la journée, une salle commune qui s'ouvre aux voisins."],
    subAxes: ["2.1", "2.2"],
    offers: ["locaux"],
    seeks: ["salaries", "financier"],
    offerTemplates: [],
  },
  {
    key: "habitat-participatif",
    sector: "habitat",
    kind: "ess",
    count: 1,
    wholeCity: 0,
    names: ["Coopérative d'habitants {}"],
    fictive: "Coopérative fictive",
    activities: ["un habitat partagé dont les habitants ouvrent leur salle commune au voisinage"],
    details: ["Douze foyers, un jardin et une salle commune qui reste souvent vide le dimanche."],
    subAxes: ["2.3"],
    offers: ["locaux"],
    seeks: [],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Salle commune ouverte aux voisins le dimanche",
        text: "la salle commune et son jardin pour un repas partagé ou un atelier, le dimanche.",
        availability: "Le dimanche, de 11 h à 18 h",
        slots: ["weekends"],
        capacity: "30 personnes",
        conditions: "free",
      },
    ],
  },
  // Emploi et formation (9)
  {
    key: "insertion",
    sector: "emploi-formation",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["Chantier d'insertion {}", "Atelier Tremplin {}"],
    fictive: "Structure d'insertion fictive",
    activities: ["des emplois d'insertion et un accompagnement vers les droits et la santé"],
    details: ["Les salariés en insertion sont souvent des travailleurs pauvres qui n'ont pas fait valoir tous leurs droits."],
    subAxes: ["1.1", "1.2"],
    offers: ["salaries", "competences"],
    seeks: ["locaux"],
    offerTemplates: [
      {
        resource: "salaries",
        title: "Équipe en insertion pour de petits travaux",
        text: "une équipe encadrée repeint, aménage ou entretient un local associatif.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "4 salariés et un encadrant",
        conditions: "at-cost",
      },
    ],
  },
  {
    key: "regie",
    sector: "emploi-formation",
    kind: "ess",
    count: 2,
    wholeCity: 0,
    names: ["Régie de quartier {}", "Entreprise d'insertion {}"],
    fictive: "Entreprise d'insertion fictive",
    activities: ["une régie qui emploie des habitants pour l'entretien des espaces communs"],
    details: ["Ses équipes connaissent chaque hall et chaque square du quartier."],
    subAxes: ["1.1", "2.3"],
    offers: ["salaries", "logistique"],
    seeks: ["financier"],
    offerTemplates: [
      {
        resource: "logistique",
        title: "Prêt de matériel pour les fêtes de quartier",
        text: "tables, barnums, sono et vaisselle réutilisable, livrés et installés.",
        availability: WEEKENDS,
        slots: ["weekends"],
        capacity: "100 personnes",
        conditions: "at-cost",
      },
    ],
  },
  {
    key: "formation",
    sector: "emploi-formation",
    kind: "entreprise",
    count: 1,
    wholeCity: 0,
    names: ["Institut de formation {}"],
    fictive: "Organisme de formation fictif",
    activities: ["des formations aux métiers du soin et de l'aide à domicile"],
    details: ["Ses formateurs interviennent aussi auprès de bénévoles associatifs."],
    subAxes: ["1.1"],
    offers: ["competences", "locaux"],
    seeks: [],
    offerTemplates: [
      {
        resource: "competences",
        title: "Formation des bénévoles à l'écoute",
        text: "une journée pour apprendre à écouter une personne isolée et à passer le relais à un professionnel.",
        availability: "Un samedi par trimestre",
        slots: ["weekends"],
        capacity: "15 personnes",
        conditions: "free",
      },
    ],
  },
  {
    key: "syndicat",
    sector: "emploi-formation",
    kind: "autre",
    count: 2,
    wholeCity: 0,
    names: ["Comité social et économique {}", "Union syndicale {}"],
    fictive: "Structure fictive",
    activities: ["des représentants du personnel qui repèrent les salariés en difficulté"],
    details: ["Ils voient passer des salariés qui n'osent pas demander d'aide et cherchent où les orienter."],
    subAxes: ["1.1", "1.2", "1.4"],
    offers: ["financier", "competences"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "financier",
        title: "Participation aux sorties culturelles de salariés",
        text: "une prise en charge de la moitié du prix des sorties organisées pour des salariés à temps partiel.",
        availability: "Toute l'année",
        slots: ["evenings", "weekends"],
        capacity: null,
        conditions: "free",
      },
    ],
  },
  {
    key: "accompagnement-emploi",
    sector: "emploi-formation",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["Association intermédiaire {}", "Parcours emploi {}"],
    fictive: "Association fictive",
    activities: ["un accompagnement vers l'emploi des personnes éloignées du travail"],
    details: ["Les conseillers se déplacent chez les personnes qui ne viennent plus aux rendez-vous."],
    subAxes: ["1.2", "2.2"],
    offers: ["competences"],
    seeks: ["locaux", "logistique"],
    offerTemplates: [],
  },
  // Santé (10)
  {
    key: "pharmacie",
    sector: "sante",
    kind: "entreprise",
    count: 3,
    wholeCity: 0,
    names: ["Pharmacie {}", "Pharmacie de {}"],
    fictive: "Officine fictive",
    activities: ["une officine dont l'équipe veut repérer au comptoir les personnes qui s'isolent"],
    details: ["L'équipe veut se former au repérage de l'isolement et savoir vers qui orienter."],
    subAxes: ["2.1"],
    offers: ["salaries"],
    seeks: ["competences"],
    offerTemplates: [
      {
        resource: "salaries",
        title: "Temps de pharmacien pour des actions de prévention",
        text: "un pharmacien anime une fois par mois un temps d'échange sur la santé dans un lieu du quartier.",
        availability: "Un après-midi par mois",
        slots: ["weekday-daytime"],
        capacity: null,
        conditions: "free",
      },
    ],
  },
  {
    key: "infirmiers",
    sector: "sante",
    kind: "entreprise",
    count: 1,
    wholeCity: 0,
    names: ["Cabinet infirmier {}"],
    fictive: "Cabinet fictif",
    activities: ["des infirmières qui passent chaque jour chez des patients très isolés"],
    details: ["Elles sont parfois les seules visites de la journée et cherchent à qui passer le relais."],
    subAxes: ["2.1"],
    offers: ["competences"],
    seeks: [],
    offerTemplates: [],
  },
  {
    key: "centre-sante",
    sector: "sante",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["Centre de santé {}", "Maison de santé {}"],
    fictive: "Centre de santé fictif",
    activities: ["un centre de santé sans dépassement d'honoraires qui accompagne vers les droits"],
    details: ["Médecins, infirmières et une médiatrice en santé reçoivent sans avance de frais."],
    subAxes: ["1.2", "2.2"],
    offers: ["locaux", "competences"],
    seeks: ["financier"],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Salle d'attente ouverte aux rencontres le samedi",
        text: "la salle d'attente, fermée aux consultations le samedi, accueille des temps de rencontre et d'information.",
        availability: SATURDAY_MORNING,
        slots: ["weekends"],
        capacity: "20 personnes",
        conditions: "free",
      },
    ],
  },
  {
    key: "hopital",
    sector: "sante",
    kind: "autre-public",
    count: 2,
    wholeCity: 1,
    names: ["Équipe mobile {}", "Centre hospitalier {}"],
    fictive: "Service hospitalier fictif",
    activities: ["une équipe mobile qui va à la rencontre des personnes en souffrance psychique et en précarité"],
    details: ["Infirmiers et travailleurs sociaux vont voir les personnes là où elles sont, jusque chez elles."],
    subAxes: ["2.1", "2.2"],
    offers: ["salaries", "competences"],
    seeks: ["locaux"],
    offerTemplates: [
      {
        resource: "competences",
        title: "Sensibilisation à la souffrance psychique",
        text: "une séance pour aider vos équipes ou vos bénévoles à reconnaître la souffrance psychique et à orienter.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "20 personnes",
        conditions: "free",
      },
    ],
  },
  {
    key: "gem",
    sector: "sante",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["Groupe d'entraide mutuelle {}", "Association {} Entraide"],
    fictive: "Association fictive",
    activities: ["un lieu d'entraide entre personnes vivant avec des troubles psychiques"],
    details: ["Les adhérents organisent eux-mêmes les activités ; le lieu manque de place le week-end."],
    subAxes: ["2.1", "2.3"],
    offers: ["competences"],
    seeks: ["locaux", "financier"],
    offerTemplates: [],
  },
  // Académique (7)
  {
    key: "laboratoire",
    sector: "academique",
    kind: "autre-public",
    count: 2,
    wholeCity: 1,
    names: ["Laboratoire {}", "Institut universitaire {}"],
    fictive: "Équipe de recherche fictive",
    activities: ["des chercheurs et étudiants qui proposent d'évaluer les actions contre l'isolement"],
    details: ["Des étudiants de master peuvent suivre un projet pendant deux ans et en mesurer les effets."],
    subAxes: ["1.1", "2.3"],
    offers: ["competences"],
    seeks: [],
    offerTemplates: [
      {
        resource: "competences",
        title: "Évaluation d'un projet par des étudiants",
        text: "un groupe d'étudiants encadré par un chercheur évalue votre projet et vous rend un rapport lisible.",
        availability: "D'octobre à juin",
        slots: ["weekday-daytime"],
        capacity: "1 projet par an",
        conditions: "free",
      },
    ],
  },
  {
    key: "lycee",
    sector: "academique",
    kind: "autre-public",
    count: 2,
    wholeCity: 0,
    names: ["Lycée {}", "Lycée professionnel {}"],
    fictive: "Établissement scolaire fictif",
    activities: ["des élèves en filière sanitaire et sociale qui s'engagent auprès des personnes âgées"],
    details: ["Chaque année, une classe mène un projet avec des habitants âgés du quartier."],
    subAxes: ["2.1", "2.3"],
    offers: ["salaries", "locaux"],
    seeks: ["logistique"],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Cuisine pédagogique pendant les vacances",
        text: "la cuisine pédagogique et son réfectoire, prêtés pendant les vacances scolaires.",
        availability: "Pendant les vacances scolaires, en semaine",
        slots: ["weekday-daytime"],
        capacity: "30 personnes",
        conditions: "free",
      },
    ],
  },
  {
    key: "college",
    sector: "academique",
    kind: "autre-public",
    count: 1,
    wholeCity: 0,
    names: ["Collège {}"],
    fictive: "Établissement scolaire fictif",
    activities: ["un collège qui ouvre sa cour et son gymnase aux familles le samedi"],
    details: ["Le gymnase et la cour restent ouverts le samedi pour des activités familiales."],
    subAxes: ["2.3", "1.4"],
    offers: ["locaux"],
    seeks: [],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Gymnase ouvert le samedi",
        text: "le gymnase et ses vestiaires, prêtés le samedi pour des activités qui réunissent les familles.",
        availability: "Le samedi, de 10 h à 18 h",
        slots: ["weekends"],
        capacity: "60 personnes",
        conditions: "free",
      },
    ],
  },
  {
    key: "etudiants",
    sector: "academique",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["Association étudiante {}", "Bureau des étudiants {}"],
    fictive: "Association fictive",
    activities: ["des étudiants bénévoles qui animent goûters et sorties avec des personnes seules"],
    details: ["Une trentaine d'étudiants s'engagent chaque année, surtout le soir et le week-end."],
    subAxes: ["2.1", "1.4"],
    offers: ["competences"],
    seeks: ["locaux", "financier"],
    offerTemplates: [],
  },
  // Culturel (11)
  {
    key: "mediatheque",
    sector: "culturel",
    kind: "etablissement-public-ville",
    count: 3,
    wholeCity: 0,
    names: ["Médiathèque {}", "Bibliothèque {}"],
    fictive: "Équipement municipal fictif",
    activities: ["une médiathèque qui porte des livres à domicile et ouvre le dimanche"],
    details: ["Les bibliothécaires portent des livres chez les lecteurs qui ne peuvent plus venir."],
    subAxes: ["2.1", "2.3", "1.4"],
    offers: ["locaux", "competences"],
    seeks: [],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Auditorium prêté en soirée",
        text: "un auditorium de 60 places, prêté pour des projections, des lectures ou des rencontres.",
        availability: EVENINGS,
        slots: ["evenings"],
        capacity: "60 places",
        conditions: "free",
      },
      {
        resource: "competences",
        title: "Portage de livres à domicile",
        text: "une bibliothécaire apporte chaque mois des livres choisis ensemble chez les personnes qui ne sortent plus.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "15 lecteurs",
        conditions: "free",
      },
    ],
  },
  {
    key: "ludotheque",
    sector: "culturel",
    kind: "etablissement-public-ville",
    count: 1,
    wholeCity: 0,
    names: ["Ludothèque {}"],
    fictive: "Équipement municipal fictif",
    activities: ["un lieu de jeux municipal ouvert aux familles et aux aînés"],
    details: ["Plus de deux mille jeux, des soirées jeux le vendredi et des prêts aux associations."],
    subAxes: ["2.3", "1.4"],
    offers: ["locaux", "logistique"],
    seeks: [],
    offerTemplates: [
      {
        resource: "logistique",
        title: "Malles de jeux prêtées aux associations",
        text: "des malles de jeux de société choisis pour jouer à tout âge, prêtées un mois.",
        availability: WEEKDAYS,
        slots: ["weekday-daytime"],
        capacity: "5 malles",
        conditions: "free",
      },
    ],
  },
  {
    key: "theatre",
    sector: "culturel",
    kind: "association",
    count: 3,
    wholeCity: 1,
    names: ["Compagnie {}", "Théâtre {}", "Compagnie Les Mots de {}"],
    fictive: "Compagnie fictive",
    activities: ["des comédiens qui jouent et lisent chez les personnes qui ne peuvent pas sortir"],
    details: ["Des comédiens viennent lire et jouer à domicile, le soir et le week-end."],
    subAxes: ["2.1", "1.4"],
    offers: ["competences"],
    seeks: ["financier", "logistique"],
    offerTemplates: [
      {
        resource: "competences",
        title: "Lectures à domicile",
        text: "un comédien vient lire une heure chez une personne isolée, qui choisit le texte.",
        availability: "Le soir et le week-end",
        slots: ["evenings", "weekends"],
        capacity: "10 lectures par mois",
        conditions: "to-discuss",
      },
    ],
  },
  {
    key: "cinema",
    sector: "culturel",
    kind: "ess",
    count: 1,
    wholeCity: 0,
    names: ["Cinéma {}"],
    fictive: "Cinéma coopératif fictif",
    activities: ["un cinéma coopératif avec des séances à petit prix en fin de soirée"],
    details: ["Une salle de quartier gérée en coopérative, avec des séances à 3 € le lundi."],
    subAxes: ["1.4", "2.2"],
    offers: ["locaux"],
    seeks: ["financier"],
    offerTemplates: [
      {
        resource: "locaux",
        title: "Salle de projection prêtée le lundi",
        text: "la salle de 120 places et son projecteur, le lundi matin, pour une séance suivie d'un débat.",
        availability: "Le lundi, de 9 h à 13 h",
        slots: ["weekday-daytime"],
        capacity: "120 places",
        conditions: "at-cost",
      },
    ],
  },
  {
    key: "librairie",
    sector: "culturel",
    kind: "entreprise",
    count: 1,
    wholeCity: 0,
    names: ["Librairie {}"],
    fictive: "Librairie fictive",
    activities: ["une librairie de quartier qui anime un club de lecteurs"],
    details: ["Le club de lecteurs se réunit un soir par mois ; la libraire aimerait l'ouvrir à d'autres publics."],
    subAxes: ["2.3"],
    offers: ["locaux"],
    seeks: [],
    offerTemplates: [],
  },
  {
    key: "musique",
    sector: "culturel",
    kind: "association",
    count: 2,
    wholeCity: 0,
    names: ["École de musique {}", "Chorale {}"],
    fictive: "Association fictive",
    activities: ["des ateliers de chant et de musique ouverts à tous, gratuits pour les petits revenus"],
    details: ["On y chante sans savoir lire la musique, le soir après le travail."],
    subAxes: ["1.4", "2.3"],
    offers: ["competences"],
    seeks: ["locaux"],
    offerTemplates: [],
  },
];

// ——— Places ———

type Place = { quartier: QuartierSlug; latitude: number; longitude: number };

function featureOf(collection: QuartierCollection, slug: QuartierSlug): QuartierFeature {
  const idobj = QUARTIERS.find((quartier) => quartier.code === slug)!.idobj;
  const feature = collection.features.find((candidate) => Number(candidate.properties.idobj) === idobj);
  if (!feature) throw new Error(`The quartiers GeoJSON has no quartier ${slug}`);
  return feature;
}

/** Quartiers that touch each other (two boundary points within about 60 m), for a second place of action. */
function neighboursOf(collection: QuartierCollection): Map<QuartierSlug, QuartierSlug[]> {
  const points = (slug: QuartierSlug) => {
    const geometry = featureOf(collection, slug).geometry;
    return (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates).flat(2);
  };
  const all = QUARTIERS.map((quartier) => ({ slug: quartier.code, points: points(quartier.code) }));
  const near = 0.0008;
  return new Map(
    all.map(({ slug, points: mine }) => [
      slug,
      all
        .filter((other) => other.slug !== slug)
        .filter((other) =>
          mine.some((a) => other.points.some((b) => Math.abs(a[0]! - b[0]!) < near && Math.abs(a[1]! - b[1]!) < near)),
        )
        .map((other) => other.slug),
    ]),
  );
}

const placesCache = new WeakMap<QuartierCollection, ReturnType<typeof buildPlaces>>();

/** The places of a collection, worked out once (finding neighbours compares every boundary point). */
function createPlaces(collection: QuartierCollection) {
  let places = placesCache.get(collection);
  if (!places) placesCache.set(collection, (places = buildPlaces(collection)));
  return places;
}

function buildPlaces(collection: QuartierCollection) {
  const shapes = new Map(
    QUARTIERS.map((quartier) => {
      const feature = featureOf(collection, quartier.code);
      const ring = (feature.geometry.type === "Polygon" ? feature.geometry.coordinates : feature.geometry.coordinates[0]!)[0]!;
      const lons = ring.map((point) => point[0]!);
      const lats = ring.map((point) => point[1]!);
      const bounds = {
        minLon: Math.min(...lons),
        maxLon: Math.max(...lons),
        minLat: Math.min(...lats),
        maxLat: Math.max(...lats),
      };
      return [quartier.code, { alone: { type: "FeatureCollection" as const, features: [feature] }, bounds }];
    }),
  );
  const neighbours = neighboursOf(collection);
  return {
    neighbours: (slug: QuartierSlug) => neighbours.get(slug) ?? [],
    /** A point inside the quartier (the app's own point-in-quartier rule says so), at about a metre. */
    pointIn(random: Random, slug: QuartierSlug): Place {
      const { alone, bounds } = shapes.get(slug)!;
      for (;;) {
        const longitude = Number((bounds.minLon + random.next() * (bounds.maxLon - bounds.minLon)).toFixed(5));
        const latitude = Number((bounds.minLat + random.next() * (bounds.maxLat - bounds.minLat)).toFixed(5));
        if (quartierAtPoint(alone, longitude, latitude) !== null) return { quartier: slug, latitude, longitude };
      }
    },
  };
}

type Places = ReturnType<typeof createPlaces>;

// ——— Organisations ———

const DAY = 86_400_000;

/** Midnight UTC of the day `days` after `today` (offers' dates are days stored at midnight UTC). */
function dayFrom(today: Date, days: number): Date {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY);
}

function describe(archetype: Archetype, random: Random) {
  // What it offers and seeks is on the profile already, from the same codes: not repeated here.
  return {
    shortDescription: `${archetype.fictive} de démonstration : ${random.pick(archetype.activities)}.`,
    description: `Structure fictive créée pour montrer la plateforme. ${random.pick(archetype.details)}`,
  };
}

function drawOrganisation(
  random: Random,
  places: Places,
  archetype: Archetype,
  where: { wholeCity: boolean; home: QuartierSlug },
  word: string,
  slugSuffix: string,
  publishedAt: Date,
): GeneratedOrganisation {
  const base = nameWith(random.pick(archetype.names), word);
  const point = places.pointIn(random, where.home);
  const neighbours = places.neighbours(where.home);
  const quartiers: QuartierSlug[] = where.wholeCity
    ? []
    : neighbours.length > 0 && random.chance(0.35)
      ? [where.home, random.pick(neighbours)]
      : [where.home];
  const subAxes = random.shuffle(archetype.subAxes).slice(0, archetype.subAxes.length > 1 && random.chance(0.6) ? 2 : 1);
  return {
    slug: `demo-${slugify(base)}${slugSuffix}`,
    name: `${base}${DEMO_MARK}`,
    ...describe(archetype, random),
    sector: archetype.sector,
    kind: archetype.kind,
    wholeCity: where.wholeCity,
    quartiers,
    homeQuartier: where.home,
    latitude: point.latitude,
    longitude: point.longitude,
    subAxes: subAxes.sort(),
    offers: [...archetype.offers],
    seeks: [...archetype.seeks],
    publishedAt,
  };
}

type Validity = "open" | "until" | "from-until" | "expired";
/** Offers take these in turn: two open-ended, two with an end date ahead, one expired. */
const VALIDITIES: Validity[] = ["until", "open", "expired", "open", "from-until"];

function drawOffer(
  random: Random,
  places: Places,
  organisation: GeneratedOrganisation,
  template: OfferTemplate,
  validity: Validity,
  today: Date,
): GeneratedOffer {
  // Most offers name their place; some are where their organisation acts.
  const ownPlace = organisation.wholeCity ? random.chance(0.5) : random.chance(0.8);
  const place = ownPlace
    ? places.pointIn(random, organisation.wholeCity ? random.pick(QUARTIERS).code : random.pick(organisation.quartiers))
    : null;
  const validFrom =
    validity === "expired"
      ? dayFrom(today, -random.int(200, 400))
      : validity === "from-until"
        ? dayFrom(today, -random.int(10, 120))
        : null;
  const validUntil =
    validity === "expired"
      ? dayFrom(today, -random.int(5, 150))
      : validity === "until" || validity === "from-until"
        ? dayFrom(today, random.int(45, 300))
        : null;
  return {
    organisation: organisation.slug,
    resource: template.resource,
    title: `${template.title}${DEMO_MARK}`,
    description: `Offre fictive de démonstration : ${template.text}`,
    quartier: place?.quartier ?? null,
    latitude: place?.latitude ?? null,
    longitude: place?.longitude ?? null,
    availability: template.availability,
    capacity: template.capacity,
    slots: [...template.slots],
    conditions: template.conditions,
    validFrom,
    validUntil,
    publishedAt: validFrom ?? organisation.publishedAt,
  };
}

// ——— Ideas and groupements ———

type IdeaStage = "draft" | "looking-for-partners" | "groupement-formed" | "applied" | "laureate" | "archived";

type MemberTemplate = Omit<GeneratedGroupementMember, "organisation" | "isLead"> & { archetype: string };

type IdeaTemplate = {
  lead: string;
  title: string;
  summary: string;
  description: string;
  targetPublic: string;
  wholeCity?: boolean;
  subAxes: string[];
  tags: string[];
  sectorsSought: SectorCode[];
  resourcesSought: ResourceCode[];
  stage: IdeaStage;
  expectedStart: string | null;
  groupement?: Omit<GeneratedGroupement, "title" | "subAxes" | "wholeCity" | "quartiers" | "members"> & {
    lead: Omit<MemberTemplate, "archetype" | "status">;
    members: MemberTemplate[];
  };
};

const FICTIVE_IDEA = "Idée fictive créée pour montrer la plateforme.";

const IDEAS: IdeaTemplate[] = [
  {
    lead: "visites",
    title: "Un voisin, une visite",
    summary:
      "Idée fictive de démonstration : relier gardiens, aides à domicile et voisins bénévoles pour rendre visite chaque semaine aux habitants qui ne sortent plus.",
    description: `${FICTIVE_IDEA}\n\nNous voulons qu'aucun habitant replié chez lui ne reste sans visite. Les gardiens et les aides à domicile repèrent, nos bénévoles proposent une visite, et un bailleur nous prête un local pour un café hebdomadaire.\n\nIl nous manque un partenaire d'un autre secteur que le nôtre : un bailleur, une pharmacie, un centre de santé.`,
    targetPublic: "Personnes âgées et adultes isolés qui ne sortent plus de chez eux",
    subAxes: ["2.1"],
    tags: ["isolated-at-home", "elderly"],
    sectorsSought: ["habitat", "sante"],
    resourcesSought: ["locaux"],
    stage: "looking-for-partners",
    expectedStart: null,
    groupement: {
      status: "draft",
      startDate: null,
      cooperation: "new",
      cooperationJustification: "",
      beneficiaries: null,
      replicability: "",
      budget: { operating: 0, participation: 0, equipment: 0 },
      submittedOn: null,
      lead: {
        role: "Coordination et visites bénévoles",
        resources: ["competences"],
        resourceDescription: "Douze bénévoles formés aux visites.",
        valuedAmount: null,
        subsidyShare: 0,
        commitment: null,
        accountsAlreadySent: false,
        reportAlreadySent: false,
        confirmedByName: null,
      },
      members: [
        {
          archetype: "aide-domicile",
          status: "active",
          role: "Repérage au domicile",
          resources: ["salaries"],
          resourceDescription: "",
          valuedAmount: null,
          subsidyShare: 0,
          commitment: null,
          accountsAlreadySent: false,
          reportAlreadySent: false,
          confirmedByName: null,
        },
        {
          archetype: "bailleur-social",
          status: "invited",
          role: "Local commun et gardiens",
          resources: ["locaux"],
          resourceDescription: "",
          valuedAmount: null,
          subsidyShare: 0,
          commitment: null,
          accountsAlreadySent: false,
          reportAlreadySent: false,
          confirmedByName: null,
        },
      ],
    },
  },
  {
    lead: "epicerie",
    title: "Le panier qui se déplace",
    summary:
      "Idée fictive de démonstration : livrer les courses de l'épicerie solidaire aux personnes qui ne peuvent plus venir, et en profiter pour prendre le temps de discuter.",
    description: `${FICTIVE_IDEA}\n\nNos clients les plus âgés ou malades ne viennent plus. Nous voulons livrer leurs courses à prix solidaire et que chaque livraison soit aussi une visite.\n\nNous cherchons un véhicule, du temps de salariés et une entreprise prête à s'engager.`,
    targetPublic: "Foyers aux petits revenus qui ne peuvent plus se déplacer",
    subAxes: ["2.2", "1.3"],
    tags: ["isolated-at-home", "single-parents"],
    sectorsSought: ["economique", "habitat"],
    resourcesSought: ["logistique", "salaries"],
    stage: "looking-for-partners",
    expectedStart: "2027-03-01",
  },
  {
    lead: "centre-social",
    title: "Les vendredis soir ouverts",
    summary:
      "Idée fictive de démonstration : ouvrir le centre le vendredi soir, quand plus rien n'est ouvert, avec un repas, un film ou des jeux, pour les personnes seules et les travailleurs en horaires décalés.",
    description: `${FICTIVE_IDEA}\n\nLe vendredi soir, le quartier n'offre plus rien à ceux qui vivent seuls. Nous voulons ouvrir nos portes jusqu'à minuit avec un repas à petit prix et une activité.\n\nNous cherchons une salle de cinéma ou une médiathèque partenaire, et un soutien financier.`,
    targetPublic: "Personnes seules, travailleurs en horaires décalés",
    subAxes: ["2.3", "1.4"],
    tags: ["night-shift-workers", "working-poor"],
    sectorsSought: ["culturel", "economique"],
    resourcesSought: ["locaux", "financier"],
    stage: "looking-for-partners",
    expectedStart: "2027-01-08",
  },
  {
    lead: "employeur",
    title: "Repérer l'isolement au travail",
    summary:
      "Idée fictive de démonstration : former les chefs d'équipe à repérer les salariés qui s'isolent et leur proposer une personne ressource hors de l'entreprise.",
    description: `${FICTIVE_IDEA}\n\nBeaucoup de nos salariés travaillent seuls, tôt le matin ou tard le soir. Nous voulons que les chefs d'équipe sachent repérer l'isolement et vers qui orienter.\n\nNous cherchons une association et un acteur de santé pour former et accueillir.`,
    targetPublic: "Salariés à temps partiel et en horaires décalés",
    subAxes: ["1.1"],
    tags: ["working-poor", "night-shift-workers"],
    sectorsSought: ["sante", "associatif"],
    resourcesSought: ["competences"],
    stage: "looking-for-partners",
    expectedStart: null,
  },
  {
    lead: "syndicat",
    title: "Des droits ouverts sur le lieu de travail",
    summary:
      "Idée fictive de démonstration : tenir des permanences d'accès aux droits dans les entreprises, aux heures de pause des équipes de nuit.",
    description: `${FICTIVE_IDEA}\n\nDes salariés pauvres ignorent les aides auxquelles ils ont droit et n'ont jamais le temps d'aller au guichet. Nous voulons amener les permanences jusqu'à eux.\n\nNous cherchons une association d'accès aux droits et une structure de l'emploi.`,
    targetPublic: "Travailleurs pauvres, salariés de nuit",
    subAxes: ["1.2"],
    tags: ["working-poor"],
    sectorsSought: ["associatif", "emploi-formation"],
    resourcesSought: ["locaux", "competences"],
    stage: "looking-for-partners",
    expectedStart: null,
  },
  {
    lead: "theatre",
    title: "Théâtre au salon",
    summary:
      "Idée fictive de démonstration : des petites formes de théâtre jouées chez les personnes qui ne peuvent plus sortir, avec leurs voisins invités.",
    description: `${FICTIVE_IDEA}\n\nUne comédienne, un salon, trois voisins invités : le spectacle devient l'occasion d'une rencontre. Nous voulons jouer une fois par semaine pendant deux ans.\n\nNous cherchons un bailleur pour repérer les personnes, et un soutien pour les déplacements.`,
    targetPublic: "Personnes qui ne peuvent plus sortir de chez elles",
    subAxes: ["2.1", "1.4"],
    tags: ["isolated-at-home"],
    sectorsSought: ["habitat", "sante"],
    resourcesSought: ["financier", "logistique"],
    stage: "looking-for-partners",
    expectedStart: "2027-02-01",
  },
  {
    lead: "gem",
    title: "Un café des entraides",
    summary: "Idée fictive de démonstration : un café tenu par les adhérents, ouvert à tous le week-end.",
    description: `${FICTIVE_IDEA}\n\nL'idée est encore un brouillon : nous cherchons d'abord un lieu.`,
    targetPublic: "Personnes vivant avec des troubles psychiques, habitants du quartier",
    subAxes: ["2.3"],
    tags: [],
    sectorsSought: ["economique"],
    resourcesSought: ["locaux"],
    stage: "draft",
    expectedStart: null,
  },
  {
    lead: "centre-social",
    title: "Les dimanches ensemble",
    summary:
      "Idée fictive de démonstration : un repas et une activité chaque dimanche, dans un local commun, pour les habitants seuls d'une cité.",
    description: `${FICTIVE_IDEA}\n\nLe dimanche est le jour le plus long pour les personnes seules. Avec un bailleur, un café et la médiathèque, nous ouvrons chaque dimanche un local commun : repas, lectures, jeux.\n\nLe groupement est constitué et conforme aux règles de l'appel.`,
    targetPublic: "Habitants seuls d'une résidence sociale, souvent âgés",
    subAxes: ["2.3", "2.1"],
    tags: ["isolated-at-home", "elderly"],
    sectorsSought: ["habitat", "economique"],
    resourcesSought: ["locaux"],
    stage: "groupement-formed",
    expectedStart: "2026-01-04",
    groupement: {
      status: "eligible",
      startDate: "2026-01-04",
      cooperation: "new",
      cooperationJustification:
        "Un centre social, un bailleur, un café et une médiathèque qui n'avaient jamais travaillé ensemble.",
      beneficiaries: 180,
      replicability: "Reproductible dans toute résidence dotée d'un local commun.",
      budget: { operating: 90_000, participation: 30_000, equipment: 10_000 },
      submittedOn: null,
      lead: {
        role: "Coordination et animation",
        resources: ["competences"],
        resourceDescription: "Deux animateurs chaque dimanche.",
        valuedAmount: null,
        subsidyShare: 100_000,
        commitment: "convention",
        accountsAlreadySent: true,
        reportAlreadySent: true,
        confirmedByName: "Équipe du centre (démo)",
      },
      members: [
        {
          archetype: "bailleur-social",
          status: "active",
          role: "Local commun et repérage par les gardiens",
          resources: ["locaux", "salaries"],
          resourceDescription: "Le local commun chaque dimanche, les gardiens pour inviter les locataires.",
          valuedAmount: 12_000,
          subsidyShare: 30_000,
          commitment: "lettre-engagement",
          accountsAlreadySent: true,
          reportAlreadySent: false,
          confirmedByName: null,
        },
        {
          archetype: "cafe",
          status: "active",
          role: "Repas du dimanche",
          resources: ["locaux", "logistique"],
          resourceDescription: "Le repas préparé et livré chaque dimanche.",
          valuedAmount: 8_000,
          subsidyShare: 0,
          commitment: "lettre-engagement",
          accountsAlreadySent: false,
          reportAlreadySent: false,
          confirmedByName: null,
        },
        {
          archetype: "mediatheque",
          status: "active",
          role: "Lectures et jeux",
          resources: ["competences"],
          resourceDescription: "Une bibliothécaire un dimanche sur deux.",
          valuedAmount: null,
          subsidyShare: 0,
          commitment: "convention",
          accountsAlreadySent: false,
          reportAlreadySent: false,
          confirmedByName: null,
        },
      ],
    },
  },
  {
    lead: "insertion",
    title: "Permanences droits et santé au travail",
    summary:
      "Idée fictive de démonstration : des permanences sur les chantiers et dans les entreprises pour que les travailleurs pauvres fassent valoir leurs droits et se soignent.",
    description: `${FICTIVE_IDEA}\n\nUn chantier d'insertion, une entreprise de propreté, un centre de santé et une mutuelle vont là où les salariés travaillent, à l'heure de la pause.\n\nLe dossier a été déposé auprès du CCAS.`,
    targetPublic: "Travailleurs pauvres, salariés en insertion",
    subAxes: ["1.1", "1.2"],
    tags: ["working-poor"],
    sectorsSought: ["sante", "economique"],
    resourcesSought: ["competences"],
    stage: "applied",
    expectedStart: "2026-02-02",
    groupement: {
      status: "filed",
      startDate: "2026-02-02",
      cooperation: "reinforced",
      cooperationJustification:
        "Le chantier et le centre de santé se connaissaient ; l'entreprise et la mutuelle les rejoignent pour aller sur les lieux de travail.",
      beneficiaries: 400,
      replicability: "La méthode peut être reprise par toute entreprise qui accueille une permanence.",
      budget: { operating: 80_000, participation: 40_000, equipment: 0 },
      submittedOn: "2025-07-11",
      lead: {
        role: "Coordination et permanences",
        resources: ["salaries"],
        resourceDescription: "Une conseillère à mi-temps.",
        valuedAmount: null,
        subsidyShare: 60_000,
        commitment: "convention",
        accountsAlreadySent: true,
        reportAlreadySent: true,
        confirmedByName: "Direction du chantier (démo)",
      },
      members: [
        {
          archetype: "employeur",
          status: "active",
          role: "Accueil des permanences sur le temps de travail",
          resources: ["locaux", "salaries"],
          resourceDescription: "Une salle de pause et une heure par mois sur le temps de travail.",
          valuedAmount: 6_000,
          subsidyShare: 0,
          commitment: "lettre-engagement",
          accountsAlreadySent: true,
          reportAlreadySent: true,
          confirmedByName: "Direction de l'entreprise (démo)",
        },
        {
          archetype: "centre-sante",
          status: "active",
          role: "Consultations et médiation en santé",
          resources: ["competences"],
          resourceDescription: "La médiatrice en santé deux demi-journées par mois.",
          valuedAmount: null,
          subsidyShare: 40_000,
          commitment: "convention",
          accountsAlreadySent: true,
          reportAlreadySent: true,
          confirmedByName: "Coordination du centre (démo)",
        },
        {
          archetype: "mutuelle",
          status: "active",
          role: "Accès à la complémentaire santé",
          resources: ["competences"],
          resourceDescription: "Une conseillère un matin par mois.",
          valuedAmount: 4_000,
          subsidyShare: 20_000,
          commitment: "lettre-engagement",
          accountsAlreadySent: true,
          reportAlreadySent: true,
          confirmedByName: "Délégation régionale (démo)",
        },
      ],
    },
  },
  {
    lead: "cooperative",
    title: "L'atelier qui roule",
    summary:
      "Idée fictive de démonstration : un atelier de réparation dans un camion, qui s'installe au pied des immeubles sans équipement de quartier.",
    description: `${FICTIVE_IDEA}\n\nLe camion-atelier s'installe une demi-journée par semaine dans chaque résidence : on y répare, on y prend un café, on s'y rencontre.\n\nLe projet a été retenu par le CCAS.`,
    targetPublic: "Habitants des résidences sans équipement de quartier",
    subAxes: ["1.3", "2.3"],
    tags: ["working-poor"],
    sectorsSought: ["habitat"],
    resourcesSought: ["locaux"],
    stage: "laureate",
    expectedStart: "2026-03-02",
  },
  {
    lead: "aide-domicile",
    title: "La pause des aidants",
    summary:
      "Idée fictive de démonstration : quelques heures de répit chaque semaine pour les aidants familiaux, le temps d'une activité culturelle ou sportive.",
    description: `${FICTIVE_IDEA}\n\nPendant qu'une intervenante reste auprès de la personne aidée, l'aidant part deux heures au cinéma, à la piscine ou au café.\n\nLe projet a été retenu par le CCAS.`,
    targetPublic: "Aidants familiaux épuisés et isolés",
    subAxes: ["1.4", "2.1"],
    tags: ["carers"],
    sectorsSought: ["sante", "culturel"],
    resourcesSought: ["locaux", "salaries"],
    stage: "laureate",
    expectedStart: "2026-01-05",
  },
  {
    lead: "lycee",
    title: "Goûters entre générations",
    summary: "Idée fictive de démonstration : des goûters préparés par des lycéens pour les personnes âgées seules du quartier.",
    description: `${FICTIVE_IDEA}\n\nLe projet a duré une année scolaire ; il est archivé en attendant une nouvelle classe volontaire.`,
    targetPublic: "Personnes âgées seules",
    subAxes: ["2.1"],
    tags: ["elderly"],
    sectorsSought: ["associatif"],
    resourcesSought: ["logistique"],
    stage: "archived",
    expectedStart: null,
  },
  {
    lead: "bailleur-social",
    title: "Gardiens attentifs, locataires entourés",
    summary:
      "Idée fictive de démonstration : former les gardiens à repérer les locataires qui se replient, et leur proposer un relais associatif et médical.",
    description: `${FICTIVE_IDEA}\n\nNos gardiens voient chaque jour des locataires qui ne sortent plus. Nous voulons qu'ils sachent à qui passer le relais, avec l'accord des personnes.\n\nNous cherchons une association de visites et un acteur de santé.`,
    targetPublic: "Locataires âgés ou malades qui ne sortent plus",
    subAxes: ["2.1", "2.2"],
    tags: ["isolated-at-home", "elderly"],
    sectorsSought: ["associatif", "sante"],
    resourcesSought: ["competences"],
    stage: "looking-for-partners",
    expectedStart: null,
  },
  {
    lead: "mobilite",
    title: "Sorties accompagnées du samedi",
    summary:
      "Idée fictive de démonstration : un samedi par mois, une sortie culturelle accompagnée et gratuite pour les personnes qui ne sortent plus seules.",
    description: `${FICTIVE_IDEA}\n\nNos conducteurs emmènent déjà les personnes chez le médecin ; nous voulons aussi les emmener au musée, au concert ou au bord de la Loire.\n\nNous cherchons des lieux culturels et des entreprises mécènes.`,
    targetPublic: "Personnes âgées ou handicapées sans voiture",
    wholeCity: true,
    subAxes: ["1.4", "2.2"],
    tags: ["elderly", "isolated-at-home"],
    sectorsSought: ["economique", "culturel"],
    resourcesSought: ["logistique", "financier"],
    stage: "looking-for-partners",
    expectedStart: null,
  },
  {
    lead: "etudiants",
    title: "Étudiants relais du soir",
    summary:
      "Idée fictive de démonstration : des étudiants qui tiennent compagnie le soir, par téléphone ou sur place, aux personnes seules d'une résidence.",
    description: `${FICTIVE_IDEA}\n\nLe soir, les services ferment et la solitude pèse. Des étudiants se relaient pour appeler ou passer voir les habitants qui le souhaitent.\n\nLe groupement s'est constitué hors de la plateforme ; nous cherchons encore une salle.`,
    targetPublic: "Personnes seules d'une résidence, le soir",
    subAxes: ["2.3"],
    tags: ["isolated-at-home"],
    sectorsSought: ["habitat", "culturel"],
    resourcesSought: ["locaux"],
    stage: "groupement-formed",
    expectedStart: "2026-04-01",
  },
];

// ——— The full demo ———

/**
 * The demo's organisations, offers and ideas. The same every time except the dates, which follow
 * `today`: validity of offers (a fifth expired), publication dates.
 */
export function generateDemoCity(collection: QuartierCollection, today: Date): DemoCity {
  const random = createRandom(DEMO_SEED);
  const places = createPlaces(collection);
  const now = today.getTime();

  // Which archetype each organisation follows, and where it acts: shuffled, then the local ones
  // dealt to the 11 quartiers in turn, so every quartier holds six or seven of all kinds.
  const slots = random.shuffle(
    ARCHETYPES.flatMap((archetype) =>
      Array.from({ length: archetype.count }, (_unused, index) => ({ archetype, wholeCity: index < archetype.wholeCity })),
    ),
  );
  const quartierOrder = random.shuffle(QUARTIERS.map((quartier) => quartier.code));
  const words = new Set<string>();
  let local = 0;
  const organisations = slots.map((slot, index) => {
    let word = inventWord(random);
    while (words.has(word)) word = inventWord(random);
    words.add(word);
    const home = slot.wholeCity ? random.pick(quartierOrder) : quartierOrder[local++ % quartierOrder.length]!;
    const publishedAt = new Date(now - (index * 29 + random.int(1, 20)) * 3_600_000);
    return {
      archetype: slot.archetype,
      organisation: drawOrganisation(random, places, slot.archetype, { wholeCity: slot.wholeCity, home }, word, "", publishedAt),
    };
  });

  // 40 offers, from 40 of the organisations that have something to offer; a fifth expired.
  const offers = random
    .shuffle(organisations.filter(({ archetype }) => archetype.offerTemplates.length > 0))
    .slice(0, 40)
    .map(({ archetype, organisation }, index) =>
      drawOffer(
        random,
        places,
        organisation,
        random.pick(archetype.offerTemplates),
        VALIDITIES[index % VALIDITIES.length]!,
        today,
      ),
    );

  // Ideas: each led by the first organisation of its archetype not already leading one; groupement
  // members are the first of theirs not already in the project, those acting near the lead first.
  const leading = new Set<string>();
  const ofArchetype = (key: string) =>
    organisations.filter(({ archetype }) => archetype.key === key).map((entry) => entry.organisation);
  const ideas = IDEAS.map((template, index): GeneratedIdea => {
    const lead = ofArchetype(template.lead).find((organisation) => !leading.has(organisation.slug));
    if (!lead) throw new Error(`The demo has no organisation left to lead « ${template.title} »`);
    leading.add(lead.slug);
    const wholeCity = template.wholeCity ?? lead.wholeCity;
    const quartiers = wholeCity ? [] : [...lead.quartiers];
    const title = `${template.title}${DEMO_MARK}`;
    const published = template.stage !== "draft";
    let groupement: GeneratedGroupement | null = null;
    if (template.groupement) {
      const { lead: leadMember, members, ...project } = template.groupement;
      const taken = new Set([lead.slug]);
      const near = (organisation: GeneratedOrganisation) =>
        organisation.wholeCity || organisation.quartiers.some((quartier) => quartiers.includes(quartier)) ? 0 : 1;
      groupement = {
        ...project,
        title,
        subAxes: [...template.subAxes],
        wholeCity,
        quartiers,
        members: [
          { organisation: lead.slug, isLead: true, status: "active", ...leadMember },
          ...members.map(({ archetype, ...member }) => {
            const chosen = ofArchetype(archetype)
              .filter((organisation) => !taken.has(organisation.slug))
              .sort((a, b) => near(a) - near(b))[0];
            if (!chosen) throw new Error(`The demo has no ${archetype} left for « ${template.title} »`);
            taken.add(chosen.slug);
            return { organisation: chosen.slug, isLead: false, ...member };
          }),
        ],
      };
    }
    return {
      slug: `demo-${slugify(template.title)}`,
      organisation: lead.slug,
      title,
      summary: template.summary,
      description: template.description,
      targetPublic: template.targetPublic,
      wholeCity,
      quartiers,
      subAxes: [...template.subAxes],
      tags: [...template.tags],
      sectorsSought: [...template.sectorsSought],
      resourcesSought: [...template.resourcesSought],
      stage: template.stage,
      status: published ? "published" : "draft",
      expectedStart: template.expectedStart ? new Date(`${template.expectedStart}T00:00:00Z`) : null,
      // An idea whose groupement filed on a given day was published, and its groupement formed, weeks before.
      publishedAt: groupement?.submittedOn
        ? new Date(Date.parse(`${groupement.submittedOn}T10:00:00Z`) - 45 * DAY)
        : published
          ? new Date(now - (index * 53 + 7) * 3_600_000)
          : null,
      groupement,
    };
  });

  // The structures of a filed groupement were on the platform before their project: published
  // at least 60 days before its idea (they were published these last weeks, after its filing).
  for (const idea of ideas) {
    if (!idea.groupement?.submittedOn || !idea.publishedAt) continue;
    const before = new Date(idea.publishedAt.getTime() - 60 * DAY);
    for (const member of idea.groupement.members) {
      const entry = organisations.find((candidate) => candidate.organisation.slug === member.organisation);
      if (entry && entry.organisation.publishedAt > before) entry.organisation.publishedAt = before;
    }
  }

  return { organisations: organisations.map((entry) => entry.organisation), offers, ideas };
}

// ——— More of the same, for benchmarks ———

/**
 * `count` organisations drawn like the demo's (archetypes in the demo's proportions), numbered from
 * `start` so that every run adds new ones, and about one offer for two organisations (a fifth of
 * them expired). The same `start` and `count` give the same organisations.
 */
export function generateScaleOrganisations(
  collection: QuartierCollection,
  { start, count, today }: { start: number; count: number; today: Date },
): { organisations: GeneratedOrganisation[]; offers: GeneratedOffer[] } {
  const random = createRandom(SCALE_SEED + start);
  const places = createPlaces(collection);
  const weighted = ARCHETYPES.flatMap((archetype) => Array.from({ length: archetype.count }, () => archetype));
  const organisations: GeneratedOrganisation[] = [];
  const offers: GeneratedOffer[] = [];
  for (let index = start; index < start + count; index += 1) {
    const archetype = random.pick(weighted);
    const wholeCity = random.chance(archetype.wholeCity / archetype.count);
    const home = random.pick(QUARTIERS).code;
    const publishedAt = new Date(today.getTime() - random.int(1, 700) * DAY);
    const organisation = drawOrganisation(
      random,
      places,
      archetype,
      { wholeCity, home },
      inventWord(random),
      `-${index}`,
      publishedAt,
    );
    organisations.push(organisation);
    if (archetype.offerTemplates.length > 0 && random.chance(0.6)) {
      const template = random.pick(archetype.offerTemplates);
      offers.push(drawOffer(random, places, organisation, template, VALIDITIES[offers.length % VALIDITIES.length]!, today));
    }
  }
  return { organisations, offers };
}
