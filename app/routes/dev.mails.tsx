import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getEnv } from "~/utils/env.server";
import { listStoredMails } from "~/utils/mail.server";

export const meta: MetaFunction = () => [{ title: "Mails de développement · Coopérons" }, { name: "robots", content: "noindex" }];

/** Development only: the mails written to DATA_DIR/mails when no SMTP_URL is set. */
export async function loader(_args: LoaderFunctionArgs) {
  if (getEnv().NODE_ENV !== "development") throw new Response("Page introuvable", { status: 404 });
  return { mails: listStoredMails() };
}

export default function DevMails() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <h1>Mails envoyés (développement)</h1>
      {mails.length === 0 ? <p>Aucun mail pour l'instant.</p> : null}
      {mails.map((mail) => (
        <article key={mail.id} className="card" style={{ marginBottom: "1rem" }}>
          <h2 style={{ fontSize: "1.1rem", marginTop: 0 }}>{mail.subject}</h2>
          <p className="small muted">
            À : {Array.isArray(mail.to) ? mail.to.join(", ") : mail.to} · {mail.date}
          </p>
          <pre style={{ whiteSpace: "pre-wrap" }}>{mail.text}</pre>
        </article>
      ))}
    </div>
  );
}
