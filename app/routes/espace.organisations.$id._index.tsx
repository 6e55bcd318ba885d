import { ofName } from "~/domain/format";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type LinksFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, Notice, NothingSaved, SubmitButton } from "~/components/forms";
import { OrganisationForm } from "~/components/organisation-form";
import { pointFieldLinks } from "~/components/point-field";
import { StatusBadge } from "~/components/status-badge";
import { IDEA_STAGES } from "~/domain/schemas/idea";
import { createOrganisationSchema, publicationProblems } from "~/domain/schemas/organisation";
import { labelOf, mayLead, mayReceiveSubsidy, RESOURCES, type KindCode } from "~/domain/taxonomy";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getIdeaToJoin, getOrganisationIdeas } from "~/models/idea.server";
import { getOrganisationOffers } from "~/models/offer.server";
import { getOrganisationForEdit, setOrganisationLogo, SiretTaken, updateOrganisation } from "~/models/organisation.server";
import { findTakenNumbers } from "~/models/unclaimed-match.server";
import { requireMembership } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { pageMeta } from "~/utils/meta";
import { answerDone, withFlash } from "~/utils/flash.server";
import { declaresBodyOver, LOGO_MAX_BYTES, storeLogo } from "~/utils/uploads.server";
import { useCleanAddress } from "~/utils/use-clean-address";

// Leaflet's styles for the location map (without them, the pin is drawn beside the tap).
export const links: LinksFunction = pointFieldLinks;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, matches, params }) =>
  pageMeta({
    title: loaderData ? `Fiche ${ofName(loaderData.organisation.name)}` : "Fiche de structure",
    description: "Modifier la fiche de votre structure.",
    path: `/espace/organisations/${params.id ?? ""}`,
    matches,
  });

export async function loader(args: LoaderFunctionArgs) {
  // With what a form sent without JavaScript said, once (the action asked for this page again after it).
  return withFlash(args.request, `/espace/organisations/${args.params.id ?? ""}`, await readPage(args));
}

async function readPage({ request, params }: LoaderFunctionArgs) {
  const { role } = await requireMembership(request, params.id ?? "");
  const db = getDb();
  const [edit, { subAxes }, offers, ideas, ideaToJoin] = await Promise.all([
    getOrganisationForEdit(db, params.id ?? ""),
    getCurrentCallSubAxes(db),
    getOrganisationOffers(db, params.id ?? ""),
    getOrganisationIdeas(db, params.id ?? ""),
    getIdeaToJoin(db, new URL(request.url)),
  ]);
  if (!edit) throw new Response("Organisation introuvable", { status: 404 });
  const { organisation, form, hasPendingChanges, pendingLogo } = edit;
  return {
    role,
    subAxes,
    ideaToJoin,
    form,
    hasPendingChanges,
    hasPendingLogo: Boolean(pendingLogo),
    organisation: {
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      status: organisation.status,
      moderationReason: organisation.moderationReason,
      verified: Boolean(organisation.verifiedAt),
      hasLogo: Boolean(organisation.logoFile),
      mayReceiveSubsidy: mayReceiveSubsidy(form.kind as KindCode),
      mayLead: mayLead(form.kind as KindCode),
      problems: publicationProblems({ kind: form.kind, siret: form.siret ?? null, rna: form.rna ?? null }),
    },
    ideas: ideas.map((idea) => ({
      id: idea.id,
      title: idea.title,
      status: idea.status,
      stage: labelOf(IDEA_STAGES, idea.stage),
      hasPendingChanges: Boolean(idea.pendingChanges),
    })),
    offers: offers.map((offer) => ({
      id: offer.id,
      title: offer.title,
      resource: labelOf(RESOURCES, offer.resource),
      status: offer.status,
      hasPendingChanges: Boolean(offer.pendingChanges),
      moderationReason: offer.moderationReason,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organisationId = params.id ?? "";
  const { user } = await requireMembership(request, organisationId);
  const db = getDb();
  const page = `/espace/organisations/${organisationId}`;
  // Refuse an oversized upload before reading it.
  if (declaresBodyOver(request, LOGO_MAX_BYTES)) {
    return data(
      { intent: "logo", logoError: "Le logo doit peser 1 Mo au maximum.", result: undefined, notice: undefined },
      { status: 400 },
    );
  }
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "logo") {
    const stored = await storeLogo(formData.get("logo"));
    if (!stored.ok) return data({ intent, logoError: stored.error, result: undefined, notice: undefined }, { status: 400 });
    const { queued } = await setOrganisationLogo(db, organisationId, { file: stored.file, type: stored.type });
    return answerDone(request, page, {
      intent,
      logoError: undefined,
      result: undefined,
      notice: queued ? "Le nouveau logo sera visible après validation par le CCAS." : "Logo enregistré.",
    });
  }
  const { callId, subAxes } = await getCurrentCallSubAxes(db);
  const submission = parseForm(formData, {
    schema: createOrganisationSchema(
      subAxes.map((subAxis) => subAxis.code),
      { quartiers: getQuartiersGeoJson().collection },
    ),
  });
  if (submission.status !== "success")
    return data({ intent: "save", result: submission.reply(), logoError: undefined, notice: undefined }, { status: 400 });
  // A new SIRET or RNA number that another structure has — a register profile, or one created here,
  // approved or waiting: that one's duplicate, refused as on creation. The page's top says it too
  // (without JavaScript the page comes back at its top; the field is far below).
  const current = await db.organisation.findUnique({ where: { id: organisationId }, select: { siret: true, rna: true } });
  const changed = (name: "siret" | "rna") => {
    const value = submission.value[name] ?? null;
    return value !== null && value !== (current?.[name] ?? null) ? value : null;
  };
  const numbers = { siret: changed("siret"), rna: changed("rna") };
  const takenAnswer = (taken: { summary: string | null; fieldErrors: Record<string, string[]> | null }) =>
    data(
      {
        intent: "save",
        result: submission.reply({
          formErrors: [`${taken.summary ?? "Ce numéro SIRET est déjà pris"} : rien n'a été enregistré (voir sous le champ).`],
          fieldErrors: taken.fieldErrors ?? { siret: ["Une structure de Coopérons porte déjà ce numéro SIRET."] },
        }),
        logoError: undefined,
        notice: undefined,
      },
      { status: 409 },
    );
  const taken = await findTakenNumbers(db, numbers, { userId: user.id, except: organisationId });
  if (taken.fieldErrors) return takenAnswer(taken);
  const saved = await updateOrganisation(db, { organisationId, input: submission.value, callId, newSiret: numbers.siret }).catch(
    (error: unknown) => {
      if (error instanceof SiretTaken) return null;
      throw error;
    },
  );
  // Given to another structure at the same moment: said as if it had been there.
  if (!saved) return takenAnswer(await findTakenNumbers(db, numbers, { userId: user.id, except: organisationId }));
  if (saved.transition.effect === "refuse") {
    const input = submission.value;
    const problems = publicationProblems({ kind: input.kind, siret: input.siret ?? null, rna: input.rna ?? null });
    return data(
      { intent: "save", result: submission.reply({ formErrors: problems }), logoError: undefined, notice: undefined },
      { status: 400 },
    );
  }
  const notice =
    saved.after === "changes-pending"
      ? "Modifications enregistrées. Elles seront visibles après validation par le CCAS ; d'ici là, la version actuelle reste en ligne."
      : saved.after === "pending"
        ? "Fiche enregistrée et envoyée au CCAS pour validation."
        : "Brouillon enregistré. Ajoutez un SIRET ou un numéro RNA pour l'envoyer au CCAS.";
  return answerDone(request, page, { intent: "save", result: submission.reply(), logoError: undefined, notice });
}

/** After creating the fiche from an idea's page: the way back to it. */
function BackToIdea({ idea }: { idea: { slug: string; title: string } }) {
  return (
    <>
      {" "}
      Dès qu'elle sera publiée par le CCAS, vous pourrez proposer de participer à l'idée :{" "}
      <Link to={`/idees/${idea.slug}#rejoindre`}>revenir à l'idée « {idea.title} »</Link>.
    </>
  );
}

/** What the page was sent here to say once (« Fiche créée… »): out of the address bar once said. */
const ARRIVAL_PARAMS = ["cree", "offre", "revendication"] as const;

export default function EditOrganisation() {
  const { organisation, form, subAxes, role, hasPendingChanges, hasPendingLogo, offers, ideas, ideaToJoin, flashed } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  useCleanAddress(ARRIVAL_PARAMS);
  // What brought the person here (a creation, an offer sent) stays in the address after the next
  // save: its notice goes once a form of this page has answered, or once the fiche has moved on.
  const arrival = actionData || flashed ? null : searchParams;
  const created = arrival?.get("cree") === organisation.status ? organisation.status : null;
  const offer = arrival?.get("offre");
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › {organisation.name}
      </p>
      <h1>{organisation.name}</h1>
      {created === "pending" ? (
        <Notice>
          Fiche créée et envoyée au CCAS pour validation.
          {ideaToJoin ? <BackToIdea idea={ideaToJoin} /> : null}
        </Notice>
      ) : null}
      {created === "draft" ? (
        <Notice tone="info" confirmation>
          Brouillon créé. Ajoutez un SIRET ou un numéro RNA pour l'envoyer au CCAS.
          {ideaToJoin ? <BackToIdea idea={ideaToJoin} /> : null}
        </Notice>
      ) : null}
      {arrival?.get("revendication") === "acceptee" ? (
        <Notice>
          Votre demande est acceptée : vous administrez désormais cette fiche. Complétez-la (présentation, quartiers, ressources)
          puis enregistrez-la pour l'envoyer au CCAS, qui la publiera.
        </Notice>
      ) : null}
      {offer === "envoyee" ? <Notice>Offre envoyée au CCAS : elle sera publiée après sa validation.</Notice> : null}
      {offer === "supprimee" ? <Notice>Offre supprimée.</Notice> : null}
      {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
      {!actionData && flashed ? <Notice>{flashed.notice}</Notice> : null}
      {/* Without JavaScript a refused save comes back here, the form and its errors far below. */}
      {actionData?.intent === "save" && actionData.result?.status === "error" ? (
        <NothingSaved formId="organisation" form="le formulaire de la fiche" result={actionData.result} />
      ) : null}
      <p>
        <StatusBadge status={organisation.status} />{" "}
        {organisation.verified ? <span className="badge">Vérifiée par le CCAS</span> : null}{" "}
        {hasPendingChanges || hasPendingLogo ? (
          <span className="small">Des modifications attendent la validation du CCAS.</span>
        ) : null}
      </p>
      {organisation.moderationReason ? <Notice tone="warning">Message du CCAS : {organisation.moderationReason}</Notice> : null}
      {organisation.problems.map((problem) => (
        <Notice key={problem} tone="warning">
          {problem}
        </Notice>
      ))}
      <ul>
        <li>
          {organisation.mayReceiveSubsidy
            ? "Peut recevoir une part de la subvention."
            : "Ne peut pas recevoir la subvention (entreprise hors ESS ou établissement public de la Ville)."}
        </li>
        <li>
          {organisation.mayLead
            ? "Peut être chef de file d'un groupement."
            : "Ne peut pas être chef de file (établissement public de la Ville)."}
        </li>
      </ul>
      <p className="actions">
        {organisation.status === "published" ? (
          <Link to={`/organisations/${organisation.slug}`}>Voir la fiche publique</Link>
        ) : null}
        <Link to={`/espace/organisations/${organisation.id}/messagerie`}>Messagerie</Link>
        <Link to={`/espace/organisations/${organisation.id}/idees-qui-vous-cherchent`}>Idées qui vous cherchent</Link>
        {role === "admin" ? <Link to={`/espace/organisations/${organisation.id}/membres`}>Gérer les membres</Link> : null}
      </p>

      <h2>Idées de projets</h2>
      {ideas.length === 0 ? (
        <p>Aucune idée pour l'instant : décrivez le projet que vous voulez porter et les partenaires qui vous manquent.</p>
      ) : null}
      <ul>
        {ideas.map((idea) => (
          <li key={idea.id}>
            <Link to={`/espace/organisations/${organisation.id}/idees/${idea.id}`}>{idea.title}</Link> ({idea.stage}){" "}
            <StatusBadge status={idea.status} />
            {idea.hasPendingChanges ? <span className="small"> modifications en attente</span> : null}
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/espace/organisations/${organisation.id}/idees/nouvelle`} className="button-secondary">
          Proposer une idée de projet
        </Link>
      </p>

      <h2>Offres de ressources</h2>
      {offers.length === 0 ? (
        <p>Aucune offre pour l'instant : une salle le samedi, deux jours de salariés par mois, un savoir-faire…</p>
      ) : null}
      <ul>
        {offers.map((offer) => (
          <li key={offer.id}>
            <Link to={`/espace/organisations/${organisation.id}/offres/${offer.id}`}>{offer.title}</Link> ({offer.resource}){" "}
            <StatusBadge status={offer.status} />
            {offer.hasPendingChanges ? <span className="small"> modifications en attente</span> : null}
            {offer.moderationReason ? <span className="small"> — Message du CCAS : {offer.moderationReason}</span> : null}
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/espace/organisations/${organisation.id}/offres/nouvelle`} className="button-secondary">
          Proposer une ressource
        </Link>
      </p>

      <h2>Logo</h2>
      <p className="small">
        {organisation.hasLogo ? "Un logo est enregistré." : "Pas encore de logo."} PNG, JPEG ou WebP, 1 Mo au maximum.
      </p>
      <Form method="post" encType="multipart/form-data" className="stack">
        <FormErrors errors={actionData?.logoError ? [actionData.logoError] : undefined} />
        <div className="field">
          <label htmlFor="logo">Fichier du logo</label>
          <input
            id="logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            required
            aria-invalid={actionData?.logoError ? true : undefined}
          />
        </div>
        <div>
          <SubmitButton name="intent" value="logo" pendingText="Envoi du logo…">
            Envoyer le logo
          </SubmitButton>
        </div>
      </Form>

      <h2>Informations de la fiche</h2>
      <OrganisationForm
        id="organisation"
        subAxes={subAxes}
        defaultValue={form}
        lastResult={actionData?.intent === "save" ? actionData.result : undefined}
        submitLabel="Enregistrer"
      />
    </div>
  );
}
