// The 2025 "appel à coopérations" of the City of Nantes' CCAS, as data. Source: the City's page for
// the call (copy in shared/call/). Wording is ours; codes, dates and amounts are the call's.
// This file seeds the database and feeds the command-line tools, so they never disagree.
import type { CallData } from "../call";

export const nantesIsolement2025: CallData = {
  slug: "nantes-isolement-2025",
  title: "Appel à coopérations : lutter contre l'isolement social subi des personnes en situation de précarité",
  shortTitle: "Appel à coopérations 2025 — isolement et précarité",
  summary:
    "La Ville de Nantes, par son CCAS, soutient des projets portés à plusieurs pour mieux repérer, accompagner et rompre l'isolement social subi des Nantaises et Nantais en situation de précarité.",
  organiser: "CCAS de la Ville de Nantes",
  audience:
    "Un groupement d'au moins deux structures de secteurs différents (associations, acteurs économiques, habitat, emploi et formation, santé, monde académique, culture), dont une structure coordinatrice, appelée chef de file.",
  deadline: "2025-07-16T18:00:00+02:00",
  yearlyEnvelope: 250_000,
  minLaureates: 3,
  maxLaureates: 5,
  durationMonths: 24,
  fundingYears: 2,
  latestStart: "2026-06-30",
  latestStartLabel: "au plus tard au premier semestre 2026",
  fundingNote:
    "Subvention versée dans le cadre d'une convention pluriannuelle, soit avec chaque membre du groupement, soit avec le seul chef de file ; la candidature précise la répartition entre les membres.",
  minMembers: 2,
  prerequisites: [
    "Agir à la fois sur l'isolement social et sur la précarité, en répondant à au moins un des sous-axes.",
    "Être structurant (nombre de bénéficiaires, étendue du territoire) ou montrer un potentiel de développement ou de réplicabilité.",
    "Bénéficier au territoire nantais — la ville entière ou un ou plusieurs quartiers — en visant en particulier les territoires où l'offre de lien social est faible.",
    "Reposer sur une coopération nouvelle ou renforcée entre au moins deux structures de secteurs différents (plus de deux, idéalement).",
    "Respecter et valoriser le pouvoir d'agir et de choisir des personnes concernées.",
    "Commencer effectivement au plus tard au premier semestre 2026, pour une durée de deux ans.",
  ],
  axes: [
    {
      code: "1",
      title: "Les travailleurs pauvres, avec et au sein des entreprises",
      summary:
        "Agir avec le monde de l'entreprise pour les personnes qui travaillent et vivent pourtant dans la précarité et l'isolement.",
      subAxes: [
        {
          code: "1.1",
          title: "Repérer l'isolement social au travail",
          summary: "Inventer des moyens de repérer les situations d'isolement social dans l'entreprise.",
          actions: [],
        },
        {
          code: "1.2",
          title: "Faire valoir leurs droits par l'entreprise",
          summary:
            "Lutter contre le non-recours aux droits des travailleurs pauvres en agissant auprès, au sein et avec les entreprises, comités d'entreprise, structures d'insertion et syndicats.",
          actions: [],
        },
        {
          code: "1.3",
          title: "Des services abordables pour alléger les dépenses contraintes",
          summary:
            "Proposer des services à petit prix pour se loger, s'équiper, se déplacer, s'approvisionner ou se soigner, afin que le budget laisse place à la vie sociale.",
          actions: [],
        },
        {
          code: "1.4",
          title: "Loisirs, culture, sport et répit adaptés aux horaires décalés",
          summary:
            "Offrir des loisirs, du bien-être, du sport, de la culture ou du répit (vacances, garde d'enfants) gratuits ou peu chers, pensés pour les horaires de nuit ou fractionnés et les situations familiales particulières (parent seul, aidant).",
          actions: [],
        },
      ],
    },
    {
      code: "2",
      title: "Les personnes très isolées à domicile et en grande précarité",
      summary:
        "Aller vers les personnes repliées chez elles, lever les freins matériels à la vie sociale et investir les lieux et quartiers où l'offre de lien social manque.",
      subAxes: [
        {
          code: "2.1",
          title: "Repérer, entrer en contact et proposer du lien aux personnes repliées chez elles",
          summary:
            "Repérer les personnes très isolées dans leur logement (privé ou social, en location ou propriétaires), établir un premier contact et leur proposer un lien social qui leur convienne.",
          actions: [
            "Organiser une veille et une entraide de grande proximité avec les bailleurs, voisins, commerçants, soignants, services publics ou syndics.",
            "Proposer conversation, loisirs, pratiques artistiques ou culturelles adaptées aux personnes que la mobilité, le handicap ou un frein psychique empêchent de sortir.",
            "Travailler l'estime de soi pour prévenir ou soulager le repli et faire reconnaître les compétences des personnes.",
          ],
        },
        {
          code: "2.2",
          title: "Lever les freins matériels et financiers à la vie sociale",
          summary: "Atténuer ce qui, dans le budget ou le quotidien, empêche de participer à la vie sociale.",
          actions: [
            "Rendre accessibles, gratuitement ou à petit prix, culture, vacances et loisirs adaptés à la situation sociale et psychique des personnes.",
            "Proposer des services abordables qui allègent les dépenses contraintes du quotidien (logement, équipement, déplacements, courses, soins).",
            "Lutter contre le non-recours aux droits des personnes très isolées, en rupture ou en défiance envers les institutions.",
          ],
        },
        {
          code: "2.3",
          title: "Investir les lieux et quartiers peu couverts par une offre de lien social",
          summary: "Faire évoluer les espaces, lieux et zones de la ville où l'offre de lien social est la plus faible.",
          actions: [
            "Aller vers les personnes dans l'espace public et les lieux du quotidien : commerces, cafés, bibliothèques, supermarchés, gares, jardins, parkings…",
            "Proposer une offre de lien social, mobile au besoin, dans les zones d'habitat sans équipement public, centre social ni association de quartier.",
            "Animer des lieux et des événements où des habitants d'horizons différents se rencontrent et font ensemble.",
            "Proposer du lien social le soir, la nuit et le week-end, quand l'offre se raréfie.",
            "Organiser une veille et une entraide de grande proximité pour les personnes repliées sur elles-mêmes.",
          ],
        },
      ],
    },
  ],
  events: [
    { kind: "publication", title: "Publication de l'appel", startsAt: "2025-04-30T00:00:00+02:00", precision: "date" },
    {
      kind: "webinar",
      title: "Webinaire de présentation",
      startsAt: "2025-05-15T12:30:00+02:00",
      endsAt: "2025-05-15T13:30:00+02:00",
      precision: "datetime",
    },
    {
      kind: "webinar",
      title: "Webinaire de présentation",
      startsAt: "2025-05-22T12:30:00+02:00",
      endsAt: "2025-05-22T13:30:00+02:00",
      precision: "datetime",
    },
    {
      kind: "deadline",
      title: "Date limite de dépôt des candidatures",
      startsAt: "2025-07-16T18:00:00+02:00",
      precision: "datetime",
    },
    {
      kind: "interviews",
      title: "Entretiens éventuels au CCAS",
      startsAt: "2025-09-18T00:00:00+02:00",
      endsAt: "2025-09-19T00:00:00+02:00",
      precision: "date",
    },
    {
      kind: "results",
      title: "Annonce des lauréats",
      startsAt: "2025-10-01T00:00:00+02:00",
      endsAt: "2025-11-15T00:00:00+01:00",
      precision: "approximate",
      whenText: "courant octobre / début novembre 2025",
    },
    {
      kind: "first-payment",
      title: "Premier versement de la subvention",
      startsAt: "2026-01-01T00:00:00+01:00",
      endsAt: "2026-03-31T00:00:00+02:00",
      precision: "approximate",
      whenText: "début du premier semestre 2026",
    },
  ],
  expenseCategories: [
    {
      code: "operating",
      label: "Fonctionnement",
      description: "Montage, mise en œuvre, suivi et évaluation du projet, y compris les salaires et l'ingénierie.",
    },
    {
      code: "participation",
      label: "Accompagnement et participation",
      description:
        "Accompagnement et participation des personnes concernées, y compris la formation et l'outillage des bénévoles et salariés.",
    },
    {
      code: "equipment",
      label: "Équipement, investissement et logistique",
      description: "Seulement s'ils sont indispensables au projet, sans représenter ni toute la demande ni sa plus grande part.",
    },
  ],
  documents: [
    {
      label: "Fiche descriptive du projet",
      description:
        "Le contenu du projet, la composition du groupement et le détail des financements (un modèle est proposé, sans obligation de l'utiliser).",
      perMember: false,
    },
    {
      label: "Preuve d'engagement de chaque partenaire",
      description:
        "Le rôle de chaque structure, la forme du partenariat (convention, lettre d'engagement…) et la répartition de la subvention entre les membres.",
      perMember: true,
    },
    { label: "Comptes annuels", description: "Les derniers comptes annuels de chaque structure.", perMember: true },
    { label: "Rapport d'activité 2024", description: "Le rapport d'activité 2024 de chaque structure.", perMember: true },
  ],
  faqs: [
    {
      question: "Comment une entreprise peut-elle coopérer au projet ?",
      answer:
        "Par du mécénat de compétences, la mise à disposition de salariés ou de locaux, ou du mécénat financier, dédiés au projet. Une entreprise hors ESS ne peut pas recevoir la subvention : elle valorise ainsi sa responsabilité sociale. Une relation habituelle de prestataire ne compte pas comme coopération ; un partenariat qui existait déjà doit aboutir à un projet nouveau ou renforcé.",
    },
    {
      question: "Que veut dire « au bénéfice du territoire nantais » ?",
      answer:
        "L'action profite à des personnes qui résident ou sont domiciliées à Nantes et se déroule à Nantes, à l'échelle de la ville, d'un quartier ou d'un micro-quartier.",
    },
    {
      question: "Le CCAS peut-il relire un dossier avant le dépôt ou accorder un délai ?",
      answer: "Non : par équité entre les candidats, il n'y a ni relecture préalable ni dérogation à la date limite.",
    },
  ],
  pastLaureates: [
    {
      year: 2024,
      theme: "Coopérer pour une alimentation accessible et durable",
      title: "Un atelier de transformation au MIN de Nantes",
      summary:
        "Des personnes qui bénéficient de distributions alimentaires transforment des produits bio et créent leur propre gamme solidaire, entre lien social, insertion professionnelle et alimentation saine.",
      carriers: "la Banque Alimentaire 44, les Bouillonnantes, le SEMMIN et Full Good",
    },
    {
      year: 2024,
      theme: "Coopérer pour une alimentation accessible et durable",
      title: "Une caisse commune alimentaire à Bellevue, Chantenay et Sainte-Anne",
      summary:
        "Un budget collectif, alimenté par des cotisations citoyennes et des fonds publics et privés, permettrait aux habitants volontaires de dépenser chaque mois une somme définie dans des lieux de distribution alimentaire.",
      carriers: "VRAC, la Banque Alimentaire 44, OCEAN Régie de Quartier, le GAB 44 et le Kiosque Paysan",
    },
    {
      year: 2024,
      theme: "Coopérer pour une alimentation accessible et durable",
      title: "Une épicerie sociale et solidaire",
      summary:
        "Un commerce de proximité où des personnes en difficulté choisissent leurs courses à 10 à 30 % de leur valeur marchande, et un lieu d'accueil pour parler budget, alimentation ou santé.",
      carriers: "l'Accoord, l'Arbre de Liberté, le panier du Breil et la Boite à Récup'",
    },
    {
      year: 2024,
      theme: "Coopérer pour une alimentation accessible et durable",
      title: "Une offre bio et locale pour l'aide alimentaire",
      summary:
        "Planifier et consolider l'offre bio et locale des structures d'aide alimentaire en mutualisant leur logistique et en renforçant les liens avec les fermes.",
      carriers:
        "le Diaconat Protestant, les œuvres sociales de la Fraternité, le marché alternatif de Bellevue, du Pain sur la Planche, Linkee, le GAB 44, Terroir 44, Kiosque Paysan et les Bouillonnantes",
    },
    {
      year: 2024,
      theme: "Coopérer pour une alimentation accessible et durable",
      title: "Coopain : des restaurants inclusifs",
      summary:
        "Ouvrir la restauration classique aux personnes vulnérables grâce à un réseau entre structures sociales, restaurateurs et producteurs locaux.",
      carriers:
        "la SCIC Commun'île, À Coeur d'Artichaut, le Potager de Saint-Julien, le Village Solidaire des 5Ponts, le Secours Catholique 44, la Cloche, le Café des 5 Ponts et la Cocotte Solidaire",
    },
  ],
  // DOMAIN.md's defaults.
  recommendationWeights: {
    fixesSectors: 40,
    newSector: 10,
    soughtSector: 25,
    offersResource: 20,
    offersResourceMax: 2,
    sameQuartier: 15,
    wholeCity: 8,
    sameSubAxis: 10,
    sameSubAxisMax: 2,
    economicWorld: 10,
  },
  // The call's text lists what the CCAS looks at but publishes no scoring grid: these criteria and
  // their 0–5 scale are issue 14's list, for the CCAS's review of filed groupements.
  criteria: [
    {
      code: "pertinence",
      label: "Pertinence au regard du sous-axe",
      description: "Le projet répond-il au sous-axe choisi, à la fois sur l'isolement social et sur la précarité ?",
      maxScore: 5,
    },
    {
      code: "cooperation",
      label: "Qualité de la coopération",
      description:
        "La coopération est-elle nouvelle ou renforcée, entre des structures de secteurs différents, avec un rôle clair pour chacune ?",
      maxScore: 5,
    },
    {
      code: "territoire",
      label: "Territoire",
      description:
        "Le projet bénéficie-t-il au territoire nantais, en particulier aux quartiers où l'offre de lien social est faible ?",
      maxScore: 5,
    },
    {
      code: "envergure",
      label: "Envergure",
      description: "Nombre de personnes concernées, étendue du territoire, potentiel de développement ou de réplicabilité.",
      maxScore: 5,
    },
    {
      code: "budget",
      label: "Budget",
      description: "Le budget est-il réaliste, équilibré entre les postes et bien réparti entre les membres ?",
      maxScore: 5,
    },
  ],
};

export const DEFAULT_CALL_SLUG = nantesIsolement2025.slug;

/** Every call the code knows as data; the database is seeded from this list. */
export const CALLS: readonly CallData[] = [nantesIsolement2025];
