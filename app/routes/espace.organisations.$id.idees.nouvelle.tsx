import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NothingSaved, Notice } from "~/components/forms";
import { ofName } from "~/domain/format";
import { describeStatus } from "~/domain/calendar";
import { IdeaForm } from "~/components/idea-form";
import { stagesOffered } from "~/domain/idea-stage";
import { ideaFormSchema } from "~/domain/schemas/idea";
import { getCurrentCall, getCurrentCallSubAxes } from "~/models/call.server";
import { createIdea, StageRefused } from "~/models/idea.server";
import { requireMembership } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Proposer une idée de projet",
    description: "Décrivez votre projet et les partenaires qui vous manquent.",
    path: `/espace/organisations/${params.id ?? ""}/idees/nouvelle`,
    matches,
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMembership(request, params.id ?? "");
  const db = getDb();
  const [organisation, { subAxes }, call] = await Promise.all([
    db.organisation.findUniqueOrThrow({ where: { id: params.id }, select: { id: true, name: true } }),
    getCurrentCallSubAxes(db),
    getCurrentCall(db),
  ]);
  // The call the idea joins, said before it is written when its applications are closed: its
  // partners may still be found, its file no longer filed (the move to a next call comes from « Mon espace »).
  const closedCall =
    call && (call.status === "clos" || call.status === "resultats")
      ? { title: call.shortTitle, status: describeStatus(call.status, call) }
      : null;
  // A new idea has no groupement yet: neither « Candidature déposée » nor « Lauréat ».
  return { organisation, subAxes, closedCall, stages: stagesOffered({ groupement: null }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organisationId = params.id ?? "";
  await requireMembership(request, organisationId);
  const db = getDb();
  const { callId, subAxes } = await getCurrentCallSubAxes(db);
  const submission = parseForm(await request.formData(), { schema: ideaFormSchema(subAxes.map((subAxis) => subAxis.code)) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const idea = await createIdea(db, { organisationId, callId, input: submission.value }).catch((error: unknown) => {
    if (error instanceof StageRefused) return { refused: error.reason };
    throw error;
  });
  if ("refused" in idea) return data({ result: submission.reply({ fieldErrors: { stage: [idea.refused] } }) }, { status: 400 });
  return redirect(`/espace/organisations/${organisationId}/idees/${idea.id}?cree=${idea.status}`);
}

export default function NewIdea() {
  const { organisation, subAxes, closedCall, stages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisation.id}`}>{organisation.name}</Link> ›
        Nouvelle idée
      </p>
      <h1>Proposer une idée de projet</h1>
      {/* What was refused first, in sight on a phone without JavaScript; then what the page says anyway. */}
      {actionData?.result?.status === "error" ? (
        <NothingSaved formId="idea" form="le formulaire" result={actionData.result} />
      ) : null}
      <p className="lead">
        Décrivez le projet {ofName(organisation.name)} et les partenaires qui lui manquent. L'idée sera publiée après validation
        par le CCAS.
      </p>
      {closedCall ? (
        <Notice tone="warning">
          {`L'idée sera rattachée à l'appel « ${closedCall.title} ». ${closedCall.status} Vous pouvez encore y trouver des partenaires, mais plus y déposer de dossier ; quand le CCAS publiera le prochain appel, « Mon espace » vous proposera d'y rattacher l'idée.`}
        </Notice>
      ) : null}
      <IdeaForm
        subAxes={subAxes}
        stages={stages}
        defaultValue={{ stage: "looking-for-partners" }}
        lastResult={actionData?.result}
        submitLabel="Enregistrer"
      />
    </div>
  );
}
