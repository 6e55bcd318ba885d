import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { ModerationSchema } from "~/domain/schemas/offer";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getModerationQueue } from "~/models/moderation.server";
import { publishOffer, rejectOffer } from "~/models/offer.server";
import { getAdminEmails, publishOrganisation, rejectOrganisation, verifyOrganisation } from "~/models/organisation.server";
import { requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Modération", description: "File de modération du CCAS.", path: "/ccas/moderation", matches });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCcas(request);
  return getModerationQueue(getDb());
}

export async function action({ request }: ActionFunctionArgs) {
  const moderator = await requireCcas(request);
  const db = getDb();
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ModerationSchema });
  if (submission.status !== "success") {
    return data(
      {
        entityId: String(formData.get("entityId") ?? ""),
        error: "Indiquez le motif du refus : il sera envoyé à la structure.",
        notice: undefined,
      },
      { status: 400 },
    );
  }
  const decision = submission.value;
  const organisationId =
    decision.entityType === "organisation"
      ? decision.entityId
      : (await db.offer.findUnique({ where: { id: decision.entityId }, select: { organisationId: true } }))?.organisationId;
  const exists =
    organisationId &&
    (decision.entityType === "organisation"
      ? await db.organisation.findUnique({ where: { id: organisationId }, select: { id: true } })
      : organisationId);
  if (!exists || !organisationId) throw new Response("Élément introuvable", { status: 404 });

  if (decision.intent === "publish") {
    if (decision.entityType === "organisation") {
      const { callId } = await getCurrentCallSubAxes(db);
      await publishOrganisation(db, { organisationId, moderatorId: moderator.id, callId });
    } else {
      await publishOffer(db, { offerId: decision.entityId, moderatorId: moderator.id });
    }
    return { entityId: decision.entityId, error: undefined, notice: "Publié." };
  }
  if (decision.intent === "verify") {
    await verifyOrganisation(db, { organisationId, moderatorId: moderator.id });
    return { entityId: decision.entityId, error: undefined, notice: "Structure marquée « vérifiée »." };
  }
  const what =
    decision.entityType === "organisation"
      ? "la fiche de votre structure (ou ses dernières modifications)"
      : `l'offre « ${(await db.offer.findUniqueOrThrow({ where: { id: decision.entityId }, select: { title: true } })).title} » (ou ses dernières modifications)`;
  if (decision.entityType === "organisation") {
    await rejectOrganisation(db, { organisationId, moderatorId: moderator.id, reason: decision.reason });
  } else {
    await rejectOffer(db, { offerId: decision.entityId, moderatorId: moderator.id, reason: decision.reason });
  }
  const admins = await getAdminEmails(db, organisationId);
  if (admins.length > 0) {
    await sendMail({
      to: admins,
      subject: "Votre publication n'a pas été validée — Coopérons",
      text: `Bonjour,\n\nLe CCAS n'a pas validé ${what}, pour le motif suivant :\n\n${decision.reason}\n\nVous pouvez la corriger depuis votre espace puis l'enregistrer à nouveau.\n\nL'équipe Coopérons`,
    });
  }
  return {
    entityId: decision.entityId,
    error: undefined,
    notice: "Refus enregistré ; le motif a été envoyé aux administrateurs.",
  };
}

function Decision({
  entityType,
  entityId,
  canVerify,
}: {
  entityType: "organisation" | "offer";
  entityId: string;
  canVerify?: boolean;
}) {
  const actionData = useActionData<typeof action>();
  const mine = actionData?.entityId === entityId;
  return (
    <div className="stack">
      <Form method="post" className="actions">
        <input type="hidden" name="entityType" value={entityType} />
        <input type="hidden" name="entityId" value={entityId} />
        <SubmitButton name="intent" value="publish" pendingText="Publication…">
          Publier
        </SubmitButton>
        {canVerify ? (
          <SubmitButton name="intent" value="verify" className="button-secondary">
            Marquer « vérifiée »
          </SubmitButton>
        ) : null}
      </Form>
      <Form method="post" className="stack">
        <input type="hidden" name="entityType" value={entityType} />
        <input type="hidden" name="entityId" value={entityId} />
        <FormErrors errors={mine && actionData?.error ? [actionData.error] : undefined} />
        <div className="field">
          <label htmlFor={`motif-${entityId}`}>Motif du refus (envoyé à la structure)</label>
          <textarea id={`motif-${entityId}`} name="reason" rows={2} aria-invalid={mine && actionData?.error ? true : undefined} />
        </div>
        <div>
          <SubmitButton name="intent" value="reject" className="button-danger" pendingText="Envoi…">
            Refuser
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export default function Moderation() {
  const { organisations, offers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Modération</h1>
      {/* Shown at the top: a decided item leaves the queue below. */}
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
      <p className="lead">
        Les fiches et offres nouvelles ou modifiées attendent votre validation avant d'être visibles du public.
      </p>
      <h2>Structures ({organisations.length})</h2>
      {organisations.length === 0 ? <p>Rien à valider.</p> : null}
      {organisations.map((organisation) => (
        <section
          key={organisation.id}
          className="card"
          aria-labelledby={`org-${organisation.id}`}
          style={{ marginBottom: "1rem" }}
        >
          <h3 id={`org-${organisation.id}`}>
            {organisation.name} <span className="badge">{organisation.kind === "new" ? "Nouvelle fiche" : "Modifications"}</span>
          </h3>
          <p>{organisation.shortDescription}</p>
          <p className="small">
            {organisation.sector} · {organisation.legalKind} · Identifiant : {organisation.identifier}
            {organisation.newLogo ? (
              <>
                {" "}
                · <a href={`/organisations/${organisation.slug}/logo?attente=1`}>nouveau logo</a>
              </>
            ) : null}
          </p>
          <Decision entityType="organisation" entityId={organisation.id} canVerify={!organisation.verified} />
        </section>
      ))}
      <h2>Offres de ressources ({offers.length})</h2>
      {offers.length === 0 ? <p>Rien à valider.</p> : null}
      {offers.map((offer) => (
        <section key={offer.id} className="card" aria-labelledby={`offre-${offer.id}`} style={{ marginBottom: "1rem" }}>
          <h3 id={`offre-${offer.id}`}>
            {offer.title} <span className="badge">{offer.kind === "new" ? "Nouvelle offre" : "Modifications"}</span>
          </h3>
          <p className="small">
            {offer.resource} · proposée par {offer.organisation}
            {offer.organisationPublished ? "" : " (structure pas encore publiée : l'offre ne sera visible qu'avec elle)"}
          </p>
          <p>{offer.description}</p>
          <Decision entityType="offer" entityId={offer.id} />
        </section>
      ))}
      <p>
        <Link to="/espace">Retour à mon espace</Link>
      </p>
    </div>
  );
}
