import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ofName } from "~/domain/format";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import * as z from "~/utils/zod";
import { CcasNav } from "~/components/ccas-nav";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { StatusBadge } from "~/components/status-badge";
import { fixMisplacedPoint, getMisplacedPoints, type MisplacedPoint } from "~/models/point-check.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Points à vérifier",
    description: "Structures et offres placées hors de Nantes ou dans un autre quartier que le leur.",
    path: "/ccas/points",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  return { ...(await getMisplacedPoints(getDb())), admin: isCcasAdmin(user) };
}

const FixSchema = z.object({
  intent: z.literal("fix"),
  type: z.enum(["organisation", "offer"]),
  id: z.string().min(1),
});

export async function action({ request }: ActionFunctionArgs) {
  await requireCcas(request);
  const submission = parseForm(await request.formData(), { schema: FixSchema });
  if (submission.status !== "success") return data({ error: "Choisissez le point à corriger." }, { status: 400 });
  const fixed = await fixMisplacedPoint(getDb(), submission.value);
  if (!fixed) return data({ error: "Ce point a déjà été corrigé : la liste est à jour." }, { status: 409 });
  return redirect("/ccas/points?corrige=1");
}

function problemText(item: MisplacedPoint) {
  if (item.problem.kind === "outside") return "Le point est en dehors de Nantes.";
  return `Le point est dans le quartier ${item.problem.pointQuartier.label}, la fiche indique ${
    item.savedQuartier ? `« ${item.savedQuartier} »` : "aucun quartier"
  }.`;
}

function fixLabel(item: MisplacedPoint) {
  if (item.problem.kind === "outside")
    return item.savedQuartier ? `Retirer le point (le quartier ${item.savedQuartier} reste)` : "Retirer le point";
  return `Indiquer le quartier ${item.problem.pointQuartier.label}`;
}

function Item({ item }: { item: MisplacedPoint }) {
  const headingId = `${item.type}-${item.id}`;
  return (
    <li className="card">
      <h3 id={headingId}>{item.title}</h3>
      {item.type === "offer" ? <p className="small">Offre {ofName(item.organisation.name)}</p> : null}
      <p>
        <StatusBadge status={item.status} />
      </p>
      <p>{problemText(item)}</p>
      <p className="actions">
        {item.organisation.status === "published" ? (
          <Link to={`/organisations/${item.organisation.slug}`}>
            Voir la fiche publique<span className="visually-hidden"> {ofName(item.organisation.name)}</span>
          </Link>
        ) : null}
        {item.status === "pending" ? (
          <Link to="/ccas/moderation">
            Dans la file de modération<span className="visually-hidden"> : {item.title}</span>
          </Link>
        ) : null}
      </p>
      <Form method="post">
        <input type="hidden" name="type" value={item.type} />
        <input type="hidden" name="id" value={item.id} />
        <SubmitButton name="intent" value="fix" className="button-secondary" pendingText="Correction…">
          {fixLabel(item)}
          <span className="visually-hidden"> : {item.title}</span>
        </SubmitButton>
      </Form>
    </li>
  );
}

export default function MisplacedPoints() {
  const { organisations, offers, admin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <p className="small">
        <Link to="/ccas/moderation">Modération</Link> › Points à vérifier
      </p>
      <h1>Points à vérifier sur la carte</h1>
      <p className="lead">
        Ces structures et ces offres ont un point placé en dehors de Nantes, ou dans un autre quartier que celui qu'indique leur
        fiche. Corriger retire le point hors de Nantes, ou donne à la fiche le quartier du point. Vous pouvez aussi prévenir la
        structure, qui replacera son adresse.
      </p>
      {searchParams.get("corrige") ? <Notice>Point corrigé.</Notice> : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      <h2>Structures ({organisations.length})</h2>
      {organisations.length === 0 ? (
        <p>Aucune structure à corriger.</p>
      ) : (
        <ul className="cards">
          {organisations.map((item) => (
            <Item key={item.id} item={item} />
          ))}
        </ul>
      )}
      <h2>Offres de ressources ({offers.length})</h2>
      {offers.length === 0 ? (
        <p>Aucune offre à corriger.</p>
      ) : (
        <ul className="cards">
          {offers.map((item) => (
            <Item key={item.id} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}
