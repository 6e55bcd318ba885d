import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { QUARTIERS_ATTRIBUTION } from "~/domain/geo";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Sources des données et mentions légales",
    description: "D'où viennent les données affichées sur Coopérons, sous quelles licences, et qui publie le site.",
    path: "/mentions-legales",
    matches,
  });

export default function LegalNotice() {
  return (
    <div className="container page">
      <h1>Sources des données et mentions légales</h1>

      <h2>L'appel à coopérations</h2>
      <p>
        Les axes, le calendrier, les montants et les conditions viennent de la page de la Ville de Nantes présentant l'appel à
        coopérations 2025 du CCAS (« Lutter contre l'isolement social subi des personnes en situation de précarité », mise à jour
        du 2 mai 2025). Les textes sont reformulés ; en cas de doute, l'appel publié par la Ville fait foi.
      </p>

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
          <strong>Population par quartier</strong> : somme des populations 2018 des IRIS de chaque quartier (recensement INSEE).
          Ces chiffres sont cohérents avec le recensement (314 129 habitants contre 314 138 pour la population légale) mais la
          copie utilisée ne cite pas sa source : ce sont des chiffres de référence approximatifs, qu'un administrateur pourra
          remplacer par le tableau officiel de l'INSEE.
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
