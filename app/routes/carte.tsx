import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useOpenWhenWide, WIDE } from "~/utils/use-open-when-wide";
import { Form, Link, useLoaderData, useLocation, useNavigate, useRouteLoaderData } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css";
import clusterStyles from "leaflet.markercluster/dist/MarkerCluster.css";
import clusterDefaultStyles from "leaflet.markercluster/dist/MarkerCluster.Default.css";
import { lazy, Suspense, useEffect, useRef } from "react";
import {
  computeCoverage,
  COVERAGE_FORMULA,
  COVERAGE_TYPES,
  coverageClasses,
  coverageFilterParams,
  type CoverageFilterName,
  describeWeakest,
  NO_SUPPLY,
  POINT_COLOURS,
} from "~/domain/coverage";
import { countsBoth, describeSources, readSupplySources, SUPPLY_SOURCES, type SupplySource } from "~/domain/coverage-source";
import { formatNumber, formatRate } from "~/domain/format";
import { IRIS_ATTRIBUTION, QUARTIERS_ATTRIBUTION } from "~/domain/geo";
import { labelOf, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getCurrentCallSubAxes } from "~/models/call.server";
import {
  countedTypes,
  coverageStatusLabel,
  getCoverageData,
  getIrisCoverage,
  getMapPoints,
  getPointsIn,
  getRegisterDates,
  readCoveragePageQuery,
} from "~/models/coverage.server";
import type { loader as rootLoader } from "~/root";
import { SaveSearch } from "~/components/save-search";
import { normaliseSavedQuery, quotedName } from "~/domain/saved-search";
import { findSavedSearchOf } from "~/models/saved-search.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { FOCUS_TARGET } from "~/utils/focus";
import { search } from "~/utils/search.server";
import { useHydrated } from "~/utils/use-hydrated";
import { ScrollableTable } from "~/components/table-wrap";

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
/** The panel lists at most this many of the points placed in the chosen area. */
const PLACES_SHOWN = 20;

/** The same search on /recherche, in one quartier. */
function searchAddress(filters: Parameters<typeof coverageFilterParams>[0], quartier: string) {
  const params = coverageFilterParams(filters);
  params.append("quartier", quartier);
  return params.toString();
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const db = getDb();
  const { subAxes } = await getCurrentCallSubAxes(db);
  // The search's filters; a wrong value in a shared link is dropped rather than refused, and the page says so.
  const { filters, ignored } = readCoveragePageQuery(
    url.searchParams,
    subAxes.map((subAxis) => subAxis.code),
  );
  // Which supply of structures is counted (both by default); not one of the search's filters.
  const { sources, ignored: sourceIgnored } = readSupplySources(url.searchParams);
  const counted = { ...filters, source: sources };
  const level = url.searchParams.get("niveau") === "iris" ? ("iris" as const) : ("quartiers" as const);
  // What the filters leave out of the count, by coverage.server's own rule (an offer has no sub-axis).
  const types = countedTypes(filters);
  const counting = {
    nothing: !Object.values(types).some(Boolean),
    offersLeftOutBySubAxis: !types.offer && countedTypes({ ...filters, subAxis: [] }).offer,
  };
  const [
    { quartiers, supplyOf, wholeCity, structuresOf, wholeCityStructures, unlocated, unlocatedStructures, unlocatedRegisters },
    registers,
  ] = await Promise.all([getCoverageData(db, counted), getRegisterDates(db)]);
  let coverage = computeCoverage(quartiers, supplyOf, wholeCity);
  if (level === "iris") {
    const iris = await getIrisCoverage(db, counted);
    const supplyByCode = new Map(iris.map((item) => [item.slug, item.supply]));
    coverage = computeCoverage(iris, (code) => supplyByCode.get(code) ?? NO_SUPPLY, wholeCity);
  }
  const { rows } = coverage;
  const selectedSlug = url.searchParams.get("quartier");
  const selected = rows.find((row) => row.slug === selectedSlug) ?? null;
  const sortParam = url.searchParams.get("tri");
  const sort = SORTS.find((item) => item === sortParam) ?? "coverage";
  const platform = sources.includes("plateforme");
  let panel = null;
  if (selected) {
    const common = {
      q: "",
      subAxes: filters.subAxis,
      quartiers: [selected.slug],
      sectors: filters.sector,
      resources: filters.resource,
      statuses: filters.status,
      // The search's own `source`: a register's unclaimed profiles, or what structures published.
      sources: countsBoth(sources) ? undefined : sources,
      page: 1,
      perPage: 3,
      sort: "title" as const,
    };
    // By IRIS, the search has no such filter: the panel lists what is placed there.
    const [organisations, offers, ideas] =
      level === "quartiers"
        ? await Promise.all(
            (["organisation", "offer", "idea"] as const).map((type) =>
              (filters.type.length && !filters.type.includes(type)) || (type !== "organisation" && !platform)
                ? null
                : search({ ...common, types: [type] }),
            ),
          )
        : [null, null, null];
    const places = getPointsIn(await getMapPoints(db, counted), level, selected.slug);
    panel = {
      ...selected,
      items: { organisations: organisations?.hits ?? [], offers: offers?.hits ?? [], ideas: ideas?.hits ?? [] },
      places: places.slice(0, PLACES_SHOWN),
      placesCount: places.length,
      searchLink: level === "quartiers" ? `/recherche?${searchAddress(filters, selected.slug)}` : null,
    };
  }
  const first = quartiers[0];
  // The markers come apart, fetched by the map once shown (thousands of points at 50,000 organisations).
  const pointsParams = coverageFilterParams(filters);
  if (!countsBoth(sources)) for (const source of sources) pointsParams.append("source", source);
  // Signed in, the person is told when the filters applied are a search they saved already.
  const user = await getUser(request);
  const savedAs = user ? await findSavedSearchOf(db, user.id, normaliseSavedQuery({ q: "", quartier: [], ...filters })) : null;
  return {
    savedAs,
    pointsUrl: `/carte/points.json?${pointsParams.toString()}`,
    level,
    filters,
    ignored: ignored || sourceIgnored,
    sources,
    sourceSentence: describeSources(sources, registers, unlocatedRegisters),
    // Both supplies' structures side by side, whichever are counted (quartiers only: registers have no IRIS count).
    structures:
      level === "quartiers"
        ? Object.fromEntries(quartiers.map((quartier) => [quartier.slug, structuresOf(quartier.slug)]))
        : null,
    wholeCityStructures,
    // In no quartier, not acting on the whole city (the RNA gives no point): counted apart.
    unlocated,
    unlocatedStructures,
    statuses: filters.status.map((code) => ({ code, label: coverageStatusLabel(code) })),
    subAxes,
    rows,
    ranked: rows.filter((row) => row.rank !== null).length,
    wholeCity: coverage.wholeCity,
    wholeCityPart: coverage.wholeCityPart,
    cityPopulation: coverage.cityPopulation,
    ...coverageClasses(rows),
    sort,
    panel,
    // Offers alone with a sub-axis (offers have none), or pending ones (offers are published): nothing is counted.
    weakest: counting.nothing
      ? "Avec ces filtres, rien n'est compté : les couleurs et le classement ne disent rien des quartiers."
      : describeWeakest(rows, level),
    counting,
    source: first ? `${first.populationSource}, ${first.populationYear}` : "",
  };
}

export default function CoverageMapPage() {
  const {
    pointsUrl,
    level,
    filters,
    ignored,
    sources,
    sourceSentence,
    structures,
    wholeCityStructures,
    unlocated,
    unlocatedStructures,
    statuses,
    subAxes,
    rows,
    ranked,
    wholeCity,
    wholeCityPart,
    cityPopulation,
    classes,
    classOf,
    sort,
    panel,
    weakest,
    counting,
    source,
    savedAs,
  } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const signedIn = Boolean(root?.user);
  const navigate = useNavigate();
  const hydrated = useHydrated();
  const panelHeading = useRef<HTMLHeadingElement>(null);
  const shownSlug = useRef(panel?.slug ?? null);
  const location = useLocation();
  const shownKey = useRef(location.key);
  // A quartier chosen in the table or on the map: focus goes to its panel, so that keyboard and
  // screen reader users land where the answer is (the address alone changed, not the page) — also
  // when it is the quartier already shown, whose link still scrolls to the panel (`#detail`).
  useEffect(() => {
    const slug = panel?.slug ?? null;
    const again = location.key !== shownKey.current && location.hash === "#detail";
    shownKey.current = location.key;
    if (slug === shownSlug.current && !again) return;
    shownSlug.current = slug;
    if (slug) panelHeading.current?.focus();
  }, [panel?.slug, location.key, location.hash]);
  // Links follow what the loader kept, never a value it ignored.
  const filterParams = coverageFilterParams(filters);
  // On a phone the notes and filters are folded; open beside the map on a wide screen.
  const notesPanel = useRef<HTMLDetailsElement>(null);
  const filtersPanel = useRef<HTMLDetailsElement>(null);
  useOpenWhenWide(notesPanel, filtersPanel);
  // Both supplies is the default: the address names a source only when one alone is counted.
  const sourceParams: SupplySource[] = countsBoth(sources) ? [] : sources;
  // « Mettre à jour la carte » on a phone: the filters fold again, the map comes back up. The form,
  // keyed by its filters and sources, is drawn anew with them, its button too: the focus goes to
  // what the new filters show (the line above the map), not back to the page's start.
  const filtersKey = `${filterParams.toString()} ${sourceParams.join(" ")}`;
  const shownFilters = useRef(filtersKey);
  const filtersSent = useRef(false);
  const filtersResult = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (shownFilters.current === filtersKey) return;
    shownFilters.current = filtersKey;
    if (filtersPanel.current && !window.matchMedia(WIDE).matches) filtersPanel.current.open = false;
    if (filtersSent.current) filtersResult.current?.focus();
    filtersSent.current = false;
  }, [filtersKey]);
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(filterParams);
    for (const source of sourceParams) next.append("source", source);
    if (level === "iris") next.set("niveau", "iris");
    if (panel) next.set("quartier", panel.slug);
    if (sort !== "coverage") next.set("tri", sort);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `/carte?${next.toString()}`;
  };
  const colours = Object.fromEntries(rows.map((row) => [row.slug, classes[classOf[row.slug]!]!.colour]));
  const sorted = [...rows].sort((a, b) =>
    sort === "name"
      ? a.name.localeCompare(b.name, "fr")
      : sort === "population"
        ? b.population - a.population
        : sort === "total"
          ? b.supply.total - a.supply.total
          : (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, "fr"),
  );
  const facets: { name: CoverageFilterName; legend: string; options: readonly { code: string; label: string }[] }[] = [
    { name: "type", legend: "Ce qui est compté", options: COVERAGE_TYPES },
    { name: "subAxis", legend: "Sous-axe", options: subAxes },
    { name: "sector", legend: "Secteur", options: SECTORS },
    { name: "resource", legend: "Ressource", options: RESOURCES },
    // Not offered as a choice (as on /recherche), but kept, shown and removable when the address has it.
    ...(statuses.length ? [{ name: "status" as const, legend: "Statut", options: statuses }] : []),
  ];
  const activeFilters = facets
    .filter((facet) => filters[facet.name].length)
    .map((facet) => `${facet.legend} : ${filters[facet.name].map((code) => labelOf(facet.options, code)).join(" ou ")}`);
  const filterCount = activeFilters.length + (sourceParams.length ? 1 : 0);
  const unit = level === "iris" ? "IRIS" : "quartier";
  const plural = (count: number, one: string, many: string) => `${formatNumber(count)} ${count > 1 ? many : one}`;

  return (
    <div className="container page coverage-page">
      <h1>Carte des quartiers peu couverts</h1>
      <p className="lead">
        L'appel vise en particulier les territoires où l'offre de lien social est faible. Voici où elle l'est, d'après ce qui est
        publié sur Coopérons et ce que disent les registres publics des associations et des établissements.
      </p>
      {/* On a phone the notes and the filters are folded, the map within the first screens; wide, they are always shown. */}
      <details className="phone-fold" ref={notesPanel}>
        <summary>Comment lire la carte</summary>
        <p className="small" data-testid="formula">
          <strong>Comment lire la carte :</strong> {COVERAGE_FORMULA} Population : {source}.{" "}
          <span data-testid="sources">{sourceSentence}</span>
        </p>
        <p className="small" data-testid="whole-city">
          Ce qui agit sur toute la ville : {plural(wholeCity.organisations, "structure", "structures")}
          {countsBoth(sources)
            ? ` (${plural(wholeCityStructures.plateforme, "publiée", "publiées")}, ${formatNumber(wholeCityStructures.registres)} des registres)`
            : ""}
          , {plural(wholeCity.offers, "offre", "offres")} et {plural(wholeCity.ideas, "idée", "idées")}, soit{" "}
          {formatRate(wholeCityPart)} pour 10 000 habitants ({formatNumber(cityPopulation)} habitants), ajoutés à chaque {unit}.
        </p>
        <p className="small" data-testid="unlocated">
          Sans quartier connu (adresse non localisée) : {plural(unlocated, "structure", "structures")}
          {countsBoth(sources)
            ? ` (${plural(unlocatedStructures.plateforme, "publiée", "publiées")}, ${formatNumber(unlocatedStructures.registres)} des registres)`
            : ""}
          , comptées à part : dans aucun {unit} ni dans la couverture, faute de savoir où elles sont.
        </p>
      </details>
      {ignored ? (
        <div className="notice notice-info" role="status">
          Certains filtres de l'adresse n'existent pas et ont été ignorés.
        </div>
      ) : null}
      {counting.offersLeftOutBySubAxis ? (
        <div className="notice notice-info" role="status" data-testid="offers-without-sub-axis">
          {`Les offres de ressources ne sont pas classées par sous-axe : avec un sous-axe choisi, elles ne sont pas comptées${
            counting.nothing ? ", et la carte n'en montre aucune" : ""
          }.`}{" "}
          <Link to={withParams({ subAxis: null })}>Voir la carte sans filtre de sous-axe</Link>
        </div>
      ) : null}
      <a className="skip-to" href="#tableau-couverture">
        Passer les filtres et la carte : aller au tableau
      </a>
      <details className="phone-fold" ref={filtersPanel}>
        <summary>
          Filtrer la carte
          {filterCount > 0 ? (
            <>
              {" "}
              ({filterCount}
              <span className="visually-hidden"> {filterCount > 1 ? "filtres actifs" : "filtre actif"}</span>)
            </>
          ) : null}
        </summary>
        {/* Keyed by the filters: a new address (a link, the back button) shows its own boxes ticked. */}
        <Form
          method="get"
          action="/carte"
          className="filters coverage-filters"
          aria-label="Filtrer la carte"
          key={filtersKey}
          onSubmit={() => (filtersSent.current = true)}
        >
          {level === "iris" ? <input type="hidden" name="niveau" value="iris" /> : null}
          {panel ? <input type="hidden" name="quartier" value={panel.slug} /> : null}
          {sort !== "coverage" ? <input type="hidden" name="tri" value={sort} /> : null}
          <p className="small coverage-filters-hint" id="carte-filtres-aide">
            Les mêmes filtres que la recherche. Plusieurs cases d'un même filtre : l'une ou l'autre ; d'un filtre à l'autre,
            toutes à la fois. Sans case cochée, un filtre ne restreint rien.
          </p>
          <fieldset className="field facet" aria-describedby="carte-sources-aide">
            <legend>Structures comptées</legend>
            <p className="small" id="carte-sources-aide">
              Sans case cochée, les deux : une structure publiée qu'un registre liste aussi est comptée une fois.
            </p>
            {SUPPLY_SOURCES.map((option) => (
              <label key={option.code} className="checkbox">
                <input type="checkbox" name="source" value={option.code} defaultChecked={sourceParams.includes(option.code)} />
                {option.label}
              </label>
            ))}
          </fieldset>
          {facets.map((facet) => (
            <fieldset key={facet.name} className="field facet" aria-describedby="carte-filtres-aide">
              <legend>{facet.legend}</legend>
              {facet.options.map((option) => (
                <label key={option.code} className="checkbox">
                  <input
                    type="checkbox"
                    name={facet.name}
                    value={option.code}
                    defaultChecked={filters[facet.name].includes(option.code)}
                  />
                  {option.label}
                </label>
              ))}
            </fieldset>
          ))}
          <div className="actions">
            <button type="submit" className="button">
              Mettre à jour la carte
            </button>
            {signedIn ? (
              // The boxes as ticked now, whether or not the map was updated with them.
              <button
                type="submit"
                className="button-secondary"
                formMethod="post"
                formAction="/compte/alertes"
                name="intent"
                value="create-map"
              >
                Enregistrer cette recherche
              </button>
            ) : null}
          </div>
          {signedIn ? (
            <p className="small muted">Vous serez prévenu des nouveautés qui correspondent aux cases cochées.</p>
          ) : null}
        </Form>
      </details>
      {activeFilters.length ? (
        <p className="small" data-testid="active-filters">
          {`Filtres appliqués : ${activeFilters.join(" ; ")}.`}
        </p>
      ) : null}
      {/* Outside the filters, which are folded on a phone. */}
      {savedAs ? (
        <p className="small" data-testid="saved-as">
          {`Les filtres appliqués sont une recherche enregistrée dans vos alertes : ${quotedName(savedAs.name)}. `}
          <Link to={`/compte/alertes#recherche-${savedAs.id}`} state={FOCUS_TARGET}>
            Gérer mes alertes
          </Link>
        </p>
      ) : null}
      {/* Someone not signed in is offered to log in and come back (signed in, the button is in the form). */}
      {signedIn ? null : <SaveSearch query={normaliseSavedQuery({ q: "", quartier: [], ...filters })} />}

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
          Par IRIS, seules les structures et offres placées sur la carte sont comptées comme offre locale ; population 2018 de
          chaque IRIS (IGN – INSEE).
        </p>
      ) : null}
      <p role="status" data-testid="weakest" ref={filtersResult} tabIndex={-1}>
        {weakest}
      </p>

      <div className="two-cols">
        <div>
          <noscript>
            <p className="small">
              La carte s'affiche avec JavaScript ; le <a href="#tableau-couverture">tableau ci-dessous</a> donne les mêmes
              chiffres.
            </p>
          </noscript>
          {/* Without JavaScript there is no map: neither its key nor its credit (the probe saw them alone). */}
          <div className="needs-js">
            <p className="small" id="carte-clavier">
              Au clavier ou avec un lecteur d'écran, le <a href="#tableau-couverture">tableau sous la carte</a> donne les mêmes
              chiffres : choisissez-y un {unit} pour en voir le détail.
            </p>
            <div className="map-frame coverage-frame">
              {hydrated ? (
                <Suspense fallback={<p className="muted small">Chargement de la carte…</p>}>
                  <CoverageMap
                    pointsUrl={pointsUrl}
                    level={level}
                    colours={colours}
                    labels={Object.fromEntries(
                      rows.map((row) => [row.slug, `${row.name} : ${formatRate(row.coverage)} pour 10 000 habitants`]),
                    )}
                    selected={panel?.slug ?? null}
                    onSelect={(slug) => navigate(withParams({ quartier: slug }), { preventScrollReset: true })}
                    describedBy="carte-clavier"
                    tileUrl={root?.publicEnv.TILE_URL ?? null}
                    tileAttribution={root?.publicEnv.TILE_ATTRIBUTION ?? null}
                  />
                </Suspense>
              ) : (
                <p className="small muted">Chargement de la carte…</p>
              )}
            </div>
            <p className="map-attribution">Contours : {level === "iris" ? IRIS_ATTRIBUTION : QUARTIERS_ATTRIBUTION}</p>
            <div data-testid="legend">
              <p className="legend-title" id="legende">
                Couverture pour 10 000 habitants : plus la couleur est foncée, moins il y a d'offre.
              </p>
              <ul className="legend" aria-labelledby="legende">
                {classes.map((item) => (
                  <li key={item.label}>
                    <span className="swatch" style={{ background: item.colour }} aria-hidden="true" /> {item.label} —{" "}
                    {plural(item.count, unit, unit === "IRIS" ? "IRIS" : "quartiers")}
                  </li>
                ))}
                <li>
                  <span className="swatch swatch-point" style={{ background: POINT_COLOURS.organisation }} aria-hidden="true" />{" "}
                  Structure placée sur la carte
                </li>
                <li>
                  <span className="swatch swatch-point" style={{ background: POINT_COLOURS.offer }} aria-hidden="true" /> Offre
                  placée sur la carte
                </li>
                {sources.includes("registres") ? (
                  <li>
                    <span
                      className="swatch swatch-point swatch-register"
                      style={{ borderColor: POINT_COLOURS.register }}
                      aria-hidden="true"
                    />{" "}
                    Structure d'un registre public, non revendiquée (cercle vide)
                  </li>
                ) : null}
              </ul>
            </div>
          </div>
        </div>
        <aside aria-labelledby="panneau" className="card" data-testid="quartier-panel" id="detail">
          {panel ? (
            <>
              <h2 id="panneau" ref={panelHeading} tabIndex={-1}>
                {panel.name}
              </h2>
              <ul>
                <li>Population : {formatNumber(panel.population)} habitants</li>
                <li>
                  Offre locale : {plural(panel.supply.organisations, "structure", "structures")},{" "}
                  {plural(panel.supply.offers, "offre", "offres")}, {plural(panel.supply.ideas, "idée", "idées")}
                </li>
                {panel.rank === null ? (
                  <li>Sans habitants : pas de couverture calculée ni de rang.</li>
                ) : (
                  <li>
                    Couverture : <strong>{formatRate(panel.coverage)}</strong> pour 10 000 habitants, dont{" "}
                    {formatRate(wholeCityPart)} pour ce qui agit sur toute la ville — rang {panel.rank} sur {ranked} (1 = le moins
                    couvert)
                  </li>
                )}
              </ul>
              {panel.items.organisations.length + panel.items.offers.length + panel.items.ideas.length > 0 ? (
                <p className="small">Ce que la recherche trouve ici, y compris ce qui agit sur toute la ville :</p>
              ) : null}
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
              <h3>Placés sur la carte ici</h3>
              {panel.placesCount ? (
                <ul data-testid="places">
                  {panel.places.map((place) => (
                    <li key={`${place.type}-${place.url}-${place.title}`}>
                      {place.type === "offer" ? "Offre" : "Structure"} : <Link to={place.url}>{place.title}</Link>
                      {place.wholeCity ? " (agit sur toute la ville)" : null}
                    </li>
                  ))}
                  {panel.placesCount > panel.places.length ? (
                    <li>et {plural(panel.placesCount - panel.places.length, "autre", "autres")}</li>
                  ) : null}
                </ul>
              ) : (
                <p>Aucune structure ni offre n'est placée sur la carte ici.</p>
              )}
              {panel.searchLink ? (
                <p>
                  <Link to={panel.searchLink}>Tout voir dans la recherche</Link>
                </p>
              ) : null}
            </>
          ) : (
            <>
              <h2 id="panneau" ref={panelHeading} tabIndex={-1}>
                Un {unit} en détail
              </h2>
              <p>
                {/* Without JavaScript there is no map to click. */}
                <span className="needs-js">Cliquez sur un {unit} de la carte, ou choisissez-le</span>
                <noscript>Choisissez un {unit}</noscript> dans le tableau.
              </p>
            </>
          )}
        </aside>
      </div>

      <ScrollableTable
        caption={
          <>
            Couverture par {unit} (mêmes chiffres que la carte ; offre locale, hors ce qui agit sur toute la ville)
            {structures ? " ; en dernière ligne, les structures sans quartier connu, comptées à part" : ""}
          </>
        }
        frameClassName="coverage-table-wrap"
        className="coverage-table"
        id="tableau-couverture"
      >
        <thead>
          <tr>
            <th scope="col" aria-sort={sort === "name" ? "ascending" : undefined}>
              <Link to={`${withParams({ tri: "name" })}#tableau-couverture`}>{level === "iris" ? "IRIS" : "Quartier"}</Link>
            </th>
            <th scope="col" className="num" aria-sort={sort === "population" ? "descending" : undefined}>
              <Link to={`${withParams({ tri: "population" })}#tableau-couverture`}>Population</Link>
            </th>
            <th scope="col" className="num detail">
              Structures
            </th>
            <th scope="col" className="num detail">
              Offres
            </th>
            <th scope="col" className="num detail">
              Idées
            </th>
            <th scope="col" className="num" aria-sort={sort === "total" ? "descending" : undefined}>
              <Link to={`${withParams({ tri: "total" })}#tableau-couverture`}>Offre locale</Link>
            </th>
            <th scope="col" className="num" aria-sort={sort === "coverage" ? "ascending" : undefined}>
              <Link to={`${withParams({ tri: "coverage" })}#tableau-couverture`}>Pour 10 000 habitants</Link>
            </th>
            {structures ? (
              <>
                <th scope="col" className="num detail">
                  Structures publiées sur Coopérons
                </th>
                <th scope="col" className="num detail">
                  Structures des registres
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.slug} data-slug={row.slug}>
              <th scope="row">
                <Link
                  to={`${withParams({ quartier: row.slug })}#detail`}
                  preventScrollReset
                  aria-current={row.slug === panel?.slug ? "true" : undefined}
                >
                  {row.name}
                </Link>
              </th>
              <td className="num">{formatNumber(row.population)}</td>
              <td className="num detail">{row.supply.organisations}</td>
              <td className="num detail">{row.supply.offers}</td>
              <td className="num detail">{row.supply.ideas}</td>
              <td className="num">{row.supply.total}</td>
              <td className="num">{row.rank === null ? "sans habitants" : formatRate(row.coverage)}</td>
              {structures ? (
                <>
                  <td className="num detail" data-testid="structures-plateforme">
                    {structures[row.slug]?.plateforme ?? 0}
                  </td>
                  <td className="num detail" data-testid="structures-registres">
                    {structures[row.slug]?.registres ?? 0}
                  </td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
        {structures ? (
          // Not a quartier: no population nor coverage, last whatever the sort; its structures are in the supply's total.
          <tfoot>
            <tr data-testid="unlocated-row">
              <th scope="row">Sans quartier connu (adresse non localisée)</th>
              <NotApplicable />
              <td className="num detail">{unlocated}</td>
              <NotApplicable detail />
              <NotApplicable detail />
              <td className="num" data-testid="unlocated-total">
                {unlocated}
              </td>
              <td className="num">comptées à part</td>
              <td className="num detail" data-testid="unlocated-plateforme">
                {unlocatedStructures.plateforme}
              </td>
              <td className="num detail" data-testid="unlocated-registres">
                {unlocatedStructures.registres}
              </td>
            </tr>
          </tfoot>
        ) : null}
      </ScrollableTable>
    </div>
  );
}

/** A cell of the « sans quartier connu » row that has no figure: a dash to the eye, words to a screen reader. */
function NotApplicable({ detail = false }: { detail?: boolean }) {
  return (
    <td className={detail ? "num detail" : "num"}>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">sans objet</span>
    </td>
  );
}
