import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { ScrollableTable } from "~/components/table-wrap";
import { formatDay, formatDecimal } from "~/domain/format";
import { decisionLabel } from "~/domain/schemas/review";
import { getComparison, getReviewCalls } from "~/models/review.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Comparaison des dossiers déposés",
    description: "Les dossiers déposés de l'appel côte à côte : moyenne des relecteurs par critère, total et décision.",
    path: "/ccas/groupements/comparaison",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  const calls = await getReviewCalls(db);
  const slug = new URL(request.url).searchParams.get("appel");
  const call = calls.find((item) => item.slug === slug) ?? calls[0];
  if (!call) throw new Response("Aucun appel n'est publié", { status: 404 });
  const { criteria, rows } = await getComparison(db, call.id);
  const score = (value: number | null) => (value === null ? "—" : formatDecimal(value));
  return {
    admin: isCcasAdmin(user),
    call: { slug: call.slug, title: call.title },
    query: calls.length > 1 ? `?appel=${encodeURIComponent(call.slug)}` : "",
    criteria: criteria.map((criterion) => ({ code: criterion.code, label: criterion.label, maxScore: criterion.maxScore })),
    maxTotal: criteria.reduce((sum, criterion) => sum + criterion.maxScore, 0),
    rows: rows.map((row) => ({
      id: row.id,
      title: row.title,
      leadName: row.leadName,
      submittedOn: formatDay(row.submittedAt),
      averages: row.perCriterion.map((item) => score(item.average)),
      total: score(row.total),
      reviewers: row.reviewers,
      decision: row.decision ? decisionLabel(row.decision) : "—",
    })),
  };
}

export default function Comparison() {
  const { admin, call, query, criteria, maxTotal, rows } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <p className="small">
        <Link to={`/ccas/groupements${query}`}>Groupements de l'appel</Link> › Comparaison
      </p>
      <h1>Comparaison des dossiers déposés</h1>
      <p className="lead">{call.title}</p>
      <p>
        Pour chaque critère, la moyenne des notes des relecteurs ; le total additionne ces moyennes. Les dossiers au meilleur
        total d'abord. Les décisions restent internes jusqu'à la publication des résultats.
      </p>
      <p className="actions">
        <a href={`/ccas/groupements/comparaison.csv${query}`} className="button-secondary" download>
          Télécharger le tableau (CSV pour Excel)
        </a>
      </p>
      {rows.length === 0 ? (
        <p>Aucun dossier déposé pour cet appel.</p>
      ) : (
        <ScrollableTable caption="Dossiers déposés, moyenne des notes par critère" hiddenCaption>
          <thead>
            <tr>
              <th scope="col">Groupement</th>
              <th scope="col">Déposé le</th>
              {criteria.map((criterion) => (
                <th scope="col" key={criterion.code} className="num">
                  {criterion.label} (sur {criterion.maxScore})
                </th>
              ))}
              <th scope="col" className="num">
                Total (sur {maxTotal})
              </th>
              <th scope="col" className="num">
                Relecteurs ayant noté
              </th>
              <th scope="col">Décision</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  <Link to={`/ccas/groupements/${row.id}`}>{row.title}</Link>
                  <br />
                  <span className="small">{row.leadName}</span>
                </th>
                <td>{row.submittedOn}</td>
                {row.averages.map((average, index) => (
                  <td key={criteria[index]!.code} className="num">
                    {average}
                  </td>
                ))}
                <td className="num">{row.total}</td>
                <td className="num">{row.reviewers}</td>
                <td>{row.decision}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
    </div>
  );
}
