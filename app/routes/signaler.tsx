import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, Notice, SubmitButton, TextareaField, VALIDATE_WHEN_SENT } from "~/components/forms";
import { ReportSchema } from "~/domain/schemas/idea";
import { createReport, findReportable, hasOpenReport, type ReportedType } from "~/models/report.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { hitRateLimit, tooManyMessage } from "~/utils/rate-limit.server";
import { parseFormValues } from "~/utils/forms";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Signaler au CCAS", description: "Signaler un contenu au CCAS.", path: "/signaler", matches });

const WHAT: Record<ReportedType, string> = { organisation: "la fiche", offer: "l'offre", idea: "l'idée" };

function isReportedType(value: string | null): value is ReportedType {
  return value === "organisation" || value === "offer" || value === "idea";
}

async function requireTarget(entityType: string | null, entityId: string | null) {
  if (!isReportedType(entityType)) throw new Response("Élément introuvable", { status: 404 });
  const target = entityId ? await findReportable(getDb(), entityType, entityId) : null;
  if (!target) throw new Response("Élément introuvable", { status: 404 });
  return { entityType, target };
}

const ALREADY = "Vous avez déjà signalé ce contenu ; l'équipe du CCAS l'examine.";
const UNVERIFIED =
  "Pour signaler un contenu, confirmez d'abord votre adresse e-mail : ouvrez le lien reçu par mail, ou demandez-en un nouveau depuis « Mon compte ».";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const { entityType, target } = await requireTarget(url.searchParams.get("type"), url.searchParams.get("id"));
  const entityId = url.searchParams.get("id")!;
  return {
    entityType,
    entityId,
    what: WHAT[entityType],
    title: target.title,
    link: target.link,
    verified: Boolean(user.emailVerifiedAt),
    alreadyReported: await hasOpenReport(getDb(), { reporterId: user.id, entityType, entityId }),
  };
}

// Reports come from confirmed accounts only, one open report per person and item, and a few a day.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseForm(await request.formData(), { schema: ReportSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  await requireTarget(submission.value.entityType, submission.value.entityId);
  if (!user.emailVerifiedAt)
    return data({ result: submission.reply({ formErrors: [UNVERIFIED] }), sent: false }, { status: 403 });
  const report = { ...submission.value, reporterId: user.id };
  if (await hasOpenReport(getDb(), report))
    return data({ result: submission.reply(), sent: false, already: true }, { status: 409 });
  const limit = await hitRateLimit("report", [`account:${user.id}`]);
  if (!limit.ok) {
    const formErrors = [tooManyMessage(limit.retryAfterSeconds, "Vous avez envoyé beaucoup de signalements aujourd'hui")];
    return data({ result: submission.reply({ formErrors }), sent: false }, { status: 429 });
  }
  if (!(await createReport(getDb(), report))) {
    return data({ result: submission.reply(), sent: false, already: true }, { status: 409 });
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function Report() {
  const { entityType, entityId, what, title, link, verified, alreadyReported } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "report",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ReportSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: ReportSchema }),
  });
  return (
    <div className="container page">
      <h1>
        Signaler {what} « {title} »
      </h1>
      {actionData?.sent ? (
        <Notice>
          Merci : votre signalement a été transmis au CCAS. <Link to={link}>Retour à la page</Link>
        </Notice>
      ) : alreadyReported || (actionData && "already" in actionData) ? (
        <Notice tone="info">
          {ALREADY} <Link to={link}>Retour à la page</Link>
        </Notice>
      ) : !verified ? (
        <Notice tone="warning">
          {UNVERIFIED} <Link to="/compte">Mon compte</Link>
        </Notice>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="entityType" value={entityType} />
          <input type="hidden" name="entityId" value={entityId} />
          <TextareaField
            label="Ce qui pose problème"
            meta={fields.reason}
            rows={5}
            hint="Informations fausses, contenu inapproprié, structure qui n'existe pas… Le CCAS examinera votre signalement."
          />
          <div className="actions">
            <SubmitButton pendingText="Envoi…">Envoyer le signalement</SubmitButton>
            <Link to={link}>Annuler</Link>
          </div>
        </Form>
      )}
    </div>
  );
}
