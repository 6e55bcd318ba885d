import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { ScrollableTable } from "~/components/table-wrap";
import { plural } from "~/domain/format";
import { AUDIT_FAMILIES, getAuditPage, isAuditFamily } from "~/models/audit-journal.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Journal du CCAS",
    description: "Qui a fait quoi, et quand : accès, modération, décisions, appels.",
    path: "/ccas/journal",
    matches,
  });

// Read-only: the journal has no action, and nothing in the application changes an entry.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const params = new URL(request.url).searchParams;
  const familyParam = params.get("famille");
  const family = isAuditFamily(familyParam) ? familyParam : null;
  const requested = Number.parseInt(params.get("page") ?? "1", 10);
  const page = Number.isSafeInteger(requested) && requested >= 1 ? requested : 1;
  const journal = await getAuditPage(getDb(), { family, page });
  return { admin: isCcasAdmin(user), family, page, families: AUDIT_FAMILIES, ...journal };
}

export default function Journal() {
  const { admin, family, page, pages, total, entries, families } = useLoaderData<typeof loader>();
  const pageLink = (target: number) =>
    `?${new URLSearchParams({ ...(family ? { famille: family } : {}), page: String(target) })}`;
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <h1>Journal du CCAS</h1>
      <p className="lead">
        Chaque accès accordé ou retiré, chaque décision de modération ou sur un groupement et chaque publication d'appel y est
        inscrit au moment où il a lieu. Le journal ne peut être ni modifié ni effacé.
      </p>
      <Form method="get" className="inline-form">
        <label htmlFor="famille">Type d'action</label>{" "}
        <select id="famille" name="famille" defaultValue={family ?? ""}>
          <option value="">Toutes</option>
          {families.map((option) => (
            <option key={option.code} value={option.code}>
              {option.label}
            </option>
          ))}
        </select>{" "}
        <button type="submit" className="button-secondary">
          Filtrer
        </button>
      </Form>
      <p role="status">
        {total === 0
          ? "Aucune entrée."
          : page > pages
            ? `La page ${page} n'existe pas : le journal a ${plural(pages, "page")}.`
            : `${plural(total, "entrée")}, de la plus récente à la plus ancienne — page ${page} sur ${pages}.`}
      </p>
      {total > 0 && page > pages ? (
        <p>
          <Link to={pageLink(pages)}>Aller à la dernière page</Link>
        </p>
      ) : null}
      {entries.length > 0 ? (
        <ScrollableTable caption={<>Entrées du journal, page {page}</>} hiddenCaption>
          <thead>
            <tr>
              <th scope="col">Quand (heure de Paris)</th>
              <th scope="col">Qui</th>
              <th scope="col">Quoi</th>
              <th scope="col">Sur</th>
              <th scope="col">Détail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.iso}>{entry.at}</time>
                </td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>
                  {/* « Appel : Appel à coopérations… », not « Appel Appel à coopérations… ». */}
                  {entry.subject.kind}
                  {entry.subject.name === null ? null : entry.subject.href ? (
                    <>
                      {"\u00a0: "}
                      <Link to={entry.subject.href}>{entry.subject.name}</Link>
                    </>
                  ) : (
                    `\u00a0: ${entry.subject.name}`
                  )}
                </td>
                <td>{entry.detail}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      ) : null}
      {pages > 1 ? (
        <nav aria-label="Pages du journal" className="pagination">
          {page > 1 ? <Link to={pageLink(page - 1)}>Page précédente</Link> : null}{" "}
          {page < pages ? <Link to={pageLink(page + 1)}>Page suivante</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
