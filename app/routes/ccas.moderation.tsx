import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CcasNav } from "~/components/ccas-nav";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { ClaimDecisionSchema, isClaimDecisionIntent } from "~/domain/schemas/claim";
import { ModerationSchema } from "~/domain/schemas/offer";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getModerationQueue, ownerOf, type ModeratedType } from "~/models/moderation.server";
import { publishIdea, rejectIdea } from "~/models/idea.server";
import { acceptClaim, mailClaimAccepted, mailClaimRefused, refuseClaim } from "~/models/profile-claim.server";
import { dismissReport, unpublishReported } from "~/models/report.server";
import { publishOffer, rejectOffer } from "~/models/offer.server";
import { getAdmins, publishOrganisation, rejectOrganisation, verifyOrganisation } from "~/models/organisation.server";
import { isCcasAdmin, requireCcas } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import { parseForm } from "~/utils/forms.server";
import { sendMail } from "~/utils/mail.server";
import { absoluteUrl } from "~/utils/url.server";
import { OTHER_CLAIM_ACCEPTED } from "~/domain/registers/claims";
import { answerDone, withFlash } from "~/utils/flash.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({ title: "Modération", description: "File de modération du CCAS.", path: "/ccas/moderation", matches });

const PAGE = "/ccas/moderation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCcas(request);
  // With what a decision sent without JavaScript said, once (the action asked for this page again after it).
  return withFlash(request, PAGE, { ...(await getModerationQueue(getDb())), admin: isCcasAdmin(user) });
}

/** A publication is told to the item's administrators as each chose in « Mon compte » (perhaps no mail). */
const OWNERS_TOLD = "Ses administrateurs en sont informés, selon leur choix de notification.";

export async function action(args: ActionFunctionArgs) {
  const answer = await decide(args);
  // Decided, without JavaScript: the queue by a GET (a reload does not decide again), at its top
  // where the notice is — not at the item the form was sent from, which may stay in the queue
  // (a structure marked « vérifiée »).
  if ("key" in answer && answer.notice)
    return answerDone(args.request, PAGE, { ...answer, intent: answer.key, notice: answer.notice }, { at: "contenu" });
  return answer;
}

async function decide({ request }: ActionFunctionArgs) {
  const moderator = await requireCcas(request);
  const db = getDb();
  const formData = await request.formData();
  const key = String(formData.get("entityId") ?? formData.get("reportId") ?? formData.get("claimId") ?? "");
  if (isClaimDecisionIntent(formData.get("intent"))) return decideClaim(formData, moderator.id, key);
  const submission = parseForm(formData, { schema: ModerationSchema });
  if (submission.status !== "success") {
    return data({ key, error: "Écrivez le motif : il sera envoyé à la structure.", notice: undefined }, { status: 400 });
  }
  const decision = submission.value;
  // Each administrator their own mail, greeted by name (as the validation's notification is).
  const mailAdmins = async (organisationId: string, subject: string, body: string) => {
    for (const admin of await getAdmins(db, organisationId))
      await sendMail({ to: admin.email, subject, text: `Bonjour ${admin.name},\n\n${body}\n\nL'équipe Coopérons` });
  };

  if (decision.intent === "dismiss") {
    if (!(await dismissReport(db, { reportId: decision.reportId, moderatorId: moderator.id })))
      throw new Response("Signalement introuvable", { status: 404 });
    return { key, error: undefined, notice: "Signalement classé sans suite." };
  }
  if (decision.intent === "unpublish") {
    const report = await db.report.findUnique({ where: { id: decision.reportId }, select: { entityType: true, entityId: true } });
    const owner = report ? await ownerOf(db, report.entityType as ModeratedType, report.entityId) : null;
    if (
      !report ||
      !owner ||
      !(await unpublishReported(db, { reportId: decision.reportId, moderatorId: moderator.id, reason: decision.reason }))
    ) {
      throw new Response("Signalement introuvable", { status: 404 });
    }
    await mailAdmins(
      owner.organisationId,
      "Un contenu de votre structure a été dépublié — Coopérons",
      `À la suite d'un signalement, le CCAS a dépublié ${owner.what}. Son message :\n\n${decision.reason}\n\nVous pouvez la corriger depuis votre espace et la soumettre à nouveau.`,
    );
    return { key, error: undefined, notice: "Contenu dépublié ; la structure a reçu votre message." };
  }

  const owner = await ownerOf(db, decision.entityType, decision.entityId);
  if (!owner) throw new Response("Élément introuvable", { status: 404 });
  if (decision.intent === "verify") {
    const { status } = await verifyOrganisation(db, { organisationId: owner.organisationId, moderatorId: moderator.id });
    return {
      key,
      error: undefined,
      // Not a publication: a fiche waiting still waits (a moderator read « vérifiée » as « publiée »).
      notice:
        status === "published"
          ? "Structure marquée « vérifiée »."
          : "Structure marquée « vérifiée » : sa fiche attend toujours d'être publiée ou refusée.",
    };
  }
  if (decision.intent === "publish") {
    const published =
      decision.entityType === "organisation"
        ? await publishOrganisation(db, {
            organisationId: owner.organisationId,
            moderatorId: moderator.id,
            callId: (await getCurrentCallSubAxes(db)).callId,
          })
        : decision.entityType === "offer"
          ? await publishOffer(db, { offerId: decision.entityId, moderatorId: moderator.id })
          : await publishIdea(db, { ideaId: decision.entityId, moderatorId: moderator.id });
    if (published.effect === "refuse") return data({ key, error: published.reason, notice: undefined }, { status: 409 });
    // Named as it is online now: validated changes may have renamed it.
    const online = (owner.changes && (await ownerOf(db, decision.entityType, decision.entityId))) || owner;
    // Good news follows each admin's notification choice (at once, in the digest, or in the inbox only).
    await notifyUsers(
      db,
      await adminIdsOf(db, owner.organisationId),
      owner.changes
        ? {
            subject: "Vos modifications sont en ligne — Coopérons",
            body: `Le CCAS a validé les modifications de ${online.what} : elles sont maintenant visibles de tous sur Coopérons.`,
            link: absoluteUrl(online.path),
          }
        : {
            subject: "Votre publication est en ligne — Coopérons",
            body: `Le CCAS a validé ${owner.what} : elle est maintenant visible de tous sur Coopérons.`,
            link: absoluteUrl(owner.path),
          },
      sendMail,
    );
    return {
      key,
      error: undefined,
      notice: owner.changes ? `Modifications validées : elles sont en ligne. ${OWNERS_TOLD}` : `Publié. ${OWNERS_TOLD}`,
    };
  }
  const rejected =
    decision.entityType === "organisation"
      ? await rejectOrganisation(db, { organisationId: owner.organisationId, moderatorId: moderator.id, reason: decision.reason })
      : decision.entityType === "offer"
        ? await rejectOffer(db, { offerId: decision.entityId, moderatorId: moderator.id, reason: decision.reason })
        : await rejectIdea(db, { ideaId: decision.entityId, moderatorId: moderator.id, reason: decision.reason });
  if (rejected.effect === "refuse") return data({ key, error: rejected.reason, notice: undefined }, { status: 409 });
  await mailAdmins(
    owner.organisationId,
    owner.changes ? "Vos modifications n'ont pas été validées — Coopérons" : "Votre publication n'a pas été validée — Coopérons",
    owner.changes
      ? `Le CCAS n'a pas validé les modifications de ${owner.what}, pour le motif suivant :\n\n${decision.reason}\n\nLa version en ligne reste visible, sans ces modifications : ${absoluteUrl(owner.path)}\nPour les proposer encore, saisissez-les depuis votre espace, en tenant compte de ce motif : le formulaire y montre la version en ligne.`
      : `Le CCAS n'a pas validé ${owner.what}, pour le motif suivant :\n\n${decision.reason}\n\nVous pouvez la corriger depuis votre espace puis l'enregistrer à nouveau : ${absoluteUrl(`/espace/organisations/${owner.organisationId}`)}`,
  );
  return { key, error: undefined, notice: "Refus enregistré ; le motif a été envoyé aux administrateurs." };
}

/** A claim of a register profile: accepted (its claimant becomes the admin, the others are refused), or refused. */
async function decideClaim(formData: FormData, moderatorId: string, key: string) {
  const db = getDb();
  const submission = parseForm(formData, { schema: ClaimDecisionSchema });
  if (submission.status !== "success") {
    return data(
      { key, error: "Écrivez le motif : il sera envoyé à la personne qui a fait la demande.", notice: undefined },
      { status: 400 },
    );
  }
  const decision = submission.value;
  if (decision.intent === "refuse-claim") {
    const refused = await refuseClaim(db, { claimId: decision.claimId, moderatorId, reason: decision.reason });
    if (!refused) return data({ key, error: "Cette demande a déjà reçu une réponse.", notice: undefined }, { status: 409 });
    await mailClaimRefused(sendMail, {
      to: refused.claimant.email,
      organisationName: refused.organisationName,
      reason: decision.reason,
    });
    return { key, error: undefined, notice: `Demande refusée ; le motif a été envoyé à ${refused.claimant.name}.` };
  }
  const accepted = await acceptClaim(db, { claimId: decision.claimId, moderatorId });
  if (!accepted.ok) return data({ key, error: accepted.error, notice: undefined }, { status: 409 });
  await mailClaimAccepted(sendMail, {
    to: accepted.claimant.email,
    organisationName: accepted.organisationName,
    link: absoluteUrl(`/espace/organisations/${accepted.organisationId}?revendication=acceptee`),
  });
  for (const person of accepted.refused) {
    await mailClaimRefused(sendMail, {
      to: person.email,
      organisationName: accepted.organisationName,
      reason: OTHER_CLAIM_ACCEPTED,
    });
  }
  const others = accepted.refused.length;
  return {
    key,
    error: undefined,
    notice:
      `Demande acceptée : ${accepted.claimant.name} administre désormais « ${accepted.organisationName} » et en est informé(e) par e-mail.` +
      (others > 0
        ? ` ${others === 1 ? "L'autre demande a été refusée" : `Les ${others} autres demandes ont été refusées`}, avec un message.`
        : ""),
  };
}

function Decision({
  entityType,
  entityId,
  kind,
  canVerify,
}: {
  entityType: ModeratedType;
  entityId: string;
  kind: QueueItem["kind"];
  canVerify?: boolean;
}) {
  const actionData = useActionData<typeof action>();
  const mine = actionData?.key === entityId;
  // Unreadable changes cannot be published (the action refuses it): only refused, with a reason.
  // The forms lead back to this item: without JavaScript the page comes back scrolled to its
  // error (a missing reason), or to its top with the confirmation once the item left the queue.
  const back = `/ccas/moderation#decision-${entityId}`;
  return (
    <div className="stack" id={`decision-${entityId}`}>
      {kind === "unreadable" && !canVerify ? null : (
        <Form method="post" action={back} className="actions">
          <input type="hidden" name="entityType" value={entityType} />
          <input type="hidden" name="entityId" value={entityId} />
          {kind === "unreadable" ? null : (
            <SubmitButton name="intent" value="publish" pendingText={kind === "changes" ? "Validation…" : "Publication…"}>
              {kind === "changes" ? "Valider les modifications" : "Publier"}
            </SubmitButton>
          )}
          {canVerify ? (
            <SubmitButton name="intent" value="verify" className="button-secondary" describedBy={`verifier-aide-${entityId}`}>
              Marquer « vérifiée »
            </SubmitButton>
          ) : null}
          {canVerify ? (
            <p className="small hint" id={`verifier-aide-${entityId}`}>
              « Vérifiée » : vous avez contrôlé l'identité de la structure ; sa fiche portera « Vérifiée par le CCAS » une fois
              publiée. Cela ne la publie pas.
            </p>
          ) : null}
        </Form>
      )}
      <Form method="post" action={back} className="stack">
        <input type="hidden" name="entityType" value={entityType} />
        <input type="hidden" name="entityId" value={entityId} />
        <FormErrors errors={mine && actionData?.error ? [actionData.error] : undefined} />
        <div className="field">
          <label htmlFor={`motif-${entityId}`}>Motif du refus (envoyé à la structure)</label>
          <textarea id={`motif-${entityId}`} name="reason" rows={2} aria-invalid={mine && actionData?.error ? true : undefined} />
        </div>
        <div>
          <SubmitButton name="intent" value="reject" className="button-danger" pendingText="Envoi…">
            {kind === "new" ? "Refuser" : "Refuser les modifications"}
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}

type ReportItem = ReturnType<typeof useLoaderData<typeof loader>>["reports"][number];
type ClaimedProfile = ReturnType<typeof useLoaderData<typeof loader>>["claims"][number];

/** A profile's claims side by side: the CCAS compares them and accepts one (the others are refused with it). */
function ClaimsCard({ profile }: { profile: ClaimedProfile }) {
  const actionData = useActionData<typeof action>();
  return (
    <section className="card" aria-labelledby={`revendication-${profile.id}`} style={{ marginBottom: "1rem" }}>
      <h3 id={`revendication-${profile.id}`}>
        {profile.listed ? <Link to={`/organisations/${profile.slug}`}>{profile.name}</Link> : profile.name}{" "}
        <span className="badge">{profile.claims.length > 1 ? `${profile.claims.length} demandes` : "1 demande"}</span>
      </h3>
      <p className="small">
        {profile.identifiers.length > 0
          ? `D'après le registre : ${profile.identifiers.join(" ; ")}`
          : "Plus listée par un registre"}
        {profile.claims.length > 1 ? " · Accepter une demande refuse les autres, avec un message." : ""}
      </p>
      <div className="claims-side-by-side" style={{ display: "flex", flexWrap: "wrap", gap: "1rem" }}>
        {profile.claims.map((claim) => {
          const mine = actionData?.key === claim.id;
          return (
            <article
              key={claim.id}
              aria-labelledby={`demande-${claim.id}`}
              className="stack"
              style={{ flex: "1 1 18rem", minWidth: 0 }}
            >
              <h4 id={`demande-${claim.id}`}>Demande de {claim.claimant}</h4>
              <p className="small">
                Envoyée le {claim.sentOn} · compte créé le {claim.accountSince}
              </p>
              <p>
                Preuve : {claim.proof}
                {claim.hasDocument ? (
                  <>
                    {" "}
                    ·{" "}
                    <a
                      href={`/ccas/revendications/${claim.id}/document`}
                      aria-label={`Télécharger le document de ${claim.claimant}`}
                    >
                      télécharger le document
                    </a>
                  </>
                ) : null}
              </p>
              {claim.domainWarning ? <p className="notice notice-warning small">{claim.domainWarning}</p> : null}
              {claim.note ? <p>Message : {claim.note}</p> : null}
              {claim.canAccept ? (
                <Form method="post">
                  <input type="hidden" name="claimId" value={claim.id} />
                  <SubmitButton name="intent" value="accept-claim" pendingText="Acceptation…">
                    Accepter cette demande
                  </SubmitButton>
                </Form>
              ) : null}
              <Form method="post" className="stack">
                <input type="hidden" name="claimId" value={claim.id} />
                <FormErrors errors={mine && actionData?.error ? [actionData.error] : undefined} />
                <div className="field">
                  <label htmlFor={`motif-${claim.id}`}>Motif du refus (envoyé à la personne)</label>
                  <textarea
                    id={`motif-${claim.id}`}
                    name="reason"
                    rows={2}
                    aria-invalid={mine && actionData?.error ? true : undefined}
                  />
                </div>
                <div>
                  <SubmitButton name="intent" value="refuse-claim" className="button-danger" pendingText="Envoi…">
                    Refuser
                  </SubmitButton>
                </div>
              </Form>
            </article>
          );
        })}
      </div>
    </section>
  );
}

function ReportCard({ report }: { report: ReportItem }) {
  const actionData = useActionData<typeof action>();
  const mine = actionData?.key === report.id;
  const kind = { organisation: "Fiche", offer: "Offre", idea: "Idée" }[report.entityType] ?? report.entityType;
  return (
    <section className="card" aria-labelledby={`signalement-${report.id}`} style={{ marginBottom: "1rem" }}>
      <h3 id={`signalement-${report.id}`}>
        {kind} : {report.target ? <Link to={report.target.link}>{report.target.title}</Link> : "déjà dépubliée"}
      </h3>
      <p className="small">Signalé par {report.reporter}</p>
      <p>{report.reason}</p>
      <Form method="post" className="stack">
        <input type="hidden" name="reportId" value={report.id} />
        <FormErrors errors={mine && actionData?.error ? [actionData.error] : undefined} />
        <div className="field">
          <label htmlFor={`message-${report.id}`}>Message à la structure (en cas de dépublication)</label>
          <textarea id={`message-${report.id}`} name="reason" rows={2} />
        </div>
        <div className="actions">
          <SubmitButton name="intent" value="unpublish" className="button-danger" pendingText="…">
            Dépublier
          </SubmitButton>
          <SubmitButton name="intent" value="dismiss" className="button-secondary" pendingText="…">
            Classer sans suite
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

/** What an edit changes, for the CCAS to read before approving (the card shows the new version). */
type QueueItem = ReturnType<typeof useLoaderData<typeof loader>>["organisations"][number];

const BADGES: Record<QueueItem["kind"], string> = {
  new: "Nouvelle",
  changes: "Modifications",
  unreadable: "Modifications illisibles",
};

/** What an edit changes: the fields' names, then their values online and waiting. */
function Changes({ changes, kind }: Pick<QueueItem, "changes" | "kind">) {
  if (kind === "unreadable")
    return (
      <p className="small">
        Les modifications en attente ne correspondent plus au formulaire (un code de l'appel a pu changer depuis) : elles ne
        peuvent pas être publiées. Refusez-les avec un motif ; la version en ligne reste visible et la structure les saisira à
        nouveau.
      </p>
    );
  if (kind !== "changes") return null;
  if (changes.length === 0)
    return (
      <p className="small">
        <strong>Modifié :</strong> rien de visible (la version en attente est identique à celle en ligne)
      </p>
    );
  const compared = changes.filter((change) => change.before !== "" || change.after !== "");
  return (
    <>
      <p className="small">
        <strong>Modifié :</strong> {changes.map((change) => change.name).join(", ")}
      </p>
      {compared.length > 0 ? (
        <details className="small">
          <summary>Voir les valeurs en ligne et en attente</summary>
          <dl className="changes">
            {compared.map((change) => (
              <div key={change.name}>
                <dt>{change.name}</dt>
                <dd>En ligne : {change.before || <em>(vide)</em>}</dd>
                <dd>En attente : {change.after || <em>(vide)</em>}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </>
  );
}

/** A new item: all it would publish, to read before « Publier » (the card shows only its summary). */
function Content({ content, kind }: Pick<QueueItem, "content" | "kind">) {
  if (kind !== "new" || content.length === 0) return null;
  return (
    <details className="small">
      <summary>Lire tout le contenu avant de publier ({content.length} champs remplis)</summary>
      <dl className="changes">
        {content.map((field) => (
          <div key={field.name}>
            <dt>{field.name}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export default function Moderation() {
  const { organisations, offers, ideas, reports, claims, admin, flashed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const notice = actionData ? actionData.notice : flashed?.notice;
  // Refused for an item no longer in the queue (decided meanwhile in another tab): its message had
  // no place below.
  const queued = new Set([
    ...[...organisations, ...offers, ...ideas, ...reports].map((item) => item.id),
    ...claims.flatMap((profile) => profile.claims.map((claim) => claim.id)),
  ]);
  const orphanError = actionData?.error && !queued.has(actionData.key) ? actionData.error : null;
  return (
    <div className="container page">
      <CcasNav admin={admin} />
      <h1>Modération</h1>
      {/* Shown at the top: a decided item leaves the queue below. */}
      {notice ? <Notice>{notice}</Notice> : null}
      <FormErrors errors={orphanError ? [orphanError] : undefined} />
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
            {organisation.name}{" "}
            <span className="badge">{organisation.kind === "new" ? "Nouvelle fiche" : BADGES[organisation.kind]}</span>
            {organisation.verified ? (
              <>
                {" "}
                <span className="badge">Vérifiée</span>
              </>
            ) : null}
          </h3>
          <Changes changes={organisation.changes} kind={organisation.kind} />
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
          <Content content={organisation.content} kind={organisation.kind} />
          <Decision
            entityType="organisation"
            entityId={organisation.id}
            kind={organisation.kind}
            canVerify={!organisation.verified}
          />
        </section>
      ))}
      <h2>Revendications de fiches ({claims.length})</h2>
      {claims.length === 0 ? <p>Aucune demande à examiner.</p> : null}
      {claims.map((profile) => (
        <ClaimsCard key={profile.id} profile={profile} />
      ))}
      <h2>Idées de projets ({ideas.length})</h2>
      {ideas.length === 0 ? <p>Rien à valider.</p> : null}
      {ideas.map((idea) => (
        <section key={idea.id} className="card" aria-labelledby={`idee-${idea.id}`} style={{ marginBottom: "1rem" }}>
          <h3 id={`idee-${idea.id}`}>
            {idea.title} <span className="badge">{idea.kind === "new" ? "Nouvelle idée" : BADGES[idea.kind]}</span>
          </h3>
          <Changes changes={idea.changes} kind={idea.kind} />
          <p className="small">
            Portée par {idea.organisation}
            {idea.organisationPublished ? "" : " (structure pas encore publiée : l'idée ne sera visible qu'avec elle)"}
          </p>
          <p>{idea.summary}</p>
          <Content content={idea.content} kind={idea.kind} />
          <Decision entityType="idea" entityId={idea.id} kind={idea.kind} />
        </section>
      ))}

      <h2>Signalements ({reports.length})</h2>
      {reports.length === 0 ? <p>Aucun signalement en cours.</p> : null}
      {reports.map((report) => (
        <ReportCard key={report.id} report={report} />
      ))}

      <h2>Offres de ressources ({offers.length})</h2>
      {offers.length === 0 ? <p>Rien à valider.</p> : null}
      {offers.map((offer) => (
        <section key={offer.id} className="card" aria-labelledby={`offre-${offer.id}`} style={{ marginBottom: "1rem" }}>
          <h3 id={`offre-${offer.id}`}>
            {offer.title} <span className="badge">{offer.kind === "new" ? "Nouvelle offre" : BADGES[offer.kind]}</span>
          </h3>
          <Changes changes={offer.changes} kind={offer.kind} />
          <p className="small">
            {offer.resource} · proposée par {offer.organisation}
            {offer.organisationPublished ? "" : " (structure pas encore publiée : l'offre ne sera visible qu'avec elle)"}
          </p>
          <p>{offer.description}</p>
          <Content content={offer.content} kind={offer.kind} />
          <Decision entityType="offer" entityId={offer.id} kind={offer.kind} />
        </section>
      ))}
      <p className="actions">
        <Link to="/ccas/population">Population des quartiers (pour la carte)</Link>
        <Link to="/ccas/points">Points à vérifier sur la carte</Link>
        <Link to="/espace">Retour à mon espace</Link>
      </p>
    </div>
  );
}
