import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/forms";
import { FilterSelect, listPageLink, Pagination, PastLastPage } from "~/components/list-controls";
import { OrganisationCard } from "~/components/organisation-card";
import { activeFilters, IGNORED_FILTERS, readListFilters, searchFacetsOf } from "~/domain/schemas/list-filters";
import { QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getPublishedOrganisationListItemsByIds } from "~/models/organisation.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { search } from "~/utils/search.server";

const PER_PAGE = 12;

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Annuaire des structures",
    description: "Les structures nantaises qui cherchent des partenaires, par secteur, quartier, sous-axe et ressource.",
    path: "/annuaire",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const { subAxes } = await getCurrentCallSubAxes(db);
  const { filters, ignored } = readListFilters(new URL(request.url).searchParams, {
    sector: SECTORS,
    quartier: QUARTIERS,
    subAxis: subAxes,
    resource: RESOURCES,
  });
  // The search engine finds and orders; the database loads the rows, published ones only.
  const result = await search({
    q: "",
    types: ["organisation"],
    ...searchFacetsOf(filters),
    statuses: [],
    // The directory lists published profiles only: the registers' unclaimed ones are in the search.
    sources: ["plateforme"],
    page: filters.page,
    perPage: PER_PAGE,
    sort: "title",
  });
  const organisations = await getPublishedOrganisationListItemsByIds(
    db,
    result.hits.map((hit) => hit.id),
  );
  const total = result.total;
  return {
    filters,
    ignored,
    total,
    organisations,
    subAxes,
    pages: Math.max(1, Math.ceil(total / PER_PAGE)),
    engine: result.engine,
  };
}

export default function Directory() {
  const { filters, ignored, total, organisations, subAxes, pages } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => listPageLink("/annuaire", filters, page);
  const filtered = activeFilters(filters).length > 0;
  return (
    <div className="container page">
      <h1>Annuaire des structures</h1>
      {/* Above the filters, as on /recherche: on a phone, below them it was a screen further down. */}
      {ignored ? <Notice tone="info">{IGNORED_FILTERS}</Notice> : null}
      <Form method="get" className="filters" aria-label="Filtrer l'annuaire">
        <FilterSelect name="sector" label="Secteur" options={SECTORS} value={filters.sector} />
        <FilterSelect name="quartier" label="Quartier" options={QUARTIERS} value={filters.quartier} />
        <FilterSelect name="subAxis" label="Sous-axe" options={subAxes} value={filters.subAxis} />
        <FilterSelect name="resource" label="Ressource proposée" options={RESOURCES} value={filters.resource} all="Toutes" />
        <div className="actions">
          <button type="submit" className="button">
            Filtrer
          </button>
          {filtered ? <Link to="/annuaire">Effacer les filtres</Link> : null}
        </div>
      </Form>
      <p role="status">
        {total} structure{total > 1 ? "s" : ""} publiée{total > 1 ? "s" : ""}
        {filtered ? " correspondant à vos filtres" : ""}.
      </p>
      {/* The cards' names are h3: under this h2, not straight under the h1. */}
      <h2 className="visually-hidden">Structures</h2>
      {organisations.length === 0 && total > 0 ? (
        <PastLastPage page={filters.page} pages={pages} linkTo={pageLink} />
      ) : organisations.length === 0 ? (
        <p>Aucune structure ne correspond. Essayez d'enlever un filtre, par exemple le quartier ou le sous-axe.</p>
      ) : (
        <ul className="cards">
          {organisations.map((organisation) => (
            <OrganisationCard key={organisation.slug} organisation={organisation} subAxes={subAxes} link />
          ))}
        </ul>
      )}
      <Pagination page={filters.page} pages={pages} linkTo={pageLink} />
    </div>
  );
}
