// « Idées qui vous cherchent »: the public ideas of others to which this organisation would be
// suggested as a partner, with the reasons, best first (10 at most). Its members only.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ofName } from "~/domain/format";
import { reasonBadges, reasonsInOrder } from "~/domain/recommendation-display";
import { getIdeasSeeking, SUGGESTION_LIMIT } from "~/models/recommendation.server";
import { requireMembership } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Idées qui vous cherchent",
    description: "Les idées de projets auxquelles votre structure apporterait ce qui leur manque.",
    path: `/espace/organisations/${params.id ?? ""}/idees-qui-vous-cherchent`,
    matches,
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisationId = params.id ?? "";
  await requireMembership(request, organisationId);
  const db = getDb();
  const [organisation, seeking] = await Promise.all([
    db.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { id: true, name: true } }),
    getIdeasSeeking(db, organisationId),
  ]);
  return {
    organisation,
    limit: SUGGESTION_LIMIT,
    published: seeking !== null,
    // The reasons as badges only: their sentences speak to the project (« comme votre projet »).
    ideas: (seeking?.ideas ?? []).map(({ idea, reasons, memberSectors, invited }) => ({
      ...idea,
      badges: reasonBadges(reasonsInOrder(reasons), { sector: seeking!.sector }, memberSectors),
      invited,
    })),
  };
}

export default function IdeasSeekingYou() {
  const { organisation, limit, published, ideas } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisation.id}`}>{organisation.name}</Link> ›
        Idées qui vous cherchent
      </p>
      <h1>Idées qui vous cherchent</h1>
      <p className="lead">
        Les idées de projets publiées auxquelles {organisation.name} apporterait ce qui leur manque — un secteur, une ressource,
        un quartier, un sous-axe — les plus pertinentes d'abord ({limit} au plus).
      </p>
      {!published ? (
        <p>Une fois la fiche {ofName(organisation.name)} publiée, les idées qui la cherchent apparaîtront ici.</p>
      ) : ideas.length === 0 ? (
        <p>
          Aucune idée publiée ne cherche ce que votre structure apporte pour l'instant. Parcourez les{" "}
          <Link to="/idees">idées de projets</Link> ou complétez votre fiche (quartiers, sous-axes, ressources proposées).
        </p>
      ) : (
        <ol className="cards" aria-label="Idées qui vous cherchent, les plus pertinentes d'abord">
          {ideas.map((idea) => (
            <li key={idea.id} className="card suggestion">
              <h2 className="card-title">
                <Link to={`/idees/${idea.slug}`}>{idea.title}</Link>
              </h2>
              <p className="small muted">Portée par {idea.organisationName}</p>
              <p id={`apport-${idea.id}`}>Ce que vous lui apporteriez :</p>
              <ul className="tags" aria-labelledby={`apport-${idea.id}`}>
                {idea.badges.map((badge) => (
                  <li key={badge} className="badge">
                    {badge}
                  </li>
                ))}
              </ul>
              {idea.invited ? <p className="small">Ce projet vous a invités à manifester votre intérêt.</p> : null}
              <p>
                <Link to={`/idees/${idea.slug}#rejoindre`} className="touch-target">
                  Proposer de participer<span className="visually-hidden"> à « {idea.title} »</span>
                </Link>
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
