import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { ScrollableTable } from "~/components/table-wrap";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { Options } from "~/components/options";
import { isPastDeadline } from "~/domain/call-status";
import { formatDateTime, formatDay, plural } from "~/domain/format";
import { activeFilters, parseListFilters } from "~/domain/schemas/list-filters";
import { decisionLabel, PublishResultsSchema } from "~/domain/schemas/review";
import { labelOf, QUARTIERS } from "~/domain/taxonomy";
import { getCallSubAxes } from "~/models/groupement.server";
import { chooseReviewCall, getResultsState, listCallGroupements, publishResults, ReviewRefused } from "~/models/review.server";
import { isCcasAdmin, requireCcas, requireCcasAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { absoluteUrl } from "~/utils/url.server";
import { subAxisOption } from "~/domain/call";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Groupements de l'appel",
    description: "Les groupements de l'appel, les dossiers déposés d'abord : relecture, notes, décisions, résultats.",
    path: "/ccas/groupements",
    matches,
  });

const STATUSES = [
  { code: "depose", label: "Dossier déposé" },
  { code: "brouillon", label: "Brouillon (pas encore déposé)" },
] as const;
const ELIGIBILITY = [
  { code: "conforme", label: "Conforme aux règles de l'appel" },
  { code: "non-conforme", label: "Pas conforme (règle bloquante ou à compléter)" },
] as const;

/** The call chosen in the address (`appel=<slug>`), else the one under review or the current one. */
async function selectedCall(request: Request) {
  const { calls, call, unknownCall } = await chooseReviewCall(getDb(), request);
  if (!call) throw new Response("Aucun appel n'est publié", { status: 404 });
  return { calls, call, unknownCall };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  const { calls, call, unknownCall } = await selectedCall(request);
  const params = new URL(request.url).searchParams;
  const subAxes = (await getCallSubAxes(db, call.id)).map(subAxisOption);
  const filters = parseListFilters(params, { statut: STATUSES, sousAxe: subAxes, quartier: QUARTIERS, eligibilite: ELIGIBILITY });
  const [groupements, results] = await Promise.all([
    listCallGroupements(db, call.id, {
      status: filters.statut === "depose" || filters.statut === "brouillon" ? filters.statut : undefined,
      subAxis: filters.sousAxe,
      quartier: filters.quartier,
      eligibility: filters.eligibilite === "conforme" || filters.eligibilite === "non-conforme" ? filters.eligibilite : undefined,
    }),
    getResultsState(db, call.id),
  ]);
  const admin = isCcasAdmin(user);
  return {
    admin,
    unknownCall,
    calls: calls.map((item) => ({ code: item.slug, label: `${item.title} (${item.year})` })),
    call: { id: call.id, slug: call.slug, title: call.title },
    filters,
    filtered: activeFilters(filters).length > 0,
    subAxes,
    results: {
      publishedAt: results.call.resultsPublishedAt ? formatDateTime(results.call.resultsPublishedAt) : null,
      // Results come after the deadline: until then the call is open and its file still grows.
      openUntil: isPastDeadline(results.call, new Date()) ? null : formatDateTime(results.call.deadline),
      filed: results.filed,
      undecided: results.undecided,
      decided: results.decided,
    },
    confirming:
      admin && params.get("publier") === "1" && !results.call.resultsPublishedAt && isPastDeadline(results.call, new Date()),
    published: params.has("publie") ? Number(params.get("publie")) || 0 : null,
    unreachable: Number(params.get("injoignables")) || 0,
    groupements: groupements.map((groupement) => ({
      id: groupement.id,
      title: groupement.title,
      leadName: groupement.leadName,
      submittedOn: groupement.submittedAt ? formatDay(groupement.submittedAt) : null,
      subAxes: groupement.subAxes.join(", ") || "—",
      territory: groupement.wholeCity
        ? "Toute la ville"
        : groupement.quartiers.map((code) => labelOf(QUARTIERS, code)).join(", ") || "—",
      conforming: groupement.conforming,
      decision: groupement.decision ? decisionLabel(groupement.decision) : null,
      reviewers: groupement.reviewers.join(", ") || "—",
    })),
  };
}

/** « Publier les résultats »: a CCAS administrator's, after the confirmation step. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCcasAdmin(request);
  const db = getDb();
  const submission = parseForm(await request.formData(), { schema: PublishResultsSchema });
  if (submission.status !== "success") return data({ error: "Action inconnue." }, { status: 400 });
  const call = await db.call.findUnique({ where: { id: submission.value.callId }, select: { id: true, slug: true } });
  if (!call) throw new Response("Appel introuvable", { status: 404 });
  try {
    const { sent, unreachable } = await publishResults(db, user, call.id, {
      link: (id) => absoluteUrl(`/groupements/${id}`),
      send: sendMail,
    });
    return redirect(
      `/ccas/groupements?${new URLSearchParams({ appel: call.slug, publie: String(sent), ...(unreachable ? { injoignables: String(unreachable) } : {}) })}`,
    );
  } catch (error) {
    if (error instanceof ReviewRefused) return data({ error: error.message }, { status: 400 });
    throw error;
  }
}

export default function CcasGroupements() {
  const {
    admin,
    unknownCall,
    calls,
    call,
    filters,
    filtered,
    subAxes,
    results,
    confirming,
    published,
    unreachable,
    groupements,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The chosen call stays in every link when there are several.
  const callQuery = calls.length > 1 ? `?appel=${encodeURIComponent(call.slug)}` : "";
  const here = `/ccas/groupements${callQuery}`;
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <h1>Groupements de l'appel</h1>
      <p className="lead">{call.title}</p>
      {unknownCall ? (
        <Notice tone="warning">Aucun appel n'a l'adresse « {unknownCall} » : voici les groupements de l'appel en cours.</Notice>
      ) : null}
      {published !== null ? (
        <Notice>
          Résultats publiés : chaque groupement voit maintenant la décision le concernant.{" "}
          {published > 0
            ? `${plural(published, "chef de file prévenu", { many: "chefs de file prévenus" })} par e-mail.`
            : "Aucun nouvel e-mail à envoyer."}
          {unreachable > 0
            ? ` ${plural(unreachable, "structure chef de file n'a", { many: "structures chefs de file n'ont" })} aucun administrateur à prévenir : la décision est visible dans l'espace du groupement.`
            : ""}
        </Notice>
      ) : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />

      <section aria-labelledby="resultats" className="card">
        <h2 id="resultats">Résultats</h2>
        <p>
          {plural(results.filed, "dossier déposé", { many: "dossiers déposés" })},{" "}
          {plural(results.decided, "décision enregistrée", { many: "décisions enregistrées" })}
          {results.undecided > 0 ? `, ${plural(results.undecided, "dossier")} encore sans décision` : ""}.{" "}
          {results.publishedAt
            ? `Résultats publiés le ${results.publishedAt} : les groupements voient leur décision.`
            : results.openUntil
              ? `L'appel est ouvert jusqu'au ${results.openUntil} : ses résultats se publient après la date limite.`
              : "Tant que les résultats ne sont pas publiés, aucun groupement ne voit de décision."}
        </p>
        <p className="actions">
          <Link to={`/ccas/groupements/comparaison${callQuery}`}>Tableau comparatif des dossiers déposés</Link>
          {admin && !results.publishedAt && !results.openUntil && !confirming ? (
            <Link to={`${here}${callQuery ? "&" : "?"}publier=1#publier`} className="button-secondary">
              Publier les résultats…
            </Link>
          ) : null}
        </p>
        {confirming ? (
          <div id="publier" className="stack">
            <h3>Confirmer la publication des résultats</h3>
            <p>
              Chaque groupement décidé verra sa décision et son message dans son espace, et les administrateurs de sa structure
              chef de file les recevront par e-mail. Une fois publiés, les résultats et les décisions ne peuvent plus être
              modifiés.
            </p>
            {results.undecided > 0 ? (
              <Notice tone="warning">
                {plural(results.undecided, "dossier déposé n'a", { many: "dossiers déposés n'ont" })} pas encore de décision : la
                publication sera refusée tant qu'il en reste.
              </Notice>
            ) : null}
            <Form method="post" className="actions">
              <input type="hidden" name="callId" value={call.id} />
              <SubmitButton name="intent" value="publish-results" className="button-danger" pendingText="Publication…">
                Confirmer : publier les résultats
              </SubmitButton>
              <Link to={here}>Annuler</Link>
            </Form>
          </div>
        ) : null}
      </section>

      <Form method="get" className="filters" aria-label="Filtrer les groupements">
        {calls.length > 1 ? <Select id="appel" label="Appel" value={call.slug} options={calls} empty={null} /> : null}
        <Select id="statut" label="Statut" value={filters.statut} options={STATUSES} empty="Tous" />
        <Select id="sousAxe" label="Sous-axe" value={filters.sousAxe} options={subAxes} empty="Tous" />
        <Select id="quartier" label="Quartier" value={filters.quartier} options={QUARTIERS} empty="Tous" />
        <Select id="eligibilite" label="Règles de l'appel" value={filters.eligibilite} options={ELIGIBILITY} empty="Tous" />
        <button type="submit" className="button-secondary">
          Filtrer
        </button>
        {filtered ? <Link to={here}>Tout afficher</Link> : null}
      </Form>

      <p role="status">
        {groupements.length === 0
          ? filtered
            ? "Aucun groupement ne correspond à ces filtres."
            : "Aucun groupement pour cet appel."
          : `${plural(groupements.length, "groupement")}, les dossiers déposés d'abord.`}
      </p>
      {groupements.length > 0 ? (
        <ScrollableTable caption="Groupements de l'appel" hiddenCaption>
          <thead>
            <tr>
              <th scope="col">Groupement</th>
              <th scope="col">Chef de file</th>
              <th scope="col">Statut</th>
              <th scope="col">Sous-axes</th>
              <th scope="col">Territoire</th>
              <th scope="col">Règles de l'appel</th>
              <th scope="col">Relecteurs</th>
              <th scope="col">Décision</th>
            </tr>
          </thead>
          <tbody>
            {groupements.map((groupement) => (
              <tr key={groupement.id} data-groupement={groupement.id}>
                <th scope="row">
                  <Link to={`/ccas/groupements/${groupement.id}`}>{groupement.title}</Link>
                </th>
                <td>{groupement.leadName}</td>
                <td>{groupement.submittedOn ? `Déposé le ${groupement.submittedOn}` : "Brouillon"}</td>
                <td>{groupement.subAxes}</td>
                <td>{groupement.territory}</td>
                <td>{groupement.conforming ? "Conforme" : "Non conforme"}</td>
                <td>{groupement.reviewers}</td>
                <td>{groupement.decision ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      ) : null}
    </div>
  );
}

function Select({
  id,
  label,
  value,
  options,
  empty,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: readonly { code: string; label: string }[];
  empty: string | null;
}) {
  return (
    <div className="field">
      <label htmlFor={`filtre-${id}`}>{label}</label>
      <select id={`filtre-${id}`} name={id} defaultValue={value ?? ""}>
        {empty === null ? (
          options.map((option) => (
            <option key={option.code} value={option.code}>
              {option.label}
            </option>
          ))
        ) : (
          <Options empty={empty} options={options} />
        )}
      </select>
    </div>
  );
}
