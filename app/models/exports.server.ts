// The data exports: what each file holds, read from the database in pages of ids (never a whole
// table in memory), and one row mapping per item reused by the CSV, the JSON and the GeoJSON.
//
// Two audiences read the same mappings:
// - the CCAS (`/ccas/exports`): every item that went through moderation (pending, published,
//   changes pending, rejected, unpublished — drafts never reached the CCAS), every groupement and
//   every interest, with the columns the CCAS works with. Never a password hash, a session or a
//   token, a person's e-mail, a private note, a score, nor the messages structures send each other.
// - everyone (`/donnees`): what is public by app/domain/publication.ts, and only the columns a
//   visitor already reads on the item's public page (no SIRET/RNA, no state, no moderation reason);
//   the public e-mail and phone of a structure are left out too, since they may be a person's own.
import { dayOfCalendarDate, dayOfInstant, type Column, type ExportRow } from "~/domain/exports";
import { assessGroupement } from "~/domain/groupement-assessment";
import { IDEA_STAGES, TARGET_TAGS } from "~/domain/schemas/idea";
import { OFFER_CONDITIONS, OFFER_SLOTS } from "~/domain/schemas/offer";
import {
  isOfferExpired,
  stateOf,
  visibleIdeaWhere,
  visibleOfferWhere,
  visibleOrganisationWhere,
  type PublicationState,
} from "~/domain/publication";
import { COMMITMENTS, COOPERATIONS, KINDS, labelOf, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import type { CallParameters } from "~/domain/eligibility";
import type { Prisma } from "~/generated/prisma/client";
import { getChecklist } from "~/models/groupement-documents.server";
import { getCallParameters, groupementSelect, splitCodes, toGroupement } from "~/models/groupement.server";
import type { Db } from "~/utils/db.server";
import { absoluteUrl } from "~/utils/url.server";
import { ORGANISATION_PROFILE_FIELDS } from "~/models/organisation.server";

/** Rows read per query: enough to keep the queries few, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 1000;

export type Audience = "ccas" | "public";

/** One exported file: its columns and its rows, read page by page. */
export type ExportFile = {
  /** The file's name in its URL and in the downloaded name (`organisations` → organisations.csv). */
  name: string;
  title: string;
  /** One sentence: what a row is and which items are in the file. */
  description: string;
  columns: readonly Column[];
  /** The rows, a page at a time, in the order of their ids. */
  pages: (db: Db, now: Date, pageSize?: number) => AsyncGenerator<ExportRow[]>;
  /** How many rows the file has now. */
  count: (db: Db, now: Date) => Promise<number>;
};

/** One page's query: the rows of `where` after the last id read, in the order of their ids. */
type PageQuery<Where> = { where: Where | { AND: [Where, { id: Prisma.StringFilter }] }; orderBy: { id: "asc" }; take: number };

/**
 * The rows of one table that `where` selects, `pageSize` at a time, by id: each query starts where
 * the last one stopped (an index seek, not an OFFSET that reads every row before it).
 */
async function* pagesById<Row extends { id: string }, Where extends object>(
  find: (query: PageQuery<Where>) => Promise<Row[]>,
  where: Where,
  pageSize: number,
): AsyncGenerator<Row[]> {
  let after: string | undefined;
  for (;;) {
    const filter = after === undefined ? where : { AND: [where, { id: { gt: after } }] as [Where, { id: Prisma.StringFilter }] };
    const page = await find({ where: filter, orderBy: { id: "asc" }, take: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

const STATE_LABELS = {
  draft: "brouillon",
  pending: "en attente de validation",
  published: "publié",
  "changes-pending": "publié, modifications en attente",
  rejected: "refusé",
  unpublished: "dépublié",
} as const satisfies Record<PublicationState, string>;

/** Everything the CCAS moderated or has to: every state but the owner's draft. */
const MODERATED = { status: { not: "draft" } } as const;

const labels = (list: Parameters<typeof labelOf>[0], codes: readonly string[]) => codes.map((code) => labelOf(list, code));
const column = (key: string, header: string, type: Column["type"], meaning: string, example: string): Column => ({
  key,
  header,
  type,
  meaning,
  example,
});
const pick = (columns: readonly Column[], keys: readonly string[]) =>
  keys.map((key) => {
    const found = columns.find((item) => item.key === key);
    if (!found) throw new Error(`No column ${key}`);
    return found;
  });

// ——— Organisations ———

const organisationSelect = {
  ...ORGANISATION_PROFILE_FIELDS,
  publishedAt: true,
  isDemo: true,
  createdAt: true,
  updatedAt: true,
  homeQuartier: { select: { name: true } },
  quartiers: { select: { quartier: { select: { name: true, idobj: true } } } },
  subAxes: { select: { subAxis: { select: { code: true } } } },
  resources: { select: { resource: true, direction: true } },
  _count: { select: { memberships: true, offers: true } },
} satisfies Prisma.OrganisationSelect;
type OrganisationRecord = Prisma.OrganisationGetPayload<{ select: typeof organisationSelect }>;

const ORGANISATION_COLUMNS = [
  column("id", "Identifiant", "text", "Identifiant stable de la structure sur Coopérons.", "cm3x0a1b20000abcd1234efgh"),
  column("nom", "Nom", "text", "Nom de la structure.", "Maison de quartier des Dervallières"),
  column(
    "fiche",
    "Fiche",
    "text",
    "Adresse de la fiche publique de la structure.",
    "https://cooperons.example/organisations/maison-de-quartier",
  ),
  column(
    "etat",
    "État",
    "text",
    "Où en est la fiche : en attente de validation, publiée (avec ou sans modifications en attente), refusée ou dépubliée.",
    "publié",
  ),
  column("demo", "Démo", "boolean", "Structure fictive de la démonstration.", "non"),
  column("secteur_code", "Code secteur", "text", "Secteur de la structure selon la typologie de l'appel (code).", "associatif"),
  column("secteur", "Secteur", "text", "Secteur de la structure selon la typologie de l'appel.", "Associatif"),
  column("type_code", "Code type de structure", "text", "Nature juridique de la structure (code).", "association"),
  column("type", "Type de structure", "text", "Nature juridique de la structure.", "Association"),
  column("siret", "SIRET", "text", "Numéro SIRET déclaré par la structure.", "12345678900012"),
  column("rna", "RNA", "text", "Numéro RNA d'association déclaré par la structure.", "W443001234"),
  column(
    "description_courte",
    "Description courte",
    "text",
    "La présentation en une phrase.",
    "Accueil et animations pour tous les âges.",
  ),
  column(
    "description",
    "Description",
    "text",
    "La présentation complète (elle peut contenir des retours à la ligne).",
    "Nous accueillons…",
  ),
  column("site_web", "Site web", "text", "Site internet de la structure.", "https://exemple.org"),
  column("email_public", "E-mail public", "text", "Adresse de contact affichée sur la fiche.", "contact@exemple.org"),
  column("telephone_public", "Téléphone public", "text", "Téléphone de contact affiché sur la fiche.", "02 40 00 00 00"),
  column("adresse", "Adresse", "text", "Adresse d'implantation, telle que la fiche l'affiche.", "12 rue de l'Exemple"),
  column(
    "quartier_implantation",
    "Quartier d'implantation",
    "text",
    "Quartier de Nantes où la structure est implantée.",
    "Dervallières - Zola",
  ),
  column("toute_la_ville", "Agit sur toute la ville", "boolean", "La structure agit sur toute la ville.", "non"),
  column(
    "quartiers_action",
    "Quartiers d'action",
    "list",
    "Quartiers où la structure agit (vide si toute la ville).",
    "Dervallières - Zola | Nantes Nord",
  ),
  column("sous_axes", "Sous-axes", "list", "Codes des sous-axes de l'appel qui intéressent la structure.", "2.1 | 2.3"),
  column(
    "ressources_proposees",
    "Ressources proposées",
    "list",
    "Ressources que la structure peut apporter.",
    "Locaux | Logistique",
  ),
  column(
    "ressources_recherchees",
    "Ressources recherchées",
    "list",
    "Ressources que la structure recherche.",
    "Mécénat financier",
  ),
  column(
    "latitude",
    "Latitude",
    "decimal",
    "Latitude du point placé sur la carte (WGS 84), si la structure en a placé un.",
    "47,2279",
  ),
  column("longitude", "Longitude", "decimal", "Longitude du point placé sur la carte (WGS 84).", "-1,5852"),
  column("verifiee", "Vérifiée par le CCAS", "boolean", "Le CCAS a vérifié l'existence de la structure.", "oui"),
  column("publiee_le", "Publiée le", "date", "Date de la première publication de la fiche (JJ/MM/AAAA).", "15/05/2025"),
  column(
    "motif_moderation",
    "Motif de la dernière décision",
    "text",
    "Message du CCAS lors d'un refus ou d'une dépublication.",
    "Le numéro SIRET ne correspond pas.",
  ),
  column("membres", "Comptes membres", "integer", "Nombre de comptes rattachés à la structure.", "2"),
  column("offres", "Offres", "integer", "Nombre d'offres de ressources de la structure, tous états confondus.", "3"),
  column("creee_le", "Créée le", "date", "Date de création de la fiche.", "02/05/2025"),
  column("modifiee_le", "Modifiée le", "date", "Date de la dernière modification.", "20/06/2025"),
] as const satisfies readonly Column[];

function organisationRow(organisation: OrganisationRecord): ExportRow {
  const resources = (direction: string) =>
    labels(
      RESOURCES,
      organisation.resources.filter((item) => item.direction === direction).map((item) => item.resource),
    );
  return {
    id: organisation.id,
    nom: organisation.name,
    fiche: absoluteUrl(`/organisations/${organisation.slug}`),
    etat: STATE_LABELS[stateOf(organisation)],
    demo: organisation.isDemo,
    secteur_code: organisation.sector,
    secteur: labelOf(SECTORS, organisation.sector),
    type_code: organisation.kind,
    type: labelOf(KINDS, organisation.kind),
    siret: organisation.siret,
    rna: organisation.rna,
    description_courte: organisation.shortDescription,
    description: organisation.description,
    site_web: organisation.website,
    email_public: organisation.publicEmail,
    telephone_public: organisation.publicPhone,
    // The profile shows the address with its quartier only.
    adresse: organisation.homeQuartier ? organisation.address : null,
    quartier_implantation: organisation.homeQuartier?.name ?? null,
    toute_la_ville: organisation.wholeCity,
    quartiers_action: organisation.wholeCity
      ? []
      : [...organisation.quartiers].sort((a, b) => a.quartier.idobj - b.quartier.idobj).map((item) => item.quartier.name),
    sous_axes: organisation.subAxes.map((item) => item.subAxis.code).sort(),
    ressources_proposees: resources("offers"),
    ressources_recherchees: resources("seeks"),
    latitude: organisation.latitude,
    longitude: organisation.longitude,
    verifiee: organisation.verifiedAt !== null,
    publiee_le: dayOfInstant(organisation.publishedAt),
    motif_moderation: organisation.moderationReason,
    membres: organisation._count.memberships,
    offres: organisation._count.offers,
    creee_le: dayOfInstant(organisation.createdAt),
    modifiee_le: dayOfInstant(organisation.updatedAt),
  };
}

function organisationFile(
  audience: Audience,
  meta: Pick<ExportFile, "title" | "description">,
  keys: readonly string[],
): ExportFile {
  const where = (): Prisma.OrganisationWhereInput => (audience === "public" ? visibleOrganisationWhere() : MODERATED);
  return {
    name: "organisations",
    ...meta,
    columns: pick(ORGANISATION_COLUMNS, keys),
    async *pages(db, _now, pageSize = EXPORT_PAGE_SIZE) {
      for await (const page of pagesById(
        (query) => db.organisation.findMany({ ...query, select: organisationSelect }),
        where(),
        pageSize,
      )) {
        yield page.map(organisationRow);
      }
    },
    count: (db) => db.organisation.count({ where: where() }),
  };
}

// ——— Offers ———

const offerSelect = {
  id: true,
  title: true,
  description: true,
  resource: true,
  latitude: true,
  longitude: true,
  availability: true,
  capacity: true,
  conditions: true,
  validFrom: true,
  validUntil: true,
  status: true,
  pendingChanges: true,
  moderationReason: true,
  publishedAt: true,
  createdAt: true,
  updatedAt: true,
  quartier: { select: { name: true } },
  slots: { select: { slot: true } },
  organisation: { select: { id: true, name: true, slug: true, isDemo: true } },
} satisfies Prisma.OfferSelect;
type OfferRecord = Prisma.OfferGetPayload<{ select: typeof offerSelect }>;

const SLOT_ORDER: readonly string[] = OFFER_SLOTS.map((slot) => slot.code);

const OFFER_COLUMNS = [
  column("id", "Identifiant", "text", "Identifiant stable de l'offre sur Coopérons.", "cm3x0a1b20000abcd1234efgh"),
  column("titre", "Titre", "text", "Titre de l'offre.", "Salle de réunion le samedi"),
  column("etat", "État", "text", "Où en est l'offre : en attente de validation, publiée, refusée ou dépubliée.", "publié"),
  column("expiree", "Expirée", "boolean", "La date de fin de l'offre est passée : elle n'est plus en ligne.", "non"),
  column("structure", "Structure", "text", "Nom de la structure qui propose l'offre.", "Maison de quartier des Dervallières"),
  column(
    "structure_id",
    "Identifiant de la structure",
    "text",
    "Identifiant de la structure (colonne Identifiant du fichier des structures).",
    "cm3x0a1b20000abcd1234efgh",
  ),
  column(
    "fiche",
    "Fiche",
    "text",
    "Adresse de la fiche publique de la structure, où l'offre est présentée.",
    "https://cooperons.example/organisations/maison-de-quartier",
  ),
  column("demo", "Démo", "boolean", "Offre d'une structure fictive de la démonstration.", "non"),
  column("ressource_code", "Code ressource", "text", "Type de ressource selon la liste de l'appel (code).", "locaux"),
  column("ressource", "Ressource", "text", "Type de ressource selon la liste de l'appel.", "Locaux"),
  column("description", "Description", "text", "Description de l'offre.", "Une salle de 40 places…"),
  column("quartier", "Quartier", "text", "Quartier de Nantes où l'offre a lieu, si elle en a un.", "Nantes Nord"),
  column("latitude", "Latitude", "decimal", "Latitude du point placé sur la carte (WGS 84), s'il y en a un.", "47,2485"),
  column("longitude", "Longitude", "decimal", "Longitude du point placé sur la carte (WGS 84).", "-1,5602"),
  column("disponibilites", "Disponibilités", "text", "Quand la ressource est disponible, en clair.", "Le samedi de 9 h à 18 h"),
  column("creneaux", "Créneaux", "list", "Créneaux de disponibilité.", "Le week-end"),
  column("capacite", "Capacité", "text", "Capacité ou quantité proposée.", "40 personnes"),
  column("conditions", "Conditions", "text", "Conditions financières.", "Gratuit"),
  column("valable_du", "Valable du", "date", "Premier jour où l'offre vaut (JJ/MM/AAAA).", "01/09/2025"),
  column(
    "valable_jusqu_au",
    "Valable jusqu'au",
    "date",
    "Dernier jour où l'offre vaut, inclus (vide : sans date de fin).",
    "30/06/2026",
  ),
  column("publiee_le", "Publiée le", "date", "Date de la première publication de l'offre.", "15/05/2025"),
  column(
    "motif_moderation",
    "Motif de la dernière décision",
    "text",
    "Message du CCAS lors d'un refus ou d'une dépublication.",
    "Offre en double.",
  ),
  column("creee_le", "Créée le", "date", "Date de création de l'offre.", "02/05/2025"),
  column("modifiee_le", "Modifiée le", "date", "Date de la dernière modification.", "20/06/2025"),
] as const satisfies readonly Column[];

function offerRow(offer: OfferRecord, now: Date): ExportRow {
  return {
    id: offer.id,
    titre: offer.title,
    etat: STATE_LABELS[stateOf(offer)],
    expiree: isOfferExpired(offer.validUntil, now),
    structure: offer.organisation.name,
    structure_id: offer.organisation.id,
    fiche: absoluteUrl(`/organisations/${offer.organisation.slug}`),
    demo: offer.organisation.isDemo,
    ressource_code: offer.resource,
    ressource: labelOf(RESOURCES, offer.resource),
    description: offer.description,
    quartier: offer.quartier?.name ?? null,
    latitude: offer.latitude,
    longitude: offer.longitude,
    disponibilites: offer.availability,
    creneaux: offer.slots
      .map((item) => item.slot)
      .sort((a, b) => SLOT_ORDER.indexOf(a) - SLOT_ORDER.indexOf(b))
      .map((slot) => labelOf(OFFER_SLOTS, slot)),
    capacite: offer.capacity,
    conditions: labelOf(OFFER_CONDITIONS, offer.conditions),
    valable_du: dayOfCalendarDate(offer.validFrom),
    valable_jusqu_au: dayOfCalendarDate(offer.validUntil),
    publiee_le: dayOfInstant(offer.publishedAt),
    motif_moderation: offer.moderationReason,
    creee_le: dayOfInstant(offer.createdAt),
    modifiee_le: dayOfInstant(offer.updatedAt),
  };
}

function offerFile(
  audience: Audience,
  meta: Pick<ExportFile, "name" | "title" | "description">,
  keys: readonly string[],
): ExportFile {
  const where = (now: Date): Prisma.OfferWhereInput => (audience === "public" ? visibleOfferWhere(now) : MODERATED);
  return {
    ...meta,
    columns: pick(OFFER_COLUMNS, keys),
    async *pages(db, now, pageSize = EXPORT_PAGE_SIZE) {
      for await (const page of pagesById((query) => db.offer.findMany({ ...query, select: offerSelect }), where(now), pageSize)) {
        yield page.map((offer) => offerRow(offer, now));
      }
    },
    count: (db, now) => db.offer.count({ where: where(now) }),
  };
}

// ——— Ideas ———

const ideaSelect = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  description: true,
  addressesIsolation: true,
  addressesPrecarity: true,
  targetPublic: true,
  wholeCity: true,
  expectedStart: true,
  stage: true,
  status: true,
  pendingChanges: true,
  moderationReason: true,
  publishedAt: true,
  createdAt: true,
  updatedAt: true,
  call: { select: { slug: true } },
  organisation: { select: { id: true, name: true, isDemo: true } },
  codes: { select: { kind: true, code: true } },
  _count: { select: { interests: true } },
} satisfies Prisma.IdeaSelect;
type IdeaRecord = Prisma.IdeaGetPayload<{ select: typeof ideaSelect }>;

const IDEA_COLUMNS = [
  column("id", "Identifiant", "text", "Identifiant stable de l'idée sur Coopérons.", "cm3x0a1b20000abcd1234efgh"),
  column("titre", "Titre", "text", "Titre de l'idée de projet.", "Des visites à domicile le soir"),
  column(
    "page",
    "Page",
    "text",
    "Adresse de la page publique de l'idée.",
    "https://cooperons.example/idees/des-visites-a-domicile",
  ),
  column("etat", "État", "text", "Où en est l'idée : en attente de validation, publiée, refusée ou dépubliée.", "publié"),
  column(
    "structure",
    "Structure porteuse",
    "text",
    "Nom de la structure qui porte l'idée.",
    "Maison de quartier des Dervallières",
  ),
  column(
    "structure_id",
    "Identifiant de la structure",
    "text",
    "Identifiant de la structure porteuse (fichier des structures).",
    "cm3x0a1b20000abcd1234efgh",
  ),
  column("demo", "Démo", "boolean", "Idée d'une structure fictive de la démonstration.", "non"),
  column("appel", "Appel", "text", "Code de l'appel à coopérations visé.", "nantes-isolement-2025"),
  column("resume", "Résumé", "text", "Le projet en quelques lignes.", "Rompre l'isolement des travailleurs de nuit…"),
  column("description", "Description", "text", "Description complète (elle peut contenir des retours à la ligne).", "Le projet…"),
  column("isolement", "Agit sur l'isolement", "boolean", "Le projet agit sur l'isolement social.", "oui"),
  column("precarite", "Agit sur la précarité", "boolean", "Le projet s'adresse à des personnes en précarité.", "oui"),
  column("public_vise", "Public visé", "text", "Le public visé, en clair.", "Travailleurs de nuit du quartier"),
  column("publics", "Publics", "list", "Publics visés, parmi la liste de la plateforme.", "Travailleurs pauvres | Parents seuls"),
  column("toute_la_ville", "Toute la ville", "boolean", "Le projet vise toute la ville.", "non"),
  column("quartiers", "Quartiers", "list", "Quartiers visés (vide si toute la ville).", "Nantes Nord"),
  column("sous_axes", "Sous-axes", "list", "Codes des sous-axes de l'appel visés.", "1.4 | 2.3"),
  column(
    "secteurs_recherches",
    "Secteurs recherchés",
    "list",
    "Secteurs des partenaires recherchés.",
    "Santé | Habitat et immobilier",
  ),
  column("ressources_recherchees", "Ressources recherchées", "list", "Ressources recherchées.", "Locaux"),
  column("demarrage", "Démarrage envisagé", "date", "Date de démarrage envisagée (JJ/MM/AAAA).", "01/03/2026"),
  column("etape", "Étape", "text", "Où en est le projet.", "Recherche de partenaires"),
  column("publiee_le", "Publiée le", "date", "Date de la première publication de l'idée.", "15/05/2025"),
  column(
    "motif_moderation",
    "Motif de la dernière décision",
    "text",
    "Message du CCAS lors d'un refus ou d'une dépublication.",
    "L'idée ne vise pas l'isolement.",
  ),
  column("interets", "Intérêts reçus", "integer", "Nombre de structures qui ont proposé de participer.", "3"),
  column("creee_le", "Créée le", "date", "Date de création de l'idée.", "02/05/2025"),
  column("modifiee_le", "Modifiée le", "date", "Date de la dernière modification.", "20/06/2025"),
] as const satisfies readonly Column[];

const QUARTIER_ORDER: readonly string[] = QUARTIERS.map((quartier) => quartier.code);

function ideaRow(idea: IdeaRecord): ExportRow {
  const codes = (kind: string) => idea.codes.filter((code) => code.kind === kind).map((code) => code.code);
  const ordered = (list: readonly { code: string }[], kind: string) => {
    const order = list.map((item) => item.code);
    return codes(kind).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  };
  return {
    id: idea.id,
    titre: idea.title,
    page: absoluteUrl(`/idees/${idea.slug}`),
    etat: STATE_LABELS[stateOf(idea)],
    structure: idea.organisation.name,
    structure_id: idea.organisation.id,
    demo: idea.organisation.isDemo,
    appel: idea.call.slug,
    resume: idea.summary,
    description: idea.description,
    isolement: idea.addressesIsolation,
    precarite: idea.addressesPrecarity,
    public_vise: idea.targetPublic,
    publics: labels(TARGET_TAGS, ordered(TARGET_TAGS, "tag")),
    toute_la_ville: idea.wholeCity,
    quartiers: idea.wholeCity
      ? []
      : labels(
          QUARTIERS,
          codes("quartier").sort((a, b) => QUARTIER_ORDER.indexOf(a) - QUARTIER_ORDER.indexOf(b)),
        ),
    sous_axes: codes("subAxis").sort(),
    secteurs_recherches: labels(SECTORS, ordered(SECTORS, "sector")),
    ressources_recherchees: labels(RESOURCES, ordered(RESOURCES, "resource")),
    demarrage: dayOfCalendarDate(idea.expectedStart),
    etape: labelOf(IDEA_STAGES, idea.stage),
    publiee_le: dayOfInstant(idea.publishedAt),
    motif_moderation: idea.moderationReason,
    interets: idea._count.interests,
    creee_le: dayOfInstant(idea.createdAt),
    modifiee_le: dayOfInstant(idea.updatedAt),
  };
}

function ideaFile(
  audience: Audience,
  meta: Pick<ExportFile, "name" | "title" | "description">,
  keys: readonly string[],
): ExportFile {
  const where = (): Prisma.IdeaWhereInput => (audience === "public" ? visibleIdeaWhere() : MODERATED);
  return {
    ...meta,
    columns: pick(IDEA_COLUMNS, keys),
    async *pages(db, _now, pageSize = EXPORT_PAGE_SIZE) {
      for await (const page of pagesById((query) => db.idea.findMany({ ...query, select: ideaSelect }), where(), pageSize)) {
        yield page.map(ideaRow);
      }
    },
    count: (db) => db.idea.count({ where: where() }),
  };
}

// ——— Groupements (CCAS only) ———

// The workspace's own shape, so the rules and the dossier are assessed exactly as its panel does;
// the change log is not read (the export does not carry it).
const { changes: _changes, ...groupementExportSelect } = groupementSelect;
const groupementRowSelect = {
  ...groupementExportSelect,
  createdAt: true,
  decision: true,
  decidedAt: true,
} satisfies Prisma.GroupementSelect;
type GroupementExportRecord = Prisma.GroupementGetPayload<{ select: typeof groupementRowSelect }>;

const GROUPEMENT_COLUMNS = [
  column("id", "Identifiant", "text", "Identifiant stable du groupement.", "cm3x0a1b20000abcd1234efgh"),
  column("titre", "Titre", "text", "Titre du projet.", "Des visites à domicile le soir"),
  column(
    "espace",
    "Espace du groupement",
    "text",
    "Adresse de l'espace de travail du groupement (réservé à ses membres et au CCAS).",
    "https://cooperons.example/groupements/cm3x…",
  ),
  column("appel", "Appel", "text", "Code de l'appel à coopérations.", "nantes-isolement-2025"),
  column(
    "statut",
    "Statut",
    "text",
    "brouillon (pas encore conforme), conforme (toutes les règles passent ou n'appellent qu'une amélioration) ou déposé.",
    "déposé",
  ),
  column("depose_le", "Déposé le", "date", "Date où le chef de file a marqué le dossier comme déposé.", "10/07/2025"),
  column("chef_de_file", "Chef de file", "text", "Structure chef de file.", "Maison de quartier des Dervallières"),
  column(
    "membres",
    "Membres",
    "list",
    "Structures membres actives, avec leur secteur.",
    "Maison de quartier (Associatif) | Pharmacie du Nord (Santé)",
  ),
  column("nombre_membres", "Nombre de membres", "integer", "Nombre de structures membres actives.", "3"),
  column("invitations_en_attente", "Invitations en attente", "integer", "Structures invitées qui n'ont pas encore répondu.", "1"),
  column("sous_axes", "Sous-axes", "list", "Codes des sous-axes visés.", "2.1"),
  column("isolement", "Agit sur l'isolement", "boolean", "Le projet agit sur l'isolement social.", "oui"),
  column("precarite", "Agit sur la précarité", "boolean", "Le projet s'adresse à des personnes en précarité.", "oui"),
  column("toute_la_ville", "Toute la ville", "boolean", "Le projet vise toute la ville.", "non"),
  column("quartiers", "Quartiers", "list", "Quartiers visés.", "Nantes Nord | Nantes Erdre"),
  column("demarrage", "Démarrage", "date", "Date de démarrage prévue.", "01/03/2026"),
  column("duree_mois", "Durée (mois)", "integer", "Durée du projet en mois.", "24"),
  column("cooperation", "Coopération", "text", "Coopération nouvelle, renforcée ou existante.", "Coopération nouvelle"),
  column("beneficiaires", "Bénéficiaires attendus", "integer", "Nombre de bénéficiaires attendus.", "120"),
  column(
    "budget_fonctionnement",
    "Budget fonctionnement (€)",
    "integer",
    "Dépenses de fonctionnement sur la durée du projet, en euros.",
    "60000",
  ),
  column(
    "budget_participation",
    "Budget accompagnement et participation (€)",
    "integer",
    "Dépenses d'accompagnement et de participation, en euros.",
    "20000",
  ),
  column(
    "budget_equipement",
    "Budget équipement (€)",
    "integer",
    "Dépenses d'équipement, d'investissement et de logistique, en euros.",
    "10000",
  ),
  column("budget_total", "Budget total (€)", "integer", "Total demandé sur la durée du projet, en euros.", "90000"),
  column(
    "conforme",
    "Conforme aux règles",
    "boolean",
    "Aucune règle de l'appel n'est bloquante ni à compléter (verdict du panneau d'éligibilité).",
    "oui",
  ),
  column(
    "regles_bloquantes",
    "Règles bloquantes",
    "list",
    "Règles de l'appel non respectées, avec ce qu'il faut changer.",
    "members.sectors : il faut au moins 2 secteurs différents.",
  ),
  column(
    "regles_a_completer",
    "Règles à compléter",
    "list",
    "Règles dont l'information n'est pas encore saisie.",
    "project.start",
  ),
  column("points_a_ameliorer", "Points à améliorer", "list", "Règles qui passent avec une réserve.", "members.count"),
  column(
    "dossier_complet",
    "Dossier complet",
    "boolean",
    "Toutes les pièces sont là et chaque structure a confirmé sa contribution.",
    "non",
  ),
  column("pieces_manquantes", "Pièces manquantes", "list", "Pièces du dossier qui manquent.", "Fiche projet"),
  column(
    "decision",
    "Décision",
    "text",
    "Décision du CCAS : retenu, non-retenu ou liste-attente (vide tant qu'elle n'est pas prise).",
    "retenu",
  ),
  column("decidee_le", "Décidée le", "date", "Date de la décision.", "20/10/2025"),
  column("cree_le", "Créé le", "date", "Date de création du groupement.", "02/06/2025"),
  column("modifie_le", "Modifié le", "date", "Date de la dernière modification.", "09/07/2025"),
] as const satisfies readonly Column[];

function groupementRow(record: GroupementExportRecord, call: CallParameters): ExportRow {
  const workspace = { ...record, changes: [] };
  const assessment = assessGroupement(toGroupement(workspace), call, getChecklist(workspace));
  const active = record.members.filter((member) => member.status === "active");
  const rules = (status: string) => assessment.rules.filter((rule) => rule.status === status);
  return {
    id: record.id,
    titre: record.title,
    espace: absoluteUrl(`/groupements/${record.id}`),
    appel: record.call.slug,
    statut: record.submittedAt ? "déposé" : assessment.conforming ? "conforme" : "brouillon",
    depose_le: dayOfInstant(record.submittedAt),
    chef_de_file: active.find((member) => member.isLead)?.organisation.name ?? null,
    membres: active.map((member) => `${member.organisation.name} (${labelOf(SECTORS, member.organisation.sector)})`),
    nombre_membres: active.length,
    invitations_en_attente: record.members.length - active.length,
    sous_axes: splitCodes(record.subAxes),
    isolement: record.addressesIsolation,
    precarite: record.addressesPrecarity,
    toute_la_ville: record.wholeCity,
    quartiers: record.wholeCity ? [] : labels(QUARTIERS, splitCodes(record.quartiers)),
    demarrage: record.startDate || null,
    duree_mois: record.durationMonths,
    cooperation: labelOf(COOPERATIONS, record.cooperation),
    beneficiaires: record.beneficiaries,
    budget_fonctionnement: record.budgetOperating,
    budget_participation: record.budgetParticipation,
    budget_equipement: record.budgetEquipment,
    budget_total: record.budgetOperating + record.budgetParticipation + record.budgetEquipment,
    conforme: assessment.conforming,
    regles_bloquantes: rules("fail").map((rule) => `${rule.id} : ${rule.message}`),
    regles_a_completer: rules("todo").map((rule) => rule.id),
    points_a_ameliorer: rules("warn").map((rule) => rule.id),
    dossier_complet: assessment.complete,
    pieces_manquantes: assessment.missingDocuments,
    decision: record.decision,
    decidee_le: dayOfInstant(record.decidedAt),
    cree_le: dayOfInstant(record.createdAt),
    modifie_le: dayOfInstant(record.updatedAt),
  };
}

/** The call parameters of each call met, read once per export. */
function callParametersCache(db: Db) {
  const calls = new Map<string, Promise<CallParameters>>();
  return (callId: string) => {
    let found = calls.get(callId);
    if (!found) calls.set(callId, (found = getCallParameters(db, callId)));
    return found;
  };
}

const GROUPEMENT_MEMBER_COLUMNS = [
  column(
    "groupement_id",
    "Identifiant du groupement",
    "text",
    "Identifiant du groupement (fichier des groupements).",
    "cm3x0a1b20000abcd1234efgh",
  ),
  column("groupement", "Groupement", "text", "Titre du projet du groupement.", "Des visites à domicile le soir"),
  column(
    "structure_id",
    "Identifiant de la structure",
    "text",
    "Identifiant de la structure (fichier des structures).",
    "cm3x0a1b20000abcd1234efgh",
  ),
  column("structure", "Structure", "text", "Nom de la structure.", "Pharmacie du Nord"),
  column("secteur", "Secteur", "text", "Secteur de la structure.", "Santé"),
  column("type", "Type de structure", "text", "Nature juridique de la structure.", "Entreprise"),
  column("chef_de_file", "Chef de file", "boolean", "La structure est chef de file.", "non"),
  column("statut", "Statut", "text", "membre (a rejoint le groupement) ou invitée (n'a pas encore répondu).", "membre"),
  column("role", "Rôle", "text", "Rôle de la structure dans le projet.", "Repère les personnes isolées"),
  column(
    "ressources",
    "Ressources apportées",
    "list",
    "Ressources que la structure met dans le projet.",
    "Locaux | Salariés mis à disposition",
  ),
  column(
    "description_ressources",
    "Description des ressources",
    "text",
    "Ce que la structure apporte, en clair.",
    "Une salle le samedi",
  ),
  column("valorisation", "Valorisation (€)", "integer", "Valeur des ressources apportées, en euros.", "5000"),
  column(
    "part_subvention",
    "Part de la subvention (€)",
    "integer",
    "Part de la subvention demandée pour la structure, en euros.",
    "30000",
  ),
  column("engagement", "Engagement", "text", "Convention ou lettre d'engagement choisie.", "Convention"),
  column("engagement_depose", "Engagement signé déposé", "boolean", "Le PDF de l'engagement signé est déposé.", "oui"),
  column("comptes", "Comptes fournis", "boolean", "Les comptes sont déposés ou déjà transmis au CCAS.", "oui"),
  column("rapport", "Rapport d'activité fourni", "boolean", "Le rapport d'activité est déposé ou déjà transmis au CCAS.", "non"),
  column(
    "contribution_confirmee_le",
    "Contribution confirmée le",
    "date",
    "Date où la structure a confirmé sa contribution telle qu'elle est (vide : à confirmer).",
    "08/07/2025",
  ),
] as const satisfies readonly Column[];

function groupementMemberRows(record: GroupementExportRecord): ExportRow[] {
  return record.members.map((member) => ({
    groupement_id: record.id,
    groupement: record.title,
    structure_id: member.organisationId,
    structure: member.organisation.name,
    secteur: labelOf(SECTORS, member.organisation.sector),
    type: labelOf(KINDS, member.organisation.kind),
    chef_de_file: member.isLead,
    statut: member.status === "active" ? "membre" : "invitée",
    role: member.role,
    ressources: labels(RESOURCES, splitCodes(member.resources)),
    description_ressources: member.resourceDescription,
    valorisation: member.valuedAmount,
    part_subvention: member.subsidyShare,
    engagement: member.commitment ? labelOf(COMMITMENTS, member.commitment) : null,
    engagement_depose: member.commitmentFile !== null,
    comptes: member.accountsFile !== null || member.accountsAlreadySent,
    rapport: member.reportFile !== null || member.reportAlreadySent,
    contribution_confirmee_le: dayOfInstant(member.confirmedAt),
  }));
}

function groupementPages(db: Db, pageSize: number) {
  return pagesById((query) => db.groupement.findMany({ ...query, select: groupementRowSelect }), {}, pageSize);
}

// ——— Interests (CCAS only) ———

const interestSelect = {
  id: true,
  resources: true,
  status: true,
  createdAt: true,
  decidedAt: true,
  idea: { select: { id: true, title: true, organisation: { select: { name: true } } } },
  organisation: { select: { id: true, name: true } },
} satisfies Prisma.InterestSelect;
type InterestRecord = Prisma.InterestGetPayload<{ select: typeof interestSelect }>;

const INTEREST_STATUS_LABELS: Record<string, string> = { pending: "en attente", accepted: "acceptée", declined: "déclinée" };
const DAY_MS = 24 * 60 * 60 * 1000;

const INTEREST_COLUMNS = [
  column("id", "Identifiant", "text", "Identifiant stable de la proposition.", "cm3x0a1b20000abcd1234efgh"),
  column("idee_id", "Identifiant de l'idée", "text", "Identifiant de l'idée (fichier des idées).", "cm3x0a1b20000abcd1234efgh"),
  column("idee", "Idée", "text", "Titre de l'idée de projet.", "Des visites à domicile le soir"),
  column(
    "structure_porteuse",
    "Structure porteuse",
    "text",
    "Structure qui porte l'idée.",
    "Maison de quartier des Dervallières",
  ),
  column(
    "structure_id",
    "Identifiant de la structure intéressée",
    "text",
    "Identifiant de la structure qui propose de participer.",
    "cm3x0a1b20000abcd1234efgh",
  ),
  column("structure", "Structure intéressée", "text", "Structure qui propose de participer.", "Pharmacie du Nord"),
  column("ressources", "Ressources proposées", "list", "Ressources que la structure propose d'apporter.", "Locaux"),
  column("statut", "Statut", "text", "en attente, acceptée ou déclinée.", "acceptée"),
  column("envoyee_le", "Envoyée le", "date", "Date de la proposition.", "03/06/2025"),
  column("repondue_le", "Répondue le", "date", "Date de la réponse de la structure porteuse.", "05/06/2025"),
  column(
    "delai_reponse_jours",
    "Délai de réponse (jours)",
    "decimal",
    "Temps entre la proposition et la réponse, en jours (une décimale).",
    "1,5",
  ),
] as const satisfies readonly Column[];

function interestRow(interest: InterestRecord): ExportRow {
  return {
    id: interest.id,
    idee_id: interest.idea.id,
    idee: interest.idea.title,
    structure_porteuse: interest.idea.organisation.name,
    structure_id: interest.organisation.id,
    structure: interest.organisation.name,
    ressources: labels(RESOURCES, splitCodes(interest.resources)),
    statut: INTEREST_STATUS_LABELS[interest.status] ?? interest.status,
    envoyee_le: dayOfInstant(interest.createdAt),
    repondue_le: dayOfInstant(interest.decidedAt),
    delai_reponse_jours: interest.decidedAt
      ? Math.round(((interest.decidedAt.getTime() - interest.createdAt.getTime()) / DAY_MS) * 10) / 10
      : null,
  };
}

// ——— The files ———

const allKeys = (columns: readonly Column[]) => columns.map((item) => item.key);

/** What the CCAS downloads from /ccas/exports, in the page's order. */
export const CCAS_EXPORTS: readonly ExportFile[] = [
  organisationFile(
    "ccas",
    {
      title: "Structures",
      description:
        "Une ligne par structure passée par la modération (en attente, publiée, refusée ou dépubliée ; pas les brouillons), avec ses identifiants, ses contacts publics, ses quartiers et son état.",
    },
    allKeys(ORGANISATION_COLUMNS),
  ),
  offerFile(
    "ccas",
    {
      name: "offres",
      title: "Offres de ressources",
      description:
        "Une ligne par offre passée par la modération, expirées comprises (colonne « Expirée »), avec sa structure, son lieu et ses dates.",
    },
    allKeys(OFFER_COLUMNS),
  ),
  ideaFile(
    "ccas",
    {
      name: "idees",
      title: "Idées de projet",
      description:
        "Une ligne par idée passée par la modération, avec ses sous-axes, ses quartiers, ce qu'elle recherche et le nombre d'intérêts reçus.",
    },
    allKeys(IDEA_COLUMNS),
  ),
  {
    name: "groupements",
    title: "Groupements",
    description:
      "Une ligne par groupement, de tous les appels : ses membres, son budget, son éligibilité (le verdict du panneau des règles de l'appel : règles bloquantes, à compléter, à améliorer), la complétude du dossier et la décision. Ni les notes privées ni les notes des évaluateurs.",
    columns: GROUPEMENT_COLUMNS,
    async *pages(db, _now, pageSize = EXPORT_PAGE_SIZE) {
      const callOf = callParametersCache(db);
      for await (const page of groupementPages(db, pageSize)) {
        const rows: ExportRow[] = [];
        for (const record of page) rows.push(groupementRow(record, await callOf(record.callId)));
        yield rows;
      }
    },
    count: (db) => db.groupement.count(),
  },
  {
    name: "groupements-membres",
    title: "Membres des groupements",
    description:
      "Une ligne par structure membre ou invitée d'un groupement : son rôle, ses ressources, sa part de la subvention, son engagement et ses pièces.",
    columns: GROUPEMENT_MEMBER_COLUMNS,
    async *pages(db, _now, pageSize = EXPORT_PAGE_SIZE) {
      for await (const page of groupementPages(db, pageSize)) yield page.flatMap(groupementMemberRows);
    },
    count: (db) => db.groupementMember.count(),
  },
  {
    name: "interets",
    title: "Propositions de participation",
    description:
      "Une ligne par proposition d'une structure à rejoindre une idée (« Nous en sommes ») : qui, quelles ressources, la réponse et son délai. Le texte des messages échangés entre structures n'y est pas.",
    columns: INTEREST_COLUMNS,
    async *pages(db, _now, pageSize = EXPORT_PAGE_SIZE) {
      for await (const page of pagesById((query) => db.interest.findMany({ ...query, select: interestSelect }), {}, pageSize)) {
        yield page.map(interestRow);
      }
    },
    count: (db) => db.interest.count(),
  },
];

const PUBLIC_ORGANISATION_KEYS = [
  "id",
  "nom",
  "fiche",
  "demo",
  "secteur_code",
  "secteur",
  "type_code",
  "type",
  "description_courte",
  "description",
  "site_web",
  "adresse",
  "quartier_implantation",
  "toute_la_ville",
  "quartiers_action",
  "sous_axes",
  "ressources_proposees",
  "ressources_recherchees",
  "latitude",
  "longitude",
  "verifiee",
  "publiee_le",
] as const;

const PUBLIC_OFFER_KEYS = [
  "id",
  "titre",
  "structure",
  "structure_id",
  "fiche",
  "demo",
  "ressource_code",
  "ressource",
  "description",
  "quartier",
  "latitude",
  "longitude",
  "disponibilites",
  "creneaux",
  "capacite",
  "conditions",
  "valable_du",
  "valable_jusqu_au",
  "publiee_le",
] as const;

const PUBLIC_IDEA_KEYS = [
  "id",
  "titre",
  "page",
  "structure",
  "structure_id",
  "demo",
  "appel",
  "resume",
  "description",
  "isolement",
  "precarite",
  "public_vise",
  "publics",
  "toute_la_ville",
  "quartiers",
  "sous_axes",
  "secteurs_recherches",
  "ressources_recherchees",
  "demarrage",
  "etape",
  "publiee_le",
] as const;

/** The open data of /donnees: what is public, at stable addresses. */
export const PUBLIC_EXPORTS: readonly ExportFile[] = [
  organisationFile(
    "public",
    {
      title: "Structures",
      description:
        "Une ligne par structure publiée sur Coopérons : qui elle est, où elle agit, ce qu'elle apporte et recherche, telle que sa fiche la présente.",
    },
    PUBLIC_ORGANISATION_KEYS,
  ),
  offerFile(
    "public",
    {
      name: "offres",
      title: "Offres de ressources",
      description:
        "Une ligne par offre en ligne : publiée, d'une structure publiée, et pas expirée (une offre vaut jusqu'à sa date de fin incluse).",
    },
    PUBLIC_OFFER_KEYS,
  ),
  ideaFile(
    "public",
    {
      name: "idees",
      title: "Idées de projet",
      description: "Une ligne par idée de projet publiée d'une structure publiée, avec les partenaires qu'elle recherche.",
    },
    PUBLIC_IDEA_KEYS,
  ),
];

/** The organisations and offers placed on the map, for the CCAS's GeoJSON: the same rows as their files. */
export async function* mapFeaturePages(db: Db, now: Date, pageSize = EXPORT_PAGE_SIZE) {
  const onMap = { latitude: { not: null }, longitude: { not: null } } as const;
  for await (const page of pagesById(
    (query) => db.organisation.findMany({ ...query, select: organisationSelect }),
    { AND: [MODERATED, onMap] },
    pageSize,
  )) {
    yield page.map((record) => ({ type: "organisation" as const, row: organisationRow(record) }));
  }
  for await (const page of pagesById(
    (query) => db.offer.findMany({ ...query, select: offerSelect }),
    { AND: [MODERATED, onMap] },
    pageSize,
  )) {
    yield page.map((record) => ({ type: "offre" as const, row: offerRow(record, now) }));
  }
}

export const MAP_EXPORT = {
  name: "carte",
  title: "Carte des structures et des offres",
  description:
    "Un fichier GeoJSON (WGS 84) des structures et des offres passées par la modération qui ont un point sur la carte, avec les mêmes informations que leurs fichiers (propriété « objet » : organisation ou offre). S'ouvre dans QGIS ou umap.",
  columns: { organisation: ORGANISATION_COLUMNS, offre: OFFER_COLUMNS },
  count: async (db: Db) => {
    const onMap = { latitude: { not: null }, longitude: { not: null } } as const;
    const [organisations, offers] = await Promise.all([
      db.organisation.count({ where: { AND: [MODERATED, onMap] } }),
      db.offer.count({ where: { AND: [MODERATED, onMap] } }),
    ]);
    return organisations + offers;
  },
} as const;
