import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css";
import { lazy, Suspense, useCallback, useState } from "react";
import { SvgQuartiersMap } from "~/components/map/svg-quartiers-map";
import { QUARTIERS_ATTRIBUTION, toSvgShapes } from "~/domain/geo";
import { formatNumber } from "~/domain/format";
import { getQuartiersWithOrganisationCounts } from "~/models/quartier.server";
import type { loader as rootLoader } from "~/root";
import { getDb } from "~/utils/db.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { pageMeta } from "~/utils/meta";
import { useHydrated } from "~/utils/use-hydrated";
import { ScrollableTable } from "~/components/table-wrap";

const QuartiersMap = lazy(() => import("~/components/map/quartiers-map.client"));

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

let svgCache: ReturnType<typeof toSvgShapes> | undefined;

export async function loader() {
  const quartiers = await getQuartiersWithOrganisationCounts(getDb());
  svgCache ??= toSvgShapes(getQuartiersGeoJson().collection);
  const total = quartiers.reduce((sum, quartier) => sum + quartier.population, 0);
  return {
    quartiers,
    svg: svgCache,
    total,
    source: quartiers[0]?.populationSource ?? "",
    year: quartiers[0]?.populationYear ?? null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ matches }) =>
  pageMeta({
    title: "Les 11 quartiers de Nantes",
    description: "Carte des quartiers de Nantes, leur population et les structures qui y agissent.",
    path: "/quartiers",
    matches,
  });

export default function Quartiers() {
  const { quartiers, svg, total, source, year } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const hydrated = useHydrated();
  const [mapFailed, setMapFailed] = useState(false);
  const onMapError = useCallback(() => setMapFailed(true), []);
  const svgMap = <SvgQuartiersMap viewBox={svg.viewBox} shapes={svg.shapes} title="Carte des 11 quartiers de Nantes" />;
  const mapQuartiers = quartiers.map((quartier) => ({
    idobj: quartier.idobj,
    name: quartier.name,
    population: formatNumber(quartier.population),
    organisations: quartier.organisations,
  }));

  return (
    <div className="container page">
      <h1>Les 11 quartiers de Nantes</h1>
      <p className="lead">
        Les projets de l'appel doivent bénéficier à la ville entière ou à un ou plusieurs quartiers, en particulier là où l'offre
        de lien social est faible.
      </p>
      <div className="map-frame">
        {hydrated && !mapFailed ? (
          <Suspense fallback={svgMap}>
            <QuartiersMap
              quartiers={mapQuartiers}
              tileUrl={root?.publicEnv.TILE_URL ?? null}
              tileAttribution={root?.publicEnv.TILE_ATTRIBUTION ?? null}
              onError={onMapError}
            />
          </Suspense>
        ) : (
          svgMap
        )}
      </div>
      <p className="map-attribution">
        Contours : {QUARTIERS_ATTRIBUTION}
        {root?.publicEnv.TILE_ATTRIBUTION ? ` · Fond de carte : ${root.publicEnv.TILE_ATTRIBUTION}` : ""}
      </p>

      <ScrollableTable caption="Population et structures actives par quartier">
        <thead>
          <tr>
            <th scope="col">Quartier</th>
            <th scope="col" className="num">
              Population{year ? ` (${year})` : ""}
            </th>
            <th scope="col" className="num">
              Structures actives
            </th>
          </tr>
        </thead>
        <tbody>
          {quartiers.map((quartier) => (
            <tr key={quartier.slug}>
              <th scope="row">{quartier.name}</th>
              <td className="num">{formatNumber(quartier.population)}</td>
              <td className="num">{quartier.organisations}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Nantes</th>
            <td className="num">{formatNumber(total)}</td>
            <td />
          </tr>
        </tfoot>
      </ScrollableTable>
      <p className="small muted">Population : {source}. Une structure qui agit sur toute la ville compte dans chaque quartier.</p>
    </div>
  );
}
