// When the CCAS publishes a new call, the lead of an idea (and of its groupement, while it is not
// filed) may move it there: sub-axes that the new call also has are kept, the others are chosen
// again. Reached from the notification sent at the publication.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CheckboxesField, FormErrors, Notice, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { createMoveSchema } from "~/domain/schemas/call-edition";
import { getMove, moveIdeaToCall } from "~/models/call-edition.server";
import { requireMembership, requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { parseFormValues } from "~/utils/forms";

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Rattacher au nouvel appel",
    description: "Rattacher une idée et son groupement au nouvel appel à coopérations.",
    path: `/espace/changer-d-appel/${params.ideaId ?? ""}`,
    matches,
  });

/** The idea's lead organisation's admins only: the move changes what the idea applies to. */
async function requireLead(request: Request, ideaId: string) {
  await requireUser(request);
  const move = await getMove(getDb(), ideaId);
  if (!move) throw new Response("Idée introuvable", { status: 404 });
  await requireMembership(request, move.idea.organisationId, ["admin"]);
  return move;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const move = await requireLead(request, params.ideaId ?? "");
  return {
    idea: {
      id: move.idea.id,
      title: move.idea.title,
      organisationId: move.idea.organisationId,
      callTitle: move.idea.call.title,
      groupement: move.idea.groupement
        ? { title: move.idea.groupement.title, filed: move.idea.groupement.submittedAt !== null }
        : null,
    },
    target: move.target,
    kept: move.kept,
    dropped: move.dropped,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const move = await requireLead(request, params.ideaId ?? "");
  if (!move.target) throw new Response("Aucun nouvel appel n'est publié", { status: 409 });
  const schema = createMoveSchema(move.target.subAxes.map((subAxis) => subAxis.code));
  const submission = parseForm(await request.formData(), { schema });
  if (submission.status !== "success")
    return data<{ result: SubmissionResult<string[]>; error?: string }>({ result: submission.reply() }, { status: 400 });
  const moved = await moveIdeaToCall(getDb(), {
    ideaId: move.idea.id,
    targetCallId: move.target.id,
    subAxes: submission.value.subAxes,
  });
  if (!moved.ok) return data({ result: submission.reply(), error: moved.error }, { status: 409 });
  return redirect(`/espace/organisations/${move.idea.organisationId}/idees/${move.idea.id}?appel=change`);
}

export default function MoveIdeaPage() {
  const { idea, target, kept, dropped } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const schema = createMoveSchema(target?.subAxes.map((subAxis) => subAxis.code) ?? []);
  const [form, fields] = useForm({
    id: "move",
    defaultValue: { subAxes: kept },
    lastResult: actionData?.result,
    ...VALIDATE_WHEN_SENT,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  const back = <Link to={`/espace/organisations/${idea.organisationId}/idees/${idea.id}`}>Revenir à l'idée</Link>;
  return (
    <div className="container page">
      <h1>Rattacher « {idea.title} » au nouvel appel</h1>
      {!target ? (
        <>
          <p>Cette idée est déjà rattachée à l'appel le plus récent : il n'y a rien à changer.</p>
          <p>{back}</p>
        </>
      ) : idea.groupement?.filed ? (
        <>
          <p>
            Le groupement « {idea.groupement.title} » a été déposé pour « {idea.callTitle} » : il reste rattaché à cet appel.
          </p>
          <p>{back}</p>
        </>
      ) : (
        <>
          <p>
            Votre idée est rattachée à « {idea.callTitle} ». Le CCAS a publié « {target.title} » : vous pouvez l'y rattacher
            {idea.groupement ? `, avec son groupement « ${idea.groupement.title} »` : ""}.
          </p>
          {dropped.length > 0 ? (
            <Notice tone="warning" confirmation={false}>
              {dropped.length === 1 ? `Le sous-axe ${dropped[0]} n'existe` : `Les sous-axes ${dropped.join(", ")} n'existent`} pas
              dans le nouvel appel : choisissez à nouveau les sous-axes de votre idée ci-dessous.
            </Notice>
          ) : kept.length > 0 ? (
            <p>Les sous-axes de votre idée existent aussi dans le nouvel appel : ils sont repris.</p>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(actionData?.error ? [actionData.error] : [])]} />
            <CheckboxesField legend="Sous-axes du nouvel appel" meta={fields.subAxes} options={target.subAxes} />
            <div className="actions">
              <SubmitButton pendingText="Rattachement…">Rattacher au nouvel appel</SubmitButton>
              {back}
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
