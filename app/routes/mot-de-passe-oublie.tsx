import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Field, FormErrors, Notice, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { ForgotPasswordSchema } from "~/domain/schemas/auth";
import { getUserByEmail } from "~/models/user.server";
import { sendPasswordResetMail } from "~/utils/account-mails.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { emailKey, clientIp, hitRateLimit, tooManyMessage } from "~/utils/rate-limit.server";
import { parseFormValues } from "~/utils/forms";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Mot de passe oublié",
    description: "Recevoir un lien pour choisir un nouveau mot de passe.",
    path: "/mot-de-passe-oublie",
    matches,
  });

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  const { email } = submission.value;
  const limit = await hitRateLimit("resetRequest", [clientIp(context)]);
  if (!limit.ok)
    return data(
      { result: submission.reply({ formErrors: [tooManyMessage(limit.retryAfterSeconds)] }), sent: false },
      { status: 429 },
    );
  // One mail per account per 10 minutes, and past that the same answer: a stranger asking again and
  // again fills no inbox and blocks no one, since the last mail sent still holds a working link.
  const mayMail = (await hitRateLimit("resetMail", [emailKey(email)])).ok;
  const user = await getUserByEmail(getDb(), email);
  if (user && mayMail) sendPasswordResetMail(request, user);
  // Same answer whether or not the address has an account: this page tells no one who is registered.
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "forgot",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: ForgotPasswordSchema }),
  });
  return (
    <div className="container page">
      <h1>Mot de passe oublié</h1>
      {actionData?.sent ? (
        <Notice>
          Si un compte existe avec cette adresse, un lien lui a été envoyé dans les 10 dernières minutes : ouvrez l'e-mail le plus
          récent. Le lien est valable une heure.
        </Notice>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Adresse e-mail du compte" meta={fields.email} type="email" autoComplete="email" />
        <SubmitButton pendingText="Envoi…">Recevoir un lien</SubmitButton>
      </Form>
    </div>
  );
}
