// « Publier l'appel »: a page that says what publishing does and lists what looks unfinished
// (dates past or out of order block it; « (copie) », « -copie » and last year's years are to check),
// then one button. The leads of published ideas and open groupements of the other calls are told
// and may move them to it: their notifications are recorded with the publication and mailed after
// the response.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { CallReadiness } from "~/components/call-readiness";
import { FormErrors, SubmitButton } from "~/components/forms";
import { PUBLICATION_REFUSED } from "~/domain/call-readiness";
import { isPastDeadline } from "~/domain/call-status";
import { formatDateTime, formatDay } from "~/domain/format";
import { getCallReadiness, publishCall } from "~/models/call-edition.server";
import { deliverQueuedSoon } from "~/models/notification-queue.server";
import { requireCcasAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { absoluteUrl } from "~/utils/url.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta({
    title: data ? `Publier : ${data.call.shortTitle}` : "Publier l'appel",
    description: "Publier un appel à coopérations.",
    path: data ? `/ccas/appels/${data.call.slug}/publier` : "/ccas/appels",
    matches,
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCcasAdmin(request);
  const db = getDb();
  const call = await db.call.findUnique({
    where: { slug: params.slug ?? "" },
    select: {
      id: true,
      slug: true,
      title: true,
      shortTitle: true,
      draft: true,
      deadline: true,
      events: { where: { kind: "publication" }, select: { startsAt: true } },
    },
  });
  if (!call) throw new Response("Appel introuvable", { status: 404 });
  const now = new Date();
  const publication = call.events[0]?.startsAt ?? null;
  return {
    call: {
      slug: call.slug,
      title: call.title,
      shortTitle: call.shortTitle,
      draft: call.draft,
      deadline: formatDateTime(call.deadline),
      deadlinePast: isPastDeadline(call, now),
      // Only a publication date still ahead makes it « à venir »; a past one opens it at once.
      comingUntil: publication && publication.getTime() > now.getTime() ? formatDay(publication) : null,
    },
    issues: call.draft ? await getCallReadiness(db, call.id, now) : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCcasAdmin(request);
  const db = getDb();
  const call = await db.call.findUnique({ where: { slug: params.slug ?? "" }, select: { id: true, slug: true } });
  if (!call) throw new Response("Appel introuvable", { status: 404 });
  const formData = await request.formData();
  if (formData.get("intent") !== "publish") throw new Response("Action inconnue", { status: 400 });
  const result = await publishCall(db, user, call.id, { link: absoluteUrl });
  if (!result.ok) return data({ errors: result.errors }, { status: 409 });
  // The mails go after the response; the server's loop sends whatever this run could not.
  void deliverQueuedSoon(db, sendMail);
  return redirect(`/ccas/appels/${call.slug}?publie=1`);
}

/**
 * A refusal (409) reads the call again: what refused it changed since the page was drawn (a deadline
 * moved in another tab), and the page must not still say « ouvert jusqu'au… » beside its button.
 * Remix skips that after an answer of 400 or more unless asked.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function PublishCallPage() {
  const { call, issues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const blocked = issues.some((issue) => issue.blocking);
  const editPath = `/ccas/appels/${call.slug}`;
  return (
    <div className="container page">
      <CcasNav admin />
      <p className="small">
        <Link to="/ccas/appels">Appels</Link> › <Link to={editPath}>{call.shortTitle}</Link> › Publier
      </p>
      <h1>Publier l'appel</h1>
      <FormErrors intro={PUBLICATION_REFUSED} errors={actionData?.errors} />
      {call.draft ? (
        <>
          <p>
            Vous allez publier « {call.title} ».{" "}
            {call.deadlinePast
              ? `Sa date limite de dépôt, le ${call.deadline} (heure de Paris), est déjà passée.`
              : `${
                  call.comingUntil
                    ? `Il sera présenté comme « à venir » jusqu'au ${call.comingUntil}, date de publication de son calendrier, puis ouvert`
                    : "Il sera ouvert dès maintenant"
                } jusqu'au ${call.deadline} (heure de Paris).`}
          </p>
          <CallReadiness issues={issues} editPath={editPath} />
          <h2>Ce que fait la publication</h2>
          <ul>
            <li>La page d'accueil et les pages des axes le présenteront à tous.</li>
            <li>
              Les structures qui portent une idée publiée ou un groupement non déposé d'un autre appel recevront un message leur
              proposant de les rattacher à celui-ci.
            </li>
            <li>Ensuite, un sous-axe utilisé ne pourra plus être supprimé ni recodé, ni l'adresse de l'appel changée.</li>
          </ul>
          <p>
            <Link to={`${editPath}/apercu`}>Revoir l'aperçu avant de publier</Link>
          </p>
          {blocked ? (
            <p>
              <strong>La publication attend les corrections ci-dessus.</strong> <Link to={editPath}>Revenir à l'appel</Link>
            </p>
          ) : (
            <Form method="post" className="actions">
              <SubmitButton name="intent" value="publish" pendingText="Publication…">
                Publier l'appel
              </SubmitButton>
              <Link to={editPath}>Annuler</Link>
            </Form>
          )}
        </>
      ) : (
        <p>Cet appel est déjà publié.</p>
      )}
    </div>
  );
}
