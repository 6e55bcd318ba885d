import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { formatDateTime, ofName } from "~/domain/format";
import { DecideInterestSchema } from "~/domain/schemas/idea";
import { labelOf, RESOURCES } from "~/domain/taxonomy";
import { getOrganisationIdeas } from "~/models/idea.server";
import { decideInterest, getInbox, markInboxRead } from "~/models/interest.server";
import { adminIdsOf, notifyUsers } from "~/models/notification.server";
import { getReceivedInterestInvitations } from "~/models/recommendation.server";
import { requireMembership } from "~/utils/auth.server";
import { answerDone, withFlash, type Flash } from "~/utils/flash.server";
import { getDb, type Db } from "~/utils/db.server";
import { sendMail } from "~/utils/mail.server";
import { pageMeta } from "~/utils/meta";
import { absoluteUrl } from "~/utils/url.server";

export const meta: MetaFunction = ({ matches, params }) =>
  pageMeta({
    title: "Messagerie de la structure",
    description: "Propositions de participation et messages reçus.",
    path: `/espace/organisations/${params.id ?? ""}/messagerie`,
    matches,
  });

const STATUS = { pending: "En attente de réponse", accepted: "Acceptée", declined: "Déclinée" } as Record<string, string>;

const inboxPage = (organisationId: string) => `/espace/organisations/${organisationId}/messagerie`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisationId = params.id ?? "";
  const { role } = await requireMembership(request, organisationId);
  const db = getDb();
  const [organisation, inbox, ideas, invitations] = await Promise.all([
    db.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { id: true, name: true } }),
    getInbox(db, organisationId),
    getOrganisationIdeas(db, organisationId),
    getReceivedInterestInvitations(db, organisationId),
  ]);
  return withFlash(request, inboxPage(organisationId), {
    organisation,
    hasIdeas: ideas.length > 0,
    canDecide: role === "admin",
    received: inbox.received.map((item) => ({
      id: item.id,
      from: item.organisation,
      idea: item.idea,
      message: item.message,
      resources: item.resources
        .split(" ")
        .filter(Boolean)
        .map((code) => labelOf(RESOURCES, code)),
      status: item.status,
      statusLabel: STATUS[item.status] ?? item.status,
      declineReason: item.declineReason,
      unread: !item.readByIdeaAt,
      date: formatDateTime(item.createdAt),
    })),
    sent: inbox.sent.map((item) => ({
      id: item.id,
      idea: item.idea,
      status: item.status,
      statusLabel: STATUS[item.status] ?? item.status,
      declineReason: item.declineReason,
      unread: Boolean(item.decidedAt) && !item.readBySenderAt,
      date: formatDateTime(item.createdAt),
    })),
    // Invitations to express interest, sent from an idea's or a groupement's suggestions.
    invitations: invitations.map((item) => ({
      id: item.id,
      from: item.senderOrganisation,
      idea: { title: item.idea.title, slug: item.idea.slug, by: item.idea.organisation.name },
      stillOpen: item.idea.status === "published",
      message: item.message,
      unread: !item.readAt,
      date: formatDateTime(item.createdAt),
    })),
    messages: inbox.messages.map((item) => ({
      ...item,
      unread: !item.readAt,
      date: formatDateTime(item.createdAt),
      createdAt: undefined,
      readAt: undefined,
    })),
  });
}

/** A form done: what it did, and what to do next. */
type Answer = Flash & { error?: undefined };

export async function action({ request, params }: ActionFunctionArgs) {
  const organisationId = params.id ?? "";
  const formData = await request.formData();
  const db = getDb();
  if (formData.get("intent") === "mark-read") {
    await requireMembership(request, organisationId);
    await markInboxRead(db, organisationId);
    return answerDone<Answer>(request, inboxPage(organisationId), { intent: "mark-read", notice: "Tout est marqué comme lu." });
  }
  await requireMembership(request, organisationId, ["admin"]);
  const parsed = DecideInterestSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return data({ error: "Choisissez d'accepter ou de décliner une proposition de participation." }, { status: 400 });
  const accept = parsed.data.intent === "accept";
  const decided = await decideInterest(db, {
    interestId: parsed.data.interestId,
    ideaOrganisationId: organisationId,
    accept,
    reason: parsed.data.intent === "decline" ? parsed.data.reason : undefined,
  });
  if (!decided) throw new Response("Proposition de participation introuvable", { status: 404 });
  if (!decided.changed) return data({ error: "Cette proposition a déjà reçu une réponse." }, { status: 400 });
  const { interest } = decided;
  const reason = parsed.data.intent === "decline" && parsed.data.reason ? `\n\nMotif : ${parsed.data.reason}` : "";
  await notifyUsers(
    db,
    await adminIdsOf(db, interest.organisationId),
    {
      subject: `Votre proposition de participation pour « ${interest.idea.title} » a été ${accept ? "acceptée" : "déclinée"}`,
      body: accept
        ? `Bonne nouvelle : votre structure devient partenaire candidate du projet « ${interest.idea.title} ».`
        : `Le projet « ${interest.idea.title} » n'a pas retenu votre proposition.${reason}`,
      link: absoluteUrl(`/espace/organisations/${interest.organisationId}/messagerie`),
    },
    sendMail,
  );
  return answerDone<Answer>(request, inboxPage(organisationId), {
    intent: parsed.data.intent,
    notice: accept
      ? "Proposition de participation acceptée : la structure devient partenaire candidate."
      : "Proposition de participation déclinée.",
    // Once a partner is in, the next step is the groupement: to form, or, formed already, to invite it into.
    ...(accept ? { nextStep: await nextStepAfterAccepting(db, organisationId, interest.ideaId) } : {}),
  });
}

async function nextStepAfterAccepting(db: Db, organisationId: string, ideaId: string) {
  const groupement = await db.groupement.findUnique({ where: { ideaId }, select: { id: true } });
  return groupement
    ? { href: `/groupements/${groupement.id}#inviter`, label: "Inviter ce partenaire dans le groupement" }
    : {
        href: `/espace/organisations/${organisationId}/idees/${ideaId}#groupement`,
        label: "Créer le groupement avec vos partenaires",
      };
}

export default function Inbox() {
  const { organisation, received, sent, invitations, messages, canDecide, hasIdeas, flashed } = useLoaderData<typeof loader>();
  // What the last form said: with JavaScript its answer, without it the page asked for again after it.
  const actionData: { notice?: string; nextStep?: Flash["nextStep"]; error?: string } | undefined =
    useActionData<typeof action>() ?? flashed ?? undefined;
  const unread =
    received.filter((item) => item.unread).length +
    sent.filter((item) => item.unread).length +
    invitations.filter((item) => item.unread).length +
    messages.filter((item) => item.unread).length;
  return (
    <div className="container page">
      <p className="small">
        <Link to="/espace">Mon espace</Link> › <Link to={`/espace/organisations/${organisation.id}`}>{organisation.name}</Link> ›
        Messagerie
      </p>
      <h1>Messagerie {ofName(organisation.name)}</h1>
      {actionData?.notice ? (
        <Notice>
          {actionData.notice}
          {actionData.nextStep ? (
            <>
              {" "}
              <Link to={actionData.nextStep.href}>{actionData.nextStep.label}</Link>
            </>
          ) : null}
        </Notice>
      ) : null}
      <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
      {unread > 0 ? (
        <Form method="post">
          <p>
            {unread} élément{unread > 1 ? "s" : ""} non lu{unread > 1 ? "s" : ""}.{" "}
            <button type="submit" name="intent" value="mark-read" className="link-button">
              Tout marquer comme lu
            </button>
          </p>
        </Form>
      ) : null}

      <h2>Propositions de participation reçues ({received.length})</h2>
      {received.length === 0 ? (
        hasIdeas ? (
          <p>Aucune pour l'instant : elles arriveront ici quand une structure proposera de participer à vos idées.</p>
        ) : (
          <p>
            Aucune pour l'instant.{" "}
            <Link to={`/espace/organisations/${organisation.id}/idees/nouvelle`}>Publiez une idée de projet</Link> pour en
            recevoir.
          </p>
        )
      ) : null}
      {received.map((item) => (
        <article key={item.id} className="inbox-item" data-unread={item.unread}>
          <h3>
            {item.from.name} → « {item.idea.title} » {item.unread ? <span className="badge">Nouveau</span> : null}
          </h3>
          <p className="small muted">
            {item.date} · <strong>{item.statusLabel}</strong>
            {item.declineReason ? ` — ${item.declineReason}` : ""}
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{item.message}</p>
          {item.resources.length > 0 ? <p className="small">Ressources proposées : {item.resources.join(", ")}</p> : null}
          <p className="small">
            <Link to={`/organisations/${item.from.slug}`}>Voir la fiche {ofName(item.from.name)}</Link>
          </p>
          {item.status === "pending" && canDecide ? (
            <div className="stack">
              <Form method="post">
                <input type="hidden" name="interestId" value={item.id} />
                <SubmitButton name="intent" value="accept" pendingText="…">
                  Accepter {item.from.name}
                </SubmitButton>
              </Form>
              <Form method="post" className="stack">
                <input type="hidden" name="interestId" value={item.id} />
                <div className="field">
                  <label htmlFor={`motif-${item.id}`}>Motif du refus (facultatif, envoyé à la structure)</label>
                  <textarea id={`motif-${item.id}`} name="reason" rows={2} />
                </div>
                <div>
                  <SubmitButton name="intent" value="decline" className="button-secondary" pendingText="…">
                    Décliner
                  </SubmitButton>
                </div>
              </Form>
            </div>
          ) : null}
          {item.status === "pending" && !canDecide ? (
            <p className="small">Un administrateur de la structure y répondra.</p>
          ) : null}
        </article>
      ))}

      <h2>Propositions de participation envoyées ({sent.length})</h2>
      {sent.length === 0 ? (
        <p>
          Aucune. Parcourez les <Link to="/idees">idées de projets</Link> pour en proposer une.
        </p>
      ) : null}
      {sent.map((item) => (
        <article key={item.id} className="inbox-item" data-unread={item.unread}>
          <h3>
            « <Link to={`/idees/${item.idea.slug}`}>{item.idea.title}</Link> » ({item.idea.organisation.name}){" "}
            {item.unread ? <span className="badge">Nouveau</span> : null}
          </h3>
          <p className="small muted">
            Envoyée le {item.date} · <strong>{item.statusLabel}</strong>
            {item.declineReason ? ` — ${item.declineReason}` : ""}
          </p>
        </article>
      ))}

      <h2>Invitations à manifester votre intérêt ({invitations.length})</h2>
      {invitations.length === 0 ? (
        <p>
          Aucune pour l'instant : elles arrivent quand un projet voit votre structure parmi ses partenaires suggérés.{" "}
          <Link to={`/espace/organisations/${organisation.id}/idees-qui-vous-cherchent`}>Voir les idées qui vous cherchent</Link>
        </p>
      ) : null}
      {invitations.map((item) => (
        <article key={item.id} className="inbox-item" data-unread={item.unread}>
          <h3>
            {item.from.name} vous invite à rejoindre « {item.idea.title} »{" "}
            {item.unread ? <span className="badge">Nouveau</span> : null}
          </h3>
          <p className="small muted">
            {item.date} · projet porté par {item.idea.by}
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{item.message}</p>
          <p className="small">
            {item.stillOpen ? (
              <Link to={`/idees/${item.idea.slug}#rejoindre`}>Découvrir le projet et proposer de participer</Link>
            ) : (
              "Ce projet n'est plus en ligne."
            )}
          </p>
        </article>
      ))}

      <h2>Messages reçus ({messages.length})</h2>
      {messages.length === 0 ? <p>Aucun message reçu par le formulaire de contact.</p> : null}
      {messages.map((item) => (
        <article key={item.id} className="inbox-item" data-unread={item.unread}>
          <h3>
            {item.senderName} {item.unread ? <span className="badge">Nouveau</span> : null}
          </h3>
          <p className="small muted">
            {item.date} · <a href={`mailto:${item.senderEmail}`}>{item.senderEmail}</a>
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{item.body}</p>
        </article>
      ))}
    </div>
  );
}
