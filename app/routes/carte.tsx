import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css";
import clusterStyles from "leaflet.markercluster/dist/MarkerCluster.css";
import clusterDefaultStyles from "leaflet.markercluster/dist/MarkerCluster.Default.css";
import { lazy, Suspense } from "react";
import {
  computeCoverage,
  COVERAGE_COLOURS,
  COVERAGE_FORMULA,
  COVERAGE_TYPES,
  coverageClass,
  leastCovered,
} from "~/domain/coverage";
import { formatDecimal, formatNumber } from "~/domain/format";
import { IRIS_ATTRIBUTION, QUARTIERS_ATTRIBUTION } from "~/domain/geo";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getCoverageData, getIrisCoverage, getMapPoints, parseCoverageQuery } from "~/models/coverage.server";
import type { loader as rootLoader } from "~/root";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { search } from "~/utils/search.server";
import { useHydrated } from "~/utils/use-hydrated";

const CoverageMap = lazy(() => import("~/components/map/coverage-map.client"));

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: leafletStyles },
  { rel: "stylesheet", href: clusterStyles },
  { rel: "stylesheet", href: clusterDefaultStyles },
];

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Carte des quartiers peu couverts",
    description:
      "Où l'offre de lien social est la plus faible à Nantes : structures, offres et idées pour 10 000 habitants, par quartier.",
    path: "/carte",
    matches,
  });

const SORTS = ["coverage", "name", "population", "total"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const db = getDb();
  const { subAxes } = await getCurrentCallSubAxes(db);
  const parsed = parseCoverageQuery(url);
  // A wrong value in a shared link is ignored rather than refused.
  const filters =
    parsed.success && (!parsed.data.subAxis || subAxes.some((item) => item.code === parsed.data.subAxis)) ? parsed.data : {};
  const level = url.searchParams.get("niveau") === "iris" ? ("iris" as const) : ("quartiers" as const);
  const { quartiers, supplyOf } = await getCoverageData(db, filters);
  let rows = computeCoverage(quartiers, supplyOf);
  if (level === "iris") {
    const iris = await getIrisCoverage(db, filters);
    rows = computeCoverage(iris, (code) => iris.find((item) => item.slug === code)!.supply);
  }
  const selectedSlug = url.searchParams.get("quartier");
  const selected = rows.find((row) => row.slug === selectedSlug) ?? null;
  const sortParam = url.searchParams.get("tri");
  const sort = SORTS.find((item) => item === sortParam) ?? "coverage";
  let panel = null;
  if (selected && level === "quartiers") {
    const common = {
      q: "",
      subAxes: filters.subAxis ? [filters.subAxis] : [],
      quartiers: [selected.slug],
      sectors: [],
      resources: [],
      statuses: [],
      page: 1,
      perPage: 3,
      sort: "title" as const,
    };
    const [organisations, offers, ideas] = await Promise.all(
      (["organisation", "offer", "idea"] as const).map((type) =>
        filters.type && filters.type !== type ? null : search({ ...common, types: [type] }),
      ),
    );
    panel = {
      ...selected,
      items: { organisations: organisations?.hits ?? [], offers: offers?.hits ?? [], ideas: ideas?.hits ?? [] },
      searchLink: `/recherche?${new URLSearchParams([["quartier", selected.slug], ...(filters.subAxis ? [["subAxis", filters.subAxis]] : []), ...(filters.type ? [["type", filters.type]] : [])]).toString()}`,
    };
  }
  const first = quartiers[0];
  if (selected && level === "iris")
    panel = { ...selected, items: { organisations: [], offers: [], ideas: [] }, searchLink: "/recherche" };
  const points = await getMapPoints(db, filters);
  return {
    points,
    level,
    filters,
    subAxes,
    rows,
    sort,
    panel,
    // Activity zones without inhabitants are not "under-served".
    weakest: leastCovered(rows.filter((row) => row.population > 0)).map((row) => row.name),
    max: Math.max(...rows.map((row) => row.coverage)),
    source: first ? `${first.populationSource}, ${first.populationYear}` : "",
  };
}

export default function CoverageMapPage() {
  const { points, level, filters, subAxes, rows, sort, panel, weakest, max, source } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const hydrated = useHydrated();
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `/carte?${next.toString()}`;
  };
  const colours = Object.fromEntries(rows.map((row) => [row.slug, COVERAGE_COLOURS[coverageClass(row.coverage, max)]!]));
  const sorted = [...rows].sort((a, b) =>
    sort === "name"
      ? a.name.localeCompare(b.name, "fr")
      : sort === "population"
        ? b.population - a.population
        : sort === "total"
          ? b.supply.total - a.supply.total
          : a.rank - b.rank,
  );
  const step = max / COVERAGE_COLOURS.length;

  return (
    <div className="container page">
      <h1>Carte des quartiers peu couverts</h1>
      <p className="lead">
        L'appel vise en particulier les territoires où l'offre de lien social est faible. Voici où elle l'est, d'après ce qui est
        publié sur Coopérons.
      </p>
      <p className="small">
        <strong>Comment lire la carte :</strong> {COVERAGE_FORMULA} Population : {source}.
      </p>
      <Form method="get" className="filters" aria-label="Filtrer la carte">
        <div className="field">
          <label htmlFor="carte-sous-axe">Sous-axe</label>
          <select id="carte-sous-axe" name="subAxis" defaultValue={filters.subAxis ?? ""}>
            <option value="">Tous</option>
            {subAxes.map((subAxis) => (
              <option key={subAxis.code} value={subAxis.code}>
                {subAxis.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="carte-type">Ce qui est compté</label>
          <select id="carte-type" name="type" defaultValue={filters.type ?? ""}>
            <option value="">Tout</option>
            {COVERAGE_TYPES.map((type) => (
              <option key={type.code} value={type.code}>
                {type.label}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            Mettre à jour la carte
          </button>
        </div>
      </Form>

      <nav aria-label="Découpage" className="tabs">
        <Link to={withParams({ niveau: null, quartier: null })} aria-current={level === "quartiers" ? "page" : undefined}>
          Les 11 quartiers
        </Link>
        <Link to={withParams({ niveau: "iris", quartier: null })} aria-current={level === "iris" ? "page" : undefined}>
          Les 97 IRIS
        </Link>
      </nav>
      {level === "iris" ? (
        <p className="small">
          Par IRIS, seules les structures et offres placées sur la carte sont comptées ; population 2018 de chaque IRIS (IGN –
          INSEE).
        </p>
      ) : null}
      <p role="status" data-testid="weakest">
        Les trois {level === "iris" ? "IRIS habités" : "quartiers"} les moins couverts : {weakest.join(", ")}.
      </p>

      <div className="two-cols">
        <div>
          <div className="map-frame">
            {hydrated ? (
              <Suspense fallback={<p className="muted small">Chargement de la carte…</p>}>
                <CoverageMap
                  points={points}
                  level={level}
                  colours={colours}
                  labels={Object.fromEntries(
                    rows.map((row) => [row.slug, `${row.name} : ${formatDecimal(row.coverage)} pour 10 000 habitants`]),
                  )}
                  selected={panel?.slug ?? null}
                  onSelect={(slug) => navigate(withParams({ quartier: slug }), { preventScrollReset: true })}
                  tileUrl={root?.publicEnv.TILE_URL ?? null}
                  tileAttribution={root?.publicEnv.TILE_ATTRIBUTION ?? null}
                />
              </Suspense>
            ) : (
              <p className="small muted">La carte s'affiche avec JavaScript ; le tableau ci-dessous donne les mêmes chiffres.</p>
            )}
          </div>
          <p className="map-attribution">Contours : {level === "iris" ? IRIS_ATTRIBUTION : QUARTIERS_ATTRIBUTION}</p>
          <ul className="legend" aria-label="Légende">
            {COVERAGE_COLOURS.map((colour, index) => (
              <li key={colour}>
                <span className="swatch" style={{ background: colour }} aria-hidden="true" /> {formatDecimal(step * index)} à{" "}
                {formatDecimal(step * (index + 1))} pour 10 000 habitants
              </li>
            ))}
          </ul>
        </div>
        <aside aria-labelledby="panneau" className="card" data-testid="quartier-panel">
          {panel ? (
            <>
              <h2 id="panneau">{panel.name}</h2>
              <ul>
                <li>Population : {formatNumber(panel.population)} habitants</li>
                <li>
                  Structures actives : {panel.supply.organisations} · offres : {panel.supply.offers} · idées :{" "}
                  {panel.supply.ideas}
                </li>
                <li>
                  Couverture : <strong>{formatDecimal(panel.coverage)}</strong> pour 10 000 habitants — rang {panel.rank} sur{" "}
                  {rows.length} (1 = le moins couvert)
                </li>
              </ul>
              {(["organisations", "offers", "ideas"] as const).map((kind) =>
                panel.items[kind].length ? (
                  <div key={kind}>
                    <h3>{kind === "organisations" ? "Structures" : kind === "offers" ? "Offres" : "Idées"}</h3>
                    <ul>
                      {panel.items[kind].map((hit) => (
                        <li key={hit.id}>
                          <Link to={hit.url}>{hit.title}</Link>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null,
              )}
              <p>
                <Link to={panel.searchLink}>Tout voir dans la recherche</Link>
              </p>
            </>
          ) : (
            <>
              <h2 id="panneau">Un quartier en détail</h2>
              <p>Cliquez sur un quartier de la carte, ou sur son nom dans le tableau.</p>
            </>
          )}
        </aside>
      </div>

      <div className="table-wrap">
        <table>
          <caption>Couverture par {level === "iris" ? "IRIS" : "quartier"} (mêmes chiffres que la carte)</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={sort === "name" ? "ascending" : undefined}>
                <Link to={withParams({ tri: "name" })}>Quartier</Link>
              </th>
              <th scope="col" className="num" aria-sort={sort === "population" ? "descending" : undefined}>
                <Link to={withParams({ tri: "population" })}>Population</Link>
              </th>
              <th scope="col" className="num">
                Structures
              </th>
              <th scope="col" className="num">
                Offres
              </th>
              <th scope="col" className="num">
                Idées
              </th>
              <th scope="col" className="num" aria-sort={sort === "total" ? "descending" : undefined}>
                <Link to={withParams({ tri: "total" })}>Total</Link>
              </th>
              <th scope="col" className="num" aria-sort={sort === "coverage" ? "ascending" : undefined}>
                <Link to={withParams({ tri: "coverage" })}>Pour 10 000 habitants</Link>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={row.slug} data-slug={row.slug}>
                <th scope="row">
                  <Link to={withParams({ quartier: row.slug })} preventScrollReset>
                    {row.name}
                  </Link>
                </th>
                <td className="num">{formatNumber(row.population)}</td>
                <td className="num">{row.supply.organisations}</td>
                <td className="num">{row.supply.offers}</td>
                <td className="num">{row.supply.ideas}</td>
                <td className="num">{row.supply.total}</td>
                <td className="num">{formatDecimal(row.coverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
