import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CallLaureates, CallStatusBanner } from "~/components/call-status";
import { OrganisationCard } from "~/components/organisation-card";
import { describeEventDate, describeStatus, isPast } from "~/domain/calendar";
import { isOpenOrComing } from "~/domain/call-status";
import { formatDateTime, formatDay, formatEuros } from "~/domain/format";
import { SECTORS } from "~/domain/taxonomy";
import { getCallLaureates, getCurrentCall, getLastClosedCall } from "~/models/call.server";
import { getPublishedOrganisationListItems } from "~/models/organisation.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export async function loader() {
  const db = getDb();
  const now = new Date();
  const [call, previous, organisations] = await Promise.all([
    getCurrentCall(db, now),
    getLastClosedCall(db, now),
    getPublishedOrganisationListItems(db, { take: 6 }),
  ]);
  if (!call) return { call: null, previous: null, organisations };
  // The current call is open or coming, or, between calls, the last closed one; its laureates
  // once its results are out. The call closed before an open or coming one is shown below it.
  const [laureates, previousLaureates] = await Promise.all([
    call.status === "resultats" ? getCallLaureates(db, call.id, now) : [],
    previous?.status === "resultats" ? getCallLaureates(db, previous.id, now) : [],
  ]);
  return {
    organisations,
    call: {
      ...call,
      statusText: describeStatus(call.status, call),
      deadlineText: formatDateTime(call.deadline),
      latestStartText: formatDay(call.latestStart),
      laureates,
      events: call.events.map((event) => ({
        title: event.title,
        kind: event.kind,
        when: describeEventDate(event),
        past: isPast(event, now),
      })),
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

export default function Home() {
  const { call, previous, organisations } = useLoaderData<typeof loader>();
  if (!call) {
    return (
      <div className="container page">
        <h1>Aucun appel publié pour l'instant</h1>
        <p className="lead">Le CCAS n'a pas encore publié d'appel à coopérations sur ce site. Revenez bientôt.</p>
      </div>
    );
  }
  return (
    <>
      <section className="hero">
        <div className="container">
          <p className="eyebrow">{call.organiser}</p>
          <h1>{call.title}</h1>
          <p className="lead">{call.summary}</p>
          <CallStatusBanner status={call.status} text={call.statusText} />
          {isOpenOrComing(call.status) ? (
            <p className="small">
              Date limite de dépôt des dossiers : <strong>{call.deadlineText}</strong> (heure de Paris).
            </p>
          ) : null}
          <ul className="figures" aria-label="L'appel en chiffres">
            <li>
              <span className="figure-value">{formatEuros(call.yearlyEnvelope)}</span> par an, à répartir entre les lauréats
            </li>
            <li>
              <span className="figure-value">
                {call.minLaureates} à {call.maxLaureates}
              </span>{" "}
              projets soutenus
            </li>
            <li>
              <span className="figure-value">{call.durationMonths} mois</span> de projet, financés {call.fundingYears} ans
            </li>
            <li>
              <span className="figure-value">{call.latestStartText}</span> au plus tard pour démarrer
            </li>
          </ul>
        </div>
      </section>

      <div className="container page">
        {call.status === "resultats" ? (
          <section aria-labelledby="projets-retenus">
            <h2 id="projets-retenus">Les projets retenus</h2>
            <CallLaureates laureates={call.laureates} headingId="projets-retenus" level={3} />
          </section>
        ) : null}

        {previous ? (
          <section aria-labelledby="appel-precedent">
            <h2 id="appel-precedent">L'appel précédent : {previous.title}</h2>
            <CallStatusBanner status={previous.status} text={previous.statusText} />
            {previous.status === "resultats" ? (
              <>
                <h3 id="appel-precedent-retenus">Les projets retenus</h3>
                <CallLaureates laureates={previous.laureates} headingId="appel-precedent-retenus" level={4} />
              </>
            ) : null}
          </section>
        ) : null}

        <section aria-labelledby="pour-qui">
          <h2 id="pour-qui">Pour qui ?</h2>
          <p>{call.audience}</p>
          <ul className="tags" aria-label="Secteurs du groupement">
            {SECTORS.map((sector) => (
              <li key={sector.code} className="badge">
                {sector.label}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="axes">
          <h2 id="axes">Les deux axes</h2>
          <p>Un projet répond à au moins un sous-axe de l'un des deux axes.</p>
          <ul className="cards">
            {call.axes.map((axis) => (
              <li key={axis.code}>
                <Link to={`/axes/${axis.code}`} className="card card-link" prefetch="intent">
                  <h3>
                    Axe {axis.code} — {axis.title}
                  </h3>
                  <p>{axis.summary}</p>
                  <ul className="small">
                    {axis.subAxes.map((subAxis) => (
                      <li key={subAxis.code}>
                        <span className="code">{subAxis.code}</span>
                        {subAxis.title}
                      </li>
                    ))}
                  </ul>
                </Link>
              </li>
            ))}
          </ul>
        </section>

        <div className="two-cols">
          <section aria-labelledby="calendrier">
            <h2 id="calendrier">Calendrier</h2>
            <ol className="timeline">
              {call.events.map((event) => (
                <li key={`${event.kind}-${event.when}`} className={event.past ? "past" : undefined}>
                  <span className="when">{event.when}</span>
                  {event.title}
                  {event.past ? <span className="visually-hidden"> (passé)</span> : null}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="prerequis">
            <h2 id="prerequis">Les conditions à remplir</h2>
            <ul>
              {call.prerequisites.map((item) => (
                <li key={item.text}>{item.text}</li>
              ))}
            </ul>
            <p className="small muted">{call.fundingNote}</p>
          </section>
        </div>

        <section aria-labelledby="depenses">
          <h2 id="depenses">Les dépenses financées</h2>
          <ul className="cards">
            {call.expenseCategories.map((category) => (
              <li key={category.code} className="card">
                <h3>{category.label}</h3>
                <p>{category.description}</p>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="pieces">
          <h2 id="pieces">Les pièces du dossier</h2>
          <ul>
            {call.documents.map((document) => (
              <li key={document.label}>
                <strong>{document.label}</strong>
                {document.perMember ? " (pour chaque structure)" : ""} : {document.description}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="faq">
          <h2 id="faq">Questions fréquentes</h2>
          {call.faqs.map((faq) => (
            <details key={faq.question}>
              <summary>{faq.question}</summary>
              <p>{faq.answer}</p>
            </details>
          ))}
        </section>

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
                  <OrganisationCard key={organisation.slug} organisation={organisation} />
                ))}
              </ul>
            </>
          )}
          <p>
            <Link to="/quartiers">Voir les quartiers de Nantes et la présence des structures</Link>
          </p>
        </section>
      </div>
    </>
  );
}
