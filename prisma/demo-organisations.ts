// Fictitious organisations for demonstration. Names, people and activities are invented; each
// is flagged isDemo and shown with a "démo" badge. Any likeness to a real structure is accidental.
// This is the small demo the tests' template database holds (`seed(db, { demo: true })`: many tests
// check these names and counts); `npm start` seeds the full demo of ./demo-city.ts instead.
import type { OFFER_CONDITIONS, OFFER_SLOTS } from "../app/domain/schemas/offer";
import type { KindCode, QuartierSlug, ResourceCode, SectorCode } from "../app/domain/taxonomy";

export type DemoOrganisation = {
  slug: string;
  name: string;
  shortDescription: string;
  description: string;
  sector: SectorCode;
  kind: KindCode;
  wholeCity: boolean;
  quartiers: QuartierSlug[];
  subAxes: string[];
  offers: ResourceCode[];
  seeks: ResourceCode[];
};

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    slug: "demo-voisins-veilleurs",
    name: "Les Voisins Veilleurs",
    shortDescription: "Association fictive de démonstration : un réseau de voisins qui rend visite aux personnes isolées.",
    description:
      "Structure fictive créée pour montrer la plateforme. Des bénévoles formés passent chaque semaine chez des habitants qui ne sortent plus, et cherchent un bailleur et une pharmacie pour repérer plus tôt.",
    sector: "associatif",
    kind: "association",
    wholeCity: false,
    quartiers: ["nantes-nord", "breil-barberie"],
    subAxes: ["2.1", "2.3"],
    offers: ["competences"],
    seeks: ["locaux", "logistique"],
  },
  {
    slug: "demo-cafe-du-quai",
    name: "Café du Quai Imaginaire",
    shortDescription: "Entreprise fictive de démonstration : un café qui prête sa salle le samedi matin.",
    description:
      "Structure fictive créée pour montrer la plateforme. Le café propose sa salle du fond le samedi de 9 h à 12 h et un café offert aux participants.",
    sector: "economique",
    kind: "entreprise",
    wholeCity: false,
    quartiers: ["ile-de-nantes"],
    subAxes: ["2.3", "1.4"],
    offers: ["locaux"],
    seeks: [],
  },
  {
    slug: "demo-logis-partage",
    name: "Logis Partagé (démo)",
    shortDescription: "Bailleur social fictif de démonstration : des gardiens attentifs aux locataires qui ne sortent plus.",
    description:
      "Structure fictive créée pour montrer la plateforme. Les gardiens d'immeuble signalent, avec l'accord des personnes, les situations de repli, et un local commun peut accueillir des activités.",
    sector: "habitat",
    kind: "bailleur-social",
    wholeCity: false,
    quartiers: ["bellevue-chantenay-sainte-anne", "dervallieres-zola", "nantes-nord"],
    subAxes: ["2.1"],
    offers: ["locaux", "salaries"],
    seeks: ["competences"],
  },
  {
    slug: "demo-coop-services-malins",
    name: "Coop Services Malins",
    shortDescription: "SCIC fictive de démonstration : petites réparations et dépannages à prix solidaire.",
    description:
      "Structure fictive créée pour montrer la plateforme. La coopérative répare électroménager et vélos à petit prix pour alléger les dépenses contraintes.",
    sector: "economique",
    kind: "ess",
    wholeCity: true,
    quartiers: [],
    subAxes: ["1.3", "2.2"],
    offers: ["competences", "logistique"],
    seeks: ["financier"],
  },
  {
    slug: "demo-pharmacie-exemple",
    name: "Pharmacie de l'Exemple",
    shortDescription: "Officine fictive de démonstration : repérer au comptoir les personnes qui s'isolent.",
    description: "Structure fictive créée pour montrer la plateforme. L'équipe veut se former au repérage de l'isolement.",
    sector: "sante",
    kind: "entreprise",
    wholeCity: false,
    quartiers: ["doulon-bottiere"],
    subAxes: ["2.1"],
    offers: ["salaries"],
    seeks: ["competences"],
  },
  {
    slug: "demo-theatre-a-domicile",
    name: "Compagnie Théâtre à Domicile",
    shortDescription:
      "Compagnie fictive de démonstration : des lectures et du théâtre chez les personnes qui ne peuvent pas sortir.",
    description:
      "Structure fictive créée pour montrer la plateforme. Des comédiens viennent lire et jouer à domicile, le soir et le week-end.",
    sector: "culturel",
    kind: "association",
    wholeCity: true,
    quartiers: [],
    subAxes: ["2.1", "2.2"],
    offers: ["competences"],
    seeks: ["financier", "logistique"],
  },
  {
    slug: "demo-atelier-insertion",
    name: "Atelier Tremplin (démo)",
    shortDescription: "Structure d'insertion fictive de démonstration : accompagner les travailleurs pauvres vers leurs droits.",
    description:
      "Structure fictive créée pour montrer la plateforme. Permanences d'accès aux droits sur les lieux de travail, aux horaires décalés.",
    sector: "emploi-formation",
    kind: "association",
    wholeCity: false,
    quartiers: ["malakoff-saint-donatien", "centre-ville"],
    subAxes: ["1.1", "1.2"],
    offers: ["competences", "salaries"],
    seeks: ["locaux"],
  },
  {
    slug: "demo-labo-lien-social",
    name: "Laboratoire Lien Social (démo)",
    shortDescription: "Équipe de recherche fictive de démonstration : évaluer les actions contre l'isolement.",
    description:
      "Structure fictive créée pour montrer la plateforme. Des étudiants et chercheurs proposent d'évaluer un projet sur deux ans.",
    sector: "academique",
    kind: "autre-public",
    wholeCity: false,
    quartiers: ["nantes-erdre", "hauts-paves-saint-felix"],
    subAxes: ["1.1", "2.3"],
    offers: ["competences"],
    seeks: [],
  },
  {
    slug: "demo-epicerie-solidaire",
    name: "Épicerie Solidaire de la Chézine (démo)",
    shortDescription:
      "Association fictive de démonstration : une épicerie solidaire où les foyers aux petits revenus font leurs courses à prix réduit.",
    description:
      "Structure fictive créée pour montrer la plateforme. Produits alimentaires et d'hygiène à 10 à 30 % de leur prix, un coin convivial pour discuter, et des livraisons pour les clients qui ne peuvent plus se déplacer.",
    sector: "associatif",
    kind: "association",
    wholeCity: false,
    quartiers: ["bellevue-chantenay-sainte-anne"],
    subAxes: ["2.2", "1.3"],
    offers: ["logistique"],
    seeks: ["salaries", "locaux"],
  },
  {
    slug: "demo-jardins-partages",
    name: "Jardins Partagés des Dervallières (démo)",
    shortDescription:
      "Association fictive de démonstration : un jardin partagé au pied des immeubles, ouvert à tous les habitants.",
    description:
      "Structure fictive créée pour montrer la plateforme. Chaque parcelle du potager est cultivée à plusieurs ; des ateliers de jardinage réunissent le mercredi après-midi des voisins qui ne se parlaient pas.",
    sector: "associatif",
    kind: "association",
    wholeCity: false,
    quartiers: ["dervallieres-zola"],
    subAxes: ["2.3"],
    offers: ["competences"],
    seeks: ["logistique"],
  },
  {
    slug: "demo-connexions-solidaires",
    name: "Connexions Solidaires (démo)",
    shortDescription:
      "Association fictive de démonstration : des ateliers numériques pour faire ses démarches en ligne et garder le contact avec ses proches.",
    description:
      "Structure fictive créée pour montrer la plateforme. Des médiateurs aident à se servir d'un ordinateur, d'un téléphone ou d'une tablette, et prêtent des appareils reconditionnés.",
    sector: "associatif",
    kind: "association",
    wholeCity: false,
    quartiers: ["breil-barberie"],
    subAxes: ["2.2"],
    offers: ["competences"],
    seeks: ["locaux", "financier"],
  },
];

type OfferSlotCode = (typeof OFFER_SLOTS)[number]["code"];
type OfferConditionCode = (typeof OFFER_CONDITIONS)[number]["code"];

export type DemoOffer = {
  organisation: string;
  resource: ResourceCode;
  title: string;
  description: string;
  /** The offer's own place; without it, the offer is where its organisation acts. */
  quartier: QuartierSlug | null;
  availability: string;
  capacity: string | null;
  slots: OfferSlotCode[];
  conditions: OfferConditionCode;
};

/** Fictitious resource offers of the demo organisations. */
export const DEMO_OFFERS: DemoOffer[] = [
  {
    organisation: "demo-logis-partage",
    resource: "locaux",
    title: "Local commun en pied d'immeuble (démo)",
    description:
      "Offre fictive de démonstration : une salle de 40 m² avec une cuisine, au rez-de-chaussée d'une résidence, pour des activités ouvertes aux habitants.",
    quartier: "nantes-nord",
    availability: "Du lundi au vendredi, de 14 h à 21 h",
    capacity: "20 personnes",
    slots: ["weekday-daytime", "evenings"],
    conditions: "free",
  },
  {
    organisation: "demo-coop-services-malins",
    resource: "logistique",
    title: "Prêt d'un utilitaire avec chauffeur (démo)",
    description:
      "Offre fictive de démonstration : une camionnette et son chauffeur pour livrer, déménager ou transporter du matériel d'activité.",
    quartier: null,
    availability: "En semaine, sur réservation une semaine à l'avance",
    capacity: "12 m³",
    slots: ["weekday-daytime"],
    conditions: "at-cost",
  },
];

export type DemoIdea = {
  slug: string;
  organisation: string;
  title: string;
  summary: string;
  description: string;
  targetPublic: string;
  wholeCity: boolean;
  codes: { kind: "subAxis" | "quartier" | "tag" | "sector" | "resource"; code: string }[];
};

/** Fictitious project ideas of the demo organisations. */
export const DEMO_IDEAS: DemoIdea[] = [
  {
    slug: "demo-veilleurs-de-palier",
    organisation: "demo-voisins-veilleurs",
    title: "Veilleurs de palier (démo)",
    summary:
      "Idée fictive de démonstration : former des voisins, des gardiens et une pharmacie à repérer les personnes qui ne sortent plus.",
    description:
      "Idée fictive créée pour montrer la plateforme.\n\nNous voulons réunir un bailleur, une pharmacie et des voisins bénévoles pour repérer plus tôt les personnes repliées chez elles, et leur proposer une visite.",
    targetPublic: "Locataires isolés, souvent âgés, qui ne sortent plus de chez eux",
    wholeCity: false,
    codes: [
      { kind: "subAxis", code: "2.1" },
      { kind: "quartier", code: "nantes-nord" },
      { kind: "quartier", code: "breil-barberie" },
      { kind: "tag", code: "isolated-at-home" },
      { kind: "tag", code: "elderly" },
      { kind: "sector", code: "habitat" },
      { kind: "sector", code: "sante" },
      { kind: "resource", code: "locaux" },
    ],
  },
  {
    slug: "demo-theatre-du-dimanche",
    organisation: "demo-theatre-a-domicile",
    title: "Le théâtre du dimanche soir (démo)",
    summary: "Idée fictive de démonstration : des lectures partagées le dimanche soir, quand l'offre de lien social se raréfie.",
    description:
      "Idée fictive créée pour montrer la plateforme.\n\nNous cherchons des lieux ouverts le dimanche soir et une entreprise prête à prêter une salle.",
    targetPublic: "Personnes seules, travailleurs en horaires décalés",
    wholeCity: true,
    codes: [
      { kind: "subAxis", code: "2.3" },
      { kind: "subAxis", code: "1.4" },
      { kind: "tag", code: "night-shift-workers" },
      { kind: "sector", code: "economique" },
      { kind: "resource", code: "locaux" },
    ],
  },
];
