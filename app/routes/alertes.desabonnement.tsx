import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { describeUnsubscribe, readUnsubscribeToken, unsubscribe } from "~/models/alert.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Se désabonner des alertes",
    description: "Ne plus recevoir les alertes de Coopérons.",
    path: "/alertes/desabonnement",
    matches,
  });

const INVALID =
  "Ce lien de désabonnement n'est pas valide : il a peut-être été coupé ou modifié. Copiez-le en entier depuis l'e-mail, ou connectez-vous pour gérer vos alertes dans « Mon compte ».";

type PageData = { state: "invalid" } | { state: "gone" } | { state: "confirm" | "already" | "done"; what: string; token: string };

// The link of an alert mail works without logging in: the token is signed and says who and what.
// Opening it changes nothing (mail scanners follow links); the button, or a mail client's one-click
// POST (RFC 8058, with no session and no Origin), unsubscribes.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const reader = readUnsubscribeToken(token);
  if (!reader) return data<PageData>({ state: "invalid" }, { status: 400 });
  const target = await describeUnsubscribe(getDb(), reader);
  if (!target) return data<PageData>({ state: "gone" });
  return data<PageData>({ state: target.done ? "already" : "confirm", what: target.what, token: token! });
}

export async function action({ request }: ActionFunctionArgs) {
  // A mail client posts to the link itself (the token in the address); the page's form sends it too.
  const formData = await request.formData();
  const field = formData.get("token");
  const token = new URL(request.url).searchParams.get("token") ?? (typeof field === "string" ? field : null);
  const reader = readUnsubscribeToken(token);
  if (!reader) return data<PageData>({ state: "invalid" }, { status: 400 });
  const db = getDb();
  const target = await describeUnsubscribe(db, reader);
  if (!target) return data<PageData>({ state: "gone" });
  await unsubscribe(db, reader);
  return data<PageData>({ state: "done", what: target.what, token: token! });
}

export default function Unsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const page = useActionData<typeof action>() ?? loaded;
  return (
    <div className="container page">
      <h1>Se désabonner des alertes</h1>
      {page.state === "invalid" ? <FormErrors errors={[INVALID]} /> : null}
      {page.state === "gone" ? <p>Cette alerte n'existe plus : vous ne la recevrez plus, il n'y a rien à faire.</p> : null}
      {page.state === "done" ? <Notice>{`C'est fait : vous ne recevrez plus ${page.what}.`}</Notice> : null}
      {page.state === "already" ? <p>{`Vous ne recevez déjà plus ${page.what}.`}</p> : null}
      {page.state === "confirm" ? (
        <Form method="post" action={`/alertes/desabonnement?token=${encodeURIComponent(page.token)}`} className="stack">
          <p>{`Ne plus recevoir ${page.what} ?`}</p>
          <input type="hidden" name="token" value={page.token} />
          <div>
            <SubmitButton pendingText="Désabonnement…">Me désabonner</SubmitButton>
          </div>
        </Form>
      ) : null}
      <p>
        Vos recherches enregistrées et vos alertes se règlent aussi dans{" "}
        <Link to="/compte/alertes">Mon compte › Mes alertes</Link> (connexion nécessaire) : vous pourrez y reprendre les alertes
        quand vous voudrez.
      </p>
    </div>
  );
}
