// « C'est ma structure » (issue 16): a signed-in person with a confirmed address claims an unclaimed
// register profile, with a proof — an address on the structure's own domain (a link is mailed to
// it), or a document the CCAS reviews in its moderation queue.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrors, Notice, SelectField, SubmitButton, TextareaField, VALIDATE_WHEN_SENT } from "~/components/forms";
import {
  ALREADY_CLAIMED,
  CLAIMED_LEFT_EMPTY,
  ALREADY_PENDING,
  CLAIM_DOCUMENT_KINDS,
  CLAIM_LINK_HOURS,
  CLAIM_UNVERIFIED,
  CLAIM_WITHDRAWN,
  NOTHING_TO_RESEND,
  NOTHING_TO_WITHDRAW,
} from "~/domain/registers/claims";
import { createClaimSchema } from "~/domain/schemas/claim";
import { isMember } from "~/models/membership.server";
import {
  createClaim,
  getClaimTarget,
  getPendingClaimOf,
  mailClaimLink,
  renewClaimLink,
  withdrawClaim,
} from "~/models/profile-claim.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getLegalInfo } from "~/utils/legal.server";
import { parseFormValues } from "~/utils/forms";
import { parseForm } from "~/utils/forms.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { emailKey, hitRateLimit, tooManyMessage } from "~/utils/rate-limit.server";
import { declaresBodyOver, deleteDocument, DOCUMENT_MAX_BYTES, storePdf } from "~/utils/uploads.server";
import { absoluteUrl } from "~/utils/url.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, matches, params }) =>
  pageMeta({
    title: loaderData ? `C'est ma structure : ${loaderData.profile.name}` : "Revendiquer une structure",
    description: "Revendiquer la fiche d'une structure créée d'après un registre public.",
    path: `/organisations/${params.slug ?? ""}/revendiquer`,
    matches,
  });

async function requireTarget(slug: string) {
  const target = await getClaimTarget(getDb(), slug);
  if (!target) throw new Response("Structure introuvable", { status: 404 });
  return target;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A structure that is not there says so at once, rather than after a log-in (or a sign-up).
  const target = await requireTarget(params.slug ?? "");
  const user = await requireUser(request);
  const sent = new URL(request.url).searchParams;
  return {
    claimed: target.state === "claimed",
    leftEmpty: target.state === "claimed" && target.leftEmpty,
    // The person who claimed it (or another of its members) is sent to its edit page rather than told it is taken.
    memberOf:
      target.state === "claimed" && (await isMember(getDb(), { userId: user.id, organisationId: target.profile.id }))
        ? target.profile.id
        : null,
    profile: {
      slug: target.profile.slug,
      name: target.profile.name,
      knownDomains: target.profile.knownDomains,
      identifiers: target.profile.identifiers,
    },
    verified: Boolean(user.emailVerifiedAt),
    pending:
      target.state === "open" ? await getPendingClaimOf(getDb(), { userId: user.id, organisationId: target.profile.id }) : null,
    contactEmail: getLegalInfo().CONTACT_EMAIL,
    sent: sent.get("envoye"),
    contested: sent.get("autre") === "1",
    withdrawn: sent.get("annulee") === "1",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const target = await requireTarget(params.slug ?? "");
  const reply = (payload: { intent: string; result?: SubmissionResult<string[]>; error?: string }, status: number) =>
    data({ intent: payload.intent, result: payload.result, error: payload.error }, { status });
  // An oversized upload is refused before it is read.
  if (declaresBodyOver(request, DOCUMENT_MAX_BYTES))
    return reply({ intent: "document", error: "Le document doit peser 5 Mo au maximum." }, 400);
  const formData = await request.formData();
  const submission = parseForm(formData, { schema: createClaimSchema(target.profile.knownDomains) });
  const intent = String(formData.get("intent") ?? "");
  if (submission.status !== "success") return reply({ intent, result: submission.reply() }, 400);
  const refuse = (formError: string, status: number) =>
    reply({ intent, result: submission.reply({ formErrors: [formError] }) }, status);
  const db = getDb();
  const organisationId = target.profile.id;
  if (submission.value.intent === "withdraw") {
    const withdrawn = await withdrawClaim(db, { userId: user.id, organisationId });
    if (withdrawn.documentFile) deleteDocument(withdrawn.documentFile);
    if (!withdrawn.withdrawn) return refuse(NOTHING_TO_WITHDRAW, 409);
    return redirect(`/organisations/${target.profile.slug}/revendiquer?annulee=1`);
  }
  if (submission.value.intent === "resend") {
    // Counted like the account's other confirmation links, per account and per address mailed.
    const waiting = await getPendingClaimOf(db, { userId: user.id, organisationId });
    if (!waiting?.email || waiting.linkConfirmed) return refuse(NOTHING_TO_RESEND, 409);
    const limit = await hitRateLimit("confirmationMail", [`account:${user.id}`, `to:${emailKey(waiting.email)}`]);
    if (!limit.ok) return refuse(tooManyMessage(limit.retryAfterSeconds), 429);
    const renewed = await renewClaimLink(db, { userId: user.id, organisationId });
    if (!renewed) return refuse(NOTHING_TO_RESEND, 409);
    await mailClaimLink(sendMail, {
      to: renewed.email,
      link: absoluteUrl(`/revendication/confirmer?token=${renewed.token}`),
      organisationName: target.profile.name,
      claimant: user,
    });
    return redirect(`/organisations/${target.profile.slug}/revendiquer?envoye=renvoye`);
  }
  if (target.state === "claimed") return refuse(target.leftEmpty ? CLAIMED_LEFT_EMPTY : ALREADY_CLAIMED, 409);
  if (!user.emailVerifiedAt) return refuse(CLAIM_UNVERIFIED, 403);
  if (await getPendingClaimOf(db, { userId: user.id, organisationId })) return refuse(ALREADY_PENDING, 409);

  // A file refused (not a PDF, active content) is a mistake to correct, not a claim: it is checked
  // before the day's claims are counted.
  const value = submission.value;
  let proof: Parameters<typeof createClaim>[1]["proof"];
  if (value.intent === "email") {
    proof = { method: "email", email: value.email };
  } else if (value.intent === "document") {
    const stored = await storePdf(formData.get("file"));
    if (!stored.ok) return reply({ intent, result: submission.reply({ fieldErrors: { file: [stored.error] } }) }, 400);
    proof = { method: "document", documentKind: value.documentKind, documentFile: stored.file, note: value.note };
  } else {
    throw new Response("Demande inconnue", { status: 400 });
  }
  const dropDocument = () => {
    if (proof.method === "document") deleteDocument(proof.documentFile);
  };
  const limit = await hitRateLimit("claim", [`account:${user.id}`]);
  if (!limit.ok) {
    dropDocument();
    return refuse(tooManyMessage(limit.retryAfterSeconds, "Vous avez fait beaucoup de demandes aujourd'hui"), 429);
  }
  const created = await createClaim(db, { userId: user.id, organisationId, proof });
  if (!created.ok) {
    dropDocument();
    return refuse(created.error === "claimed" ? ALREADY_CLAIMED : ALREADY_PENDING, 409);
  }
  if (created.token && value.intent === "email") {
    await mailClaimLink(sendMail, {
      to: value.email,
      link: absoluteUrl(`/revendication/confirmer?token=${created.token}`),
      organisationName: target.profile.name,
      claimant: user,
    });
  }
  // Sent once: a reload of the page that says so sends nothing again.
  return redirect(
    `/organisations/${target.profile.slug}/revendiquer?envoye=${value.intent}${created.contested ? "&autre=1" : ""}`,
  );
}

export default function ClaimProfile() {
  const { claimed, leftEmpty, memberOf, profile, verified, pending, sent, contested, withdrawn, contactEmail } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const schema = createClaimSchema(profile.knownDomains);
  const lastResult = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const [emailForm, emailFields] = useForm({
    id: "revendiquer-email",
    lastResult: lastResult("email"),
    constraint: getZodConstraint(schema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  const [documentForm, documentFields] = useForm({
    id: "revendiquer-document",
    lastResult: lastResult("document"),
    constraint: getZodConstraint(schema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema }),
  });
  const [withdrawForm] = useForm({ id: "revendiquer-annuler", lastResult: lastResult("withdraw") });
  const [resendForm] = useForm({ id: "revendiquer-renvoyer", lastResult: lastResult("resend") });
  const fileErrors = [
    ...(documentForm.allErrors.file ?? []),
    ...(actionData?.intent === "document" && actionData.error ? [actionData.error] : []),
  ];
  return (
    <div className="container page">
      <p className="small">
        <Link to={`/organisations/${profile.slug}`}>{profile.name}</Link> › C'est ma structure
      </p>
      <h1>C'est ma structure : {profile.name}</h1>
      {memberOf ? (
        <>
          <Notice tone="info">Vous faites partie des membres de cette structure sur Coopérons : sa fiche est la vôtre.</Notice>
          <p>
            <Link to={`/espace/organisations/${memberOf}`} className="button">
              Compléter la fiche
            </Link>
          </p>
        </>
      ) : claimed ? (
        <>
          <Notice tone="info">{leftEmpty ? CLAIMED_LEFT_EMPTY : ALREADY_CLAIMED}</Notice>
          <p>
            Écrire au CCAS : <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
          </p>
          <p>
            <Link to="/recherche">Retour à la recherche</Link>
          </p>
        </>
      ) : (
        <>
          {withdrawn && !pending ? <Notice>{CLAIM_WITHDRAWN}</Notice> : null}
          {sent && pending ? (
            <Notice>
              {sent === "renvoye"
                ? `Un nouveau lien est parti à ${pending.email} : ouvrez-le dans les ${CLAIM_LINK_HOURS} heures. Le précédent ne fonctionne plus.`
                : sent === "email"
                  ? `Votre demande a été envoyée. Un lien de confirmation est parti à ${pending.email} : ouvrez-le dans les ${CLAIM_LINK_HOURS} heures pour prouver que cette adresse est celle de la structure.`
                  : "Votre demande a été envoyée au CCAS avec votre document. Il l'examinera et vous répondra par e-mail."}
              {contested
                ? " Une autre personne a aussi demandé à administrer cette fiche : le CCAS examinera les demandes et décidera."
                : ""}
            </Notice>
          ) : null}
          <p className="lead">
            Vous faites partie de cette structure ? Prouvez-le, et vous administrerez sa fiche sur Coopérons : vous pourrez la
            compléter (présentation, quartiers, ressources) et recevoir les messages des autres structures.
          </p>
          {profile.identifiers.length > 0 ? (
            <p className="small">D'après le registre : {profile.identifiers.join(" ; ")}.</p>
          ) : null}
          {pending ? (
            <section aria-labelledby="demande-en-cours" className="card">
              <h2 id="demande-en-cours">Votre demande en cours</h2>
              {pending.method === "email" ? (
                <p>
                  {pending.linkConfirmed
                    ? `Adresse ${pending.email} confirmée : le CCAS examine votre demande et vous répondra par e-mail.`
                    : `Envoyée le ${pending.sentOn} : ouvrez le lien reçu à ${pending.email} (valable jusqu'au ${pending.linkValidUntil}).`}
                </p>
              ) : (
                <p>
                  Envoyée le {pending.sentOn} avec votre document ({pending.document}). Le CCAS l'examine et vous répondra par
                  e-mail.
                </p>
              )}
              {pending.method === "email" && !pending.linkConfirmed ? (
                <Form method="post" {...getFormProps(resendForm)}>
                  <FormErrors id={resendForm.errorId} errors={resendForm.errors} />
                  <input type="hidden" name="intent" value="resend" />
                  <p className="small">
                    Pas de message ? Regardez dans les indésirables, ou recevez un nouveau lien (le précédent cessera de
                    fonctionner).
                  </p>
                  <SubmitButton className="button-secondary" pendingText="Envoi…">
                    Renvoyer le lien
                  </SubmitButton>
                </Form>
              ) : null}
              <Form method="post" {...getFormProps(withdrawForm)}>
                <FormErrors id={withdrawForm.errorId} errors={withdrawForm.errors} />
                <input type="hidden" name="intent" value="withdraw" />
                <p className="small">
                  Une erreur dans l'adresse ou le document ? Annulez cette demande, puis faites-en une nouvelle.
                </p>
                <SubmitButton className="button-secondary" pendingText="Annulation…">
                  Annuler ma demande
                </SubmitButton>
              </Form>
            </section>
          ) : !verified ? (
            <Notice tone="warning" confirmation={false}>
              {CLAIM_UNVERIFIED} <Link to="/compte">Mon compte</Link>
            </Notice>
          ) : (
            <>
              <h2>Choisissez une preuve</h2>
              <section aria-labelledby="preuve-email" className="card stack">
                <h3 id="preuve-email">Par une adresse e-mail de la structure</h3>
                <p>
                  Nous envoyons un lien à une adresse sur le nom de domaine de la structure
                  {profile.knownDomains.length > 0 ? ` (${profile.knownDomains.map((domain) => `@${domain}`).join(" ou ")})` : ""}
                  .{" "}
                  {profile.knownDomains.length > 0
                    ? "Quand vous l'ouvrez, votre demande est acceptée."
                    : "La fiche ne mentionne pas encore de site de la structure : quand vous ouvrez le lien, le CCAS vérifie que ce nom de domaine est bien le sien, puis vous répond par e-mail."}{" "}
                  Les messageries publiques (Gmail, Orange, Free, Hotmail…) ne conviennent pas : n'importe qui peut y ouvrir une
                  adresse.
                </p>
                <Form method="post" {...getFormProps(emailForm)} className="stack">
                  <FormErrors id={emailForm.errorId} errors={emailForm.errors} />
                  <input type="hidden" name="intent" value="email" />
                  <Field
                    label="Adresse e-mail de la structure"
                    meta={emailFields.email}
                    type="email"
                    autoComplete="off"
                    hint="Par exemple contact@votre-structure.fr"
                  />
                  <div>
                    <SubmitButton pendingText="Envoi…">Recevoir le lien de confirmation</SubmitButton>
                  </div>
                </Form>
              </section>
              <section aria-labelledby="preuve-document" className="card stack">
                <h3 id="preuve-document">Par un document</h3>
                <p>
                  Déposez un document officiel qui montre le lien entre vous et la structure. Seule l'équipe du CCAS le verra ;
                  elle vous répondra par e-mail.
                </p>
                <Form method="post" encType="multipart/form-data" {...getFormProps(documentForm)} className="stack">
                  <FormErrors id={documentForm.errorId} errors={documentForm.errors} />
                  <input type="hidden" name="intent" value="document" />
                  <SelectField label="Type de document" meta={documentFields.documentKind} options={CLAIM_DOCUMENT_KINDS} />
                  <div className="field">
                    <label htmlFor="revendiquer-fichier">Document (PDF, 5 Mo au maximum)</label>
                    <input
                      id="revendiquer-fichier"
                      type="file"
                      name="file"
                      accept="application/pdf"
                      required
                      aria-invalid={fileErrors.length > 0 ? true : undefined}
                      aria-describedby={fileErrors.length > 0 ? "revendiquer-fichier-erreurs" : undefined}
                    />
                    {fileErrors.length > 0 ? (
                      <ul id="revendiquer-fichier-erreurs" className="field-errors">
                        {fileErrors.map((error) => (
                          <li key={error}>{error}</li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                  <TextareaField
                    label="Message au CCAS (facultatif)"
                    meta={documentFields.note}
                    rows={3}
                    hint="Votre fonction dans la structure, ce qui pourrait aider le CCAS à vérifier."
                  />
                  <div>
                    <SubmitButton pendingText="Envoi…">Envoyer la demande au CCAS</SubmitButton>
                  </div>
                </Form>
              </section>
            </>
          )}
          <p>
            <Link to={`/organisations/${profile.slug}`}>Retour à la fiche</Link>
          </p>
        </>
      )}
    </div>
  );
}
