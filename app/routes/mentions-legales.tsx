import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatNumber } from "~/domain/format";
import { REFERENCE_POPULATION_SOURCE } from "~/domain/population";
import { SESSION_DAYS } from "~/domain/retention";
import { QUARTIERS_ATTRIBUTION } from "~/domain/geo";
import { getCurrentCall } from "~/models/call.server";
import { getQuartiersWithOrganisationCounts } from "~/models/quartier.server";
import { DemoValuesNotice } from "~/components/legal-notice";
import { getDb } from "~/utils/db.server";
import { getLegalInfo } from "~/utils/legal.server";
import { pageMeta } from "~/utils/meta";

export async function loader() {
  const db = getDb();
  const [call, quartiers] = await Promise.all([getCurrentCall(db), getQuartiersWithOrganisationCounts(db)]);
  return {
    legal: getLegalInfo(),
    call: call ? { title: call.title, organiser: call.organiser } : null,
    population: {
      total: quartiers.reduce((sum, quartier) => sum + quartier.population, 0),
      year: quartiers[0]?.populationYear ?? null,
      source: quartiers[0]?.populationSource ?? null,
    },
  };
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Sources des données et mentions légales",
    description: "Qui publie et héberge Coopérons, d'où viennent les données affichées et sous quelles licences.",
    path: "/mentions-legales",
    matches,
  });

export default function LegalNotice() {
  const { legal, call, population } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <h1>Sources des données et mentions légales</h1>
      <DemoValuesNotice names={legal.demoValues} />

      <h2>Éditeur</h2>
      <p>
        Le site Coopérons ({legal.siteUrl}) est édité par {legal.PUBLISHER_NAME}, {legal.PUBLISHER_ADDRESS}. Directeur ou
        directrice de la publication : {legal.PUBLICATION_DIRECTOR}. Contact :{" "}
        <a href={`mailto:${legal.CONTACT_EMAIL}`}>{legal.CONTACT_EMAIL}</a>.
      </p>
      <p>
        Coopérons accompagne l'appel à coopérations du CCAS de Nantes : on y trouve des partenaires et on y constitue un
        groupement. Le dépôt d'un dossier suit les règles de l'appel publié par la Ville de Nantes, qui fait foi.
      </p>

      <h2>Hébergement</h2>
      <p>
        Le site et sa base de données sont hébergés par {legal.HOST_NAME}, {legal.HOST_ADDRESS}.
      </p>

      <h2>Comptes, données personnelles et cookies</h2>
      <p>
        Toute personne peut créer un compte pour représenter une structure, proposer une idée ou rejoindre un groupement ; les
        agents du CCAS y modèrent les contenus et instruisent les dossiers. Le site conserve pour cela des données personnelles
        (compte, appartenance aux structures, messages, connexions, recherches enregistrées et alertes) : lesquelles, pourquoi,
        combien de temps et comment exercer vos droits est expliqué dans la{" "}
        <Link to="/confidentialite">politique de confidentialité</Link>. Depuis <Link to="/compte">Mon compte</Link>, vous
        téléchargez vos données, les corrigez ou supprimez votre compte.
      </p>
      <p>
        Un seul cookie est déposé, et seulement quand vous vous connectez : <code>cooperons_session</code>, qui garde votre
        connexion ({SESSION_DAYS} jours au plus). Il est nécessaire au service et ne demande donc pas de consentement. Le site ne
        dépose aucun cookie de mesure d'audience ni de publicité.
      </p>

      <h2>Accessibilité</h2>
      <p>
        Le site est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA) : voir la{" "}
        <Link to="/accessibilite">déclaration d'accessibilité</Link>.
      </p>

      <h2>L'appel à coopérations</h2>
      {call ? (
        <p>
          Les axes, le calendrier, les montants et les conditions viennent de la page de la Ville de Nantes présentant l'appel «{" "}
          {call.title} » ({call.organiser}). Les textes sont reformulés ; en cas de doute, l'appel publié par la Ville fait foi.
        </p>
      ) : (
        <p>Aucun appel n'est publié pour l'instant.</p>
      )}

      <h2>Les quartiers</h2>
      <ul>
        <li>
          <strong>Contours des 11 quartiers</strong> : Nantes Métropole, jeu de données « Quartiers des communes de Nantes
          Métropole » (244400404_quartiers-communes-nantes-metropole), licence ODbL — {QUARTIERS_ATTRIBUTION}. Contours simplifiés
          (tolérance d'environ 5 m). <a href="/geo/quartiers.geojson">Télécharger le GeoJSON</a>.
        </li>
        <li>
          <strong>Contours des 97 IRIS</strong> : IGN, CONTOURS-IRIS, Licence Ouverte Etalab 2.0 — « IGN – INSEE ».
        </li>
        <li>
          <strong>Population par quartier</strong>
          {population.year ? ` (${population.year})` : ""} : {population.source}. Total pour Nantes :{" "}
          {formatNumber(population.total)} habitants.
          {population.source === REFERENCE_POPULATION_SOURCE
            ? " La copie utilisée ne cite pas sa source exacte : ce sont des chiffres de référence, que le CCAS peut remplacer par le tableau officiel de l'INSEE depuis son espace."
            : " Chiffres importés par le CCAS."}
        </li>
      </ul>

      <h2>Les structures de démonstration</h2>
      <p>
        Les structures marquées « démo » sont fictives. Elles servent à montrer le fonctionnement du site ; toute ressemblance
        avec une structure existante serait fortuite.
      </p>

      <p>
        <Link to="/">Retour à l'accueil</Link>
      </p>
    </div>
  );
}
