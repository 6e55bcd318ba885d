import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type LinksFunction,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, Notice, NothingSaved, SubmitButton } from "~/components/forms";
import { OrganisationForm } from "~/components/organisation-form";
import { formatDay } from "~/domain/format";
import { pointFieldLinks } from "~/components/point-field";
import { createOrganisationSchema } from "~/domain/schemas/organisation";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getIdeaToJoin } from "~/models/idea.server";
import { createOrganisation, SiretTaken } from "~/models/organisation.server";
import { findTakenNumbers, type OwnStructure, type SameSiret, type UnclaimedMatch } from "~/models/unclaimed-match.server";
import { getLegalInfo } from "~/utils/legal.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { pageMeta } from "~/utils/meta";
import { resendVerificationMail } from "~/utils/account-mails.server";

// Leaflet's styles for the location map (without them, the pin is drawn beside the tap).
export const links: LinksFunction = pointFieldLinks;

export const meta: MetaFunction = ({ matches }) =>
  pageMeta({
    title: "Créer la fiche d'une structure",
    description: "Présentez votre structure.",
    path: "/espace/organisations/nouvelle",
    matches,
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const url = new URL(request.url);
  const idea = await getIdeaToJoin(db, url);
  // Not confirmed yet (often just after signing up): the page says what to do, and sends the link again.
  if (!user.emailVerifiedAt) {
    const resent = url.searchParams.get("lien") === "renvoye";
    return { unverified: { email: user.email, resent }, subAxes: [], idea };
  }
  const { subAxes } = await getCurrentCallSubAxes(db);
  return { unverified: null, subAxes, idea };
}

const PAGE = "/espace/organisations/nouvelle";

/** This page, with the idea the person came from (its way back) when there is one. */
const pageFor = (idea: { slug: string } | null) => (idea ? `${PAGE}?idee=${encodeURIComponent(idea.slug)}` : PAGE);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const idea = await getIdeaToJoin(getDb(), new URL(request.url));
  if (!user.emailVerifiedAt) {
    if (formData.get("intent") !== "resend-verification")
      throw new Response("Confirmez d'abord votre adresse e-mail (lien reçu par mail).", { status: 403 });
    // A new confirmation link, counted with the account's others; it leads back here. The answer
    // is a redirect, so that reloading the page sends nothing again.
    const refused = await resendVerificationMail(request, user, pageFor(idea));
    if (refused)
      return data(
        { result: undefined, matches: [], sameSiret: null, own: null, contactEmail: null, resendError: refused.refusal },
        { status: 429 },
      );
    return redirect(`${pageFor(idea)}${idea ? "&" : "?"}lien=renvoye`);
  }
  const db = getDb();
  const { callId, subAxes } = await getCurrentCallSubAxes(db);
  const submission = parseForm(formData, {
    schema: createOrganisationSchema(
      subAxes.map((subAxis) => subAxis.code),
      { quartiers: getQuartiersGeoJson().collection },
    ),
  });
  // The registers brought this structure in already (claim that profile rather than make a second
  // one), or a structure created here has its SIRET (its administrators invite): said at once, even
  // while other fields are still to correct, beside each number and in the box above the form.
  const typed = (name: string) => {
    const value = submission.payload[name];
    return typeof value === "string" ? value : null;
  };
  const { matches, sameSiret, own, fieldErrors } = await findTakenNumbers(
    db,
    { siret: typed("siret"), rna: typed("rna") },
    { userId: user.id },
  );
  const result = fieldErrors ? submission.reply({ fieldErrors }) : submission.reply();
  const answer = {
    result,
    matches,
    sameSiret,
    own,
    contactEmail: sameSiret ? getLegalInfo().CONTACT_EMAIL : null,
    resendError: null,
  };
  if (submission.status !== "success") return data(answer, { status: 400 });
  if (fieldErrors) return data(answer, { status: 409 });
  const organisation = await createOrganisation(db, { userId: user.id, input: submission.value, callId }).catch(
    (error: unknown) => {
      if (error instanceof SiretTaken) return null;
      throw error;
    },
  );
  if (!organisation) {
    // Sent at the same moment as the same structure by someone else: said as if it had been there.
    const again = await findTakenNumbers(db, { siret: typed("siret"), rna: typed("rna") }, { userId: user.id });
    return data(
      {
        ...answer,
        result: submission.reply({
          fieldErrors: again.fieldErrors ?? { siret: ["Une structure de Coopérons porte déjà ce numéro SIRET."] },
        }),
        matches: again.matches,
        sameSiret: again.sameSiret,
        own: again.own,
        contactEmail: again.sameSiret ? getLegalInfo().CONTACT_EMAIL : null,
      },
      { status: 409 },
    );
  }
  const back = idea ? `&idee=${encodeURIComponent(idea.slug)}` : "";
  return redirect(`/espace/organisations/${organisation.id}?cree=${organisation.status}${back}`);
}

/**
 * The form's answer when its SIRET or RNA number is a register profile's: claim it instead, or, when
 * someone administers it already, ask them for an invitation.
 */
function UnclaimedMatchNotice({ match }: { match: UnclaimedMatch }) {
  const source = `d'après le registre ${match.register}${match.importedOn ? ` importé le ${formatDay(match.importedOn)}` : ""}`;
  // Which number: the SIRET and the RNA number may be two different structures', each its own box.
  const [typed, number] =
    match.field === "siret" ? ["le SIRET saisi", "Le SIRET saisi"] : ["le numéro RNA saisi", "Le numéro RNA saisi"];
  return (
    <div className="form-errors" role="alert" data-testid="unclaimed-match">
      {match.claimed ? (
        <>
          <p>
            {number} est celui d'une structure déjà sur Coopérons ({source}) :{" "}
            <a href={`/organisations/${match.slug}`}>{match.name}</a>. Une personne l'a revendiquée et en administre la fiche.
          </p>
          <p>
            Si vous en faites partie, demandez-lui de vous inviter (depuis « Gérer les membres », dans son espace). Si ce n'est
            pas votre structure, vérifiez {typed} : la fiche ne peut pas être créée avec ce numéro.
          </p>
        </>
      ) : (
        <>
          <p>
            {number} est celui d'une structure déjà sur Coopérons, créée {source} ({match.name}) :{" "}
            <a href={`/organisations/${match.slug}/revendiquer`} aria-label={`C'est ma structure : ${match.name}`}>
              C'est ma structure
            </a>
          </p>
          <p>
            Revendiquer sa fiche vous en donne l'administration, sans doublon. Si ce n'est pas votre structure, vérifiez {typed} :
            la fiche ne peut pas être créée avec ce numéro.
          </p>
        </>
      )}
    </div>
  );
}

/** The form's answer when a number typed is one of the person's own structures'. */
function OwnStructureNotice({ own }: { own: OwnStructure }) {
  return (
    <div className="form-errors" role="alert" data-testid="own-structure">
      <p>
        Ce numéro est celui de « {own.name} », dont vous êtes membre : sa fiche existe déjà,{" "}
        <Link to={`/espace/organisations/${own.id}`}>ouvrez-la depuis votre espace</Link>. Une même structure n'a qu'une fiche.
      </p>
      <p>Si vous créez la fiche d'une autre structure, vérifiez les numéros saisis.</p>
    </div>
  );
}

/** The form's answer when a structure created here already has this SIRET. */
function SameSiretNotice({ found, contactEmail }: { found: SameSiret; contactEmail: string | null }) {
  return (
    <div className="form-errors" role="alert" data-testid="same-siret">
      <p>
        {found.published ? (
          <>
            Une structure avec ce SIRET est déjà sur Coopérons :{" "}
            <a href={`/organisations/${found.published.slug}`}>{found.published.name}</a>.
          </>
        ) : found.waiting ? (
          "Une fiche avec ce SIRET a déjà été créée sur Coopérons ; elle attend la validation du CCAS."
        ) : (
          "Une fiche avec ce SIRET existe déjà sur Coopérons, sans être publiée."
        )}{" "}
        Une même structure n'a qu'une fiche.
      </p>
      <p>
        Si vous en faites partie, demandez à l'un de ses administrateurs de vous inviter (depuis « Gérer les membres », dans son
        espace). Si ce n'est pas votre structure, vérifiez le SIRET saisi
        {found.published ? " ; si la fiche l'utilise à tort, signalez-la au CCAS depuis sa page" : ""}.
      </p>
      {!found.published && contactEmail ? (
        <p>
          Vous ne savez pas qui l'a créée ? Écrivez au CCAS : <a href={`mailto:${contactEmail}`}>{contactEmail}</a>.
        </p>
      ) : null}
      <p>Si vous êtes un service d'un établissement déjà inscrit, laissez le SIRET vide.</p>
    </div>
  );
}

export default function NewOrganisation() {
  const { subAxes, unverified, idea } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const numbersTaken = Boolean(actionData && (actionData.own || actionData.matches.length > 0 || actionData.sameSiret));
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › Nouvelle structure
      </p>
      <h1>Créer la fiche d'une structure</h1>
      {idea ? (
        <Notice tone="info">
          Pour proposer de participer à l'idée « <Link to={`/idees/${idea.slug}`}>{idea.title}</Link> », votre structure doit
          avoir une fiche publiée. Une fois la fiche enregistrée, un lien vous ramènera à l'idée.
        </Notice>
      ) : null}
      {unverified ? (
        <>
          {unverified.resent ? (
            <Notice>
              Un nouveau lien a été envoyé à {unverified.email} : ouvrez ce dernier message (les liens précédents ne fonctionnent
              plus).
            </Notice>
          ) : null}
          <Notice tone="warning" confirmation={false}>
            Confirmez d'abord votre adresse e-mail : ouvrez le lien envoyé à {unverified.email}. Vous pourrez ensuite créer la
            fiche de votre structure (le lien ramène ici).
          </Notice>
          <Form method="post" className="stack">
            <FormErrors errors={actionData?.resendError ? [actionData.resendError] : undefined} />
            <input type="hidden" name="intent" value="resend-verification" />
            <p>Pas de message ? Regardez dans les indésirables, ou recevez un nouveau lien.</p>
            <div>
              <SubmitButton className="button-secondary" pendingText="Envoi…">
                Renvoyer le lien
              </SubmitButton>
            </div>
          </Form>
        </>
      ) : (
        <>
          <p className="lead">Vous en serez l'administrateur. La fiche sera publiée après vérification par le CCAS.</p>
          {numbersTaken ? (
            // Without JavaScript the page comes back at its top; the explanations are under the numbers.
            <Notice tone="warning" confirmation={false}>
              Rien n'a été créé : un numéro saisi est déjà celui d'une structure sur Coopérons.{" "}
              <a href="#numeros">Voir les explications sous les numéros</a>.
            </Notice>
          ) : actionData?.result?.status === "error" ? (
            // Without JavaScript the page comes back at its top, the fields in error further down.
            <NothingSaved formId="organisation" form="le formulaire" result={actionData.result} verb="créé" />
          ) : null}
          <OrganisationForm
            id="organisation"
            subAxes={subAxes}
            lastResult={actionData?.result}
            submitLabel="Enregistrer et envoyer au CCAS"
            submitHint="Sans SIRET ni numéro RNA (sauf pour un établissement public de la Ville), la fiche est enregistrée comme brouillon : vous l'enverrez au CCAS une fois l'un d'eux ajouté."
            numbersAnswer={
              numbersTaken ? (
                <div id="numeros" className="stack">
                  {actionData?.own ? <OwnStructureNotice own={actionData.own} /> : null}
                  {actionData?.matches.map((match) => (
                    <UnclaimedMatchNotice key={match.slug} match={match} />
                  ))}
                  {actionData?.sameSiret ? (
                    <SameSiretNotice found={actionData.sameSiret} contactEmail={actionData.contactEmail} />
                  ) : null}
                </div>
              ) : null
            }
          />
        </>
      )}
    </div>
  );
}
