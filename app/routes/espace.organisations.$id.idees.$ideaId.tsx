import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, Notice, NothingSaved, SubmitButton } from "~/components/forms";
import { IdeaForm } from "~/components/idea-form";
import { StatusBadge } from "~/components/status-badge";
import { stagesOffered } from "~/domain/idea-stage";
import { ideaFormSchema, ideaPublicationProblems, StageSchema } from "~/domain/schemas/idea";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { getIdeaForEdit, getStageFacts, setIdeaStage, StageRefused, updateIdea } from "~/models/idea.server";
import { requireMembership } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { answerDone, withFlash } from "~/utils/flash.server";
import { pageMeta } from "~/utils/meta";
import { useCleanAddress } from "~/utils/use-clean-address";

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Idée de projet",
    description: "Modifier une idée de projet.",
    path: `/espace/organisations/${params.id ?? ""}/idees/${params.ideaId ?? ""}`,
    matches,
  });

/** The idea, only if it belongs to that organisation: another's id is a 404. */
async function requireIdea(request: Request, organisationId: string, ideaId: string) {
  // Read beside the membership (one wait fewer); nothing of it is used or shown until it is granted.
  const [, edit] = await Promise.all([requireMembership(request, organisationId), getIdeaForEdit(getDb(), ideaId)]);
  if (!edit || edit.idea.organisationId !== organisationId) throw new Response("Idée introuvable", { status: 404 });
  return edit;
}

/** The idea's page in the structure's space, where its forms come back to. */
const ideaPage = (params: { id?: string; ideaId?: string }) =>
  `/espace/organisations/${params.id ?? ""}/idees/${params.ideaId ?? ""}`;

export async function loader(args: LoaderFunctionArgs) {
  // With what a form sent without JavaScript said, once (the action asked for this page again after it).
  return withFlash(args.request, ideaPage(args.params), await readPage(args));
}

async function readPage({ request, params }: LoaderFunctionArgs) {
  const { idea, form } = await requireIdea(request, params.id ?? "", params.ideaId ?? "");
  const movedHere = new URL(request.url).searchParams.get("appel") === "change";
  const [{ subAxes }, { groupementId, facts }, moved] = await Promise.all([
    getCurrentCallSubAxes(getDb()),
    getStageFacts(getDb(), idea),
    // Sent back here by « Rattacher au nouvel appel »: the call it now belongs to, named.
    movedHere ? getDb().idea.findUnique({ where: { id: idea.id }, select: { call: { select: { title: true } } } }) : null,
  ]);
  return {
    movedTo: moved?.call.title ?? null,
    groupementId,
    stages: stagesOffered(facts, idea.stage),
    organisationId: idea.organisationId,
    subAxes,
    idea: {
      id: idea.id,
      slug: idea.slug,
      title: idea.title,
      status: idea.status,
      stage: idea.stage,
      moderationReason: idea.moderationReason,
      hasPendingChanges: Boolean(idea.pendingChanges),
    },
    problems: ideaPublicationProblems(form),
    form: {
      ...form,
      expectedStart: form.expectedStart?.toISOString().slice(0, 10),
      addressesIsolation: form.addressesIsolation ? "on" : undefined,
      addressesPrecarity: form.addressesPrecarity ? "on" : undefined,
      wholeCity: form.wholeCity ? "on" : undefined,
    },
  };
}

/** The reason of a refused stage, beside its field; any other failure goes on. */
function refusedStage(error: unknown): string {
  if (error instanceof StageRefused) return error.reason;
  throw error;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { idea, form } = await requireIdea(request, params.id ?? "", params.ideaId ?? "");
  const db = getDb();
  const formData = await request.formData();
  if (formData.get("intent") === "create-groupement") {
    const groupement = await createGroupementFromIdea(db, idea.id);
    return redirect(`/groupements/${groupement.id}`);
  }
  if (formData.get("intent") === "stage") {
    const parsed = StageSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data(
        { intent: "stage", result: undefined, error: "Choisissez une étape de la liste.", notice: undefined },
        { status: 400 },
      );
    const refusal = await setIdeaStage(db, idea.id, parsed.data.stage).then(
      () => null,
      (error: unknown) => refusedStage(error),
    );
    if (refusal) return data({ intent: "stage", result: undefined, error: refusal, notice: undefined }, { status: 400 });
    return answerDone(request, ideaPage(params), {
      intent: "stage",
      result: undefined,
      error: undefined,
      notice: "Étape mise à jour.",
    });
  }
  const { subAxes } = await getCurrentCallSubAxes(db);
  // The date the idea has (published or waiting) is kept even if past: ideaFormSchema.
  const kept = form.expectedStart?.toISOString().slice(0, 10);
  const submission = parseForm(formData, {
    schema: ideaFormSchema(
      subAxes.map((subAxis) => subAxis.code),
      kept,
    ),
  });
  if (submission.status !== "success")
    return data({ intent: "save", result: submission.reply(), error: undefined, notice: undefined }, { status: 400 });
  // The stage moves without moderation: what it says of the call must be true already.
  const saved = await updateIdea(db, idea.id, submission.value).catch((error: unknown) => ({
    stageRefused: refusedStage(error),
  }));
  if ("stageRefused" in saved)
    return data(
      {
        intent: "save",
        result: submission.reply({ fieldErrors: { stage: [saved.stageRefused] } }),
        error: undefined,
        notice: undefined,
      },
      { status: 400 },
    );
  if (saved.transition.effect === "refuse") {
    return data(
      {
        intent: "save",
        result: submission.reply({ formErrors: ideaPublicationProblems(submission.value) }),
        error: undefined,
        notice: undefined,
      },
      { status: 400 },
    );
  }
  const notice =
    saved.after === "changes-pending"
      ? "Modifications enregistrées : elles seront visibles après validation par le CCAS ; d'ici là, la version actuelle reste en ligne."
      : saved.after === "pending"
        ? "Idée enregistrée et envoyée au CCAS pour validation."
        : "Brouillon enregistré.";
  return answerDone(request, ideaPage(params), { intent: "save", result: submission.reply(), error: undefined, notice });
}

/** What the page was sent here to say once (« Idée créée… », a new call): out of the address bar once said. */
const ARRIVAL_PARAMS = ["cree", "appel"] as const;

export default function EditIdea() {
  const { idea, form, subAxes, organisationId, problems, groupementId, stages, movedTo, flashed } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  useCleanAddress(ARRIVAL_PARAMS);
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisationId}`}>Fiche de la structure</Link> ›
        Idée
      </p>
      <h1>{idea.title}</h1>
      {searchParams.get("cree") === "pending" ? <Notice>Idée créée et envoyée au CCAS pour validation.</Notice> : null}
      {searchParams.get("cree") === "draft" ? <Notice tone="info">Idée enregistrée comme brouillon.</Notice> : null}
      {searchParams.get("appel") === "change" && movedTo ? (
        <Notice>{`Idée rattachée à « ${movedTo} »${groupementId ? ", avec son groupement" : ""}.`}</Notice>
      ) : null}
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
      {!actionData && flashed ? <Notice>{flashed.notice}</Notice> : null}
      {actionData?.intent === "save" && actionData.result?.status === "error" ? (
        <NothingSaved formId="idea" form="le formulaire de l'idée" result={actionData.result} />
      ) : null}
      <p>
        <StatusBadge status={idea.status} />{" "}
        {idea.hasPendingChanges ? <span className="small">Modifications en attente de validation</span> : null}
      </p>
      {idea.moderationReason ? <Notice tone="warning">Message du CCAS : {idea.moderationReason}</Notice> : null}
      {idea.status !== "published"
        ? problems.map((problem) => (
            <Notice key={problem} tone="warning">
              {problem}
            </Notice>
          ))
        : null}
      {idea.status === "published" ? (
        <>
          <p>
            <Link to={`/idees/${idea.slug}`}>Voir la page publique</Link>
          </p>
          <h2>Étape du projet</h2>
          <Form method="post" className="actions">
            <FormErrors errors={actionData?.intent === "stage" && actionData.error ? [actionData.error] : undefined} />
            <label htmlFor="etape">Étape</label>
            <select id="etape" name="stage" defaultValue={idea.stage}>
              {stages.map((stage) => (
                <option key={stage.code} value={stage.code}>
                  {stage.label}
                </option>
              ))}
            </select>
            <SubmitButton name="intent" value="stage" className="button-secondary">
              Changer d'étape
            </SubmitButton>
          </Form>
        </>
      ) : null}
      <h2 id="groupement">Groupement</h2>
      {groupementId ? (
        <p>
          <Link to={`/groupements/${groupementId}`} className="button-secondary">
            Ouvrir l'espace du groupement
          </Link>
        </p>
      ) : (
        <Form method="post" className="stack">
          <p>
            Réunissez votre structure et les partenaires acceptés dans un groupement, et vérifiez-le règle par règle avant de
            candidater.
          </p>
          <div>
            <SubmitButton name="intent" value="create-groupement" pendingText="Création…">
              Créer le groupement
            </SubmitButton>
          </div>
        </Form>
      )}

      <h2>Contenu de l'idée</h2>
      <IdeaForm
        subAxes={subAxes}
        stages={stages}
        stageKept={idea.status === "published" ? idea.stage : undefined}
        defaultValue={form}
        lastResult={actionData?.intent === "save" ? actionData.result : undefined}
        submitLabel="Enregistrer"
      />
    </div>
  );
}
