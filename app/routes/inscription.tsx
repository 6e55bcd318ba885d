import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { SignupSchema } from "~/domain/schemas/auth";
import { createUser, getUserByEmail } from "~/models/user.server";
import { hashPassword, requireAnonymous } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { sendVerificationMail } from "~/utils/account-mails.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { clientIp, hitRateLimit, LIMITS, tooManyMessage } from "~/utils/rate-limit.server";
import { createSession } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Créer un compte",
    description: "Créez votre compte pour présenter votre structure et trouver des partenaires.",
    path: "/inscription",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseForm(formData, { schema: SignupSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });

  const limit = hitRateLimit([`signup:ip:${clientIp(context)}`], LIMITS.signup);
  if (!limit.ok)
    return data(
      { result: submission.reply({ formErrors: [tooManyMessage(limit.retryAfterSeconds)], hideFields: ["password"] }) },
      { status: 429 },
    );

  const db = getDb();
  const { name, email, password } = submission.value;
  if (await getUserByEmail(db, email)) {
    return data(
      {
        result: submission.reply({
          fieldErrors: {
            email: ["Un compte existe déjà avec cette adresse. Connectez-vous, ou choisissez « mot de passe oublié »."],
          },
          hideFields: ["password"],
        }),
      },
      { status: 400 },
    );
  }
  const user = await createUser(db, { name, email, passwordHash: await hashPassword(password) });
  await sendVerificationMail(request, user);
  return redirect("/espace?bienvenue=1", { headers: { "Set-Cookie": await createSession(user.id, request) } });
}

export default function Signup() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
  });
  return (
    <div className="container page">
      <h1>Créer un compte</h1>
      <p className="lead">Un compte personnel vous permet de présenter votre structure, ses ressources et ses projets.</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
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
        Déjà un compte ? <Link to="/connexion">Se connecter</Link>
      </p>
    </div>
  );
}
