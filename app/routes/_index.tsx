import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Notice } from "~/components/forms";
import { CallPresentation } from "~/components/call-presentation";
import { CallLaureates, CallStatusBanner } from "~/components/call-status";
import { OrganisationCard } from "~/components/organisation-card";
import { describeStatus } from "~/domain/calendar";
import { subAxisOptions } from "~/domain/call";
import { presentCall } from "~/domain/call-presentation";
import { isOpenOrComing } from "~/domain/call-status";
import { getCurrentCall, getHomeLaureates, getLastClosedCall } from "~/models/call.server";
import { getNewestOrganisationListItems } from "~/models/organisation.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export async function loader() {
  const db = getDb();
  const now = new Date();
  // The current call is open or coming, or, between calls, the last closed one; its laureates
  // once it is closed. The call closed before an open or coming one is shown below it. All from
  // one read of the calls' times, shared as they start together.
  const [call, previous, organisations, { current: laureates, previous: previousLaureates }] = await Promise.all([
    getCurrentCall(db, now),
    getLastClosedCall(db, now),
    getNewestOrganisationListItems(db),
    getHomeLaureates(db, now),
  ]);
  if (!call) return { call: null, previous: null, organisations, subAxes: [] };
  return {
    organisations,
    subAxes: subAxisOptions(call.axes),
    call: {
      ...presentCall(call, now),
      status: call.status,
      statusText: describeStatus(call.status, call),
      laureates,
    },
    previous:
      previous && isOpenOrComing(call.status)
        ? {
            slug: previous.slug,
            title: previous.title,
            status: previous.status,
            statusText: describeStatus(previous.status, previous),
            laureates: previousLaureates,
          }
        : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta({
    title: data?.call?.shortTitle ?? "Coopérons",
    description:
      data?.call?.summary ?? "Trouver des partenaires et monter un groupement pour l'appel à coopérations du CCAS de Nantes.",
    path: "/",
    matches,
  });

/** What brought the person here after leaving: a log-out, their account deleted. */
function LeavingNotice() {
  const [searchParams] = useSearchParams();
  if (searchParams.get("deconnexion") === "ok") return <Notice>Déconnexion effectuée. À bientôt sur Coopérons.</Notice>;
  if (searchParams.get("compte") === "supprime") return <Notice>Votre compte a été supprimé.</Notice>;
  return null;
}

export default function Home() {
  const { call, previous, organisations, subAxes } = useLoaderData<typeof loader>();
  if (!call) {
    return (
      <div className="container page">
        <LeavingNotice />
        <h1>Aucun appel publié pour l'instant</h1>
        <p className="lead">Le CCAS n'a pas encore publié d'appel à coopérations sur ce site. Revenez bientôt.</p>
      </div>
    );
  }
  return (
    <CallPresentation
      call={call}
      notice={<LeavingNotice />}
      status={<CallStatusBanner status={call.status} text={call.statusText} />}
      showDeadline={isOpenOrComing(call.status)}
      axisLinks
      after={
        <section aria-labelledby="structures">
          <h2 id="structures">Des structures qui cherchent des partenaires</h2>
          {organisations.length === 0 ? (
            <p>Aucune structure n'est encore publiée.</p>
          ) : (
            <>
              {organisations.some((organisation) => organisation.isDemo) ? (
                <p className="small muted">
                  Les structures marquées « démo » sont fictives : elles illustrent le fonctionnement du site.
                </p>
              ) : null}
              <ul className="cards">
                {organisations.map((organisation) => (
                  <OrganisationCard key={organisation.slug} organisation={organisation} subAxes={subAxes} />
                ))}
              </ul>
            </>
          )}
          <p>
            <Link to="/quartiers">Voir les quartiers de Nantes et la présence des structures</Link>
          </p>
        </section>
      }
    >
      {call.status === "resultats" || call.laureates.length > 0 ? (
        <section aria-labelledby="projets-retenus">
          <h2 id="projets-retenus">Les projets retenus</h2>
          <CallLaureates laureates={call.laureates} headingId="projets-retenus" level={3} />
        </section>
      ) : null}

      {previous ? (
        <section aria-labelledby="appel-precedent">
          <h2 id="appel-precedent">L'appel précédent : {previous.title}</h2>
          <CallStatusBanner status={previous.status} text={previous.statusText} />
          {previous.status === "resultats" || previous.laureates.length > 0 ? (
            <>
              <h3 id="appel-precedent-retenus">Les projets retenus</h3>
              <CallLaureates laureates={previous.laureates} headingId="appel-precedent-retenus" level={4} />
            </>
          ) : null}
        </section>
      ) : null}
    </CallPresentation>
  );
}
