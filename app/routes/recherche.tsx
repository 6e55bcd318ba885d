import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useOpenWhenWide } from "~/utils/use-open-when-wide";
import { Highlighted } from "~/components/highlighted";
import { Pagination, PastLastPage } from "~/components/list-controls";
import { Notice } from "~/components/forms";
import { IGNORED_FILTERS } from "~/domain/schemas/list-filters";
import { SaveSearch } from "~/components/save-search";
import { SubAxisTags } from "~/components/sub-axis-tags";
import { normaliseSavedQuery } from "~/domain/saved-search";
import { UNCLAIMED_BADGE } from "~/domain/registers/unclaimed";
import { PUBLIC_IDEA_STAGES } from "~/domain/schemas/idea";
import { OFFER_CONDITIONS, OFFER_SLOTS } from "~/domain/schemas/offer";
import { QUERY_MAX_LENGTH, SEARCH_SORTS, SEARCH_TYPES } from "~/domain/schemas/search";
import { labelOf, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { findSavedSearchOf } from "~/models/saved-search.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { readSearchPage } from "~/utils/search-ahead.server";
import { aheadIn, search } from "~/utils/search.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Rechercher",
    description: "Trouver des structures, des offres de ressources et des idées de projets.",
    path: "/recherche",
    matches,
  });

export async function loader({ request, context }: LoaderFunctionArgs) {
  // A wrong value in a shared link is dropped rather than refused, and a long query cut.
  // The call's sub-axes first: one it does not have is dropped from the address, as wrong values are.
  const { subAxes, query, ignored, shortened, pageAsked, params } = await readSearchPage(new URL(request.url).searchParams);
  const [result, savedAs] = await Promise.all([
    // Started while this request waited its turn, when the server could.
    aheadIn(context).then((ahead) => search(params, ahead)),
    // Signed in, the person is told when they saved this very search already (no cookie: no read).
    getUser(request).then((user) => (user ? findSavedSearchOf(getDb(), user.id, normaliseSavedQuery(query)) : null)),
  ]);
  return {
    query: { ...query, perPage: 10 },
    result,
    subAxes,
    invalid: ignored,
    shortened,
    savedAs,
    pageAsked: pageAsked ?? null,
  };
}

/** The address of a search as the page kept it (the first page). */
function searchAddress(
  query: { q: string; sort: string } & Record<(typeof FACETS)[number]["name"] | "type" | "status", string[]>,
) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const name of ["type", ...FACETS.map((facet) => facet.name), "status"] as const) {
    for (const value of query[name]) params.append(name, value);
  }
  if (query.sort !== "relevance") params.set("sort", query.sort);
  return params;
}

const DEMO_BADGE = { organisation: "Démo — structure fictive", offer: "Démo — offre fictive", idea: "Démo — idée fictive" };

const FACETS = [
  { name: "subAxis", key: "subAxis", legend: "Sous-axe" },
  { name: "quartier", key: "quartier", legend: "Quartier" },
  { name: "sector", key: "sector", legend: "Secteur" },
  { name: "resource", key: "resource", legend: "Ressource" },
] as const;

export default function SearchPage() {
  const { query, result, subAxes, invalid, shortened, savedAs, pageAsked } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const form = useRef<HTMLFormElement>(null);
  const filters = useRef<HTMLDetailsElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  // The filters are folded on a phone and open beside the results on a wide screen.
  useOpenWhenWide(filters);

  // With JavaScript, results follow the typing (debounced; Remix cancels the stale request).
  const live = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (form.current) submit(form.current, { replace: true, preventScrollReset: true });
    }, 250);
  };
  const labelFor = (facet: string, code: string) =>
    facet === "subAxis"
      ? (subAxes.find((item) => item.code === code)?.label ?? code)
      : facet === "quartier"
        ? labelOf(QUARTIERS, code)
        : facet === "sector"
          ? labelOf(SECTORS, code)
          : labelOf(RESOURCES, code);
  // Links and checkboxes follow what the loader kept, never a value it ignored.
  const searchParams = searchAddress(query);
  const selected = (name: (typeof FACETS)[number]["name"]) => query[name];
  const linkWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      if (value !== null) next.set(key, value);
    }
    next.delete("page");
    return `/recherche?${next.toString()}`;
  };
  const activeFilters = FACETS.flatMap((facet) => selected(facet.name).map((code) => ({ facet: facet.name, code })));
  const quartierNames = (codes: string[]) => codes.map((code) => labelOf(QUARTIERS, code)).join(", ");
  const pages = Math.max(1, Math.ceil(result.total / query.perPage));
  const pageLink = (page: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(page));
    return `/recherche?${next.toString()}`;
  };
  const typeTotal = Object.values(result.facets.type).reduce((sum, count) => sum + count, 0);

  return (
    <div className="container page">
      <h1>Rechercher</h1>
      {result.engine === "database" ? (
        <Notice tone="warning">
          La recherche fonctionne en mode simplifié pour le moment : sans tolérance aux fautes de frappe ni synonymes.
        </Notice>
      ) : null}
      {invalid ? <Notice tone="info">{IGNORED_FILTERS}</Notice> : null}
      {shortened ? <Notice tone="info">{`Votre recherche a été raccourcie à ${QUERY_MAX_LENGTH} caractères.`}</Notice> : null}
      {/* Outside the search form: a form cannot hold another. */}
      <SaveSearch query={normaliseSavedQuery(query)} savedAs={savedAs} />
      <Form method="get" action="/recherche" ref={form} className="search-layout" onChange={live} role="search">
        <div className="search-box">
          <label htmlFor="q">Que cherchez-vous ?</label>
          <div className="actions">
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={query.q}
              placeholder="Par exemple : salle le samedi Malakoff"
              autoComplete="off"
            />
            <button type="submit" className="button">
              Rechercher
            </button>
          </div>
          {query.type.map((type) => (
            <input key={type} type="hidden" name="type" value={type} />
          ))}
        </div>
        <nav aria-label="Types de résultats" className="tabs">
          <Link to={linkWith({ type: null })} aria-current={query.type.length === 0 ? "page" : undefined}>
            Tout ({typeTotal})
          </Link>
          {SEARCH_TYPES.map((type) => (
            <Link
              key={type.code}
              to={linkWith({ type: type.code })}
              aria-current={query.type.length === 1 && query.type[0] === type.code ? "page" : undefined}
            >
              {type.label} ({result.facets.type[type.code] ?? 0})
            </Link>
          ))}
        </nav>
        <div className="search-columns">
          <aside aria-label="Filtres" className="search-filters">
            <a className="skip-to" href="#liste-resultats">
              Passer les filtres : aller aux résultats
            </a>
            <details ref={filters}>
              <summary>
                Filtrer
                {activeFilters.length > 0 ? (
                  <>
                    {" "}
                    ({activeFilters.length}
                    <span className="visually-hidden"> {activeFilters.length > 1 ? "filtres actifs" : "filtre actif"}</span>)
                  </>
                ) : null}
              </summary>
              {FACETS.map((facet) => {
                const counts = result.facets[facet.key];
                const codes = [...new Set([...Object.keys(counts), ...selected(facet.name)])];
                if (codes.length === 0) return null;
                return (
                  <fieldset key={facet.name} className="field facet">
                    <legend>{facet.legend}</legend>
                    {codes.map((code) => (
                      <label key={code} className="checkbox">
                        <input
                          type="checkbox"
                          name={facet.name}
                          value={code}
                          defaultChecked={selected(facet.name).includes(code)}
                        />
                        {labelFor(facet.name, code)} ({Object.hasOwn(counts, code) ? counts[code] : 0})
                      </label>
                    ))}
                  </fieldset>
                );
              })}
              <div className="field">
                <label htmlFor="tri">Trier par</label>
                <select id="tri" name="sort" defaultValue={query.sort}>
                  {SEARCH_SORTS.map((sort) => (
                    <option key={sort.code} value={sort.code}>
                      {sort.label}
                    </option>
                  ))}
                </select>
              </div>
              <noscript>
                <button type="submit" className="button-secondary">
                  Appliquer les filtres
                </button>
              </noscript>
              <p className="search-filters-done">
                <a href="#liste-resultats">Voir les résultats</a>
              </p>
            </details>
          </aside>
          <section id="liste-resultats" aria-labelledby="resultats" aria-busy={navigation.state === "loading"}>
            <h2 id="resultats" className="visually-hidden">
              Résultats
            </h2>
            {/* The live region is its own element: a heading must not be a status. */}
            <p role="status" className="results-count">
              {result.total} résultat{result.total > 1 ? "s" : ""}
              {query.q ? ` pour « ${query.q} »` : ""}
            </p>
            {result.hits.length === 0 && result.total > 0 ? (
              <PastLastPage page={pageAsked ?? query.page} pages={pages} linkTo={pageLink} />
            ) : result.hits.length === 0 ? (
              <div className="empty">
                <p>Aucun résultat.</p>
                {activeFilters.length > 0 ? (
                  <>
                    <p>Essayez d'enlever un filtre :</p>
                    <ul>
                      {activeFilters.map((filter) => {
                        const next = new URLSearchParams(searchParams);
                        const rest = next.getAll(filter.facet).filter((code) => code !== filter.code);
                        next.delete(filter.facet);
                        rest.forEach((code) => next.append(filter.facet, code));
                        next.delete("page");
                        return (
                          <li key={`${filter.facet}-${filter.code}`}>
                            <Link to={`/recherche?${next.toString()}`}>Sans « {labelFor(filter.facet, filter.code)} »</Link>
                          </li>
                        );
                      })}
                    </ul>
                  </>
                ) : query.q ? (
                  <p>
                    Vérifiez l'orthographe ou essayez un mot plus général (par exemple « salle » plutôt que « salle de réunion »).
                  </p>
                ) : null}
              </div>
            ) : (
              <ol className="results">
                {result.hits.map((hit) => (
                  <li key={`${hit.type}-${hit.id}`} className="card">
                    <p className="small muted">
                      {labelOf(SEARCH_TYPES, hit.type)} · {hit.organisationName}
                      {hit.isDemo ? (
                        <>
                          {" "}
                          <span className="badge badge-demo">{DEMO_BADGE[hit.type]}</span>
                        </>
                      ) : null}
                      {hit.source === "registres" ? (
                        <>
                          {" "}
                          <span className="badge">{UNCLAIMED_BADGE}</span>
                        </>
                      ) : null}
                    </p>
                    <h3 className="card-title">
                      <Link to={hit.url}>
                        <Highlighted html={hit.titleHtml} />
                      </Link>
                    </h3>
                    <p>
                      <Highlighted html={hit.snippet} />
                    </p>
                    {hit.type === "offer" ? (
                      <dl className="offer-facts">
                        {hit.slots.length ? (
                          <div>
                            <dt>Quand</dt>
                            <dd>
                              {OFFER_SLOTS.filter((slot) => hit.slots.includes(slot.code))
                                .map((slot) => slot.label)
                                .join(" · ")}
                            </dd>
                          </div>
                        ) : null}
                        {hit.conditions ? (
                          <div>
                            <dt>Prix</dt>
                            <dd>{labelOf(OFFER_CONDITIONS, hit.conditions)}</dd>
                          </div>
                        ) : null}
                        <div>
                          <dt>Où</dt>
                          <dd>{hit.wholeCity ? "Toute la ville" : quartierNames(hit.quartiers) || "Non précisé"}</dd>
                        </div>
                      </dl>
                    ) : null}
                    <SubAxisTags codes={hit.subAxes} options={subAxes} />
                  </li>
                ))}
              </ol>
            )}
            <Pagination page={query.page} pages={pages} linkTo={pageLink} />
          </section>
        </div>
      </Form>
      <p className="small muted">
        Les étapes des idées : {PUBLIC_IDEA_STAGES.map((stage) => stage.label.toLowerCase()).join(", ")}.
      </p>
    </div>
  );
}
