// The CCAS's own pages, shown at the top of each: every page of /ccas renders it. Pages only an
// administrator can use are listed for administrators only.
import { NavLink } from "@remix-run/react";

const PAGES = [
  { to: "/ccas", label: "Tableau de bord", end: true, adminOnly: false },
  { to: "/ccas/appels", label: "Appels", end: false, adminOnly: false },
  { to: "/ccas/groupements", label: "Groupements déposés", end: false, adminOnly: false },
  { to: "/ccas/moderation", label: "Modération", end: false, adminOnly: false },
  { to: "/ccas/exports", label: "Exports", end: false, adminOnly: false },
  { to: "/ccas/population", label: "Population", end: false, adminOnly: false },
  { to: "/ccas/points", label: "Points à vérifier", end: false, adminOnly: false },
  { to: "/ccas/equipe", label: "Équipe", end: false, adminOnly: true },
  { to: "/ccas/journal", label: "Journal", end: false, adminOnly: false },
] as const;

export function CcasNav({ admin }: { admin: boolean }) {
  return (
    <nav aria-label="Espace CCAS" className="ccas-nav">
      <ul className="ccas-nav-list">
        {PAGES.filter((page) => admin || !page.adminOnly).map((page) => (
          <li key={page.to}>
            <NavLink to={page.to} end={page.end} prefetch="intent">
              {page.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
