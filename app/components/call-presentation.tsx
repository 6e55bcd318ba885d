// A call as the public sees it: the hero (title, introduction, figures) and its sections (who may
// apply, axes, calendar, conditions, expenses, documents, FAQ). The home page shows it with the
// call's status and links to the axes' pages; the CCAS's preview of a draft shows the axes in full
// (their pages would show the current call, not the draft). Data: app/domain/call-presentation.ts.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { axesHeading, type CallPresentationData } from "~/domain/call-presentation";
import { formatEuros } from "~/domain/format";
import { SECTORS } from "~/domain/taxonomy";

export function CallPresentation({
  call,
  status,
  notice,
  showDeadline,
  axisLinks,
  children,
  after,
}: {
  call: CallPresentationData;
  /** Under the introduction: where the call stands (the home page's banner). */
  status?: ReactNode;
  /** Whether the hero repeats the deadline (not for a closed call, which says it in its status). */
  showDeadline: boolean;
  /** The axes as cards linking to their pages; else in full, sub-axes and actions included. */
  axisLinks: boolean;
  /** Sections before the call's own (the home page's laureates and previous call). */
  children?: ReactNode;
  /** Sections after them. */
  after?: ReactNode;
  /** A confirmation at the top (logged out, account deleted). */
  notice?: ReactNode;
}) {
  const axes = axesHeading(call.axes.length);
  return (
    <>
      <section className="hero">
        <div className="container">
          {notice}
          <p className="eyebrow">{call.organiser}</p>
          <h1>{call.title}</h1>
          <p className="lead">{call.summary}</p>
          {status}
          {showDeadline ? (
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
        {children}

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
          <h2 id="axes">{axes.heading}</h2>
          <p>Un projet répond à au moins un sous-axe {axes.among}.</p>
          {axisLinks ? (
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
          ) : (
            call.axes.map((axis) => (
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
            ))
          )}
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
                {document.perMember ? " (pour chaque structure)" : ""}
                {document.description ? ` : ${document.description}` : ""}
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

        {after}
      </div>
    </>
  );
}
