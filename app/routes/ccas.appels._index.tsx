import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { FormErrors, SubmitButton } from "~/components/forms";
import type { CallStatus } from "~/domain/call-status";
import { formatDateTime, formatDay } from "~/domain/format";
import { CALL_STATUS_LABELS, CopyCallSchema } from "~/domain/schemas/call-edition";
import { copyCall, listCalls } from "~/models/call-edition.server";
import { isCcasAdmin, requireCcas, requireCcasAdmin } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import { ScrollableTable } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Appels", description: "Les appels à coopérations et leurs éditions.", path: "/ccas/appels", matches });

/**
 * The « Publication » column: when the call became (or becomes) public, as publishCall recorded
 * it, or that it is not published. A draft's calendar date is only a plan.
 */
function publicationText(call: { status: CallStatus; publishedAt: Date | null }): string {
  if (call.status === "brouillon") return "Non publié";
  if (!call.publishedAt) return "Publié";
  return call.status === "a-venir" ? `Prévue le ${formatDay(call.publishedAt)}` : `Publié le ${formatDay(call.publishedAt)}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  const calls = await listCalls(getDb(), new Date());
  return {
    admin: isCcasAdmin(user),
    calls: calls.map((call) => ({
      slug: call.slug,
      title: call.title,
      shortTitle: call.shortTitle,
      status: call.status,
      publication: publicationText(call),
      deadline: formatDateTime(call.deadline),
      ideas: call._count.ideas,
      groupements: call._count.groupements,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCcasAdmin(request);
  const submission = parseForm(await request.formData(), { schema: CopyCallSchema });
  if (submission.status !== "success") return data({ error: "Choisissez l'appel à copier." }, { status: 400 });
  const created = await copyCall(getDb(), user, submission.value.sourceSlug);
  if (!created) return data({ error: "Cet appel n'existe pas (ou plus)." }, { status: 404 });
  return redirect(`/ccas/appels/${created.slug}?copie=1`);
}

export default function CallsPage() {
  const { admin, calls } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The newest published call, not the newest draft (a copy being prepared, which a second press
  // would copy again).
  const source = (calls.find((call) => call.status !== "brouillon") ?? calls[0])?.slug;
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <h1>Appels à coopérations</h1>
      <p>
        Chaque appel est une édition : pour lancer le suivant, préparez-le à partir d'un appel existant, modifiez-le,
        prévisualisez-le, puis publiez-le. Un brouillon n'est visible que de l'équipe du CCAS.
      </p>
      <ScrollableTable caption="Les appels et leur état" hiddenCaption>
        <thead>
          <tr>
            <th scope="col">Appel</th>
            <th scope="col">État</th>
            <th scope="col">Publication</th>
            <th scope="col">Date limite (heure de Paris)</th>
            <th scope="col" className="num">
              Idées publiées
            </th>
            <th scope="col" className="num">
              Groupements
            </th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.slug}>
              <th scope="row">
                <Link to={`/ccas/appels/${call.slug}`}>{call.title}</Link>
              </th>
              <td data-status={call.status}>{CALL_STATUS_LABELS[call.status]}</td>
              <td>{call.publication}</td>
              <td>{call.deadline}</td>
              <td className="num">{call.ideas}</td>
              <td className="num">{call.groupements}</td>
            </tr>
          ))}
        </tbody>
      </ScrollableTable>
      {admin ? (
        // Apart from the table, whose row buttons went off a phone's screen.
        <Form method="post" className="card stack" aria-labelledby="nouvel-appel">
          <h2 id="nouvel-appel">Préparer un nouvel appel</h2>
          <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
          <div className="field">
            <label htmlFor="appel-source">À partir de l'appel</label>
            <p className="hint" id="appel-source-aide">
              Le brouillon reprend ses axes, son calendrier, ses documents et ses critères ; vous les modifiez ensuite.
            </p>
            {/* The state, then the short title: a phone's closed select shows only the start. */}
            <select id="appel-source" name="sourceSlug" aria-describedby="appel-source-aide" defaultValue={source}>
              {calls.map((call) => (
                <option key={call.slug} value={call.slug}>
                  {`${CALL_STATUS_LABELS[call.status]} · ${call.shortTitle || call.title}`}
                </option>
              ))}
            </select>
          </div>
          <div>
            <SubmitButton className="button" pendingText="Copie…">
              Préparer un nouvel appel
            </SubmitButton>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
