import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { formatDay } from "~/domain/format";
import {
  IdeaAlertsSchema,
  normaliseSavedQuery,
  RenameSavedSearchSchema,
  SAVED_SEARCH_NAME_MAX,
  SAVED_SEARCHES_MAX,
  SavedSearchActionSchema,
  savedSearchParams,
  quotedName,
} from "~/domain/saved-search";
import { NOTIFICATION_MODES } from "~/domain/schemas/idea";
import { SearchQuerySchema, searchParamsObject } from "~/domain/schemas/search";
import { labelOf } from "~/domain/taxonomy";
import { getNotificationMode } from "~/models/account.server";
import {
  deleteSavedSearch,
  getIdeaAlerts,
  getRecentIdeaAlerts,
  type ListedAlert,
  getSavedSearch,
  getSavedSearches,
  renameSavedSearch,
  saveSearch,
  setIdeaAlerts,
  setSavedSearchPaused,
} from "~/models/saved-search.server";
import { requireUser } from "~/utils/auth.server";
import { answerDone, isDocumentSubmission, redirectWithFlash, withFlash } from "~/utils/flash.server";
import { useCleanAddress } from "~/utils/use-clean-address";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Mes alertes",
    description: "Vos recherches enregistrées et vos alertes.",
    path: "/compte/alertes",
    matches,
  });

const NOT_FOUND = "Recherche enregistrée introuvable";

/** An alert as listed: its day, and whether its item is still there to be linked to. */
const listedAlert = (alert: ListedAlert) => ({
  title: alert.title,
  url: alert.url,
  on: formatDay(alert.createdAt),
  public: alert.public,
});

/** A signalled item: a link while it is published; withdrawn since, its name and why there is no link. */
function AlertLine({ alert }: { alert: ReturnType<typeof listedAlert> }) {
  return (
    <>
      {alert.public ? <Link to={alert.url}>{alert.title}</Link> : <span>{alert.title}</span>}{" "}
      <span className="small muted">
        ({alert.on}
        {alert.public ? "" : " ; n'est plus publiée"})
      </span>
    </>
  );
}

const PATH = "/compte/alertes";

const DELETED = "La recherche a été supprimée.";

/** What a search saved from the search page or the map says, at its card. */
function savedNotice(status: "created" | "exists", name: string): string {
  return status === "created"
    ? `Recherche enregistrée : ${quotedName(name)}. Vous pouvez la renommer ci-dessous.`
    : `Cette recherche était déjà enregistrée : ${quotedName(name)}.`;
}

/** What the page was sent with to say once: out of the address bar once said. */
const ARRIVAL_PARAMS = ["enregistree", "deja", "supprimee"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const params = new URL(request.url).searchParams;
  const [searches, ideaAlerts, signalledIdeas, notificationMode, memberships] = await Promise.all([
    getSavedSearches(db, user.id),
    getIdeaAlerts(db, user.id),
    getRecentIdeaAlerts(db, user.id),
    getNotificationMode(db, user.id),
    db.membership.count({ where: { userId: user.id } }),
  ]);
  // « Supprimer… » opens a confirmation; someone else's saved search does not exist for this person.
  const toDelete = params.get("supprimer");
  const confirmDelete = toDelete ? await getSavedSearch(db, user.id, toDelete) : null;
  if (toDelete && !confirmDelete) throw new Response(NOT_FOUND, { status: 404 });
  // Sent here with JavaScript after a search was saved or deleted, the address says it (without
  // JavaScript, the notice cookie): said as a form's answer is, at the search's card.
  const savedId = params.get("enregistree") ?? params.get("deja");
  const savedOne = searches.find((search) => search.id === savedId);
  const status = params.has("enregistree") ? "created" : "exists";
  const arrived: ActionData | null = savedOne
    ? { intent: status, id: savedOne.id, notice: savedNotice(status, savedOne.name) }
    : params.get("supprimee") === "1"
      ? { intent: "delete", notice: DELETED }
      : null;
  return withFlash(request, PATH, {
    notificationMode: labelOf(NOTIFICATION_MODES, notificationMode).toLowerCase(),
    hasOrganisation: memberships > 0,
    ideaAlerts,
    signalledIdeas: signalledIdeas.map(listedAlert),
    confirmDelete,
    arrived,
    searches: searches.map((search) => ({
      id: search.id,
      name: search.name,
      paused: search.paused,
      createdAt: formatDay(search.createdAt),
      lastRunAt: search.lastRunAt ? formatDay(search.lastRunAt) : null,
      alertCount: search.alertCount,
      searchUrl: `/recherche?${savedSearchParams(search.query).toString()}`,
      // The map filters what it counts, with neither words nor quartiers (it shows them all).
      mapUrl: search.query.q || search.query.quartier.length ? null : `/carte?${savedSearchParams(search.query).toString()}`,
      recent: search.recent.map(listedAlert),
    })),
  });
}

type ActionData = { intent: string; id?: string; name?: string; errors?: string[]; notice?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const reply = (payload: ActionData, status = 200) => data<ActionData>(payload, { status });
  // Done: without JavaScript, the page by a GET at what was acted on, its notice said there once.
  const done = (payload: ActionData & { notice: string }, at: string) => answerDone(request, PATH, payload, { at });
  const missing = () => new Response(NOT_FOUND, { status: 404 });

  // Someone else's saved search does not exist for this person, whatever the rest of the form says.
  const id = formData.get("id");
  if (["rename", "pause", "resume", "delete"].includes(intent) && typeof id === "string" && id !== "") {
    if (!(await getSavedSearch(db, user.id, id))) throw missing();
  }

  switch (intent) {
    case "create":
    case "create-map": {
      // The search's own parameters, checked by the search's own schema. From the map, its filter
      // form as ticked: the open quartier, the level and the order are the map's view, not filters.
      const notFilters = intent === "create-map" ? ["intent", "quartier", "niveau", "tri", "q"] : ["intent"];
      const fields = new URLSearchParams();
      for (const [name, value] of formData)
        if (!notFilters.includes(name) && typeof value === "string") fields.append(name, value);
      const parsed = SearchQuerySchema.safeParse(searchParamsObject(fields));
      if (!parsed.success) {
        return reply(
          {
            intent,
            errors: [
              "Cette recherche ne peut pas être enregistrée : un de ses filtres n'existe pas. Refaites-la depuis la page de recherche.",
            ],
          },
          400,
        );
      }
      const outcome = await saveSearch(db, user.id, normaliseSavedQuery(parsed.data));
      if (outcome.status === "too-many") {
        return reply(
          {
            intent,
            errors: [
              `Vous avez déjà ${SAVED_SEARCHES_MAX} recherches enregistrées : supprimez-en une pour en enregistrer une autre.`,
            ],
          },
          400,
        );
      }
      // At its card, which says it: by the address with JavaScript, said once without (a reload said it again).
      if (isDocumentSubmission(request))
        return redirectWithFlash(
          request,
          PATH,
          { intent: outcome.status, id: outcome.id, notice: savedNotice(outcome.status, outcome.name) },
          `recherche-${outcome.id}`,
        );
      return redirect(
        `/compte/alertes?${outcome.status === "created" ? "enregistree" : "deja"}=${outcome.id}#recherche-${outcome.id}`,
      );
    }
    case "rename": {
      const submission = parseForm(formData, { schema: RenameSavedSearchSchema });
      if (submission.status !== "success") {
        const errors = Object.values(submission.error ?? {}).flatMap((messages) => messages ?? []);
        return reply({ intent, id: String(id ?? ""), name: String(formData.get("name") ?? ""), errors }, 400);
      }
      if (!(await renameSavedSearch(db, user.id, submission.value.id, submission.value.name))) throw missing();
      return done(
        { intent, id: submission.value.id, notice: `La recherche s'appelle maintenant ${quotedName(submission.value.name)}.` },
        `recherche-${submission.value.id}`,
      );
    }
    case "pause":
    case "resume":
    case "delete": {
      const parsed = SavedSearchActionSchema.safeParse({ intent, id: formData.get("id") ?? undefined });
      if (!parsed.success) return reply({ intent, errors: parsed.error.issues.map((issue) => issue.message) }, 400);
      if (intent === "delete") {
        if (!(await deleteSavedSearch(db, user.id, parsed.data.id))) throw missing();
        return isDocumentSubmission(request)
          ? redirectWithFlash(request, PATH, { intent, notice: DELETED })
          : redirect("/compte/alertes?supprimee=1");
      }
      if (!(await setSavedSearchPaused(db, user.id, parsed.data.id, intent === "pause"))) throw missing();
      return done(
        {
          intent,
          id: parsed.data.id,
          notice:
            intent === "pause"
              ? "Alertes en pause pour cette recherche."
              : "Alertes reprises : vous serez prévenu des prochaines nouveautés.",
        },
        `recherche-${parsed.data.id}`,
      );
    }
    case "idea-alerts": {
      const submission = parseForm(formData, { schema: IdeaAlertsSchema });
      if (submission.status !== "success")
        return reply({ intent, errors: submission.error?.ideaAlerts ?? ["Choisissez oui ou non."] }, 400);
      await setIdeaAlerts(db, user.id, submission.value.ideaAlerts === "on");
      return done({ intent, notice: "Votre choix est enregistré." }, "idees");
    }
    default:
      return reply({ intent, errors: ["Cette action n'existe pas."] }, 400);
  }
}

export default function Alerts() {
  const { searches, notificationMode, hasOrganisation, ideaAlerts, signalledIdeas, confirmDelete, arrived, flashed } =
    useLoaderData<typeof loader>();
  // What the last form said: with JavaScript its answer (or, sent from another page, the address),
  // without it the page asked for again after it.
  const actionData: ActionData | undefined = useActionData<typeof action>() ?? flashed ?? arrived ?? undefined;
  useCleanAddress(ARRIVAL_PARAMS);
  const forRow = (id: string) => (actionData?.id === id ? actionData : undefined);
  const generalErrors = actionData && !actionData.id && actionData.intent !== "idea-alerts" ? actionData.errors : undefined;
  // « Supprimer… » opens the confirmation above the list: focus goes to it, so that a keyboard or
  // screen reader user is where the question is (without JavaScript, the #confirmer anchor does it).
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const confirmingId = confirmDelete?.id;
  useEffect(() => {
    if (confirmingId) confirmHeading.current?.focus();
  }, [confirmingId]);

  return (
    <div className="container page">
      <p className="small">
        <Link to="/compte">Mon compte</Link> › Mes alertes
      </p>
      <h1>Mes alertes</h1>
      <p>
        Enregistrez une recherche ou les filtres de la carte : les nouvelles structures, offres et idées qui y correspondent vous
        sont signalées une seule fois chacune. Mode d'envoi choisi : <strong>{notificationMode}</strong> (
        <Link to="/compte#notifications">le changer</Link>).
      </p>
      {actionData?.intent === "delete" && actionData.notice ? <Notice>{actionData.notice}</Notice> : null}
      <FormErrors errors={generalErrors} />

      {confirmDelete ? (
        <section aria-labelledby="confirmer" className="card">
          <h2 id="confirmer" tabIndex={-1} ref={confirmHeading}>
            {`Supprimer ${quotedName(confirmDelete.name)} ?`}
          </h2>
          <p>Vous ne recevrez plus ses alertes. Pour seulement les arrêter un temps, mettez-la en pause.</p>
          <Form method="post" action="/compte/alertes" className="actions">
            <input type="hidden" name="id" value={confirmDelete.id} />
            <SubmitButton name="intent" value="delete" className="button-danger" pendingText="Suppression…">
              Oui, supprimer
            </SubmitButton>
            <Link to="/compte/alertes">Annuler</Link>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="recherches">
        <h2 id="recherches">Recherches enregistrées</h2>
        {searches.length === 0 ? (
          <div className="empty">
            <p>Vous n'avez pas encore de recherche enregistrée.</p>
            <p>
              Faites une <Link to="/recherche">recherche</Link> ou filtrez la <Link to="/carte">carte</Link>, puis choisissez «
              Enregistrer cette recherche ».
            </p>
          </div>
        ) : (
          <ul className="results saved-searches">
            {searches.map((search) => {
              const row = forRow(search.id);
              const nameId = `nom-${search.id}`;
              const errorId = `erreur-${search.id}`;
              const renameErrors = row?.intent === "rename" ? row.errors : undefined;
              return (
                <li key={search.id} id={`recherche-${search.id}`} className="card">
                  <h3 className="card-title">
                    {search.name} {search.paused ? <span className="badge">En pause</span> : null}
                  </h3>
                  {row?.notice ? <Notice tone={row.intent === "exists" ? "info" : "success"}>{row.notice}</Notice> : null}
                  <p className="small muted">
                    Enregistrée le {search.createdAt} · {search.alertCount} nouveauté{search.alertCount > 1 ? "s" : ""} signalée
                    {search.alertCount > 1 ? "s" : ""}
                    {search.lastRunAt ? ` · dernière vérification le ${search.lastRunAt}` : ""}
                  </p>
                  <p className="actions">
                    {/* Each card's controls say which search they act on, for a screen reader's list of them. */}
                    <Link to={search.searchUrl}>
                      Lancer la recherche<span className="visually-hidden"> {quotedName(search.name)}</span>
                    </Link>
                    {search.mapUrl ? (
                      <Link to={search.mapUrl}>
                        Voir sur la carte<span className="visually-hidden"> la recherche {quotedName(search.name)}</span>
                      </Link>
                    ) : null}
                  </p>
                  {/* Checked by the server, in French (a browser's own bubble speaks its own language). */}
                  <Form method="post" action="/compte/alertes" className="inline-form" noValidate>
                    <input type="hidden" name="id" value={search.id} />
                    <label htmlFor={nameId}>
                      Nom<span className="visually-hidden"> de la recherche {quotedName(search.name)}</span>
                    </label>{" "}
                    <input
                      key={row?.name ?? search.name}
                      id={nameId}
                      name="name"
                      type="text"
                      required
                      maxLength={SAVED_SEARCH_NAME_MAX}
                      defaultValue={renameErrors ? row?.name : search.name}
                      aria-invalid={renameErrors ? true : undefined}
                      aria-describedby={renameErrors ? errorId : undefined}
                    />{" "}
                    <SubmitButton name="intent" value="rename" className="button-secondary" pendingText="Enregistrement…">
                      Renommer<span className="visually-hidden"> la recherche {quotedName(search.name)}</span>
                    </SubmitButton>
                    <FormErrors id={errorId} errors={renameErrors} />
                  </Form>
                  <div className="actions">
                    <Form method="post" action="/compte/alertes" className="inline-form">
                      <input type="hidden" name="id" value={search.id} />
                      <SubmitButton
                        name="intent"
                        value={search.paused ? "resume" : "pause"}
                        className="button-secondary"
                        pendingText="Enregistrement…"
                      >
                        {search.paused ? "Reprendre les alertes" : "Mettre en pause"}
                        <span className="visually-hidden">
                          {search.paused ? " de la recherche" : " la recherche"} {quotedName(search.name)}
                        </span>
                      </SubmitButton>
                    </Form>
                    <Link to={`/compte/alertes?supprimer=${search.id}#confirmer`}>
                      Supprimer<span className="visually-hidden"> la recherche {quotedName(search.name)}</span>…
                    </Link>
                  </div>
                  {search.recent.length > 0 ? (
                    <>
                      <h4>Dernières nouveautés</h4>
                      <ul>
                        {search.recent.map((alert) => (
                          <li key={`${alert.url}-${alert.title}`}>
                            <AlertLine alert={alert} />
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="idees">
        <h2 id="idees">Idées qui cherchent vos structures</h2>
        <p>
          Quand une nouvelle idée de projet est publiée et que l'une de vos structures lui serait suggérée comme partenaire, nous
          vous le signalons.
          {hasOrganisation
            ? ""
            : " Vous n'êtes membre d'aucune structure pour le moment : ces alertes commenceront quand vous en rejoindrez une."}
        </p>
        <h3>Dernières idées signalées</h3>
        {signalledIdeas.length === 0 ? (
          <p className="muted">Aucune idée ne vous a encore été signalée.</p>
        ) : (
          <ul>
            {signalledIdeas.map((alert) => (
              <li key={`${alert.url}-${alert.on}`}>
                <AlertLine alert={alert} />
              </li>
            ))}
          </ul>
        )}
        {actionData?.intent === "idea-alerts" && actionData.notice ? <Notice>{actionData.notice}</Notice> : null}
        <FormErrors errors={actionData?.intent === "idea-alerts" ? actionData.errors : undefined} />
        <Form method="post" action="/compte/alertes" className="stack">
          <fieldset className="field">
            <legend>M'alerter de ces idées</legend>
            <label className="checkbox">
              <input type="radio" name="ideaAlerts" value="on" defaultChecked={ideaAlerts} /> Oui
            </label>
            <label className="checkbox">
              <input type="radio" name="ideaAlerts" value="off" defaultChecked={!ideaAlerts} /> Non
            </label>
          </fieldset>
          <div>
            <SubmitButton name="intent" value="idea-alerts">
              Enregistrer
            </SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  );
}
