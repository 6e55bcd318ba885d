import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { ExportDictionary, ExportFileList, type ExportFileSummary } from "~/components/export-files";
import { formatNumber } from "~/domain/format";
import { CCAS_EXPORTS, MAP_EXPORT } from "~/models/exports.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Exports",
    description: "Les données de la plateforme en CSV pour Excel, en JSON et en GeoJSON.",
    path: "/ccas/exports",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  const now = new Date();
  const [files, mapCount] = await Promise.all([
    Promise.all(
      CCAS_EXPORTS.map(async (file): Promise<ExportFileSummary> => ({
        name: file.name,
        title: file.title,
        description: file.description,
        count: await file.count(db, now),
        columns: file.columns,
        links: [
          { href: `/ccas/exports/${file.name}.csv`, label: `${file.title} (CSV pour Excel)` },
          { href: `/ccas/exports/${file.name}.json`, label: `${file.title} (JSON)` },
        ],
      })),
    ),
    MAP_EXPORT.count(db),
  ]);
  return { admin: isCcasAdmin(user), files, map: { ...MAP_EXPORT, count: mapCount } };
}

export default function CcasExports() {
  const { admin, files, map } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <h1>Exports</h1>
      <p className="lead">
        Toutes les données de la plateforme, à jour au moment du téléchargement, pour les tableaux de suivi et les bilans du CCAS.
      </p>
      <p>
        Chaque fichier existe en deux formats qui disent la même chose : un <strong>CSV pour Excel</strong> (s'ouvre d'un double
        clic : UTF-8, colonnes séparées par des points-virgules, dates au format JJ/MM/AAAA, nombres décimaux avec une virgule ;
        une liste tient dans une cellule, ses éléments séparés par « | ») et un <strong>JSON</strong> pour les outils (dates au
        format AAAA-MM-JJ, listes en tableaux). Dans le CSV, un texte qui commence par =, +, - ou @ est précédé d'une apostrophe
        pour qu'Excel ne l'exécute jamais comme une formule.
      </p>
      <p>
        Ces fichiers sont réservés à l'équipe du CCAS : ils contiennent des informations non publiques (états de modération,
        SIRET, dossiers des groupements). Ils ne contiennent jamais les comptes des personnes (adresses e-mail, mots de passe),
        les notes privées ni les notes des évaluateurs, ni les messages que les structures s'échangent. Les données publiques,
        sous licence ouverte, sont sur la page <Link to="/donnees">Données ouvertes</Link>.
      </p>
      <ExportFileList files={files} />
      <section aria-labelledby="fichier-carte">
        <h2 id="fichier-carte">{map.title}</h2>
        <p>{map.description}</p>
        <p className="actions">
          <a href={`/ccas/exports/${map.name}.geojson`} download>
            {map.title} (GeoJSON)
          </a>
          <span className="small muted">
            {formatNumber(map.count)} {map.count > 1 ? "points" : "point"} à ce jour
          </span>
        </p>
        <ExportDictionary title="Carte : propriétés des structures" columns={map.columns.organisation} />
        <ExportDictionary title="Carte : propriétés des offres" columns={map.columns.offre} />
      </section>
    </div>
  );
}
