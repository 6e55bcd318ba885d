import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OrganisationCard } from "~/components/organisation-card";
import { subAxisOptions } from "~/domain/call";
import { getAxis, getCurrentCall } from "~/models/call.server";
import { getPublishedOrganisationsForSubAxes } from "~/models/organisation.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb();
  const call = await getCurrentCall(db);
  const axis = call && params.code ? await getAxis(db, call.id, params.code) : null;
  if (!call || !axis) throw new Response("Axe introuvable", { status: 404 });
  const organisations = await getPublishedOrganisationsForSubAxes(
    db,
    axis.subAxes.map((subAxis) => subAxis.id),
  );
  return {
    call: { shortTitle: call.shortTitle },
    otherAxes: call.axes.filter((other) => other.code !== axis.code).map(({ code, title }) => ({ code, title })),
    axis: { ...axis, subAxes: axis.subAxes.map(({ id: _id, ...subAxis }) => subAxis) },
    organisations,
    subAxes: subAxisOptions(call.axes),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, params }) =>
  pageMeta({
    title: data ? `Axe ${data.axis.code} — ${data.axis.title}` : "Axe introuvable",
    description: data?.axis.summary ?? "Cet axe n'existe pas dans l'appel en cours.",
    path: `/axes/${params.code ?? ""}`,
    matches,
  });

export default function AxisPage() {
  const { axis, organisations, otherAxes, call, subAxes } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <nav aria-label="Fil d'Ariane" className="small">
        <Link to="/">{call.shortTitle}</Link> › Axe {axis.code}
      </nav>
      <h1>
        Axe {axis.code} — {axis.title}
      </h1>
      <p className="lead">{axis.summary}</p>

      <h2>Les sous-axes</h2>
      {axis.subAxes.map((subAxis) => (
        <section
          key={subAxis.code}
          className="card"
          aria-labelledby={`sous-axe-${subAxis.code}`}
          style={{ marginBottom: "1rem" }}
        >
          <h3 id={`sous-axe-${subAxis.code}`}>
            <span className="code">{subAxis.code}</span>
            {subAxis.title}
          </h3>
          <p>{subAxis.summary}</p>
          {subAxis.actions.length > 0 ? (
            <>
              <p className="small muted">Pistes d'action proposées par l'appel :</p>
              <ul>
                {subAxis.actions.map((action) => (
                  <li key={action.text}>{action.text}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}

      <h2>Structures intéressées par cet axe</h2>
      {organisations.length === 0 ? (
        <p>Aucune structure publiée ne s'est encore positionnée sur cet axe.</p>
      ) : (
        <ul className="cards">
          {organisations.map((organisation) => (
            <OrganisationCard key={organisation.slug} organisation={organisation} subAxes={subAxes} />
          ))}
        </ul>
      )}

      {otherAxes.map((other) => (
        <p key={other.code}>
          <Link to={`/axes/${other.code}`}>
            Voir l'axe {other.code} — {other.title}
          </Link>
        </p>
      ))}
    </div>
  );
}
