import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { ResetPasswordSchema } from "~/domain/schemas/auth";
import { resetPasswordWithToken } from "~/models/account.server";
import { findValidToken } from "~/models/user.server";
import { sendPasswordChangedMail } from "~/utils/account-mails.server";
import { hashPassword } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { parseFormValues } from "~/utils/forms";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Choisir un nouveau mot de passe",
    description: "Réinitialisation du mot de passe.",
    path: "/nouveau-mot-de-passe",
    matches,
  });

const INVALID = "Ce lien n'est plus valable : il a déjà servi ou a plus d'une heure. Demandez-en un nouveau.";

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const record = token ? await findValidToken(getDb(), token, ["reset-password"]) : null;
  return { token, valid: Boolean(record) };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), { schema: ResetPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const db = getDb();
  const record = await findValidToken(db, submission.value.token, ["reset-password"]);
  const passwordHash = await hashPassword(submission.value.password);
  const done = record && (await resetPasswordWithToken(db, { tokenId: record.id, userId: record.userId, passwordHash }));
  if (!done) return data({ result: submission.reply({ formErrors: [INVALID], hideFields: ["password"] }) }, { status: 400 });
  sendPasswordChangedMail({ id: record.userId, email: record.user.email, name: record.user.name });
  return redirect("/connexion?motdepasse=change");
}

export default function ResetPassword() {
  const { token, valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "reset",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetPasswordSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: ResetPasswordSchema }),
  });
  if (!valid) {
    return (
      <div className="container page">
        <h1>Choisir un nouveau mot de passe</h1>
        <FormErrors errors={[INVALID]} />
        <p>
          <Link to="/mot-de-passe-oublie">Recevoir un nouveau lien</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container page">
      <h1>Choisir un nouveau mot de passe</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="token" value={token} />
        <Field
          label="Nouveau mot de passe"
          meta={fields.password}
          type="password"
          autoComplete="new-password"
          hint="Au moins 10 caractères."
        />
        <SubmitButton pendingText="Enregistrement…">Enregistrer le mot de passe</SubmitButton>
      </Form>
    </div>
  );
}
