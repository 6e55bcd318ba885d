import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { Notice } from "~/components/forms";
import { WeekChart } from "~/components/week-chart";
import { COVERAGE_FORMULA } from "~/domain/coverage";
import { formatDuration, formatShare } from "~/domain/dashboard";
import { formatDateTime, formatDecimal, formatNumber } from "~/domain/format";
import { getDashboard, type CountRow } from "~/models/dashboard.server";
import { FIGURES_MAX_AGE_MS } from "~/models/figures-cache.server";
import { chooseReviewCall } from "~/models/review.server";
import dashboardStyles from "~/styles/dashboard.css";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { ScrollableTable } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Tableau de bord du CCAS",
    description: "Les chiffres de l'appel en cours : structures, offres, idées, intérêts, groupements.",
    path: "/ccas",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const now = new Date();
  // The call chosen (`?appel=`), else the one under review, else the current one (as /ccas/groupements).
  const { calls, call: chosen, unknownCall } = await chooseReviewCall(getDb(), request, now);
  const dashboard = await getDashboard(getDb(), now, chosen?.id);
  return {
    // Named with their year: the 2025 call's title has none.
    calls: calls.map((call) => ({ slug: call.slug, title: `${call.title} (${call.year})` })),
    chosenSlug: chosen?.slug ?? null,
    unknownCall,
    admin: isCcasAdmin(user),
    asOf: formatDateTime(now),
    keptMinutes: FIGURES_MAX_AGE_MS / 60_000,
    ...dashboard,
    medianAnswer: dashboard.interests?.medianAnswerMs == null ? null : formatDuration(dashboard.interests.medianAnswerMs),
  };
}

/** The words under each figure: what it counts, in one sentence. */
const DEFINITIONS = {
  organisations:
    "Structures dont la fiche est publiée aujourd'hui dans l'annuaire (validée par le CCAS et non dépubliée), tous appels confondus.",
  bySector: "Chaque structure compte une fois, dans le secteur qu'elle a déclaré.",
  byQuartier:
    "Une structure compte dans chaque quartier où elle déclare agir ; celles qui agissent sur toute la ville ne comptent dans aucun quartier mais à part, comme sur la carte.",
  offers:
    "Offres de ressources publiées et encore valables aujourd'hui (sans date de fin, ou date de fin pas encore passée), de structures publiées ; chacune propose une seule ressource.",
  ideas:
    "Idées de projets publiées pour cet appel, de structures publiées ; une idée qui vise deux sous-axes compte dans chacun.",
  interestsSent:
    "Propositions « Nous en sommes » envoyées par une structure à une idée de cet appel, quelle que soit la réponse.",
  interestsAccepted: "Propositions acceptées par la structure qui porte l'idée (la part est celle des propositions envoyées).",
  medianAnswer:
    "La moitié des propositions qui ont reçu une réponse (acceptée ou déclinée) l'ont reçue en moins de ce délai, compté de l'envoi à la réponse ; celles qui attendent encore n'y entrent pas.",
  draft: "Groupements de cet appel pas encore déposés qui ne respectent pas encore toutes les règles de l'appel.",
  eligible:
    "Groupements pas encore déposés qui respectent toutes les règles de l'appel (aucune règle bloquante ni à compléter), comme le dit le panneau de leur espace.",
  filed: "Groupements dont la structure chef de file a indiqué que le dossier est déposé auprès du CCAS.",
  filedBySubAxis: "Un groupement déposé qui vise deux sous-axes compte dans chacun.",
  filedByQuartier:
    "Un groupement déposé compte dans chaque quartier qu'il vise ; ceux qui agissent sur toute la ville sont comptés à part.",
  weakest: `Les trois quartiers habités les moins couverts, comme sur la carte. ${COVERAGE_FORMULA}`,
  kept: (minutes: number) =>
    `Les comptes des structures, des offres et des idées, et la couverture des quartiers, sont gardés un court moment : ils sont recalculés dès qu'une structure, une offre ou une idée change, et une modification faite autrement (un quartier ajouté par un import, par exemple) y paraît au plus tard ${minutes === 1 ? "une minute" : `${minutes} minutes`} après.`,
  weeks:
    "Semaines du lundi au dimanche (heure de Paris), la semaine en cours en dernier : structures, offres et idées comptées à la semaine de leur première publication (celles qui comptent aujourd'hui dans les totaux ci-dessus), propositions à leur envoi, groupements à leur dépôt.",
} as const;

function Figure({ label, value, definition, extra }: { label: string; value: string; definition: string; extra?: string }) {
  return (
    <div className="dashboard-figure">
      <dt>{label}</dt>
      <dd className="dashboard-value">
        {value}
        {extra ? <span className="dashboard-extra"> {extra}</span> : null}
      </dd>
      <dd className="dashboard-definition">{definition}</dd>
    </div>
  );
}

type FigureProps = Parameters<typeof Figure>[0];

function Figures({ figures }: { figures: FigureProps[] }) {
  return (
    <dl className="dashboard-figures">
      {figures.map((figure) => (
        <Figure key={figure.label} {...figure} />
      ))}
    </dl>
  );
}

function CountTable({
  caption,
  head,
  rows,
  extraRow,
}: {
  caption: string;
  head: string;
  rows: CountRow[];
  extraRow?: { label: string; count: number };
}) {
  return (
    <ScrollableTable caption={<>{caption}</>} className="dashboard-table">
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">
            Nombre
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.code}>
            <th scope="row">{row.label}</th>
            <td className="num">{formatNumber(row.count)}</td>
          </tr>
        ))}
      </tbody>
      {extraRow ? (
        <tfoot>
          <tr>
            <th scope="row">{extraRow.label}</th>
            <td className="num">{formatNumber(extraRow.count)}</td>
          </tr>
        </tfoot>
      ) : null}
    </ScrollableTable>
  );
}

/** A table with, above it, what its rows count. */
function DefinedTable({ definition, ...table }: Parameters<typeof CountTable>[0] & { definition: string }) {
  return (
    <div>
      <p className="small muted">{definition}</p>
      <CountTable {...table} />
    </div>
  );
}

/** The weekly charts: which series, under which title and definition. */
const CHARTS = [
  {
    key: "organisations",
    id: "semaines-structures",
    title: "Structures publiées",
    definition: "Par semaine de première publication.",
  },
  { key: "offers", id: "semaines-offres", title: "Offres publiées", definition: "Par semaine de première publication." },
  { key: "ideas", id: "semaines-idees", title: "Idées publiées", definition: "Par semaine de première publication." },
  { key: "interests", id: "semaines-interets", title: "Propositions envoyées", definition: "Par semaine d'envoi." },
  { key: "filed", id: "semaines-depots", title: "Groupements déposés", definition: "Par semaine de dépôt." },
] as const;

function Empty({ children }: { children: string }) {
  return <p className="dashboard-empty">{children}</p>;
}

export default function DashboardPage() {
  const data = useLoaderData<typeof loader>();
  const { organisations, offers, ideas, interests, groupements, weakest, weeks, call } = data;
  const series = (key: (typeof CHARTS)[number]["key"]) =>
    weeks.map((week) => ({ monday: week.monday, label: week.label, current: week.current, count: week[key] }));
  const subAxisCode = (row: CountRow) => ({ ...row, label: `${row.code} — ${row.label}` });
  const filedFigure = { label: "Déposés", value: formatNumber(groupements.filed), definition: DEFINITIONS.filed };
  return (
    <div className="container page dashboard">
      <CcasNav admin={data.admin} />
      <h1>Tableau de bord</h1>
      <p className="lead">
        {call ? `Les chiffres de l'appel « ${call.title} »` : "Les chiffres de la plateforme"}, au {data.asOf}. Chaque chiffre est
        suivi de ce qu'il compte.
      </p>
      <p className="small muted">{DEFINITIONS.kept(data.keptMinutes)}</p>
      {data.unknownCall ? (
        <Notice tone="warning">
          Aucun appel n'a l'adresse « {data.unknownCall} » : voici les chiffres de l'appel affiché par défaut.
        </Notice>
      ) : null}
      {data.calls.length > 1 ? (
        <Form method="get" className="filters" aria-label="Choisir l'appel">
          <div className="field">
            <label htmlFor="tableau-appel">Appel</label>
            <select id="tableau-appel" name="appel" defaultValue={data.chosenSlug ?? undefined}>
              {data.calls.map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-secondary">
            Afficher
          </button>
        </Form>
      ) : null}
      {call ? null : (
        <p className="dashboard-empty">
          Aucun appel n'est enregistré : les idées, les propositions et les groupements s'afficheront avec le premier appel.
        </p>
      )}

      <section aria-labelledby="essentiel">
        <h2 id="essentiel">L'essentiel</h2>
        <Figures
          figures={[
            { label: "Structures publiées", value: formatNumber(organisations.total), definition: DEFINITIONS.organisations },
            { label: "Offres de ressources publiées", value: formatNumber(offers.total), definition: DEFINITIONS.offers },
            { label: "Idées de projets publiées", value: formatNumber(ideas.total), definition: DEFINITIONS.ideas },
            {
              label: "Propositions de participation envoyées",
              value: formatNumber(interests?.sent ?? 0),
              definition: DEFINITIONS.interestsSent,
            },
            {
              label: "Propositions acceptées",
              value: formatNumber(interests?.accepted ?? 0),
              extra: interests && interests.sent > 0 ? `(${formatShare(interests.accepted, interests.sent)})` : undefined,
              definition: DEFINITIONS.interestsAccepted,
            },
            {
              label: "Délai médian de réponse",
              value: data.medianAnswer ?? "—",
              extra:
                interests && interests.answered > 0
                  ? `(sur ${formatNumber(interests.answered)} réponse${interests.answered > 1 ? "s" : ""})`
                  : "(aucune réponse pour l'instant)",
              definition: DEFINITIONS.medianAnswer,
            },
            { ...filedFigure, label: "Groupements déposés" },
          ]}
        />
      </section>

      <section aria-labelledby="structures">
        <h2 id="structures">Structures publiées</h2>
        {organisations.total === 0 ? (
          <Empty>Aucune structure n'est publiée pour l'instant.</Empty>
        ) : (
          <div className="dashboard-pair">
            <DefinedTable
              definition={DEFINITIONS.bySector}
              caption="Structures publiées par secteur"
              head="Secteur"
              rows={organisations.bySector}
              extraRow={{ label: "Total", count: organisations.total }}
            />
            <DefinedTable
              definition={DEFINITIONS.byQuartier}
              caption="Structures publiées par quartier"
              head="Quartier"
              rows={organisations.byQuartier}
              extraRow={{ label: "Toute la ville (comptées à part)", count: organisations.wholeCity }}
            />
          </div>
        )}
      </section>

      <section aria-labelledby="offres">
        <h2 id="offres">Offres de ressources</h2>
        {offers.total === 0 ? (
          <Empty>Aucune offre de ressource n'est publiée en ce moment.</Empty>
        ) : (
          <CountTable
            caption="Offres publiées par ressource"
            head="Ressource"
            rows={offers.byResource}
            extraRow={{ label: "Total", count: offers.total }}
          />
        )}
      </section>

      <section aria-labelledby="idees">
        <h2 id="idees">Idées de projets</h2>
        {ideas.total === 0 ? (
          <Empty>Aucune idée de projet n'est publiée pour cet appel.</Empty>
        ) : (
          <CountTable
            caption="Idées publiées par sous-axe"
            head="Sous-axe"
            rows={ideas.bySubAxis.map(subAxisCode)}
            extraRow={{ label: "Idées publiées (une idée peut viser plusieurs sous-axes)", count: ideas.total }}
          />
        )}
      </section>

      <section aria-labelledby="groupements">
        <h2 id="groupements">Groupements</h2>
        {groupements.total === 0 ? (
          <Empty>Aucun groupement n'est encore constitué pour cet appel.</Empty>
        ) : (
          <>
            <Figures
              figures={[
                { label: "En préparation", value: formatNumber(groupements.draft), definition: DEFINITIONS.draft },
                {
                  label: "Conformes aux règles, pas encore déposés",
                  value: formatNumber(groupements.eligible),
                  definition: DEFINITIONS.eligible,
                },
                filedFigure,
              ]}
            />
            {groupements.filed === 0 ? (
              <Empty>Aucun groupement n'a encore déposé son dossier.</Empty>
            ) : (
              <div className="dashboard-pair">
                <DefinedTable
                  definition={DEFINITIONS.filedBySubAxis}
                  caption="Groupements déposés par sous-axe"
                  head="Sous-axe"
                  rows={groupements.filedBySubAxis.map(subAxisCode)}
                />
                <DefinedTable
                  definition={DEFINITIONS.filedByQuartier}
                  caption="Groupements déposés par quartier"
                  head="Quartier"
                  rows={groupements.filedByQuartier}
                  extraRow={{ label: "Toute la ville (comptés à part)", count: groupements.filedWholeCity }}
                />
              </div>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="quartiers-faibles">
        <h2 id="quartiers-faibles">Les quartiers les moins couverts</h2>
        <p className="small muted">{DEFINITIONS.weakest}</p>
        {weakest.quartiers.length === 0 ? (
          <Empty>La population des quartiers n'est pas renseignée : la couverture ne peut pas être calculée.</Empty>
        ) : (
          <>
            <p>{weakest.sentence}</p>
            <ol className="dashboard-weakest">
              {weakest.quartiers.map((quartier) => (
                <li key={quartier.slug}>
                  <strong>{quartier.name}</strong> : couverture {formatDecimal(quartier.coverage)} pour 10 000 habitants ; offre
                  locale : {formatNumber(quartier.localTotal)} (structures, offres et idées)
                </li>
              ))}
            </ol>
            <p>
              <Link to="/carte">Voir la carte des zones peu couvertes</Link>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="evolution">
        <h2 id="evolution">Évolution sur 12 semaines</h2>
        <p className="small muted">{DEFINITIONS.weeks}</p>
        <div className="week-charts">
          {CHARTS.map((chart) => (
            <WeekChart
              key={chart.id}
              id={chart.id}
              title={chart.title}
              definition={chart.definition}
              points={series(chart.key)}
            />
          ))}
        </div>
      </section>
    </div>
  );
}
