import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatNumber } from "~/domain/format";
import { QUARTIERS_ATTRIBUTION } from "~/domain/geo";
import { getCurrentCall } from "~/models/call.server";
import { getQuartiersWithOrganisationCounts } from "~/models/quartier.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export async function loader() {
  const db = getDb();
  const [call, quartiers] = await Promise.all([getCurrentCall(db), getQuartiersWithOrganisationCounts(db)]);
  return {
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
    description: "D'où viennent les données affichées sur Coopérons, sous quelles licences, et qui publie le site.",
    path: "/mentions-legales",
    matches,
  });

export default function LegalNotice() {
  const { call, population } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <h1>Sources des données et mentions légales</h1>

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
          {formatNumber(population.total)} habitants. La copie utilisée ne cite pas sa source exacte : ce sont des chiffres de
          référence, qu'un administrateur pourra remplacer par le tableau officiel de l'INSEE.
        </li>
      </ul>

      <h2>Les structures de démonstration</h2>
      <p>
        Les structures marquées « démo » sont fictives. Elles servent à montrer le fonctionnement du site ; toute ressemblance
        avec une structure existante serait fortuite.
      </p>

      <h2>Éditeur et hébergement</h2>
      <p>
        Coopérons est un outil en cours de construction pour accompagner l'appel à coopérations du CCAS de Nantes. Il ne remplace
        pas les canaux officiels de candidature. Les coordonnées de l'éditeur et de l'hébergeur seront indiquées ici avant
        l'ouverture au public.
      </p>

      <h2>Données personnelles</h2>
      <p>
        À ce stade, le site ne collecte aucune donnée personnelle et ne dépose aucun cookie de mesure d'audience. Les fonctions de
        compte, lorsqu'elles ouvriront, seront décrites ici.
      </p>
      <p>
        <Link to="/">Retour à l'accueil</Link>
      </p>
    </div>
  );
}
