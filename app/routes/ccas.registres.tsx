import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { CcasNav } from "~/components/ccas-nav";
import { ErrorList, FormErrors, Notice, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { Options } from "~/components/options";
import { ScrollableTable } from "~/components/table-wrap";
import { formatDateTime, formatDecimal, formatNumber } from "~/domain/format";
import { REGISTER_LABELS } from "~/domain/registers/facts";
import {
  REGISTER_CHOICES,
  REGISTER_UPLOAD_MESSAGES,
  RegisterUploadSchema,
  runningImportRefusal,
  type RunningImport,
} from "~/domain/registers/upload";
import {
  discardUpload,
  getRunningImport,
  listRegisterImports,
  receiveRegisterUpload,
  startRegisterImport,
} from "~/models/register-upload.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseFormValues } from "~/utils/forms";
import { parseForm } from "~/utils/forms.server";
import { CONFIRMATION_ATTRIBUTE } from "~/utils/focus";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Registres publics",
    description: "Importer un fichier du RNA ou de SIRENE et suivre l'import.",
    path: "/ccas/registres",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  // Read one after the other, the history last: a run that ended in between is shown ended (its
  // result), not as a progress block that stopped before the end.
  const found = await getRunningImport(db);
  const history = await listRegisterImports(db);
  const latest = found ? history.find((run) => run.id === found.id) : undefined;
  const running = found && (!latest || latest.status === "running") ? found : null;
  // The run this page's upload started (`?lance=` its id), to say how it went.
  const launchedId = new URL(request.url).searchParams.get("lance");
  const launched = launchedId ? (history.find((run) => run.id === launchedId) ?? null) : null;
  return {
    admin: isCcasAdmin(user),
    running,
    launched,
    history: history.filter((run) => run.id !== running?.id),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCcas(request);
  const db = getDb();
  // While a run goes on, the file is read and dropped (not stored): the browser gets the answer.
  const running = await getRunningImport(db);
  const received = await receiveRegisterUpload(request, { store: running === null });
  if (!received.ok) return data({ result: undefined, error: received.error }, { status: received.status });
  const submission = parseForm(received.fields, { schema: RegisterUploadSchema });
  const refuse = (status: number, error?: string, fileError?: string) => {
    if (received.file) discardUpload(received.file);
    return data({ result: submission.reply(fileError ? { fieldErrors: { file: [fileError] } } : undefined), error }, { status });
  };
  if (running) return refuse(409, runningImportRefusal(running));
  if (submission.status !== "success") return refuse(400, undefined, received.file ? undefined : REGISTER_UPLOAD_MESSAGES.noFile);
  if (!received.file) return refuse(400, undefined, REGISTER_UPLOAD_MESSAGES.noFile);
  const started = await startRegisterImport(db, {
    source: submission.value.register,
    file: received.file,
    startedById: user.id,
    closeMissing: !submission.value.extract,
  });
  // The file is deleted by the run, whether it started or was refused.
  if (!started.ok) return data({ result: submission.reply(), error: started.error }, { status: 409 });
  return redirect(`/ccas/registres?lance=${encodeURIComponent(started.importId)}`);
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 * 1024
    ? `${formatDecimal(bytes / 1024 / 1024 / 1024)} Go`
    : bytes >= 1024 * 1024
      ? `${formatDecimal(bytes / 1024 / 1024)} Mo`
      : `${formatDecimal(Math.max(bytes, 0) / 1024)} Ko`;

const STATUS_LABELS: Record<string, string> = {
  running: "En cours",
  done: "Terminé",
  failed: "Échec",
  stalled: "Interrompu (le serveur s'est arrêté pendant l'import)",
};

/** How often the page asks for the running import's progress (with JavaScript; without, it reloads). */
const REFRESH_SECONDS = 3;

function RunningProgress({ running }: { running: RunningImport }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [revalidator]);
  const share = running.bytesTotal ? Math.min(1, running.bytesRead / running.bytesTotal) : null;
  return (
    <section aria-labelledby="en-cours" className="card">
      {/* Without JavaScript the page reloads itself; with it, the loader is asked again (above). */}
      <noscript>
        <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
      </noscript>
      <h2 id="en-cours">Import en cours</h2>
      <p>
        {REGISTER_LABELS[running.source]}, fichier « {running.fileName} », lancé par{" "}
        {running.startedBy ?? "la commande d'import sur le serveur"} le {formatDateTime(running.startedAt)}.
      </p>
      <div className="field">
        <label htmlFor="progression">Fichier lu</label>
        {share === null ? (
          <progress id="progression" />
        ) : (
          <progress id="progression" max={running.bytesTotal ?? undefined} value={running.bytesRead} />
        )}
        <p>
          {formatBytes(running.bytesRead)}
          {running.bytesTotal ? ` sur ${formatBytes(running.bytesTotal)} (${Math.floor((share ?? 0) * 100)} %)` : null}
        </p>
      </div>
      <p>
        {formatNumber(running.read)} lignes lues, {formatNumber(running.kept)} retenues ({formatNumber(running.created)} créées,{" "}
        {formatNumber(running.updated)} mises à jour, {formatNumber(running.unchanged)} inchangées),{" "}
        {formatNumber(running.closed)} fermées.
      </p>
      <p className="small">Cette page se met à jour toute seule. Vous pouvez la quitter : l'import continue sur le serveur.</p>
    </section>
  );
}

type PastRun = SerializeFrom<typeof loader>["history"][number];

/**
 * What became of the file just sent (the page's address names its run): started, imported with its
 * counts, or failed with the reason. Polled or reloaded, the message changes in place (announced
 * politely), a failure as an alert. The box around it takes the focus when the upload's redirect
 * shows it, and keeps it as the message changes.
 */
function LaunchedRun({ launched }: { launched: PastRun }) {
  const failed = launched.status === "failed" || launched.status === "stalled";
  return (
    <div tabIndex={-1} className="launched-run" {...{ [CONFIRMATION_ATTRIBUTE]: "" }}>
      {failed ? (
        <div className="form-errors" role="alert">
          <p>
            <strong>L'import du fichier « {launched.fileName} » a échoué.</strong>
          </p>
          <p>{launched.error ?? STATUS_LABELS[launched.status]}</p>
        </div>
      ) : (
        <Notice confirmation={false}>
          {launched.status === "done" ? (
            <>
              Import terminé (fichier « {launched.fileName} ») : {formatNumber(launched.read)} lignes lues,{" "}
              {formatNumber(launched.kept)} retenues ({formatNumber(launched.created)} créées, {formatNumber(launched.updated)}{" "}
              mises à jour, {formatNumber(launched.unchanged)} inchangées), {formatNumber(launched.closed)} fermées.
            </>
          ) : (
            "Le fichier est reçu : l'import a commencé."
          )}
        </Notice>
      )}
    </div>
  );
}

function UploadForm() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "registre",
    lastResult: actionData?.result,
    constraint: getZodConstraint(RegisterUploadSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: RegisterUploadSchema }),
  });
  const register = getSelectProps(fields.register, { ariaAttributes: true });
  const extract = getInputProps(fields.extract, { type: "checkbox", ariaAttributes: true });
  const fileErrors = form.allErrors.file;
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      <div className="field">
        <label htmlFor={fields.register.id}>Registre</label>
        <select
          {...register}
          key={register.key}
          aria-describedby={fields.register.errors?.length ? fields.register.errorId : undefined}
        >
          <Options empty="Choisir…" options={REGISTER_CHOICES} />
        </select>
        <ErrorList id={fields.register.errorId} errors={fields.register.errors} />
      </div>
      <div className="field">
        <label htmlFor="fichier">Fichier CSV du registre</label>
        <p id="fichier-aide" className="hint">
          RNA : l'export « RNA Waldec » (séparateur point-virgule). SIRENE : le fichier StockEtablissement (séparateur virgule),
          ou un extrait. 2 Go au maximum ; UTF-8 ou Windows-1252.
        </p>
        <input
          id="fichier"
          type="file"
          name="file"
          accept=".csv,text/csv"
          aria-invalid={fileErrors?.length ? true : undefined}
          aria-describedby={`fichier-aide${fileErrors?.length ? " fichier-erreurs" : ""}`}
        />
        <ErrorList id="fichier-erreurs" errors={fileErrors} />
      </div>
      <div className="field">
        <label className="checkbox">
          <input {...extract} key={extract.key} />
          Ce fichier est un extrait (un département, quelques lignes) : ne pas fermer les structures qu'il ne contient pas
        </label>
      </div>
      <div>
        <SubmitButton pendingText="Envoi du fichier…">Envoyer et importer</SubmitButton>
      </div>
    </Form>
  );
}

export default function RegistersPage() {
  const { admin, running, launched, history } = useLoaderData<typeof loader>();
  const { key } = useLocation();
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <h1>Registres publics</h1>
      <p className="lead">
        Importez le répertoire des associations (RNA) ou celui des établissements (SIRENE) : les structures actives de Nantes
        deviennent des fiches « non revendiquées », que chacune peut ensuite revendiquer. Un nouveau fichier met à jour les fiches
        et ferme celles qui ont disparu.
      </p>
      {launched ? <LaunchedRun key={key} launched={launched} /> : null}
      {running ? (
        <>
          <RunningProgress running={running} />
          <p>Un seul import à la fois : vous pourrez envoyer un autre fichier quand celui-ci sera terminé.</p>
        </>
      ) : (
        <UploadForm />
      )}
      <h2>Imports précédents</h2>
      {history.length === 0 ? (
        <p>Aucun import pour l'instant.</p>
      ) : (
        <ScrollableTable caption="Imports précédents, du plus récent au plus ancien" hiddenCaption>
          <thead>
            <tr>
              <th scope="col">Commencé le</th>
              <th scope="col">Registre et fichier</th>
              <th scope="col">Lancé par</th>
              <th scope="col">État</th>
              <th scope="col" className="num">
                Lignes lues
              </th>
              <th scope="col">Résultat</th>
            </tr>
          </thead>
          <tbody>
            {history.map((run) => (
              <tr key={run.id}>
                <td>{formatDateTime(run.startedAt)}</td>
                <td>
                  {run.source ? REGISTER_LABELS[run.source] : "?"}
                  <br />« {run.fileName} »
                </td>
                <td>{run.startedBy ?? "Commande sur le serveur"}</td>
                <td>
                  {STATUS_LABELS[run.status] ?? run.status}
                  {run.finishedAt ? (
                    <>
                      <br />
                      <span className="small">fini le {formatDateTime(run.finishedAt)}</span>
                    </>
                  ) : null}
                </td>
                <td className="num">{formatNumber(run.read)}</td>
                <td>
                  {run.error ? <p>{run.error}</p> : null}
                  <p>
                    {formatNumber(run.kept)} retenues : {formatNumber(run.created)} créées, {formatNumber(run.updated)} mises à
                    jour, {formatNumber(run.unchanged)} inchangées ; {formatNumber(run.closed)} fermées.
                  </p>
                  {run.rejected.length ? (
                    <details>
                      <summary>
                        {formatNumber(run.rejected.reduce((total, reason) => total + reason.count, 0))} lignes écartées
                      </summary>
                      <ul>
                        {run.rejected.map((reason) => (
                          <li key={reason.code}>
                            {formatNumber(reason.count)} : {reason.label}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
    </div>
  );
}
