import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormErrors, Notice, SubmitButton, VALIDATE_WHEN_SENT } from "~/components/forms";
import { LoginSchema } from "~/domain/schemas/auth";
import { getUserByEmail } from "~/models/user.server";
import { requireAnonymous, verifyAccountPassword } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { clientIp, startLoginAttempt, tooManyMessage } from "~/utils/rate-limit.server";
import { clearLoginHintCookie, createSession, readLoginHint } from "~/utils/session.server";
import { carriedRedirectPath, safeRedirectPath } from "~/utils/url.server";
import { parseFormValues } from "~/utils/forms";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Se connecter", description: "Connectez-vous à votre compte Coopérons.", path: "/connexion", matches });

export async function loader({ request }: LoaderFunctionArgs) {
  // Only a path of this site is carried on (to the form, the sign-up link and the notice).
  const redirectTo = carriedRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  await requireAnonymous(request, redirectTo ?? "/espace");
  // The address just confirmed in this browser, if any: the form starts with it.
  const email = readLoginHint(request);
  return email ? { redirectTo, email } : { redirectTo };
}

const WRONG = "Adresse e-mail ou mot de passe incorrect.";

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseForm(formData, { schema: LoginSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const { email, password, redirectTo } = submission.value;

  const attempt = await startLoginAttempt({ address: clientIp(context), email });
  if (!attempt.ok)
    return data(
      { result: submission.reply({ formErrors: [tooManyMessage(attempt.retryAfterSeconds)], hideFields: ["password"] }) },
      { status: 429 },
    );

  // An unknown address is checked against a dummy hash: the answer takes as long either way.
  const user = await getUserByEmail(getDb(), email);
  const matches = await verifyAccountPassword(user, password);
  if (!user || !matches) {
    return data({ result: submission.reply({ formErrors: [WRONG], hideFields: ["password"] }) }, { status: 400 });
  }
  await attempt.succeeded();
  const headers = new Headers({ "Set-Cookie": await createSession(user.id, request) });
  if (readLoginHint(request)) headers.append("Set-Cookie", clearLoginHintCookie());
  return redirect(safeRedirectPath(redirectTo), { headers });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const loaded = useLoaderData<typeof loader>();
  const { redirectTo } = loaded;
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    defaultValue: "email" in loaded ? { email: loaded.email } : undefined,
    constraint: getZodConstraint(LoginSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: LoginSchema }),
  });
  // What brought the person here (an address confirmed, a password changed) is said on arrival,
  // not above the answer to a log-in that failed (the form posts to the same address).
  const arrival = actionData ? new URLSearchParams() : searchParams;
  return (
    <div className="container page">
      <h1>Se connecter</h1>
      {arrival.get("email") === "confirme" ? (
        <Notice>Votre adresse e-mail est confirmée. Connectez-vous pour continuer.</Notice>
      ) : null}
      {arrival.get("motdepasse") === "change" ? (
        <Notice>Votre mot de passe a été changé. Connectez-vous avec le nouveau.</Notice>
      ) : redirectTo && searchParams.get("email") !== "confirme" ? (
        <Notice tone="info">
          Pour continuer, connectez-vous : vous reviendrez ensuite à la page demandée. Pas encore de compte ? Créez-le, il est
          gratuit.
        </Notice>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
        <Field label="Adresse e-mail" meta={fields.email} type="email" autoComplete="email" />
        <Field label="Mot de passe" meta={fields.password} type="password" autoComplete="current-password" />
        <SubmitButton pendingText="Connexion…">Se connecter</SubmitButton>
      </Form>
      <p>
        <Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link> ·{" "}
        <Link to={redirectTo ? `/inscription?redirectTo=${encodeURIComponent(redirectTo)}` : "/inscription"}>
          Créer un compte
        </Link>
      </p>
    </div>
  );
}
