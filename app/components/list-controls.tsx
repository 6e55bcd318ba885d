import { Link } from "@remix-run/react";
import { Options } from "~/components/options";
import { activeFilters } from "~/domain/schemas/list-filters";
import { plural } from "~/domain/format";

/** A filter of a public list: a select whose empty choice means "all". */
export function FilterSelect({
  name,
  label,
  options,
  value,
  all = "Tous",
}: {
  name: string;
  label: string;
  options: readonly { code: string; label: string }[];
  value?: string;
  /** The empty choice, agreed with the label: « Toutes » for an « Étape », a « Ressource ». */
  all?: "Tous" | "Toutes";
}) {
  return (
    <div className="field">
      <label htmlFor={`filtre-${name}`}>{label}</label>
      <select id={`filtre-${name}`} name={name} defaultValue={value ?? ""}>
        <Options empty={all} options={options} />
      </select>
    </div>
  );
}

/** Previous / next links that keep the list's filters. */
export function Pagination({ page, pages, linkTo }: { page: number; pages: number; linkTo: (page: number) => string }) {
  // Past the last page, PastLastPage says so and links back: no « Page 50 sur 2 ».
  if (pages <= 1 || page > pages) return null;
  return (
    <nav aria-label="Pagination" className="actions">
      {page > 1 ? <Link to={linkTo(page - 1)}>Page précédente</Link> : null}
      <span>
        Page {page} sur {pages}
      </span>
      {page < pages ? <Link to={linkTo(page + 1)}>Page suivante</Link> : null}
    </nav>
  );
}

/**
 * A page number past the list's end (an old link, a typed address): the list is not empty, this
 * page of it is. Said as such, with the way back, rather than « aucune… n'est publiée ».
 */
export function PastLastPage({ page, pages, linkTo }: { page: number; pages: number; linkTo: (page: number) => string }) {
  return (
    <p>
      {`La page ${page} n'existe pas : cette liste compte ${plural(pages, "page")}. `}
      <Link to={linkTo(pages)}>{pages > 1 ? "Aller à la dernière page" : "Revenir à la première page"}</Link>
    </p>
  );
}

/** The address of a page of a filtered list: the filters that are set, and the page. */
export function listPageLink(base: string, filters: Record<string, string | number | undefined>, page: number): string {
  const search = new URLSearchParams(activeFilters(filters));
  search.set("page", String(page));
  return `${base}?${search.toString()}`;
}
