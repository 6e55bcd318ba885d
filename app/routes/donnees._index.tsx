import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ExportFileList, type ExportFileSummary } from "~/components/export-files";
import { expiryCutoff } from "~/domain/publication";
import { PUBLIC_EXPORTS } from "~/models/exports.server";
import { keptFigures } from "~/models/figures-cache.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Données ouvertes",
    description:
      "Les structures, offres de ressources et idées de projet publiées sur Coopérons, en CSV et en JSON, sous Licence Ouverte 2.0.",
    path: "/donnees",
    matches,
  });

const LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

export async function loader(_args: LoaderFunctionArgs) {
  const db = getDb();
  const now = new Date();
  const files = await Promise.all(
    PUBLIC_EXPORTS.map(async (file): Promise<ExportFileSummary> => ({
      name: file.name,
      title: file.title,
      description: file.description,
      // Each count reads a whole table (some 60 ms at 50,000 structures): kept until what it
      // counts is written, per day (an offer is counted through its last day).
      count: await keptFigures(db, `donnees:${file.name}:${expiryCutoff(now).toISOString()}`, () => file.count(db, now)),
      columns: file.columns,
      links: [
        { href: `/donnees/${file.name}.csv`, label: `${file.name}.csv` },
        { href: `/donnees/${file.name}.json`, label: `${file.name}.json` },
      ],
    })),
  );
  return { files };
}

export default function OpenData() {
  const { files } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <h1>Données ouvertes</h1>
      <p className="lead">
        Ce qui est public sur Coopérons se télécharge aussi : les structures publiées, leurs offres de ressources en cours et les
        idées de projet publiées, pour les croiser avec d'autres données, les cartographier ou suivre l'appel à coopérations.
      </p>
      <h2>Licence</h2>
      <p>
        Ces données sont publiées sous la{" "}
        <a href={LICENCE_URL} rel="noopener noreferrer" hrefLang="fr">
          Licence Ouverte / Open Licence version 2.0
        </a>{" "}
        (Etalab) : vous pouvez les réutiliser librement, y compris à des fins commerciales, en mentionnant leur source («
        Coopérons » et la date du téléchargement).
      </p>
      <h2>Ce que contiennent les fichiers</h2>
      <ul>
        <li>
          Seulement ce qui est en ligne au moment du téléchargement : une structure publiée, une offre publiée d'une structure
          publiée et pas expirée, une idée publiée d'une structure publiée. Rien de ce qui attend la validation du CCAS.
        </li>
        <li>
          Seulement ce que les pages publiques montrent déjà. Aucune donnée personnelle : ni compte, ni nom de personne, ni
          adresse e-mail, ni numéro de téléphone. Pour écrire à une structure, passez par le formulaire de sa fiche (colonne «
          Fiche »).
        </li>
        <li>Les structures fictives de la démonstration sont signalées par la colonne « Démo ».</li>
      </ul>
      <h2>Formats</h2>
      <p>
        Chaque fichier existe en deux formats qui disent la même chose, à une adresse stable : un <strong>CSV</strong> pour Excel
        ou LibreOffice (UTF-8 avec BOM, colonnes séparées par des points-virgules, dates au format JJ/MM/AAAA, nombres décimaux
        avec une virgule, une liste dans une cellule avec ses éléments séparés par « | » ; un texte qui commence par =, +, - ou @
        y est précédé d'une apostrophe pour qu'un tableur ne l'exécute pas) et un <strong>JSON</strong> (un tableau d'objets ;
        dates au format AAAA-MM-JJ, listes en tableaux, valeur absente : <code>null</code>). Les identifiants relient les fichiers
        entre eux : la colonne « Identifiant de la structure » des offres et des idées renvoie à la colonne « Identifiant » des
        structures.
      </p>
      <ExportFileList files={files} />
      <p>
        D'où viennent les autres données du site (quartiers, population) : <Link to="/mentions-legales">sources des données</Link>
        .
      </p>
    </div>
  );
}
