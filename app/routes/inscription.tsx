import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, Notice, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { SignupSchema } from "~/domain/schemas/auth";
import { createAccountUnlessTaken } from "~/models/account.server";
import { getUserByEmail } from "~/models/user.server";
import { hashPassword, requireAnonymous } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { sendSignupAttemptMail, sendVerificationMail } from "~/utils/account-mails.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { emailKey, clientIp, hitRateLimit, tooManyMessage } from "~/utils/rate-limit.server";
import { parseFormValues } from "~/utils/forms";
import { carriedRedirectPath } from "~/utils/url.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Créer un compte",
    description: "Créez votre compte pour présenter votre structure et trouver des partenaires.",
    path: "/inscription",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = carriedRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  await requireAnonymous(request, redirectTo ?? "/espace");
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseForm(formData, { schema: SignupSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), sentTo: null }, { status: 400 });

  const limit = await hitRateLimit("signup", [clientIp(context)]);
  if (!limit.ok)
    return data(
      {
        result: submission.reply({ formErrors: [tooManyMessage(limit.retryAfterSeconds)], hideFields: ["password"] }),
        sentTo: null,
      },
      { status: 429 },
    );

  // The same answer, and the same work, whether or not the address has an account: the page tells
  // no one who is registered. The address's owner gets a mail saying what to do either way.
  const db = getDb();
  const { name, email, password } = submission.value;
  const redirectTo = carriedRedirectPath(submission.value.redirectTo) ?? undefined;
  const passwordHash = await hashPassword(password);
  const created = await createAccountUnlessTaken(db, { name, email, passwordHash });
  if (created) {
    sendVerificationMail(request, created, "verify-email", created.email, redirectTo);
  } else {
    const owner = await getUserByEmail(db, email);
    if (owner && (await hitRateLimit("ownerNotice", [emailKey(email)])).ok) sendSignupAttemptMail(request, owner, redirectTo);
  }
  return { result: submission.reply({ resetForm: true }), sentTo: email };
}

export default function Signup() {
  const actionData = useActionData<typeof action>();
  const { redirectTo } = useLoaderData<typeof loader>();
  const login = redirectTo ? `/connexion?redirectTo=${encodeURIComponent(redirectTo)}` : "/connexion";
  return (
    <div className="container page">
      <h1>Créer un compte</h1>
      {actionData?.sentTo ? (
        <>
          <Notice>
            Vérifiez votre boîte mail : un message vient d'être envoyé à {actionData.sentTo}. Il vous dit comment continuer
            (confirmer votre adresse, puis vous connecter).
          </Notice>
          <p>
            Rien reçu d'ici quelques minutes ? Regardez dans les indésirables, ou{" "}
            <Link to="/inscription">recommencez avec une autre adresse</Link>.
          </p>
          <p>
            <Link to={login}>Se connecter</Link>
          </p>
        </>
      ) : (
        <SignupForm redirectTo={redirectTo} login={login} />
      )}
    </div>
  );
}

function SignupForm({ redirectTo, login }: { redirectTo: string | null; login: string }) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: SignupSchema }),
  });
  return (
    <>
      <p className="lead">Un compte personnel vous permet de présenter votre structure, ses ressources et ses projets.</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field label="Votre nom" meta={fields.name} autoComplete="name" />
        <Field
          label="Adresse e-mail"
          meta={fields.email}
          type="email"
          autoComplete="email"
          hint="Un lien de confirmation y sera envoyé."
        />
        <Field
          label="Mot de passe"
          meta={fields.password}
          type="password"
          autoComplete="new-password"
          hint="Au moins 10 caractères. Une phrase facile à retenir convient très bien."
        />
        <SubmitButton pendingText="Création du compte…">Créer mon compte</SubmitButton>
      </Form>
      <p>
        Déjà un compte ? <Link to={login}>Se connecter</Link>
      </p>
    </>
  );
}
