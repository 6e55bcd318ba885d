import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  CheckboxesField,
  FormErrors,
  Notice,
  SelectField,
  SubmitButton,
  TextareaField,
  VALIDATE_WHEN_SENT,
} from "~/components/forms";
import { MoveToCall } from "~/components/move-to-call";
import { PartnerSuggestions } from "~/components/partner-suggestions";
import { formatDay } from "~/domain/format";
import { proposalsClosed } from "~/domain/idea-stage";
import { IDEA_STAGES, InterestSchema, TARGET_TAGS } from "~/domain/schemas/idea";
import { isSuggestionIntent } from "~/domain/schemas/suggestion";
import { labelOf, QUARTIERS, RESOURCES, SECTORS } from "~/domain/taxonomy";
import { getMoveLink } from "~/models/call-edition.server";
import { getCurrentCallSubAxes } from "~/models/call.server";
import { getIdeaGroupementId, getPublishedIdea, getPublishedIdeaRef } from "~/models/idea.server";
import { createInterest, getProposalStates } from "~/models/interest.server";
import { getPublishedOrganisationChoicesOf, isMember } from "~/models/membership.server";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import { getUser, requireUser } from "~/utils/auth.server";
import { getDb, type Db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { answerSuggestionForm, getSuggestionPanel } from "~/utils/suggestions.server";
import { absoluteUrl } from "~/utils/url.server";
import { refusal } from "~/utils/refusal";
import { parseFormValues } from "~/utils/forms";
import { useCleanAddress } from "~/utils/use-clean-address";

/** A published idea as `read` finds it (the whole page, or what acting on it needs), else a 404. */
async function requirePublishedIdea<T>(read: (db: Db, slug: string) => Promise<T | null>, slug: string): Promise<T> {
  const idea = await read(getDb(), slug);
  if (!idea) throw new Response("Idée introuvable", { status: 404 });
  return idea;
}

/**
 * What the signed-in person may do here; the lead's members get the way on to the groupement, and
 * the partners suggested to the idea (the hidden ones too with `?masquees=1`).
 */
async function viewerOf(userId: string, idea: { id: string; organisationId: string }, url: URL) {
  const db = getDb();
  const [isLead, choices] = await Promise.all([
    isMember(db, { userId, organisationId: idea.organisationId }),
    getPublishedOrganisationChoicesOf(db, userId, { except: idea.organisationId }),
  ]);
  // A structure whose proposal waits for an answer, or which already joined, is not offered again.
  const { waiting, joined } = isLead
    ? { waiting: new Map<string, Date>(), joined: new Set<string>() }
    : await getProposalStates(
        db,
        idea.id,
        choices.map((choice) => choice.code),
      );
  return {
    signedIn: true,
    isLead,
    organisations: choices.filter((choice) => !waiting.has(choice.code) && !joined.has(choice.code)),
    proposals: choices.flatMap((choice) => {
      const since = waiting.get(choice.code);
      return since
        ? [{ name: choice.label, since: formatDay(since), inbox: `/espace/organisations/${choice.code}/messagerie` }]
        : [];
    }),
    partnerAs: choices.filter((choice) => joined.has(choice.code)).map((choice) => choice.label),
    workspace: isLead ? `/espace/organisations/${idea.organisationId}/idees/${idea.id}` : null,
    groupementId: isLead ? await getIdeaGroupementId(db, idea.id) : null,
    // The structure's admins may move an idea of an earlier call to the current one.
    move: isLead ? await getMoveLink(db, userId, idea.id) : null,
    suggestions: isLead
      ? await getSuggestionPanel(db, { type: "idea", ideaId: idea.id }, { showHidden: url.searchParams.get("masquees") === "1" })
      : null,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  // All at once: the call's sub-axes share the layout's read of the calls, started at the same time.
  const [idea, user, { subAxes }] = await Promise.all([
    requirePublishedIdea(getPublishedIdea, params.slug ?? ""),
    getUser(request),
    getCurrentCallSubAxes(db),
  ]);
  return {
    idea: {
      title: idea.title,
      slug: idea.slug,
      id: idea.id,
      summary: idea.summary,
      paragraphs: idea.description.split(/\n\s*\n/).filter(Boolean),
      targetPublic: idea.targetPublic,
      stage: labelOf(IDEA_STAGES, idea.stage),
      archived: idea.stage === "archived",
      // Archived, filed or laureate: no more proposals, and why (in place of the form).
      closed: proposalsClosed(idea.stage),
      // Its lead says its groupement is formed (or further): « soyez le premier » would contradict it.
      formed: ["groupement-formed", "applied", "laureate"].includes(idea.stage),
      expectedStart: idea.expectedStart ? formatDay(idea.expectedStart) : null,
      organisation: idea.organisation,
      subAxes: idea.subAxes.map((code) => subAxes.find((subAxis) => subAxis.code === code)?.label ?? code),
      territory: idea.wholeCity ? "Toute la ville" : idea.quartiers.map((code) => labelOf(QUARTIERS, code)).join(", "),
      tags: idea.tags.map((code) => labelOf(TARGET_TAGS, code)),
      sectorsSought: idea.sectorsSought.map((code) => labelOf(SECTORS, code)),
      resourcesSought: idea.resourcesSought.map((code) => labelOf(RESOURCES, code)),
      joined: idea.joined,
    },
    viewer: user
      ? await viewerOf(user.id, idea, new URL(request.url))
      : {
          signedIn: false,
          isLead: false,
          organisations: [],
          proposals: [],
          partnerAs: [],
          workspace: null,
          groupementId: null,
          move: null,
          suggestions: null,
        },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, matches, params }) =>
  pageMeta({
    title: loaderData?.idea.title ?? "Idée introuvable",
    description: loaderData?.idea.summary ?? "Cette idée n'existe pas ou n'est pas publiée.",
    path: `/idees/${params.slug ?? ""}`,
    matches,
  });

/** What the address the page is sent back to says once a proposal is sent (the confirmation shows). */
const SENT_PARAM = "proposition";
const SENT_PARAMS = [SENT_PARAM] as const;
const SENT_VALUE = "envoyee";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (isSuggestionIntent(intent)) {
    const idea = await requirePublishedIdea(getPublishedIdeaRef, params.slug ?? "");
    // The suggestions are the idea's organisation's: its members act on them.
    if (!(await isMember(getDb(), { userId: user.id, organisationId: idea.organisationId })))
      throw new Response("Seuls les membres de la structure qui porte l'idée agissent sur ses suggestions", { status: 403 });
    const { status, payload } = await answerSuggestionForm(getDb(), {
      formData,
      intent,
      target: { type: "idea", ideaId: idea.id },
      ideaId: idea.id,
      senderOrganisationId: idea.organisationId,
      user,
    });
    return data({ result: undefined, suggestion: payload }, { status });
  }
  const submission = parseForm(formData, { schema: InterestSchema });
  const db = getDb();
  // The idea and the sender's membership read at once (each a round trip on PostgreSQL); an idea
  // that does not exist is a 404 before the form's errors are looked at.
  const [idea, member] = await Promise.all([
    requirePublishedIdea(getPublishedIdeaRef, params.slug ?? ""),
    submission.status === "success" && isMember(db, { userId: user.id, organisationId: submission.value.organisationId }),
  ]);
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { organisationId, resources, message } = submission.value;
  // Only on behalf of an organisation one belongs to.
  if (!member)
    throw refusal(
      "Votre proposition n'a pas été envoyée : vous ne faites pas partie de la structure au nom de laquelle vous l'envoyiez.",
      `/idees/${encodeURIComponent(params.slug ?? "")}`,
    );
  // Who is told of it, read while the interest is written.
  const [created, admins] = await Promise.all([
    createInterest(db, { ideaId: idea.id, organisationId, authorId: user.id, resources, message }),
    adminIdsOf(db, idea.organisationId),
  ]);
  if (!created.ok) {
    const { field, message: error } = created.error;
    return data(
      { result: submission.reply(field ? { fieldErrors: { [field]: [error] } } : { formErrors: [error] }) },
      { status: 400 },
    );
  }
  const sender = created.organisationName;
  if (!created.again)
    await notifyUsers(
      db,
      admins,
      {
        subject: `${sender} veut rejoindre « ${idea.title} »`,
        body: `${sender} a manifesté son intérêt pour votre idée « ${idea.title} » :\n\n${message}\n\nRessources proposées : ${resources.map((code) => labelOf(RESOURCES, code)).join(", ") || "non précisées"}.\n\nAcceptez ou déclinez depuis la messagerie de votre structure :`,
        link: absoluteUrl(`/espace/organisations/${idea.organisationId}/messagerie`),
      },
      sendMail,
    );
  // Redirected (with or without JavaScript): a reload does not send it again, and the browser lands
  // on the confirmation, not at the top of the page.
  return redirect(`/idees/${encodeURIComponent(params.slug ?? "")}?${SENT_PARAM}=${SENT_VALUE}#rejoindre`, 303);
}

export default function IdeaPage() {
  const { idea, viewer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Said to whoever has a proposal waiting, not to anyone the address was passed on to.
  const sent = useSearchParams()[0].get(SENT_PARAM) === SENT_VALUE && viewer.proposals.length > 0;
  // Said, then out of the address bar (with JavaScript): a reload does not say it again.
  useCleanAddress(SENT_PARAMS);
  const [form, fields] = useForm({
    id: "interest",
    lastResult: actionData?.result,
    defaultValue: viewer.organisations.length === 1 ? { organisationId: viewer.organisations[0]!.code } : undefined,
    constraint: getZodConstraint(InterestSchema),
    ...VALIDATE_WHEN_SENT,
    onValidate: ({ formData }) => parseFormValues(formData, { schema: InterestSchema }),
  });
  // A proposal refused where the page has no form to show it by (sent from an old tab: the idea is
  // now the person's own structure's, or closed, or their structure joined it meanwhile): said at
  // the section's top rather than not at all.
  const formShown = viewer.signedIn && !viewer.isLead && !idea.closed && viewer.organisations.length > 0;
  const unshownErrors = formShown ? [] : Object.values(form.allErrors).flat();
  return (
    <div className="container page">
      <p className="small">
        <Link to="/idees">Idées de projets</Link> › {idea.title}
      </p>
      <h1>{idea.title}</h1>
      <p>
        Portée par <Link to={`/organisations/${idea.organisation.slug}`}>{idea.organisation.name}</Link> ·{" "}
        <span className="badge">{idea.stage}</span>
        {idea.organisation.isDemo ? (
          <>
            {" "}
            <span className="badge badge-demo">Démo — idée fictive</span>
          </>
        ) : null}
      </p>
      {viewer.move ? <MoveToCall move={viewer.move} /> : null}
      <p className="lead">{idea.summary}</p>
      {idea.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <ul>
        <li>
          <strong>Sous-axes :</strong> {idea.subAxes.join(" ; ")}
        </li>
        <li>
          <strong>Territoire :</strong> {idea.territory}
        </li>
        <li>
          <strong>Public visé :</strong> {idea.targetPublic}
          {idea.tags.length > 0 ? ` (${idea.tags.join(", ").toLowerCase()})` : ""}
        </li>
        {idea.expectedStart ? (
          <li>
            <strong>Démarrage envisagé :</strong> {idea.expectedStart}
          </li>
        ) : null}
      </ul>
      <h2>Ce que le projet recherche</h2>
      <ul>
        <li>
          <strong>Secteurs :</strong> {idea.sectorsSought.join(", ") || "non précisé"}
        </li>
        <li>
          <strong>Ressources :</strong> {idea.resourcesSought.join(", ") || "non précisé"}
        </li>
      </ul>
      <h2>Partenaires déjà engagés</h2>
      {idea.joined.length === 0 ? (
        <p>
          {idea.formed
            ? "Aucune structure ne l'a rejoint sur Coopérons."
            : idea.archived || (viewer.signedIn && (viewer.isLead || viewer.organisations.length === 0))
              ? "Aucun pour l'instant."
              : "Aucun pour l'instant : soyez le premier."}
        </p>
      ) : (
        <ul>
          {idea.joined.map((organisation) => (
            <li key={organisation.slug}>
              <Link to={`/organisations/${organisation.slug}`}>{organisation.name}</Link>
            </li>
          ))}
        </ul>
      )}

      {viewer.suggestions ? (
        <PartnerSuggestions
          panel={viewer.suggestions}
          actionData={actionData && "suggestion" in actionData ? actionData.suggestion : undefined}
          hiddenHref={`/idees/${idea.slug}?masquees=1#suggestions-masquees`}
          shownHref={`/idees/${idea.slug}#partenaires-suggeres`}
          intro="Des structures publiées qui apporteraient à votre projet ce qui lui manque, les plus pertinentes d'abord. Vous seuls, membres de la structure, voyez cette liste."
        />
      ) : null}

      <h2 id="rejoindre">{idea.closed ? "Propositions de participation" : "Rejoindre ce projet"}</h2>
      <FormErrors id="rejoindre-refus" errors={unshownErrors} intro="Votre proposition n'a pas été envoyée." />
      {sent ? (
        <Notice>
          {idea.organisation.isDemo
            ? "Votre proposition de participation a été envoyée, mais ce projet est fictif (démonstration) : personne n'y répondra."
            : "Votre proposition de participation a été envoyée. Vous verrez la réponse dans la messagerie de votre structure."}
        </Notice>
      ) : null}
      {/* A demo idea has nobody behind it: the form works, but no answer will come (a probe waited for one).
          Said beside the form, or to a visitor who may sign in and try; not once a proposal is sent (its
          confirmation says it), nor to whoever has no form to try. */}
      {idea.organisation.isDemo && !idea.closed && !sent && (formShown || !viewer.signedIn) ? (
        <p data-testid="demo-join">
          Ce projet est fictif, créé pour la démonstration : vous pouvez essayer de le rejoindre, mais personne ne lira votre
          proposition ni n'y répondra.
        </p>
      ) : null}
      {idea.closed && !viewer.isLead ? (
        <>
          {/* A partner, or a proposal still waiting, is said as on an open idea. */}
          <ProposalStates proposals={viewer.proposals} partnerAs={viewer.partnerAs} demo={idea.organisation.isDemo} />
          <p>
            {idea.closed} Pour lui proposer autre chose, écrivez à{" "}
            <Link to={`/organisations/${idea.organisation.slug}#contacter`}>{idea.organisation.name}</Link> depuis sa fiche.
          </p>
        </>
      ) : !viewer.signedIn ? (
        <p>
          Pour proposer de rejoindre ce projet au nom de votre structure,{" "}
          <Link to={`/connexion?redirectTo=${encodeURIComponent(`/idees/${idea.slug}#rejoindre`)}`}>connectez-vous</Link> ou{" "}
          <Link to={`/inscription?redirectTo=${encodeURIComponent(`/idees/${idea.slug}#rejoindre`)}`}>créez un compte</Link>.
        </p>
      ) : viewer.isLead ? (
        // Its structure's people keep the way to its groupement, closed to proposals or not.
        <>
          <p>
            {idea.closed ?? "C'est une idée de votre structure : les propositions de participation arrivent dans sa messagerie."}
          </p>
          {viewer.groupementId ? (
            <p>
              <Link to={`/groupements/${viewer.groupementId}`} className="button-secondary">
                Ouvrir l'espace du groupement
              </Link>
            </p>
          ) : idea.joined.length > 0 && viewer.workspace && !idea.closed ? (
            <Form method="post" action={viewer.workspace}>
              <p>Des partenaires ont rejoint le projet : réunissez-les dans un groupement et vérifiez-le règle par règle.</p>
              <SubmitButton name="intent" value="create-groupement" pendingText="Création…">
                Créer le groupement
              </SubmitButton>
            </Form>
          ) : null}
        </>
      ) : (
        <>
          <ProposalStates proposals={viewer.proposals} partnerAs={viewer.partnerAs} demo={idea.organisation.isDemo} />
          {formShown ? (
            <Form
              method="post"
              // Without JavaScript the answer (its errors) comes back at the form, not at the page's top.
              action={`/idees/${encodeURIComponent(idea.slug)}#rejoindre`}
              {...getFormProps(form)}
              className="stack"
              aria-labelledby="rejoindre"
            >
              <FormErrors id={form.errorId} errors={form.errors} />
              <SelectField label="Au nom de la structure" meta={fields.organisationId} options={viewer.organisations} />
              <CheckboxesField legend="Ressources que vous apporteriez" meta={fields.resources} options={RESOURCES} />
              <TextareaField label="Message" meta={fields.message} rows={5} />
              <div>
                <SubmitButton pendingText="Envoi…">Proposer de participer</SubmitButton>
              </div>
            </Form>
          ) : viewer.proposals.length === 0 && viewer.partnerAs.length === 0 ? (
            <p>
              Pour proposer de rejoindre ce projet, votre structure doit avoir une fiche publiée :{" "}
              <Link to={`/espace/organisations/nouvelle?idee=${encodeURIComponent(idea.slug)}`}>
                créez la fiche de votre structure
              </Link>
              , ou retrouvez celles que vous avez déjà dans <Link to="/espace">votre espace</Link>.
            </p>
          ) : null}
        </>
      )}
      {viewer.signedIn ? (
        <p className="small">
          <Link to={`/signaler?type=idea&id=${idea.id}`}>Signaler cette idée au CCAS</Link>
        </p>
      ) : null}
    </div>
  );
}

/** Where the viewer's structures stand with this idea: a proposal waiting for its answer, a partner already. */
function ProposalStates({
  proposals,
  partnerAs,
  demo,
}: {
  proposals: { name: string; since: string; inbox: string }[];
  partnerAs: string[];
  demo: boolean;
}) {
  if (proposals.length === 0 && partnerAs.length === 0) return null;
  return (
    <ul>
      {proposals.map((proposal) => (
        <li key={proposal.inbox}>
          {demo ? (
            `${proposal.name} a proposé de rejoindre ce projet le ${proposal.since} : ce projet est fictif, aucune réponse n'arrivera.`
          ) : (
            <>
              {proposal.name} a proposé de rejoindre ce projet le {proposal.since} : la réponse arrivera dans{" "}
              <Link to={proposal.inbox}>la messagerie de la structure</Link>.
            </>
          )}
        </li>
      ))}
      {partnerAs.map((name) => (
        <li key={name}>{name} fait partie des partenaires de ce projet.</li>
      ))}
    </ul>
  );
}
