// What the public pages of a call will show once it is published, for the CCAS only: the home
// page's presentation of the call and the pages of its axes, under a banner that says it is not
// public. The public never reaches a draft (the public lookups skip drafts).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { describeEventDate } from "~/domain/calendar";
import { formatDateTime, formatDay, formatEuros } from "~/domain/format";
import { SECTORS } from "~/domain/taxonomy";
import { getCallForEdition } from "~/models/call-edition.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta({
    title: data ? `Aperçu : ${data.call.shortTitle}` : "Aperçu",
    description: "Aperçu des pages publiques d'un appel.",
    path: data ? `/ccas/appels/${data.call.slug}/apercu` : "/ccas/appels",
    matches,
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const call = await getCallForEdition(getDb(), params.slug ?? "");
  if (!call) throw new Response("Appel introuvable", { status: 404 });
  return {
    admin: isCcasAdmin(user),
    call: {
      slug: call.slug,
      draft: call.draft,
      title: call.title,
      shortTitle: call.shortTitle,
      summary: call.summary,
      organiser: call.organiser,
      audience: call.audience,
      deadlineText: formatDateTime(call.deadline),
      yearlyEnvelope: call.yearlyEnvelope,
      minLaureates: call.minLaureates,
      maxLaureates: call.maxLaureates,
      durationMonths: call.durationMonths,
      fundingYears: call.fundingYears,
      latestStartText: formatDay(call.latestStart),
      fundingNote: call.fundingNote,
      axes: call.axes.map((axis) => ({
        code: axis.code,
        title: axis.title,
        summary: axis.summary,
        subAxes: axis.subAxes.map((subAxis) => ({
          code: subAxis.code,
          title: subAxis.title,
          summary: subAxis.summary,
          actions: subAxis.actions.map((action) => action.text),
        })),
      })),
      events: call.events.map((event) => ({ kind: event.kind, title: event.title, when: describeEventDate(event) })),
      prerequisites: call.prerequisites.map((item) => item.text),
      expenseCategories: call.expenseCategories,
      documents: call.documents,
      faqs: call.faqs,
    },
  };
}

export default function CallPreview() {
  const { admin, call } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="container page">
        <CcasNav admin={admin} />
        <div className="notice notice-warning" role="status">
          <strong>{call.draft ? "Aperçu — cet appel n'est pas publié." : "Aperçu de cet appel."}</strong>{" "}
          {call.draft ? "Seule l'équipe du CCAS voit ces pages. " : null}
          <Link to={`/ccas/appels/${call.slug}`}>Revenir à la modification de l'appel</Link>
        </div>
      </div>
      <section className="hero">
        <div className="container">
          <p className="eyebrow">{call.organiser}</p>
          <h1>{call.title}</h1>
          <p className="lead">{call.summary}</p>
          <p className="small">
            Date limite de dépôt des dossiers : <strong>{call.deadlineText}</strong> (heure de Paris).
          </p>
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
          <h2 id="axes">Les axes</h2>
          <p>Un projet répond à au moins un sous-axe de l'un des axes.</p>
          {call.axes.map((axis) => (
            <section key={axis.code} aria-labelledby={`axe-${axis.code}`} className="stack">
              <h3 id={`axe-${axis.code}`}>
                Axe {axis.code} — {axis.title}
              </h3>
              <p>{axis.summary}</p>
              {axis.subAxes.map((subAxis) => (
                <section key={subAxis.code} className="card" aria-labelledby={`sous-axe-${subAxis.code}`}>
                  <h4 id={`sous-axe-${subAxis.code}`}>
                    <span className="code">{subAxis.code}</span>
                    {subAxis.title}
                  </h4>
                  <p>{subAxis.summary}</p>
                  {subAxis.actions.length > 0 ? (
                    <>
                      <p className="small muted">Pistes d'action proposées par l'appel :</p>
                      <ul>
                        {subAxis.actions.map((action) => (
                          <li key={action}>{action}</li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </section>
              ))}
            </section>
          ))}
        </section>

        <div className="two-cols">
          <section aria-labelledby="calendrier">
            <h2 id="calendrier">Calendrier</h2>
            <ol className="timeline">
              {call.events.map((event) => (
                <li key={`${event.kind}-${event.when}`}>
                  <span className="when">{event.when}</span>
                  {event.title}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="prerequis">
            <h2 id="prerequis">Les conditions à remplir</h2>
            <ul>
              {call.prerequisites.map((text) => (
                <li key={text}>{text}</li>
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
                {document.perMember ? " (une par membre)" : null} — {document.description}
              </li>
            ))}
          </ul>
        </section>

        {call.faqs.length > 0 ? (
          <section aria-labelledby="faq">
            <h2 id="faq">Questions fréquentes</h2>
            {call.faqs.map((faq) => (
              <details key={faq.question}>
                <summary>{faq.question}</summary>
                <p>{faq.answer}</p>
              </details>
            ))}
          </section>
        ) : null}
      </div>
    </>
  );
}
