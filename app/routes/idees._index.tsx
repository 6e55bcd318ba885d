import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/forms";
import { FilterSelect, listPageLink, Pagination, PastLastPage } from "~/components/list-controls";
import { SubAxisTags } from "~/components/sub-axis-tags";
import { IDEA_STAGES, PUBLIC_IDEA_STAGES } from "~/domain/schemas/idea";
import { activeFilters, IGNORED_FILTERS, readListFilters, searchFacetsOf } from "~/domain/schemas/list-filters";
import { labelOf, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getPublicIdeasByIds } from "~/models/idea.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { search } from "~/utils/search.server";

const PER_PAGE = 12;

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Idées de projets",
    description: "Les projets qui cherchent des partenaires pour l'appel à coopérations.",
    path: "/idees",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const { subAxes } = await getCurrentCallSubAxes(db);
  const { filters, ignored } = readListFilters(new URL(request.url).searchParams, {
    subAxis: subAxes,
    quartier: QUARTIERS,
    sector: SECTORS,
    resource: RESOURCES,
    stage: PUBLIC_IDEA_STAGES,
  });
  // The search engine finds and orders (archived ideas only when asked for); the database loads
  // the rows, published ones only.
  const result = await search({
    q: "",
    types: ["idea"],
    ...searchFacetsOf(filters),
    statuses: filters.stage
      ? [filters.stage]
      : PUBLIC_IDEA_STAGES.filter((stage) => stage.code !== "archived").map((stage) => stage.code),
    page: filters.page,
    perPage: PER_PAGE,
    sort: "updated",
  });
  const ideas = await getPublicIdeasByIds(
    db,
    result.hits.map((hit) => hit.id),
  );
  const total = result.total;
  return {
    filters,
    ignored,
    total,
    ideas,
    subAxes,
    pages: Math.max(1, Math.ceil(total / PER_PAGE)),
  };
}

export default function Ideas() {
  const { filters, ignored, total, ideas, subAxes, pages } = useLoaderData<typeof loader>();
  const filtered = activeFilters(filters).length > 0;
  const pageLink = (page: number) => listPageLink("/idees", filters, page);
  return (
    <div className="container page">
      <h1>Idées de projets</h1>
      <p className="lead">
        Des structures décrivent le projet qu'elles veulent porter et les partenaires qui leur manquent. Proposez-leur de les
        rejoindre.
      </p>
      {/* Above the filters, as on /recherche: on a phone, below them it was a screen further down. */}
      {ignored ? <Notice tone="info">{IGNORED_FILTERS}</Notice> : null}
      <Form method="get" className="filters" aria-label="Filtrer les idées">
        <FilterSelect name="subAxis" label="Sous-axe" options={subAxes} value={filters.subAxis} />
        <FilterSelect name="quartier" label="Quartier" options={QUARTIERS} value={filters.quartier} />
        <FilterSelect name="sector" label="Secteur recherché" options={SECTORS} value={filters.sector} />
        <FilterSelect name="resource" label="Ressource recherchée" options={RESOURCES} value={filters.resource} all="Toutes" />
        <FilterSelect name="stage" label="Étape" options={PUBLIC_IDEA_STAGES} value={filters.stage} all="Toutes" />
        <div className="actions">
          <button type="submit" className="button">
            Filtrer
          </button>
          {filtered ? <Link to="/idees">Effacer les filtres</Link> : null}
        </div>
      </Form>
      {/* Archived ideas are left out unless asked for: said, so that the count matches the CCAS's (a probe compared them). */}
      <p role="status">
        {`${total} idée${total > 1 ? "s" : ""} publiée${total > 1 ? "s" : ""}${filtered ? " correspondant à vos filtres" : ""}${
          filters.stage ? "" : ", hors idées archivées"
        }.`}
        {filters.stage ? null : (
          <>
            {" "}
            <Link to={listPageLink("/idees", { ...filters, stage: "archived" }, 1)}>Voir les idées archivées</Link>
          </>
        )}
      </p>
      {ideas.length === 0 && total > 0 ? (
        <PastLastPage page={filters.page} pages={pages} linkTo={pageLink} />
      ) : ideas.length === 0 ? (
        <p>{filtered ? "Aucune idée ne correspond. Essayez d'enlever un filtre." : "Aucune idée n'est encore publiée."}</p>
      ) : (
        <ul className="cards">
          {ideas.map((idea) => (
            <li key={idea.slug} className="card">
              <h2 className="card-title">
                <Link to={`/idees/${idea.slug}`}>{idea.title}</Link>
              </h2>
              <p className="small muted">
                Portée par {idea.organisation.name} · {labelOf(IDEA_STAGES, idea.stage)}
                {idea.organisation.isDemo ? " · démo" : ""}
              </p>
              <p>{idea.summary}</p>
              <p className="small">
                <strong>Où :</strong>{" "}
                {idea.wholeCity ? "toute la ville" : idea.quartiers.map((code) => labelOf(QUARTIERS, code)).join(", ")}
              </p>
              {idea.sectorsSought.length > 0 ? (
                <p className="small">
                  <strong>Cherche :</strong> {idea.sectorsSought.map((code) => labelOf(SECTORS, code)).join(", ")}
                </p>
              ) : null}
              <SubAxisTags codes={idea.subAxes} options={subAxes} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={filters.page} pages={pages} linkTo={pageLink} />
    </div>
  );
}
