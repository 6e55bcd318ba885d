import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { TokenSchema } from "~/domain/schemas/auth";
import { confirmEmailWithToken } from "~/models/account.server";
import { findValidToken, getUserByEmail } from "~/models/user.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";
import { sendEmailChangedMail } from "~/utils/account-mails.server";
import { loginHintCookie } from "~/utils/session.server";
import { carriedRedirectPath } from "~/utils/url.server";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Confirmer votre adresse e-mail",
    description: "Confirmation d'adresse e-mail.",
    path: "/verifier-email",
    matches,
  });

// Opening the link shows a button; the confirmation itself is a POST (no GET changes data, and
// mail scanners that follow links confirm nothing).
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const token = params.get("token") ?? "";
  const record = token ? await findValidToken(getDb(), token, ["verify-email", "change-email"]) : null;
  return {
    token,
    valid: Boolean(record),
    email: record?.email ?? null,
    kind: record?.kind ?? null,
    redirectTo: carriedRedirectPath(params.get("redirectTo")),
  };
}

const INVALID =
  "Ce lien n'est plus valable : il a déjà servi, il a expiré, ou un lien plus récent vous a été envoyé (ouvrez le dernier message reçu). Depuis « Mon compte », vous pouvez demander un nouveau lien.";

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = TokenSchema.safeParse(form);
  if (!parsed.success) return data({ error: INVALID }, { status: 400 });
  const db = getDb();
  const record = await findValidToken(db, parsed.data.token, ["verify-email", "change-email"]);
  if (!record) return data({ error: INVALID }, { status: 400 });
  if (record.kind === "change-email" && (await getUserByEmail(db, record.email))) {
    return data({ error: "Cette adresse est déjà utilisée par un autre compte." }, { status: 400 });
  }
  // A verify-email link for an address the account no longer has confirms nothing.
  if (record.kind === "verify-email" && record.email !== record.user.email) return data({ error: INVALID }, { status: 400 });
  const done = await confirmEmailWithToken(db, { tokenId: record.id, userId: record.userId, email: record.email });
  if (!done) return data({ error: INVALID }, { status: 400 });
  // The account has moved to another address: the one it had is told.
  if (record.kind === "change-email" && record.user.email !== record.email)
    sendEmailChangedMail(record.user, record.user.email, record.email);
  // Opened from a mail client while logged out: the log-in page says the address is confirmed, and
  // then leads to the page that asked for the account, if one did.
  const redirectTo = carriedRedirectPath(form.redirectTo);
  const current = await getUser(request);
  // Logged in as someone else (a shared computer, a link forwarded): that address is confirmed, not
  // the one of the account in use — said so here, the person's own pages left alone.
  if (current && current.id !== record.userId) return { error: null, confirmedOther: record.email };
  if (current) return redirect(saying(redirectTo ?? "/espace", "email", "confirme"));
  // The log-in form starts with the address just confirmed (a cookie: not in the address bar).
  return redirect(`/connexion?email=confirme${redirectTo ? `&redirectTo=${encodeURIComponent(redirectTo)}` : ""}`, {
    headers: { "Set-Cookie": loginHintCookie(record.email) },
  });
}

/** A path of this site with one more parameter in its query (its fragment kept). */
function saying(path: string, name: string, value: string): string {
  const url = new URL(path, "http://localhost");
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}${url.hash}`;
}

export default function VerifyEmail() {
  const { token, valid, email, kind, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && "confirmedOther" in actionData)
    return (
      <div className="container page">
        <h1>Confirmer votre adresse e-mail</h1>
        <Notice>L'adresse {actionData.confirmedOther} est confirmée.</Notice>
        <p>
          Elle est celle d'un autre compte que celui avec lequel vous êtes connecté. Pour utiliser ce compte-là, déconnectez-vous
          puis connectez-vous avec cette adresse.
        </p>
        <p>
          <Link to="/compte">Aller à mon compte</Link>
        </p>
      </div>
    );
  return (
    <div className="container page">
      <h1>Confirmer votre adresse e-mail</h1>
      {valid ? (
        <Form method="post" className="stack">
          <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
          <input type="hidden" name="token" value={token} />
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <p>
            {kind === "change-email" ? "Votre nouvelle adresse" : "Votre adresse"} : <strong>{email}</strong>
          </p>
          <div>
            <SubmitButton pendingText="Confirmation…">Confirmer cette adresse</SubmitButton>
          </div>
        </Form>
      ) : (
        <>
          <FormErrors errors={[INVALID]} />
          <p>
            <Link to="/compte">Aller à mon compte</Link>
          </p>
        </>
      )}
    </div>
  );
}
