// The CCAS's own pages, shown at the top of each: every page of /ccas renders it. Pages only an
// administrator can use are listed for administrators only. On a phone the eleven links would fill
// the first screen: they sit behind a native disclosure (« Menu de l'espace CCAS », which opens
// without JavaScript and names the current page); from 40rem they are shown as a list.
import { NavLink, useLocation } from "@remix-run/react";

const PAGES = [
  { to: "/ccas", label: "Tableau de bord", end: true, adminOnly: false },
  { to: "/ccas/appels", label: "Appels", end: false, adminOnly: false },
  { to: "/ccas/groupements", label: "Groupements de l'appel", end: false, adminOnly: false },
  { to: "/ccas/moderation", label: "Modération", end: false, adminOnly: false },
  { to: "/ccas/exports", label: "Exports", end: false, adminOnly: false },
  { to: "/ccas/population", label: "Population", end: false, adminOnly: false },
  { to: "/ccas/points", label: "Points à vérifier", end: false, adminOnly: false },
  { to: "/ccas/registres", label: "Registres", end: false, adminOnly: false },
  { to: "/ccas/equipe", label: "Équipe", end: false, adminOnly: true },
  { to: "/ccas/structures-sans-administrateur", label: "Sans administrateur", end: false, adminOnly: true },
  { to: "/ccas/journal", label: "Journal", end: false, adminOnly: false },
] as const;

type Page = (typeof PAGES)[number];

/** The page a path belongs to, as NavLink marks it: the exact path, or below it unless `end`. */
const isCurrent = (page: Page, pathname: string) => pathname === page.to || (!page.end && pathname.startsWith(`${page.to}/`));

function Links({ pages }: { pages: readonly Page[] }) {
  return (
    <ul className="ccas-nav-list">
      {pages.map((page) => (
        <li key={page.to}>
          <NavLink to={page.to} end={page.end} prefetch="intent">
            {page.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

export function CcasNav({ admin }: { admin: boolean }) {
  const { pathname } = useLocation();
  const pages = PAGES.filter((page) => admin || !page.adminOnly);
  const current = pages.find((page) => isCurrent(page, pathname));
  return (
    <nav aria-label="Espace CCAS" className="ccas-nav">
      {/* Keyed by page: closed again on the page one of its links opens. */}
      <details className="ccas-menu" key={pathname}>
        <summary>
          Menu de l'espace CCAS
          {current ? <span className="ccas-menu-current"> : {current.label}</span> : null}
        </summary>
        <Links pages={pages} />
      </details>
      <div className="ccas-nav-wide">
        <Links pages={pages} />
      </div>
    </nav>
  );
}
